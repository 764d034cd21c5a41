/** In-memory filtering, sorting and paging of case summaries (shared by every store that keeps them in memory). */
import type { CaseFilter, CaseSummary, Page } from './types'

/** Compares date-ish strings at the precision of the bound ("2026-03-01" vs "2026-03-01T10:00"). */
function onOrBefore(value: string, bound: string): boolean {
  return value.slice(0, bound.length) <= bound
}
function onOrAfter(value: string, bound: string): boolean {
  return value.slice(0, bound.length) >= bound
}

export function compileFilter(filter: CaseFilter | undefined): (s: CaseSummary) => boolean {
  const f = filter ?? {}
  const tests: Array<(s: CaseSummary) => boolean> = []
  const eq = (key: 'stage' | 'status' | 'village' | 'group' | 'channel' | 'officer' | 'schemeId') => {
    const want = f[key]
    if (want !== undefined && want !== null && want !== '') tests.push((s) => s[key] === want)
  }
  if (f.state) {
    const st = f.state
    const prefix = st + '.'
    tests.push((s) => s.state === st || (typeof s.state === 'string' && s.state.startsWith(prefix)))
  }
  eq('stage')
  eq('status')
  eq('village')
  eq('group')
  eq('channel')
  eq('officer')
  eq('schemeId')
  if (f.unit) {
    const unit = f.unit
    tests.push((s) => Array.isArray(s.units) && s.units.includes(unit))
  }
  if (f.dueOnOrBefore) {
    const d = f.dueOnOrBefore
    tests.push((s) => s.status === 'active' && typeof s.dueDate === 'string' && onOrBefore(s.dueDate, d))
  }
  if (f.receivedFrom) {
    const d = f.receivedFrom
    tests.push((s) => typeof s.receivedOn === 'string' && onOrAfter(s.receivedOn, d))
  }
  if (f.receivedTo) {
    const d = f.receivedTo
    tests.push((s) => typeof s.receivedOn === 'string' && onOrBefore(s.receivedOn, d))
  }
  if (f.jurisdiction) {
    const villages = new Set(f.jurisdiction.villages)
    const units = new Set(f.jurisdiction.units)
    tests.push((s) => (s.village !== null && villages.has(s.village)) || (Array.isArray(s.units) && s.units.some((u) => units.has(u))))
  }
  if (f.machine) {
    const m = f.machine
    tests.push((s) => (s.machine ?? 'case') === m)
  }
  if (Array.isArray(f.channels)) {
    const set = new Set(f.channels)
    tests.push((s) => s.channel !== null && set.has(s.channel))
  }
  if (Array.isArray(f.outcomes)) {
    const set = new Set(f.outcomes)
    tests.push((s) => typeof s.outcome === 'string' && set.has(s.outcome))
  }
  if (typeof f.concluded === 'boolean') {
    const want = f.concluded
    tests.push((s) => (typeof s.concludedOn === 'string' && s.concludedOn !== '') === want)
  }
  if (typeof f.resolved === 'boolean') {
    const want = f.resolved
    tests.push((s) => (s.resolved === true) === want)
  }
  if (typeof f.feedback === 'boolean') {
    const want = f.feedback
    tests.push((s) => (s.satisfied === true || s.satisfied === false) === want)
  }
  if (typeof f.satisfied === 'boolean') {
    const want = f.satisfied
    tests.push((s) => s.satisfied === want)
  }
  if (f.concludedOnOrBefore) {
    const d = f.concludedOnOrBefore
    tests.push((s) => typeof s.concludedOn === 'string' && s.concludedOn !== '' && onOrBefore(s.concludedOn, d))
  }
  if (Array.isArray(f.ids)) {
    const set = new Set(f.ids)
    tests.push((s) => set.has(s.id))
  }
  if (Array.isArray(f.excludeIds) && f.excludeIds.length) {
    const set = new Set(f.excludeIds)
    tests.push((s) => !set.has(s.id))
  }
  const q = typeof f.q === 'string' ? f.q.trim().toLowerCase() : ''
  if (q) {
    const has = (v: string | null | undefined) => typeof v === 'string' && v.toLowerCase().includes(q)
    tests.push((s) => has(s.number) || has(s.petitionerName) || has(s.category))
  }
  if (tests.length === 0) return () => true
  return (s) => {
    for (const t of tests) if (!t(s)) return false
    return true
  }
}

