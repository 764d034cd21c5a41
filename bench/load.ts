/**
 * Loading (parse + validate + check + compile) the Galutu scheme, cold and warm, against a naive
 * "re-read, JSON.parse and compile every schema with a fresh ajv" loader in the same run; and the
 * second-town test scheme (tests/fixtures/schemes/second-town: four groups, three levels, priority
 * routing with a derived level, conditional fields, a clock from an event's date, placeholders —
 * issue #16) loaded the same way in the same run.
 *
 *   node bin/run-ts.js bench/load.ts [--runs 5] [--quick]
 *
 * Each cold figure comes from its own child process (`--child <mode>`), so nothing is cached and
 * the JIT is cold: the child times `loadSchemeDir` alone (from just before the call to just after,
 * module import excluded), then repeats it in the same process for the warm figure. The parent
 * also times the whole child process, spawn to exit (node + tsx start-up, module import, load).
 *
 * Modes:
 * - `full`: `loadSchemeDir(dir)` — every check, including the exhaustive triage reachability;
 * - `quick`: `loadSchemeDir(dir, { quick: true })` — the designer's per-keystroke preview;
 * - `lazy`: `loadSchemeDir(dir, { lazySchemas: true })` — a scheme loaded to be used (a published
 *   version, the CLI's decide and score): form and scoring-input validators compile on first use;
 * - `naive`: read every file, JSON.parse, a fresh Ajv2020 with ajv's default options
 *   (`code.optimize` on) compiling every kind schema and every form schema, validate each file.
 *   This is only the validation part of a load, i.e. a floor for a naive loader;
 * - `naive-noopt`: the same with `code: { optimize: false }` (what engine/validate uses);
 * - `second-town`: `loadSchemeDir(SECOND_TOWN)` — full checks, like `full`, on the test scheme.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { KIND_SCHEMAS } from '../engine/index'
import { loadSchemeDir } from '../runtime/schemes/files'
import { GALUTU, QUICK, ROOT, arg, header, median, ms, ratio, table, verdict } from './lib'

const SECOND_TOWN = path.join(ROOT, 'tests', 'fixtures', 'schemes', 'second-town')

const MODES = ['full', 'quick', 'lazy', 'naive', 'naive-noopt', 'second-town'] as const
type Mode = (typeof MODES)[number]
const RUNS = Number(arg('--runs') ?? (QUICK ? 2 : 5))
const WARM_REPEATS = QUICK ? 3 : 10
const TARGET_MS = 300

interface ChildResult {
  mode: Mode
  /** performance.now() when main() starts: node start-up + tsx + module import */
  importMs: number
  coldMs: number
  /** CPU (user + system) of the cold load: under a loaded machine the wall time mostly waits for a core */
  coldCpuMs: number
  warmMs: number[]
  problems: number
}

async function naiveLoad(dir: string, optimize: boolean): Promise<number> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  const files = await Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as Record<string, unknown>))
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, ...(optimize ? {} : { code: { optimize: false } }) })
  ;((addFormats as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormats as unknown as (a: Ajv2020) => void))(ajv)
  let problems = 0
  for (const f of files) {
    const schema = KIND_SCHEMAS[f.kind as keyof typeof KIND_SCHEMAS]
    if (!schema) {
      problems++
      continue
    }
    const validate = ajv.compile(schema as object)
    if (!validate(f)) problems += validate.errors?.length ?? 1
    if (f.kind === 'forms') for (const form of f.forms as Array<{ schema: object }>) ajv.compile(form.schema)
  }
  return problems
}

async function child(mode: Mode): Promise<void> {
  const importMs = performance.now()
  const once = async (): Promise<number> => {
    if (mode === 'full') return (await loadSchemeDir(GALUTU)).problems.length
    if (mode === 'quick') return (await loadSchemeDir(GALUTU, { quick: true })).problems.length
    if (mode === 'lazy') return (await loadSchemeDir(GALUTU, { lazySchemas: true })).problems.length
    if (mode === 'second-town') return (await loadSchemeDir(SECOND_TOWN)).problems.length
    return naiveLoad(GALUTU, mode === 'naive')
  }
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const problems = await once()
  const coldMs = performance.now() - t0
  const c1 = process.cpuUsage(c0)
  const coldCpuMs = (c1.user + c1.system) / 1000
  // the parent timestamps this line: spawn → scheme loaded
  process.stdout.write('loaded\n')
  const warmMs: number[] = []
  for (let i = 0; i < WARM_REPEATS; i++) {
    const t = performance.now()
    await once()
    warmMs.push(performance.now() - t)
  }
  const r: ChildResult = { mode, importMs, coldMs, coldCpuMs, warmMs, problems }
  process.stdout.write(JSON.stringify(r) + '\n')
}

