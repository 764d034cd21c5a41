/**
 * Case lists and the reminder pass at 100k cases (issue #20), before and after, in one run:
 *
 *   node bin/run-ts.js bench/lists.ts [--quick] [--cases 100000] [--seconds 8] [--only lists,http,sched,pg]
 *     [--dir /tmp/x]   seed into /tmp/x/{office,decade} once and keep them (reruns skip the seeding)
 *     [--modes plain,indexed]   which HTTP servers to run (default both)
 *     [--prof /tmp/p]  the HTTP servers write V8 CPU profiles there (node --cpu-prof)
 *   (with PostgreSQL: eval "$(bash .ci/pg-setup.sh)" first; without, its part says skipped)
 *
 * 1. FileStore, in process: CPU per `listCases` call for the list's filters (village, stage,
 *    overdue, officer, unit, their combination, the default page, a deep page), the plain scan
 *    (`plainLists`, the path before #20) against the indexes; each result checked equal.
 * 2. FileStore over HTTP: GET /api/cases with a mix of those filters, 10 connections, one server
 *    with the plain scan and one with the indexes (autocannon, loopback, bounded in time).
 * 3. The reminder pass: event-loop time of one pass over an office's decade (most cases done, the
 *    active ones received in the last weeks): the pass as it was (every active case read, the local
 *    date formatted per case) against the Scheduler now (first pass after start-up, then the
 *    passes every minute after it).
 * 4. PostgreSQL (bench/lists-pg.ts): the same list queries with 10 concurrent callers, before
 *    (exact count, without migration 4's indexes) against PgStore.listCases now; the reminder pass.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { GALUTU, QUICK, ROOT, arg, header, ms, rate, ratio, rng, stats, table, type Stats } from './lib'
import type { CaseFilter, CaseRecord, Page, Reminder, Store } from '../runtime/store/types'

const N = Number(arg('--cases') ?? (QUICK ? 10_000 : 100_000))
const SECONDS = Number(arg('--seconds') ?? (QUICK ? 3 : 8))
const CONNECTIONS = 10
/** `--only lists,http,sched,pg`: run only those parts (default all). */
const ONLY = arg('--only')?.split(',')
const want = (part: string) => !ONLY || ONLY.includes(part)
/** `--dir`: where the seeded folders are kept between runs (default: a fresh temporary folder, removed). */
const KEEP = arg('--dir')
const MODES = (arg('--modes')?.split(',') ?? ['plain', 'indexed']) as Array<'plain' | 'indexed'>
const PROF = arg('--prof')
const TODAY = '2026-12-01'
const VILLAGES = Array.from({ length: 24 }, (_, i) => `村${i + 1}`)
const OFFICERS = Array.from({ length: 40 }, (_, i) => `officer-${i}`)
/** Unit ids and stages come from the definitions. */
const ORG = JSON.parse(readFileSync(path.join(GALUTU, 'org.json'), 'utf8')) as { units: Array<{ id: string }> }
const UNITS = ORG.units.map((u) => u.id).slice(0, 6)
const WF = JSON.parse(readFileSync(path.join(GALUTU, 'workflow.json'), 'utf8')) as { machines: Array<{ stateInfo: Record<string, { stage?: string }> }> }
const STAGES = [...new Set(Object.entries(WF.machines[0]!.stateInfo).map(([k, v]) => v.stage ?? k))]
const id = (i: number) => `bench-${String(i).padStart(7, '0')}`

function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------- data

async function templateRecord(): Promise<CaseRecord> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-tpl-'))
  const { createRuntime } = await import('../runtime/server/deps')
  const rt = await createRuntime({ dataDir: dir, schemeDirs: [GALUTU], log: () => {} })
  const form = {
    petitionerName: '张三',
    sex: '男',
    phone: '13800000000',
    village: '团结社区',
    channel: 'visit',
    summary: '养老保险待遇未发放',
    requests: '尽快发放',
    receivedOn: '2026-11-02',
    category: '养老及其他农村牧区社会保险',
    level: 'village',
    officer: '李四',
  }
  const view = await rt.cases.create('galutu', { type: 'REGISTER', form, machine: 'case' }, { id: 'bench' })
  const rec = (await rt.store.getCase(view.id))!
  await rt.close()
  await fs.rm(dir, { recursive: true, force: true })
  return rec
}

type Clocked = { id: string; name: string; days: number; unit: 'workday' | 'calendar' }

