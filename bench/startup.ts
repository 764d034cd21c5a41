/**
 * Server start-up (issue #20: /api/ready < 3 s and RSS < 300 MB at 100k cases; issue #19: the
 * cold start with 10k cases, compiled against the TypeScript loader). Builds the server
 * (bin/build-server.js into a temp folder), seeds data folders (FileStore.bulkSeed, then a clean
 * close: empty, --small and --cases cases), starts each and times spawn → first 200 from
 * /api/ready, then reads the process's RSS (VmRSS, and its peak VmHWM) and the CPU it used
 * (user + system, all threads). Variants, interleaved in each round so a change of the machine's
 * load hits them alike:
 * - compiled (`node server.js`, as `npm start` and the systemd unit) on the empty folder: the
 *   baseline of the case counts (#20);
 * - compiled on --small and --cases cases;
 * - the TypeScript sources through tsx's loader (`daiban serve` as bin/daiban.js ran it before the
 *   compiled build; tsx's transform cache is warm after its first run) on --small cases: the
 *   baseline of the compiled start (#19).
 * With --journal N, one more start after N updates were journaled and the writer was killed (the
 * journal replayed at start-up). With --baseline DIR, another compiled build (e.g. of an earlier
 * commit, with its server.js in DIR) starts on the same folders, interleaved, and a table gives
 * this build against it:
 *     git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *     (cd /tmp/base && node bin/build-server.js --outdir "$OLDPWD/test-output/base-build")
 *     node bin/run-ts.js bench/startup.ts --baseline test-output/base-build
 *   (built inside this repository, so its packages resolve from node_modules).
 *
 *   node bin/run-ts.js bench/startup.ts [--cases 100000] [--small 10000] [--runs 3] [--journal 0] [--baseline DIR] [--quick]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FileStore } from '../runtime/store/index'
import { SchemeRegistry } from '../runtime/schemes/registry'
import { schemeFolders } from '../runtime/server/deps'
import { bundledDefinitions } from '../runtime/paths'
import { makeAudit, makeRecord } from '../tests/store/fixtures/records'
import { ROOT, arg, header, median, ms, ratio, scaled, table, verdict } from './lib'

const CASES = Number(arg('--cases') ?? scaled(100_000, 1000))
const SMALL = Number(arg('--small') ?? scaled(10_000, 100))
const RUNS = Number(arg('--runs') ?? scaled(3, 1))
const JOURNAL = Number(arg('--journal') ?? 0)
const BASELINE = arg('--baseline')
const READY_MS = 3000
const RSS_MB = 300

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

async function memKB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN)
}

/** The old bin/daiban.js running `daiban serve` (tsx registered, the CLI's TypeScript imported). */
const TSX_SERVE =
  "import { register } from 'tsx/esm/api'\nregister()\nconst { main } = await import('./runtime/cli/main.ts')\nprocess.exitCode = await main(['serve'])"

interface Result {
  readyMs: number
  cpuMs: number
  rssMB: number
  peakMB: number
}

