/**
 * FileStore — the embedded default store: lowdb documents in a data folder.
 *
 * Layout (all under the data folder):
 *
 *   LOCK                              pid of the owning process (O_EXCL)
 *   journal/<gen>.jsonl               write-ahead journal (JSON Lines, group-committed fdatasync)
 *   cases/<shard>/<id>.json           one lowdb document per case (CaseRecord)
 *   audit/<shard>/<id>.jsonl          append-only audit log of one case (entries carry a global seq)
 *   audit/_store.jsonl                audit entries without a case
 *   docs/<key>.json                   small key-value documents (lowdb)
 *   inbox/<shard>/<user>.jsonl        notifications, an append-only file per user (./file-inbox.ts)
 *   index/checkpoint.json             checkpoint root (lowdb): journal generation, counters, audit seq
 *   index/summaries-<gen>.jsonl       every CaseSummary as of the checkpoint
 *   index/reminders-<gen>.jsonl       every Reminder as of the checkpoint
 *
 * A write is: one journal line (the new case record + its audit entries, a counter value,
 * reminders or a document) appended and fdatasync'd — the commit point — then applied: the case or
 * document file is replaced (temp file + rename) and the audit lines are appended, both WITHOUT
 * fsync. Only then does the call resolve. The journal line stays until a checkpoint has fsync'd
 * every file it touched (and their folders), so a power loss that drops or tears those files is
 * repaired from the journal at start-up. A transition costs the same at 100 cases as at 100k:
 * nothing it writes grows with the number of cases. (`syncDataFiles` restores the older write
 * path that also fsyncs each file inside the request: the benches' baseline.)
 *
 * Start-up replays the journal generations not yet covered by the checkpoint: a case document
 * older than its last journal line is rewritten, audit entries missing from a case's log (by seq)
 * are appended, counters and reminders are restored. A torn last journal line (never
 * acknowledged) is ignored and cut off; stray temp files are deleted. Damage that cannot come from
 * a crash (an empty checkpoint, a damaged line followed by intact ones) is refused with a
 * StoreUnavailableError naming the file.
 *
 * When the journal grows past max(journalMaxBytes, half the summaries snapshot) a checkpoint
 * runs in the background: rotate to a new generation, wait until every line of the old ones is
 * applied, fsync the files written since the last checkpoint, write the summaries/reminders
 * snapshot and the root, delete the covered generations. A clean close fsyncs them too.
 * Scaling the threshold with the snapshot keeps checkpoint cost amortised O(1) per write.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import {
  StoreConflictError,
  StoreUnavailableError,
  type AuditEntry,
  type CaseFilter,
  type CaseRecord,
  type CaseSummary,
  type Page,
  type Reminder,
  type Store,
  type StoredNotification,
} from './types'
import {
  DamagedFileError,
  DurableJSONFile,
  atomicWrite,
  eachLimit,
  errorCode,
  fsyncDir,
  fsyncFile,
  isTempName,
  listDir,
  replaceFile,
  shortReason,
  writeAll,
} from './durable'
import { Journal, journalFileName, parseJournalFileName, readJournalFile, type JournalOp } from './journal'
import { acquireFolderLock, type FolderLock } from './lock'
import { safeName, shardOf } from './names'
import { compileFilter, copySummary, pageSummaries } from './query'
import { SummaryIndex } from './summary-index'
import { chain } from './audit-chain'
import { inputChecks } from './input'
import { PendingWrites, type PendingIO } from './file/pending'
import { FileInbox } from './file-inbox'
import { checkIds, checkNotifications, checkPage, checkUsers } from './notif-input'

export interface FileStoreOptions {
  /** The data folder; created when missing. */
  dir: string
  /** How long open() waits for a live lock holder to go away before refusing (default 1000 ms). */
  lockWaitMs?: number
  /**
   * Journal size that triggers a background checkpoint (default 16 MiB). The effective threshold
   * is at least half the size of the summaries snapshot, so checkpoints get rarer as the store
   * grows and their cost stays amortised O(1) per write.
   */
  journalMaxBytes?: number
  /**
   * Also fsync each case, audit and document file inside the write (and write documents outside
   * the journal), as before issue #20. Slower, no safer; kept as the benches' baseline.
   */
  syncDataFiles?: boolean
}

/** A second case with the same readable number. An HTTP layer maps it like any conflict (409). */
export class DuplicateCaseNumberError extends StoreConflictError {
  constructor(
    readonly number: string,
    caseId: string,
    readonly existingId: string,
  ) {
    super(caseId, 0, 0)
    this.message = `case number ${number} is already used by case ${existingId}`
    this.name = 'DuplicateCaseNumberError'
  }
}

const FORMAT = 'daiban-file-store'
const FORMAT_VERSION = 1

interface CheckpointDoc {
  format: typeof FORMAT
  formatVersion: number
  /** Journal generations ≥ gen are replayed at start-up; older ones are covered. */
  gen: number
  savedAt: string
  auditSeq: number
  /** Hash of the entry with seq auditSeq (the tamper-evident chain) */
  auditHash?: string
  counters: Record<string, number>
  summaries: { file: string; count: number; bytes: number } | null
  reminders: { file: string; count: number } | null
}

/** Serialises async work per key (a promise chain per key). Queue order = call order. */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>()

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((r) => (release = r))
    const tail = prev.then(() => mine)
    this.tails.set(key, tail)
    return prev.then(async () => {
      try {
        return await fn()
      } finally {
        release()
        if (this.tails.get(key) === tail) this.tails.delete(key)
      }
    })
  }
}

function toPlain<T>(value: T, what: string): T {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw new TypeError(`${what} is not plain JSON (${shortReason(e)})`)
  }
  if (text === undefined) throw new TypeError(`${what} is not plain JSON`)
  return JSON.parse(text) as T
}

const { checkRecord, checkAudit, checkReminder } = inputChecks(toPlain, { maxVersion: Number.MAX_SAFE_INTEGER, emptyAcknowledgedIsNull: false })

