/**
 * decide() throughput on Galutu and on the second-town test scheme (issue #16 §3: routing with an
 * order, a rule that sets a derived fact), before and after in the same run.
 *
 *   node bin/run-ts.js bench/decide-second-town.ts [--n 50000] [--before <commit or folder>] [--quick]
 *
 * "Before" is the engine of another commit, run in this same process: `--before 900fddf` extracts
 * that commit with `git archive` into a temporary folder (its node_modules a link to this one's),
 * or `--before <folder>` names a checkout. Its `decide()` and `loadSchemeDir()` are imported from
 * there, so both engines decide the same inputs one after the other. Without `--before`, only the
 * current engine is measured.
 *
 * Schemes and inputs (seeded PRNG, lib.ts `intakeFacts`, every category of the scheme's org):
 * - Galutu (routing mode all): the cost of the change on a scheme that does not use it — before and
 *   after on the first-edition copy (tests/fixtures/first-edition/galutu), which both engines read,
 *   and after alone on the shipped definitions (newer than an older engine reads);
 * - second-town as written (tests/fixtures/schemes/second-town): routing mode first, the
 *   collective petition (5 or more) a rule of priority 10 that sets the level to the town level;
 *   levels local 50 % / township 30 % / complex 20 %, 85 % one petitioner, 10 % 2–4, 5 % 5–30;
 * - second-town as the first edition had to write it (the workaround): routing mode all, a
 *   negated guard "fewer than 5" on every group's rule, the override picking the group only.
 *   The only form the "before" engine can load, so the before/after row of the second town.
 * Agreement: on every input, before and after give the same outcome, group, clock, due date and
 * escalation on Galutu and on the workaround; the priority form and the workaround the same group
 * (their clocks differ exactly on collective petitions typed below the town level: the priority
 * form sets the level, which the workaround could not).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  GALUTU,
  ROOT,
  arg,
  count,
  header,
  intakeFacts,
  ms,
  pick,
  rate,
  ratio,
  rng,
  scaled,
  settle,
  stats,
  table,
  type OrgLike,
  type Rand,
  type Stats,
} from './lib'

const N = Number(arg('--n') ?? scaled(50_000))
const WARMUP = Math.min(N, scaled(5_000))
const SECOND_TOWN = path.join(ROOT, 'tests/fixtures/schemes/second-town')
/** A copy of Galutu both engines read (the shipped one has moved on with the definitions' format). */
const FIRST_EDITION_GALUTU = path.join(ROOT, 'tests/fixtures/first-edition/galutu')

interface Engine {
  label: string
  decide(scheme: unknown, input: unknown): Promise<{ ok: boolean; decision?: Record<string, unknown>; problems?: Array<{ code: string }> }>
  load(dir: string): Promise<{ scheme: unknown; problems: Array<{ code: string; file?: string; pointer: string }> }>
}

async function engineAt(root: string, label: string): Promise<Engine> {
  const eng = (await import(pathToFileURL(path.join(root, 'engine/index.ts')).href)) as { decide: Engine['decide'] }
  const files = (await import(pathToFileURL(path.join(root, 'runtime/schemes/files.ts')).href)) as { loadSchemeDir: Engine['load'] }
  return { label, decide: eng.decide, load: (dir) => files.loadSchemeDir(dir) }
}

/** A folder holding the engine to compare with: a checkout, or a commit extracted with git archive. */
function beforeRoot(spec: string): { root: string; cleanup: () => void } {
  if (fs.existsSync(path.join(spec, 'engine/index.ts'))) return { root: path.resolve(spec), cleanup: () => {} }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-bench-before-'))
  const tar = execFileSync('git', ['archive', '--format=tar', spec], { cwd: ROOT, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', root], { input: tar })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'))
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** second-town written as the first edition had to: mode all, a negated guard on every group's rule, no derived level. */
function workaround(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-bench-second-town-'))
  fs.cpSync(SECOND_TOWN, dir, { recursive: true })
  const file = path.join(dir, 'rules.json')
  const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    ruleSets: Array<{ produces: string; mode: string; rules: Array<{ id: string; set?: unknown; priority?: number; conditions: { all?: unknown[] } }> }>
  }
  const routing = rules.ruleSets.find((r) => r.produces === 'group')!
  routing.mode = 'all'
  for (const r of routing.rules) {
    if (r.set) {
      delete r.set
      delete r.priority
    } else if (r.id !== 'to_governance') r.conditions.all!.push({ fact: 'petitionerCount', operator: 'lessThan', value: 5 })
  }
  fs.writeFileSync(file, JSON.stringify(rules, null, 2))
  return dir
}

