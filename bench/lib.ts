/**
 * Shared helpers of the bench scripts: a seeded PRNG, latency statistics, markdown tables, the
 * quick (smoke) mode and the generator of realistic intake facts.
 *
 * Quick mode: `BENCH_QUICK=1` (or `--quick`) shrinks every size about 10× so CI can run a smoke
 * pass; the numbers are then only a sanity check, not a measurement.
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const GALUTU = path.join(ROOT, 'definitions', 'galutu')

export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true' || process.argv.includes('--quick')

/** `n` in a full run, about n/10 (at least `min`) in quick mode. */
export function scaled(n: number, min = 1): number {
  return QUICK ? Math.max(min, Math.round(n / 10)) : n
}

/** A target verdict; in quick mode the sizes are too small for one, so it says so. */
export function verdict(ok: boolean): string {
  return QUICK ? `${ok ? 'met' : 'missed'} (quick mode: not judged)` : ok ? 'met' : 'MISSED'
}

/** Value of `--name value` on the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

/** A whole-number option `--name N` of at least `min`, else `fallback` when absent; anything else is refused by name. */
export function intArg(name: string, fallback: number, min = 1): number {
  const v = arg(name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${v}"`)
  return n
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number

export function pick<T>(r: Rand, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!
}

/** Picks a key by weight: `weighted(r, [['a', 3], ['b', 1]])` → 'a' three times in four. */
export function weighted<T>(r: Rand, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((a, [, w]) => a + w, 0)
  let x = r() * total
  for (const [v, w] of table) {
    x -= w
    if (x < 0) return v
  }
  return table[table.length - 1]![0]
}

export interface Stats {
  n: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
  /** operations per second over the wall time of the measured loop */
  perSec: number
}

/** Nearest-rank percentiles of latency samples (ms) and the rate over `wallMs`. */
export function stats(samples: number[], wallMs: number): Stats {
  const s = Float64Array.from(samples).sort()
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]! : NaN)
  const sum = samples.reduce((a, b) => a + b, 0)
  return {
    n: s.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: s.length ? s[s.length - 1]! : NaN,
    mean: sum / Math.max(1, s.length),
    perSec: (samples.length / wallMs) * 1000,
  }
}

/** The item with the median `key`, of an even count the lower middle one (a real run, not an average); undefined when empty. */
export function medianBy<T>(items: readonly T[], key: (x: T) => number): T | undefined {
  const s = [...items].sort((a, b) => key(a) - key(b))
  return s[(s.length - 1) >> 1]
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Milliseconds, readable from µs to s. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return 'n/a'
  if (v < 0) return `−${ms(-v)}`
  if (v < 0.1) return `${(v * 1000).toFixed(1)} µs`
  if (v < 1) return `${(v * 1000).toFixed(0)} µs`
  if (v < 10) return `${v.toFixed(2)} ms`
  if (v < 1000) return `${v.toFixed(1)} ms`
  return `${(v / 1000).toFixed(2)} s`
}

export function rate(v: number): string {
  if (!Number.isFinite(v)) return 'n/a'
  if (v >= 100) return Math.round(v).toLocaleString('en-US')
  if (v >= 10) return v.toFixed(1)
  return v.toFixed(2)
}

/** `a / b` as "12.3×". */
export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a'
  const r = a / b
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`
}

export function count(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString('en-US')
}

/** A markdown table; the first row is the header. `align` per column: 'l' or 'r' (default 'r', first column 'l'). */
export function table(rows: string[][], align?: string): string {
  const [head, ...body] = rows
  if (!head) return ''
  const al = head.map((_, i) => align?.[i] ?? (i === 0 ? 'l' : 'r'))
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(head), `|${al.map((a) => (a === 'l' ? ':---' : '---:')).join('|')}|`, ...body.map(line)].join('\n')
}

export function header(title: string): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'cpu'
  return `## ${title}\n\n${cpu} × ${os.cpus().length}, node ${process.version}, ${os.platform()}${QUICK ? ' — **QUICK mode (BENCH_QUICK=1): sizes ÷10, smoke test only**' : ''}\n`
}

