/**
 * HTTP load test on loopback: list, get and transition with 100k cases stored, for the embedded
 * store (FileStore) and for PostgreSQL, and two app instances sharing one PostgreSQL database —
 * requests/s and latency percentiles, printed as one markdown table. Transitions notify (with
 * notifications on, as in production), each store measured more than once in the same run:
 * notifications as rows written in the case write's commit (now), as rows appended after it (session 8,
 * `--inbox line`, bench/notices-after.ts), and as one inbox document per
 * user rewritten under a lock (before issue #20; a bench-only switch of the server, `--inbox doc`);
 * on the file store also as session 7 stored them, an inbox file fdatasync'd per notified user
 * inside the request (`--inbox fsync`, bench/inbox-legacy.ts).
 *
 *   eval "$(bash .ci/pg-setup.sh)"             # a PostgreSQL server (DAIBAN_TEST_DATABASE_URL)
 *   node bin/run-ts.js bench/http-load.ts [--quick] [--cases 100000] [--seconds 10] [--connections 10,50] [--transitions-only] [--only file|pg] [--prof dir]
 *                                           [--windows 3] [--against /path/to/other/checkout [--rounds 2]]
 *
 * `--only file` runs the file store alone (no PostgreSQL needed); `--only pg` PostgreSQL alone.
 * `--file-inboxes rows,fsync,doc` picks the file store's notification variants and their order
 * (default doc,fsync,line,rows: a second run in the other order shows how much the machine drifted).
 *
 * (bench/load.ts is the scheme-loading bench; this one is the HTTP load test of the stores.)
 *
 * - The cases are clones of real Galutu cases made through CaseService (registered with an officer
 *   and a village, then sent to a unit with a 处置单): one template per officer × unit × village of
 *   the definitions, so each clone's summary agrees with its snapshot — a transition recomputes the
 *   same officer and units, and notifies whom the workflow says. Only id, number and the list-facing
 *   dates vary. Seeded with FileStore.bulkSeed and with a COPY into PostgreSQL (PgStore.bulkSeed).
 *   The officers are accounts; each inbox starts with 500 notifications (the retention), as after
 *   a while in production.
 * - Each server runs in its own child process (`--child file|pg …`); the load comes from
 *   autocannon in this process: `connections` clients for `seconds` each (bounded in time and
 *   count), after a warm-up. Latencies are the per-request response times autocannon reports.
 * - transition = POST /api/cases/:id/events RECORD_REPLY (a unit's reply) on a random case: one
 *   optimistic-concurrency update + its audit entry, and the workflow's notice to the case's officer
 *   (OFFICERS officers share all cases, so many transitions notify one person at once);
 *   get = GET /api/cases/:id; list = GET /api/cases with a mix of filters, sorts and pages.
 * - Two instances: two servers on the same database, half the clients on each; afterwards every
 *   acknowledged transition is checked against the audit table and the audit chain is verified.
 * The whole run stays under ~8 minutes on 2 cores (--quick: 10k cases, 3 s per run).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { QUICK, ROOT, arg, header, intArg, medianBy, ms, rate, ratio, rng, stats, table, type Stats } from './lib'
import { StoreConflictError, type CaseRecord, type Store, type StoredNotification } from '../runtime/store/types'
import { noticesAfterWrite } from './notices-after'

const N = Number(arg('--cases') ?? (QUICK ? 10_000 : 100_000))
const SECONDS = Number(arg('--seconds') ?? (QUICK ? 3 : 10))
/** Client counts of the transition runs; list, get and the store-only run use the largest */
const CONNS = (arg('--connections') ?? '10,50').split(',').map(Number)
const CONNECTIONS = Math.max(...CONNS)
const TRANSITIONS_ONLY = process.argv.includes('--transitions-only')
/** `--prof <dir>`: each server writes a V8 CPU profile of its whole life there (node --cpu-prof), a folder per variant */
const PROF = arg('--prof')
const ONLY = arg('--only')
if (ONLY !== undefined && ONLY !== 'file' && ONLY !== 'pg') throw new Error(`--only must be file or pg, not ${ONLY}`)
const WANT_FILE = ONLY !== 'pg'
const WANT_PG = ONLY !== 'file'
const INBOXES = ['doc', 'fsync', 'line', 'rows'] as const
const isInbox = (x: string): x is Inbox => (INBOXES as readonly string[]).includes(x)
const FILE_INBOXES = (arg('--file-inboxes') ?? 'doc,fsync,line,rows').split(',')
for (const x of FILE_INBOXES) if (!isInbox(x)) throw new Error(`--file-inboxes: ${INBOXES.join(', ')}, not ${x}`)
const WARMUP_S = QUICK ? 1 : 2
/**
 * `--windows N`: N measured windows of `--seconds` per setting, back to back after the warm-up; the
 * row is the window with the median rate, the range of all is printed beside it (the first window
 * after a server starts is often low on this machine: one window cannot tell that from an effect).
 */
