/**
 * Indexes over the case summaries an in-memory store keeps, so a list page costs about the size of
 * its page and a few word-wise passes over bitsets, not the number of cases stored (issue #20).
 *
 * - Each summary has a slot, its number in the order summaries were first stored. Per filter
 *   value (stage, status, village, group, channel, officer, scheme, workflow, unit) and per due
 *   date of the active cases a bitset of slots with its count, updated as each summary changes;
 *   the union of due dates up to a bound (overdue, due soon) is kept for the last bounds asked.
 * - Sorted arrays of slots per sort order, built on the first page asked in that order and then
 *   kept up to date on every change (binary search; summaries are replaced, never mutated).
 * - A filter's parts are ANDed word by word: when every part of the filter is indexed, that is
 *   exactly the filter, so the total is a bit count and no summary is read to decide a match. A
 *   page then walks its order checking bits and stops after `offset + limit` matches, or, when
 *   the matches are few, sorts only those. A filter with other parts (text search, received
 *   dates, jurisdiction…) checks every candidate with the plain predicate (`compileFilter`).
 *   Either way results equal `pageSummaries` over every summary: the bits only choose which
 *   summaries to look at, and stand for a predicate only where they hold exactly its matches.
 * - Memory: a bitset is one bit per stored summary (12.5 KB at 100k) per distinct value.
 */
import { compileFilter, compileSort, copySummary, pageSummaries, smallestK } from './query'
import type { CaseFilter, CaseSummary, Page } from './types'

type EqKey = 'stage' | 'status' | 'village' | 'group' | 'channel' | 'officer' | 'schemeId'
const EQ_KEYS: readonly EqKey[] = ['stage', 'status', 'village', 'group', 'channel', 'officer', 'schemeId']

/** Slots as bits (grown as slots are added; missing words are zero) and how many are set. */
interface Bits {
  words: Uint32Array
  count: number
}
const NONE: Bits = { words: new Uint32Array(0), count: 0 }

function onOrBefore(value: string, bound: string): boolean {
  return value.slice(0, bound.length) <= bound
}

/** The workflow as the filter reads it ("case" when none); null for a value no filter can equal. */
function machineOf(s: CaseSummary): string | null {
  return typeof s.machine === 'string' ? s.machine : s.machine == null ? 'case' : null
}

/** Filter keys the parts below cover exactly (anything else is checked by the predicate only). */
const COVERED = new Set<string>([...EQ_KEYS, 'machine', 'unit', 'dueOnOrBefore', 'ids'])
/** Due-date bounds whose unions are kept (overdue and due soon, per day and per window). */
const RANGES_KEPT = 8
/** A walk step (a bit test) against a gathered match (read, compared, sorted): about this many to one. */
const WALK_PER_MATCH = 16

export class SummaryIndex {
  private readonly slotOf = new Map<string, number>()
  private readonly bySlot: CaseSummary[] = []
  private readonly eq = new Map<EqKey, Map<string, Bits>>(EQ_KEYS.map((k) => [k, new Map()]))
  private readonly machine = new Map<string, Bits>()
  private readonly unit = new Map<string, Bits>()
  /** Active cases by exact due date. */
  private readonly due = new Map<string, Bits>()
  /** Distinct due dates of `due`, sorted; rebuilt lazily. */
  private dueKeys: string[] | null = null
  /** Active cases due on or before a bound, for the last bounds asked (kept up to date). */
  private readonly dueRanges = new Map<string, Bits>()
  /** Sorted slots by order ("receivedOn:desc"), each with its comparator. */
  private readonly orders = new Map<string, { cmp: (a: CaseSummary, b: CaseSummary) => number; list: number[] }>()

  get size(): number {
    return this.bySlot.length
  }

  /** Adds or replaces a summary (summaries are replaced, never mutated in place). */
  put(s: CaseSummary): void {
    let slot = this.slotOf.get(s.id)
    if (slot !== undefined) {
      const prev = this.bySlot[slot]!
      if (prev === s) return
      this.unlink(prev, slot)
      this.bySlot[slot] = s
    } else {
      slot = this.bySlot.length
      this.slotOf.set(s.id, slot)
      this.bySlot.push(s)
    }
    this.link(s, slot)
  }

