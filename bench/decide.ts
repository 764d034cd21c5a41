/**
 * decide() throughput and latency, against a naive decider in the same run.
 *
 *   node bin/run-ts.js bench/decide.ts [--n 100000] [--quick]
 *
 * Inputs: N intake fact sets from a seeded PRNG (lib.ts `intakeFacts`): every category of
 * org.json, the four levels, triage booleans in realistic proportions (≈75 % proxy),
 * receivedOn across 2023-01-01 … 2026-09-30, solutionSettledOn for most multi-department/major
 * matters.
 *
 * Variants:
 * - Daiban `decide()` on a loaded scheme (long-lived engines, memoised rule results, working-day
 *   index table);
 * - naive: what a straightforward implementation does per call — build a NEW json-rules-engine
 *   `Engine` per rule set from rules.json (triage first match by priority, routing with the custom
 *   operator `inCategoriesOf` over org.json, levels, escalation) and count working days by walking
 *   day by day over calendar.json; the input is validated by an ajv function compiled once;
 * - long-lived engines: the naive decider with its engines built once (≈ "json-rules-engine
 *   alone"), to separate the memo/table gains from the per-call Engine construction.
 *
 * Also: the first 1,000 decisions right after loading (cold caches; the first one in a fresh
 * process, so the JIT is cold too) and an agreement check (outcome, group, clock, due date,
 * escalation) between Daiban and the naive decider on a 1k sample.
 *
 * GoRules ZEN (@gorules/zen-engine, Rust through its Node binding): the same decision as a JDM
 * graph of decision tables generated from the definitions (bench/zen/jdm.ts → bench/zen/galutu.json;
 * a stale file is refused), evaluated on the same inputs as decide() in the same run, each awaited
 * in turn; the due date from its clock, start day and length on the scheme's calendar. Every input
 * is compared (outcome, group, clock, due date, escalation); inputs decide() refuses (it validates
 * the facts; the tables do not) are counted apart. Target: decide() ≥ 5× ZEN's throughput.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Engine, type RuleProperties } from 'json-rules-engine'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { createRequire } from 'node:module'
import { ZenEngine } from '@gorules/zen-engine'
import { CalendarError, decide, type CompiledScheme } from '../engine/index'
import { galutuJdm, JDM_FILE } from './zen/jdm'
import { loadSchemeDir } from '../runtime/schemes/files'
import { GALUTU, arg, verdict, count, header, intakeFacts, ms, rate, ratio, rng, scaled, settle, stats, table, type OrgLike, type Stats } from './lib'

const require_ = createRequire(import.meta.url)
const N = Number(arg('--n') ?? scaled(100_000))
const COLD = Math.min(1000, N)
const NAIVE_N = Math.min(N, scaled(10_000))
const LONG_N = Math.min(N, scaled(20_000))
const AGREE_N = Math.min(N, 1000)
const WARMUP = Math.min(N, scaled(5_000))
const TARGET = 20_000
/** Inputs decided by both decide() and ZEN (the same ones, same order). */
const ZEN_N = Math.min(N, Number(arg('--zen-n') ?? scaled(20_000)))
const ZEN_RATIO_TARGET = 5

// ---------------------------------------------------------------- the naive decider

const readJson = (f: string) => JSON.parse(fs.readFileSync(path.join(GALUTU, f), 'utf8')) as Record<string, any>

interface RuleDef {
  id: string
  priority?: number
  conditions: unknown
  event: { type: string; params: Record<string, unknown> }
}
interface RuleSetDef {
  id: string
  produces: string
  mode: string
  factsForm: string
  rules: RuleDef[]
  default?: { event: { type: string; params: Record<string, unknown> } }
  outcomes?: Array<{ id: string; routes?: boolean; timed?: boolean }>
}

export interface NaiveDecision {
  outcome: string
  groupId: string | null
  clock: string | null
  dueDate: string | null
  escalateTo: string | null
}

class NaiveDecider {
  private readonly ruleSets: RuleSetDef[]
  private readonly org: OrgLike & { groups: Array<{ id: string; categories: string[] }> }
  private readonly clocks: Map<string, { days: number; unit: string; start: { dateField?: string } }>
  private readonly holidays = new Set<string>()
  private readonly makeup = new Set<string>()
  private readonly years = new Set<number>()
  private readonly weekend: Set<number>
  private readonly defaults: Record<string, unknown> = {}
  private readonly validate: ValidateFunction
  private readonly engines = new Map<string, Engine>()

