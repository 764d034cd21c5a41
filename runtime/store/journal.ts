/**
 * The write-ahead journal: JSON Lines in `journal/<gen>.jsonl`, appended with group commit (all
 * lines queued while one synchronous write runs share the next one). A line is acknowledged only
 * once it is on disk (an O_DSYNC write, or write + fdatasync). Generations rotate at checkpoints; a generation is deleted once a checkpoint
 * covers it and every line in it has been applied to the case/audit files.
 */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import path from 'node:path'
import type { AuditEntry, CaseRecord, Reminder, StoredNotification } from './types'
import { DamagedFileError, fsyncDir, writeAll } from './durable'

export type JournalOp =
  /** A case write, its audit entries and the notices it sends (`inbox`, numbered as in an `inbox` op) */
  | { op: 'case'; record: CaseRecord; audit: AuditEntry[]; inbox?: InboxAdd[] }
  | { op: 'audit'; audit: AuditEntry[] }
  | { op: 'seq'; name: string; value: number }
  | { op: 'rem'; reminders: Reminder[] }
  | { op: 'ack'; id: string; by: string; at: string }
  | { op: 'doc'; key: string; value: unknown }
  | { op: 'clean'; at: string }
  /** Notifications appended to inboxes; `s` is the entry's arrival number in its inbox (./file-inbox.ts) */
  | { op: 'inbox'; add: InboxAdd[] }
  /** Read marks: explicit ids, or every entry of the inbox up to arrival number `upTo` (mark all read) */
  | { op: 'inboxRead'; marks: InboxMark[] }

export interface InboxAdd {
  user: string
  s: number
  n: StoredNotification
}
export type InboxMark = { user: string; ids: string[] } | { user: string; upTo: number }

const NAME = /^(\d{8})\.jsonl$/

/**
 * Journal files are opened O_DSYNC where the platform has it: each write returns once its data
 * (and the size that reaches it) is on disk, as write + fdatasync would, in one system call
 * instead of two thread-pool round trips.
 */
const DSYNC = constants.O_DSYNC
const openJournalFile = (file: string) => fs.open(file, DSYNC === undefined ? 'a' : constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | DSYNC)

export function journalFileName(gen: number): string {
  return String(gen).padStart(8, '0') + '.jsonl'
}

export function parseJournalFileName(name: string): number | null {
  const m = NAME.exec(name)
  return m ? Number(m[1]) : null
}

export interface JournalRead {
  ops: JournalOp[]
  /** Bytes up to the end of the last complete line. */
  validBytes: number
  totalBytes: number
}

/**
 * Reads one journal file. Only newline-terminated lines count; an unterminated or unparseable
 * last line is a torn, never-acknowledged write and is ignored. A damaged line followed by good
 * ones is not a torn write: that refuses with DamagedFileError.
 */
export async function readJournalFile(file: string): Promise<JournalRead> {
  const buf = await fs.readFile(file)
  const ops: JournalOp[] = []
  let pos = 0
  let validBytes = 0
  let lineNo = 0
  let damagedAt: number | null = null
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos)
    if (nl === -1) break
    lineNo++
    const text = buf.toString('utf8', pos, nl).replace(/\0/g, '')
    pos = nl + 1
    if (text.trim() === '') {
      if (damagedAt === null) validBytes = pos
      continue
    }
    let op: JournalOp | null = null
    try {
      const parsed = JSON.parse(text) as JournalOp
      if (parsed && typeof parsed === 'object' && typeof parsed.op === 'string') op = parsed
    } catch {
      op = null
    }
    if (op === null) {
      if (damagedAt === null) damagedAt = lineNo
      continue
    }
    if (damagedAt !== null) {
      throw new DamagedFileError(file, `line ${damagedAt} is damaged but later lines are intact`)
    }
    ops.push(op)
    validBytes = pos
  }
  return { ops, validBytes, totalBytes: buf.length }
}

type Item =
  | { kind: 'line'; buf: Buffer; resolve: (gen: number) => void; reject: (e: unknown) => void }
  | { kind: 'rotate'; resolve: (oldGen: number) => void; reject: (e: unknown) => void }

export class Journal {
  private queue: Item[] = []
  private flushing = false
  private broken: unknown = null
  private fh: FileHandle | null = null
  private readonly inflight = new Map<number, number>()
  private drainWaiters: Array<{ gen: number; resolve: () => void }> = []
  private idleWaiters: Array<() => void> = []
  /** Bytes per live generation (including replayed ones not yet covered by a checkpoint). */
  readonly sizes = new Map<number, number>()

