/**
 * CLI start-up: the wall time of whole `daiban` processes, hyperfine-style (a warm-up run, then
 * repeated runs, variants interleaved so a change in the machine's load hits them alike).
 *
 *   node bin/run-ts.js bench/cli-startup.ts [--runs 10] [--quick]
 *
 * Variants, in the same run:
 * - before: the TypeScript sources through tsx's loader — what bin/daiban.js did until the
 *   compiled build (register tsx, import runtime/cli/main.ts, run main);
 * - compiled ESM: the esbuild output (bin/build-server.js, built here into a folder of its own), run
 *   as `node daiban.js`: every command's full compiled CLI;
 * - after: what bin/daiban.js runs once it has found dist/ current (not through bin/daiban.js itself:
 *   in a checkout whose sources change while the bench runs it would fall back to tsx) — for
 *   validate, decide, score and workdays the quick path (daiban-quick.cjs with V8's code cache,
 *   bin/quick-loader.js), for the rest the compiled ESM. `decide` runs with the verdict cache the
 *   warm-up filled (runtime/cli/checked-cache.ts), and again with `--no-cache`: a first run after an
 *   edit. Where NODE_EXTRA_CA_CERTS is set (this sandbox points it at the whole system bundle, which
 *   every Node process then parses), `decide` and the floor run once more without it.
 * - baseline (with `--baseline DIR`): another compiled build, e.g. of an earlier commit:
 *     mkdir -p test-output/base-src && git archive <commit> engine runtime bin package.json tsconfig.json | tar -x -C test-output/base-src
 *     (cd test-output/base-src && node bin/build-server.js --outdir ../base-build)
 *     node bin/run-ts.js bench/cli-startup.ts --baseline test-output/base-build
 *   (inside the repository, so its packages resolve from node_modules).
 * Commands: `daiban --version`, and `daiban decide definitions/galutu <file>` with one intake.
 * Also `node -e 0`: the floor of any Node process on this machine. CPU is user + system time of
 * the child (from /proc/self/stat's cutime/cstime, 10 ms ticks). Target: under 300 ms of wall time.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error -- plain JavaScript of the launcher (bin/), no type declarations
import { QUICK_COMMANDS } from '../bin/quick-loader.js'
import { GALUTU, QUICK, ROOT, arg, header, median, ms, ratio, table, verdict } from './lib'

const RUNS = Number(arg('--runs') ?? (QUICK ? 3 : 10))
const TARGET_MS = 300

/** The old bin/daiban.js, word for word but for argv (node -e has no script argument). */
const TSX_BIN =
  "import { register } from 'tsx/esm/api'\nregister()\nconst { main } = await import('./runtime/cli/main.ts')\nprocess.exitCode = await main(process.argv.slice(1))"

