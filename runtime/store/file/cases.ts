/**
 * Cases of the file store: the in-memory summaries with their list index and case numbers
 * (queries and pages), case reads and writes, their audit logs, and the bulk seed.
 */
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { StoreConflictError, StoreUnavailableError, type AuditEntry, type CaseFilter, type CaseRecord, type CaseSummary, type Page } from '../types'
import { DamagedFileError, DurableJSONFile, eachLimit, errorCode, fsyncDir, fsyncFile, listDir } from '../durable'
import { compileFilter, copySummary, pageSummaries } from '../query'
import { SummaryIndex } from '../summary-index'
import type { FileCore, InboxStep } from './core'
import { checkAudit, checkRecord, checkRecordText, parseAuditLines, withQueued } from './lines'

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

/** Every case's summary in memory, with the list indexes and the number → id map. */
export class CaseIndex {
  summaries = new Map<string, CaseSummary>()
  /** Filter and sort indexes of the summaries (list pages, the scheduler's due cases). */
  private listIndex = new SummaryIndex()
  /** Lists by scanning every summary, as before the indexes (the benches' baseline). */
  plainLists = false
  byNumber = new Map<string, string>()
  numberClaims = new Map<string, string>()

  reset(): void {
    this.summaries = new Map()
    this.listIndex = new SummaryIndex()
    this.byNumber = new Map()
    this.numberClaims = new Map()
  }

  set(s: CaseSummary): void {
    const prev = this.summaries.get(s.id)
    if (prev && prev.number !== s.number && this.byNumber.get(prev.number) === s.id) this.byNumber.delete(prev.number)
    this.summaries.set(s.id, s)
    this.listIndex.put(s)
    this.byNumber.set(s.number, s.id)
  }

  /** Reserves a case number for a write in progress; the returned function releases it. */
  claimNumber(number: string, id: string): () => void {
    const owner = this.byNumber.get(number)
    if (owner !== undefined && owner !== id) throw new DuplicateCaseNumberError(number, id, owner)
    const claimer = this.numberClaims.get(number)
    if (claimer !== undefined && claimer !== id) throw new DuplicateCaseNumberError(number, id, claimer)
    this.numberClaims.set(number, id)
    return () => {
      if (this.numberClaims.get(number) === id) this.numberClaims.delete(number)
    }
  }

  page(filter: CaseFilter, page: Page): { items: CaseSummary[]; total: number } {
    return this.plainLists ? pageSummaries(this.summaries.values(), filter, page) : this.listIndex.page(filter, page)
  }

  select(filter?: CaseFilter): CaseSummary[] {
    if (this.plainLists) return [...this.summaries.values()].filter(compileFilter(filter)).map(copySummary)
    return this.listIndex.select(filter).map(copySummary)
  }

  /** As `select`, the stored summaries themselves (read only: a write replaces a summary, never changes it). */
  selectShared(filter?: CaseFilter): readonly Readonly<CaseSummary>[] {
    if (this.plainLists) return [...this.summaries.values()].filter(compileFilter(filter))
    return this.listIndex.select(filter)
  }
}

/** A small LRU of case JSON texts by id: a read of a case just written or read skips the file. */
export class RecentTexts {
  private readonly map = new Map<string, string>()
  constructor(private readonly max: number) {}

  get(id: string): string | undefined {
    const text = this.map.get(id)
    if (text !== undefined) {
      this.map.delete(id)
      this.map.set(id, text)
    }
    return text
  }

  put(id: string, text: string): void {
    this.map.delete(id)
    this.map.set(id, text)
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!)
  }

  clear(): void {
    this.map.clear()
  }
}

/** The Store's case and audit methods over a FileCore and a CaseIndex. */
export class FileCases {
  /** JSON texts of recently read or written cases (the folder has one writer: this store). */
  readonly recent = new RecentTexts(512)

  constructor(
    private readonly core: FileCore,
    private readonly index: CaseIndex,
  ) {}