const WINDOWS = intArg('--windows', 1)
/**
 * `--against <dir>`: another checkout of Daiban (its node_modules installed or linked) whose server
 * runs the same "now" settings on the same seeded data, alternating with this one `--rounds` times
 * (default 2: other, this, other, this) — an A/B of two commits in one run.
 */
const AGAINST = arg('--against')
const ROUNDS = intArg('--rounds', 2)
if (AGAINST && !existsSync(path.join(AGAINST, 'bench', 'http-load.ts'))) throw new Error(`--against ${AGAINST}: no bench/http-load.ts there`)
/** issue #20: HTTP transitions with notifications on */
const TARGETS = { file: { conns: 10, perSec: 500, p95: 50 }, pg: { conns: 50, perSec: 800, p95: 100 } }

// villages and units from the definitions (what the forms accept); the officers are bench accounts
const ORG = JSON.parse(readFileSync(path.join(ROOT, 'definitions', 'galutu', 'org.json'), 'utf8')) as {
  villages: Array<{ name: string }>
  units: Array<{ id: string; kind?: string }>
}
const VILLAGES = ORG.villages.map((v) => v.name)
const UNITS = ORG.units
  .map((u) => u.id)
  .filter((u) => !/banner|city|town|point/.test(u))
  .slice(0, 6)
const OFFICERS = Array.from({ length: 8 }, (_, i) => `officer-${i}`)
/** One template case per officer × unit (the village follows the index) */
const TEMPLATES = OFFICERS.length * UNITS.length
const templateOf = (i: number) => i % TEMPLATES
const unitOf = (i: number) => UNITS[templateOf(i) % UNITS.length]!
const officerOf = (t: number) => OFFICERS[Math.floor(t / UNITS.length) % OFFICERS.length]!
const villageOf = (t: number) => VILLAGES[t % VILLAGES.length]!
/** What an inbox holds at the start of a run (the retention) */
const INBOX_FILL = 500
const id = (i: number) => `bench-${String(i).padStart(7, '0')}`
const USER = 'bench'
const PASSWORD = 'bench load password 1'
/** cookie and CSRF header of the signed-in bench user */
let auth: Record<string, string> = {}

