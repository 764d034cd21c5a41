/** The reports' case-list filters on the file store (the same suite runs on PostgreSQL in tests/pg). */
import { afterAll } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../runtime/store/index'
import { reportFilterSuite } from './report-filters'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true })
})

reportFilterSuite('FileStore', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-report-filters-'))
  dirs.push(dir)
  const store = await openStore({ dir })
  return { store, dispose: () => store.close() }
})