  private link(s: CaseSummary, slot: number): void {
    for (const k of EQ_KEYS) {
      const v = s[k]
      if (typeof v === 'string' && v !== '') setIn(this.eq.get(k)!, v, slot)
    }
    const m = machineOf(s)
    if (m !== null) setIn(this.machine, m, slot)
    if (Array.isArray(s.units)) for (const u of s.units) if (typeof u === 'string') setIn(this.unit, u, slot)
    if (s.status === 'active' && typeof s.dueDate === 'string') {
      if (!this.due.has(s.dueDate)) this.dueKeys = null
      setIn(this.due, s.dueDate, slot)
      for (const [bound, bits] of this.dueRanges) if (onOrBefore(s.dueDate, bound)) setBit(bits, slot)
    }
    for (const o of this.orders.values()) o.list.splice(this.position(o.list, s, o.cmp), 0, slot)
  }

  private unlink(s: CaseSummary, slot: number): void {
    for (const k of EQ_KEYS) {
      const v = s[k]
      if (typeof v === 'string' && v !== '') clearIn(this.eq.get(k)!, v, slot)
    }
    const m = machineOf(s)
    if (m !== null) clearIn(this.machine, m, slot)
    if (Array.isArray(s.units)) for (const u of s.units) if (typeof u === 'string') clearIn(this.unit, u, slot)
    if (s.status === 'active' && typeof s.dueDate === 'string') {
      if (clearIn(this.due, s.dueDate, slot)) this.dueKeys = null
      for (const bits of this.dueRanges.values()) clearBit(bits, slot)
    }
    for (const o of this.orders.values()) {
      // `s` is still in bySlot[slot] here, so the comparator finds it
      const i = this.position(o.list, s, o.cmp)
      if (o.list[i] === slot) o.list.splice(i, 1)
      else {
        // not where the order says (never expected): find it, so the array stays right regardless
        const j = o.list.indexOf(slot)
        if (j >= 0) o.list.splice(j, 1)
      }
    }
  }

