/**
 * The file store's shared state and write path: the folder layout, lifecycle flags, the journal,
 * the audit sequence, the commit protocol and the unsynced data-file writes (see ../file-store.ts
 * for the whole design). The other modules of this folder (cases, documents, counters and
 * reminders, recovery, checkpoint) all work through one FileCore.
 */
import { closeSync, openSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { StoreUnavailableError, type AuditEntry } from '../types'
import { DamagedFileError, atomicWrite, eachLimit, errorCode, fsyncDir, fsyncFile, replaceFile, shortReason, writeAll, writeAllSync } from '../durable'
import type { InboxAdd, Journal, JournalOp } from '../journal'
import { safeName, shardOf } from '../names'
import { chain } from '../audit-chain'
import { PendingWrites, type PendingFiles, type PendingIO } from './pending'

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
  /**
   * How long a committed case or document change may wait before its file is written (default
   * 1000 ms), so a case changed again meanwhile is written once; the journal holds it until then,
   * reads are answered from memory, and a checkpoint writes everything it retires first.
   */
  writeDelayMs?: number
}

/** Serialises async work per key (a promise chain per key). Queue order = call order. */
export class KeyedMutex {
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

/** What a journal line adds to inboxes (../file-inbox.ts): the line's entries, the inbox files to append, the memory update. */
export interface InboxBatch {
  add: InboxAdd[]
  appends: NonNullable<PendingFiles['appends']>
  apply: () => void
}

/**
 * Numbers prepared notices (FileInbox.prepare) into a batch: run in the turn its journal line is
 * queued; null when every notice is already in its inbox.
 */
export type InboxStep = () => InboxBatch | null

/** A case or document file a commit replaces: its path, JSON text, and the value readers get meanwhile. */
export interface DataFile {
  path: string
  text: string
  value: unknown
}

/**
 * Append handles of the audit logs written last, kept open: a case's log is usually appended to
 * again soon (each step of its handling), and an open + close per append was most of its cost.
 * The appends are synchronous calls: without fsync (the checkpoint's) a write only reaches the page
 * cache, and on a virtual machine a trip through libuv's thread pool (waking a pool thread, then
 * the loop) costs more than the write itself (issue #20, bench/http-load.ts: 1.4× the requests/s
 * at one client, the server's CPU per request 6.7 → 4.4 ms, with the synchronous case reads).
 */
export class AppendHandles {
  private readonly fds = new Map<string, number>()
  constructor(private readonly max: number) {}

  append(file: string, buf: Uint8Array): void {
    let fd = this.fds.get(file)
    if (fd !== undefined) this.fds.delete(file)
    else fd = openSync(file, 'a')
    try {
      writeAllSync(fd, buf)
    } catch (e) {
      closeQuietly(fd)
      throw e
    }
    this.fds.set(file, fd)
    for (const [f, x] of this.fds) {
      if (this.fds.size <= this.max) break
      this.fds.delete(f)
      closeQuietly(x)
    }
  }

  /** Closes every handle. */
  close(): void {
    for (const fd of this.fds.values()) closeQuietly(fd)
    this.fds.clear()
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    /* already unusable: nothing to keep */
  }
}

export class FileCore {
  readonly dir: string
  readonly syncDataFiles: boolean

  state: 'closed' | 'opening' | 'open' | 'closing' = 'closed'
  journal: Journal | null = null
  /** Set after a failed write: the in-memory view may be ahead of disk, so writes stop until reopen. */
  failure: string | null = null
  auditSeq = 0
  auditHash = ''
  /**
   * The read and write path before the CPU work of #20 (each JSON text made again where it is
   * needed, no case read cache, audit logs opened per append): the benches' baseline.
   */
  get baseline(): boolean {
    return this.baselinePath
  }
  set baseline(on: boolean) {
    this.baselinePath = on
    this.writes.delayMs = on ? 0 : this.writeDelayMs
  }
  private baselinePath = false
  /** Runs after every commit (the checkpoint's trigger). */
  afterCommit: () => void = () => {}