/**
 * `office`: the list load (85 % active, received over 690 days). `decade`: an office's
 * history (received 2023–2026, active only when received in the last 75 days, plus 1 % left
 * running long past due). Clocks agree with the due date, as CaseService writes them.
 */
function* records(t: CaseRecord, kind: 'office' | 'decade', clocks: Clocked[], addWorkdays: (d: string, n: number) => string): Generator<CaseRecord> {
  const r = rng(kind === 'office' ? 42 : 43)
  for (let i = 1; i <= N; i++) {
    const receivedOn = kind === 'office' ? addDays('2025-01-01', Math.floor(r() * 690)) : addDays('2023-01-02', Math.floor(r() * 1428))
    const active = kind === 'office' ? r() < 0.85 : receivedOn >= addDays(TODAY, -75) || r() < 0.01
    const c = clocks[Math.floor(r() * clocks.length)]!
    const dueDate = c.unit === 'workday' ? addWorkdays(receivedOn, c.days) : addDays(receivedOn, c.days)
    const units = UNITS.filter(() => r() < 0.25)
    yield {
      ...t,
      summary: {
        ...t.summary,
        id: id(i),
        number: `BEN-2026-${String(i).padStart(7, '0')}`,
        village: VILLAGES[Math.floor(r() * VILLAGES.length)]!,
        officer: OFFICERS[Math.floor(r() * OFFICERS.length)]!,
        stage: STAGES[Math.floor(r() * STAGES.length)]!,
        petitionerName: ['张三', '李四', '王五', '赵六', '孙七'][i % 5]!,
        receivedOn,
        dueDate: active ? dueDate : null,
        status: active ? 'active' : 'done',
        units,
        clocks: active ? [{ clock: c.id, name: c.name, status: 'running', startedOn: receivedOn, dueDate, unit: c.unit, setOn: receivedOn }] : [],
        createdAt: receivedOn + 'T01:00:00.000Z',
        updatedAt: addDays(receivedOn, Math.floor(r() * 30)) + 'T01:00:00.000Z',
        version: 1,
      },
    }
  }
}

/**
 * A folder seeded with `kind`'s records: kept under `--dir` (seeded once per size), else a new
 * temporary one. `fresh`: the caller writes to it, so a kept folder is handed out as a copy.
 */
async function seededDir(
  kind: 'office' | 'decade',
  seed: () => Iterable<CaseRecord>,
  log: (m: string) => void,
  fresh = false,
): Promise<{ dir: string; done(): Promise<void> }> {
  const { FileStore } = await import('../runtime/store/file-store')
  const dir = KEEP ? path.join(path.resolve(KEEP), `${kind}-${N}`) : await fs.mkdtemp(path.join(os.tmpdir(), `daiban-bench-${kind}-`))
  const marker = path.join(dir, '.bench-seeded')
  const seeded = KEEP
    ? await fs.stat(marker).then(
        () => true,
        () => false,
      )
    : false
  if (!seeded) {
    if (KEEP) await fs.rm(dir, { recursive: true, force: true })
    await fs.mkdir(dir, { recursive: true })
    const t = performance.now()
    const store = new FileStore({ dir })
    await store.open()
    await store.bulkSeed(seed())
    await store.close()
    if (KEEP) await fs.writeFile(marker, '')
    log(`seeded ${N} ${kind} cases in ${ms(performance.now() - t)}`)
  } else log(`reusing ${dir}`)
  if (!KEEP || !fresh) return { dir, done: () => (KEEP ? Promise.resolve() : fs.rm(dir, { recursive: true, force: true })) }
  // runs that write (reminders raised) work on a copy, so the kept folder stays as seeded
  const t = performance.now()
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), `daiban-bench-${kind}-`))
  await fs.cp(dir, copy, { recursive: true })
  log(`copied ${kind} folder in ${ms(performance.now() - t)}`)
  return { dir: copy, done: () => fs.rm(copy, { recursive: true, force: true }) }
}

// ---------------------------------------------------------------- the list queries

interface Query {
  name: string
  filter: CaseFilter
  page: Page
  url: string
}

