/**
 * Drafts, publishing, history, rollback and impact previews — the designer's server side.
 *
 * Files stay the truth: a draft is the scheme folder's files as text; publishing validates them,
 * stores them as a new immutable version (with author, time and change note) and writes the same
 * files back to `definitions/<id>/`, so a town can keep editing in its own editor and the next
 * start-up sees no difference. Running cases stay on their own versions.
 */
import { mkdir, rename, rm, open } from 'node:fs/promises'
import path from 'node:path'
import { structuredPatch } from 'diff'
import { decide, decisionFacts, fileNameProblem, formatProblem, loadScheme, score, type CompiledScheme, type Problem } from '../../engine'
import { listDefinitionFiles } from '../schemes/files'
import type { Store, CaseRecord, CaseSummary } from '../store'
import type { SchemeRegistry, PublishedVersion } from '../schemes/registry'
import { fieldProblem, ServiceError } from '../errors'
import { draftMsg as M } from './messages'
import { today, type Clock } from '../clock'
import { countByVillage, emptyCounts } from '../reports/counts'
import { declaredCounts } from '../reports/assessment'
import { readUpstream, replaceBase } from '../forks/upgrade'
import { toPosix, type UpstreamRecord } from '../forks/files'

export interface DraftFile {
  file: string
  text: string
}

export interface Draft {
  schemeId: string
  baseHash: string
  baseVersion: string
  files: DraftFile[]
  updatedAt: string | null
  updatedBy: string | null
  /** True when nothing differs from the base version */
  pristine: boolean
}

/** POST /api/designer/schemes/:id/draft/impact */
export type Impact = Awaited<ReturnType<DraftService['impact']>>
/** One file of GET /api/designer/schemes/:id/diff */
export type DiffFile = Awaited<ReturnType<DraftService['diff']>>[number]

/** A version as the audit log names it. */
const pick = (v: PublishedVersion) => ({ version: v.version, seq: v.seq, hash: v.hash })

export const MAX_FILE_BYTES = 2 * 1024 * 1024