  readonly caseLocks = new KeyedMutex()
  readonly fileLocks = new KeyedMutex()
  dirs = new Map<string, Promise<void>>()
  readonly pending = new Set<Promise<unknown>>()
  /** Files and folders written without fsync since the last checkpoint (the journal still covers them). */
  dirtyFiles = new Set<string>()
  dirtyDirs = new Set<string>()
  /** Open append handles of recently written audit logs. */
  appendHandles = new AppendHandles(64)
  /** Files of committed writes not yet written (./pending.ts); reads look here first. */
  writes: PendingWrites
  /** Inbox ops of the journal not covered by the checkpoint, gathered by recovery for ../file-inbox.ts */
  replayedInbox: Array<Extract<JournalOp, { op: 'inbox' | 'inboxRead' }>> = []

  constructor(
    dir: string,
    syncDataFiles: boolean,
    private readonly writeDelayMs = 1000,
  ) {
    this.dir = dir
    this.syncDataFiles = syncDataFiles
    this.writes = this.newWrites()
  }

  private newWrites(): PendingWrites {
    return new PendingWrites(this.pendingIO(), { delayMs: this.baselinePath ? 0 : this.writeDelayMs })
  }

  /** Forgets everything held in memory (before recovery and after close). */
  reset(): void {
    this.auditSeq = 0
    this.auditHash = ''
    this.dirs = new Map()
    this.failure = null
    this.dirtyFiles = new Set()
    this.dirtyDirs = new Set()
    this.replayedInbox = []
    this.writes.dispose()
    this.writes = this.newWrites()
    this.appendHandles.close()
    this.appendHandles = new AppendHandles(64)
  }

  // ---------------------------------------------------------------- paths

  sub(...parts: string[]): string {
    return path.join(this.dir, ...parts)
  }
  caseFile(id: string): string {
    return this.sub('cases', shardOf(id), safeName(id) + '.json')
  }
  auditFile(caseId: string | null): string {
    return caseId === null ? this.sub('audit', '_store.jsonl') : this.sub('audit', shardOf(caseId), safeName(caseId) + '.jsonl')
  }
  docFile(key: string): string {
    return this.sub('docs', safeName(key) + '.json')
  }
  rel(file: string): string {
    return path.relative(this.dir, file) || file
  }

  /**
   * Creates a folder once per open and fsyncs its parent, so files inside it are reachable after
   * power loss — at once while opening or with `syncDataFiles`, else at the next checkpoint.
   */
  ensureDir(dir: string): Promise<void> {
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

  // ---------------------------------------------------------------- state checks

  asUnavailable(e: unknown): StoreUnavailableError {
    if (e instanceof StoreUnavailableError) return e
    if (e instanceof DamagedFileError) {
      const rel = this.rel(e.file)
      return new StoreUnavailableError(
        `数据文件已损坏：${rel}（${e.problem}），请从备份恢复 / damaged data file ${rel} (${e.problem}); restore it from a backup or move it aside`,
      )
    }
    return new StoreUnavailableError(`无法打开数据目录 / cannot open the data folder ${this.dir}: ${shortReason(e)}`)
  }

  assertOpen(): void {
    if (this.state !== 'open') throw new StoreUnavailableError('存储未打开 / the store is not open')
  }

  assertWritable(): void {
    this.assertOpen()
    this.assertNotFailed()
  }

  assertNotFailed(): void {
    if (this.failure) throw new StoreUnavailableError(this.failure)
  }

  /** Keeps a write in `pending` until it settles (close() waits for them). */
  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p)
    const forget = () => this.pending.delete(p)
    p.then(forget, forget)
    return p
  }

  fail(e: unknown): StoreUnavailableError {
    if (e instanceof StoreUnavailableError) return e
    if (!this.failure) {
      this.failure =
        `存储写入失败，已停止接受写入，请重新打开存储以恢复 / a write failed (${shortReason(e)}); ` +
        `the store stopped accepting writes — reopen it to recover`
    }
    return new StoreUnavailableError(this.failure)
  }

  // ---------------------------------------------------------------- write path

