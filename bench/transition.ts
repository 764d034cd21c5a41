/**
 * Case transitions through the case service (`CaseService.create` / `send`: load the case and its
 * pinned scheme, ajv, decide, XState transition, summary, durable write with its audit entry)
 * with 1k, 10k and 100k cases stored, against the naive store in the same run.
 *
 *   node bin/run-ts.js bench/transition.ts [--sizes 1000,10000,100000] [--lifecycles 120] [--keep] [--quick] [--write-delay ms]
 *
 * Setup: a real FileStore in a temp folder, `createRuntime` with the Galutu scheme, a ManualClock
 * at 2026-03-02. The store is grown to each size with `FileStore.bulkSeed` from realistic case
 * records: each made by the engine itself (REGISTER of generated intake facts, received between
 * 2025-09-01 and 2026-03-02, the triage mix of lib.ts: ≈ 3/4 end in `handling`).
 *
 * Workload per size, measured op by op: L "lifecycles", each = one `create` (REGISTER of a new
 * proxied case) + 8 `send`s to a random seeded case in `handling`:
 *   DISPATCH → URGE → RECORD_REPLY → LEADER_INSTRUCTION → CONCLUDE → FEEDBACK → FOLLOW_UP → ARCHIVE
 *
 * The store's own path is compared too: the same service on the same FileStore with
 * `baselineIO` off (one stringify per record, cached case texts, open audit logs) and on (the path
 * before that), blocks in turns, CPU per transition. And its notifications: journaled (now) vs
 * an inbox file appended and fdatasync'd per notified user inside the call (session 7,
 * bench/inbox-legacy.ts), blocks in turns; and a case write's notices in its commit (now) vs
 * appended after it, a journal line of their own (session 8, bench/notices-after.ts), in turns.
 *
 * Baseline: the same CaseService over a naive Store — one lowdb `JSONFile` (lowdb/node) holding
 * every case, audit entry, counter and document, `db.write()` after each change (lowdb's own
 * write: temp file + rename, no fsync, so it is *less* durable than FileStore). Its writes grow
 * with the store, so it gets only a few lifecycles per size.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'
import { Session } from 'node:inspector/promises'
import { Low, Memory } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { initialSnapshot, prepareEvent, transition, type CompiledScheme } from '../engine/index'
import { createRuntime } from '../runtime/server/deps'
import { ManualClock } from '../runtime/clock'
import { FileStore } from '../runtime/store/index'
import {
  StoreConflictError,
  type AuditEntry,
  type CaseFilter,
  type CaseRecord,
  type CaseSummary,
  type Page,
  type Reminder,
  type Store,
  type StoredNotification,
} from '../runtime/store/index'
import { buildSummary } from '../runtime/cases/summary'
import type { CaseService } from '../runtime/cases/service'
import { LegacyCaseService } from './transition-legacy'
import { useLegacyInbox } from './inbox-legacy'
import { noticesAfterWrite } from './notices-after'
import { GALUTU, QUICK, arg, count, header, verdict, intakeFacts, ms, pick, rate, ratio, rng, stats, table, type OrgLike, type Rand, type Stats } from './lib'

const SIZES = (arg('--sizes') ?? (QUICK ? '100,1000,10000' : '1000,10000,100000')).split(',').map(Number)
const LIFECYCLES = Number(arg('--lifecycles') ?? (QUICK ? 20 : 120))
const TEMPLATES = 400
/** Naive lifecycles per size: its writes grow with the store, a few dozen ops are plenty. */
const naiveLifecycles = (n: number) => (n <= 1000 ? (QUICK ? 3 : 8) : QUICK ? 1 : 2)
/** Wall-time budget of the naive run per size (a lifecycle in progress finishes; at least one runs). */
const NAIVE_BUDGET_MS = QUICK ? 8_000 : 15_000
const V8_MAX_STRING = 2 ** 29 - 24
const KEEP = process.argv.includes('--keep')
/** Writes V8 CPU profiles (.cpuprofile, <file>.1 …) of the current service's blocks of the FileStore run at the largest size. */
const PROFILE = arg('--profile')
/** Writes a V8 CPU profile of the current service's run over the in-memory store (the service alone). */
const PROFILE_MEMORY = arg('--profile-memory')
/** Skips the lowdb baseline (quicker runs while profiling). */
const SKIP_NAIVE = process.argv.includes('--skip-naive')
const TODAY = '2026-03-02'
const ACTOR = { id: 'officer-bench', name: '代办员' }
const SEQUENCE = ['DISPATCH', 'URGE', 'RECORD_REPLY', 'LEADER_INSTRUCTION', 'CONCLUDE', 'FEEDBACK', 'FOLLOW_UP', 'ARCHIVE'] as const

// ---------------------------------------------------------------- the naive store

interface NaiveData {
  cases: Record<string, CaseRecord>
  audit: AuditEntry[]
  counters: Record<string, number>
  docs: Record<string, unknown>
  reminders: Reminder[]
  notifications: Array<{ user: string; notification: StoredNotification }>
}

