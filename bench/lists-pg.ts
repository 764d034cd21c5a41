/** PostgreSQL part of bench/lists.ts (filled in below). */
import type { CaseFilter, CaseRecord, Page } from '../runtime/store/types'
import { header } from './lib'

export async function pgPart(_n: number, _records: () => Iterable<CaseRecord>, _qs: Array<{ name: string; filter: CaseFilter; page: Page }>, _log: (m: string) => void): Promise<string[]> {
  return [header('Case list on PostgreSQL'), '**Skipped**: not yet measured.']
}