function spawnChild(mode: Mode): Promise<{ r: ChildResult; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.js'), path.join(ROOT, 'bench', 'load.ts'), '--child', mode], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    })
    let out = ''
    let wallMs = NaN
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (Number.isNaN(wallMs) && out.includes('loaded\n')) wallMs = performance.now() - t0
    })
    p.on('error', reject)
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child ${mode} exited with ${code}`))
      try {
        resolve({ r: JSON.parse(out.trim().split('\n').pop()!) as ChildResult, wallMs })
      } catch (e) {
        reject(e)
      }
    })
  })
}

async function main(): Promise<void> {
  const t0 = performance.now()
  // one unmeasured spawn: tsx's transform cache is then warm, as on any machine after the first start
  await spawnChild('quick')
  const results = new Map<Mode, Array<{ r: ChildResult; wallMs: number }>>()
  // interleave the modes so drift (thermal, page cache, other load) spreads over all of them
  for (let i = 0; i < RUNS; i++) {
    for (const m of MODES) {
      const list = results.get(m) ?? []
      list.push(await spawnChild(m))
      results.set(m, list)
    }
  }
  const min = (v: number[]) => Math.min(...v)
  const summary = new Map(
    MODES.map((m) => {
      const list = results.get(m)!
      const cold = list.map((x) => x.r.coldMs)
      const cpu = list.map((x) => x.r.coldCpuMs)
      const warm = list.flatMap((x) => x.r.warmMs)
      const wall = list.map((x) => x.wallMs)
      const imp = list.map((x) => x.r.importMs)
      return [m, { cold, cpu, warm, wall, imp, problems: list[0]!.r.problems }] as const
    }),
  )
  const naiveCold = median(summary.get('naive')!.cold)
  const naiveWarm = median(summary.get('naive')!.warm)
  const label: Record<Mode, string> = {
    full: '**loadSchemeDir** (full checks)',
    quick: 'loadSchemeDir({ quick: true })',
    lazy: '**loadSchemeDir({ lazySchemas: true })** (published version, CLI decide/score: validators on first use)',
    naive: 'naive: read + JSON.parse + fresh Ajv (optimize on), compile kind + form schemas, validate',
    'naive-noopt': 'naive, Ajv `code.optimize: false`',
    'second-town': '**loadSchemeDir** (full checks), tests/fixtures/schemes/second-town',
  }
  const rows = [
    [
      'variant',
      'cold min',
      'cold median',
      'cold CPU median',
      'warm median (same process)',
      'warm min',
      'cold vs naive',
      'module import (median)',
      'process spawn → loaded, min',
      'process spawn → loaded, median',
      'problems',
    ],
  ]
  for (const m of MODES) {
    const s = summary.get(m)!
    rows.push([
      label[m],
      ms(min(s.cold)),
      ms(median(s.cold)),
      ms(median(s.cpu)),
      ms(median(s.warm)),
      ms(min(s.warm)),
      ratio(median(s.cold), naiveCold),
      ms(median(s.imp)),
      ms(min(s.wall)),
      ms(median(s.wall)),
      String(s.problems),
    ])
  }
  const out: string[] = []
  out.push(header('Scheme load + validate (definitions/galutu, tests/fixtures/schemes/second-town)'))
  out.push(table(rows))
  out.push('')
  const full = summary.get('full')!
  const quick = summary.get('quick')!
  out.push(
    `Target cold load < ${TARGET_MS} ms: **${verdict(median(full.cold) < TARGET_MS)}** (median ${ms(median(full.cold))}, min ${ms(min(full.cold))}; ${RUNS} child processes per mode).`,
  )
  const lazy = summary.get('lazy')!
  out.push(
    `Loading to use (lazySchemas: every check, form and scoring-input validators compiled on first use): cold median ${ms(median(lazy.cold))} (${ratio(median(lazy.cold), median(full.cold))} the full load's), cold CPU median ${ms(median(lazy.cpu))} (${ratio(median(lazy.cpu), median(full.cpu))} the full load's ${ms(median(full.cpu))}), target ${verdict(median(lazy.cold) < TARGET_MS)}; warm median ${ms(median(lazy.warm))} (${ratio(median(lazy.warm), median(full.warm))}).`,
  )
  const st = summary.get('second-town')!
  out.push(
    `Second-town test scheme, full checks: cold median ${ms(median(st.cold))} (${ratio(median(st.cold), median(full.cold))} Galutu's), warm median ${ms(median(st.warm))} (${ratio(median(st.warm), median(full.warm))} Galutu's); the "cold vs naive" column compares with the naive load of Galutu.`,
  )
  out.push(
    `Warm reload ${ms(median(full.warm))} (${ratio(median(full.warm), naiveWarm)} the naive validation-only reload). Exhaustive triage check ≈ ${ms(min(full.cold) - min(quick.cold))} cold, ${ms(min(full.warm) - min(quick.warm))} warm (full − quick, minimums; noisy when other jobs run).`,
  )
  out.push(
    `"cold" = first loadSchemeDir in a fresh process (modules already imported); "cold CPU" = user + system time of that load (what a loaded machine does not inflate much); "warm" = ${WARM_REPEATS} more loads in that process; "process spawn → loaded" = from spawning the child until it reports the cold load done (node + tsx start-up, module import, cold load). The naive rows validate only — they do not compile rules, calendar or machines, nor run cross-checks. Total ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  )
  console.log(out.join('\n'))
}

const childMode = arg('--child')
if (childMode) {
  if (!(MODES as readonly string[]).includes(childMode)) throw new Error(`unknown mode ${childMode}`)
  await child(childMode as Mode)
} else {
  await main()
}