async function signIn(base: string): Promise<void> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  })
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`)
  auth = { cookie: String(r.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken }
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------- child: one server

type Inbox = (typeof INBOXES)[number]

function fillNotice(user: string, k: number): StoredNotification {
  return {
    id: `fill-${user}-${k}`,
    at: new Date(Date.now() - (INBOX_FILL - k) * 60_000).toISOString(),
    kind: 'reply',
    caseId: id(1),
    number: 'BEN-2026-0000001',
    message: 'BEN-2026-0000001 收到单位答复',
    read: k % 3 === 0,
  }
}

/**
 * The notification store of before issue #20, for the baseline: one document per inbox, newest
 * first, bounded at 500, each notice a read-modify-write of the whole document under its lock
 * (what NotificationService.push did through Store.updateDoc).
 */
function useInboxDocuments(store: Store): void {
  store.appendNotifications = async (items) => {
    for (const { user, notification } of items) {
      await store.updateDoc<StoredNotification[]>(`notifications/${user}`, (list) => [notification, ...(list ?? [])].slice(0, INBOX_FILL))
    }
  }
}

/**
 * The account list as read before it was cached (session 6): the index and every account document
 * on each call — each transition's officer check and its notification fan-out read them all.
 */
function uncachedAccounts(rt: { store: Store; accounts: { list(): Promise<unknown[]> } }): void {
  rt.accounts.list = async () => {
    const names = (await rt.store.getDoc<string[]>('accounts-index')) ?? []
    const out: unknown[] = []
    for (const n of names) {
      const a = await rt.store.getDoc<{ password?: unknown }>(`accounts/${n.toLowerCase()}`)
      if (a) {
        const { password: _p, ...rest } = a
        out.push(rest)
      }
    }
    return out
  }
}

async function child(kind: string, where: string, inbox: Inbox, accounts: 'cached' | 'uncached', pgReads: 'batched' | 'single'): Promise<void> {
  const { createRuntime } = await import('../runtime/server/deps')
  const { createApp } = await import('../runtime/server/app')
  if (kind === 'pg') process.env.DAIBAN_DATABASE_URL = where
  else delete process.env.DAIBAN_DATABASE_URL
  const rt = await createRuntime({
    dataDir: kind === 'file' ? where : path.join(os.tmpdir(), 'daiban-bench-unused'),
    schemeDirs: [path.join(ROOT, 'definitions', 'galutu')],
    log: () => {},
  })
  // the load runs signed in (sessions are documents in the store: with PostgreSQL one session serves both instances)
  if (!(await rt.accounts.get(USER)))
    await rt.accounts.create({ username: USER, password: PASSWORD, grants: [{ role: 'town_officer' }, { role: 'leader' }, { role: 'admin' }] })
  for (const o of OFFICERS) {
    if (!(await rt.accounts.get(o))) await rt.accounts.create({ username: o, displayName: o, password: PASSWORD, grants: [{ role: 'town_officer' }] })
  }
  // session 7's inbox files, each append fdatasync'd in the request (file store only)
  if (inbox === 'fsync') {
    if (kind !== 'file') throw new Error('--inbox fsync is the file store of session 7')
    const { useLegacyInbox } = await import('./inbox-legacy')
    await useLegacyInbox(rt.store as import('../runtime/store/file-store').FileStore, true)
  }
  // every inbox full, as after a while in production (an inbox document of the old kind is moved into rows when a store opens)
  // before this session a case write's notices were appended after it, a commit of their own
  if (inbox === 'line' || inbox === 'doc') noticesAfterWrite(rt.store, true)
  if (inbox === 'doc') {
    useInboxDocuments(rt.store)
    for (const o of OFFICERS) {
      if (!(await rt.store.getDoc(`notifications/${o}`)))
        await rt.store.putDoc(
          `notifications/${o}`,
          Array.from({ length: INBOX_FILL }, (_, k) => fillNotice(o, INBOX_FILL - 1 - k)),
        )
    }
  } else {
    for (const o of OFFICERS) {
      if ((await rt.store.listNotifications([o], { offset: 0, limit: 1 })).total === 0) {
        await rt.store.appendNotifications(Array.from({ length: INBOX_FILL }, (_, k) => ({ user: o, notification: fillNotice(o, k) })))
      }
    }
  }
  if (accounts === 'uncached') uncachedAccounts(rt)
  // session 9: every read by key its own statement
  if (pgReads === 'single') {
    if (kind !== 'pg') throw new Error('--pg-reads single is a PostgreSQL variant')
    ;(rt.store as import('../runtime/store/pg-store').PgStore).batchReads = false
  }
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

function startServer(
  kind: 'file' | 'pg',
  where: string,
  inbox: Inbox,
  accounts: 'cached' | 'uncached' = 'cached',
  pgReads: 'batched' | 'single' = 'batched',
  root: string = ROOT,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env }
    env.DAIBAN_DB_POOL ??= '10'
    delete env.DAIBAN_DATABASE_URL
    const tag = root === ROOT ? '' : '-against'
    const prof = PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROF, `${kind}-${inbox}-${accounts}-${pgReads}${tag}`)}`] : []
    const c = spawn(
      process.execPath,
      [
        ...prof,
        path.join(root, 'bin', 'run-ts.js'),
        path.join(root, 'bench', 'http-load.ts'),
        '--child',
        kind,
        where,
        '--inbox',
        inbox,
        '--accounts',
        accounts,
        '--pg-reads',
        pgReads,
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    let ready = false
    c.stdout.on('data', (d: Buffer) => {
      // after READY the server's log lines are read and dropped (kept, each chunk made the search longer)
      if (ready) return
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) {
        ready = true
        out = ''
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
      setupRequest: (req) => {
        const i = 1 + Math.floor(r() * N)
        return {
          ...req,
          path: `/api/cases/${id(i)}/events`,
          body: JSON.stringify({ type: 'RECORD_REPLY', form: { unit: unitOf(i), repliedOn: TODAY, result: '已核实并答复' } }),
        }
      },
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
    const inst = autocannon({ url: base, connections, duration: seconds, timeout: 30, requests: [requestFor(endpoint, r)] }, (err, result) => {
      clearTimeout(guard)
      if (err) return reject(err)
      resolve({ latencies, ok, non2xx, errors: result.errors + result.timeouts, wallMs: performance.now() - t0 })
    })
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
/** Where the CPU of a run went, in ms: the server processes, PostgreSQL's, and this one (the load generator). */
interface CpuSplit {
  server: number
  /** the servers' system time, part of `server` (system calls: file writes, fsync, sockets) */
  serverSys: number
  /** the servers' main threads (the event loops), part of `server`: what saturates first */
  serverMain: number
  postgres: number
  load: number
}

const TICK_MS = 10 // USER_HZ is 100 on Linux
/** utime + stime of a process (and, with `children`, of its waited-for children), ms; 0 when it is gone. */
function procCpu(pid: number, children = false): number {
  const t = procTimes(pid, children)
  return t.user + t.sys
}
function procTimes(pid: number, children = false, thread?: number): { user: number; sys: number } {
  try {
    const st = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8')
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
    // after the name: state is field 3; utime 14, stime 15, cutime 16, cstime 17
    const at = (k: number) => Number(f[k - 3])
    return { user: (at(14) + (children ? at(16) : 0)) * TICK_MS, sys: (at(15) + (children ? at(17) : 0)) * TICK_MS }
  } catch {
    return { user: 0, sys: 0 }
  }
}
/** Every PostgreSQL process (backends, writers, and what exited: the postmaster's children's time). */
function postgresCpu(): number {
  if (process.platform !== 'linux') return 0
  let sum = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let comm = ''
    try {
      comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim()
    } catch {
      continue
    }
    if (comm !== 'postgres') continue
    let ppidComm = ''
    try {
      const st = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = st.slice(st.lastIndexOf(')') + 2).split(' ')[1]
      ppidComm = readFileSync(`/proc/${ppid}/comm`, 'utf8').trim()
    } catch {
      // its parent went away
    }
    sum += procCpu(Number(name), ppidComm !== 'postgres')
  }
  return sum
}
function cpuNow(servers: Server[]): CpuSplit {
  const own = process.cpuUsage()
  const times = servers.map((sv) => procTimes(sv.child.pid!))
  return {
    server: times.reduce((a, t) => a + t.user + t.sys, 0),
    serverSys: times.reduce((a, t) => a + t.sys, 0),
    serverMain: servers.reduce((a, sv) => {
      const t = procTimes(sv.child.pid!, false, sv.child.pid!)
      return a + t.user + t.sys
    }, 0),
    postgres: postgresCpu(),
    load: (own.user + own.system) / 1000,
  }
}

/** One measured window of a setting */
interface Window {
  s: Stats
  ok: number
  non2xx: number
  errors: number
  cpu: CpuSplit
}

/** A setting: its median window, the counts of all windows, and every window's rate */
interface Measured extends Window {
  /** req/s of every window (one unless --windows) */
  windows: number[]
}

async function measure(servers: Server[], endpoint: Endpoint, connections: number, seed: number): Promise<Measured> {
  const per = Math.max(1, Math.floor(connections / servers.length))
  await Promise.all(servers.map((sv, i) => cannon(sv.base, endpoint, per, WARMUP_S, seed + 100 + i)))
  const all: Window[] = []
  for (let w = 0; w < WINDOWS; w++) {
    const cpu0 = cpuNow(servers)
    const runs = await Promise.all(servers.map((sv, i) => cannon(sv.base, endpoint, per, SECONDS, seed + i + 1000 * w)))
    const cpu1 = cpuNow(servers)
    const wall = Math.max(...runs.map((x) => x.wallMs))
    const s = stats(
      runs.flatMap((x) => x.latencies),
      wall,
    )
    const n = Math.max(1, s.n)
    const cpu = {
      server: (cpu1.server - cpu0.server) / n,
      serverSys: (cpu1.serverSys - cpu0.serverSys) / n,
      serverMain: (cpu1.serverMain - cpu0.serverMain) / n,
      postgres: (cpu1.postgres - cpu0.postgres) / n,
      load: (cpu1.load - cpu0.load) / n,
    }
    all.push({
      s,
      ok: runs.reduce((a, x) => a + x.ok, 0),
      non2xx: runs.reduce((a, x) => a + x.non2xx, 0),
      errors: runs.reduce((a, x) => a + x.errors, 0),
      cpu,
    })
  }
  return {
    ...medianBy(all, (x) => x.s.perSec)!,
    ok: all.reduce((a, x) => a + x.ok, 0),
    non2xx: all.reduce((a, x) => a + x.non2xx, 0),
    errors: all.reduce((a, x) => a + x.errors, 0),
    windows: all.map((x) => x.s.perSec),
  }
}

/** A rate, with the range of the windows when there were several: `379 (352–401)`. */
function rateOf(m: Measured): string {
  if (m.windows.length < 2) return rate(m.s.perSec)
  return `${rate(m.s.perSec)} (${rate(Math.min(...m.windows))}–${rate(Math.max(...m.windows))})`
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
            await store.updateCase(next, v, [
              { at: next.summary.updatedAt, actor: 'bench', caseId: cid, action: 'event', event: 'RECORD_REPLY', fromVersion: v, toVersion: v + 1 },
            ])
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

const TODAY = new Date().toISOString().slice(0, 10)

/** Real cases through CaseService: registered with an officer and a village, then sent to a unit (TEMPLATES of them). */
async function templateRecords(): Promise<CaseRecord[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-tpl-'))
  const { openStore } = await import('../runtime/store/index')
  const { createRuntime } = await import('../runtime/server/deps')
  const store = await openStore({ dir })
  const rt = await createRuntime({ dataDir: dir, store, schemeDirs: [path.join(ROOT, 'definitions', 'galutu')], log: () => {} })
  const out: CaseRecord[] = []
  for (let t = 0; t < TEMPLATES; t++) {
    const form = {
      petitionerName: '张三',
      sex: '男',
      phone: '13800000000',
      village: villageOf(t),
      channel: 'visit',
      summary: '养老保险待遇未发放',
      requests: '尽快发放',
      receivedOn: TODAY,
      category: '养老及其他农村牧区社会保险',
      level: 'village',
      officer: officerOf(t),
    }
    const view = await rt.cases.create('galutu', { type: 'REGISTER', form, machine: 'case' }, { id: 'bench' })
    await rt.cases.send(view.id, { type: 'DISPATCH', form: { sentOn: TODAY, units: [UNITS[t % UNITS.length]], matter: '核实情况' } }, { id: 'bench' })
    const rec = (await store.getCase(view.id))!
    if (rec.summary.officer !== officerOf(t) || rec.summary.units.join() !== UNITS[t % UNITS.length])
      throw new Error(`template ${t}: ${JSON.stringify(rec.summary)}`)
    out.push(rec)
  }
  await rt.close()
  await fs.rm(dir, { recursive: true, force: true })
  return out
}

/** N clones of the templates; the summary agrees with the snapshot except the list-facing dates. */
function* records(templates: CaseRecord[]): Generator<CaseRecord> {
  const r = rng(42)
  for (let i = 1; i <= N; i++) {
    const t = templates[templateOf(i)]!
    const receivedOn = addDays('2025-01-01', Math.floor(r() * 690))
    yield {
      ...t,
      summary: {
        ...t.summary,
        id: id(i),
        number: `BEN-2026-${String(i).padStart(7, '0')}`,
        receivedOn,
        createdAt: receivedOn + 'T01:00:00.000Z',
        updatedAt: receivedOn + 'T01:00:00.000Z',
        version: t.summary.version,
      },
    }
  }
}

async function main(): Promise<void> {
  const t0 = performance.now()
  const baseUrl = process.env.DAIBAN_BENCH_DATABASE_URL ?? process.env.DAIBAN_TEST_DATABASE_URL
  if (!baseUrl && WANT_PG) {
    console.log(
      `${header('HTTP load (FileStore and PostgreSQL)')}\n**Skipped**: no PostgreSQL server — run \`eval "$(bash .ci/pg-setup.sh)"\` first (sets DAIBAN_TEST_DATABASE_URL).`,
    )
    return
  }
  const log = (m: string) => process.stderr.write(`[http-load ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}\n`)
  const load0 = os.loadavg()
  const templates = await templateRecords()
  const tplBytes = Buffer.byteLength(JSON.stringify(templates[0]))
  log(`${templates.length} template cases, ${tplBytes} bytes of JSON each`)

  // ---- seed the folder
  const { FileStore } = await import('../runtime/store/file-store')
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-data-'))
  let t = performance.now()
  const fileStore = new FileStore({ dir })
  await fileStore.open()
  await fileStore.bulkSeed(records(templates))
  await fileStore.close()
  const fileSeedMs = performance.now() - t
  log(`FileStore: ${N} cases seeded in ${ms(fileSeedMs)}`)

  // ---- seed the database
  const dbName = `daiban_bench_${process.pid}`
  const { PgStore } = await import('../runtime/store/pg-store')
  let pgDb: { admin: pg.Client; url: string; store: InstanceType<typeof PgStore> } | null = null
  let pgSeedMs = NaN
  if (WANT_PG) {
    const admin = new pg.Client({ connectionString: baseUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${dbName}`)
    const u = new URL(baseUrl!)
    u.pathname = '/' + dbName
    t = performance.now()
    const store = new PgStore({ url: u.toString(), poolSize: 2 })
    await store.open()
    await store.bulkSeed(records(templates))
    await store.pool.query('VACUUM ANALYZE cases')
    pgSeedMs = performance.now() - t
    pgDb = { admin, url: u.toString(), store }
    log(`PostgreSQL: ${N} cases seeded (COPY) in ${ms(pgSeedMs)}`)
  }
  const url = pgDb?.url ?? ''

  const rows: string[][] = [
    [
      'store',
      'instances',
      'notifications',
      'what',
      'clients',
      'requests',
      'req/s',
      'p50',
      'p95',
      'p99',
      'max',
      'non-2xx / errors',
      'CPU/req: server (its system time, its main thread) · PostgreSQL · load',
    ],
  ]
  // per setting, every run's stats (a setting runs more than once with --against)
  const results = new Map<string, Stats[]>()
  const resultOf = (key: string): Stats | undefined => medianBy(results.get(key) ?? [], (x) => x.perSec)
  const inboxName: Record<Inbox, string> = {
    doc: 'inbox document (before #20)',
    fsync: 'inbox file fdatasync per user (session 7)',
    line: 'rows appended after the case write (session 8)',
    rows: "rows in the case write's commit (now)",
  }
  let checks = ''
  try {
    // ---- the stores alone
    if (!TRANSITIONS_ONLY) {
      const direct = (label: string, m: { s: Stats; conflicts: number }) =>
        rows.push([
          label,
          '1',
          '–',
          'updateCase (store only)',
          String(CONNECTIONS),
          m.s.n.toLocaleString('en-US'),
          rate(m.s.perSec),
          ms(m.s.p50),
          ms(m.s.p95),
          ms(m.s.p99),
          ms(m.s.max),
          `${m.conflicts} conflicts`,
          '–',
        ])
      if (WANT_FILE) {
        log('FileStore: updateCase direct')
        const fsDirect = new FileStore({ dir })
        await fsDirect.open()
        const fd = await storeDirect(fsDirect, Math.min(SECONDS, 5), 7)
        await fsDirect.close()
        direct('FileStore', fd)
        log(`FileStore updateCase: ${rate(fd.s.perSec)}/s, p95 ${ms(fd.s.p95)}`)
      }
      if (WANT_PG) {
        log('PostgreSQL: updateCase direct')
        const pgDirect = new PgStore({ url, poolSize: 10 })
        await pgDirect.open()
        const pd = await storeDirect(pgDirect, Math.min(SECONDS, 5), 8)
        await pgDirect.close()
        direct('PostgreSQL', pd)
        log(`PostgreSQL updateCase: ${rate(pd.s.perSec)}/s, p95 ${ms(pd.s.p95)}`)
      }
    }

    // ---- through HTTP: before (inbox documents) then after (rows) on each store
    // uncached: the account list read in full per officer check and per fan-out (before this session's cache)
    // single: every read by key its own statement (before this session's batched reads)
    type Config = {
      label: string
      kind: 'file' | 'pg'
      instances: number
      inbox: Inbox
      reads: boolean
      accounts?: 'uncached'
      pgReads?: 'single'
      root?: string
    }
    const listed: Config[] = [
      ...FILE_INBOXES.map((inbox) => ({
        label: 'FileStore',
        kind: 'file' as const,
        instances: 1,
        inbox: inbox as Inbox,
        reads: inbox === 'rows' && !TRANSITIONS_ONLY,
      })),
      { label: 'PostgreSQL', kind: 'pg', instances: 1, inbox: 'doc', reads: false },
      { label: 'PostgreSQL', kind: 'pg', instances: 1, inbox: 'rows', reads: false, accounts: 'uncached' },
      { label: 'PostgreSQL', kind: 'pg', instances: 1, inbox: 'line', reads: false },
      { label: 'PostgreSQL', kind: 'pg', instances: 1, inbox: 'rows', reads: false, pgReads: 'single' },
      { label: 'PostgreSQL', kind: 'pg', instances: 1, inbox: 'rows', reads: !TRANSITIONS_ONLY },
      { label: 'PostgreSQL', kind: 'pg', instances: 2, inbox: 'rows', reads: false },
    ]
    // --against: each "now" setting alternates with the other checkout's server, `ROUNDS` times each
    const isNow = (c: Config) => c.inbox === 'rows' && c.instances === 1 && !c.accounts && !c.pgReads
    const configs: Config[] = listed.flatMap((c) =>
      AGAINST && isNow(c) ? Array.from({ length: ROUNDS }, () => [{ ...c, label: `${c.label} (${path.basename(AGAINST)})`, root: AGAINST }, c]).flat() : [c],
    )
    for (const [ci, c] of configs.entries()) {
      if (c.kind === 'file' ? !WANT_FILE : !WANT_PG) continue
      const runs: Array<[Endpoint, number]> = [
        ...(c.reads
          ? ([
              ['list', CONNECTIONS],
              ['get', CONNECTIONS],
            ] as Array<[Endpoint, number]>)
          : []),
        ...(c.instances === 2 ? [CONNECTIONS] : CONNS).map((n): [Endpoint, number] => ['transition', n]),
        ...(c.inbox === 'rows' && c.instances === 1 ? [['transition', 1] as [Endpoint, number]] : []),
      ]
      const variant = `${c.inbox}${c.accounts ? '-' + c.accounts : ''}${c.pgReads ? '-reads-' + c.pgReads : ''}${c.root ? '@against' : ''}`
      const name = `${c.label} × ${c.instances} (${variant})`
      log(`${name}: starting`)
      // each PostgreSQL variant starts from a vacuumed database (the ones before it left dead rows)
      if (c.kind === 'pg') await pgDb!.store.pool.query('VACUUM ANALYZE')
      const servers = await Promise.all(
        Array.from({ length: c.instances }, () => startServer(c.kind, c.kind === 'file' ? dir : url, c.inbox, c.accounts, c.pgReads, c.root)),
      )
      try {
        await signIn(servers[0]!.base)
        for (const [ei, [e, conns]] of runs.entries()) {
          if (conns < c.instances) continue
          log(`${name} ${e} (${conns} clients): measuring`)
          const m = await measure(servers, e, conns, 1000 * ci + 10 * ei)
          const key = `${c.kind}:${c.instances}:${variant}:${e}:${conns}`
          results.set(key, [...(results.get(key) ?? []), m.s])
          rows.push([
            c.label,
            String(c.instances),
            e === 'transition'
              ? inboxName[c.inbox] + (c.accounts ? ', accounts read per request (session 6)' : '') + (c.pgReads ? ', a statement per read (session 9)' : '')
              : '–',
            `${e} (HTTP)`,
            String(conns),
            m.s.n.toLocaleString('en-US'),
            rateOf(m),
            ms(m.s.p50),
            ms(m.s.p95),
            ms(m.s.p99),
            ms(m.s.max),
            `${m.non2xx} / ${m.errors}`,
            `${ms(m.cpu.server)} (sys ${ms(m.cpu.serverSys)}, main thread ${ms(m.cpu.serverMain)}) · ${c.kind === 'pg' ? ms(m.cpu.postgres) : '–'} · ${ms(m.cpu.load)}`,
          ])
          log(
            `${name} ${e} (${conns} clients): ${rateOf(m)} req/s, p95 ${ms(m.s.p95)} (${m.non2xx} non-2xx, ${m.errors} errors); CPU/req server ${ms(m.cpu.server)} (sys ${ms(m.cpu.serverSys)}, main ${ms(m.cpu.serverMain)}), PostgreSQL ${ms(m.cpu.postgres)}, load ${ms(m.cpu.load)}`,
          )
          if (c.kind === 'pg' && c.instances === 2 && e === 'transition') {
            await new Promise((r) => setTimeout(r, 1000)) // requests still in flight when the run ended
            const { rows: q } = await pgDb!.store.pool.query(
              'SELECT (SELECT sum(version - 2) FROM cases) AS bumps, (SELECT count(*) FROM audit WHERE case_id IS NOT NULL) AS audit',
            )
            const { verifyAuditChain } = await import('../runtime/store/audit-chain')
            const chain = verifyAuditChain(await pgDb!.store.listAllAudit())
            const bumps = Number(q[0].bumps)
            const audit = Number(q[0].audit)
            checks =
              `Two instances, correctness: every case's version went up by exactly its number of audit entries (${bumps.toLocaleString('en-US')} version steps, ${audit.toLocaleString('en-US')} case audit entries: ${bumps === audit ? 'equal' : 'NOT EQUAL'}), ` +
              `${m.ok.toLocaleString('en-US')} transitions acknowledged in the measured run; the audit chain over ${chain.entries.toLocaleString('en-US')} entries ${chain.ok ? 'verifies' : 'is BROKEN'}.`
          }
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()))
      }
    }
  } finally {
    if (pgDb) {
      await pgDb.store.close()
      await pgDb.admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {})
      await pgDb.admin.end()
    }
    await fs.rm(dir, { recursive: true, force: true })
  }

  // before → after, and the targets of issue #20
  const cmp: string[][] = [['store', 'before', 'clients', 'req/s before → after', 'ratio', 'p95 before → after', 'ratio', 'target', 'after meets it']]
  const againstLabel = `${path.basename(AGAINST ?? '')} (--against; the median round of ${ROUNDS}, of an even count the lower middle)`
  // each baseline variant (the key its results were kept under) and what it stands for
  const baselines = [
    ['file', 'doc', 'inbox documents, accounts uncached'],
    ['file', 'fsync', "inbox files fdatasync'd per user (session 7)"],
    ['file', 'line', 'notices appended after the case write (session 8)'],
    ['pg', 'doc', 'inbox documents, accounts uncached'],
    ['pg', 'rows-uncached', 'notification rows, accounts uncached'],
    ['pg', 'line', 'notices appended after the case write (session 8)'],
    ['pg', 'rows-reads-single', 'a statement per read (session 9)'],
    ...(AGAINST ? (['file', 'pg'] as const).map((kind) => [kind, 'rows@against', againstLabel] as const) : []),
  ] as const
  for (const [kind, before, label] of baselines) {
    // the one-client run of the "now" settings too (where no batching helps)
    for (const n of [...new Set([...CONNS, 1])]) {
      const b = resultOf(`${kind}:1:${before}:transition:${n}`)
      const a = resultOf(`${kind}:1:rows:transition:${n}`)
      if (!a || !b) continue
      const tg = TARGETS[kind]
      const target = tg.conns === n ? `≥ ${tg.perSec}/s, p95 < ${tg.p95} ms` : '–'
      const met = tg.conns === n ? (a.perSec >= tg.perSec && a.p95 < tg.p95 ? 'yes' : '**no**') : '–'
      cmp.push([
        kind === 'file' ? 'FileStore' : 'PostgreSQL',
        label,
        String(n),
        `${rate(b.perSec)} → ${rate(a.perSec)}`,
        ratio(a.perSec, b.perSec),
        `${ms(b.p95)} → ${ms(a.p95)}`,
        ratio(b.p95, a.p95),
        target,
        met,
      ])
    }
  }
  const out: string[] = []
  out.push(header(`HTTP load: ${N.toLocaleString('en-US')} cases stored, ${SECONDS} s per run (autocannon, loopback), notifications on`))
  out.push(
    `Load average at the start ${load0.map((x) => x.toFixed(2)).join(' / ')}, at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min).\n`,
  )
  out.push(table(rows))
  out.push('')
  out.push(table(cmp))
  out.push('')
  if (checks) out.push(checks)
  out.push(
    `"transition" is RECORD_REPLY on a random case: the workflow tells the case's officer (${OFFICERS.length} officers share the ${N.toLocaleString('en-US')} cases, each inbox starting full at ${INBOX_FILL}). ` +
      `"inbox document (before #20)" stores each notice as before issue #20 — a read-modify-write of the officer's whole inbox document under its lock (Store.updateDoc); "rows (after)" appends a row (Store.appendNotifications): on the file store one journal line, group-committed with the other writes, the inbox file appended later; "inbox file fdatasync per user (session 7)" appends to the officer's inbox file and fdatasyncs it inside the request (bench/inbox-legacy.ts). ` +
      `"rows appended after the case write (session 8)": the notices a commit of their own after the case's (bench/notices-after.ts: on the file store a second journal line and durable write, on PostgreSQL a second statement); "now": in the case write's commit (one journal line; one statement). ` +
      `Seeding: FileStore.bulkSeed ${ms(fileSeedMs)}${WANT_PG ? `, PostgreSQL COPY + VACUUM ANALYZE ${ms(pgSeedMs)}` : ''}; ${TEMPLATES} real template cases of ${tplBytes.toLocaleString('en-US')} bytes of JSON. ` +
      `The server(s), PostgreSQL and the load generator share this machine's ${os.cpus().length} cores. ${WARMUP_S} s warm-up before every run${WINDOWS > 1 ? `, then ${WINDOWS} windows of ${SECONDS} s: each row is the window with the median rate (the range in brackets)` : ''}. Total ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
  )
  console.log(out.join('\n'))
}

const childKind = arg('--child')
if (childKind) {
  const where = process.argv[process.argv.indexOf('--child') + 2]
  if (!where) throw new Error('--child file|pg <dir|url>')
  const inbox = arg('--inbox') ?? 'rows'
  if (!isInbox(inbox)) throw new Error(`--inbox must be one of ${INBOXES.join(', ')}, not ${inbox}`)
  await child(childKind, where, inbox, arg('--accounts') === 'uncached' ? 'uncached' : 'cached', arg('--pg-reads') === 'single' ? 'single' : 'batched')
} else {
  await main()
}