const LEVELS: Record<string, string> = { village: 'local', town: 'township', multi_department: 'complex', major: 'complex' }

/** Galutu's generator over second-town's org, its levels, and the number of petitioners. */
function secondTownFacts(r: Rand, org: OrgLike): Record<string, unknown> {
  const f = intakeFacts(r, org, { from: '2024-01-01', to: '2026-09-30' })
  f.level = LEVELS[String(f.level)]
  f.household = pick(r, ['本镇农牧业户籍', '本镇非农牧业户籍', '外来人员'])
  const x = r()
  if (x >= 0.85) {
    f.petitionerCount = x < 0.95 ? 2 + Math.floor(r() * 3) : 5 + Math.floor(r() * 26)
    if ((f.petitionerCount as number) >= 5) {
      f.representatives = '代表甲、代表乙'
      delete f.answerableOnSpot // not offered to a collective petition (the form's condition)
    }
  }
  return f
}

async function timeAll(
  inputs: Array<Record<string, unknown>>,
  fn: (x: Record<string, unknown>) => Promise<{ ok: boolean }>,
): Promise<{ st: Stats; refused: number }> {
  const samples = new Array<number>(inputs.length)
  let refused = 0
  const start = performance.now()
  for (let i = 0; i < inputs.length; i++) {
    const t0 = performance.now()
    const r = await fn(inputs[i]!)
    samples[i] = performance.now() - t0
    if (!r.ok) refused++
  }
  return { st: stats(samples, performance.now() - start), refused }
}

type Result = Awaited<ReturnType<Engine['decide']>>
const key = (r: Result, fields = ['outcome', 'groupId', 'clock', 'dueDate', 'escalateTo']) =>
  r.ok ? JSON.stringify(fields.map((f) => r.decision![f] ?? null)) : `refused ${r.problems?.[0]?.code}`

