/**
 * Runs every bench script in sequence, each in its own (cold) child process, then prints all
 * their markdown tables together.
 *
 *   node bin/run-ts.js bench/run-all.ts [--quick] [--only decide,load] [--also report,designer]
 *   BENCH_QUICK=1 npm run bench        # smoke pass (sizes ÷10), e.g. in CI
 *
 * Default: decide, load, transition, validation, store, lists, report, import, startup, cli-startup. Other scripts in bench/ are listed
 * but not run unless named with --also or --only (some need a database or a front-end build).
 * Progress lines of the scripts go to stderr as they run; the tables are printed at the end.
 * A script that fails or runs past its time limit is reported and makes the exit code 1.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { QUICK, ROOT, arg } from './lib'

interface Script {
  name: string
  args: string[]
}

const SCRIPTS: Script[] = [
  { name: 'decide', args: [] },
  { name: 'load', args: [] },
  { name: 'transition', args: [] },
  { name: 'validation', args: [] },
  // bench/store.ts (owned by the store engineer) has no quick mode of its own: shrink it by arguments
  { name: 'store', args: QUICK ? ['--sizes', '100,1000,10000', '--ops', '100'] : [] },
  // the #20 rows: lists and the reminder pass, the yearly report, import, start-up, CLI start
  { name: 'lists', args: [] },
  { name: 'report', args: [] },
  { name: 'import', args: [] },
  { name: 'startup', args: QUICK ? [] : ['--runs', '1'] },
  { name: 'cli-startup', args: [] },
]
/** Hard limit per script; each is designed to finish well under 3 minutes on 2 cores. */
const LIMIT_MS = (QUICK ? 2 : 5) * 60_000

function run(script: Script): Promise<{ out: string; code: number | null; ms: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const env = { ...process.env, ...(QUICK ? { BENCH_QUICK: '1' } : {}) }
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.js'), path.join(ROOT, 'bench', `${script.name}.ts`), ...script.args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    let timedOut = false
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
    }, LIMIT_MS)
    const done = (code: number | null) => {
      clearTimeout(timer)
      resolve({ out, code, ms: performance.now() - t0, timedOut })
    }
    child.on('error', () => done(-1))
    child.on('close', done)
  })
}

/**
 * Other scripts in bench/ (added by other areas): not run by default, since some need more (a
 * database, a build). A file another bench file imports (`./lib`, `./lists-pg`, …) is a module,
 * not a script: read from the imports themselves, so a new helper module needs no list here.
 */
function otherScripts(): string[] {
  const dir = path.join(ROOT, 'bench')
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
  const imported = new Set<string>()
  for (const n of names) for (const m of fs.readFileSync(path.join(dir, `${n}.ts`), 'utf8').matchAll(/(?:from|import\()\s*'\.\/([\w-]+)'/g)) imported.add(m[1]!)
  const known = new Set([...SCRIPTS.map((s) => s.name), 'run-all', ...imported])
  return names.filter((n) => !known.has(n)).sort()
}

async function main(): Promise<void> {
  const only = arg('--only')?.split(',')
  const also = arg('--also')?.split(',') ?? []
  const others = otherScripts()
  const wanted = only ?? [...SCRIPTS.map((s) => s.name), ...also]
  const scripts = wanted
    .map((name) => SCRIPTS.find((s) => s.name === name) ?? { name, args: [] })
    .filter((s) => fs.existsSync(path.join(ROOT, 'bench', `${s.name}.ts`)))
  const skipped = others.filter((n) => !wanted.includes(n))
  if (skipped.length) process.stderr.write(`not run (add with --also ${skipped.join(',')}): ${skipped.map((n) => `bench/${n}.ts`).join(', ')}\n`)
  const results: Array<{ script: Script; out: string; code: number | null; ms: number; timedOut: boolean }> = []
  for (const script of scripts) {
    process.stderr.write(`\n=== bench/${script.name}.ts ${script.args.join(' ')}${QUICK ? ' (BENCH_QUICK=1)' : ''}\n`)
    const r = await run(script)
    process.stderr.write(`=== bench/${script.name}.ts: ${r.timedOut ? 'TIMED OUT' : r.code === 0 ? 'ok' : `exit ${r.code}`} in ${(r.ms / 1000).toFixed(1)} s\n`)
    results.push({ script, ...r })
  }
  const lines: string[] = [`# Daiban benchmarks${QUICK ? ' (quick smoke pass — not a measurement)' : ''}`, '']
  if (skipped.length) lines.push(`Not run here: ${skipped.map((n) => `bench/${n}.ts`).join(', ')} (\`--also ${skipped.join(',')}\`).`, '')
  for (const r of results) {
    lines.push(`<!-- bench/${r.script.name}.ts ${r.script.args.join(' ')}: ${(r.ms / 1000).toFixed(1)} s -->`)
    if (r.timedOut) lines.push(`**bench/${r.script.name}.ts timed out after ${LIMIT_MS / 1000} s**`)
    else if (r.code !== 0) lines.push(`**bench/${r.script.name}.ts failed (exit ${r.code})**`)
    lines.push(r.out.trim(), '')
  }
  console.log(lines.join('\n'))
  if (results.some((r) => r.timedOut || r.code !== 0)) process.exitCode = 1
}

await main()
