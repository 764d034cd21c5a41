/**
 * Start-up of the file store: read the checkpoint, replay the journal generations it does not
 * cover, repair case, audit and document files from them, cut torn tails, delete stray temp files
 * (see ../file-store.ts). Damage a crash cannot cause is refused with a StoreUnavailableError.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { StoreUnavailableError, type AuditEntry, type CaseRecord, type CaseSummary, type Reminder } from '../types'
import { DamagedFileError, DurableJSONFile, atomicWrite, eachLimit, errorCode, fsyncDir, fsyncFile, isTempName, listDir, truncateDurably } from '../durable'
import { Journal, journalFileName, parseJournalFileName, readJournalFile, type JournalOp } from '../journal'
import type { FileCore } from './core'
import type { CaseIndex } from './cases'
import type { FileCounters, FileReminders } from './reminders'
import { FORMAT, FORMAT_VERSION, emptyCheckpoint, removeOldSnapshots, type CheckpointDoc, type Checkpointer } from './checkpoint'
import { bySeq, parseAuditLines } from './lines'
import { readSnapshotLines } from './snapshot-read'

export interface RecoveryTarget {
  core: FileCore
  cases: CaseIndex
  counters: FileCounters
  reminders: FileReminders
  checkpointer: Checkpointer
}

/** Recovers the folder into memory and opens the journal (core.journal). The caller has reset memory. */
export async function recover(t: RecoveryTarget): Promise<void> {
  const { core } = t
  for (const sub of ['cases', 'audit', 'docs', 'index', 'journal']) await core.ensureDir(core.sub(sub))
  // shard folders that exist need no mkdir on their first write
  for (const sub of ['cases', 'audit']) {
    for (const ent of await fs.readdir(core.sub(sub), { withFileTypes: true })) {
      if (ent.isDirectory()) core.dirs.set(core.sub(sub, ent.name), Promise.resolve())
    }
  }
  // the sweep lists every shard (100k case files at 100k cases): its I/O runs beside the snapshot's
  // parse below and ends before anything is written; a failed open waits for it too
  const swept = removeStrayTemps(core.dir, 0)
  swept.catch(() => {})
  let state: { ck: CheckpointDoc; gens: number[] }
  try {
    state = await readCheckpoint(t, swept)
  } catch (e) {
    await swept.catch(() => {})
    throw e
  }
  await swept
  const { ck, gens } = state
  const journalDir = core.sub('journal')

  // journal replay
  const carried = new Map<number, number>()
  const replay: Replay = { lastRecord: new Map(), auditByFile: new Map(), lastDoc: new Map() }
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
      await truncateDurably(file, read.validBytes)
    }
    carried.set(gen, read.validBytes)
    for (const op of read.ops) replayOp(t, op, replay)
  }
  const repairs = await Promise.allSettled([repairCases(t, replay.lastRecord), repairAudit(core, replay.auditByFile), repairDocs(core, replay.lastDoc)])
  for (const r of repairs) if (r.status === 'rejected') throw r.reason
  await fsyncDir(journalDir)

  const newGen = Math.max(ck.gen, lastGen + 1)
  core.journal = await Journal.open(journalDir, newGen, carried)
  // snapshot files a crashed checkpoint left behind
  await removeOldSnapshots(core, new Set(['checkpoint.json', ck.summaries?.file, ck.reminders?.file]))
}

/** The checkpoint's state into memory (summaries, reminders, counters); `swept` ends before any write. */
async function readCheckpoint(t: RecoveryTarget, swept: Promise<void>): Promise<{ ck: CheckpointDoc; gens: number[] }> {
  const { core } = t
  const rootFile = core.sub('index', 'checkpoint.json')
  const root = new Low<CheckpointDoc | null>(new DurableJSONFile<CheckpointDoc | null>(rootFile), null)
  /** Writes the root (a new store, or an older build's folder marked with this format), once the sweep has ended. */
  const writeRoot = async (doc: CheckpointDoc) => {
    await swept
    await new Low<CheckpointDoc>(new DurableJSONFile<CheckpointDoc>(rootFile), doc).write()
  }
  await root.read()
  let ck = root.data
  const journalDir = core.sub('journal')
  const gens = (await listDir(journalDir))
    .map((n) => parseJournalFileName(n))
    .filter((g): g is number => g !== null)
    .sort((a, b) => a - b)

  if (!ck) {
    if (await holdsData(core, gens)) {
      throw new StoreUnavailableError(
        `index/checkpoint.json 缺失，但数据目录中已有案件数据，请从备份恢复 / index/checkpoint.json is missing although ` +
          `${core.dir} holds case data; restore the folder from a backup`,
      )
    }
    ck = emptyCheckpoint(gens.length ? gens[gens.length - 1]! + 1 : 0)
    await writeRoot(ck)
  }
  if (ck.format !== FORMAT || typeof ck.gen !== 'number') {
    throw new DamagedFileError(rootFile, 'not a Daiban file-store checkpoint')
  }
  if (ck.formatVersion > FORMAT_VERSION) {
    throw new StoreUnavailableError(`数据目录由更新版本的程序写入 / the data folder was written by a newer version (format ${ck.formatVersion})`)
  }
  if (!(ck.formatVersion >= FORMAT_VERSION)) {
    // an older build's folder: marked with this format before anything is written (see FORMAT_VERSION)
    ck = { ...ck, formatVersion: FORMAT_VERSION }
    await writeRoot(ck)
  }

  // checkpoint state
  core.auditSeq = ck.auditSeq ?? 0
  core.auditHash = ck.auditHash ?? ''
  for (const [name, value] of Object.entries(ck.counters ?? {})) t.counters.values.set(name, value)
  if (ck.summaries) {
    const list = await readSnapshotLines<CaseSummary>(core.sub('index', ck.summaries.file), ck.summaries.count)
    for (const s of list) t.cases.set(s)
    t.checkpointer.summariesBytes = ck.summaries.bytes ?? 0
  }
  if (ck.reminders) {
    const list = await readSnapshotLines<Reminder>(core.sub('index', ck.reminders.file), ck.reminders.count)
    for (const r of list) t.reminders.put(r)
  }
  return { ck, gens }
}

