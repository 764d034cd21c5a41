/**
 * The file store's checkpoint: `index/checkpoint.json` (the root) with the summaries and reminders
 * snapshots beside it. Runs in the background once the journal outgrows its threshold (see
 * FileStoreOptions.journalMaxBytes), on demand, and at a clean close of a long journal.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { StoreUnavailableError } from '../types'
import { DurableJSONFile, atomicWrite, fsyncDir, listDir } from '../durable'
import { parseJournalFileName } from '../journal'
import type { FileCore } from './core'
import type { CaseIndex } from './cases'
import type { FileCounters, FileReminders } from './reminders'
import { jsonLines } from './lines'

export const FORMAT = 'daiban-file-store'
/**
 * The folder's format. 2: the journal holds notification lines (`inbox`, `inboxRead`) and case lines
 * carrying the notices they send (`case` … `inbox`), which a build of format 1 would drop when it
 * replays the journal: a format-1 folder is marked 2 when this build opens it, so such a build
 * refuses it from then on instead.
 */
export const FORMAT_VERSION = 2

export interface CheckpointDoc {
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

export function emptyCheckpoint(gen: number): CheckpointDoc {
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

/** Snapshot files other than those `keep` names (left by an older or a crashed checkpoint). */
export async function removeOldSnapshots(core: FileCore, keep: Set<string | undefined>): Promise<void> {
  for (const name of await listDir(core.sub('index'))) {
    if (!keep.has(name) && /^(summaries|reminders)-\d+\.jsonl$/.test(name)) await fs.rm(core.sub('index', name), { force: true })
  }
}

export class Checkpointer {
  private checkpointing: Promise<void> | null = null
  private retryAt = 0
  /** Size of the last summaries snapshot (set by recovery and by each checkpoint). */
  summariesBytes = 0

  constructor(
    private readonly core: FileCore,
    private readonly cases: CaseIndex,
    private readonly counters: FileCounters,
    private readonly reminders: FileReminders,
    private readonly journalMaxBytes: number,
  ) {}

  reset(): void {
    this.summariesBytes = 0
    this.retryAt = 0
  }

  /** The checkpoint in progress, if any. */
  get running(): Promise<void> | null {
    return this.checkpointing
  }

  /** The journal outgrew its threshold (see FileStoreOptions.journalMaxBytes). */
  journalIsLong(): boolean {
    const total = this.core.journal?.totalBytes ?? 0
    return total >= Math.max(this.journalMaxBytes, this.summariesBytes / 2) && total >= this.retryAt
  }

  maybe(): void {
    const core = this.core
    if (core.state !== 'open' || this.checkpointing || core.failure || !core.journal) return
    if (!this.journalIsLong()) return
    const total = core.journal.totalBytes
    this.checkpoint().catch(() => {
      // the journal keeps everything; try again after it grew a little more
      this.retryAt = total + this.journalMaxBytes / 2
    })
  }

  checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing
    try {
      this.core.assertWritable()
    } catch (e) {
      return Promise.reject(e)
    }
    const run = this.run()
    this.checkpointing = run
    const clear = () => {
      if (this.checkpointing === run) this.checkpointing = null
    }
    run.then(clear, clear)
    return run
  }

  async run(): Promise<void> {
    const core = this.core
    const journal = core.journal!
    const oldGen = await journal.rotate()
    const applied = journal.whenApplied(oldGen)
    // the lazy writer writes these lines' files now (./pending.ts)
    core.writes.hurry(applied)
    await applied
    if (core.failure) throw new StoreUnavailableError(core.failure)
    // the generations about to be retired may be the only durable copy of these files' content
    await core.flushDirty()
    const gen = oldGen + 1
    // Summary and reminder objects are replaced, never mutated, so these arrays are a consistent
    // view (possibly newer than `gen`; replaying newer journal lines over it is idempotent).
    const summaries = Array.from(this.cases.summaries.values())
    const reminders = Array.from(this.reminders.all.values())
    const counters = Object.fromEntries(this.counters.values)
    const auditSeq = core.auditSeq
    const auditHash = core.auditHash
    const tag = String(gen).padStart(8, '0')
    const doc: CheckpointDoc = { ...emptyCheckpoint(gen), auditSeq, auditHash, counters }
    if (summaries.length > 0) {
      const file = `summaries-${tag}.jsonl`
      const bytes = await atomicWrite(core.sub('index', file), jsonLines(summaries), { syncEveryBytes: 1 << 20 })
      doc.summaries = { file, count: summaries.length, bytes }
    }
    if (reminders.length > 0) {
      const file = `reminders-${tag}.jsonl`
      await atomicWrite(core.sub('index', file), jsonLines(reminders), { syncEveryBytes: 1 << 20 })
      doc.reminders = { file, count: reminders.length }
    }
    await new Low<CheckpointDoc>(new DurableJSONFile<CheckpointDoc>(core.sub('index', 'checkpoint.json')), doc).write()
    this.summariesBytes = doc.summaries?.bytes ?? 0
    this.retryAt = 0

    // the checkpoint now covers every generation before `gen`
    const journalDir = core.sub('journal')
    for (const name of await listDir(journalDir)) {
      const g = parseJournalFileName(name)
      if (g !== null && g < gen) await fs.rm(path.join(journalDir, name), { force: true })
    }
    journal.forget([...journal.sizes.keys()].filter((g) => g < gen))
    await fsyncDir(journalDir)
    await removeOldSnapshots(core, new Set(['checkpoint.json', doc.summaries?.file, doc.reminders?.file]))
  }
}