  /** Appends audit lines; without `sync` the file is left to the next checkpoint's fsync. */
  async appendAuditLines(file: string, entries: readonly AuditEntry[], sync: boolean): Promise<void> {
    const dir = path.dirname(file)
    await this.ensureDir(dir)
    const buf = Buffer.from(entries.map((e) => JSON.stringify(e)).join('\n') + '\n', 'utf8')
    if (!sync) {
      if (this.baseline) {
        const h = await fs.open(file, 'a')
        try {
          await writeAll(h, buf)
        } finally {
          await h.close()
        }
      } else {
        this.appendHandles.append(file, buf)
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

  auditByFile(entries: AuditEntry[]): Map<string, AuditEntry[]> {
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
   * the data files for the background writer (./pending.ts; it marks the line applied once they
   * are written — a checkpoint waits for that), update memory. With `syncDataFiles` the files are
   * written and fsync'd here instead, before the call resolves.
   */
  async commit(op: JournalOp, entries: AuditEntry[], file: DataFile | null, applyMemory: () => void, notices: InboxStep | null = null): Promise<void> {
    const journal = this.journal!
    if (!this.syncDataFiles) await this.writes.room()
    for (const e of entries) e.seq = ++this.auditSeq
    this.auditHash = chain(entries, this.auditHash)
    // numbered in the turn the line is queued (journal order = arrival order); only a case line carries notices
    const inbox = op.op === 'case' && notices ? notices() : null
    const add = inbox ? `,"inbox":${JSON.stringify(inbox.add)}` : ''
    // a case line holds the record's text once more: reuse the case file's (the bytes JSON.stringify(op) makes)
    const line =
      op.op === 'case' && file && !this.baseline
        ? `{"op":"case","record":${file.text},"audit":${JSON.stringify(op.audit)}${add}}`
        : inbox
          ? { ...op, inbox: inbox.add }
          : op
    if (!this.syncDataFiles) {
      let gen: number
      try {
        gen = await journal.append(line)
      } catch (e) {
        throw this.fail(e)
      }
      this.writes.add({ file: file ?? undefined, audit: entries.length ? this.auditByFile(entries) : undefined, appends: inbox?.appends }, () =>
        journal.done(gen),
      )
      applyMemory()
      inbox?.apply()
      this.afterCommit()
      return
    }
    const applyFiles = file ? () => this.writeDataFile(file.path, file.text) : null
    const durable = journal.append(line)
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
      for (const a of inbox?.appends ?? []) await a.write(a.path, a.entries)
      applyMemory()
      inbox?.apply()
    } catch (e) {
      throw this.fail(e)
    } finally {
      journal.done(gen)
    }
    this.afterCommit()
  }

  /**
   * A journal line whose files are appends only (notification inboxes): `build` runs right before
   * the line is queued, in the same turn, so what it numbers is journaled in that order; `apply`
   * updates memory once the line is durable. With `syncDataFiles` the appends are written here.
   * Returns false when `build` found nothing to write.
   */
  async commitAppends(build: () => { op: JournalOp; appends: NonNullable<PendingFiles['appends']>; apply: () => void } | null): Promise<boolean> {
    const journal = this.journal!
    if (!this.syncDataFiles) await this.writes.room()
    this.assertNotFailed()
    const b = build()
    if (!b) return false
    let gen: number
    try {
      gen = await journal.append(b.op)
    } catch (e) {
      throw this.fail(e)
    }
    if (!this.syncDataFiles) {
      this.writes.add({ appends: b.appends }, () => journal.done(gen))
      b.apply()
      this.afterCommit()
      return true
    }
    try {
      for (const a of b.appends) await a.write(a.path, a.entries)
      b.apply()
    } catch (e) {
      throw this.fail(e)
    } finally {
      journal.done(gen)
    }
    this.afterCommit()
    return true
  }

  /** The background writer's file operations (no fsync: see flushDirty). */
  private pendingIO(): PendingIO {
    return {
      replace: (file, text) => this.writeDataFile(file, text),
      append: (file, entries) => this.appendAuditLines(file, entries, false),
      failed: (e) => void this.fail(e),
    }
  }

  /** Replaces a case or document file after its journal line is durable (see ../file-store.ts). */
  async writeDataFile(file: string, text: string): Promise<void> {
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
  async flushDirty(): Promise<void> {
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
}