  /** `fresh`: build a new Engine per rule set on every call (the naive way). */
  constructor(private readonly fresh: boolean) {
    this.ruleSets = readJson('rules.json').ruleSets as RuleSetDef[]
    this.org = readJson('org.json') as never
    this.clocks = new Map(
      (readJson('deadlines.json').clocks as Array<{ id: string; days: number; unit: string; start: { dateField?: string } }>).map((c) => [c.id, c]),
    )
    const cal = readJson('calendar.json') as {
      weekend: number[]
      years: Record<string, { holidays: Array<{ date: string }>; workdays: Array<{ date: string }> }>
    }
    this.weekend = new Set(cal.weekend)
    for (const [y, def] of Object.entries(cal.years)) {
      this.years.add(Number(y))
      for (const h of def.holidays) this.holidays.add(h.date)
      for (const w of def.workdays) this.makeup.add(w.date)
    }
    const intake = (readJson('forms-intake.json').forms as Array<{ id: string; schema: Record<string, any> }>).find((f) => f.id === 'intake')!
    for (const [k, p] of Object.entries(intake.schema.properties as Record<string, Record<string, unknown>>)) if ('default' in p) this.defaults[k] = p.default
    const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true })
    ;((addFormats as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormats as unknown as (a: Ajv2020) => void))(ajv)
    this.validate = ajv.compile({ ...intake.schema, required: [] })
    if (!fresh) for (const rs of this.ruleSets) this.engines.set(rs.id, this.build(rs))
  }

  private build(rs: RuleSetDef): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true })
    engine.addOperator(
      'inCategoriesOf',
      (fact: unknown, groupId: unknown) => typeof fact === 'string' && (this.org.groups.find((g) => g.id === groupId)?.categories.includes(fact) ?? false),
    )
    for (const r of rs.rules) engine.addRule({ name: r.id, priority: r.priority ?? 1, conditions: r.conditions, event: r.event } as RuleProperties)
    return engine
  }

  private async run(rs: RuleSetDef, facts: Record<string, unknown>): Promise<RuleDef['event'][]> {
    const engine = this.fresh ? this.build(rs) : this.engines.get(rs.id)!
    const res = await engine.run(facts)
    const order = new Map(rs.rules.map((r, i) => [r.id, i]))
    return res.results
      .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || order.get(String(a.name))! - order.get(String(b.name))!)
      .map((r) => r.event as RuleDef['event'])
  }

  private isWorkday(d: Date): boolean {
    const s = d.toISOString().slice(0, 10)
    if (!this.years.has(d.getUTCFullYear())) throw new Error(`calendar does not cover ${s}`)
    if (this.holidays.has(s)) return false
    if (this.makeup.has(s)) return true
    return !this.weekend.has(d.getUTCDay())
  }

  /** Walks day by day: the start day is not counted. */
  addDays(start: string, n: number, unit: string): string {
    const d = new Date(`${start}T00:00:00Z`)
    this.isWorkday(d)
    let left = n
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + 1)
      if (unit !== 'workday' || this.isWorkday(d)) left--
    }
    if (unit !== 'workday') this.isWorkday(d)
    return d.toISOString().slice(0, 10)
  }

  async decide(input: Record<string, unknown>): Promise<NaiveDecision | { error: string }> {
    if (!this.validate(input)) return { error: 'invalid input' }
    const facts = { ...this.defaults, ...input }
    const byProduct = (p: string) => this.ruleSets.find((r) => r.produces === p)
    const triage = byProduct('outcome')!
    const fired = await this.run(triage, facts)
    const outcome = String((fired[0] ?? triage.default?.event)?.params.outcome ?? '')
    const def = triage.outcomes?.find((o) => o.id === outcome)
    const d: NaiveDecision = { outcome, groupId: null, clock: null, dueDate: null, escalateTo: null }
    if (def?.routes) {
      const groups = [...new Set((await this.run(byProduct('group')!, facts)).map((e) => String(e.params.group)))]
      if (groups.length !== 1) return { error: 'routing' }
      d.groupId = groups[0]!
    }
    if (def?.timed) {
      const levels = byProduct('clock')
      const ev = levels ? (await this.run(levels, facts))[0] : undefined
      if (ev) {
        d.clock = String(ev.params.clock)
        const c = this.clocks.get(d.clock)!
        const start = facts[c.start.dateField ?? 'receivedOn']
        if (typeof start === 'string') d.dueDate = this.addDays(start, c.days, c.unit)
      }
    }
    // escalation (三跨三分离) only for matters the town takes on, i.e. outcomes that route
    const esc = byProduct('escalation')
    if (esc && def?.routes) {
      const ev = (await this.run(esc, facts))[0]
      if (ev) d.escalateTo = String(ev.params.to)
    }
    return d
  }
}