/** Everything in one lowdb JSONFile; every change rewrites it. Just enough of `Store` for the service. */
class NaiveLowdbStore implements Store {
  readonly db: Low<NaiveData>
  /** `file` null: kept in memory, never written (the service's own CPU, without a store's I/O) */
  constructor(file: string | null) {
    this.db = new Low<NaiveData>(file === null ? new Memory<NaiveData>() : new JSONFile<NaiveData>(file), {
      cases: {},
      audit: [],
      counters: {},
      docs: {},
      reminders: [],
      notifications: [],
    })
  }
  private get d(): NaiveData {
    return this.db.data
  }
  async open(): Promise<void> {
    await this.db.read()
  }
  async close(): Promise<void> {}
  async nextSequence(name: string): Promise<number> {
    const v = (this.d.counters[name] ?? 0) + 1
    this.d.counters[name] = v
    await this.db.write()
    return v
  }
  private addAudit(entries: AuditEntry[]): void {
    for (const e of entries) this.d.audit.push({ ...e, seq: this.d.audit.length + 1 })
  }
  async createCase(record: CaseRecord, audit: AuditEntry[]): Promise<void> {
    const id = record.summary.id
    if (this.d.cases[id]) throw new StoreConflictError(id, 0, this.d.cases[id]!.summary.version)
    this.d.cases[id] = structuredClone(record)
    this.addAudit(audit)
    await this.db.write()
  }
  async getCase(id: string): Promise<CaseRecord | null> {
    const r = this.d.cases[id]
    return r ? structuredClone(r) : null
  }
  async getCaseByNumber(number: string): Promise<CaseRecord | null> {
    for (const r of Object.values(this.d.cases)) if (r.summary.number === number) return structuredClone(r)
    return null
  }
  async updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[]): Promise<void> {
    const id = record.summary.id
    const cur = this.d.cases[id]
    if (!cur || cur.summary.version !== expectedVersion) throw new StoreConflictError(id, expectedVersion, cur?.summary.version ?? 0)
    this.d.cases[id] = structuredClone(record)
    this.addAudit(audit)
    await this.db.write()
  }
  async listCases(_f: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number }> {
    const all = Object.values(this.d.cases).map((c) => c.summary)
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length }
  }
  async allSummaries(): Promise<CaseSummary[]> {
    return Object.values(this.d.cases).map((c) => c.summary)
  }
  async appendAudit(entries: AuditEntry[]): Promise<void> {
    this.addAudit(entries)
    await this.db.write()
  }
  async listAudit(caseId: string): Promise<AuditEntry[]> {
    return this.d.audit.filter((a) => a.caseId === caseId)
  }
  async listAllAudit(): Promise<AuditEntry[]> {
    return [...this.d.audit]
  }
  async raiseReminders(reminders: Reminder[]): Promise<Reminder[]> {
    const fresh = reminders.filter((r) => !this.d.reminders.some((x) => x.id === r.id))
    this.d.reminders.push(...fresh)
    if (fresh.length) await this.db.write()
    return fresh
  }
  async listReminders(): Promise<Reminder[]> {
    return [...this.d.reminders]
  }
  async acknowledgeReminder(id: string, by: string): Promise<boolean> {
    const r = this.d.reminders.find((x) => x.id === id)
    if (!r || r.acknowledgedBy) return false
    r.acknowledgedBy = by
    await this.db.write()
    return true
  }
  async appendNotifications(items: Array<{ user: string; notification: StoredNotification }>): Promise<void> {
    const fresh = items.filter((i) => !this.d.notifications.some((x) => x.notification.id === i.notification.id))
    this.d.notifications.push(...structuredClone(fresh))
    if (fresh.length) await this.db.write()
  }
  async listNotifications(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    const mine = this.d.notifications
      .filter((x) => users.includes(x.user))
      .map((x) => x.notification)
      .reverse()
    return { items: mine.slice(page.offset, page.offset + page.limit), total: mine.length, unread: mine.filter((n) => !n.read).length }
  }
  async markNotificationsRead(users: string[], ids: string[] | 'all'): Promise<number> {
    let n = 0
    for (const x of this.d.notifications) {
      if (users.includes(x.user) && !x.notification.read && (ids === 'all' || ids.includes(x.notification.id))) {
        x.notification.read = true
        n++
      }
    }
    if (n) await this.db.write()
    return n
  }
  async getDoc<T = unknown>(key: string): Promise<T | null> {
    return (this.d.docs[key] as T | undefined) ?? null
  }
  async putDoc(key: string, value: unknown): Promise<void> {
    this.d.docs[key] = structuredClone(value)
    await this.db.write()
  }
  async updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    const next = fn((this.d.docs[key] as T | undefined) ?? null)
    await this.putDoc(key, next)
    return next
  }
}

// ---------------------------------------------------------------- realistic records

function uuid(r: Rand): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('')
  return `${h(8)}-${h(4)}-4${h(3)}-${(8 + Math.floor(r() * 4)).toString(16)}${h(3)}-${h(12)}`
}

interface Template {
  record: CaseRecord
  handling: boolean
}

/** Case records made by the engine: REGISTER of generated facts, as the service would store them. */
async function makeTemplates(scheme: CompiledScheme, hash: string, org: OrgLike, r: Rand): Promise<Template[]> {
  const out: Template[] = []
  const initial = initialSnapshot(scheme, 'case')
  while (out.length < TEMPLATES) {
    const facts = intakeFacts(r, org, { from: '2025-09-01', to: TODAY })
    if (r() < 0.8) facts.officer = `代办员${Math.floor(r() * 30)}`
    const at = String(facts.receivedOn)
    const p = await prepareEvent(scheme, 'case', null, { type: 'REGISTER', at, by: ACTOR.id, form: facts })
    if (!p.ok) continue
    const step = transition(scheme, 'case', initial, p.event)
    if (!step.ok) continue
    const created = `${at}T09:30:00.000Z`
    const summary = buildSummary(
      scheme,
      { id: 'template', number: 'template', machine: 'case', createdAt: created, updatedAt: created, version: 1, schemeHash: hash },
      step.result.state,
      step.result.done,
      step.result.context,
    )
    out.push({ record: { summary, schemeHash: hash, snapshot: step.result.snapshot }, handling: step.result.state === 'handling' })
  }
  return out
}