/** What the journal holds beyond the checkpoint: the files to check and repair. */
interface Replay {
  lastRecord: Map<string, CaseRecord>
  auditByFile: Map<string, AuditEntry[]>
  lastDoc: Map<string, unknown>
}

/** Deletes temp files of interrupted atomic writes (root, index, docs, journal, shard folders). */
async function removeStrayTemps(dir: string, depth: number): Promise<void> {
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
  await eachLimit(subdirs, 16, (d) => removeStrayTemps(d, depth + 1))
}

async function holdsData(core: FileCore, gens: number[]): Promise<boolean> {
  for (const gen of gens) {
    const st = await fs.stat(core.sub('journal', journalFileName(gen)))
    if (st.size > 0) return true
  }
  for (const shard of await listDir(core.sub('cases'))) {
    const names = await listDir(core.sub('cases', shard)).catch(() => [] as string[])
    if (names.some((n) => n.endsWith('.json'))) return true
  }
  return false
}

function replayOp(t: RecoveryTarget, op: JournalOp, { lastRecord, auditByFile, lastDoc }: Replay): void {
  const { core } = t
  const route = (entries: AuditEntry[] | undefined) => {
    for (const e of entries ?? []) {
      if (typeof e.seq === 'number' && e.seq > core.auditSeq) {
        core.auditSeq = e.seq
        core.auditHash = e.hash ?? ''
      }
      const file = core.auditFile(e.caseId ?? null)
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
      const cur = t.cases.summaries.get(id)
      if (!cur || rec.summary.version > cur.version) t.cases.set(rec.summary)
      route(op.audit)
      // the notices the write sent: applied to the inbox files when they open, as an inbox op's
      if (Array.isArray(op.inbox) && op.inbox.length) core.replayedInbox.push({ op: 'inbox', add: op.inbox })
      break
    }
    case 'audit':
      route(op.audit)
      break
    case 'seq':
      if (op.value > (t.counters.values.get(op.name) ?? 0)) t.counters.values.set(op.name, op.value)
      break
    case 'rem':
      for (const r of op.reminders) if (!t.reminders.all.has(r.id)) t.reminders.put(r)
      break
    case 'clean':
      // a clean close: everything before it was applied and synced, nothing to repair
      lastRecord.clear()
      auditByFile.clear()
      lastDoc.clear()
      core.replayedInbox = []
      break
    case 'doc':
      lastDoc.set(op.key, op.value)
      break
    case 'ack': {
      const r = t.reminders.all.get(op.id)
      if (r && !r.acknowledgedBy) t.reminders.all.set(op.id, { ...r, acknowledgedBy: op.by })
      break
    }
    case 'inbox':
    case 'inboxRead':
      // applied to the inbox files when they open (../file-inbox.ts)
      core.replayedInbox.push(op)
      break
  }
}

/** Brings every case document touched by the journal up to its last journaled version. */
async function repairCases(t: RecoveryTarget, lastRecord: Map<string, CaseRecord>): Promise<void> {
  const { core } = t
  await eachLimit(lastRecord.values(), 16, async (rec) => {
    const file = core.caseFile(rec.summary.id)
    const dir = path.dirname(file)
    await core.ensureDir(dir)
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
      core.dirtyFiles.add(file)
      core.dirtyDirs.add(dir)
      if (v > (t.cases.summaries.get(rec.summary.id)?.version ?? 0)) t.cases.set(onDisk!.summary)
    } else {
      await new Low<CaseRecord>(new DurableJSONFile<CaseRecord>(file), rec).write()
    }
  })
}

/** Rewrites every document the journal holds whose file differs from its last journaled value. */
async function repairDocs(core: FileCore, lastDoc: Map<string, unknown>): Promise<void> {
  if (lastDoc.size === 0) return
  await core.ensureDir(core.sub('docs'))
  await eachLimit(lastDoc, 16, async ([key, value]) => {
    const file = core.docFile(key)
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
  await fsyncDir(core.sub('docs'))
}

/** Appends journaled audit entries missing from their logs (matched by seq); cuts torn tails. */
async function repairAudit(core: FileCore, auditByFile: Map<string, AuditEntry[]>): Promise<void> {
  await eachLimit(auditByFile, 16, async ([file, entries]) => {
    await core.ensureDir(path.dirname(file))
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
      if (parsed.validBytes < buf.length) await truncateDurably(file, parsed.validBytes)
    }
    const missing = entries.filter((e) => typeof e.seq !== 'number' || !have.has(e.seq)).sort(bySeq)
    if (missing.length > 0) await core.appendAuditLines(file, missing, true)
    else if (buf) {
      core.dirtyFiles.add(file)
      core.dirtyDirs.add(path.dirname(file))
    }
  })
}
