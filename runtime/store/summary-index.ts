/**
 * Indexes over the case summaries an in-memory store keeps, so a list page costs about the size of
 * its page and its most selective filter, not the number of cases stored (issue #20).
 *
 * - Posting sets per filter value (stage, status, village, group, channel, officer, scheme,
 *   workflow, unit) and buckets of active cases per due date, updated as each summary changes.
 * - Sorted arrays per sort order, built on the first page asked in that order and then kept up
 *   to date on every change (binary search; summaries are replaced, never mutated).
 * - A page either walks its order and stops after `offset + limit` matches, or, when its smallest
 *   candidate set is small, sorts only those candidates. Every candidate is checked with the
 *   plain predicate (`compileFilter`), so results equal `pageSummaries` over every summary by
 *   construction: the indexes only choose which summaries to look at. The total comes from a set's
 *   size when one set is exactly the filter, else from counting the smallest candidate set.
 */
import { compileFilter, compileSort, copySummary, pageSummaries, smallestK } from './query'
import type { CaseFilter, CaseSummary, Page } from './types'

type EqKey = 'stage' | 'status' | 'village' | 'group' | 'channel' | 'officer' | 'schemeId'
const EQ_KEYS: readonly EqKey[] = ['stage', 'status', 'village', 'group', 'channel', 'officer', 'schemeId']
type Bag = Set<CaseSummary>
const EMPTY: Bag = new Set()

function onOrBefore(value: string, bound: string): boolean {
  return value.slice(0, bound.length) <= bound
}

/** The workflow as the filter reads it ("case" when none); null for a value no filter can equal. */
function machineOf(s: CaseSummary): string | null {
  return typeof s.machine === 'string' ? s.machine : s.machine == null ? 'case' : null
}

/** Candidates for one part of a filter: every match of that part is in `sets`. */
interface Part {
  sets: Bag[]
  /** Upper bound of the candidates (exact when `exact`). */
  size: number
  /** The sets hold exactly the summaries matching this part, each once. */
  exact: boolean
}

/** Filter keys the parts below cover exactly (anything else is checked by the predicate only). */
const COVERED = new Set<string>([...EQ_KEYS, 'machine', 'unit', 'dueOnOrBefore', 'ids'])

export class SummaryIndex {
  private readonly byId = new Map<string, CaseSummary>()
  private readonly eq = new Map<EqKey, Map<string, Bag>>(EQ_KEYS.map((k) => [k, new Map()]))
  private readonly machine = new Map<string, Bag>()
  private readonly unit = new Map<string, Bag>()
  /** Active cases by exact due date. */
  private readonly due = new Map<string, Bag>()
  /** Distinct due dates of `due`, sorted; rebuilt lazily. */
  private dueKeys: string[] | null = null
  /** Sorted arrays by order ("receivedOn:desc"), each with its comparator. */
  private readonly orders = new Map<string, { cmp: (a: CaseSummary, b: CaseSummary) => number; list: CaseSummary[] }>()
  /** Insertion order of each id, so selections come out in the order a plain scan gives. */
  private readonly seq = new Map<string, number>()

  get size(): number {
    return this.byId.size
  }

  /** Adds or replaces a summary (summaries are replaced, never mutated in place). */
  put(s: CaseSummary): void {
    const prev = this.byId.get(s.id)
    if (prev === s) return
    if (prev) this.unlink(prev)
    else this.seq.set(s.id, this.seq.size)
    this.byId.set(s.id, s)
    this.link(s)
  }

  private link(s: CaseSummary): void {
    for (const k of EQ_KEYS) {
      const v = s[k]
      if (typeof v === 'string' && v !== '') add(this.eq.get(k)!, v, s)
    }
    const m = machineOf(s)
    if (m !== null) add(this.machine, m, s)
    if (Array.isArray(s.units)) for (const u of new Set(s.units)) if (typeof u === 'string') add(this.unit, u, s)
    if (s.status === 'active' && typeof s.dueDate === 'string') {
      if (!this.due.has(s.dueDate)) this.dueKeys = null
      add(this.due, s.dueDate, s)
    }
    for (const o of this.orders.values()) o.list.splice(position(o.list, s, o.cmp), 0, s)
  }