/** Lets pending I/O and timers run, and (when exposed) collects garbage, between measurements. */
export async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r))
  ;(globalThis as { gc?: () => void }).gc?.()
}

// ---------------------------------------------------------------- realistic intake facts

/** Every category of the Galutu scheme, per group (org.json): kept here so inputs don't depend on the engine. */
export interface OrgLike {
  groups: Array<{ id: string; categories: string[] }>
  villages: Array<{ name: string }>
  channels: Array<{ id: string }>
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '巴特尔', '乌云', '其其格', '额尔敦']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超']
const CHANNEL_WEIGHTS: Record<string, number> = { visit: 40, phone: 15, letter: 6, online: 12, hotline12345: 12, platform: 6, grid: 6, outreach: 3 }

/** Level mix of a town's intake: mostly village and town matters. */
export const LEVEL_WEIGHTS = [
  ['village', 50],
  ['town', 30],
  ['multi_department', 12],
  ['major', 8],
] as const

/** Triage mix: most matters are proxied; each other outcome is a few percent. */
export const TRIAGE_WEIGHTS = [
  ['proxy', 75],
  ['coordinate', 4],
  ['judicial', 3],
  ['excluded', 5],
  ['answer_on_spot', 6],
  ['legal_channel', 4],
  ['declined', 3],
] as const

export function dateFromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}
export function dayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000)
}

export interface FactsOptions {
  /** Inclusive range of receivedOn */
  from: string
  to: string
}

/**
 * One decision input as an intake officer would send it: identity fields, a category and level,
 * the triage booleans (explicit in about half the inputs, otherwise left to the form defaults),
 * and for multi-department / major matters often the date the solution was settled.
 */
export function intakeFacts(r: Rand, org: OrgLike, opts: FactsOptions): Record<string, unknown> {
  const from = dayOf(opts.from)
  const to = dayOf(opts.to)
  const received = from + Math.floor(r() * (to - from + 1))
  const group = pick(r, org.groups)
  const level = weighted(r, LEVEL_WEIGHTS)
  const facts: Record<string, unknown> = {
    petitionerName: pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.5 ? pick(r, GIVEN) : ''),
    village: r() < 0.95 ? pick(r, org.villages).name : '外镇某村',
    channel: weighted(
      r,
      org.channels.map((c) => [c.id, CHANNEL_WEIGHTS[c.id] ?? 2] as const),
    ),
    summary: `关于${pick(r, group.categories)}的诉求`,
    receivedOn: dateFromDay(received),
    category: pick(r, group.categories),
    level,
  }
  if (r() < 0.3) facts.phone = `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
  const explicit = r() < 0.5
  const triage = weighted(r, TRIAGE_WEIGHTS)
  const set = (k: string, v: unknown, dflt: unknown) => {
    if (explicit || v !== dflt) facts[k] = v
  }
  set('acceptsProxy', triage !== 'declined', true)
  set('answerableOnSpot', triage === 'answer_on_spot', false)
  set('inJudicialProcess', triage === 'judicial', false)
  set('inEnforcementStage', triage === 'coordinate', false)
  const ex = triage === 'excluded' ? Math.floor(r() * 3) : -1
  set('concludedAtThreeLevels', ex === 0, false)
  set('beingHandled', ex === 1, false)
  set('unreasonableAfterFullHandling', ex === 2, false)
  set('legalChannel', triage === 'legal_channel' ? pick(r, ['litigation', 'arbitration', 'administrative_review']) : null, null)
  set('crossJurisdiction', r() < 0.02, false)
  // the solution date: usually known for multi-department / major matters, sometimes sent anyway
  if (level === 'multi_department' || level === 'major' ? r() < 0.6 : r() < 0.05) {
    facts.solutionSettledOn = dateFromDay(Math.min(to, received + Math.floor(r() * 30)))
  }
  if (r() < 0.4) facts.officer = pick(r, SURNAMES) + pick(r, GIVEN)
  return facts
}
