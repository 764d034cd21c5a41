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
 *   inbox/<shard>/<user>.jsonl        notifications, an append-only file per user (./file-inbox.ts),
 *                                     written like the audit logs: journal line first, file later
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
 * path that also fsyncs each file inside the request: the benches' baseline.) A record's JSON text
 * is made once, by the input check's copy, and reused for the journal line and the case file;
 * cases written or read lately are read from their cached text; audit logs written lately stay
 * open for appends (`baselineIO` restores the path before that: the benches' baseline).
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
 *
 * The parts live in ./file/: core.ts (layout, commit protocol, unsynced writes), pending.ts (the
 * background writer), cases.ts (summaries, list index, case and audit reads and writes),
 * documents.ts, reminders.ts (counters and reminders), checkpoint.ts, recovery.ts, lines.ts.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { AuditEntry, CaseFilter, CaseRecord, CaseSummary, NoticeItem, Page, Reminder, Store, StoredNotification } from './types'
import { StoreUnavailableError } from './types'
import { acquireFolderLock, type FolderLock } from './lock'
import { fsyncDir, shortReason } from './durable'
import { FileInbox } from './file-inbox'
import { checkIds, checkNotifications, checkPage, checkUsers } from './notif-input'
import { FileCore, type FileStoreOptions, type InboxStep } from './file/core'
import { CaseIndex, FileCases } from './file/cases'
import { FileDocuments } from './file/documents'
import { FileCounters, FileReminders } from './file/reminders'
import { Checkpointer } from './file/checkpoint'
import { recover } from './file/recovery'

export type { FileStoreOptions } from './file/core'
export { DuplicateCaseNumberError } from './file/cases'

export class FileStore implements Store {
  readonly dir: string
  private readonly lockWaitMs: number
  private readonly core: FileCore
  private readonly index = new CaseIndex()
  private readonly cases: FileCases
  private readonly docs: FileDocuments
  private readonly counters: FileCounters
  private readonly reminders: FileReminders
  private readonly checkpointer: Checkpointer
  private opening: Promise<void> | null = null
  private lock: FolderLock | null = null
  /** Notifications: an append-only file per user, each write a journal line (./file-inbox.ts) */
  private inbox: FileInbox | null = null

  constructor(opts: FileStoreOptions) {
    if (!opts || typeof opts.dir !== 'string' || opts.dir === '') throw new TypeError('FileStore needs a data folder (dir)')
    this.dir = path.resolve(opts.dir)
    this.lockWaitMs = Math.max(0, opts.lockWaitMs ?? 1000)
    const core = (this.core = new FileCore(this.dir, opts.syncDataFiles === true, Math.max(0, opts.writeDelayMs ?? 1000)))
    this.cases = new FileCases(core, this.index)
    this.docs = new FileDocuments(core)
    this.counters = new FileCounters(core)
    this.reminders = new FileReminders(core)
    const journalMaxBytes = Math.max(4096, opts.journalMaxBytes ?? 16 * 1024 * 1024)
    this.checkpointer = new Checkpointer(core, this.index, this.counters, this.reminders, journalMaxBytes)
    core.afterCommit = () => this.checkpointer.maybe()
  }

  /** The read and write path before the CPU work of #20 (./file/core.ts `baseline`): the benches' baseline. */
  get baselineIO(): boolean {
    return this.core.baseline
  }
  set baselineIO(on: boolean) {
    this.core.baseline = on
  }

  /** Lists by scanning every summary, as before the indexes (the benches' baseline). */
  get plainLists(): boolean {
    return this.index.plainLists
  }
  set plainLists(on: boolean) {
    this.index.plainLists = on
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.core.state === 'open') return Promise.resolve()
    if (this.opening) return this.opening
    if (this.core.state === 'closing') {
      return Promise.reject(new StoreUnavailableError('存储正在关闭 / the store is closing'))
    }
    this.core.state = 'opening'
    this.opening = this.doOpen().finally(() => {
      this.opening = null
    })
    return this.opening
  }

  private async doOpen(): Promise<void> {
    const core = this.core
    try {
      try {
        const made = await fs.mkdir(this.dir, { recursive: true })
        if (made !== undefined) await fsyncDir(path.dirname(this.dir))
      } catch (e) {
        throw new StoreUnavailableError(`无法创建数据目录 / cannot create the data folder ${this.dir}: ${shortReason(e)}`)
      }
      this.lock = await acquireFolderLock(this.dir, this.lockWaitMs)
      this.resetMemory()
      await recover({ core, cases: this.index, counters: this.counters, reminders: this.reminders, checkpointer: this.checkpointer })
      this.inbox = new FileInbox(core, core.sub('inbox'))
      await this.inbox.open(core.sub('docs'), (key) => core.docFile(key))
      core.state = 'open'
      this.checkpointer.maybe()
    } catch (e) {
      await core.journal?.close().catch(() => {})
      core.journal = null
      await this.lock?.release().catch(() => {})
      this.lock = null
      this.resetMemory()
      core.state = 'closed'
      throw core.asUnavailable(e)
    }
  }

  async close(): Promise<void> {
    const core = this.core
    if (this.opening) await this.opening.catch(() => {})
    if (core.state !== 'open') return
    core.state = 'closing'
    while (core.pending.size > 0) await Promise.allSettled([...core.pending])
    if (this.checkpointer.running) await this.checkpointer.running.catch(() => {})
    // a long journal is checkpointed now rather than replayed at the next start-up
    if (core.journal && !core.failure && this.checkpointer.journalIsLong()) await this.checkpointer.run().catch(() => {})
    await core.writes.idle()
    if (core.journal && !core.failure) {
      // every line before this marker is applied and on disk: the next start-up skips re-checking them
      const flushed = await core.flushDirty().then(
        () => true,
        () => false,
      )
      if (flushed) await core.journal.append({ op: 'clean', at: new Date().toISOString() }).catch(() => {})
    }
    await core.appendHandles.close()
    await this.inbox?.close().catch(() => {})
    await core.journal?.close().catch(() => {})
    core.journal = null
    await this.lock?.release().catch(() => {})
    this.lock = null
    this.resetMemory()
    core.state = 'closed'
  }

  private resetMemory(): void {
    this.core.reset()
    this.index.reset()
    this.cases.recent.clear()
    this.docs.clear()
    this.counters.reset()
    this.reminders.reset()
    this.checkpointer.reset()
    this.inbox = null
  }

  // ---------------------------------------------------------------- Store: cases and audit (./file/cases.ts)

  async createCase(record: CaseRecord, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void> {
    return this.cases.createCase(record, audit, await this.noticeStep(notices, 'createCase'))
  }
  async updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void> {
    return this.cases.updateCase(record, expectedVersion, audit, await this.noticeStep(notices, 'updateCase'))
  }

  /** The notices of a case write, checked and their inboxes loaded: they go in the write's journal line. */
  private async noticeStep(notices: NoticeItem[] | undefined, call: string): Promise<InboxStep | null> {
    if (notices === undefined) return null
    const list = checkNotifications(notices, `${call}: notices`)
    if (!list.length) return null
    this.core.assertWritable()
    return this.inbox!.prepare(list)
  }
  getCase(id: string): Promise<CaseRecord | null> {
    return this.cases.getCase(id)
  }
  getCaseByNumber(number: string): Promise<CaseRecord | null> {
    return this.cases.getCaseByNumber(number)
  }
  listCases(filter: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number }> {
    return this.cases.listCases(filter, page)
  }
  allSummaries(filter?: CaseFilter): Promise<CaseSummary[]> {
    return this.cases.allSummaries(filter)
  }
  readSummaries(filter?: CaseFilter): Promise<readonly Readonly<CaseSummary>[]> {
    return this.cases.readSummaries(filter)
  }
  appendAudit(entries: AuditEntry[]): Promise<void> {
    return this.cases.appendAudit(entries)
  }
  listAllAudit(): Promise<AuditEntry[]> {
    return this.cases.listAllAudit()
  }
  listAudit(caseId: string): Promise<AuditEntry[]> {
    return this.cases.listAudit(caseId)
  }

  /** The durable counters (nextSequence) and their last values. */
  counterValues(): Record<string, number> {
    return Object.fromEntries(this.counters.values)
  }

  /** Resolves once every acknowledged write is in its file (not necessarily fsync'd): for readers of the folder. */
  settle(): Promise<void> {
    return this.core.writes.idle()
  }

  /** Number of cases stored (from the in-memory index). */
  get caseCount(): number {
    return this.index.summaries.size
  }

  // ---------------------------------------------------------------- Store: counters and reminders (./file/reminders.ts)

  nextSequence(name: string): Promise<number> {
    return this.counters.nextSequence(name)
  }
  raiseReminders(reminders: Reminder[]): Promise<Reminder[]> {
    return this.reminders.raiseReminders(reminders)
  }
  listReminders(filter: { caseId?: string; open?: boolean }): Promise<Reminder[]> {
    return this.reminders.listReminders(filter)
  }
  /** Acknowledges an open reminder. False when the id is unknown or it was already acknowledged. */
  acknowledgeReminder(id: string, by: string): Promise<boolean> {
    return this.reminders.acknowledgeReminder(id, by)
  }

  // ---------------------------------------------------------------- Store: notifications (./file-inbox.ts)

  async appendNotifications(items: NoticeItem[]): Promise<void> {
    this.core.assertWritable()
    const list = checkNotifications(items)
    if (list.length) await this.core.track(this.inbox!.append(list))
  }

  async listNotifications(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    this.core.assertOpen()
    return this.inbox!.list(checkUsers(users, 'listNotifications'), checkPage(page))
  }

  async markNotificationsRead(users: string[], ids: string[] | 'all'): Promise<number> {
    this.core.assertWritable()
    return this.core.track(this.inbox!.markRead(checkUsers(users, 'markNotificationsRead'), checkIds(ids)))
  }

  // ---------------------------------------------------------------- Store: documents (./file/documents.ts)

  getDoc<T = unknown>(key: string): Promise<T | null> {
    return this.docs.getDoc<T>(key)
  }
  putDoc(key: string, value: unknown): Promise<void> {
    return this.docs.putDoc(key, value)
  }
  updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    return this.docs.updateDoc(key, fn)
  }

  // ---------------------------------------------------------------- checkpoint (./file/checkpoint.ts)

  /**
   * Writes a checkpoint now (also runs by itself as the journal grows): every journal generation
   * before the current one becomes covered and is deleted.
   */
  checkpoint(): Promise<void> {
    return this.checkpointer.checkpoint()
  }

  // ---------------------------------------------------------------- bulk import

  /**
   * Bulk import (benchmarks, migrations): writes case documents without a per-file fsync, then
   * fsyncs them all, then checkpoints. Much faster than createCase for 100k cases, but not atomic
   * as a whole: run it on new ids and start over if it is interrupted. Writes no audit entries.
   * Does not advance sequences (`nextSequence`): a restore sets them from the backup; other
   * callers seed numbers outside the ones CaseService hands out.
   */
  bulkSeed(records: Iterable<CaseRecord> | AsyncIterable<CaseRecord>, opts: { concurrency?: number } = {}): Promise<number> {
    return this.cases.bulkSeed(records, opts, () => this.checkpoint())
  }
}

/** Creates and opens a FileStore. */
export async function openStore(opts: FileStoreOptions): Promise<FileStore> {
  const store = new FileStore(opts)
  await store.open()
  return store
}