const SORTABLE: ReadonlySet<string> = new Set<keyof CaseSummary>([
  'id',
  'number',
  'schemeId',
  'schemeVersion',
  'state',
  'stage',
  'status',
  'village',
  'group',
  'channel',
  'category',
  'officer',
  'petitionerName',
  'receivedOn',
  'dueDate',
  'units',
  'createdAt',
  'updatedAt',
  'version',
])
/** Human text sorts in Chinese collation order (pinyin), everything else by code unit. */
const COLLATED: ReadonlySet<string> = new Set(['village', 'group', 'channel', 'category', 'officer', 'petitionerName', 'stage'])
const collator = new Intl.Collator('zh-CN', { numeric: true })

function plainCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function keyValue(s: CaseSummary, key: keyof CaseSummary): string | number | null {
  const v = s[key] as unknown
  if (v === null || v === undefined) return null
  if (Array.isArray(v)) return v.join(',')
  return typeof v === 'number' ? v : String(v)
}

/** Comparator for a page: nulls always last; ties broken by number (same direction), then id. */
export function compileSort(page: Pick<Page, 'sort' | 'order'>): (a: CaseSummary, b: CaseSummary) => number {
  const key = (page.sort ?? 'receivedOn') as keyof CaseSummary
  if (!SORTABLE.has(key)) throw new TypeError(`cannot sort cases by "${String(key)}"`)
  const order = page.order ?? (page.sort ? 'asc' : 'desc')
  if (order !== 'asc' && order !== 'desc') throw new TypeError(`sort order must be "asc" or "desc"`)
  const dir = order === 'asc' ? 1 : -1
  const text = COLLATED.has(key) ? (a: string, b: string) => collator.compare(a, b) : plainCompare
  const cmpKey = (a: CaseSummary, b: CaseSummary): number => {
    const va = keyValue(a, key)
    const vb = keyValue(b, key)
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1
    if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * dir
    return text(String(va), String(vb)) * dir
  }
  return (a, b) => {
    const c = cmpKey(a, b)
    if (c !== 0) return c
    if (key !== 'number') {
      const n = plainCompare(a.number ?? '', b.number ?? '') * dir
      if (n !== 0) return n
    }
    return plainCompare(a.id, b.id)
  }
}

/** The k smallest items under cmp, sorted; O(n log k) instead of sorting everything. */
export function smallestK<T>(items: Iterable<T>, k: number, cmp: (a: T, b: T) => number): T[] {
  const best: T[] = []
  if (k <= 0) return best
  for (const item of items) {
    if (best.length === k && cmp(item, best[k - 1]!) >= 0) continue
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cmp(best[mid]!, item) <= 0) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, item)
    if (best.length > k) best.pop()
  }
  return best
}

export function copySummary(s: CaseSummary): CaseSummary {
  return { ...s, units: Array.isArray(s.units) ? [...s.units] : [] }
}

export function pageSummaries(all: Iterable<CaseSummary>, filter: CaseFilter | undefined, page: Page): { items: CaseSummary[]; total: number } {
  const offset = page.offset ?? 0
  const limit = page.limit
  if (!Number.isInteger(offset) || offset < 0) throw new TypeError('page.offset must be a non-negative integer')
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError('page.limit must be a non-negative integer')
  const cmp = compileSort(page)
  const test = compileFilter(filter)
  const matched: CaseSummary[] = []
  for (const s of all) if (test(s)) matched.push(s)
  const k = offset + limit
  let ordered: CaseSummary[]
  if (k * 8 < matched.length) {
    ordered = smallestK(matched, k, cmp)
  } else {
    ordered = matched.slice().sort(cmp)
  }
  return { items: ordered.slice(offset, offset + limit).map(copySummary), total: matched.length }
}
