/**
 * Forks from the designer: a new town's scheme from an existing one, usable at once, and what the
 * upstream scheme changed since a fork's fork point — explained, with the three-way merge plan —
 * merged on request into the fork's DRAFT (never published directly: the administrator reviews the
 * draft and publishes it through the normal flow, with impact preview and change note).
 *
 * The fork point is the `forkedFrom` of the fork's latest published manifest; its files come from
 * the registry (a version this server published, or the `.daiban/base/` a fork folder brought).
 */
import path from 'node:path'
import { rm } from 'node:fs/promises'
import { loadScheme, type Problem, type SchemeDefinitions } from '../../engine'
import type { Store } from '../store'
import type { SchemeRegistry, PublishedVersion } from '../schemes/registry'
import type { AccountService } from '../auth/accounts'
import { ALL_SCHEMES, type Policy, type Principal, type RoleGrant } from '../auth/policy'
import { fieldProblem, ServiceError, type Words } from '../errors'
import { draftMsg as M } from './messages'
import { forkFiles, writeForkFolder, SCHEME_ID, CASE_PREFIX, derivePrefix } from '../forks/fork'
import { mergeUpstream } from '../forks/upgrade'
import { describeRecord, type MergeRecord } from '../forks/merge'
import { diffSchemes, type DiffEntry } from '../forks/diff'
import { ForkError, isNonEmptyDir, toPosix, type TextFile } from '../forks/files'
import type { DraftService, Draft } from './service'

export interface ForkInput {
  /** The new scheme's id (lower-case letters, digits, hyphens) */
  id: unknown
  /** The new town's name */
  town: unknown
  /** Case number prefix (2–8 capitals); derived from the id when absent */
  prefix?: unknown
}

export interface ForkOutcome {
  scheme: { id: string; name: string; town: string; version: string; hash: string; seq: number; caseNumberPrefix: string }
  forkedFrom: { id: string; version: string; hash: string }
  /** The folder written under definitions/, or null when the server has no definitions folder */
  dir: string | null
  /** Grants the forking user received in the new scheme (copies of theirs in the source) */
  grants: RoleGrant[]
}

/** One line of a merge plan, with its sentence. */
export interface PlanLine {
  file: string
  pointer: string
  where: string
  text: string
  note?: string
}

export interface UpstreamStatus {
  scheme: string
  forked: boolean
  /** The upstream's newest version on this server (null: not a fork, or the upstream is not here) */
  upstream: { id: string; version: string; hash: string; seq: number; publishedAt: string } | null
  /** Where the fork's latest published version forked from */
  forkPoint: { id: string; version: string; hash: string } | null
  /** The upstream has published something since the fork point */
  hasChanges: boolean
  /** The fork's draft already holds a merge of the upstream's newest version (publish it to finish) */
  mergedInDraft: boolean
  /** The upstream files at the fork point are known (without them no three-way merge is possible) */
  baseAvailable: boolean
  /** What the upstream changed from the fork point to its newest version, in the scheme's terms */
  changes: DiffEntry[]
  /** What a merge into the draft would do: taken from upstream, kept (the fork's own), conflicts */
  plan: { taken: PlanLine[]; kept: PlanLine[]; conflicts: PlanLine[]; problems: Problem[] } | null
}

/** POST /api/designer/schemes/:id/upstream/merge */
export type MergeOutcome = Awaited<ReturnType<ForkService['mergeIntoDraft']>>

const line = (r: MergeRecord): PlanLine => ({ file: r.file, pointer: r.pointer, where: r.where, text: describeRecord(r), ...(r.note ? { note: r.note } : {}) })

const bad = (pointer: string, message: Words, code = 'INVALID_INPUT') => new ServiceError('INVALID_INPUT', message, [fieldProblem(code, pointer, message)])

export class ForkService {
  constructor(
    private readonly d: {
      store: Store
      schemes: SchemeRegistry
      drafts: DraftService
      accounts: AccountService
      policy: () => Policy
      definitionsDir: string | null
    },
  ) {}

  private async latest(id: string): Promise<PublishedVersion> {
    try {
      return await this.d.schemes.latest(id)
    } catch {
      throw new ServiceError('NOT_FOUND', M('noScheme', { id }))
    }
  }

