/**
 * The file store's background writer. A write request ends once its journal line is fdatasync'd;
 * the case file, document file, audit lines and inbox lines it implies are queued here and written
 * (without fsync) shortly after, off the request. Until a file is written, reads are answered from
 * here (inboxes from their own memory, ../file-inbox.ts).
 *
 * Each journal line registers its files together with a `done` callback, called once every one
 * of them is written; the store marks the line applied then, so a checkpoint (which waits for
 * every line of the generations it retires to be applied, then fsyncs the files) never retires a
 * line whose files are not on disk. A newer version of a case or document queued before the older
 * one was written replaces it; the older line is done when the newer file is written.
 *
 * Writes are lazy (#20): a pass runs `delayMs` after the first unwritten change, so a case changed
 * several times meanwhile is written once; at once when the queue holds `batch` units, while
 * someone waits for idle(), and while a checkpoint waits for its lines (hurry()). Memory stays
 * bounded: the journal's size triggers checkpoints, which write everything they retire.
 */
import { performance } from 'node:perf_hooks'
import type { AuditEntry } from '../types'
import { eachLimit } from '../durable'

/** One journal line's share of the pending files: done() once all of them are written. */
class Line {
  constructor(
    private left: number,
    private readonly done: () => void,
  ) {
    if (left === 0) done()
  }
  written(): void {
    if (--this.left === 0) this.done()
  }
}

interface FileUnit {
  text: string
  /** The parsed value readers get: a document's { key, value }; null for a case (readers parse the text) */
  value: unknown
  lines: Line[]
}
interface AuditUnit {
  entries: AuditEntry[]
  lines: Line[]
}
interface AppendUnit {
  entries: unknown[]
  write: AppendWriter
  lines: Line[]
}

/** Appends entries (lines of some file format) to a file; the unit's owner knows the format. */
export type AppendWriter = (path: string, entries: unknown[]) => Promise<void>

export interface PendingIO {
  /** Replaces a whole file (case or document). */
  replace(file: string, text: string): Promise<void>
  /** Appends audit entries to a case's (or the store's) log. */
  append(file: string, entries: AuditEntry[]): Promise<void>
  /** A write failed: the store stops taking writes (the journal still holds everything). */
  failed(e: unknown): void
}

export interface PendingFiles {
  /** A case or document file: its path, its JSON text, and the value readers get until it is written. */
  file?: { path: string; text: string; value: unknown }
  /** Audit entries per log file, in seq order. */
  audit?: Map<string, AuditEntry[]>
  /** Other append-only files (notification inboxes): entries per file, each file once, and its writer. */
  appends?: Array<{ path: string; entries: unknown[]; write: AppendWriter }>
}

/** The longest the writer runs before it lets the event loop take a turn (ms). */
const YIELD_MS = 2

/** Pending units above which a new commit waits for the writer (bounds memory under a burst). */
const HIGH_WATER = 20_000

export interface PendingOptions {
  /** File operations in flight at once (libuv's pool has 4 threads; the journal needs one). */
  concurrency?: number
  /** How long a change may wait to be written with later ones (ms); 0 = the next turn, as before. */
  delayMs?: number
  /** Pending units at which a pass starts at once. */
  batch?: number
}

export class PendingWrites {
  private readonly files = new Map<string, FileUnit>()
  private readonly audit = new Map<string, AuditUnit>()
  private readonly appends = new Map<string, AppendUnit>()
  private running: Promise<void> | null = null
  private scheduled = false
  private timer: NodeJS.Timeout | null = null
  private hurrying = 0
  private failure: unknown = null
  private idleWaiters: Array<() => void> = []
  private readonly concurrency: number
  private readonly batch: number
  /** Lazy writes (see above); off = a pass at the next turn after every commit. */
  delayMs: number

  constructor(
    private readonly io: PendingIO,
    opts: PendingOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 3
    this.delayMs = Math.max(0, opts.delayMs ?? 0)
    this.batch = Math.max(1, opts.batch ?? 4096)
  }

  get size(): number {
    return this.files.size + this.audit.size + this.appends.size
  }

  /** Queues the files of one durable journal line; `done` runs once they are all written. */
  add(files: PendingFiles, done: () => void): void {
    const parts = (files.file ? 1 : 0) + (files.audit?.size ?? 0) + (files.appends?.length ?? 0)
    const line = new Line(this.failure ? 0 : parts, done)
    if (parts === 0) return
    if (files.file) {
      const { path, text, value } = files.file
      const prev = this.files.get(path)
      this.files.set(path, { text, value, lines: prev ? [...prev.lines, line] : [line] })
    }
    for (const [path, entries] of files.audit ?? []) {
      const unit = this.audit.get(path)
      if (unit) {
        unit.entries.push(...entries)
        unit.lines.push(line)
      } else {
        this.audit.set(path, { entries: [...entries], lines: [line] })
      }
    }
    for (const { path, entries, write } of files.appends ?? []) {
      const unit = this.appends.get(path)
      if (unit) {
        unit.entries.push(...entries)
        unit.lines.push(line)
      } else {
        this.appends.set(path, { entries: [...entries], write, lines: [line] })
      }
    }
    this.kick()
  }