  private constructor(
    readonly dir: string,
    private genNow: number,
  ) {}

  static async open(dir: string, gen: number, carried: Map<number, number>): Promise<Journal> {
    const j = new Journal(dir, gen)
    for (const [g, size] of carried) j.sizes.set(g, size)
    j.fh = await openJournalFile(path.join(dir, journalFileName(gen)))
    const st = await j.fh.stat()
    j.sizes.set(gen, st.size)
    await fsyncDir(dir)
    return j
  }

  get gen(): number {
    return this.genNow
  }

  get totalBytes(): number {
    let n = 0
    for (const v of this.sizes.values()) n += v
    return n
  }

  get failure(): unknown {
    return this.broken
  }

  /**
   * Appends one op (or its JSON text, made by the caller from texts it already had); resolves with
   * its generation once it is on disk (fdatasync'd).
   */
  append(op: JournalOp | string): Promise<number> {
    if (this.broken) return Promise.reject(this.broken)
    const buf = Buffer.from((typeof op === 'string' ? op : JSON.stringify(op)) + '\n', 'utf8')
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ kind: 'line', buf, resolve, reject })
      this.kick()
    })
  }

  /** Switches to a new generation after the lines queued so far; resolves with the old one. */
  rotate(): Promise<number> {
    if (this.broken) return Promise.reject(this.broken)
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ kind: 'rotate', resolve, reject })
      this.kick()
    })
  }

  /** Marks one acknowledged line of `gen` as applied to the data files. */
  done(gen: number): void {
    const n = (this.inflight.get(gen) ?? 1) - 1
    if (n <= 0) this.inflight.delete(gen)
    else this.inflight.set(gen, n)
    if (this.drainWaiters.length) {
      const still: typeof this.drainWaiters = []
      for (const w of this.drainWaiters) {
        if (this.pendingUpTo(w.gen)) still.push(w)
        else w.resolve()
      }
      this.drainWaiters = still
    }
  }

  private pendingUpTo(gen: number): boolean {
    for (const [g, n] of this.inflight) if (g <= gen && n > 0) return true
    return false
  }

  /** Resolves once every line of generations ≤ gen has been applied. */
  whenApplied(gen: number): Promise<void> {
    if (!this.pendingUpTo(gen)) return Promise.resolve()
    return new Promise((resolve) => this.drainWaiters.push({ gen, resolve }))
  }

  forget(gens: Iterable<number>): void {
    for (const g of gens) this.sizes.delete(g)
  }

  private kick(): void {
    if (!this.flushing) void this.flushLoop()
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0]!
        if (head.kind === 'rotate') {
          this.queue.shift()
          try {
            const old = this.genNow
            const next = old + 1
            const fh = await openJournalFile(path.join(this.dir, journalFileName(next)))
            await fsyncDir(this.dir)
            const prev = this.fh
            this.fh = fh
            this.genNow = next
            this.sizes.set(next, 0)
            await prev?.close()
            head.resolve(old)
          } catch (e) {
            head.reject(e)
          }
          continue
        }
        const batch: Array<Extract<Item, { kind: 'line' }>> = []
        let bytes = 0
        while (this.queue.length > 0 && this.queue[0]!.kind === 'line' && bytes < 4 * 1024 * 1024) {
          const item = this.queue.shift() as Extract<Item, { kind: 'line' }>
          batch.push(item)
          bytes += item.buf.length
        }
        const gen = this.genNow
        this.inflight.set(gen, (this.inflight.get(gen) ?? 0) + batch.length)
        try {
          await writeAll(
            this.fh!,
            batch.length === 1
              ? batch[0]!.buf
              : Buffer.concat(
                  batch.map((b) => b.buf),
                  bytes,
                ),
          )
          if (DSYNC === undefined) await this.fh!.datasync()
        } catch (e) {
          this.broken = e
          for (let i = 0; i < batch.length; i++) this.done(gen)
          for (const b of batch) b.reject(e)
          for (const q of this.queue.splice(0)) q.reject(e)
          return
        }
        this.sizes.set(gen, (this.sizes.get(gen) ?? 0) + bytes)
        for (const b of batch) b.resolve(gen)
      }
    } finally {
      this.flushing = false
      if (this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w()
    }
  }

  async close(): Promise<void> {
    if (this.flushing || this.queue.length > 0) await new Promise<void>((r) => this.idleWaiters.push(r))
    const fh = this.fh
    this.fh = null
    await fh?.close()
  }
}