function queries(r: () => number): Query[] {
  const v = () => VILLAGES[Math.floor(r() * VILLAGES.length)]!
  const o = () => OFFICERS[Math.floor(r() * OFFICERS.length)]!
  const u = () => UNITS[Math.floor(r() * UNITS.length)]!
  const st = () => STAGES[1 + Math.floor(r() * (STAGES.length - 1))] ?? STAGES[0]!
  const overdue = addDays(TODAY, -1)
  const p20: Page = { offset: 0, limit: 20 }
  const enc = encodeURIComponent
  const village = v()
  const stage = st()
  const officer = o()
  const unit = u()
  const all = { village: v(), stage: st(), officer: o(), unit: u() }
  const off = Math.floor(r() * 2000)
  return [
    { name: 'default page', filter: {}, page: p20, url: '/api/cases?limit=20' },
    { name: 'village, active', filter: { village, status: 'active' }, page: p20, url: `/api/cases?limit=20&status=active&village=${enc(village)}` },
    { name: 'stage', filter: { stage }, page: p20, url: `/api/cases?limit=20&stage=${enc(stage)}` },
    { name: 'overdue', filter: { status: 'active', dueOnOrBefore: overdue }, page: p20, url: '/api/cases?limit=20&overdue=1' },
    {
      name: 'officer, active, by due date',
      filter: { officer, status: 'active' },
      page: { ...p20, sort: 'dueDate' },
      url: `/api/cases?limit=20&status=active&officer=${enc(officer)}&sort=dueDate`,
    },
    {
      name: 'unit, by last change',
      filter: { unit },
      page: { ...p20, sort: 'updatedAt', order: 'desc' },
      url: `/api/cases?limit=20&unit=${enc(unit)}&sort=updatedAt&order=desc`,
    },
    { name: 'due soon (3 days)', filter: { status: 'active', dueOnOrBefore: addDays(TODAY, 3) }, page: p20, url: '/api/cases?limit=20&dueSoon=3' },
    {
      name: 'five filters together',
      filter: { ...all, status: 'active', dueOnOrBefore: overdue },
      page: p20,
      url: `/api/cases?limit=20&overdue=1&village=${enc(all.village)}&stage=${enc(all.stage)}&officer=${enc(all.officer)}&unit=${enc(all.unit)}`,
    },
    { name: `deep page (offset ${off})`, filter: {}, page: { offset: off, limit: 20 }, url: `/api/cases?limit=20&offset=${off}` },
  ]
}

// ---------------------------------------------------------------- child: one server

