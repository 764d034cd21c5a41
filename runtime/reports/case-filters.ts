/**
 * The case-list filters behind the reports' numbers, so a click on a number in the dashboard or
 * the bulletin lists exactly the cases it counts (`GET /api/cases?…&proxied=1&concluded=1`).
 *
 * `online` and `proxied` mean what the scheme says: the channels it marks `online`, the triage
 * outcomes it marks `proxied` (附件7 四（三）的“四率”). The others read the case summary:
 * `concluded` (a conclusion date), `resolved`, `feedback` (the petitioner's satisfaction was
 * recorded), `satisfied`; `machine` (which workflow), `dueBefore` (still running and due before a
 * date: the bulletin's overdue count at the end of its period); `concludedBy` (concluded on or
 * before a date: the reports count a conclusion as of the end of their period) and `repeats`
 * (0: leave out the later cases of linked groups, as the reports do; 1: only those) — counts.ts.
 */
import { isDate, type CompiledScheme } from '../../engine'
import { DUE_SOON_DAYS, dueSoonRange, overdueFilter } from '../../engine/calendar/due'
import type { CaseFilter, CaseSummary } from '../store'
import { repeatIds } from './counts'

export interface FilterProblem {
  field: string
  code: string
  message: string
}

const FLAGS = ['concluded', 'resolved', 'feedback', 'satisfied'] as const

/** The scheme's online channel ids and proxied outcome ids. */
export function reportSets(scheme: CompiledScheme): { online: string[]; proxied: string[] } {
  return {
    online: scheme.defs.org.channels.filter((c) => c.online).map((c) => c.id),
    proxied: (scheme.ruleSetFor('outcome')?.def.outcomes ?? []).filter((o) => o.proxied).map((o) => o.id),
  }
}

/**
 * Adds the report filters found in `q` to `filter`. `scheme` is asked only when `online` or
 * `proxied` is given, `summaries` (the scheme's cases) only when `repeats` is. Returns the problems
 * (one per bad parameter, naming it); none when fine.
 */
/** The case list's query as the list and its export read it: field filters, status, overdue / due soon (as of `today`). */
export interface ListQueryFilters {
  state?: string
  stage?: string
  village?: string
  group?: string
  channel?: string
  officer?: string
  unit?: string
  q?: string
  receivedFrom?: string
  receivedTo?: string
  status?: CaseFilter['status']
  overdue?: string
  dueSoon?: string
}

/**
 * The store filter of GET /api/cases and of its .xlsx export: one reading of the list's query.
 * `dueSoon` is a number of days, or true for the scheme's window `soonDays` (dueSoonDaysOf).
 */
export function listFilter(q: ListQueryFilters, today: string, soonDays: number = DUE_SOON_DAYS): CaseFilter {
  const filter: CaseFilter = {}
  for (const k of ['state', 'stage', 'village', 'group', 'channel', 'officer', 'unit', 'q', 'receivedFrom', 'receivedTo'] as const) {
    const v = q[k]
    if (v) filter[k] = v
  }
  if (q.status) filter.status = q.status
  if (q.overdue === '1' || q.overdue === 'true') {
    filter.dueOnOrBefore = overdueFilter(today).dueOnOrBefore
    filter.status = 'active'
  } else if (q.dueSoon !== undefined && q.dueSoon !== '0' && q.dueSoon !== 'false') {
    filter.dueOnOrBefore = dueSoonRange(today, /^\d+$/.test(q.dueSoon) ? Number(q.dueSoon) : soonDays).to
    filter.status = 'active'
  }
  return filter
}

export async function applyReportFilters(
  filter: CaseFilter,
  q: Record<string, unknown>,
  scheme: () => Promise<CompiledScheme>,
  summaries?: () => Promise<CaseSummary[]>,
): Promise<FilterProblem[]> {
  const problems: FilterProblem[] = []
  const str = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined)
  const machine = str('machine')
  if (machine !== undefined) filter.machine = machine
  for (const k of FLAGS) {
    const v = str(k)
    if (v === undefined) continue
    if (v === '1' || v === 'true') filter[k] = true
    else if (v === '0' || v === 'false') filter[k] = false
    else problems.push({ field: k, code: 'INVALID_INPUT', message: `${k} 应为 1 或 0` })
  }
  for (const k of ['online', 'proxied'] as const) {
    const v = str(k)
    if (v === undefined) continue
    if (v !== '1' && v !== 'true') {
      problems.push({ field: k, code: 'INVALID_INPUT', message: `${k} 只能为 1` })
      continue
    }
    const sets = reportSets(await scheme())
    if (k === 'online') filter.channels = sets.online
    else filter.outcomes = sets.proxied
  }
  const by = str('concludedBy')
  if (by !== undefined) {
    if (!isDate(by)) problems.push({ field: 'concludedBy', code: 'INVALID_INPUT', message: 'concludedBy 应为 YYYY-MM-DD' })
    else filter.concludedOnOrBefore = by
  }
  const repeats = str('repeats')
  if (repeats !== undefined) {
    const yes = repeats === '1' || repeats === 'true'
    if (!yes && repeats !== '0' && repeats !== 'false') problems.push({ field: 'repeats', code: 'INVALID_INPUT', message: 'repeats 应为 1 或 0' })
    else if (summaries) {
      const ids = [...repeatIds(await summaries())]
      if (yes) filter.ids = ids
      else filter.excludeIds = ids
    }
  }
  const due = str('dueBefore')
  if (due !== undefined) {
    if (!isDate(due)) problems.push({ field: 'dueBefore', code: 'INVALID_INPUT', message: 'dueBefore 应为 YYYY-MM-DD' })
    else {
      const bound = overdueFilter(due).dueOnOrBefore
      // with overdue / dueSoon as well, the earlier bound holds
      if (!filter.dueOnOrBefore || bound < filter.dueOnOrBefore) filter.dueOnOrBefore = bound
      filter.status = 'active'
    }
  }
  return problems
}