  /** Stops the delayed pass (the store is reset; the journal holds what was not written). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.failure ??= new Error('disposed')
    for (const w of this.idleWaiters.splice(0)) w()
  }

  /** The value of a file not yet written: a document's { key, value } (case files keep none: readers parse `text`). */
  value(path: string): unknown {
    return this.files.get(path)?.value
  }

  /** The JSON text of a file not yet written (parsing it makes a reader's copy at half the cost of structuredClone). */
  text(path: string): string | undefined {
    return this.files.get(path)?.text
  }

  /** Audit entries of one log not yet written (a copy). */
  auditOf(path: string): AuditEntry[] {
    return [...(this.audit.get(path)?.entries ?? [])]
  }

  /** Every audit entry not yet written (a copy). */
  allAudit(): AuditEntry[] {
    const out: AuditEntry[] = []
    for (const u of this.audit.values()) out.push(...u.entries)
    return out
  }

  /** Resolves once nothing is pending (or the writer failed). */
  idle(): Promise<void> {
    if ((this.size === 0 && !this.running) || this.failure) return Promise.resolve()
    const p = new Promise<void>((r) => this.idleWaiters.push(r))
    this.kick()
    return p
  }

  /** Writes without delay until `until` settles (a checkpoint waiting for the lines it retires). */
  hurry(until: Promise<unknown>): void {
    this.hurrying++
    const done = () => void this.hurrying--
    until.then(done, done)
    this.kick()
  }

  /** Waits while the writer is far behind (a long burst), so memory stays bounded. */
  async room(): Promise<void> {
    while (this.size > HIGH_WATER && !this.failure) await this.idle()
  }

  private kick(): void {
    if (this.running || this.scheduled || this.failure || this.size === 0) return
    const now = this.delayMs === 0 || this.size >= this.batch || this.hurrying > 0 || this.idleWaiters.length > 0
    if (!now) {
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null
          this.start()
        }, this.delayMs)
        // the journal holds every pending change: an exit need not wait for them
        this.timer.unref()
      }
      return
    }
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    this.scheduled = true
    // a moment later, so the lines committed together are written in one pass
    setImmediate(() => {
      this.scheduled = false
      this.start()
    })
  }

  private start(): void {
    if (this.running || this.failure) return
    this.running = this.run().finally(() => {
      this.running = null
      if (this.size > 0 && !this.failure) this.kick()
      else for (const w of this.idleWaiters.splice(0)) w()
    })
  }

  /** One pass over what is queued now; what comes meanwhile waits for the next (see kick). */
  private async run(): Promise<void> {
    try {
      const jobs: Array<() => Promise<void>> = []
      for (const [path, unit] of this.files) jobs.push(() => this.writeFile(path, unit))
      for (const [path, unit] of this.audit) jobs.push(() => this.appendAudit(path, unit))
      for (const [path, unit] of this.appends) jobs.push(() => this.appendOther(path, unit))
      // Appends are synchronous calls (page cache only, see AppendHandles): the loop gets a turn
      // every few ms, so a large pass does not hold requests up.
      let since = performance.now()
      await eachLimit(jobs, this.concurrency, async (job) => {
        await job()
        if (performance.now() - since > YIELD_MS) {
          await new Promise<void>((r) => setImmediate(r))
          since = performance.now()
        }
      })
    } catch (e) {
      this.failure = e
      // wake whoever waits for these lines (a checkpoint); it sees the store's failure
      for (const u of this.files.values()) for (const l of u.lines.splice(0)) l.written()
      for (const u of this.audit.values()) for (const l of u.lines.splice(0)) l.written()
      for (const u of this.appends.values()) for (const l of u.lines.splice(0)) l.written()
      this.io.failed(e)
    }
  }

  private async writeFile(path: string, unit: FileUnit): Promise<void> {
    await this.io.replace(path, unit.text)
    // a newer version queued meanwhile keeps this unit's lines and is written in the next pass
    if (this.files.get(path) !== unit) return
    this.files.delete(path)
    for (const l of unit.lines) l.written()
  }

  private async appendAudit(path: string, unit: AuditUnit): Promise<void> {
    const n = unit.entries.length
    const k = unit.lines.length
    await this.io.append(path, unit.entries.slice(0, n))
    unit.entries.splice(0, n)
    const lines = unit.lines.splice(0, k)
    if (unit.entries.length === 0 && this.audit.get(path) === unit) this.audit.delete(path)
    for (const l of lines) l.written()
  }

  private async appendOther(path: string, unit: AppendUnit): Promise<void> {
    const n = unit.entries.length
    const k = unit.lines.length
    await unit.write(path, unit.entries.slice(0, n))
    unit.entries.splice(0, n)
    const lines = unit.lines.splice(0, k)
    if (unit.entries.length === 0 && this.appends.get(path) === unit) this.appends.delete(path)
    for (const l of lines) l.written()
  }
}