const tmp = mkdtempSync(path.join(os.tmpdir(), 'daiban-cli-bench-'))
const input = path.join(tmp, 'intake.json')
writeFileSync(
  input,
  JSON.stringify({ receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' }),
)

interface Variant {
  name: string
  argv: (args: string[]) => string[]
}
const BASELINE = arg('--baseline')
const VARIANTS: Variant[] = [
  { name: 'before: tsx', argv: (a) => ['--input-type=module', '-e', TSX_BIN, '--', ...a] },
  { name: 'compiled ESM (node daiban.js)', argv: (a) => [path.join(built, 'daiban.js'), ...a] },
  {
    name: 'after: as bin/daiban.js runs it',
    argv: (a) =>
      (QUICK_COMMANDS as readonly string[]).includes(a[0] ?? '') ? [path.join(built, 'quick-run.mjs'), ...a] : [path.join(built, 'daiban.js'), ...a],
  },
  ...(BASELINE ? [{ name: `baseline: compiled (${BASELINE})`, argv: (a: string[]) => [path.resolve(BASELINE, 'daiban.js'), ...a] }] : []),
]
const AFTER = 2
/** The sandbox this was written on sets NODE_EXTRA_CA_CERTS to the whole system bundle: every Node process parses ~150 certificates first. */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: undefined } : null
const COMMANDS: Array<{ name: string; args: string[]; env?: Record<string, string | undefined>; expect: (out: string) => boolean }> = [
  { name: 'daiban --version', args: ['--version'], expect: (o) => /^daiban \d+\.\d+\.\d+/.test(o) },
  { name: 'daiban decide galutu (1 input)', args: ['decide', GALUTU, input], expect: (o) => (JSON.parse(o) as { outcome?: string }).outcome === 'proxy' },
  {
    name: 'daiban decide galutu --no-cache (first run after a change)',
    args: ['decide', GALUTU, input, '--no-cache'],
    expect: (o) => (JSON.parse(o) as { outcome?: string }).outcome === 'proxy',
  },
  ...(EXTRA_CA
    ? [
        {
          name: 'daiban decide galutu (1 input), NODE_EXTRA_CA_CERTS unset',
          args: ['decide', GALUTU, input],
          env: EXTRA_CA,
          expect: (o: string) => (JSON.parse(o) as { outcome?: string }).outcome === 'proxy',
        },
      ]
    : []),
]

const TICK = 1000 / 100 // ms per clock tick (USER_HZ is 100 on Linux)
function childCpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8')
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ')
  // after the state field: cutime and cstime are fields 16 and 17 of the whole line (index 13, 14 here)
  return (Number(fields[13]) + Number(fields[14])) * TICK
}

function once(argv: string[], env: Record<string, string | undefined> = {}): { wall: number; cpu: number; out: string; code: number | null } {
  const c0 = childCpuMs()
  const t0 = performance.now()
  const r = spawnSync(process.execPath, argv, {
    cwd: ROOT,
    encoding: 'utf8',
    // verdicts of the CLI's own cache (runtime/cli/checked-cache.ts) in a folder of the bench's
    env: withEnv({ ...process.env, DAIBAN_LOG_LEVEL: 'silent', XDG_CACHE_HOME: path.join(tmp, 'cache') }, env),
  })
  const wall = performance.now() - t0
  return { wall, cpu: childCpuMs() - c0, out: r.stdout, code: r.status }
}

// the compiled build, in a folder of its own inside the repository (its packages resolve from node_modules)
mkdirSync(path.join(ROOT, 'test-output'), { recursive: true })
const built = mkdtempSync(path.join(ROOT, 'test-output', 'bench-cli-'))
const b = spawnSync(process.execPath, [path.join(ROOT, 'bin/build-server.js'), '--outdir', built], { cwd: ROOT, encoding: 'utf8' })
if (b.status !== 0) throw new Error(`bin/build-server.js failed:\n${b.stdout}${b.stderr}`)
process.stderr.write(b.stdout)
// what bin/daiban.js does for a quick command once it has found dist/ current (its check of dist/ against the sources, a few ms, aside)
writeFileSync(
  path.join(built, 'quick-run.mjs'),
  `import { loadQuick } from ${JSON.stringify(path.join(ROOT, 'bin/quick-loader.js'))}\nconst code = await loadQuick(${JSON.stringify(built)}).run(process.argv.slice(2))\nconst drained = (s) => new Promise((done) => (s.writableLength ? s.once('drain', done) : done()))\nawait Promise.all([drained(process.stdout), drained(process.stderr)])\nprocess.exit(code)\n`,
)
function withEnv(base: NodeJS.ProcessEnv, over: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out = { ...base }
  for (const [k, v] of Object.entries(over))
    if (v === undefined) delete out[k]
    else out[k] = v
  return out
}

