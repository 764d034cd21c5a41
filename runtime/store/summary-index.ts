/**
 * Indexes over the case summaries an in-memory store keeps, so a list page costs about the size of
 * its most selective filter, not the number of cases stored (issue #20).
 *
 * - Posting sets per filter value (stage, status, village, group, channel, officer, scheme,
 *   workflow, unit) and buckets of active cases per due date, updated as each summary changes.
 * - A query picks its smallest candidate set and applies the plain predicate (`compileFilter`) to
 *   each candidate, so results equal `pageSummaries` over every summary by construction: the
 *   indexes only choose which summaries to look at. A set holding every case narrows nothing and
 *   is skipped.
 * - The default order (received date, newest first) is kept as a sorted array: a page in that
 *   order walks it and stops after `offset + limit` matches; other orders sort only the matches.
 */
import { compileFilter, compileSort, copySummary, pageSummaries, smallestK } from './query'
import type { CaseFilter, CaseSummary, Page } from './types'

type EqKey = 'stage' | 'status' | 'village' | 'group' | 'channel' | 'officer' | 'schemeId'
const EQ_KEYS: readonly EqKey[] = ['stage', 'status', 'village', 'group', 'channel', 'officer', 'schemeId']

/** The default list order (receivedOn desc, then number desc, then id). */
const defaultCmp = compileSort({})

function onOrBefore(value: string, bound: string): boolean {
  return value.slice(0, bound.length) <= bound
}

/** A candidate source: how many it may yield (an upper bound) and the summaries themselves. */
interface Source {
  size: number
  /** Exactly the summaries matching this part of the filter (no false negatives). */
  items(): Iterable<CaseSummary>
}

export class SummaryIndex {
  private readonly byId = new Map<string, CaseSummary>()
  private readonly eq = new Map<EqKey, Map<string, Set<string>>>(EQ_KEYS.map((k) => [k, new Map()]))
  private readonly machine = new Map<string, Set<string>>()
  private readonly unit = new Map<string, Set<string>>()
  /** Active cases by exact due date. */
  private readonly due = new Map<string, Set<string>>()
  /** Distinct due dates of `due`, sorted; rebuilt lazily. */
  private dueKeys: string[] | null = null
  /** Every summary in the default order. */
  private readonly ordered: CaseSummary[] = []
  /** Insertion order of each id, so selections come out in the order a plain scan gives. */
  private readonly seq = new Map<string, number>()

  get size(): number {
    return this.byId.size
  }

  get(id: string): CaseSummary | undefined {
    return this.byId.get(id)
  }