async function child(where: string, mode: string): Promise<void> {
  const { createRuntime } = await import('../runtime/server/deps')
  const { createApp } = await import('../runtime/server/app')
  const { ManualClock } = await import('../runtime/clock')
  const { createLogger } = await import('../runtime/log')
  const { pino } = await import('pino')
  delete process.env.DAIBAN_DATABASE_URL
  const rt = await createRuntime({ dataDir: where, schemeDirs: [GALUTU], log: () => {}, clock: new ManualClock(TODAY) })
  // lists only: the reminder pass is measured on its own below
  await rt.scheduler.stop()
  ;(rt.store as unknown as { plainLists: boolean }).plainLists = mode === 'plain'
  if (!(await rt.accounts.get('bench')))
    await rt.accounts.create({
      username: 'bench',
      password: 'bench load password 1',
      grants: [{ role: 'town_officer' }, { role: 'leader' }, { role: 'admin' }],
    })
  // the access log as the server writes it (one JSON line per request), into /dev/null
  const logger = createLogger({ destination: pino.destination({ dest: '/dev/null', sync: true }) })
  const app = createApp({ ...rt, log: () => {}, logger, signInLimit: 10_000 })
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`))
  server.keepAliveTimeout = 60_000
  // "cpu" on stdin: this process's CPU time so far (µs), for CPU per request
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (d: string) => {
    if (d.includes('cpu')) {
      const u = process.cpuUsage()
      process.stdout.write(`CPU ${u.user + u.system}\n`)
    }
  })
  process.on('SIGTERM', () => {
    server.close()
    void rt.close().then(() => process.exit(0))
  })
}

interface Server {
  base: string
  child: ChildProcess
  /** The server's CPU time so far, in ms. */
  cpu(): Promise<number>
  stop(): Promise<void>
}

function startServer(where: string, mode: 'plain' | 'indexed'): Promise<Server> {
  return new Promise((resolve, reject) => {
    // one profile per thread (tsx's module loader runs on one of its own), named by node
    const prof = PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROF, mode)}`] : []
    const c = spawn(process.execPath, [...prof, path.join(ROOT, 'bin', 'run-ts.js'), path.join(ROOT, 'bench', 'lists.ts'), '--child', where, mode], {
      cwd: ROOT,
      env: { ...process.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let cpuWait: ((us: number) => void) | null = null
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const cpu = /CPU (\d+)\n/.exec(out)
      if (cpu && cpuWait) {
        out = out.slice(cpu.index + cpu[0].length)
        cpuWait(Number(cpu[1]))
        cpuWait = null
      }
      const m = /READY (\d+)/.exec(out)
      if (m) {
        out = out.slice(m.index + m[0].length)
        resolve({
          child: c,
          base: `http://127.0.0.1:${m[1]}`,
          cpu: () =>
            new Promise<number>((r) => {
              cpuWait = (us) => r(us / 1000)
              c.stdin.write('cpu\n')
            }),
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
    c.on('exit', (code) => reject(new Error(`server exited ${code}: ${err.slice(-2000)}`)))
  })
}

async function httpRun(sv: Server, urls: string[], seconds: number): Promise<{ s: Stats; non2xx: number; errors: number; cpuPerReq: number; bytes: number }> {
  const base = sv.base
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench load password 1' }),
  })
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`)
  const headers = { cookie: String(login.headers.get('set-cookie') ?? '').split(';')[0]! }
  let i = 0
  const run = (dur: number) =>
    new Promise<{ latencies: number[]; non2xx: number; errors: number; wall: number; bytes: number }>((resolve, reject) => {
      const latencies: number[] = []
      let non2xx = 0
      let errors = 0
      let bytes = 0
      const t0 = performance.now()
      const inst = autocannon(
        {
          url: base,
          connections: CONNECTIONS,
          duration: dur,
          requests: [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: urls[i++ % urls.length]! }) }],
        },
        (err) => (err ? reject(err) : resolve({ latencies, non2xx, errors, wall: performance.now() - t0, bytes })),
      )
      inst.on('response', (_c, status, b, rt) => {
        bytes += b
        if (status >= 200 && status < 300) latencies.push(rt)
        else non2xx++
      })
      inst.on('reqError', () => errors++)
    })
  await run(QUICK ? 1 : 2)
  const cpu0 = await sv.cpu()
  const m = await run(seconds)
  const n = m.latencies.length + m.non2xx
  return { s: stats(m.latencies, m.wall), non2xx: m.non2xx, errors: m.errors, cpuPerReq: ((await sv.cpu()) - cpu0) / n, bytes: m.bytes / n }
}

// ---------------------------------------------------------------- helpers

function timeCalls(fn: () => void, minMs: number, minCalls = 5): { mean: number; p95: number; n: number } {
  const samples: number[] = []
  const end = performance.now() + minMs
  while (samples.length < minCalls || performance.now() < end) {
    const t = performance.now()
    fn()
    samples.push(performance.now() - t)
  }
  const s = stats(samples, 1)
  return { mean: s.mean, p95: s.p95, n: s.n }
}

/** Event-loop busy time and wall time of an async step. */
async function loopTime<T>(fn: () => Promise<T>): Promise<{ busy: number; wall: number; value: T }> {
  const e0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  const value = await fn()
  const wall = performance.now() - t0
  const e = performance.eventLoopUtilization(e0)
  return { busy: e.active, wall, value }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const t0 = performance.now()
  const log = (m: string) => process.stderr.write(`[lists ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}\n`)
  const out: string[] = []
  const load0 = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
  const { FileStore } = await import('../runtime/store/file-store')
  const { loadSchemeDir } = await import('../runtime/schemes/files')
  const tpl = await templateRecord()
  // the scheme's case clocks that start at registration, and its calendar
  const loaded = await loadSchemeDir(GALUTU)
  if (!loaded.scheme) throw new Error('the Galutu definitions do not load')
  const scheme = loaded.scheme
  const clocks: Clocked[] = [...scheme.clocks.values()]
    .filter((c) => c.machine === 'case' && (c.start.events ?? []).includes('REGISTER') && c.start.dateField === 'receivedOn')
    .map((c) => ({ id: c.id, name: c.name, days: c.days, unit: c.unit }))
  const addWorkdays = (d: string, n: number) => scheme.calendar.addWorkdays(d, n)
  log(`template ${Buffer.byteLength(JSON.stringify(tpl))} bytes; clocks ${clocks.map((c) => c.id).join(', ')}; stages ${STAGES.join(', ')}`)

  const qs = queries(rng(5))
  // ---- 1. in process
  if (want('lists') || want('http')) {
    const seeded = await seededDir('office', () => records(tpl, 'office', clocks, addWorkdays), log)
    const dir = seeded.dir
    const t = performance.now()
    const store = new FileStore({ dir })
    await store.open()
    const openMs = performance.now() - t
    if (want('lists')) {
      const rows1: string[][] = [['query', 'matches', 'plain scan ms/call', 'indexed ms/call', 'indexed p95', 'plain ÷ indexed', 'same result']]
      for (const q of qs) {
        const filter: CaseFilter = { schemeId: 'galutu', ...q.filter }
        store.plainLists = true
        const want = await store.listCases(filter, q.page)
        const plain = timeCalls(() => void store.listCases(filter, q.page), QUICK ? 200 : 1000)
        store.plainLists = false
        const got = await store.listCases(filter, q.page)
        const idx = timeCalls(() => void store.listCases(filter, q.page), QUICK ? 200 : 1000)
        const same = got.total === want.total && JSON.stringify(got.items) === JSON.stringify(want.items)
        rows1.push([
          q.name,
          want.total.toLocaleString('en-US'),
          ms(plain.mean),
          ms(idx.mean),
          ms(idx.p95),
          ratio(plain.mean, idx.mean),
          same ? 'yes' : '**NO**',
        ])
        log(`${q.name}: plain ${ms(plain.mean)}, indexed ${ms(idx.mean)}${same ? '' : ' — RESULTS DIFFER'}`)
      }
      out.push(header(`Case list at ${N.toLocaleString('en-US')} cases: FileStore, CPU per listCases call (page of 20)`))
      out.push(table(rows1))
      out.push(`\nStore open with ${N.toLocaleString('en-US')} summaries (indexes built as they load): ${ms(openMs)}. Load average at start ${load0}.\n`)
    }
    await store.close().catch(() => {})

    // ---- 2. over HTTP
    if (want('http')) {
      const urls = Array.from({ length: 200 }, (_, i) => queries(rng(100 + i)))
        .flat()
        .map((q) => q.url)
      const rows2: string[][] = [
        ['server', 'clients', 'requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'server CPU / request', 'bytes / response', 'non-2xx / errors'],
      ]
      const p95: Record<string, number> = {}
      const cpu: Record<string, number> = {}
      for (const mode of MODES) {
        log(`HTTP ${mode}: starting a server`)
        const sv = await startServer(dir, mode)
        try {
          const m = await httpRun(sv, urls, SECONDS)
          p95[mode] = m.s.p95
          cpu[mode] = m.cpuPerReq
          rows2.push([
            mode === 'plain' ? 'plain scan (before)' : 'indexes (after)',
            String(CONNECTIONS),
            m.s.n.toLocaleString('en-US'),
            rate(m.s.perSec),
            ms(m.s.p50),
            ms(m.s.p95),
            ms(m.s.p99),
            ms(m.s.max),
            ms(m.cpuPerReq),
            Math.round(m.bytes).toLocaleString('en-US'),
            `${m.non2xx} / ${m.errors}`,
          ])
          log(`HTTP ${mode}: ${rate(m.s.perSec)}/s p95 ${ms(m.s.p95)}, server CPU ${ms(m.cpuPerReq)}/request`)
        } finally {
          await sv.stop()
        }
      }
      out.push(
        header(`GET /api/cases at ${N.toLocaleString('en-US')} cases, FileStore, ${CONNECTIONS} connections, ${SECONDS} s (the nine queries above, mixed)`),
      )
      out.push(table(rows2))
      out.push(
        `\nTarget p95 < 50 ms: **${(p95.indexed ?? Infinity) < 50 ? 'met' : 'MISSED'}** (${ms(p95.indexed ?? NaN)}; before ${ms(p95.plain ?? NaN)}, ${ratio(p95.plain ?? NaN, p95.indexed ?? NaN)}). ` +
          `Server CPU per request ${ms(cpu.indexed ?? NaN)} (before ${ms(cpu.plain ?? NaN)}, ${ratio(cpu.plain ?? NaN, cpu.indexed ?? NaN)}): with 10 connections on one process, p95 follows it. ` +
          `Load average at the end ${os
            .loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')}.\n`,
      )
    }
    await seeded.done()
  }

  // ---- 3. the reminder pass
  if (want('sched')) out.push(...(await schedulerPart(tpl, clocks, addWorkdays, log)))

  // ---- 4. PostgreSQL
  const { pgPart } = await import('./lists-pg')
  if (want('pg'))
    out.push(
      ...(await pgPart(
        N,
        () => records(tpl, 'office', clocks, addWorkdays),
        () => records(tpl, 'decade', clocks, addWorkdays),
        qs,
        SECONDS,
        TODAY,
        log,
      )),
    )
  console.log(out.join('\n'))
}