// ---------------------------------------------------------------- measuring

function ZenEngineVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(path.dirname(require_.resolve('@gorules/zen-engine')), 'package.json'), 'utf8')) as { version: string }).version
}

async function timeAll(
  inputs: Array<Record<string, unknown>>,
  fn: (x: Record<string, unknown>) => Promise<unknown>,
): Promise<{ st: Stats; failed: number; cpuPerSec: number }> {
  const samples = new Array<number>(inputs.length)
  let failed = 0
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < inputs.length; i++) {
    const t0 = performance.now()
    const r = (await fn(inputs[i]!)) as { ok?: boolean; error?: string }
    samples[i] = performance.now() - t0
    if (r.ok === false || r.error) failed++
  }
  const wall = performance.now() - start
  const cpu = process.cpuUsage(cpu0)
  // per second of process CPU (all threads): on a shared machine, wall-clock rates count other jobs' time too
  return { st: stats(samples, wall), failed, cpuPerSec: inputs.length / ((cpu.user + cpu.system) / 1e6) }
}

interface ZenOut {
  outcome: string
  groupId: string | null
  /** null when the outcome does not route */
  routingMatches: number | null
  clock: string | null
  startOn: unknown
  days: number | null
  unit: 'workday' | 'calendar' | null
  escalateTo: string | null
}

/** ZEN's decision in decide()'s terms: the due date counted on the scheme's calendar, as decide() does. */
function zenDecision(scheme: CompiledScheme, z: ZenOut): NaiveDecision | { error: string } {
  // ZEN leaves out a key whose expression gives nothing
  if ((z.routingMatches ?? null) !== null && z.routingMatches !== 1) return { error: 'routing' }
  let dueDate: string | null = null
  if (z.clock && typeof z.startOn === 'string' && typeof z.days === 'number' && z.unit) {
    try {
      dueDate = scheme.calendar.addDays(z.startOn, z.days, z.unit)
    } catch (e) {
      if (e instanceof CalendarError) return { error: 'calendar' }
      throw e
    }
  }
  return { outcome: z.outcome, groupId: z.groupId ?? null, clock: z.clock ?? null, dueDate, escalateTo: z.escalateTo ?? null }
}