  /** First index whose summary is not before `s` under `cmp`. */
  private position(list: number[], s: CaseSummary, cmp: (a: CaseSummary, b: CaseSummary) => number): number {
    const by = this.bySlot
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cmp(by[list[mid]!]!, s) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The slots in this page's order (built once per order, then maintained). */
  private ordered(page: Pick<Page, 'sort' | 'order'>): number[] {
    const sort = page.sort ?? 'receivedOn'
    const order = page.order ?? (page.sort ? 'asc' : 'desc')
    const key = `${sort}:${order}`
    let o = this.orders.get(key)
    if (!o) {
      const cmp = compileSort({ sort, order })
      const by = this.bySlot
      o = { cmp, list: Array.from(by.keys()).sort((a, b) => cmp(by[a]!, by[b]!)) }
      this.orders.set(key, o)
    }
    return o.list
  }

  /** Active cases due on or before `bound`: kept for the last few bounds, else built from the due dates. */
  private dueUpTo(bound: string): Bits {
    let bits = this.dueRanges.get(bound)
    if (bits) return bits
    bits = { words: new Uint32Array(wordsFor(this.bySlot.length)), count: 0 }
    if (!this.dueKeys) this.dueKeys = [...this.due.keys()].sort()
    for (const key of this.dueKeys) {
      // sorted keys have sorted prefixes: past the first one beyond the bound, none matches
      if (!onOrBefore(key, bound)) break
      orInto(bits, this.due.get(key)!)
    }
    if (this.dueRanges.size >= RANGES_KEPT) this.dueRanges.delete(this.dueRanges.keys().next().value!)
    this.dueRanges.set(bound, bits)
    return bits
  }

  /** The indexed parts of `f` (each holds every match of its part, exactly); `covered` when they decide the filter. */
  private parts(f: CaseFilter): { parts: Bits[]; covered: boolean } {
    const parts: Bits[] = []
    const total = this.bySlot.length
    let covered = true
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined || v === null || v === '') continue
      if (!COVERED.has(k)) covered = false
    }
    const one = (bits: Bits | undefined) => {
      const b = bits ?? NONE
      // a set holding every summary narrows nothing
      if (b.count < total) parts.push(b)
    }
    const hasDue = typeof f.dueOnOrBefore === 'string' && f.dueOnOrBefore !== ''
    for (const k of EQ_KEYS) {
      const want = f[k]
      if (want === undefined || want === null || want === '') continue
      if (typeof want !== 'string') {
        covered = false
        continue
      }
      // the due dates hold active cases only: status "active" is part of that filter already
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
      if (hasDue) one(this.dueUpTo(f.dueOnOrBefore))
      else covered = false
    }
    if (f.jurisdiction) {
      // a superset of the jurisdiction's cases (the predicate decides): its villages' and units' bits
      const j = f.jurisdiction
      if (Array.isArray(j.villages) && Array.isArray(j.units)) {
        const bits: Bits = { words: new Uint32Array(wordsFor(total)), count: 0 }
        for (const v of j.villages) if (typeof v === 'string') orInto(bits, this.eq.get('village')!.get(v) ?? NONE)
        for (const u of j.units) if (typeof u === 'string') orInto(bits, this.unit.get(u) ?? NONE)
        one(bits)
      }
      covered = false
    }
    if (Array.isArray(f.ids)) {
      const bits: Bits = { words: new Uint32Array(wordsFor(total)), count: 0 }
      for (const id of f.ids) {
        const slot = typeof id === 'string' ? this.slotOf.get(id) : undefined
        if (slot !== undefined) setBit(bits, slot)
      }
      one(bits)
    }
    return { parts, covered }
  }

  /** The candidates of `parts` (their AND) and how many; null when there are no parts (every summary). */
  private candidates(parts: Bits[]): Bits | null {
    if (!parts.length) return null
    if (parts.length === 1) return parts[0]!
    let first = parts[0]!
    for (const p of parts) if (p.count < first.count) first = p
    const n = wordsFor(this.bySlot.length)
    const words = new Uint32Array(n)
    words.set(first.words.length > n ? first.words.subarray(0, n) : first.words)
    for (const p of parts) {
      if (p === first) continue
      const w = p.words
      const m = Math.min(n, w.length)
      for (let i = 0; i < m; i++) words[i]! &= w[i]!
      words.fill(0, m)
    }
    let count = 0
    for (let i = 0; i < n; i++) if (words[i]) count += popcount(words[i]!)
    return { words, count }
  }

  /** Every summary matching `filter`, in the order they were first stored (the stored objects: copy before handing out). */
  select(filter: CaseFilter | undefined): CaseSummary[] {
    const test = compileFilter(filter)
    const { parts, covered } = this.parts(filter ?? {})
    const hits = this.candidates(parts)
    const by = this.bySlot
    const out: CaseSummary[] = []
    if (!hits) {
      for (const s of by) if (covered || test(s)) out.push(s)
      return out
    }
    eachSlot(hits, (slot) => {
      const s = by[slot]!
      if (covered || test(s)) out.push(s)
    })
    return out
  }

  /** One page, exactly as `pageSummaries` over every summary would give it. */
  page(filter: CaseFilter | undefined, page: Page): { items: CaseSummary[]; total: number } {
    const offset = page.offset ?? 0
    const limit = page.limit
    if (!Number.isInteger(offset) || offset < 0) throw new TypeError('page.offset must be a non-negative integer')
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError('page.limit must be a non-negative integer')
    const cmp = compileSort(page) // validates sort and order
    const { parts, covered } = this.parts(filter ?? {})
    const by = this.bySlot
    const n = by.length
    const k = offset + limit
    if (!covered) {
      // other parts: every candidate is checked with the predicate, then only the matches sorted
      const hits = this.candidates(parts)
      if (!hits) return pageSummaries(by, filter, page)
      const test = compileFilter(filter)
      const matched: CaseSummary[] = []
      eachSlot(hits, (slot) => {
        const s = by[slot]!
        if (test(s)) matched.push(s)
      })
      return { items: pick(matched, k, cmp).slice(offset, k).map(copySummary), total: matched.length }
    }
    const hits = this.candidates(parts)
    const total = hits ? hits.count : n
    if (k === 0 || total === 0 || offset >= total) return { items: [], total }
    // walking the order tests about k × n / total bits; gathering reads and sorts every match
    if (!hits || (k * n) / total < total * WALK_PER_MATCH) {
      const list = this.ordered(page)
      const items: CaseSummary[] = []
      if (!hits) for (let i = offset; i < k && i < list.length; i++) items.push(by[list[i]!]!)
      else {
        const w = hits.words
        let seen = 0
        for (let i = 0; i < list.length && seen < k; i++) {
          const slot = list[i]!
          if ((w[slot >>> 5]! & (1 << (slot & 31))) === 0) continue
          if (seen++ >= offset) items.push(by[slot]!)
        }
      }
      return { items: items.map(copySummary), total }
    }
    const matched: CaseSummary[] = []
    eachSlot(hits, (slot) => matched.push(by[slot]!))
    return { items: pick(matched, k, cmp).slice(offset, k).map(copySummary), total }
  }
}