export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly clock: Clock,
    private readonly definitionsDir: string | null,
  ) {}

  private key(id: string) {
    return `draft/${id}`
  }

  async get(id: string): Promise<Draft> {
    const saved = await this.store.getDoc<Draft>(this.key(id))
    if (saved) return saved
    const v = await this.latest(id)
    const files = (await this.schemes.files(id, v.hash)).map((f) => ({ file: f.file, text: f.text }))
    return { schemeId: id, baseHash: v.hash, baseVersion: v.version, files, updatedAt: null, updatedBy: null, pristine: true }
  }

  private async latest(id: string): Promise<PublishedVersion> {
    try {
      return await this.schemes.latest(id)
    } catch {
      throw new ServiceError('NOT_FOUND', M('noScheme', { id }))
    }
  }

  /** The folder loader's own file-name rule (engine/scheme/file-names.ts): a draft file is one the next start reads. */
  private checkName(file: string): void {
    const bad = fileNameProblem(file)
    if (bad) {
      const params = { file, detail: bad.reason, detailEn: bad.reasonEn }
      throw new ServiceError('INVALID_INPUT', M('badFileName', { file, reason: bad.reason, reasonEn: bad.reasonEn }), [
        { code: 'BAD_FILE_NAME', pointer: '/file', file, message: formatProblem({ code: 'BAD_FILE_NAME', pointer: '/file', message: '', params }), params },
      ])
    }
  }

  /** Save one file of the draft; returns the draft and the quick validation problems. */
  async putFile(id: string, file: string, text: string, actor: string): Promise<{ draft: Draft; problems: Problem[] }> {
    this.checkName(file)
    if (typeof text !== 'string') throw new ServiceError('INVALID_INPUT', M('textNotString'))
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new ServiceError('PAYLOAD_TOO_LARGE', M('fileTooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 }))
    return this.save(id, actor, (current) => {
      const files = current.filter((f) => f.file !== file)
      files.push({ file, text })
      return files.sort((a, b) => a.file.localeCompare(b.file))
    })
  }

  async deleteFile(id: string, file: string, actor: string): Promise<{ draft: Draft; problems: Problem[] }> {
    this.checkName(file)
    return this.save(id, actor, (current) => {
      if (!current.some((f) => f.file === file)) throw new ServiceError('NOT_FOUND', M('noDraftFile', { file }))
      return current.filter((f) => f.file !== file)
    })
  }

  /** Replace the whole draft (import of a scheme folder). */
  async replace(id: string, files: DraftFile[], actor: string): Promise<{ draft: Draft; problems: Problem[] }> {
    if (!Array.isArray(files) || files.length === 0 || files.length > 200) throw new ServiceError('INVALID_INPUT', M('importCount'))
    const seen = new Set<string>()
    for (const f of files) {
      if (!f || typeof f.file !== 'string' || typeof f.text !== 'string') throw new ServiceError('INVALID_INPUT', M('importShape'))
      this.checkName(f.file)
      if (seen.has(f.file)) throw new ServiceError('INVALID_INPUT', M('duplicateFile', { file: f.file }))
      seen.add(f.file)
      if (Buffer.byteLength(f.text) > MAX_FILE_BYTES) throw new ServiceError('PAYLOAD_TOO_LARGE', M('namedFileTooLarge', { file: f.file }))
    }
    const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file))
    return this.save(id, actor, () => sorted)
  }

  /**
   * Change the draft's files with `edit` (pure: it may run again, and may throw to refuse), atomic
   * against other instances: two people saving different files at once both keep theirs. Refused
   * when the draft was discarded, published or rebased between the read and the write.
   */
  private async save(id: string, actor: string, edit: (files: DraftFile[]) => DraftFile[]): Promise<{ draft: Draft; problems: Problem[] }> {
    const draft = await this.get(id)
    const base = await this.schemes.files(draft.schemeId, draft.baseHash)
    const updatedAt = this.clock.now().toISOString()
    const next = await this.store.updateDoc<Draft>(this.key(draft.schemeId), (cur) => {
      // an unsaved draft (updatedAt null) is the base version's files: it starts the stored draft
      const d = cur ?? (draft.updatedAt === null ? draft : null)
      if (!d || d.baseHash !== draft.baseHash) throw new ServiceError('CONFLICT', M('draftGone'))
      const files = edit(d.files)
      const pristine = base.length === files.length && base.every((b) => files.some((f) => f.file === b.file && f.text === b.text))
      return { ...d, files, updatedAt, updatedBy: actor, pristine }
    })
    const r = await loadScheme(next.files, { quick: true })
    return { draft: next, problems: r.problems }
  }

  /** Throw the saved draft away (back to the latest version's files); audited when there was one. */
  async discard(id: string, actor: string): Promise<Draft> {
    let dropped: Draft | null = null
    await this.store.updateDoc<Draft | null>(this.key(id), (cur) => {
      dropped = cur
      return null
    })
    const d = dropped as Draft | null
    if (d) {
      await this.audit('scheme.draft.discard', actor, id, {
        baseVersion: d.baseVersion,
        baseHash: d.baseHash,
        updatedAt: d.updatedAt,
        updatedBy: d.updatedBy,
        files: d.files.map((f) => f.file),
      })
    }
    return this.get(id)
  }

  /** An entry of the audit log about this scheme. */
  private async audit(action: string, actor: string, schemeId: string, changes: unknown): Promise<void> {
    await this.store.appendAudit([{ at: this.clock.now().toISOString(), actor, caseId: null, action, schemeId, changes }])
  }

  /** Which files a new version added, removed or changed against the one before (names only). */
  private async filesChanged(
    id: string,
    before: PublishedVersion,
    files: DraftFile[],
  ): Promise<Array<{ file: string; status: 'added' | 'removed' | 'changed' }>> {
    const old = new Map((await this.schemes.files(id, before.hash)).map((f) => [f.file, f.text]))
    const now = new Map(files.map((f) => [f.file, f.text]))
    const out: Array<{ file: string; status: 'added' | 'removed' | 'changed' }> = []
    for (const file of [...new Set([...old.keys(), ...now.keys()])].sort()) {
      const a = old.get(file)
      const b = now.get(file)
      if (a !== b) out.push({ file, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed' })
    }
    return out
  }

  async validate(id: string): Promise<{ problems: Problem[]; scheme: CompiledScheme | null }> {
    const draft = await this.get(id)
    const r = await loadScheme(draft.files)
    return { problems: r.problems, scheme: r.scheme }
  }

  /** Validate everything and publish as a new immutable version; refuses with every problem. Audited. */
  async publish(id: string, note: string, actor: string): Promise<{ version: PublishedVersion; bumped: string | null }> {
    const r = await this.publishDraft(id, note, actor)
    if (r.created)
      await this.audit('scheme.publish', actor, id, { version: pick(r.version), from: pick(r.before), note: r.version.note, bumped: r.bumped, files: r.files })
    return { version: r.version, bumped: r.bumped }
  }

  private async publishDraft(
    id: string,
    note: string,
    actor: string,
  ): Promise<{ version: PublishedVersion; bumped: string | null; created: boolean; before: PublishedVersion; files: Array<{ file: string; status: string }> }> {
    if (typeof note !== 'string' || !note.trim())
      throw new ServiceError('INVALID_INPUT', M('noteRequired'), [fieldProblem('REQUIRED', '/note', M('noteRequired'))])
    const draft = await this.get(id)
    let files = draft.files
    const latest = await this.latest(id)
    // A new version needs a new version number: bump the patch when the draft did not.
    let bumped: string | null = null
    const manifest = files.find((f) => {
      try {
        return JSON.parse(f.text).kind === 'scheme'
      } catch {
        return false
      }
    })
    if (manifest) {
      const m = JSON.parse(manifest.text) as { version?: string; id?: string }
      if (m.id !== id)
        throw new ServiceError('INVALID_INPUT', M('idChanged', { draft: String(m.id), id }), [
          { ...fieldProblem('SCHEMA', '/id', M('idFixed')), file: manifest.file },
        ])
      const idx = await this.schemes.versionIndex(id)
      if (typeof m.version === 'string' && idx.versions.some((v) => v.version === m.version)) {
        const [a, b, c] = latest.version.split('.').map(Number)
        bumped = `${a}.${b}.${(c ?? 0) + 1}`
        m.version = bumped
        files = files.map((f) => (f === manifest ? { file: f.file, text: JSON.stringify(m, null, 2) + '\n' } : f))
      }
    }
    const r = await this.schemes.publish(files, { by: actor, note: note.trim() })
    if (!r.ok) throw new ServiceError('SCHEME_INVALID', M('publishProblems', { count: r.problems.length }), r.problems)
    await this.writeFolder(id, files)
    await this.refreshForkBase(id, files)
    // The published draft is cleared, unless someone saved it again meanwhile (their change is kept, not lost).
    await this.store.updateDoc<Draft | null>(this.key(id), (cur) => (cur && cur.updatedAt !== draft.updatedAt ? cur : null))
    return { version: r.version, bumped, created: r.created, before: latest, files: r.created ? await this.filesChanged(id, latest, files) : [] }
  }

  /** Roll back by publishing an old version's files as a new version. Audited (as a rollback). */
  async rollback(id: string, ref: string, note: string, actor: string): Promise<{ version: PublishedVersion; bumped: string | null }> {
    const v = await this.schemes.find(id, ref)
    const files = await this.schemes.files(id, v.hash)
    await this.replace(id, files, actor)
    const r = await this.publishDraft(id, note || `回滚到版本 ${v.version}（#${v.seq}）`, actor)
    if (r.created)
      await this.audit('scheme.rollback', actor, id, {
        version: pick(r.version),
        from: pick(r.before),
        to: pick(v),
        note: r.version.note,
        bumped: r.bumped,
        files: r.files,
      })
    return { version: r.version, bumped: r.bumped }
  }

  private async writeFolder(id: string, files: DraftFile[]): Promise<void> {
    if (!this.definitionsDir) return
    const dir = path.join(this.definitionsDir, id)
    await mkdir(dir, { recursive: true })
    for (const f of files) {
      const target = path.join(dir, f.file)
      await mkdir(path.dirname(target), { recursive: true })
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`
      const fh = await open(tmp, 'w')
      try {
        await fh.writeFile(f.text)
        await fh.sync()
      } finally {
        await fh.close()
      }
      await rename(tmp, target)
    }
    // The folder then loads exactly these files: any other file the loader would read goes.
    const keep = new Set(files.map((f) => f.file))
    for (const name of await listDefinitionFiles(dir)) if (!keep.has(name)) await rm(path.join(dir, name))
  }

  /**
   * A fork whose new version moved its fork point (an upstream merge): the folder's
   * `.daiban/base/` and upstream record follow, so `daiban upgrade` merges against the same base.
   */
  private async refreshForkBase(id: string, files: DraftFile[]): Promise<void> {
    if (!this.definitionsDir) return
    const manifest = files
      .map((f) => {
        try {
          return JSON.parse(f.text) as { kind?: string; forkedFrom?: { id?: unknown; version?: unknown; hash?: unknown } | null }
        } catch {
          return null
        }
      })
      .find((v) => v?.kind === 'scheme')
    const fk = manifest?.forkedFrom
    if (!fk || typeof fk.id !== 'string' || typeof fk.hash !== 'string' || typeof fk.version !== 'string') return
    const dir = path.join(this.definitionsDir, id)
    let current: UpstreamRecord | null = null
    try {
      current = await readUpstream(dir)
    } catch {
      current = null
    }
    if (current?.hash === fk.hash) return
    const upstream = await this.schemes.upstreamFiles(fk.id, fk.hash)
    if (!upstream) return
    await replaceBase(dir, upstream, {
      id: fk.id,
      path: current?.path ?? toPosix(path.relative(dir, path.join(this.definitionsDir, fk.id))),
      version: fk.version,
      hash: fk.hash,
    })
  }

  async versionFiles(id: string, ref: string): Promise<{ version: PublishedVersion; files: DraftFile[] }> {
    const v = await this.schemes.find(id, ref)
    return { version: v, files: await this.schemes.files(id, v.hash) }
  }

  /** Readable per-file diff between two versions, or a version and the draft ("draft"). */
  async diff(id: string, from: string, to: string): Promise<Array<{ file: string; status: 'added' | 'removed' | 'changed'; patch: string }>> {
    const side = async (ref: string) => (ref === 'draft' ? (await this.get(id)).files : (await this.versionFiles(id, ref)).files)
    const a = new Map((await side(from)).map((f) => [f.file, f.text]))
    const b = new Map((await side(to)).map((f) => [f.file, f.text]))
    const out: Array<{ file: string; status: 'added' | 'removed' | 'changed'; patch: string }> = []
    for (const file of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.get(file)
      const y = b.get(file)
      if (x === y) continue
      const p = structuredPatch(file, file, x ?? '', y ?? '', from, to, { context: 2 })
      const patch = p.hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}`).join('\n')
      out.push({ file, status: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed', patch })
    }
    return out
  }

  /**
   * Replay existing cases under the draft: what would each case's triage outcome, task group, due
   * date and overdue status be, and each village's score and grade. Nothing is written.
   */
  async impact(id: string, opts: { from?: string; to?: string; limit?: number } = {}) {
    const { problems, scheme: draft } = await this.validate(id)
    if (!draft) throw new ServiceError('SCHEME_INVALID', M('previewProblems', { count: problems.length }), problems)
    const latest = await this.latest(id)
    const current = await this.schemes.get(id, latest.hash)
    const summaries = (await this.store.allSummaries({ schemeId: id })).filter(
      (s) => (s.machine ?? 'case') === 'case' && (!opts.from || (s.receivedOn ?? '') >= opts.from) && (!opts.to || (s.receivedOn ?? '') <= opts.to),
    )
    const t = today(this.clock)
    const changed: Array<{ caseId: string; number: string; village: string | null; changes: Array<{ field: string; from: unknown; to: unknown }> }> = []
    const counts = { cases: summaries.length, outcome: 0, group: 0, dueDate: 0, overdue: 0, errors: 0 }
    const after: CaseSummary[] = []
    // Up to 64 reads in flight, each case replayed (in order) as soon as it is read: the replay's
    // CPU overlaps the reads' I/O instead of following it, and the records are not all held at once.
    const reads: Array<Promise<CaseRecord | null> | undefined> = new Array(summaries.length)
    let next = 0
    const startRead = () => {
      if (next >= summaries.length) return
      const i = next++
      const p = this.store.getCase(summaries[i]!.id)
      p.catch(() => {}) // a failed read is thrown when its turn comes, not as an unhandled rejection
      reads[i] = p
    }
    for (let k = 0; k < 64; k++) startRead()
    for (const [i, s] of summaries.entries()) {
      const rec = await reads[i]!
      reads[i] = undefined
      startRead()
      const ctx = (
        rec?.snapshot as { context?: { facts?: Record<string, unknown>; decision?: { outcome: string; group: string | null; dueDate: string | null } | null } }
      )?.context
      if (!ctx?.facts || !ctx.decision) {
        after.push(s)
        continue
      }
      const d = await decide(draft, decisionFacts(draft, ctx.facts))
      const ch: Array<{ field: string; from: unknown; to: unknown }> = []
      if (!d.ok) {
        counts.errors++
        ch.push({ field: 'error', from: null, to: d.problems.map((p) => p.message).join('；') })
        after.push(s)
      } else {
        const old = ctx.decision
        if (d.decision.outcome !== old.outcome) {
          counts.outcome++
          ch.push({ field: 'outcome', from: old.outcome, to: d.decision.outcome })
        }
        if (d.decision.group !== old.group) {
          counts.group++
          ch.push({ field: 'group', from: old.group, to: d.decision.group })
        }
        if (d.decision.dueDate !== old.dueDate) {
          counts.dueDate++
          ch.push({ field: 'dueDate', from: old.dueDate, to: d.decision.dueDate })
        }
        const running = s.status === 'active' && !s.concludedOn
        const wasOverdue = running && !!old.dueDate && old.dueDate < t
        const isOverdue = running && !!d.decision.dueDate && d.decision.dueDate < t
        if (wasOverdue !== isOverdue) {
          counts.overdue++
          ch.push({ field: 'overdue', from: wasOverdue, to: isOverdue })
        }
        after.push({ ...s, outcome: d.decision.outcome, group: d.decision.group })
      }
      if (ch.length) changed.push({ caseId: s.id, number: s.number, village: s.village, changes: ch })
    }
    const year = t.slice(0, 4)
    const period = { from: `${year}-01-01`, to: t }
    const villages = this.villageScores(current, summaries, draft, after, period)
    return { today: t, period, counts, cases: changed.slice(0, opts.limit ?? 1000), truncated: changed.length > (opts.limit ?? 1000), villages }
  }

  private villageScores(current: CompiledScheme, before: CaseSummary[], draft: CompiledScheme, after: CaseSummary[], period: { from: string; to: string }) {
    const a = countByVillage(current, before, period)
    const b = countByVillage(draft, after, period)
    const out: Array<{ village: string; before: { total: number; grade: string } | null; after: { total: number; grade: string } | null; changed: boolean }> =
      []
    for (const village of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const zero = emptyCounts()
      const x = score(current, { organization: {}, systems: {}, counts: declaredCounts(current, a.get(village) ?? zero) })
      const y = score(draft, { organization: {}, systems: {}, counts: declaredCounts(draft, b.get(village) ?? a.get(village) ?? zero) })
      const bx = x.ok ? { total: x.result.total, grade: x.result.grade } : null
      const by = y.ok ? { total: y.result.total, grade: y.result.grade } : null
      out.push({ village, before: bx, after: by, changed: JSON.stringify(bx) !== JSON.stringify(by) })
    }
    return out
  }
}