/** CPU time of a process (user + system, every thread), from /proc/<pid>/stat in 10 ms ticks. */
async function cpuMs(pid: number): Promise<number> {
  const f = await fs.readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Starts a server (node with `argv`, from the repository) on a data folder; resolves when /api/ready answers 200. */
async function start(argv: string[], dataDir: string): Promise<Result> {
  const port = await freePort()
  const t0 = performance.now()
  const child: ChildProcess = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DAIBAN_HOST: '127.0.0.1', DAIBAN_DATA_DIR: dataDir, NODE_ENV: 'production', DAIBAN_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  let exited = false
  child.on('exit', () => (exited = true))
  try {
    for (;;) {
      if (exited) throw new Error(`server exited: ${stderr.slice(-500)}`)
      if (performance.now() - t0 > 120_000) throw new Error('not ready after 120 s')
      const ok = await fetch(`http://127.0.0.1:${port}/api/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) break
      await new Promise((r) => setTimeout(r, 25))
    }
    const readyMs = performance.now() - t0
    return {
      readyMs,
      cpuMs: await cpuMs(child.pid!),
      rssMB: (await memKB(child.pid!, 'VmRSS')) / 1024,
      peakMB: (await memKB(child.pid!, 'VmHWM')) / 1024,
    }
  } finally {
    child.kill('SIGTERM')
    if (!exited) await new Promise((r) => child.once('exit', r))
  }
}

/** N cases, and the schemes published (as a first start does), so every start of the folder finds them. */
async function seed(dir: string, n: number): Promise<void> {
  const store = new FileStore({ dir })
  await store.open()
  const failed = await new SchemeRegistry(store).syncFolders(await schemeFolders(bundledDefinitions()))
  if (failed.length) throw new Error(`scheme folders not published: ${failed.map((f) => f.dir).join(', ')}`)
  await store.bulkSeed(
    (function* () {
      for (let i = 0; i < n; i++) yield makeRecord(i, 1)
    })(),
  )
  await store.close()
}

/** N updates journaled, then the process's store is dropped without a clean close (as a kill would). */
async function journalWithoutClose(dir: string, n: number): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.js'), path.join(ROOT, 'bench', 'startup.ts'), '--write-journal', dir, String(n)], {
    stdio: 'inherit',
  })
  await new Promise((r) => child.once('exit', r))
}

if (process.argv.includes('--write-journal')) {
  // child mode: journal N updates, then exit without closing the store
  const i = process.argv.indexOf('--write-journal')
  const dir = process.argv[i + 1]!
  const n = Number(process.argv[i + 2])
  const store = new FileStore({ dir, journalMaxBytes: 1 << 30 })
  await store.open()
  const cases = store.caseCount
  let next = 0
  // 16 writers on distinct cases share the journal's group commit
  const worker = async () => {
    for (let k = next++; k < n; k = next++) {
      const c = k % cases
      const v = 2 + Math.floor(k / cases)
      await store.updateCase(makeRecord(c, v), v - 1, [makeAudit(makeRecord(c).summary.id, v)])
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  process.exit(0)
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-startup-'))
let built = ''
try {
  // inside the repository, so the built server resolves its packages from node_modules
  await fs.mkdir(path.join(ROOT, 'test-output'), { recursive: true })
  built = await fs.mkdtemp(path.join(ROOT, 'test-output', 'bench-startup-'))
  const b = spawn(process.execPath, [path.join(ROOT, 'bin', 'build-server.js'), '--outdir', built], { stdio: ['ignore', 'ignore', 'inherit'] })
  await new Promise((r) => b.once('exit', r))
  const server = path.join(built, 'server.js')

  const compiled = [server]
  const tsx = ['--input-type=module', '-e', TSX_SERVE]
  const empty = path.join(root, 'empty')
  const small = path.join(root, 'small')
  const full = path.join(root, 'full')
  await seed(empty, 0)
  await seed(small, SMALL)
  const s0 = performance.now()
  await seed(full, CASES)
  process.stderr.write(`seeded ${SMALL} and ${CASES} cases (the latter in ${ms(performance.now() - s0)})\n`)
  const snapshotMB = async (dir: string) => {
    const snap = (await fs.readdir(path.join(dir, 'index'))).find((n) => n.startsWith('summaries-'))
    return snap ? (await fs.stat(path.join(dir, 'index', snap))).size / 1048576 : 0
  }

  const n = (x: number) => x.toLocaleString('en-US')
  type Variant = { name: string; argv: string[]; dir: string; runs: Result[] }
  const base: Variant = { name: 'compiled, empty data folder (baseline of #20)', argv: compiled, dir: empty, runs: [] }
  const smallTsx: Variant = { name: `tsx loader, ${n(SMALL)} cases (baseline of #19)`, argv: tsx, dir: small, runs: [] }
  const smallCompiled: Variant = { name: `compiled, ${n(SMALL)} cases`, argv: compiled, dir: small, runs: [] }
  const fullCompiled: Variant = { name: `compiled, ${n(CASES)} cases`, argv: compiled, dir: full, runs: [] }
  const variants: Variant[] = [base, smallCompiled, smallTsx, fullCompiled]
  const baselineServer = BASELINE ? path.resolve(BASELINE, 'server.js') : null
  const smallBaseline: Variant | null = baselineServer ? { name: `baseline build, ${n(SMALL)} cases`, argv: [baselineServer], dir: small, runs: [] } : null
  const fullBaseline: Variant | null = baselineServer ? { name: `baseline build, ${n(CASES)} cases`, argv: [baselineServer], dir: full, runs: [] } : null
  if (smallBaseline && fullBaseline) variants.push(smallBaseline, fullBaseline)
  // A build of file-store format 1 refuses a folder this build marked 2 (runtime/store/file/checkpoint.ts).
  // These folders' journals hold nothing that format lacks (seeded, checkpointed, started and stopped):
  // the baseline gets them marked 1 again, and this build marks them 2 at its next start.
  const markFormat = async (dir: string, formatVersion: number) => {
    const root = path.join(dir, 'index', 'checkpoint.json')
    await fs.writeFile(root, JSON.stringify({ ...JSON.parse(await fs.readFile(root, 'utf8')), formatVersion }))
  }
  for (let r = 0; r < RUNS; r++) {
    for (const v of variants) {
      if (v === smallBaseline || v === fullBaseline) await markFormat(v.dir, 1)
      const res = await start(v.argv, v.dir)
      v.runs.push(res)
      process.stderr.write(`run ${r + 1}/${RUNS} ${v.name}: ready ${ms(res.readyMs)}, CPU ${ms(res.cpuMs)}, RSS ${res.rssMB.toFixed(0)} MB\n`)
    }
  }
  if (JOURNAL > 0) {
    await journalWithoutClose(full, JOURNAL)
    const j = (await fs.readdir(path.join(full, 'journal'))).map((f) => path.join(full, 'journal', f))
    const bytes = (await Promise.all(j.map((f) => fs.stat(f)))).reduce((sum, st) => sum + st.size, 0)
    // only the first start replays; the others find a clean close
    variants.push({
      name: `compiled, ${n(CASES)} cases + ${n(JOURNAL)} journaled updates (${(bytes / 1048576).toFixed(1)} MB), killed`,
      argv: compiled,
      dir: full,
      runs: [await start(compiled, full)],
    })
  }

  const med = (v: Variant, k: keyof Result) => median(v.runs.map((x) => x[k]))
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
  console.log(header(`Server start-up: empty, ${n(SMALL)} and ${n(CASES)} cases (bench/startup.ts)`))
  console.log(
    `File store; summaries snapshot ${(await snapshotMB(small)).toFixed(1)} MB at ${n(SMALL)}, ${(await snapshotMB(full)).toFixed(1)} MB at ${n(CASES)}; ` +
      `median of ${RUNS} start${RUNS > 1 ? 's' : ''} per row, variants interleaved; spawn → first 200 from /api/ready; CPU = user + system of the server process ` +
      `(all threads) until then. Load average at the end: ${load} (on ${os.availableParallelism()} cores: under load only the ratios and the CPU column mean much).\n`,
  )
  const row = (v: Variant, vs: Variant) => [
    v.name,
    ms(med(v, 'readyMs')),
    v === vs
      ? '—'
      : `${ratio(med(v, 'readyMs'), med(vs, 'readyMs'))} (${med(v, 'readyMs') >= med(vs, 'readyMs') ? '+' : '−'}${ms(Math.abs(med(v, 'readyMs') - med(vs, 'readyMs')))})`,
    ms(med(v, 'cpuMs')),
    v === vs ? '—' : ratio(med(v, 'cpuMs'), med(vs, 'cpuMs')),
    `${med(v, 'rssMB').toFixed(0)} MB`,
    `${med(v, 'peakMB').toFixed(0)} MB`,
  ]
  console.log('**#20: start-up by case count** (baseline: the same compiled server on an empty folder)\n')
  console.log(
    table([
      ['server, data folder', 'ready', 'vs empty', 'CPU to ready', 'CPU vs empty', 'RSS at ready', 'peak RSS'],
      ...variants.filter((v) => v !== smallTsx && v !== smallBaseline && v !== fullBaseline).map((v) => row(v, base)),
    ]),
  )
  console.log(`\n**#19: cold start with ${n(SMALL)} cases**, compiled against the TypeScript loader (baseline)\n`)
  console.log(
    table([
      ['server, data folder', 'ready', 'vs tsx', 'CPU to ready', 'CPU vs tsx', 'RSS at ready', 'peak RSS'],
      row(smallTsx, smallTsx),
      row(smallCompiled, smallTsx),
    ]),
  )
  if (smallBaseline && fullBaseline) {
    console.log(`\n**This build against the baseline build** (${BASELINE}), same folders, starts interleaved\n`)
    console.log(
      table([
        ['server, data folder', 'ready', 'vs baseline', 'CPU to ready', 'CPU vs baseline', 'RSS at ready', 'peak RSS'],
        row(smallBaseline, smallBaseline),
        row(smallCompiled, smallBaseline),
        row(fullBaseline, fullBaseline),
        row(fullCompiled, fullBaseline),
      ]),
    )
  }
  const ready = med(fullCompiled, 'readyMs')
  const rss = med(fullCompiled, 'rssMB')
  console.log(
    `\nTarget at 100k: ready < ${READY_MS / 1000} s — ${verdict(CASES >= 100_000 && ready < READY_MS)} (${ms(ready)}); RSS < ${RSS_MB} MB — ${verdict(CASES >= 100_000 && rss < RSS_MB)} (${rss.toFixed(0)} MB).`,
  )
} finally {
  await fs.rm(root, { recursive: true, force: true })
  if (built) await fs.rm(built, { recursive: true, force: true })
}