async function main(): Promise<void> {
  const t0 = performance.now()
  const readOrg = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'org.json'), 'utf8')) as OrgLike
  const r1 = rng(20260302)
  const galutuInputs = Array.from({ length: N }, () => intakeFacts(r1, readOrg(GALUTU), { from: '2023-01-01', to: '2026-09-30' }))
  const stOrg = readOrg(SECOND_TOWN)
  const r2 = rng(20260316)
  const stInputs = Array.from({ length: N }, () => secondTownFacts(r2, stOrg))
  const collective = stInputs.filter((x) => (x.petitionerCount as number) >= 5).length

  const after = await engineAt(ROOT, 'after')
  const spec = arg('--before')
  const before = spec ? beforeRoot(spec) : null
  const engines = [after, ...(before ? [await engineAt(before.root, `before (${spec})`)] : [])]
  const workaroundDir = workaround()

  const rows: string[][] = []
  const notes: string[] = []
  /** Per scheme and engine, each input's decision as a key (outcome, group, clock, due date, escalation): kept small, so no run pays another's garbage. */
  const results = new Map<string, { full: string[]; group: string[] }>()
  const ROUNDS = 3

  // Per scheme: load on each engine that reads it, warm each up, then time them in turns
  // (before, after, before, after…) and keep each engine's best round: neither pays for coming
  // first or second. The ratio column is after ÷ before.
  const schemes: Array<[string, string, Array<Record<string, unknown>>, boolean]> = [
    ['Galutu, first-edition copy (routing mode all)', FIRST_EDITION_GALUTU, galutuInputs, true],
    ['Galutu as shipped (definitions/galutu)', GALUTU, galutuInputs, false],
    ['second-town, workaround (mode all, negated guards)', workaroundDir, stInputs, true],
    ['second-town, priority rule + derived level', SECOND_TOWN, stInputs, false],
  ]
  for (const [name, dir, inputs, both] of schemes) {
    const runners: Array<{ e: Engine; scheme: unknown; best?: { st: Stats; refused: number } }> = []
    for (const e of [...(both && engines[1] ? [engines[1]] : []), after]) {
      const loaded = await e.load(dir)
      if (!loaded.scheme) {
        rows.push([`${name} — ${e.label}`, count(inputs.length), 'does not load', '', '', '', '', ''])
        notes.push(
          `${name} does not load on ${e.label}: ${loaded.problems
            .slice(0, 3)
            .map((p) => `${p.file ?? ''} ${p.pointer} ${p.code}`)
            .join('; ')}`,
        )
        continue
      }
      for (let i = 0; i < WARMUP; i++) await e.decide(loaded.scheme, inputs[i]!)
      const full: string[] = []
      const group: string[] = []
      for (const f of inputs) {
        const r = await e.decide(loaded.scheme, f)
        full.push(key(r))
        group.push(key(r, ['outcome', 'groupId']))
      }
      results.set(`${name}|${e.label}`, { full, group })
      runners.push({ e, scheme: loaded.scheme })
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const x of runners) {
        await settle()
        const t = await timeAll(inputs, (f) => x.e.decide(x.scheme, f))
        if (!x.best || t.st.perSec > x.best.st.perSec) x.best = t
      }
    }
    const base = runners.length > 1 ? runners[0]!.best!.st : undefined
    for (const x of runners) {
      const b = x.best!
      rows.push([
        `${name} — ${x.e.label}`,
        count(inputs.length),
        rate(b.st.perSec),
        ms(b.st.p50),
        ms(b.st.p95),
        ms(b.st.p99),
        base && x.e === after ? ratio(b.st.perSec, base.perSec) : '',
        String(b.refused),
      ])
    }
  }

  // ---- agreement
  const agree = (a: string, b: string, which: 'full' | 'group' = 'full') => {
    const x = results.get(a)?.[which]
    const y = results.get(b)?.[which]
    if (!x || !y) return null
    let diff = 0
    let example = ''
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) {
        diff++
        if (!example) example = `#${i}: ${x[i]} vs ${y[i]}`
      }
    }
    return { diff, example }
  }
  let failed = false
  if (engines[1]) {
    for (const [name] of schemes.filter((x) => x[3])) {
      const a = agree(`${name}|${engines[1].label}`, `${name}|after`)
      if (a)
        notes.push(
          `${name}: before and after agree on outcome, group, clock, due date and escalation for ${a.diff === 0 ? 'every' : `all but ${a.diff} of the`} ${count(N)} inputs${a.example ? ` (${a.example})` : ''}.`,
        )
      if (a?.diff) failed = true
    }
  }
  const [workaroundName, priorityName] = [schemes[2]![0], schemes[3]![0]]
  const g = agree(`${workaroundName}|after`, `${priorityName}|after`, 'group')
  const c = agree(`${workaroundName}|after`, `${priorityName}|after`)
  if (g)
    notes.push(
      `second-town, priority rule vs workaround: the same group on ${g.diff === 0 ? 'every input' : `all but ${g.diff}`}; the clock or due date differs on ${c?.diff ?? '?'} inputs — the collective petitions (${collective} of ${count(N)}) not typed at the town level, whose level the rule sets.`,
    )
  if (g?.diff) failed = true

  const out: string[] = []
  out.push(header('decide() on Galutu and on the second-town scheme (issue #16 §3: routing by priority, derived level), before / after'))
  out.push(table([['scheme — engine', 'decisions', 'decisions/s (1 core)', 'p50', 'p95', 'p99', 'after vs before', 'refused'], ...rows]))
  out.push('')
  for (const n of notes) out.push(`- ${n}`)
  if (!engines[1])
    out.push('- No "before" engine: run with `--before <commit>` (e.g. the commit before the routing change, 900fddf) to compare in the same run.')
  out.push(
    `\nInputs: ${count(N)} per scheme (seeds 20260302, 20260316); warm-up ${count(WARMUP)} calls and one pass over the inputs per engine, then ${ROUNDS} timed passes each in turns, the best kept; second-town: ${collective} collective petitions. Total ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  )
  console.log(out.join('\n'))
  fs.rmSync(workaroundDir, { recursive: true, force: true })
  before?.cleanup()
  if (failed) process.exitCode = 1
}

await main()
