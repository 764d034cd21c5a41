/**
 * The one counting of the assessment's case statistics (附件7 四（三）的“四率”), used by the bulletin,
 * the yearly summary and the dashboard alike, so a village never shows two 办结率 (issue 16):
 *
 * - a petition is a case of the case workflow received in the period; of cases linked as one
 *   matter (重复访、多头访) only the group's first counts (`representative`);
 * - online: its channel is one the org marks `online`; proxied: its triage outcome is one the rules
 *   mark `proxied` — what counts is decided by the definitions, not here;
 * - concluded, resolved: a proxied case concluded by the end of the period (`asOf`), and resolved;
 * - feedback, satisfied: a concluded proxied case whose petitioner was told the result (办结反馈),
 *   and was satisfied.
 *
 * Every count has a case-list query that lists exactly its cases (`reportLinks`), built from the
 * same tests.
 */
import type { CompiledScheme } from '../../engine'
import type { CaseSummary } from '../store'
import { representative } from '../channels/similar'

export interface VillageCounts {
  petitions: number
  proxied: number
  online: number
  concluded: number
  resolved: number
  /** Concluded proxied cases whose petitioner was told the result (办结反馈) */
  feedback: number
  /** … and was satisfied */
  satisfied: number
}

export function emptyCounts(): VillageCounts {
  return { petitions: 0, proxied: 0, online: 0, concluded: 0, resolved: 0, feedback: 0, satisfied: 0 }
}

/** What the counting needs of a scheme and of the cases it counts, read once per report. */
export interface Counting {
  online: Set<string>
  proxied: Set<string>
  /** Ids of the later cases of linked groups (not counted: the group is one matter) */
  repeats: Set<string>
}

/** The ids of the cases that are not the first of their linked group. */
export function repeatIds(summaries: Iterable<CaseSummary>): Set<string> {
  const byId = new Map<string, CaseSummary>()
  for (const s of summaries) if (s.linked?.length) byId.set(s.id, s)
  const out = new Set<string>()
  for (const s of byId.values()) if (!representative(s, byId)) out.add(s.id)
  return out
}

export function counting(scheme: CompiledScheme, summaries: Iterable<CaseSummary>): Counting {
  return {
    online: new Set(scheme.defs.org.channels.filter((c) => c.online).map((c) => c.id)),
    proxied: new Set((scheme.ruleSetFor('outcome')?.def.outcomes ?? []).filter((o) => o.proxied).map((o) => o.id)),
    repeats: repeatIds(summaries),
  }
}

/** Is the case a petition the reports count (the case workflow, not a later linked case)? */
export function counted(c: Counting, s: CaseSummary): boolean {
  return (s.machine ?? 'case') === 'case' && !!s.receivedOn && !c.repeats.has(s.id)
}

/** Adds one counted case to `into`, with conclusions as of `asOf` (a later one does not count yet). */
export function tally(c: Counting, into: VillageCounts, s: CaseSummary, asOf: string): void {
  into.petitions++
  if (s.channel && c.online.has(s.channel)) into.online++
  if (!s.outcome || !c.proxied.has(s.outcome)) return
  into.proxied++
  if (!s.concludedOn || s.concludedOn.slice(0, asOf.length) > asOf) return
  into.concluded++
  if (s.resolved === true) into.resolved++
  if (s.satisfied === true || s.satisfied === false) {
    into.feedback++
    if (s.satisfied) into.satisfied++
  }
}

export function countByVillage(scheme: CompiledScheme, summaries: Iterable<CaseSummary>, period: { from: string; to: string }): Map<string, VillageCounts> {
  const all: readonly CaseSummary[] = Array.isArray(summaries) ? summaries : [...summaries]
  const c = counting(scheme, all)
  const out = new Map<string, VillageCounts>()
  for (const v of scheme.defs.org.villages) out.set(v.name, emptyCounts())
  for (const s of all) {
    if (!counted(c, s) || s.receivedOn! < period.from || s.receivedOn!.slice(0, 10) > period.to) continue
    const key = s.village ?? '（未填写）'
    const counts = out.get(key) ?? emptyCounts()
    tally(c, counts, s, period.to)
    out.set(key, counts)
  }
  return out
}