/** Seeded case i: a template with its own id and number (numbers above the service's 6-digit counter range). */
function seededRecord(templates: Template[], i: number, id: string): CaseRecord {
  const t = templates[i % templates.length]!.record
  return { summary: { ...t.summary, id, number: `GLT-2026-${String(1_000_000 + i)}` }, schemeHash: t.schemeHash, snapshot: t.snapshot }
}

// ---------------------------------------------------------------- the workload

interface Seeded {
  ids: string[]
  /** indexes into ids of cases in `handling` not yet used by a lifecycle */
  handling: number[]
}

function formFor(type: string, r: Rand, unit: string): Record<string, unknown> {
  switch (type) {
    case 'DISPATCH':
      return { sentOn: TODAY, units: [unit], matter: '请核实信访人反映的情况并于5个工作日内书面答复', requirement: '按时限办结' }
    case 'URGE':
      return { unit, method: '电话', content: '请尽快答复' }
    case 'RECORD_REPLY':
      return { unit, repliedOn: TODAY, result: '已核实，拟按政策解决' }
    case 'LEADER_INSTRUCTION':
      return { leader: '镇长', content: '请专班组跟进落实' }
    case 'CONCLUDE':
      return { concludedOn: TODAY, result: '已解决信访人诉求', resolved: r() < 0.9, measures: ['诉求合理的解决问题到位'] }
    case 'FEEDBACK':
      return { method: '电话', toldOn: TODAY, satisfied: r() < 0.85, reviewRequested: false }
    case 'FOLLOW_UP':
      return { visitedOn: TODAY, method: '上门走访', situation: '群众满意，无反弹' }
    case 'ARCHIVE':
      return { archivedOn: TODAY, archiveNumber: `GLT-DA-${Math.floor(r() * 1e6)}`, keeper: '档案员', intakeForm: true, disposalForms: true, replies: true }
    default:
      throw new Error(type)
  }
}

const UNITS = ['pingan', 'sifasuo', 'zonghebaozhang', 'zhifaju', 'shehuishiwu', 'xiangcunzhenxing', 'gonghui']

interface RunResult {
  all: Stats
  byEvent: Map<string, Stats>
  lifecycles: number
  /** process CPU (user + system, all threads) per op */
  cpuMsPerOp: number
  /** V8 garbage-collection pauses during the run: total per op and the longest */
  gcMsPerOp: number
  gcMaxMs: number
  /** 1-minute load average of the machine when the run started (other jobs show up here) */
  loadAvg: number
  raw: { samples: number[]; byEvent: Map<string, number[]>; wallMs: number; cpuMs: number; gcMs: number; cpuSamples: number[] }
  /** process CPU of each op on its own (median: without the GC pauses and stray work a total includes) */
  cpuPerOp: Stats
}

/** One result of runs taken in turns (blocks of a variant alternating with another's). */
function merged(runs: RunResult[]): RunResult {
  const samples = runs.flatMap((r) => r.raw.samples)
  const cpuSamples = runs.flatMap((r) => r.raw.cpuSamples)
  const byEvent = new Map<string, number[]>()
  for (const r of runs) for (const [e, v] of r.raw.byEvent) byEvent.set(e, [...(byEvent.get(e) ?? []), ...v])
  const wallMs = runs.reduce((a, r) => a + r.raw.wallMs, 0)
  const cpuMs = runs.reduce((a, r) => a + r.raw.cpuMs, 0)
  const gcMs = runs.reduce((a, r) => a + r.raw.gcMs, 0)
  return {
    all: stats(samples, wallMs),
    byEvent: new Map([...byEvent].map(([e, v]) => [e, stats(v, wallMs)])),
    lifecycles: runs.reduce((a, r) => a + r.lifecycles, 0),
    cpuMsPerOp: cpuMs / samples.length,
    gcMsPerOp: gcMs / samples.length,
    gcMaxMs: Math.max(...runs.map((r) => r.gcMaxMs)),
    loadAvg: runs[0]!.loadAvg,
    raw: { samples, byEvent, wallMs, cpuMs, gcMs, cpuSamples },
    cpuPerOp: stats(cpuSamples, wallMs),
  }
}

/** The current service and the one before the pure-step change, `rounds` blocks each, in turns. */
async function inTurns(
  cases: CaseService,
  legacy: CaseService,
  org: OrgLike,
  seeded: Seeded,
  lifecycles: number,
  r: Rand,
  rounds = 4,
  /** Called before each block (e.g. to switch the store's path). */
  switchTo: (variant: 'now' | 'before') => void | Promise<void> = () => {},
  /** Awaited at the end of each block, inside its CPU: the store's deferred file writes (FileStore.settle). */
  settle: () => Promise<void> = async () => {},
): Promise<{ now: RunResult; before: RunResult }> {
  const now: RunResult[] = []
  const before: RunResult[] = []
  for (let i = 0; i < rounds; i++) {
    const n = Math.max(1, Math.round(lifecycles / rounds))
    await switchTo('now')
    now.push(await runLifecycles(cases, org, seeded, n, r, Infinity, settle))
    await switchTo('before')
    before.push(await runLifecycles(legacy, org, seeded, n, r, Infinity, settle))
  }
  await switchTo('now')
  return { now: merged(now), before: merged(before) }
}