  /**
   * Fork scheme `sourceId` (its latest published version) as a new scheme: writes
   * definitions/<id>/ with the fork record, publishes the fork's first version, and gives the
   * forking user their grants of the source in the new scheme, so they can work in it at once.
   */
  async fork(sourceId: string, input: ForkInput, by: Principal): Promise<ForkOutcome> {
    const id = typeof input.id === 'string' ? input.id.trim() : ''
    const town = typeof input.town === 'string' ? input.town.trim() : ''
    if (!SCHEME_ID.test(id)) throw bad('/id', M('badSchemeId', { id }), 'INVALID_SCHEME_ID')
    if (!town || town.length > 40) throw bad('/town', M('townRequired'), 'REQUIRED')
    if (input.prefix !== undefined && input.prefix !== '' && (typeof input.prefix !== 'string' || !CASE_PREFIX.test(input.prefix)))
      throw bad('/prefix', M('badPrefix'), 'INVALID_PREFIX')
    const ids = await this.d.schemes.schemeIds()
    if (ids.includes(id)) throw new ServiceError('CONFLICT', M('schemeExists', { id }), [fieldProblem('SCHEME_EXISTS', '/id', M('schemeExists', { id }))])
    const prefix = typeof input.prefix === 'string' && input.prefix ? input.prefix : derivePrefix(id)
    if (!prefix) throw bad('/prefix', M('prefixNeeded', { id }), 'REQUIRED')
    // Case numbers show the town: a prefix another scheme uses would mix two towns' numbers.
    for (const other of ids) {
      const s = await this.d.schemes.get(other, (await this.latest(other)).hash)
      if (s.manifest.caseNumberPrefix === prefix) throw bad('/prefix', M('prefixTaken', { prefix, other }), 'PREFIX_TAKEN')
    }
    const source = await this.latest(sourceId)
    const sourceFiles: TextFile[] = await this.d.schemes.files(sourceId, source.hash)
    let fork
    try {
      fork = await forkFiles(sourceFiles, id, { town, prefix })
    } catch (e) {
      if (e instanceof ForkError) throw new ServiceError(e.problems.length ? 'SCHEME_INVALID' : 'INVALID_INPUT', e.message, e.problems)
      throw e
    }

    let dir: string | null = null
    if (this.d.definitionsDir) {
      dir = path.join(this.d.definitionsDir, id)
      if (await isNonEmptyDir(dir))
        throw new ServiceError('CONFLICT', M('dirExists', { id }), [fieldProblem('SCHEME_EXISTS', '/id', M('dirExistsField', { id }))])
      await writeForkFolder(dir, fork, sourceFiles, toPosix(path.relative(dir, path.join(this.d.definitionsDir, sourceId))))
    }
    const r = await this.d.schemes.publish(fork.files, { by: by.username, note: `由方案 ${sourceId} ${source.version}（#${source.seq}）派生：${town}` })
    if (!r.ok) {
      if (dir) await rm(dir, { recursive: true, force: true })
      throw new ServiceError('SCHEME_INVALID', M('forkProblems', { count: r.problems.length }), r.problems)
    }
    // The user's grants in the source, now in the fork too (grants for every scheme already apply).
    const policy = this.d.policy()
    const grants = by.grants.filter((g) => g.scheme !== ALL_SCHEMES && policy.appliesIn(g, sourceId)).map((g) => ({ ...g, scheme: id }))
    if (grants.length) await this.d.accounts.addGrants(by.username, grants, by.username)
    await this.d.store.appendAudit([
      {
        at: r.version.publishedAt,
        actor: by.username,
        caseId: null,
        action: 'scheme.fork',
        schemeId: [sourceId, id].sort(),
        changes: { from: { id: sourceId, version: source.version, hash: source.hash }, to: { id, hash: r.version.hash }, grants },
      },
    ])
    const m = fork.manifest
    return {
      scheme: { id, name: m.name, town: m.town, version: r.version.version, hash: r.version.hash, seq: r.version.seq, caseNumberPrefix: m.caseNumberPrefix },
      forkedFrom: fork.source,
      dir,
      grants,
    }
  }