async function schedulerPart(tpl: CaseRecord, clocks: Clocked[], addWorkdays: (d: string, n: number) => string, log: (m: string) => void): Promise<string[]> {
  const { createRuntime } = await import('../runtime/server/deps')
  const { ManualClock, today: localToday } = await import('../runtime/clock')
  const { dueReminders } = await import('../runtime/scheduler/reminders')
  const { Scheduler } = await import('../runtime/scheduler/scheduler')
  const seeded = await seededDir('decade', () => records(tpl, 'decade', clocks, addWorkdays), log, true)
  const dir = seeded.dir
  const clock = new ManualClock(TODAY)
  const rt = await createRuntime({ dataDir: dir, schemeDirs: [GALUTU], log: () => {}, clock })
  await rt.scheduler.stop()
  const store: Store = rt.store
  const active = (await store.allSummaries({ status: 'active' })).length
  /** The pass before #20: every active case read, the local date formatted per case. */
  const plainPass = async (): Promise<Reminder[]> => {
    const raisedAt = clock.now().toISOString()
    const all = await store.allSummaries({ status: 'active' })
    const wanted: Reminder[] = []
    for (const s of all) {
      if (!s.clocks?.some((c) => c.status === 'running') || !s.schemeHash) continue
      const sc = await rt.schemes.get(s.schemeId, s.schemeHash)
      wanted.push(...dueReminders(sc, s, localToday(clock, sc.manifest.timezone), raisedAt))
    }
    return wanted.length ? store.raiseReminders(wanted) : []
  }
  const rows: string[][] = [['pass', 'event-loop busy', 'wall', 'reminders raised']]
  const fresh = () => new Scheduler(store, rt.schemes, clock)
  // the first pass raises the day's reminders (once); measured, then the steady passes
  const first = await loopTime(() => fresh().tick())
  rows.push([
    "Scheduler now: first pass after start-up (raises the day's reminders)",
    ms(first.busy),
    ms(first.wall),
    first.value.length.toLocaleString('en-US'),
  ])
  const plain: number[] = []
  const plainWall: number[] = []
  for (let i = 0; i < 3; i++) {
    const r = await loopTime(plainPass)
    plain.push(r.busy)
    plainWall.push(r.wall)
  }
  const cold: number[] = []
  const warm: number[] = []
  const sched = fresh()
  for (let i = 0; i < 3; i++) cold.push((await loopTime(() => fresh().tick())).busy)
  await sched.tick()
  for (let i = 0; i < 5; i++) warm.push((await loopTime(() => sched.tick())).busy)
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  rows.push(['before: every active case read and judged (per minute)', ms(mean(plain)), ms(mean(plainWall)), '0'])
  rows.push(['now: first pass of a process or a day (due cases judged)', ms(mean(cold)), '', '0'])
  rows.push(['now: the passes every minute after it', ms(mean(warm)), '', '0'])
  // the next day: every due case judged again
  clock.set(addDays(TODAY, 1))
  const nextDay = await loopTime(() => sched.tick())
  rows.push(['now: first pass of the next day (raises its reminders)', ms(nextDay.busy), ms(nextDay.wall), nextDay.value.length.toLocaleString('en-US')])
  const due = (await store.allSummaries({ status: 'active', dueOnOrBefore: addDays(TODAY, 20) })).length
  await rt.close()
  await seeded.done()
  log(`scheduler: before ${ms(mean(plain))}, after ${ms(mean(warm))} per pass`)
  return [
    header(
      `Reminder pass at ${N.toLocaleString('en-US')} cases (FileStore; ${active.toLocaleString('en-US')} active, about ${due.toLocaleString('en-US')} due within 20 days or overdue)`,
    ),
    table(rows),
    `\nTarget < 20 ms of event-loop time per pass: **${mean(warm) < 20 ? 'met' : 'MISSED'}** (${ms(mean(warm))}; before ${ms(mean(plain))}, ${ratio(mean(plain), mean(warm))}).\n`,
  ]
}

if (process.argv[2] === '--child') {
  void child(process.argv[3]!, process.argv[4]!)
} else {
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