/** Runs up to `lifecycles`; with `budgetMs`, stops once the budget is spent (after at least one whole lifecycle). */
async function runLifecycles(
  cases: Pick<CaseService, 'create' | 'send'>,
  org: OrgLike,
  seeded: Seeded,
  lifecycles: number,
  r: Rand,
  budgetMs = Infinity,
  settle: () => Promise<void> = async () => {},
): Promise<RunResult> {
  const samples: number[] = []
  const perEvent = new Map<string, number[]>()
  const cpuSamples: number[] = []
  let opCpu = process.cpuUsage()
  const note = (type: string, dt: number) => {
    const c = process.cpuUsage(opCpu)
    cpuSamples.push((c.user + c.system) / 1000)
    samples.push(dt)
    let l = perEvent.get(type)
    if (!l) perEvent.set(type, (l = []))
    l.push(dt)
  }
  let gcMs = 0
  let gcMax = 0
  const onGc = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      gcMs += e.duration
      gcMax = Math.max(gcMax, e.duration)
    }
  }
  const gc = new PerformanceObserver((list) => onGc(list.getEntries()))
  gc.observe({ entryTypes: ['gc'] })
  const loadAvg = os.loadavg()[0]!
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  // the budget is checked before each op, once at least one lifecycle (1 + SEQUENCE.length ops) is done
  const over = () => samples.length >= 1 + SEQUENCE.length && performance.now() - start > budgetMs
  let k = 0
  lifecycle: for (; k < lifecycles && !over(); k++) {
    // a new proxied case, registered today
    const facts = intakeFacts(r, org, { from: TODAY, to: TODAY })
    for (const f of [
      'acceptsProxy',
      'answerableOnSpot',
      'inJudicialProcess',
      'inEnforcementStage',
      'concludedAtThreeLevels',
      'beingHandled',
      'unreasonableAfterFullHandling',
      'legalChannel',
      'solutionSettledOn',
    ])
      delete facts[f]
    facts.officer = `代办员${Math.floor(r() * 30)}`
    // intakeFacts sends 5 % from outside the town, which the intake form now refuses
    if (!org.villages.some((v) => v.name === facts.village)) facts.village = pick(r, org.villages).name
    opCpu = process.cpuUsage()
    let t0 = performance.now()
    await cases.create('galutu', { type: 'REGISTER', form: facts }, ACTOR)
    note('create REGISTER', performance.now() - t0)
    // an existing case in handling, walked to the archive
    if (!seeded.handling.length) throw new Error('no seeded case left in handling')
    const at = Math.floor(r() * seeded.handling.length)
    const idx = seeded.handling[at]!
    seeded.handling[at] = seeded.handling[seeded.handling.length - 1]!
    seeded.handling.pop()
    const id = seeded.ids[idx]!
    const unit = pick(r, UNITS)
    for (const type of SEQUENCE) {
      if (over()) break lifecycle
      opCpu = process.cpuUsage()
      t0 = performance.now()
      await cases.send(id, { type, form: formFor(type, r, unit) }, ACTOR)
      note(type, performance.now() - t0)
    }
  }
  // the block's own deferred writes count in its CPU, not the next block's
  await settle()
  const wall = performance.now() - start
  const cpu = process.cpuUsage(cpu0)
  await new Promise((r) => setTimeout(r, 0))
  onGc(gc.takeRecords())
  gc.disconnect()
  const cpuMs = (cpu.user + cpu.system) / 1000
  return {
    all: stats(samples, wall),
    byEvent: new Map([...perEvent].map(([e, v]) => [e, stats(v, wall)])),
    lifecycles: k,
    cpuMsPerOp: cpuMs / samples.length,
    gcMsPerOp: gcMs / samples.length,
    gcMaxMs: gcMax,
    loadAvg,
    raw: { samples, byEvent: perEvent, wallMs: wall, cpuMs, gcMs, cpuSamples },
    cpuPerOp: stats(cpuSamples, wall),
  }
}

/**
 * The disk's own sync latency right now (write 4 KiB + fdatasync, in the data folder): the floor
 * under every durable write, printed next to the results because a shared or virtual disk can
 * vary a lot from one minute to the next.
 */