  values(): IterableIterator<CaseSummary> {
    return this.byId.values()
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
      if (typeof v === 'string' && v !== '') add(this.eq.get(k)!, v, s.id)
    }
    add(this.machine, typeof s.machine === 'string' ? s.machine : s.machine == null ? 'case' : String(s.machine), s.id)
    if (Array.isArray(s.units)) for (const u of new Set(s.units)) if (typeof u === 'string') add(this.unit, u, s.id)
    if (s.status === 'active' && typeof s.dueDate === 'string') {
      if (!this.due.has(s.dueDate)) this.dueKeys = null
      add(this.due, s.dueDate, s.id)
    }
    this.ordered.splice(this.position(s), 0, s)
  }

  private unlink(s: CaseSummary): void {
    for (const k of EQ_KEYS) {
      const v = s[k]
      if (typeof v === 'string' && v !== '') remove(this.eq.get(k)!, v, s.id)
    }
    remove(this.machine, typeof s.machine === 'string' ? s.machine : s.machine == null ? 'case' : String(s.machine), s.id)
    if (Array.isArray(s.units)) for (const u of new Set(s.units)) if (typeof u === 'string') remove(this.unit, u, s.id)
    if (s.status === 'active' && typeof s.dueDate === 'string' && remove(this.due, s.dueDate, s.id)) this.dueKeys = null
    const i = this.position(s)
    if (this.ordered[i] === s) this.ordered.splice(i, 1)
    else {
      // not where the order says: find it (never expected; keeps the array right regardless)
      const j = this.ordered.indexOf(s)
      if (j >= 0) this.ordered.splice(j, 1)
    }
  }

  /** First index whose element is not before `s` in the default order. */
  private position(s: CaseSummary): number {
    let lo = 0
    let hi = this.ordered.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (defaultCmp(this.ordered[mid]!, s) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private ids(set: Set<string>): Source {
    return {
      size: set.size,
      items: () => mapIds(set, this.byId),
    }
  }

  /**
   * The smallest source that covers every match of `f`, or null when nothing narrows it (every
   * summary is a candidate).
   */
  private source(f: CaseFilter): Source | null {
    const sources: Source[] = []
    const total = this.byId.size
    const consider = (set: Set<string> | undefined) => {
      if (!set) sources.push({ size: 0, items: () => [] })
      else if (set.size < total) sources.push(this.ids(set))
    }
    for (const k of EQ_KEYS) {
      const want = f[k]
      if (typeof want === 'string' && want !== '') consider(this.eq.get(k)!.get(want))
    }
    if (typeof f.machine === 'string' && f.machine) consider(this.machine.get(f.machine))
    if (typeof f.unit === 'string' && f.unit) consider(this.unit.get(f.unit))
    if (typeof f.dueOnOrBefore === 'string' && f.dueOnOrBefore) {
      const d = f.dueOnOrBefore
      const keys = this.sortedDueKeys()
      const sets: Array<Set<string>> = []
      let size = 0
      for (const key of keys) {
        // sorted keys have sorted prefixes: past the first one beyond the bound, none matches
        if (!onOrBefore(key, d)) break
        const set = this.due.get(key)!
        sets.push(set)
        size += set.size
      }
      if (size < total) sources.push({ size, items: () => flatIds(sets, this.byId) })
    }
    if (f.jurisdiction && Array.isArray(f.jurisdiction.villages) && Array.isArray(f.jurisdiction.units)) {
      const sets: Array<Set<string>> = []
      for (const v of new Set(f.jurisdiction.villages)) {
        const s = this.eq.get('village')!.get(v)
        if (s) sets.push(s)
      }
      for (const u of new Set(f.jurisdiction.units)) {
        const s = this.unit.get(u)
        if (s) sets.push(s)
      }
      const size = sets.reduce((n, s) => n + s.size, 0)
      if (size < total) sources.push({ size, items: () => (sets.length === 1 ? mapIds(sets[0]!, this.byId) : uniqueIds(sets, this.byId)) })
    }
    if (Array.isArray(f.ids)) {
      const ids = [...new Set(f.ids)]
      if (ids.length < total) sources.push({ size: ids.length, items: () => ids.map((id) => this.byId.get(id)).filter((s): s is CaseSummary => s !== undefined) })
    }
    if (!sources.length) return null
    let best = sources[0]!
    for (const s of sources) if (s.size < best.size) best = s
    return best
  }

  private sortedDueKeys(): string[] {
    if (!this.dueKeys) this.dueKeys = [...this.due.keys()].sort()
    return this.dueKeys
  }

  /** Every summary matching `filter`, in the order they were first stored (the stored objects: copy before handing out). */
  select(filter: CaseFilter | undefined): CaseSummary[] {
    const test = compileFilter(filter)
    const src = this.source(filter ?? {})
    const out: CaseSummary[] = []
    for (const s of src ? src.items() : this.byId.values()) if (test(s)) out.push(s)
    if (src && out.length > 1) {
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
    const src = this.source(filter ?? {})
    const k = offset + limit
    const isDefault = (page.sort === undefined || page.sort === 'receivedOn') && (page.order ?? (page.sort ? 'asc' : 'desc')) === 'desc'
    if (isDefault && (!src || src.size > 4 * k + 256)) {
      // walk the default order; count the rest from the smaller source
      const items: CaseSummary[] = []
      let i = 0
      for (; i < this.ordered.length && items.length < k; i++) if (test(this.ordered[i]!)) items.push(this.ordered[i]!)
      let total = items.length
      if (items.length === k) {
        if (src) {
          total = 0
          for (const s of src.items()) if (test(s)) total++
        } else {
          for (; i < this.ordered.length; i++) if (test(this.ordered[i]!)) total++
        }
      }
      return { items: items.slice(offset).map(copySummary), total }
    }
    if (!src) return pageSummaries(this.byId.values(), filter, page)
    const matched: CaseSummary[] = []
    for (const s of src.items()) if (test(s)) matched.push(s)
    const ordered = k * 8 < matched.length ? smallestK(matched, k, cmp) : matched.sort(cmp)
    return { items: ordered.slice(offset, k).map(copySummary), total: matched.length }
  }
}

function add(m: Map<string, Set<string>>, key: string, id: string): void {
  let set = m.get(key)
  if (!set) m.set(key, (set = new Set()))
  set.add(id)
}

/** Removes; true when the key's set became empty (and was dropped). */
function remove(m: Map<string, Set<string>>, key: string, id: string): boolean {
  const set = m.get(key)
  if (!set) return false
  set.delete(id)
  if (set.size) return false
  m.delete(key)
  return true
}

function* mapIds(ids: Iterable<string>, byId: Map<string, CaseSummary>): Generator<CaseSummary> {
  for (const id of ids) {
    const s = byId.get(id)
    if (s) yield s
  }
}

function* flatIds(sets: Array<Set<string>>, byId: Map<string, CaseSummary>): Generator<CaseSummary> {
  for (const set of sets) yield* mapIds(set, byId)
}

function* uniqueIds(sets: Array<Set<string>>, byId: Map<string, CaseSummary>): Generator<CaseSummary> {
  const seen = new Set<string>()
  for (const set of sets) {
    for (const id of set) {
      if (seen.has(id)) continue
      seen.add(id)
      const s = byId.get(id)
      if (s) yield s
    }
  }
}