type Key = string
const samples = new Map<Key, { wall: number[]; cpu: number[] }>()
const add = (k: Key, r: { wall: number; cpu: number }) => {
  const s = samples.get(k) ?? { wall: [], cpu: [] }
  s.wall.push(r.wall)
  s.cpu.push(r.cpu)
  samples.set(k, s)
}
const FLOOR = 'node -e 0'
const FLOOR_NO_CA = 'node -e 0, NODE_EXTRA_CA_CERTS unset'

// warm-up (file cache, tsx's transform cache): one run each, checked
for (const c of COMMANDS) {
  for (const v of VARIANTS) {
    const r = once(v.argv(c.args), c.env)
    if (r.code !== 0 || !c.expect(r.out)) throw new Error(`${v.name} ${c.name}: exit ${r.code}, output ${r.out.slice(0, 200)}`)
  }
}
for (let i = 0; i < RUNS; i++) {
  add(FLOOR, once(['-e', '0']))
  if (EXTRA_CA) add(FLOOR_NO_CA, once(['-e', '0'], EXTRA_CA))
  for (const c of COMMANDS) for (const v of VARIANTS) add(`${c.name}|${v.name}`, once(v.argv(c.args), c.env))
  process.stderr.write(`run ${i + 1}/${RUNS}\n`)
}
rmSync(tmp, { recursive: true, force: true })
rmSync(built, { recursive: true, force: true })

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)))
const row = (label: string, variant: string, s: { wall: number[]; cpu: number[] }, vs?: { wall: number[] }) => [
  label,
  variant,
  `${ms(mean(s.wall))} ± ${ms(sd(s.wall))}`,
  ms(median(s.wall)),
  ms(Math.min(...s.wall)),
  ms(Math.max(...s.wall)),
  ms(mean(s.cpu)),
  vs ? ratio(median(vs.wall), median(s.wall)) : '',
]
const rows: string[][] = [['command', 'variant', 'wall mean ± sd', 'wall median', 'min', 'max', 'CPU mean', 'faster (median)']]
rows.push(row(FLOOR, 'floor: a Node process doing nothing', samples.get(FLOOR)!))
if (EXTRA_CA) rows.push(row(FLOOR_NO_CA, 'floor without the extra certificates', samples.get(FLOOR_NO_CA)!))
const verdicts: string[] = []
for (const c of COMMANDS) {
  const before = samples.get(`${c.name}|${VARIANTS[0]!.name}`)!
  const esm = samples.get(`${c.name}|${VARIANTS[1]!.name}`)!
  const after = samples.get(`${c.name}|${VARIANTS[AFTER]!.name}`)!
  rows.push(row(c.name, VARIANTS[0]!.name, before))
  rows.push(row(c.name, VARIANTS[1]!.name, esm, before))
  rows.push(row(c.name, VARIANTS[AFTER]!.name, after, before))
  const base = VARIANTS[3] && samples.get(`${c.name}|${VARIANTS[3].name}`)
  if (base) {
    rows.push(row(c.name, VARIANTS[3]!.name, base, before))
    verdicts.push(
      `- \`${c.name}\`, after vs baseline: wall median ${ratio(median(after.wall), median(base.wall))}, CPU mean ${ratio(mean(after.cpu), mean(base.cpu))} (${ms(mean(after.cpu))} vs ${ms(mean(base.cpu))})`,
    )
  }
  const floor = samples.get(c.env ? FLOOR_NO_CA : FLOOR)!
  verdicts.push(
    `- \`${c.name}\`, after: median ${ms(median(after.wall))} (floor ${ms(median(floor.wall))}; compiled ESM ${ms(median(esm.wall))}) — target < ${TARGET_MS} ms: ${verdict(median(after.wall) < TARGET_MS)}`,
  )
}
const load = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' ')
console.log(header('CLI start-up (bench/cli-startup.ts)'))
console.log(`${RUNS} runs per row after one warm-up run, interleaved; load average at the end: ${load}.\n`)
console.log(table(rows, 'llrrrrrr'))
console.log()
console.log(verdicts.join('\n'))