  /** What the upstream changed since the fork point, and what merging it into the draft would do. */
  async upstream(id: string): Promise<UpstreamStatus> {
    const ctx = await this.context(id)
    const out: UpstreamStatus = {
      scheme: id,
      forked: false,
      upstream: null,
      forkPoint: null,
      hasChanges: false,
      mergedInDraft: false,
      baseAvailable: false,
      changes: [],
      plan: null,
    }
    if (!ctx.forkPoint) return out
    out.forked = true
    out.forkPoint = ctx.forkPoint
    if (!ctx.upstream) return out
    const up = ctx.upstream
    out.upstream = { id: up.schemeId, version: up.version, hash: up.hash, seq: up.seq, publishedAt: up.publishedAt }
    out.hasChanges = up.hash !== ctx.forkPoint.hash
    out.mergedInDraft = out.hasChanges && ctx.draftForkedFrom === up.hash
    out.baseAvailable = ctx.base !== null
    if (!out.hasChanges || !ctx.base) return out
    const [a, b] = await Promise.all([loadScheme(ctx.base), loadScheme(ctx.theirs)])
    if (a.definitions && b.definitions) out.changes = diffSchemes(a.definitions as SchemeDefinitions, b.definitions as SchemeDefinitions)
    const m = await this.merge(ctx)
    const check = await loadScheme(m.files)
    out.plan = { taken: m.taken.map(line), kept: m.kept.map(line), conflicts: m.conflicts.map(line), problems: check.problems }
    return out
  }

  /**
   * Merge the upstream's newest version into the fork's draft: what only upstream changed is
   * taken, the fork's own changes are kept, conflicts keep the fork's value and are listed. The
   * merged draft must validate (else nothing is written). Not published.
   */
  async mergeIntoDraft(
    id: string,
    actor: string,
  ): Promise<{
    draft: Draft
    problems: Problem[]
    taken: PlanLine[]
    kept: PlanLine[]
    conflicts: PlanLine[]
    upstream: { id: string; version: string; hash: string }
  }> {
    const ctx = await this.context(id)
    if (!ctx.forkPoint) throw new ServiceError('INVALID_INPUT', M('notAFork', { id }), [fieldProblem('NOT_A_FORK', '', M('notAForkField', { id }))])
    if (!ctx.upstream) throw new ServiceError('NOT_FOUND', M('noUpstream', { id: ctx.forkPoint.id }))
    if (ctx.upstream.hash === ctx.forkPoint.hash) throw new ServiceError('CONFLICT', M('upstreamUnchanged'))
    if (!ctx.base)
      throw new ServiceError('CONFLICT', M('noBase', { id: ctx.forkPoint.id, version: ctx.forkPoint.version, hash: ctx.forkPoint.hash.slice(0, 12) }))
    const m = await this.merge(ctx)
    const check = await loadScheme(m.files)
    if (!check.scheme) throw new ServiceError('SCHEME_INVALID', M('mergeProblems', { count: check.problems.length }), check.problems)
    const r = await this.d.drafts.replace(id, m.files, actor)
    return { draft: r.draft, problems: r.problems, taken: m.taken.map(line), kept: m.kept.map(line), conflicts: m.conflicts.map(line), upstream: m.upstream }
  }

  private async merge(ctx: Context) {
    try {
      return await mergeUpstream(ctx.base!, ctx.ours, ctx.theirs, ctx.forkPoint!.id)
    } catch (e) {
      if (e instanceof ForkError) throw new ServiceError(e.problems.length ? 'SCHEME_INVALID' : 'INVALID_INPUT', e.message, e.problems)
      throw e
    }
  }

  private async context(id: string): Promise<Context> {
    const latest = await this.latest(id)
    const scheme = await this.d.schemes.get(id, latest.hash)
    const fk = scheme.manifest.forkedFrom
    const draft = await this.d.drafts.get(id)
    const ctx: Context = { forkPoint: null, upstream: null, base: null, ours: draft.files, theirs: [], draftForkedFrom: null }
    if (!fk) return ctx
    ctx.forkPoint = { id: fk.id, version: fk.version, hash: fk.hash }
    const dm = draft.files
      .map((f) => {
        try {
          return JSON.parse(f.text) as { kind?: string; forkedFrom?: { hash?: string } }
        } catch {
          return null
        }
      })
      .find((v) => v?.kind === 'scheme')
    ctx.draftForkedFrom = dm?.forkedFrom?.hash ?? null
    if (!(await this.d.schemes.schemeIds()).includes(fk.id)) return ctx
    ctx.upstream = await this.d.schemes.latest(fk.id)
    ctx.theirs = await this.d.schemes.files(fk.id, ctx.upstream.hash)
    ctx.base = await this.d.schemes.upstreamFiles(fk.id, fk.hash)
    return ctx
  }
}

interface Context {
  forkPoint: { id: string; version: string; hash: string } | null
  upstream: PublishedVersion | null
  base: TextFile[] | null
  /** The fork's draft (its latest version when there is no draft) */
  ours: TextFile[]
  theirs: TextFile[]
  draftForkedFrom: string | null
}