  private unlink(s: CaseSummary): void {
    for (const k of EQ_KEYS) {
      const v = s[k]
      if (typeof v === 'string' && v !== '') remove(this.eq.get(k)!, v, s)
    }
    const m = machineOf(s)
    if (m !== null) remove(this.machine, m, s)
    if (Array.isArray(s.units)) for (const u of new Set(s.units)) if (typeof u === 'string') remove(this.unit, u, s)
    if (s.status === 'active' && typeof s.dueDate === 'string' && remove(this.due, s.dueDate, s)) this.dueKeys = null
    for (const o of this.orders.values()) {
      const i = position(o.list, s, o.cmp)
      if (o.list[i] === s) o.list.splice(i, 1)
      else {
        // not where the order says (never expected): find it, so the array stays right regardless
        const j = o.list.indexOf(s)
        if (j >= 0) o.list.splice(j, 1)
      }
    }
  }

  /** The summaries in this page's order (built once per order, then maintained). */
  private ordered(page: Pick<Page, 'sort' | 'order'>): CaseSummary[] {
    const sort = page.sort ?? 'receivedOn'
    const order = page.order ?? (page.sort ? 'asc' : 'desc')
    const key = `${sort}:${order}`
    let o = this.orders.get(key)
    if (!o) {
      const cmp = compileSort({ sort, order })
      o = { cmp, list: [...this.byId.values()].sort(cmp) }
      this.orders.set(key, o)
    }
    return o.list
  }