/**
 * Year-to-date counts of every month of `year` at once: element m - 1 is what
 * `countByVillage(scheme, summaries, { from: year-01-01, to: the end of month m })` gives, in one
 * pass over the summaries instead of twelve. A case adds its petition to the month it was received
 * and its conclusion (resolved, feedback) to the later of that month and the month it was
 * concluded — a conclusion after the month's end does not count in that month's total yet.
 */
export function yearToDate(scheme: CompiledScheme, summaries: Iterable<CaseSummary>, year: string): Array<Map<string, VillageCounts>> {
  const all: readonly CaseSummary[] = Array.isArray(summaries) ? summaries : [...summaries]
  const c = counting(scheme, all)
  const from = `${year}-01-01`
  const ends = Array.from(
    { length: 12 },
    (_, i) => `${year}-${String(i + 1).padStart(2, '0')}-${String(new Date(Date.UTC(Number(year), i + 1, 0)).getUTCDate()).padStart(2, '0')}`,
  )
  const prefix = `${year}-`
  /** The first month (0-based) whose end is on or after the date's first ten characters; 12 when none is */
  const monthOf = (value: string) => {
    const date = value.length > 10 ? value.slice(0, 10) : value
    // a date of the year: its month digits name the month, checked against the month ends
    if (date.length === 10 && date.startsWith(prefix)) {
      const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 49)
      if (m >= 0 && m < 12 && date <= ends[m]! && (m === 0 || date > ends[m - 1]!)) return m
    }
    let m = 0
    while (m < 12 && date > ends[m]!) m++
    return m
  }
  // per village: what each month adds (received) and, separately, the conclusions it adds
  const adds = new Map<string, { first: number; months: VillageCounts[] }>()
  const row = (village: string) => {
    let r = adds.get(village)
    if (!r) adds.set(village, (r = { first: 12, months: Array.from({ length: 12 }, emptyCounts) }))
    return r
  }
  for (const v of scheme.defs.org.villages) row(v.name).first = 0
  for (const s of all) {
    if (!counted(c, s) || s.receivedOn! < from) continue
    const rm = monthOf(s.receivedOn!)
    if (rm === 12) continue
    const r = row(s.village ?? '（未填写）')
    r.first = Math.min(r.first, rm)
    const at = r.months[rm]!
    at.petitions++
    if (s.channel && c.online.has(s.channel)) at.online++
    if (!s.outcome || !c.proxied.has(s.outcome)) continue
    at.proxied++
    if (!s.concludedOn) continue
    const cm = Math.max(rm, monthOf(s.concludedOn))
    if (cm === 12) continue
    const done = r.months[cm]!
    done.concluded++
    if (s.resolved === true) done.resolved++
    if (s.satisfied === true || s.satisfied === false) {
      done.feedback++
      if (s.satisfied) done.satisfied++
    }
  }
  const out: Array<Map<string, VillageCounts>> = []
  const running = new Map<string, VillageCounts>()
  for (let m = 0; m < 12; m++) {
    const month = new Map<string, VillageCounts>()
    for (const [village, r] of adds) {
      if (r.first > m) continue
      const sum = running.get(village) ?? emptyCounts()
      const add = r.months[m]!
      const next: VillageCounts = { ...sum }
      for (const k of Object.keys(next) as Array<keyof VillageCounts>) next[k] += add[k]
      running.set(village, next)
      month.set(village, next)
    }
    out.push(month)
  }
  return out
}

/**
 * The case-list query behind each count of a bucket: the bucket's filter (`where`: scheme,
 * village, received from/to) plus what the count tests, with conclusions as of `asOf` and the
 * linked repeats left out (`repeats=0`), as `tally` counts them.
 */
export function reportLinks(where: Record<string, string>, asOf: string): Record<keyof VillageCounts, string> {
  const w = { ...where, repeats: '0' }
  const concluded = { ...w, proxied: '1', concludedBy: asOf }
  return {
    petitions: casesLink(w),
    proxied: casesLink({ ...w, proxied: '1' }),
    online: casesLink({ ...w, online: '1' }),
    concluded: casesLink(concluded),
    resolved: casesLink({ ...concluded, resolved: '1' }),
    feedback: casesLink({ ...concluded, feedback: '1' }),
    satisfied: casesLink({ ...concluded, satisfied: '1' }),
  }
}

export function casesLink(params: Record<string, string | undefined>): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&')
  return `/api/cases?${q}`
}