async function main(): Promise<void> {
  const t0 = performance.now()
  // Inputs first (the generator needs only org.json), so the cold measurement is the first engine work.
  const org = readJson('org.json') as unknown as OrgLike
  const r = rng(20260302)
  const inputs = Array.from({ length: N }, () => intakeFacts(r, org, { from: '2023-01-01', to: '2026-09-30' }))

  // ---- cold: a freshly loaded scheme in a fresh process (JIT and rule caches cold)
  const loaded = await loadSchemeDir(GALUTU)
  if (!loaded.scheme) throw new Error(`galutu does not load: ${loaded.problems.map((p) => p.message).join('; ')}`)
  const coldFull = await timeAll(inputs.slice(0, COLD), (x) => decide(loaded.scheme!, x))
  // a second fresh scheme, loaded with {quick:true}: no triage reachability check, so even the
  // triage rule cache starts empty; the JIT is warm by now
  const quickLoaded = (await loadSchemeDir(GALUTU, { quick: true })).scheme as CompiledScheme
  const coldQuick = await timeAll(inputs.slice(0, COLD), (x) => decide(quickLoaded, x))

  // ---- warm: Daiban decide over all N inputs
  const scheme = loaded.scheme
  for (let i = 0; i < WARMUP; i++) await decide(scheme, inputs[i]!)
  await settle()
  const warm = await timeAll(inputs, (x) => decide(scheme, x))

  // ---- GoRules ZEN on the same inputs (the JDM graph must be what the definitions generate)
  const jdm = JSON.parse(fs.readFileSync(JDM_FILE, 'utf8')) as unknown
  if (JSON.stringify(jdm) !== JSON.stringify(galutuJdm(scheme)))
    throw new Error(`${JDM_FILE} differs from the definitions: regenerate it with node bin/run-ts.js bench/zen/jdm.ts --write`)
  const zenDecide = new ZenEngine().createDecision(jdm as object)
  const zenInputs = inputs.slice(0, ZEN_N)
  const zenEngineUs: number[] = []
  const zenRun = async (x: Record<string, unknown>) => {
    const r = await zenDecide.evaluate(x)
    // the engine's own time, e.g. "63.2µs" or "1.2ms"
    const m = /^([\d.]+)(µs|ms|ns|s)$/.exec(String(r.performance))
    if (m) zenEngineUs.push(Number(m[1]) * ({ ns: 0.001, µs: 1, ms: 1000, s: 1e6 } as Record<string, number>)[m[2]!]!)
    return zenDecision(scheme, r.result as ZenOut)
  }
  for (let i = 0; i < Math.min(1000, ZEN_N); i++) await zenRun(zenInputs[i]!)
  zenEngineUs.length = 0
  await settle()
  const decideSame = await timeAll(zenInputs, (x) => decide(scheme, x))
  await settle()
  const zen = await timeAll(zenInputs, zenRun)
  let zenCompared = 0
  let zenMismatches = 0
  let zenRefusedByDecide = 0
  const zenExamples: string[] = []
  for (let i = 0; i < ZEN_N; i++) {
    const a = await decide(scheme, zenInputs[i]!)
    if (!a.ok) {
      zenRefusedByDecide++
      continue
    }
    zenCompared++
    const left = {
      outcome: a.decision.outcome,
      groupId: a.decision.groupId,
      clock: a.decision.clock,
      dueDate: a.decision.dueDate,
      escalateTo: a.decision.escalateTo,
    }
    const right = zenDecision(scheme, (await zenDecide.evaluate(zenInputs[i]!)).result as ZenOut)
    if (JSON.stringify(left) !== JSON.stringify(right)) {
      zenMismatches++
      if (zenExamples.length < 5)
        zenExamples.push(`input #${i} ${JSON.stringify(zenInputs[i])}: daiban ${JSON.stringify(left)} vs ZEN ${JSON.stringify(right)}`)
    }
  }
  const zenEngine = stats(
    zenEngineUs.map((u) => u / 1000),
    1,
  )

  // ---- naive baselines
  const naive = new NaiveDecider(true)
  for (let i = 0; i < Math.min(200, NAIVE_N); i++) await naive.decide(inputs[i]!)
  await settle()
  const naiveRun = await timeAll(inputs.slice(0, NAIVE_N), (x) => naive.decide(x))
  const longLived = new NaiveDecider(false)
  for (let i = 0; i < Math.min(1000, LONG_N); i++) await longLived.decide(inputs[i]!)
  await settle()
  const longRun = await timeAll(inputs.slice(0, LONG_N), (x) => longLived.decide(x))

  // ---- agreement on a sample spread over the inputs
  let mismatches = 0
  const examples: string[] = []
  const step = Math.max(1, Math.floor(N / AGREE_N))
  let compared = 0
  for (let i = 0; i < N && compared < AGREE_N; i += step, compared++) {
    const a = await decide(scheme, inputs[i]!)
    const b = await naive.decide(inputs[i]!)
    const left = a.ok
      ? { outcome: a.decision.outcome, groupId: a.decision.groupId, clock: a.decision.clock, dueDate: a.decision.dueDate, escalateTo: a.decision.escalateTo }
      : { error: a.problems[0]?.code }
    const same = a.ok && !('error' in b) ? JSON.stringify(left) === JSON.stringify(b) : !a.ok && 'error' in b
    if (!same) {
      mismatches++
      if (examples.length < 5) examples.push(`input #${i} ${JSON.stringify(inputs[i])}: daiban ${JSON.stringify(left)} vs naive ${JSON.stringify(b)}`)
    }
  }

  // ---- coverage of the inputs (what the run actually exercised)
  const outcomes = new Map<string, number>()
  const levels = new Map<string, number>()
  const categories = new Set<string>()
  let due = 0
  let noDue = 0
  let settled = 0
  for (let i = 0; i < N; i++) {
    const x = inputs[i]!
    const d = await decide(scheme, x)
    if (!d.ok) {
      outcomes.set(`error ${d.problems[0]?.code}`, (outcomes.get(`error ${d.problems[0]?.code}`) ?? 0) + 1)
      continue
    }
    outcomes.set(d.decision.outcome, (outcomes.get(d.decision.outcome) ?? 0) + 1)
    levels.set(String(x.level), (levels.get(String(x.level)) ?? 0) + 1)
    categories.add(String(x.category))
    if (x.solutionSettledOn) settled++
    if (d.decision.dueDate) due++
    else if (d.decision.clock) noDue++
  }
  const allCategories = org.groups.reduce((a, g) => a + g.categories.length, 0)

  // ---- report
  const row = (name: string, n: number, x: { st: Stats; failed: number }, base?: Stats) => [
    name,
    count(n),
    rate(x.st.perSec),
    ms(x.st.p50),
    ms(x.st.p95),
    ms(x.st.p99),
    base ? ratio(x.st.perSec, base.perSec) : '',
    String(x.failed),
  ]
  const out: string[] = []
  out.push(header('decide() — triage, routing, level time limit, due date, escalation'))
  out.push(
    table([
      ['variant', 'decisions', 'decisions/s (1 core)', 'p50', 'p95', 'p99', 'throughput vs naive', 'refused'],
      row('**Daiban decide()**, warm', N, warm, naiveRun.st),
      row('Daiban, cold: fresh process, first 1k after loadSchemeDir', COLD, coldFull, naiveRun.st),
      row('Daiban, fresh scheme ({quick:true}, triage cache not pre-filled), first 1k', COLD, coldQuick, naiveRun.st),
      row('naive: new json-rules-engine Engine per call + day-by-day walk', NAIVE_N, naiveRun, naiveRun.st),
      row('long-lived json-rules-engine Engines, no memo + day-by-day walk', LONG_N, longRun, naiveRun.st),
    ]),
  )
  out.push('')
  out.push(
    `Target ≥ ${TARGET.toLocaleString('en-US')} decisions/s: **${verdict(warm.st.perSec >= TARGET)}** (${rate(warm.st.perSec)}/s, ${ratio(warm.st.perSec, TARGET)} the target; ${ratio(warm.st.perSec, longRun.st.perSec)} long-lived json-rules-engine).`,
  )
  out.push('')
  out.push(`### decide() vs GoRules ZEN ${ZenEngineVersion()} (same ${count(ZEN_N)} inputs, same run)\n`)
  out.push(
    table([
      ['variant', 'decisions', 'decisions per CPU-second', 'decisions/s (wall)', 'p50', 'p95', 'p99', 'CPU throughput vs ZEN', 'p50 ZEN ÷ decide'],
      [
        '**Daiban decide()**',
        count(ZEN_N),
        rate(decideSame.cpuPerSec),
        rate(decideSame.st.perSec),
        ms(decideSame.st.p50),
        ms(decideSame.st.p95),
        ms(decideSame.st.p99),
        ratio(decideSame.cpuPerSec, zen.cpuPerSec),
        ratio(zen.st.p50, decideSame.st.p50),
      ],
      [
        'ZEN: JDM decision tables (bench/zen/galutu.json) + due date on the scheme calendar',
        count(ZEN_N),
        rate(zen.cpuPerSec),
        rate(zen.st.perSec),
        ms(zen.st.p50),
        ms(zen.st.p95),
        ms(zen.st.p99),
        '1.00×',
        '',
      ],
      ['ZEN engine time alone (its reported `performance`)', count(zenEngine.n), '', '', ms(zenEngine.p50), ms(zenEngine.p95), ms(zenEngine.p99), '', ''],
    ]),
  )
  out.push('')
  out.push(
    `Target decide() ≥ ${ZEN_RATIO_TARGET}× ZEN (decisions per CPU-second, all threads: ZEN evaluates off the main thread; load average ${os.loadavg()[0]!.toFixed(1)}): **${verdict(decideSame.cpuPerSec >= ZEN_RATIO_TARGET * zen.cpuPerSec)}** (${ratio(decideSame.cpuPerSec, zen.cpuPerSec)}; wall-clock ${ratio(decideSame.st.perSec, zen.st.perSec)}). Agreement on ${count(zenCompared)} inputs (outcome, group, clock, due date, escalation): **${zenMismatches} mismatches**; ${zenRefusedByDecide} inputs refused by decide() (invalid facts: ZEN's tables do not validate) not compared.`,
  )
  for (const e of zenExamples) out.push(`- ${e}`)
  out.push('')
  out.push(`Agreement Daiban vs naive (outcome, group, clock, dueDate, escalateTo) on ${compared} inputs: **${mismatches} mismatches**.`)
  for (const e of examples) out.push(`- ${e}`)
  out.push('')
  out.push(
    `Inputs: ${count(N)} (seed 20260302); ${categories.size}/${allCategories} categories; outcomes ${[...outcomes].map(([k, v]) => `${k} ${((v / N) * 100).toFixed(1)} %`).join(', ')}; levels ${[...levels].map(([k, v]) => `${k} ${v}`).join(', ')}; solutionSettledOn given ${settled}; due date computed ${due}, clock not started yet ${noDue}.`,
  )
  out.push(
    `Latencies are per awaited call (performance.now() around each). Warm-up: ${count(WARMUP)} Daiban calls. Total ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  )
  console.log(out.join('\n'))
  if (mismatches > 0 || zenMismatches > 0) process.exitCode = 1
}

await main()