  /** The candidate parts of `f`; `covered` when the parts alone decide the filter. */
  private parts(f: CaseFilter): { parts: Part[]; covered: boolean } {
    const parts: Part[] = []
    const total = this.byId.size
    let covered = true
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined || v === null || v === '') continue
      if (!COVERED.has(k)) covered = false
    }
    const one = (set: Bag | undefined) => {
      const s = set ?? EMPTY
      // a set holding every summary narrows nothing
      if (s.size < total) parts.push({ sets: [s], size: s.size, exact: true })
    }
    const hasDue = typeof f.dueOnOrBefore === 'string' && f.dueOnOrBefore !== ''
    for (const k of EQ_KEYS) {
      const want = f[k]
      if (want === undefined || want === null || want === '') continue
      if (typeof want !== 'string') {
        covered = false
        continue
      }
      // the due buckets hold active cases only: status "active" is part of that filter already
      if (k === 'status' && hasDue && want === 'active') continue
      one(this.eq.get(k)!.get(want))
    }
    if (f.machine) {
      if (typeof f.machine === 'string') one(this.machine.get(f.machine))
      else covered = false
    }
    if (f.unit) {
      if (typeof f.unit === 'string') one(this.unit.get(f.unit))
      else covered = false
    }
    if (f.dueOnOrBefore) {
      if (hasDue) {
        const d = f.dueOnOrBefore
        const sets: Bag[] = []
        let size = 0
        for (const key of this.sortedDueKeys()) {
          // sorted keys have sorted prefixes: past the first one beyond the bound, none matches
          if (!onOrBefore(key, d)) break
          const set = this.due.get(key)!
          sets.push(set)
          size += set.size
        }
        if (size < total) parts.push({ sets, size, exact: true })
      } else covered = false
    }
    if (f.jurisdiction) {
      const j = f.jurisdiction
      if (Array.isArray(j.villages) && Array.isArray(j.units)) {
        const sets: Bag[] = []
        for (const v of new Set(j.villages)) {
          const s = typeof v === 'string' ? this.eq.get('village')!.get(v) : undefined
          if (s) sets.push(s)
        }
        for (const u of new Set(j.units)) {
          const s = typeof u === 'string' ? this.unit.get(u) : undefined
          if (s) sets.push(s)
        }
        const size = sets.reduce((n, s) => n + s.size, 0)
        if (size < total) parts.push({ sets, size, exact: sets.length <= 1 })
      }
      covered = false
    }
    if (Array.isArray(f.ids)) {
      const found = new Set<CaseSummary>()
      for (const id of f.ids) {
        const s = typeof id === 'string' ? this.byId.get(id) : undefined
        if (s) found.add(s)
      }
      if (found.size < total) parts.push({ sets: [found], size: found.size, exact: true })
    }
    return { parts, covered }
  }

  private sortedDueKeys(): string[] {
    if (!this.dueKeys) this.dueKeys = [...this.due.keys()].sort()
    return this.dueKeys
  }

  /** Every summary matching `filter`, in the order they were first stored (the stored objects: copy before handing out). */
  select(filter: CaseFilter | undefined): CaseSummary[] {
    const test = compileFilter(filter)
    const { parts } = this.parts(filter ?? {})
    const out: CaseSummary[] = []
    if (!parts.length) {
      for (const s of this.byId.values()) if (test(s)) out.push(s)
      return out
    }
    const best = smallest(parts)
    eachOf(best, (s) => {
      if (test(s)) out.push(s)
    })
    if (out.length > 1) {
      const seq = this.seq
      out.sort((a, b) => seq.get(a.id)! - seq.get(b.id)!)
    }
    return out
  }

  /** One page, exactly as `pageSummaries` over every summary would give it. */
  page(filter: CaseFilter | undefined, page: Page): { items: CaseSummary[]; total: number } {
    const offset = page.offset ?? 0
    const limit = page.limit
    if (!Number.isInteger(offset) || offset < 0) throw new TypeError('page.offset must be a non-negative integer')
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError('page.limit must be a non-negative integer')
    const cmp = compileSort(page) // validates sort and order
    const test = compileFilter(filter)
    const { parts, covered } = this.parts(filter ?? {})
    const best = parts.length ? smallest(parts) : null
    const n = this.byId.size
    const k = offset + limit
    const candidates = best ? best.size : n
    // the total without looking at the summaries: one exact set is the whole filter
    const known = covered && (parts.length === 0 || (parts.length === 1 && best!.exact)) ? candidates : null
    // matches expected if the parts were independent; walking the order costs about k × n / that
    // many checks, sorting the candidates about their number
    let expected = n
    for (const p of parts) expected *= p.size / n
    if (k > 0 && expected >= k && k * n < expected * candidates) {
      const list = this.ordered(page)
      const items: CaseSummary[] = []
      // parts that go together (or apart) break the estimate: give up on the walk past a budget
      const budget = best ? Math.min(list.length, 4 * candidates + 4 * k) : list.length
      let i = 0
      for (; i < budget && items.length < k; i++) if (test(list[i]!)) items.push(list[i]!)
      if (items.length < k && i < list.length) return this.sortCandidates(best!, test, cmp, offset, k)
      let total = items.length
      if (items.length === k) {
        if (known !== null) total = known
        else if (best) {
          total = 0
          eachOf(best, (s) => {
            if (test(s)) total++
          })
        } else for (; i < list.length; i++) if (test(list[i]!)) total++
      }
      return { items: items.slice(offset).map(copySummary), total }
    }
    if (!best) return pageSummaries(this.byId.values(), filter, page)
    return this.sortCandidates(best, test, cmp, offset, k)
  }

  private sortCandidates(
    best: Part,
    test: (s: CaseSummary) => boolean,
    cmp: (a: CaseSummary, b: CaseSummary) => number,
    offset: number,
    k: number,
  ): { items: CaseSummary[]; total: number } {
    const matched: CaseSummary[] = []
    eachOf(best, (s) => {
      if (test(s)) matched.push(s)
    })
    const ordered = k * 8 < matched.length ? smallestK(matched, k, cmp) : matched.sort(cmp)
    return { items: ordered.slice(offset, k).map(copySummary), total: matched.length }
  }
}

function smallest(parts: Part[]): Part {
  let best = parts[0]!
  for (const p of parts) if (p.size < best.size) best = p
  return best
}

/** Each summary of a part once. */
function eachOf(part: Part, fn: (s: CaseSummary) => void): void {
  if (part.sets.length === 1 || part.exact) {
    for (const set of part.sets) for (const s of set) fn(s)
    return
  }
  const seen = new Set<CaseSummary>()
  for (const set of part.sets) {
    for (const s of set) {
      if (seen.has(s)) continue
      seen.add(s)
      fn(s)
    }
  }
}

/** First index whose element is not before `s` under `cmp`. */
function position(list: CaseSummary[], s: CaseSummary, cmp: (a: CaseSummary, b: CaseSummary) => number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cmp(list[mid]!, s) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function add(m: Map<string, Bag>, key: string, s: CaseSummary): void {
  let set = m.get(key)
  if (!set) m.set(key, (set = new Set()))
  set.add(s)
}

/** Removes; true when the key's set became empty (and was dropped). */
function remove(m: Map<string, Bag>, key: string, s: CaseSummary): boolean {
  const set = m.get(key)
  if (!set) return false
  set.delete(s)
  if (set.size) return false
  m.delete(key)
  return true
}