/** Parses an audit JSONL buffer; a torn (unterminated or unparseable) tail is reported, never returned. */
function parseAuditLines(buf: Buffer): { entries: AuditEntry[]; validBytes: number } {
  const entries: AuditEntry[] = []
  let pos = 0
  let validBytes = 0
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos)
    if (nl === -1) break
    const text = buf.toString('utf8', pos, nl)
    pos = nl + 1
    if (text.trim() === '') {
      validBytes = pos
      continue
    }
    try {
      entries.push(JSON.parse(text) as AuditEntry)
      validBytes = pos
    } catch {
      // a damaged line: skipped (only ever the torn tail of a crashed append, cut at start-up)
    }
  }
  return { entries, validBytes }
}

const bySeq = (a: AuditEntry, b: AuditEntry) => (a.seq ?? 0) - (b.seq ?? 0)

/** Entries read from files plus those still queued for writing (copies), once each, in seq order. */
function withQueued(read: AuditEntry[], queued: AuditEntry[]): AuditEntry[] {
  if (queued.length === 0) return read.sort(bySeq)
  const have = new Set(read.map((e) => e.seq))
  for (const e of queued) if (!have.has(e.seq)) read.push(structuredClone(e))
  return read.sort(bySeq)
}

async function* jsonLines(items: readonly unknown[]): AsyncGenerator<string> {
  const CHUNK = 500
  for (let i = 0; i < items.length; i += CHUNK) {
    let s = ''
    const end = Math.min(items.length, i + CHUNK)
    for (let j = i; j < end; j++) s += JSON.stringify(items[j]) + '\n'
    yield s
    // keep the event loop responsive while a large snapshot is serialised
    await new Promise((r) => setImmediate(r))
  }
}

async function readJSONLines<T>(file: string, expected: number): Promise<T[]> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if (errorCode(e) === 'ENOENT') throw new DamagedFileError(file, 'the file is missing')
    throw e
  }
  if (text.length > 0 && !text.endsWith('\n')) throw new DamagedFileError(file, 'the file is truncated')
  const out: T[] = []
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const line = text.slice(start, nl)
    start = nl + 1
    if (line === '') continue
    try {
      out.push(JSON.parse(line) as T)
    } catch {
      throw new DamagedFileError(file, `line ${out.length + 1} is not valid JSON`)
    }
  }
  if (out.length !== expected) throw new DamagedFileError(file, `expected ${expected} entries, found ${out.length}`)
  return out
}

export class FileStore implements Store {
  readonly dir: string
  private readonly journalMaxBytes: number
  private readonly lockWaitMs: number
  private readonly syncDataFiles: boolean

  private state: 'closed' | 'opening' | 'open' | 'closing' = 'closed'
  private opening: Promise<void> | null = null
  private lock: FolderLock | null = null
  private journal: Journal | null = null
  /** Set after a failed write: the in-memory view may be ahead of disk, so writes stop until reopen. */
  private failure: string | null = null

  private summaries = new Map<string, CaseSummary>()
  /** Filter and sort indexes of the summaries (list pages, the scheduler's due cases). */
  private listIndex = new SummaryIndex()
  /** Lists by scanning every summary, as before the indexes (the benches' baseline). */
  plainLists = false
  private byNumber = new Map<string, string>()
  private numberClaims = new Map<string, string>()
  private reminders = new Map<string, Reminder>()
  private remindersByCase = new Map<string, Set<string>>()
  private pendingReminders = new Set<string>()
  private counters = new Map<string, number>()
  private auditSeq = 0
  private auditHash = ''
  /** Notifications: an append-only file per user (./file-inbox.ts) */
  private inbox: FileInbox | null = null

  private readonly caseLocks = new KeyedMutex()
  private readonly fileLocks = new KeyedMutex()
  private dirs = new Map<string, Promise<void>>()
  private readonly pending = new Set<Promise<unknown>>()
  private checkpointing: Promise<void> | null = null
  private checkpointRetryAt = 0
  private summariesBytes = 0
  /** Files and folders written without fsync since the last checkpoint (the journal still covers them). */
  private dirtyFiles = new Set<string>()
  private dirtyDirs = new Set<string>()
  /** Files of committed writes not yet written (./file/pending.ts); reads look here first. */
  private writes = new PendingWrites(this.pendingIO())

  constructor(opts: FileStoreOptions) {
    if (!opts || typeof opts.dir !== 'string' || opts.dir === '') throw new TypeError('FileStore needs a data folder (dir)')
    this.dir = path.resolve(opts.dir)
    this.journalMaxBytes = Math.max(4096, opts.journalMaxBytes ?? 16 * 1024 * 1024)
    this.lockWaitMs = Math.max(0, opts.lockWaitMs ?? 1000)
    this.syncDataFiles = opts.syncDataFiles === true
  }

  // ---------------------------------------------------------------- paths

  private sub(...parts: string[]): string {
    return path.join(this.dir, ...parts)
  }
  private caseFile(id: string): string {
    return this.sub('cases', shardOf(id), safeName(id) + '.json')
  }
  private auditFile(caseId: string | null): string {
    return caseId === null ? this.sub('audit', '_store.jsonl') : this.sub('audit', shardOf(caseId), safeName(caseId) + '.jsonl')
  }
  private docFile(key: string): string {
    return this.sub('docs', safeName(key) + '.json')
  }
  private rel(file: string): string {
    return path.relative(this.dir, file) || file
  }

