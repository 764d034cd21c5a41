/**
 * Server start-up with many cases (issue #20: /api/ready < 3 s and RSS < 300 MB at 100k): builds
 * the server (bin/build-server.js into a temp folder), seeds a data folder (FileStore.bulkSeed,
 * then a clean close), starts `node server.js` on it and times spawn → first 200 from /api/ready,
 * then reads the process's RSS (VmRSS, and its peak VmHWM). Baseline in the same run: the same
 * server on an empty data folder. With --journal N, a third start after N updates were journaled
 * and the writer was killed (the journal replayed at start-up).
 *
 *   node bin/run-ts.js bench/startup.ts [--cases 100000] [--runs 3] [--journal 0] [--quick]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FileStore } from '../runtime/store/index'
import { makeAudit, makeRecord } from '../tests/store/fixtures/records'
import { ROOT, arg, header, median, ms, scaled, table, verdict } from './lib'

const CASES = Number(arg('--cases') ?? scaled(100_000, 1000))
const RUNS = Number(arg('--runs') ?? scaled(3, 1))
const JOURNAL = Number(arg('--journal') ?? 0)
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

/** Starts the built server on a data folder; resolves when /api/ready answers 200. */
async function start(server: string, dataDir: string): Promise<{ readyMs: number; rssMB: number; peakMB: number }> {
  const port = await freePort()
  const t0 = performance.now()
  const child: ChildProcess = spawn(process.execPath, [server], {
    env: { ...process.env, PORT: String(port), DAIBAN_HOST: '127.0.0.1', DAIBAN_DATA_DIR: dataDir, NODE_ENV: 'production' },
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
    return { readyMs, rssMB: (await memKB(child.pid!, 'VmRSS')) / 1024, peakMB: (await memKB(child.pid!, 'VmHWM')) / 1024 }
  } finally {
    child.kill('SIGTERM')
    if (!exited) await new Promise((r) => child.once('exit', r))
  }
}

async function seed(dir: string, n: number): Promise<void> {
  const store = new FileStore({ dir })
  await store.open()
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

  const empty = path.join(root, 'empty')
  const full = path.join(root, 'full')
  await seed(empty, 0)
  const s0 = performance.now()
  await seed(full, CASES)
  process.stderr.write(`seeded ${CASES} cases in ${ms(performance.now() - s0)}\n`)
  const summariesMB = (await fs.readdir(path.join(full, 'index'))).filter((n) => n.startsWith('summaries-'))
  const snapshotBytes = summariesMB.length ? (await fs.stat(path.join(full, 'index', summariesMB[0]!))).size : 0

  const variants: Array<{ name: string; dir: string; runs: Array<{ readyMs: number; rssMB: number; peakMB: number }> }> = [
    { name: 'empty data folder (baseline)', dir: empty, runs: [] },
    { name: `${CASES.toLocaleString('en-US')} cases, clean close`, dir: full, runs: [] },
  ]
  for (let r = 0; r < RUNS; r++) {
    for (const v of variants) {
      const res = await start(server, v.dir)
      v.runs.push(res)
      process.stderr.write(`run ${r + 1}/${RUNS} ${v.name}: ready ${ms(res.readyMs)}, RSS ${res.rssMB.toFixed(0)} MB\n`)
    }
  }
  if (JOURNAL > 0) {
    await journalWithoutClose(full, JOURNAL)
    const j = (await fs.readdir(path.join(full, 'journal'))).map((n) => path.join(full, 'journal', n))
    const bytes = (await Promise.all(j.map((f) => fs.stat(f)))).reduce((s, st) => s + st.size, 0)
    const v = {
      name: `${CASES.toLocaleString('en-US')} cases + ${JOURNAL.toLocaleString('en-US')} journaled updates (${(bytes / 1048576).toFixed(1)} MB), killed`,
      dir: full,
      runs: [] as Array<{ readyMs: number; rssMB: number; peakMB: number }>,
    }
    // only the first start replays; the others find a clean close
    v.runs.push(await start(server, full))
    variants.push(v)
  }

  const base = variants[0]!
  const baseReady = median(base.runs.map((x) => x.readyMs))
  console.log(header(`Server start-up with ${CASES.toLocaleString('en-US')} cases (bench/startup.ts)`))
  console.log(
    `Built server (node dist/server.js), FileStore; summaries snapshot ${(snapshotBytes / 1048576).toFixed(1)} MB; median of ${RUNS} starts; spawn → first 200 from /api/ready.\n`,
  )
  console.log(
    table([
      ['data folder', 'ready (median)', 'vs empty', 'RSS at ready', 'peak RSS'],
      ...variants.map((v) => {
        const ready = median(v.runs.map((x) => x.readyMs))
        return [
          v.name,
          ms(ready),
          v === base ? '—' : `+${ms(ready - baseReady)}`,
          `${median(v.runs.map((x) => x.rssMB)).toFixed(0)} MB`,
          `${median(v.runs.map((x) => x.peakMB)).toFixed(0)} MB`,
        ]
      }),
    ]),
  )
  const fullRun = variants[1]!
  const ready = median(fullRun.runs.map((x) => x.readyMs))
  const rss = median(fullRun.runs.map((x) => x.rssMB))
  console.log(
    `\nTarget at 100k: ready < ${READY_MS / 1000} s — ${verdict(CASES >= 100_000 && ready < READY_MS)}; RSS < ${RSS_MB} MB — ${verdict(CASES >= 100_000 && rss < RSS_MB)}.`,
  )
} finally {
  await fs.rm(root, { recursive: true, force: true })
  if (built) await fs.rm(built, { recursive: true, force: true })
}