/** The first `k` of `items` under `cmp`, sorted (sorts in place when that is cheaper). */
function pick(items: CaseSummary[], k: number, cmp: (a: CaseSummary, b: CaseSummary) => number): CaseSummary[] {
  return k * 8 < items.length ? smallestK(items, k, cmp) : items.sort(cmp)
}

function wordsFor(slots: number): number {
  return (slots + 31) >>> 5
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

function setBit(b: Bits, slot: number): void {
  const i = slot >>> 5
  if (i >= b.words.length) {
    const grown = new Uint32Array(Math.max(i + 1, b.words.length * 2, 32))
    grown.set(b.words)
    b.words = grown
  }
  const bit = 1 << (slot & 31)
  if ((b.words[i]! & bit) === 0) {
    b.words[i]! |= bit
    b.count++
  }
}

function clearBit(b: Bits, slot: number): void {
  const i = slot >>> 5
  if (i >= b.words.length) return
  const bit = 1 << (slot & 31)
  if ((b.words[i]! & bit) !== 0) {
    b.words[i]! &= ~bit
    b.count--
  }
}

/** `into |= from`, keeping `into.count`. */
function orInto(into: Bits, from: Bits): void {
  const src = from.words
  if (src.length > into.words.length) {
    const grown = new Uint32Array(src.length)
    grown.set(into.words)
    into.words = grown
  }
  const dst = into.words
  let count = into.count
  for (let i = 0; i < src.length; i++) {
    const add = src[i]! & ~dst[i]!
    if (add) {
      dst[i]! |= add
      count += popcount(add)
    }
  }
  into.count = count
}

/** Each set slot, ascending. */
function eachSlot(b: Bits, fn: (slot: number) => void): void {
  const w = b.words
  for (let i = 0; i < w.length; i++) {
    let x = w[i]!
    while (x !== 0) {
      const low = x & -x
      fn((i << 5) + 31 - Math.clz32(low))
      x ^= low
    }
  }
}

function setIn(m: Map<string, Bits>, key: string, slot: number): void {
  let b = m.get(key)
  if (!b) m.set(key, (b = { words: new Uint32Array(0), count: 0 }))
  setBit(b, slot)
}

/** Clears; true when the key's set became empty (and was dropped). */
function clearIn(m: Map<string, Bits>, key: string, slot: number): boolean {
  const b = m.get(key)
  if (!b) return false
  clearBit(b, slot)
  if (b.count) return false
  m.delete(key)
  return true
}