  /**
   * Creates a folder once per open and fsyncs its parent, so files inside it are reachable after
   * power loss — at once while opening or with `syncDataFiles`, else at the next checkpoint.
   */
  private ensureDir(dir: string): Promise<void> {
    let p = this.dirs.get(dir)
    if (!p) {
      p = (async () => {
        try {
          await fs.mkdir(dir)
        } catch (e) {
          if (errorCode(e) !== 'EEXIST') throw e
        }
        if (this.state === 'open' && !this.syncDataFiles) this.dirtyDirs.add(path.dirname(dir))
        else await fsyncDir(path.dirname(dir))
      })()
      this.dirs.set(dir, p)
      p.catch(() => this.dirs.delete(dir))
    }
    return p
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.state === 'open') return Promise.resolve()
    if (this.opening) return this.opening
    if (this.state === 'closing') {
      return Promise.reject(new StoreUnavailableError('存储正在关闭 / the store is closing'))
    }
    this.state = 'opening'
    this.opening = this.doOpen().finally(() => {
      this.opening = null
    })
    return this.opening
  }

  private async doOpen(): Promise<void> {
    try {
      try {
        const made = await fs.mkdir(this.dir, { recursive: true })
        if (made !== undefined) await fsyncDir(path.dirname(this.dir))
      } catch (e) {
        throw new StoreUnavailableError(`无法创建数据目录 / cannot create the data folder ${this.dir}: ${shortReason(e)}`)
      }
      this.lock = await acquireFolderLock(this.dir, this.lockWaitMs)
      await this.recover()
      this.state = 'open'
      this.maybeCheckpoint()
    } catch (e) {
      await this.journal?.close().catch(() => {})
      this.journal = null
      await this.lock?.release().catch(() => {})
      this.lock = null
      this.resetMemory()
      this.state = 'closed'
      throw this.asUnavailable(e)
    }
  }

  private asUnavailable(e: unknown): StoreUnavailableError {
    if (e instanceof StoreUnavailableError) return e
    if (e instanceof DamagedFileError) {
      const rel = this.rel(e.file)
      return new StoreUnavailableError(
        `数据文件已损坏：${rel}（${e.problem}），请从备份恢复 / damaged data file ${rel} (${e.problem}); restore it from a backup or move it aside`,
      )
    }
    return new StoreUnavailableError(`无法打开数据目录 / cannot open the data folder ${this.dir}: ${shortReason(e)}`)
  }

  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => {})
    if (this.state !== 'open') return
    this.state = 'closing'
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
    if (this.checkpointing) await this.checkpointing.catch(() => {})
    // a long journal is checkpointed now rather than replayed at the next start-up
    if (this.journal && !this.failure && this.journalIsLong()) await this.doCheckpoint().catch(() => {})
    await this.writes.idle()
    if (this.journal && !this.failure) {
      // every line before this marker is applied and on disk: the next start-up skips re-checking them
      const flushed = await this.flushDirty().then(
        () => true,
        () => false,
      )
      if (flushed) await this.journal.append({ op: 'clean', at: new Date().toISOString() }).catch(() => {})
    }
    await this.inbox?.close().catch(() => {})
    await this.journal?.close().catch(() => {})
    this.journal = null
    await this.lock?.release().catch(() => {})
    this.lock = null
    this.resetMemory()
    this.state = 'closed'
  }

  private resetMemory(): void {
    this.summaries = new Map()
    this.listIndex = new SummaryIndex()
    this.byNumber = new Map()
    this.numberClaims = new Map()
    this.reminders = new Map()
    this.remindersByCase = new Map()
    this.pendingReminders = new Set()
    this.counters = new Map()
    this.auditSeq = 0
    this.auditHash = ''
    this.dirs = new Map()
    this.failure = null
    this.summariesBytes = 0
    this.checkpointRetryAt = 0
    this.inbox = null
    this.dirtyFiles = new Set()
    this.dirtyDirs = new Set()
    this.writes = new PendingWrites(this.pendingIO())
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new StoreUnavailableError('存储未打开 / the store is not open')
  }

  private assertWritable(): void {
    this.assertOpen()
    this.assertNotFailed()
  }

  private assertNotFailed(): void {
    if (this.failure) throw new StoreUnavailableError(this.failure)
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p)
    const forget = () => this.pending.delete(p)
    p.then(forget, forget)
    return p
  }

  private fail(e: unknown): StoreUnavailableError {
    if (e instanceof StoreUnavailableError) return e
    if (!this.failure) {
      this.failure =
        `存储写入失败，已停止接受写入，请重新打开存储以恢复 / a write failed (${shortReason(e)}); ` +
        `the store stopped accepting writes — reopen it to recover`
    }
    return new StoreUnavailableError(this.failure)
  }

  // ---------------------------------------------------------------- recovery

  private async recover(): Promise<void> {
    this.resetMemory()
    for (const sub of ['cases', 'audit', 'docs', 'index', 'journal']) await this.ensureDir(this.sub(sub))
    // shard folders that exist need no mkdir on their first write
    for (const sub of ['cases', 'audit']) {
      for (const ent of await fs.readdir(this.sub(sub), { withFileTypes: true })) {
        if (ent.isDirectory()) this.dirs.set(this.sub(sub, ent.name), Promise.resolve())
      }
    }
    await this.removeStrayTemps(this.dir, 0)

    const rootFile = this.sub('index', 'checkpoint.json')
    const root = new Low<CheckpointDoc | null>(new DurableJSONFile<CheckpointDoc | null>(rootFile), null)
    await root.read()
    let ck = root.data
    const journalDir = this.sub('journal')
    const gens = (await listDir(journalDir))
      .map((n) => parseJournalFileName(n))
      .filter((g): g is number => g !== null)
      .sort((a, b) => a - b)

    if (!ck) {
      if (await this.holdsData(gens)) {
        throw new StoreUnavailableError(
          `index/checkpoint.json 缺失，但数据目录中已有案件数据，请从备份恢复 / index/checkpoint.json is missing although ` +
            `${this.dir} holds case data; restore the folder from a backup`,
        )
      }
      ck = this.emptyCheckpoint(gens.length ? gens[gens.length - 1]! + 1 : 0)
      await new Low<CheckpointDoc>(new DurableJSONFile<CheckpointDoc>(rootFile), ck).write()
    }
    if (ck.format !== FORMAT || typeof ck.gen !== 'number') {
      throw new DamagedFileError(rootFile, 'not a Daiban file-store checkpoint')
    }
    if (ck.formatVersion > FORMAT_VERSION) {
      throw new StoreUnavailableError(`数据目录由更新版本的程序写入 / the data folder was written by a newer version (format ${ck.formatVersion})`)
    }

    // checkpoint state
    this.auditSeq = ck.auditSeq ?? 0
    this.auditHash = ck.auditHash ?? ''
    for (const [name, value] of Object.entries(ck.counters ?? {})) this.counters.set(name, value)
    if (ck.summaries) {
      const list = await readJSONLines<CaseSummary>(this.sub('index', ck.summaries.file), ck.summaries.count)
      for (const s of list) this.setSummary(s)
      this.summariesBytes = ck.summaries.bytes ?? 0
    }
    if (ck.reminders) {
      const list = await readJSONLines<Reminder>(this.sub('index', ck.reminders.file), ck.reminders.count)
      for (const r of list) this.putReminder(r)
    }

    // journal replay
    const carried = new Map<number, number>()
    const lastRecord = new Map<string, CaseRecord>()
    const auditByFile = new Map<string, AuditEntry[]>()
    const lastDoc = new Map<string, unknown>()
    let lastGen = -1
    for (const gen of gens) {
      const file = path.join(journalDir, journalFileName(gen))
      if (gen < ck.gen) {
        await fs.rm(file, { force: true })
        continue
      }
      lastGen = gen
      const read = await readJournalFile(file)
      if (read.ops.length === 0) {
        // nothing was ever acknowledged in it (empty, or only a torn line)
        await fs.rm(file, { force: true })
        continue
      }
      if (read.validBytes < read.totalBytes) {
        // a torn tail: never acknowledged; cut it off so the file ends on a line boundary
        const h = await fs.open(file, 'r+')
        try {
          await h.truncate(read.validBytes)
          await h.sync()
        } finally {
          await h.close()
        }
      }
      carried.set(gen, read.validBytes)
      for (const op of read.ops) this.replayOp(op, lastRecord, auditByFile, lastDoc)
    }
    const repairs = await Promise.allSettled([this.repairCases(lastRecord), this.repairAudit(auditByFile), this.repairDocs(lastDoc)])
    for (const r of repairs) if (r.status === 'rejected') throw r.reason
    await fsyncDir(journalDir)

    const newGen = Math.max(ck.gen, lastGen + 1)
    this.journal = await Journal.open(journalDir, newGen, carried)
    this.inbox = new FileInbox(this.sub('inbox'))
    await this.inbox.open(this.sub('docs'), (key) => this.docFile(key))

    // snapshot files a crashed checkpoint left behind
    const keep = new Set(['checkpoint.json', ck.summaries?.file, ck.reminders?.file])
    for (const name of await listDir(this.sub('index'))) {
      if (!keep.has(name) && /^(summaries|reminders)-\d+\.jsonl$/.test(name)) await fs.rm(this.sub('index', name), { force: true })
    }
  }

  private emptyCheckpoint(gen: number): CheckpointDoc {
    return {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      gen,
      savedAt: new Date().toISOString(),
      auditSeq: 0,
      counters: {},
      summaries: null,
      reminders: null,
    }
  }

  /** Deletes temp files of interrupted atomic writes (root, index, docs, journal, shard folders). */
  private async removeStrayTemps(dir: string, depth: number): Promise<void> {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return
      throw e
    }
    const subdirs: string[] = []
    for (const ent of entries) {
      if (ent.isDirectory()) {
        if (depth < 2) subdirs.push(path.join(dir, ent.name))
      } else if (isTempName(ent.name)) {
        await fs.rm(path.join(dir, ent.name), { force: true })
      }
    }
    await eachLimit(subdirs, 16, (d) => this.removeStrayTemps(d, depth + 1))
  }

  private async holdsData(gens: number[]): Promise<boolean> {
    for (const gen of gens) {
      const st = await fs.stat(this.sub('journal', journalFileName(gen)))
      if (st.size > 0) return true
    }
    for (const shard of await listDir(this.sub('cases'))) {
      const names = await listDir(this.sub('cases', shard)).catch(() => [] as string[])
      if (names.some((n) => n.endsWith('.json'))) return true
    }
    return false
  }

  private replayOp(op: JournalOp, lastRecord: Map<string, CaseRecord>, auditByFile: Map<string, AuditEntry[]>, lastDoc: Map<string, unknown>): void {
    const route = (entries: AuditEntry[] | undefined) => {
      for (const e of entries ?? []) {
        if (typeof e.seq === 'number' && e.seq > this.auditSeq) {
          this.auditSeq = e.seq
          this.auditHash = e.hash ?? ''
        }
        const file = this.auditFile(e.caseId ?? null)
        let list = auditByFile.get(file)
        if (!list) auditByFile.set(file, (list = []))
        list.push(e)
      }
    }
    switch (op.op) {
      case 'case': {
        const rec = op.record
        const id = rec.summary.id
        const prev = lastRecord.get(id)
        if (!prev || rec.summary.version >= prev.summary.version) lastRecord.set(id, rec)
        const cur = this.summaries.get(id)
        if (!cur || rec.summary.version > cur.version) this.setSummary(rec.summary)
        route(op.audit)
        break
      }
      case 'audit':
        route(op.audit)
        break
      case 'seq':
        if (op.value > (this.counters.get(op.name) ?? 0)) this.counters.set(op.name, op.value)
        break
      case 'rem':
        for (const r of op.reminders) if (!this.reminders.has(r.id)) this.putReminder(r)
        break
      case 'clean':
        // a clean close: everything before it was applied and synced, nothing to repair
        lastRecord.clear()
        auditByFile.clear()
        lastDoc.clear()
        break
      case 'doc':
        lastDoc.set(op.key, op.value)
        break
      case 'ack': {
        const r = this.reminders.get(op.id)
        if (r && !r.acknowledgedBy) this.reminders.set(op.id, { ...r, acknowledgedBy: op.by })
        break
      }
    }
  }

  /** Brings every case document touched by the journal up to its last journaled version. */
  private async repairCases(lastRecord: Map<string, CaseRecord>): Promise<void> {
    await eachLimit(lastRecord.values(), 16, async (rec) => {
      const file = this.caseFile(rec.summary.id)
      const dir = path.dirname(file)
      await this.ensureDir(dir)
      let onDisk: CaseRecord | null = null
      try {
        onDisk = await new DurableJSONFile<CaseRecord>(file).read()
      } catch (e) {
        if (!(e instanceof DamagedFileError)) throw e
      }
      const v = onDisk?.summary?.version
      if (typeof v === 'number' && v >= rec.summary.version) {
        // already applied, maybe not yet on disk: the next checkpoint fsyncs it before the journal
        // that holds it goes away (an fsync per replayed file here made start-up after a crash slow)
        this.dirtyFiles.add(file)
        this.dirtyDirs.add(dir)
        if (v > (this.summaries.get(rec.summary.id)?.version ?? 0)) this.setSummary(onDisk!.summary)
      } else {
        await new Low<CaseRecord>(new DurableJSONFile<CaseRecord>(file), rec).write()
      }
    })
  }

  /** Rewrites every document the journal holds whose file differs from its last journaled value. */
  private async repairDocs(lastDoc: Map<string, unknown>): Promise<void> {
    if (lastDoc.size === 0) return
    await this.ensureDir(this.sub('docs'))
    await eachLimit(lastDoc, 16, async ([key, value]) => {
      const file = this.docFile(key)
      const text = JSON.stringify({ key, value: value === undefined ? null : value })
      let onDisk: string | null = null
      try {
        onDisk = await fs.readFile(file, 'utf8')
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') throw e
      }
      if (onDisk === text) await fsyncFile(file)
      else await atomicWrite(file, text)
    })
    await fsyncDir(this.sub('docs'))
  }

  /** Appends journaled audit entries missing from their logs (matched by seq); cuts torn tails. */
  private async repairAudit(auditByFile: Map<string, AuditEntry[]>): Promise<void> {
    await eachLimit(auditByFile, 16, async ([file, entries]) => {
      await this.ensureDir(path.dirname(file))
      let buf: Buffer | null = null
      try {
        buf = await fs.readFile(file)
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') throw e
      }
      const have = new Set<number>()
      if (buf) {
        const parsed = parseAuditLines(buf)
        for (const e of parsed.entries) if (typeof e.seq === 'number') have.add(e.seq)
        if (parsed.validBytes < buf.length) {
          const h = await fs.open(file, 'r+')
          try {
            await h.truncate(parsed.validBytes)
            await h.sync()
          } finally {
            await h.close()
          }
        }
      }
      const missing = entries.filter((e) => typeof e.seq !== 'number' || !have.has(e.seq)).sort(bySeq)
      if (missing.length > 0) await this.appendAuditLines(file, missing, true)
      else if (buf) {
        this.dirtyFiles.add(file)
        this.dirtyDirs.add(path.dirname(file))
      }
    })
  }

  // ---------------------------------------------------------------- in-memory indexes

  private setSummary(s: CaseSummary): void {
    const prev = this.summaries.get(s.id)
    if (prev && prev.number !== s.number && this.byNumber.get(prev.number) === s.id) this.byNumber.delete(prev.number)
    this.summaries.set(s.id, s)
    this.listIndex.put(s)
    this.byNumber.set(s.number, s.id)
  }

  private putReminder(r: Reminder): void {
    this.reminders.set(r.id, r)
    let ids = this.remindersByCase.get(r.caseId)
    if (!ids) this.remindersByCase.set(r.caseId, (ids = new Set()))
    ids.add(r.id)
  }

  // ---------------------------------------------------------------- write path

  /** Appends audit lines; without `sync` the file is left to the next checkpoint's fsync. */
  private async appendAuditLines(file: string, entries: readonly AuditEntry[], sync: boolean): Promise<void> {
    const dir = path.dirname(file)
    await this.ensureDir(dir)
    const buf = Buffer.from(entries.map((e) => JSON.stringify(e)).join('\n') + '\n', 'utf8')
    if (!sync) {
      const h = await fs.open(file, 'a')
      try {
        await writeAll(h, buf)
      } finally {
        await h.close()
      }
      this.dirtyFiles.add(file)
      this.dirtyDirs.add(dir)
      return
    }
    let created = true
    let h: fs.FileHandle
    try {
      h = await fs.open(file, 'ax')
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e
      created = false
      h = await fs.open(file, 'a')
    }
    try {
      await writeAll(h, buf)
      await h.datasync()
    } finally {
      await h.close()
    }
    if (created) await fsyncDir(path.dirname(file))
  }

  private auditByFile(entries: AuditEntry[]): Map<string, AuditEntry[]> {
    const byFile = new Map<string, AuditEntry[]>()
    for (const e of entries) {
      const file = this.auditFile(e.caseId ?? null)
      let list = byFile.get(file)
      if (!list) byFile.set(file, (list = []))
      list.push(e)
    }
    return byFile
  }

  /** Queues the audit appends now (so each log is written in seq order); each waits for the journal. */
  private scheduleAudit(durable: Promise<number>, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve()
    const jobs = [...this.auditByFile(entries)].map(([file, list]) =>
      this.fileLocks.run('audit:' + file, async () => {
        await durable
        await this.appendAuditLines(file, list, this.syncDataFiles)
      }),
    )
    return Promise.all(jobs).then(() => undefined)
  }

  /**
   * The commit protocol: assign audit seqs, append the journal line (durable = committed), queue
   * the data files for the background writer (./file/pending.ts; it marks the line applied once
   * they are written — a checkpoint waits for that), update memory. With `syncDataFiles` the files
   * are written and fsync'd here instead, before the call resolves.
   */
  private async commit(
    op: JournalOp,
    entries: AuditEntry[],
    file: { path: string; text: string; value: unknown } | null,
    applyMemory: () => void,
  ): Promise<void> {
    const journal = this.journal!
    if (!this.syncDataFiles) await this.writes.room()
    for (const e of entries) e.seq = ++this.auditSeq
    this.auditHash = chain(entries, this.auditHash)
    if (!this.syncDataFiles) {
      let gen: number
      try {
        gen = await journal.append(op)
      } catch (e) {
        throw this.fail(e)
      }
      this.writes.add({ file: file ?? undefined, audit: entries.length ? this.auditByFile(entries) : undefined }, () => journal.done(gen))
      applyMemory()
      this.maybeCheckpoint()
      return
    }
    const applyFiles = file ? () => this.writeDataFile(file.path, file.text) : null
    const durable = journal.append(op)
    const auditDone = this.scheduleAudit(durable, entries)
    auditDone.catch(() => {})
    let gen: number
    try {
      gen = await durable
    } catch (e) {
      throw this.fail(e)
    }
    try {
      if (applyFiles) await Promise.all([applyFiles(), auditDone])
      else await auditDone
      applyMemory()
    } catch (e) {
      throw this.fail(e)
    } finally {
      journal.done(gen)
    }
    this.maybeCheckpoint()
  }

  /** The background writer's file operations (no fsync: see flushDirty). */
  private pendingIO(): PendingIO {
    return {
      replace: (file, text) => this.writeDataFile(file, text),
      append: (file, entries) => this.appendAuditLines(file, entries, false),
      failed: (e) => void this.fail(e),
    }
  }

  /** Replaces a case or document file after its journal line is durable (see the header). */
  private async writeDataFile(file: string, text: string): Promise<void> {
    const dir = path.dirname(file)
    await this.ensureDir(dir)
    if (this.syncDataFiles) {
      await atomicWrite(file, text)
      return
    }
    await replaceFile(file, text)
    this.dirtyFiles.add(file)
    this.dirtyDirs.add(dir)
  }

  /**
   * fsyncs every file and folder written without fsync so far. Called by a checkpoint once the
   * generations it retires are applied, and by close() before its clean marker.
   */
  private async flushDirty(): Promise<void> {
    const files = this.dirtyFiles
    const dirs = this.dirtyDirs
    if (files.size === 0 && dirs.size === 0) return
    this.dirtyFiles = new Set()
    this.dirtyDirs = new Set()
    try {
      await eachLimit(files, 8, async (f) => {
        try {
          await fsyncFile(f)
        } catch (e) {
          if (errorCode(e) !== 'ENOENT') throw e
        }
      })
      await eachLimit(dirs, 8, (d) => fsyncDir(d))
    } catch (e) {
      // not flushed: keep them for the next attempt
      for (const f of files) this.dirtyFiles.add(f)
      for (const d of dirs) this.dirtyDirs.add(d)
      throw e
    }
  }

  private claimNumber(number: string, id: string): () => void {
    const owner = this.byNumber.get(number)
    if (owner !== undefined && owner !== id) throw new DuplicateCaseNumberError(number, id, owner)
    const claimer = this.numberClaims.get(number)
    if (claimer !== undefined && claimer !== id) throw new DuplicateCaseNumberError(number, id, claimer)
    this.numberClaims.set(number, id)
    return () => {
      if (this.numberClaims.get(number) === id) this.numberClaims.delete(number)
    }
  }

  // ---------------------------------------------------------------- Store: cases

  async createCase(record: CaseRecord, audit: AuditEntry[]): Promise<void> {
    this.assertWritable()
    const rec = checkRecord(record, 'createCase')
    const id = rec.summary.id
    const entries = checkAudit(audit ?? [], id)
    return this.track(
      this.caseLocks.run(id, async () => {
        this.assertNotFailed()
        const existing = this.summaries.get(id)
        if (existing) throw new StoreConflictError(id, 0, existing.version)
        const unclaim = this.claimNumber(rec.summary.number, id)
        await this.commitCase(rec, entries, unclaim)
      }),
    )
  }

  async updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[]): Promise<void> {
    this.assertWritable()
    const rec = checkRecord(record, 'updateCase')
    const id = rec.summary.id
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new TypeError('updateCase: expectedVersion must be a non-negative integer')
    }
    if (rec.summary.version !== expectedVersion + 1) {
      throw new TypeError(`updateCase: summary.version must be expectedVersion + 1 (${expectedVersion + 1})`)
    }
    const entries = checkAudit(audit ?? [], id)
    return this.track(
      this.caseLocks.run(id, async () => {
        this.assertNotFailed()
        const current = this.summaries.get(id)
        const actual = current?.version ?? 0
        if (!current || actual !== expectedVersion) throw new StoreConflictError(id, expectedVersion, actual)
        const unclaim = current.number === rec.summary.number ? () => {} : this.claimNumber(rec.summary.number, id)
        await this.commitCase(rec, entries, unclaim)
      }),
    )
  }

  /** Journal and write one case (created or updated), then release its number claim. */
  private async commitCase(rec: CaseRecord, entries: AuditEntry[], unclaim: () => void): Promise<void> {
    try {
      const file = { path: this.caseFile(rec.summary.id), text: JSON.stringify(rec), value: rec }
      await this.commit({ op: 'case', record: rec, audit: entries }, entries, file, () => this.setSummary(rec.summary))
    } finally {
      unclaim()
    }
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    this.assertOpen()
    if (typeof id !== 'string' || !this.summaries.has(id)) return null
    const file = this.caseFile(id)
    const queued = this.writes.value(file) as CaseRecord | undefined
    if (queued) return structuredClone(queued)
    const db = new Low<CaseRecord | null>(new DurableJSONFile<CaseRecord | null>(file), null)
    try {
      await db.read()
    } catch (e) {
      throw this.asUnavailable(e)
    }
    if (!db.data) {
      throw new StoreUnavailableError(`案件文件缺失：${this.rel(file)} / case file missing: ${this.rel(file)}`)
    }
    return db.data
  }

  async getCaseByNumber(number: string): Promise<CaseRecord | null> {
    this.assertOpen()
    const id = this.byNumber.get(number)
    return id === undefined ? null : this.getCase(id)
  }

  async listCases(filter: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number }> {
    this.assertOpen()
    return this.plainLists ? pageSummaries(this.summaries.values(), filter, page) : this.listIndex.page(filter, page)
  }

  async allSummaries(filter?: CaseFilter): Promise<CaseSummary[]> {
    this.assertOpen()
    if (this.plainLists) return [...this.summaries.values()].filter(compileFilter(filter)).map(copySummary)
    return this.listIndex.select(filter).map(copySummary)
  }

  /** The durable counters (nextSequence) and their last values. */
  counterValues(): Record<string, number> {
    return Object.fromEntries(this.counters)
  }

  /** Resolves once every acknowledged write is in its file (not necessarily fsync'd): for readers of the folder. */
  settle(): Promise<void> {
    return this.writes.idle()
  }

  /** Number of cases stored (from the in-memory index). */
  get caseCount(): number {
    return this.summaries.size
  }

  // ---------------------------------------------------------------- Store: audit

  async appendAudit(entries: AuditEntry[]): Promise<void> {
    this.assertWritable()
    const list = checkAudit(entries, null)
    if (list.length === 0) return
    return this.track(this.commit({ op: 'audit', audit: list }, list, null, () => {}))
  }

  async listAllAudit(): Promise<AuditEntry[]> {
    this.assertOpen()
    // queued entries first: one written meanwhile is then in the file (and dropped as a repeat)
    const queued = this.writes.allAudit()
    const out: AuditEntry[] = []
    const root = this.sub('audit')
    for (const name of await listDir(root)) {
      const full = path.join(root, name)
      const files = name.endsWith('.jsonl')
        ? [full]
        : (await listDir(full).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).map((n) => path.join(full, n))
      for (const f of files) {
        try {
          out.push(...parseAuditLines(await fs.readFile(f)).entries)
        } catch (e) {
          if (errorCode(e) !== 'ENOENT') throw this.asUnavailable(e)
        }
      }
    }
    return withQueued(out, queued)
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    this.assertOpen()
    if (typeof caseId !== 'string' || caseId === '') return []
    const file = this.auditFile(caseId)
    const queued = this.writes.auditOf(file)
    let buf: Buffer
    try {
      buf = await fs.readFile(file)
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return withQueued([], queued)
      throw this.asUnavailable(e)
    }
    return withQueued(parseAuditLines(buf).entries, queued)
  }

  // ---------------------------------------------------------------- Store: counters

  async nextSequence(name: string): Promise<number> {
    this.assertWritable()
    if (typeof name !== 'string' || name === '') throw new TypeError('nextSequence: name must be a non-empty string')
    // reserved synchronously, so concurrent callers never share a value; a crash may skip one
    const value = (this.counters.get(name) ?? 0) + 1
    this.counters.set(name, value)
    return this.track(this.commit({ op: 'seq', name, value }, [], null, () => {}).then(() => value))
  }

  // ---------------------------------------------------------------- Store: reminders

  async raiseReminders(reminders: Reminder[]): Promise<Reminder[]> {
    this.assertWritable()
    if (!Array.isArray(reminders)) throw new TypeError('raiseReminders: reminders must be an array')
    const fresh: Reminder[] = []
    const seen = new Set<string>()
    reminders.forEach((value, i) => {
      const r = checkReminder(value, i)
      if (seen.has(r.id) || this.reminders.has(r.id) || this.pendingReminders.has(r.id)) return
      seen.add(r.id)
      fresh.push(r)
    })
    if (fresh.length === 0) return []
    for (const r of fresh) this.pendingReminders.add(r.id)
    const run = this.commit({ op: 'rem', reminders: fresh }, [], null, () => {
      for (const r of fresh) this.putReminder(r)
    })
      .then(() => fresh.map((r) => ({ ...r })))
      .finally(() => {
        for (const r of fresh) this.pendingReminders.delete(r.id)
      })
    return this.track(run)
  }

  async listReminders(filter: { caseId?: string; open?: boolean }): Promise<Reminder[]> {
    this.assertOpen()
    const f = filter ?? {}
    let source: Iterable<Reminder>
    if (f.caseId !== undefined) {
      const ids = this.remindersByCase.get(f.caseId)
      source = ids ? [...ids].map((id) => this.reminders.get(id)!).filter(Boolean) : []
    } else {
      source = this.reminders.values()
    }
    const out: Reminder[] = []
    for (const r of source) {
      const isOpen = !r.acknowledgedBy
      if (f.open === true && !isOpen) continue
      if (f.open === false && isOpen) continue
      out.push({ ...r })
    }
    return out
  }

  /** Acknowledges an open reminder. False when the id is unknown or it was already acknowledged. */
  async acknowledgeReminder(id: string, by: string): Promise<boolean> {
    this.assertWritable()
    if (typeof by !== 'string' || by === '') throw new TypeError('acknowledgeReminder: by must be a non-empty string')
    return this.track(
      this.fileLocks.run('reminder:' + id, async () => {
        this.assertNotFailed()
        const r = this.reminders.get(id)
        if (!r || r.acknowledgedBy) return false
        await this.commit({ op: 'ack', id, by, at: new Date().toISOString() }, [], null, () => {
          this.reminders.set(id, { ...r, acknowledgedBy: by })
        })
        return true
      }),
    )
  }

  // ---------------------------------------------------------------- Store: notifications (./file-inbox.ts)

  async appendNotifications(items: Array<{ user: string; notification: StoredNotification }>): Promise<void> {
    this.assertWritable()
    const list = checkNotifications(items)
    if (list.length) await this.track(this.inbox!.append(list))
  }

  async listNotifications(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    this.assertOpen()
    return this.inbox!.list(checkUsers(users, 'listNotifications'), checkPage(page))
  }

  async markNotificationsRead(users: string[], ids: string[] | 'all'): Promise<number> {
    this.assertWritable()
    return this.track(this.inbox!.markRead(checkUsers(users, 'markNotificationsRead'), checkIds(ids)))
  }

  // ---------------------------------------------------------------- Store: documents

  async getDoc<T = unknown>(key: string): Promise<T | null> {
    this.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('getDoc: key must be a non-empty string')
    const queued = this.writes.value(this.docFile(key)) as { value: T } | undefined
    if (queued) return queued.value === null ? null : structuredClone(queued.value)
    const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(this.docFile(key)), null)
    try {
      await db.read()
    } catch (e) {
      throw this.asUnavailable(e)
    }
    return db.data ? (db.data.value ?? null) : null
  }

  async putDoc(key: string, value: unknown): Promise<void> {
    this.assertWritable()
    if (typeof key !== 'string' || key === '') throw new TypeError('putDoc: key must be a non-empty string')
    const doc = { key, value: value === undefined ? null : toPlain(value, `document ${key}`) }
    const file = this.docFile(key)
    return this.track(
      this.fileLocks.run('doc:' + file, async () => {
        this.assertNotFailed()
        await this.writeDoc(file, doc)
      }),
    )
  }

  async updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    this.assertWritable()
    if (typeof key !== 'string' || key === '') throw new TypeError('updateDoc: key must be a non-empty string')
    if (typeof fn !== 'function') throw new TypeError('updateDoc: fn must be a function')
    const file = this.docFile(key)
    return this.track(
      // the lock putDoc takes too: one process owns the folder, so this is every writer of the key
      this.fileLocks.run('doc:' + file, async () => {
        this.assertNotFailed()
        const queued = this.writes.value(file) as { key: string; value: T } | undefined
        const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(file), queued ? structuredClone(queued) : null)
        try {
          if (!queued) await db.read()
        } catch (e) {
          throw this.asUnavailable(e)
        }
        const next = fn(db.data ? (db.data.value ?? null) : null)
        const doc = { key, value: next === undefined ? null : toPlain(next, `document ${key}`) }
        await this.writeDoc(file, doc)
        return next
      }),
    )
  }

  /** One document write: a journal line, then the file (the caller holds the key's lock). */
  private async writeDoc(file: string, doc: { key: string; value: unknown }): Promise<void> {
    if (this.syncDataFiles) {
      // before issue #20 documents were not journaled: the fsync'd file is the commit
      await this.writeDataFile(file, JSON.stringify(doc))
      return
    }
    await this.commit({ op: 'doc', key: doc.key, value: doc.value }, [], { path: file, text: JSON.stringify(doc), value: doc }, () => {})
  }

  // ---------------------------------------------------------------- checkpoint

  /** The journal outgrew its threshold (see FileStoreOptions.journalMaxBytes). */
  private journalIsLong(): boolean {
    const total = this.journal?.totalBytes ?? 0
    return total >= Math.max(this.journalMaxBytes, this.summariesBytes / 2) && total >= this.checkpointRetryAt
  }

  private maybeCheckpoint(): void {
    if (this.state !== 'open' || this.checkpointing || this.failure || !this.journal) return
    if (!this.journalIsLong()) return
    const total = this.journal.totalBytes
    this.checkpoint().catch(() => {
      // the journal keeps everything; try again after it grew a little more
      this.checkpointRetryAt = total + this.journalMaxBytes / 2
    })
  }

  /**
   * Writes a checkpoint now (also runs by itself as the journal grows): every journal generation
   * before the current one becomes covered and is deleted.
   */
  checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing
    try {
      this.assertWritable()
    } catch (e) {
      return Promise.reject(e)
    }
    const run = this.doCheckpoint()
    this.checkpointing = run
    const clear = () => {
      if (this.checkpointing === run) this.checkpointing = null
    }
    run.then(clear, clear)
    return run
  }

  private async doCheckpoint(): Promise<void> {
    const journal = this.journal!
    const oldGen = await journal.rotate()
    await journal.whenApplied(oldGen)
    if (this.failure) throw new StoreUnavailableError(this.failure)
    // the generations about to be retired may be the only durable copy of these files' content
    await this.flushDirty()
    const gen = oldGen + 1
    // Summary and reminder objects are replaced, never mutated, so these arrays are a consistent
    // view (possibly newer than `gen`; replaying newer journal lines over it is idempotent).
    const summaries = Array.from(this.summaries.values())
    const reminders = Array.from(this.reminders.values())
    const counters = Object.fromEntries(this.counters)
    const auditSeq = this.auditSeq
    const auditHash = this.auditHash
    const tag = String(gen).padStart(8, '0')
    const doc: CheckpointDoc = { ...this.emptyCheckpoint(gen), auditSeq, auditHash, counters }
    if (summaries.length > 0) {
      const file = `summaries-${tag}.jsonl`
      const bytes = await atomicWrite(this.sub('index', file), jsonLines(summaries), { syncEveryBytes: 1 << 20 })
      doc.summaries = { file, count: summaries.length, bytes }
    }
    if (reminders.length > 0) {
      const file = `reminders-${tag}.jsonl`
      await atomicWrite(this.sub('index', file), jsonLines(reminders), { syncEveryBytes: 1 << 20 })
      doc.reminders = { file, count: reminders.length }
    }
    await new Low<CheckpointDoc>(new DurableJSONFile<CheckpointDoc>(this.sub('index', 'checkpoint.json')), doc).write()
    this.summariesBytes = doc.summaries?.bytes ?? 0
    this.checkpointRetryAt = 0

    // the checkpoint now covers every generation before `gen`
    const journalDir = this.sub('journal')
    for (const name of await listDir(journalDir)) {
      const g = parseJournalFileName(name)
      if (g !== null && g < gen) await fs.rm(path.join(journalDir, name), { force: true })
    }
    journal.forget([...journal.sizes.keys()].filter((g) => g < gen))
    await fsyncDir(journalDir)
    const keep = new Set(['checkpoint.json', doc.summaries?.file, doc.reminders?.file])
    for (const name of await listDir(this.sub('index'))) {
      if (!keep.has(name) && /^(summaries|reminders)-\d+\.jsonl$/.test(name)) await fs.rm(this.sub('index', name), { force: true })
    }
  }

  // ---------------------------------------------------------------- bulk import

  /**
   * Bulk import (benchmarks, migrations): writes case documents without a per-file fsync, then
   * fsyncs them all, then checkpoints. Much faster than createCase for 100k cases, but not atomic
   * as a whole: run it on new ids and start over if it is interrupted. Writes no audit entries.
   * Does not advance sequences (`nextSequence`): a restore sets them from the backup; other
   * callers seed numbers outside the ones CaseService hands out.
   */
  async bulkSeed(records: Iterable<CaseRecord> | AsyncIterable<CaseRecord>, opts: { concurrency?: number } = {}): Promise<number> {
    this.assertWritable()
    const concurrency = opts.concurrency ?? 32
    const seeded: CaseSummary[] = []
    const ids = new Set<string>()
    const numbers = new Set<string>()
    const files: string[] = []
    let batch: CaseRecord[] = []
    const flush = async () => {
      const list = batch
      batch = []
      await eachLimit(list, concurrency, async (rec) => {
        const file = this.caseFile(rec.summary.id)
        await this.ensureDir(path.dirname(file))
        await fs.writeFile(file, JSON.stringify(rec))
      })
    }
    let i = 0
    for await (const value of records as AsyncIterable<CaseRecord>) {
      const rec = checkRecord(value, `bulkSeed[${i++}]`)
      const { id, number } = rec.summary
      if (this.summaries.has(id) || ids.has(id)) throw new StoreConflictError(id, 0, this.summaries.get(id)?.version ?? 1)
      const owner = this.byNumber.get(number) ?? this.numberClaims.get(number)
      if (owner !== undefined || numbers.has(number)) throw new DuplicateCaseNumberError(number, id, owner ?? id)
      ids.add(id)
      numbers.add(number)
      seeded.push(rec.summary)
      files.push(this.caseFile(id))
      batch.push(rec)
      if (batch.length >= 1000) await flush()
    }
    await flush()
    await eachLimit(files, concurrency, (f) => fsyncFile(f))
    const dirs = new Set(files.map((f) => path.dirname(f)))
    await eachLimit(dirs, 16, (d) => fsyncDir(d))
    for (const s of seeded) this.setSummary(s)
    await this.checkpoint()
    return seeded.length
  }
}

/** Creates and opens a FileStore. */
export async function openStore(opts: FileStoreOptions): Promise<FileStore> {
  const store = new FileStore(opts)
  await store.open()
  return store
}