async function fsyncProbe(dir: string, n = QUICK ? 50 : 200): Promise<Stats> {
  const file = path.join(dir, 'fsync-probe.bin')
  const h = await fs.open(file, 'w')
  const buf = Buffer.alloc(4096, 1)
  const samples: number[] = []
  const start = performance.now()
  try {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      await h.write(buf, 0, buf.length, (i % 16) * 4096)
      await h.datasync()
      samples.push(performance.now() - t0)
    }
  } finally {
    await h.close()
    await fs.rm(file, { force: true })
  }
  return stats(samples, performance.now() - start)
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const t0 = performance.now()
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-transition-'))
  const org = JSON.parse(await fs.readFile(path.join(GALUTU, 'org.json'), 'utf8')) as OrgLike
  const log = (m: string) => process.stderr.write(`[transition ${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}\n`)

  // FileStore runtime
  const clock = new ManualClock(TODAY)
  // --write-delay 0: case files written after every commit, as before the lazy writer (FileStoreOptions.writeDelayMs)
  const writeDelay = arg('--write-delay')
  const store = new FileStore({ dir: path.join(root, 'filestore'), writeDelayMs: writeDelay === undefined ? undefined : Number(writeDelay) })
  await store.open()
  const rt = await createRuntime({ dataDir: path.join(root, 'filestore'), schemeDirs: [GALUTU], clock, store, log })
  const v = await rt.schemes.latest('galutu')
  const scheme = await rt.schemes.get('galutu', v.hash)
  const templates = await makeTemplates(scheme, v.hash, org, rng(7))
  const recordBytes = Math.round(templates.reduce((a, t) => a + JSON.stringify(t.record).length, 0) / templates.length)
  const handlingShare = templates.filter((t) => t.handling).length / templates.length
  // what one case adds to lowdb's 2-space-indented document (nested under "cases": 4 more spaces per line)
  const indentedBytes = Math.round(templates.reduce((a, t) => a + JSON.stringify({ cases: { x: t.record } }, null, 2).length, 0) / templates.length)
  log(`${templates.length} templates, ≈ ${recordBytes} bytes of JSON per case record, ${(handlingShare * 100).toFixed(0)} % in handling`)

  // naive runtime (its own data folder for the scheme documents, same scheme, same clock)
  const naiveStore = new NaiveLowdbStore(path.join(root, 'naive.json'))
  await naiveStore.open()
  const naiveRt = await createRuntime({ dataDir: path.join(root, 'naive'), schemeDirs: [GALUTU], clock, store: naiveStore, log })
  const naiveHash = (await naiveRt.schemes.latest('galutu')).hash
  if (naiveHash !== v.hash) throw new Error('the two runtimes published different scheme hashes')

  const idRng = rng(42)
  const seeded: Seeded = { ids: [], handling: [] }
  const naiveSeeded: Seeded = { ids: [], handling: [] }
  const work = rng(99)
  const naiveWork = rng(199)

  // Phase 1: FileStore at each size (grown in place). Phase 2: the naive store at each size. The
  // naive store's big unsynced writes leave lots of dirty pages that slow every later fsync on
  // ext4, so it runs last.
  const legacy = LegacyCaseService.of(rt.cases)
  const fileRows: Array<{
    n: number
    file: RunResult
    before: RunResult
    storePaths: { now: RunResult; before: RunResult }
    seedMs: number
    probe: Stats
  }> = []
  // notifications journaled (now) vs one fdatasync'd inbox file per user (session 7), per size
  const inboxRows = new Map<number, { now: RunResult; before: RunResult; perOp: { now: number; before: number } }>()
  const lineRows = new Map<number, { now: RunResult; before: RunResult; lifecycles: number }>()
  await useLegacyInbox(store, false)
  let notified = 0
  const plan = rt.channels.notifications.plan.bind(rt.channels.notifications)
  rt.channels.notifications.plan = async (...args) => {
    const notices = await plan(...args)
    notified += notices.length
    return notices
  }
  for (const n of SIZES) {
    const from = seeded.ids.length
    const fresh: CaseRecord[] = []
    for (let i = from; i < n; i++) {
      const id = uuid(idRng)
      seeded.ids.push(id)
      if (templates[i % templates.length]!.handling) seeded.handling.push(i)
      fresh.push(seededRecord(templates, i, id))
    }
    const s0 = performance.now()
    await store.bulkSeed(fresh)
    const seedMs = performance.now() - s0
    log(`FileStore: bulkSeed ${count(n - from)} → ${count(store.caseCount)} cases in ${ms(seedMs)}`)
    // warm-up (JIT, scheme caches) before the first measurement
    if (n === SIZES[0]) await runLifecycles(rt.cases, org, seeded, QUICK ? 3 : 10, rng(1))
    const probe = await fsyncProbe(root)
    const session = PROFILE && n === SIZES[SIZES.length - 1] ? new Session() : null
    // the profile covers the current service's blocks only: one file per block (<file>.1, .2, …)
    let profiles = 0
    let on = false
    const profileBlocks = async (variant: 'now' | 'before') => {
      if (!session || (variant === 'now') === on) return
      on = variant === 'now'
      if (on) return void (await session.post('Profiler.start'))
      const { profile } = await session.post('Profiler.stop')
      await fs.writeFile(`${PROFILE!}.${++profiles}`, JSON.stringify(profile))
    }
    if (session) {
      session.connect()
      await session.post('Profiler.enable')
      await session.post('Profiler.setSamplingInterval', { interval: 100 }) // µs: a transition is about 1 ms
    }
    // the current service and the old one (actors per request), in turns on the same store
    const { now: file, before } = await inTurns(rt.cases, legacy, org, seeded, LIFECYCLES, work, 4, profileBlocks, () => store.settle())
    if (session) {
      if (on) await session.post('Profiler.stop') // the block inTurns ends with was never run
      session.disconnect()
      log(`CPU profiles of the current service's ${profiles} blocks at ${count(n)} written to ${PROFILE}.1…${profiles}`)
    }
    // the current service on the store's path now and on its path before (FileStore.baselineIO), in turns
    const storePaths = await inTurns(
      rt.cases,
      rt.cases,
      org,
      seeded,
      LIFECYCLES,
      work,
      4,
      (v) => {
        store.baselineIO = v === 'before'
      },
      () => store.settle(),
    )
    log(
      `FileStore ${count(n)}: p50 ${ms(file.all.p50)}, p95 ${ms(file.all.p95)}, ${rate(file.all.perSec)}/s (disk probe: fdatasync p50 ${ms(probe.p50)}, p95 ${ms(probe.p95)})`,
    )
    log(`  before (actors per request): p50 ${ms(before.all.p50)}, CPU/op ${ms(before.cpuMsPerOp)} vs ${ms(file.cpuMsPerOp)} now`)
    log(`  store path before (baselineIO): CPU/op ${ms(storePaths.before.cpuMsPerOp)} vs ${ms(storePaths.now.cpuMsPerOp)} now`)
    const counted = { now: 0, before: 0 }
    let variant: 'now' | 'before' = 'now'
    const inboxPaths = await inTurns(
      rt.cases,
      rt.cases,
      org,
      seeded,
      LIFECYCLES,
      work,
      4,
      (v) => {
        counted[variant] += notified
        notified = 0
        variant = v
        void useLegacyInbox(store, v === 'before')
      },
      () => store.settle(),
    )
    counted[variant] += notified
    notified = 0
    const perOp = { now: counted.now / inboxPaths.now.all.n, before: counted.before / inboxPaths.before.all.n }
    inboxRows.set(n, { now: inboxPaths.now, before: inboxPaths.before, perOp })
    log(
      `  notifications (${perOp.now.toFixed(2)} per op) fdatasync'd per inbox (session 7): CPU/op ${ms(inboxPaths.before.cpuMsPerOp)} vs ${ms(inboxPaths.now.cpuMsPerOp)} journaled`,
    )
    // notices in the case write's commit (now) vs appended after it, a journal line of their own (session 8);
    // each lifecycle uses up a seeded case in handling: at the smallest size fewer are left by now
    const lineLifecycles = Math.min(LIFECYCLES, Math.floor(seeded.handling.length / 2) - 1)
    if (lineLifecycles >= 8) {
      const linePaths = await inTurns(
        rt.cases,
        rt.cases,
        org,
        seeded,
        lineLifecycles,
        work,
        4,
        (v) => noticesAfterWrite(store, v === 'before'),
        () => store.settle(),
      )
      lineRows.set(n, { ...linePaths, lifecycles: lineLifecycles })
      log(
        `  notices after the case write (session 8), ${lineLifecycles} lifecycles each: CPU/op ${ms(linePaths.before.cpuMsPerOp)} vs ${ms(linePaths.now.cpuMsPerOp)} in its commit`,
      )
    } else {
      log(`  notices after the case write: skipped at ${count(n)} (${seeded.handling.length} seeded cases left in handling)`)
    }
    fileRows.push({ n, file, before, storePaths, seedMs, probe })
  }
  await rt.close()

  // The service alone: the same workload over an in-memory store (no I/O), current vs before
  const memStore = new NaiveLowdbStore(null)
  await memStore.open()
  const memRt = await createRuntime({ dataDir: path.join(root, 'memory'), schemeDirs: [GALUTU], clock, store: memStore, log })
  const memSeeded: Seeded = { ids: [], handling: [] }
  const lastN = SIZES[SIZES.length - 1]!
  for (let i = 0; i < lastN; i++) {
    const id = seeded.ids[i]!
    memSeeded.ids.push(id)
    if (templates[i % templates.length]!.handling) memSeeded.handling.push(i)
    memStore.db.data.cases[id] = seededRecord(templates, i, id)
  }
  const memLegacy = LegacyCaseService.of(memRt.cases)
  await runLifecycles(memRt.cases, org, memSeeded, QUICK ? 3 : 10, rng(3))
  await runLifecycles(memLegacy, org, memSeeded, QUICK ? 3 : 10, rng(4))
  const mem = await inTurns(memRt.cases, memLegacy, org, memSeeded, LIFECYCLES, rng(5), 8)
  if (PROFILE_MEMORY) {
    const session = new Session()
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
    await runLifecycles(memRt.cases, org, memSeeded, LIFECYCLES, rng(6))
    const { profile } = await session.post('Profiler.stop')
    await fs.writeFile(PROFILE_MEMORY, JSON.stringify(profile))
    session.disconnect()
    log(`CPU profile of the service over the memory store written to ${PROFILE_MEMORY}`)
  }
  log(`memory store ${count(lastN)}: CPU/op ${ms(mem.now.cpuMsPerOp)} now, ${ms(mem.before.cpuMsPerOp)} before`)
  memStore.db.data.cases = {}
  await memRt.close()

  const rows: Array<{
    n: number
    file: RunResult
    before: RunResult
    storePaths: { now: RunResult; before: RunResult }
    naive: RunResult | { error: string }
    seedMs: number
    naiveSeedMs: number
    naiveMB: number
    probe: Stats
  }> = []
  for (const { n, file, before, storePaths, seedMs, probe } of fileRows) {
    // the same seeded records, in one JSON document
    const d = naiveStore.db.data
    for (let i = naiveSeeded.ids.length; i < n; i++) {
      const id = seeded.ids[i]!
      naiveSeeded.ids.push(id)
      if (templates[i % templates.length]!.handling) naiveSeeded.handling.push(i)
      d.cases[id] = seededRecord(templates, i, id)
    }
    let naive: RunResult | { error: string }
    let naiveSeedMs = NaN
    let naiveMB = NaN
    // lowdb's JSONFile writes JSON.stringify(data, null, 2): one string, which V8 caps at 2^29 − 24
    // characters. Past that the write can only throw RangeError (seen in earlier runs; it takes
    // 10–25 s to get there), so it is not attempted.
    const estimate = n * indentedBytes
    if (SKIP_NAIVE) {
      rows.push({ n, file, before, storePaths, naive: { error: 'skipped (--skip-naive)' }, seedMs, naiveSeedMs, naiveMB, probe })
      continue
    }
    if (estimate > V8_MAX_STRING) {
      naive = {
        error: `not attempted — the document would be one ≈ ${(estimate / 2 ** 20).toFixed(0)} M-character string, over V8's maximum string length (${(V8_MAX_STRING / 2 ** 20).toFixed(0)} Mi); lowdb's write throws RangeError: Invalid string length`,
      }
      log(`naive ${count(n)}: ${naive.error}`)
      rows.push({ n, file, before, storePaths, naive, seedMs, naiveSeedMs, naiveMB, probe })
      continue
    }
    try {
      const w0 = performance.now()
      await naiveStore.db.write()
      naiveSeedMs = performance.now() - w0
      naiveMB = (await fs.stat(path.join(root, 'naive.json'))).size / 1024 / 1024
      if (n === SIZES[0]) await runLifecycles(naiveRt.cases, org, naiveSeeded, 2, rng(2))
      naive = await runLifecycles(naiveRt.cases, org, naiveSeeded, naiveLifecycles(n), naiveWork, NAIVE_BUDGET_MS)
      log(`naive ${count(n)}: p50 ${ms(naive.all.p50)}, p95 ${ms(naive.all.p95)} (${naiveMB.toFixed(0)} MB file)`)
    } catch (e) {
      naive = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
      log(`naive ${count(n)}: ${naive.error}`)
    }
    rows.push({ n, file, before, storePaths, naive, seedMs, naiveSeedMs, naiveMB, probe })
  }
  naiveStore.db.data.cases = {}
  await naiveRt.close()

  // ---- report
  const out: string[] = []
  out.push(header('Case transitions through CaseService (create + send), FileStore vs one lowdb JSONFile'))
  out.push('### CPU per transition: pure steps (now) vs actors per request (before), same store, in turns\n')
  const cpuRows: string[][] = [
    [
      'store',
      'cases stored',
      'ops now / before',
      'CPU per op now (mean)',
      'before (mean)',
      'before ÷ now',
      'CPU per op now (median)',
      'before (median)',
      'before ÷ now',
      'p50 now',
      'p50 before',
      'target < 1 ms (mean)',
    ],
  ]
  const cpuRow = (store: string, n: number, now: RunResult, was: RunResult) => [
    store,
    count(n),
    `${now.all.n} / ${was.all.n}`,
    ms(now.cpuMsPerOp),
    ms(was.cpuMsPerOp),
    ratio(was.cpuMsPerOp, now.cpuMsPerOp),
    ms(now.cpuPerOp.p50),
    ms(was.cpuPerOp.p50),
    ratio(was.cpuPerOp.p50, now.cpuPerOp.p50),
    ms(now.all.p50),
    ms(was.all.p50),
    verdict(now.cpuMsPerOp < 1),
  ]
  for (const r of rows) cpuRows.push(cpuRow('FileStore', r.n, r.file, r.before))
  cpuRows.push(cpuRow('memory (the service alone)', lastN, mem.now, mem.before))
  out.push(table(cpuRows))
  out.push('')
  out.push(
    "CPU is the process's user + system time (all threads, so the store's file-system calls too): the mean is the total over the ops measured (GC pauses and background work included), the median that of single ops; \"before\" is bench/transition-legacy.ts, the service as it was (one actor created, started and stopped to read the case, another to transition it, one more for a new case's initial state). The memory store keeps cases in a lowdb Memory adapter (structuredClone per read and write, no I/O): what the service itself costs, whatever the store.",
  )
  out.push('')
  out.push('### CPU per transition: the FileStore path now vs before (`baselineIO`), same service, in turns\n')
  const pathRows: string[][] = [
    [
      'cases stored',
      'ops now / before',
      'CPU per op now (mean)',
      'before (mean)',
      'before ÷ now',
      'CPU per op now (median)',
      'before (median)',
      'before ÷ now',
      'p50 now',
      'p50 before',
      'target < 1 ms (mean)',
    ],
  ]
  for (const r of rows) pathRows.push(cpuRow('', r.n, r.storePaths.now, r.storePaths.before).slice(1))
  out.push(table(pathRows))
  out.push('')
  out.push('### CPU per transition: notifications journaled (now) vs an fdatasync per inbox (session 7), same service and store, in turns\n')
  const inboxTable: string[][] = [['notifications per op', ...pathRows[0]!]]
  for (const r of rows) {
    const x = inboxRows.get(r.n)
    if (x) inboxTable.push([x.perOp.now.toFixed(2), ...cpuRow('', r.n, x.now, x.before).slice(1)])
  }
  out.push(table(inboxTable))
  out.push('')
  out.push("### CPU per transition: a case write's notices in its commit (now) vs appended after it (session 8), same service and store, in turns\n")
  const lineTable: string[][] = [['lifecycles each', ...pathRows[0]!]]
  for (const r of rows) {
    const x = lineRows.get(r.n)
    if (x) lineTable.push([String(x.lifecycles), ...cpuRow('', r.n, x.now, x.before).slice(1)])
  }
  out.push(table(lineTable))
  out.push('')
  out.push(
    'Now, the case line of the journal carries the notices the write sends: one line, one durable write. Before (bench/notices-after.ts): the case written, then its notices appended, an `inbox` line of their own and a second durable write the request waits for.',
  )
  out.push('')
  out.push(
    "Now, an append or read mark is a journal line (`inbox` / `inboxRead`) group-committed with whatever else is being written, the inbox file appended later by the background writer without fsync (fsync'd by the checkpoint). Before (bench/inbox-legacy.ts, the file store's inbox of session 7): the inbox file opened, appended, fdatasync'd and closed inside the call, once per notified user. Each block ends with `FileStore.settle()` inside its CPU, so deferred inbox writes are counted.",
  )
  out.push('')
  out.push(
    '"before" is the store\'s path as it was (`FileStore.baselineIO`): the record stringified for the copy, again for the case file and again inside the journal line; every read of a case from its file; every audit append opening and closing its log. Now: one stringify per record, its text reused for the file and the journal line; recently read or written cases answered from their cached JSON text; audit logs kept open for appends; case and document files written lazily (up to `writeDelayMs`, default 1 s, after the commit, so the 8 events a lifecycle sends to one case in a row are mostly one file write; before: a write after each commit). Each block ends with `FileStore.settle()` inside its CPU, so deferred writes are counted. The journal\'s O_DSYNC write (one system call for write + fdatasync) is in both.',
  )
  out.push('')
  const head: string[][] = [
    [
      'cases stored',
      'ops',
      'FileStore p50',
      'FileStore p95',
      'FileStore p99',
      'FileStore transitions/s',
      'naive ops',
      'naive p50',
      'naive p95',
      'naive transitions/s',
      'p95 naive/FileStore',
      'throughput FileStore/naive',
    ],
  ]
  for (const r of rows) {
    const nv = 'error' in r.naive ? null : r.naive
    head.push([
      count(r.n),
      String(r.file.all.n),
      ms(r.file.all.p50),
      ms(r.file.all.p95),
      ms(r.file.all.p99),
      rate(r.file.all.perSec),
      nv ? String(nv.all.n) : '—',
      nv ? ms(nv.all.p50) : 'fails',
      nv ? ms(nv.all.p95) : 'fails',
      nv ? rate(nv.all.perSec) : '—',
      nv ? ratio(nv.all.p95, r.file.all.p95) : '—',
      nv ? ratio(r.file.all.perSec, nv.all.perSec) : '—',
    ])
  }
  out.push(table(head))
  out.push('')
  const first = rows[0]!
  const last = rows[rows.length - 1]!
  const growth = last.file.all.p95 / first.file.all.p95
  out.push(
    `Target p95 < 10 ms at ${count(last.n)}: **${verdict(last.file.all.p95 < 10)}** (${ms(last.file.all.p95)}). p95(${count(last.n)}) / p95(${count(first.n)}) = ${growth.toFixed(2)} (target ≤ 1.5: **${verdict(growth <= 1.5)}**).`,
  )
  for (const r of rows) if ('error' in r.naive) out.push(`Naive store at ${count(r.n)} cases: **cannot write** — ${r.naive.error}.`)
  out.push('')
  out.push('### FileStore: CPU and the disk underneath\n')
  const det: string[][] = [
    [
      'cases stored',
      'p99',
      'max',
      'CPU per op (user+sys)',
      'GC pause per op',
      'longest GC pause',
      'naive CPU per op',
      'disk probe fdatasync p50',
      'disk probe p95',
      'machine load avg (1 min) at start',
    ],
  ]
  for (const r of rows) {
    const nv = 'error' in r.naive ? null : r.naive
    det.push([
      count(r.n),
      ms(r.file.all.p99),
      ms(r.file.all.max),
      ms(r.file.cpuMsPerOp),
      ms(r.file.gcMsPerOp),
      ms(r.file.gcMaxMs),
      nv ? ms(nv.cpuMsPerOp) : '—',
      ms(r.probe.p50),
      ms(r.probe.p95),
      r.file.loadAvg.toFixed(2),
    ])
  }
  out.push(table(det))
  out.push('')
  out.push(
    `The disk probe (4 KiB write + fdatasync, ${rows[0]!.probe.n}× in the data folder just before each FileStore measurement) is the floor under every durable write; each transition does several (journal, case file + folder, audit log), partly in parallel. When the probe is slow, so is the store. The load average counts runnable processes on this 2-core machine: above ≈ 2, other jobs were competing for the CPU and the percentiles above are inflated.`,
  )
  out.push('')
  out.push(`### Per event at ${count(last.n)} cases (FileStore)\n`)
  const ev: string[][] = [['event', 'samples', 'p50', 'p95', 'max']]
  for (const [k, s] of last.file.byEvent) ev.push([k, String(s.n), ms(s.p50), ms(s.p95), ms(s.max)])
  out.push(table(ev))
  out.push('')
  out.push('### Set-up\n')
  const su: string[][] = [['cases stored', 'FileStore bulkSeed (added cases)', 'naive: one db.write() of all cases', 'naive file']]
  let prev = 0
  for (const r of rows) {
    su.push([count(r.n), `${ms(r.seedMs)} (${count(r.n - prev)})`, ms(r.naiveSeedMs), Number.isFinite(r.naiveMB) ? `${r.naiveMB.toFixed(1)} MB` : 'n/a'])
    prev = r.n
  }
  out.push(table(su))
  out.push('')
  out.push(
    `Workload: per size ${LIFECYCLES} lifecycles (naive: up to ${SIZES.map((n) => naiveLifecycles(n)).join('/')} within ${NAIVE_BUDGET_MS / 1000} s each) of 1 create(REGISTER) + ${SEQUENCE.length} sends (${SEQUENCE.join(' → ')}) on a random seeded case in handling; ManualClock ${TODAY}; sequential, one op at a time. Seeded case records ≈ ${recordBytes} bytes JSON, made by the engine from ${TEMPLATES} generated intakes (${(handlingShare * 100).toFixed(0)} % in handling). Data in ${root}${KEEP ? ' (kept)' : ' (deleted)'}. Total ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  )
  console.log(out.join('\n'))
  if (!KEEP) await fs.rm(root, { recursive: true, force: true })
}

await main()