  /** `notices`: the step of FileInbox.prepare for the notices the write sends (journaled in its line). */
  async createCase(record: CaseRecord, audit: AuditEntry[], notices: InboxStep | null = null): Promise<void> {
    const core = this.core
    core.assertWritable()
    const { rec, text } = this.checked(record, 'createCase')
    const id = rec.summary.id
    const entries = checkAudit(audit ?? [], id)
    return core.track(
      core.caseLocks.run(id, async () => {
        core.assertNotFailed()
        const existing = this.index.summaries.get(id)
        if (existing) throw new StoreConflictError(id, 0, existing.version)
        const unclaim = this.index.claimNumber(rec.summary.number, id)
        await this.commitCase(rec, text, entries, unclaim, notices)
      }),
    )
  }

  async updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[], notices: InboxStep | null = null): Promise<void> {
    const core = this.core
    core.assertWritable()
    const { rec, text } = this.checked(record, 'updateCase')
    const id = rec.summary.id
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new TypeError('updateCase: expectedVersion must be a non-negative integer')
    }
    if (rec.summary.version !== expectedVersion + 1) {
      throw new TypeError(`updateCase: summary.version must be expectedVersion + 1 (${expectedVersion + 1})`)
    }
    const entries = checkAudit(audit ?? [], id)
    return core.track(
      core.caseLocks.run(id, async () => {
        core.assertNotFailed()
        const current = this.index.summaries.get(id)
        const actual = current?.version ?? 0
        if (!current || actual !== expectedVersion) throw new StoreConflictError(id, expectedVersion, actual)
        const unclaim = current.number === rec.summary.number ? () => {} : this.index.claimNumber(rec.summary.number, id)
        await this.commitCase(rec, text, entries, unclaim, notices)
      }),
    )
  }

  /** The checked copy of a record and its JSON text (one stringify; two in the baseline). */
  private checked(record: CaseRecord, what: string): { rec: CaseRecord; text: string } {
    if (!this.core.baseline) return checkRecordText(record, what)
    const rec = checkRecord(record, what)
    return { rec, text: JSON.stringify(rec) }
  }

  /** Journal and write one case (created or updated), then release its number claim. */
  private async commitCase(rec: CaseRecord, text: string, entries: AuditEntry[], unclaim: () => void, notices: InboxStep | null): Promise<void> {
    try {
      // readers of a case parse its text (getCase): the record object is the caller's, never kept
      const file = { path: this.core.caseFile(rec.summary.id), text, value: null }
      await this.core.commit(
        { op: 'case', record: rec, audit: entries },
        entries,
        file,
        () => {
          this.index.set(rec.summary)
          this.recent.put(rec.summary.id, text)
        },
        notices,
      )
    } finally {
      unclaim()
    }
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    const core = this.core
    core.assertOpen()
    if (typeof id !== 'string' || !this.index.summaries.has(id)) return null
    const file = core.caseFile(id)
    const queued = core.writes.text(file)
    if (queued !== undefined) return JSON.parse(queued) as CaseRecord
    if (core.baseline) {
      const db = new Low<CaseRecord | null>(new DurableJSONFile<CaseRecord | null>(file), null)
      try {
        await db.read()
      } catch (e) {
        throw core.asUnavailable(e)
      }
      if (!db.data) throw this.missing(file)
      return db.data
    }
    const cached = this.recent.get(id)
    if (cached !== undefined) return JSON.parse(cached) as CaseRecord
    let text: string
    try {
      // synchronous, as an embedded database reads: a case file is a few KB, usually in the page
      // cache (11 µs here), while a read through libuv's pool costs four thread trips (190 µs of CPU)
      text = readFileSync(file, 'utf8')
    } catch (e) {
      if (errorCode(e) === 'ENOENT') throw this.missing(file)
      throw core.asUnavailable(e)
    }
    let rec: CaseRecord | null
    try {
      rec = JSON.parse(text) as CaseRecord | null
    } catch {
      throw core.asUnavailable(new DamagedFileError(file, 'the file is not valid JSON (truncated or overwritten)'))
    }
    if (!rec) throw this.missing(file)
    // kept unless a write committed while the file was read (that one is cached already)
    if (rec.summary?.version === this.index.summaries.get(id)?.version) this.recent.put(id, text)
    return rec
  }

  private missing(file: string): StoreUnavailableError {
    return new StoreUnavailableError(`案件文件缺失：${this.core.rel(file)} / case file missing: ${this.core.rel(file)}`)
  }

  async getCaseByNumber(number: string): Promise<CaseRecord | null> {
    this.core.assertOpen()
    const id = this.index.byNumber.get(number)
    return id === undefined ? null : this.getCase(id)
  }

  async listCases(filter: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number }> {
    this.core.assertOpen()
    return this.index.page(filter, page)
  }

  async allSummaries(filter?: CaseFilter): Promise<CaseSummary[]> {
    this.core.assertOpen()
    return this.index.select(filter)
  }

  async readSummaries(filter?: CaseFilter): Promise<readonly Readonly<CaseSummary>[]> {
    this.core.assertOpen()
    return this.index.selectShared(filter)
  }

  // ---------------------------------------------------------------- audit

  async appendAudit(entries: AuditEntry[]): Promise<void> {
    const core = this.core
    core.assertWritable()
    const list = checkAudit(entries, null)
    if (list.length === 0) return
    return core.track(core.commit({ op: 'audit', audit: list }, list, null, () => {}))
  }

  async listAllAudit(): Promise<AuditEntry[]> {
    const core = this.core
    core.assertOpen()
    // queued entries first: one written meanwhile is then in the file (and dropped as a repeat)
    const queued = core.writes.allAudit()
    const out: AuditEntry[] = []
    const root = core.sub('audit')
    for (const name of await listDir(root)) {
      const full = path.join(root, name)
      const files = name.endsWith('.jsonl')
        ? [full]
        : (await listDir(full).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).map((n) => path.join(full, n))
      for (const f of files) {
        try {
          out.push(...parseAuditLines(await fs.readFile(f)).entries)
        } catch (e) {
          if (errorCode(e) !== 'ENOENT') throw core.asUnavailable(e)
        }
      }
    }
    return withQueued(out, queued)
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    const core = this.core
    core.assertOpen()
    if (typeof caseId !== 'string' || caseId === '') return []
    const file = core.auditFile(caseId)
    const queued = core.writes.auditOf(file)
    let buf: Buffer
    try {
      buf = await fs.readFile(file)
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return withQueued([], queued)
      throw core.asUnavailable(e)
    }
    return withQueued(parseAuditLines(buf).entries, queued)
  }

  // ---------------------------------------------------------------- bulk import

  /** See FileStore.bulkSeed; `checkpoint` runs once every file is written and fsync'd. */
  async bulkSeed(records: Iterable<CaseRecord> | AsyncIterable<CaseRecord>, opts: { concurrency?: number }, checkpoint: () => Promise<void>): Promise<number> {
    const core = this.core
    core.assertWritable()
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
        const file = core.caseFile(rec.summary.id)
        await core.ensureDir(path.dirname(file))
        await fs.writeFile(file, JSON.stringify(rec))
      })
    }
    let i = 0
    for await (const value of records as AsyncIterable<CaseRecord>) {
      const rec = checkRecord(value, `bulkSeed[${i++}]`)
      const { id, number } = rec.summary
      if (this.index.summaries.has(id) || ids.has(id)) throw new StoreConflictError(id, 0, this.index.summaries.get(id)?.version ?? 1)
      const owner = this.index.byNumber.get(number) ?? this.index.numberClaims.get(number)
      if (owner !== undefined || numbers.has(number)) throw new DuplicateCaseNumberError(number, id, owner ?? id)
      ids.add(id)
      numbers.add(number)
      seeded.push(rec.summary)
      files.push(core.caseFile(id))
      batch.push(rec)
      if (batch.length >= 1000) await flush()
    }
    await flush()
    await eachLimit(files, concurrency, (f) => fsyncFile(f))
    const dirs = new Set(files.map((f) => path.dirname(f)))
    await eachLimit(dirs, 16, (d) => fsyncDir(d))
    for (const s of seeded) this.index.set(s)
    await checkpoint()
    return seeded.length
  }
}
