/**
 * The designer's API: drafts, validation, publishing, history, diffs, rollback and impact preview;
 * forks (a new town's scheme from this one) and a fork's upstream changes. Every route is about
 * the scheme in its path: reading and checking a draft needs scheme.edit there, changing or
 * publishing it scheme.publish.
 */
import { Type } from '@sinclair/typebox'
import { access, route } from '../contract/route'
import { Obj, Opt, Str, DateStr, Nullable, named } from '../contract/schemas'
import type { RouteDeps } from './deps'
import { recountCases } from '../../cases/migrate'

const open = { additionalProperties: true } as const
const S = Type.String

// ---- response models

const DraftFile = named(
  'DraftFile',
  Type.Object({ file: S({ description: '方案目录中的文件名，如 rules.json' }), text: S({ description: '文件内容（JSON 文本）' }) }, open),
)

const Draft = named(
  'Draft',
  Type.Object(
    {
      schemeId: S(),
      baseHash: S({ description: '草稿所基于的版本' }),
      baseVersion: S(),
      files: Type.Array(DraftFile),
      updatedAt: Nullable(S()),
      updatedBy: Nullable(S()),
      pristine: Type.Boolean({ description: 'true：与基础版本没有差别' }),
    },
    open,
  ),
)

/** A problem of a scheme's definitions: the file and the JSON pointer in it. */
const SchemeProblem = named(
  'SchemeProblem',
  Type.Object(
    {
      code: S(),
      file: Opt(S()),
      pointer: S(),
      message: S(),
      params: Opt(Type.Record(S(), Type.Unknown())),
    },
    open,
  ),
)
const Problems = Type.Array(SchemeProblem)

const SavedDraft = Type.Object({ draft: Draft, problems: Problems }, open)

const PublishedVersion = named(
  'PublishedVersion',
  Type.Object(
    {
      seq: Type.Integer(),
      schemeId: S(),
      version: S(),
      hash: S(),
      publishedAt: S(),
      publishedBy: S(),
      note: S(),
    },
    open,
  ),
)

const Published = Type.Object({ version: PublishedVersion, bumped: Nullable(S({ description: '自动提升后的版本号' })) }, open)

const Impact = named(
  'DraftImpact',
  Type.Object(
    {
      today: S(),
      period: Type.Object({ from: S(), to: S() }, open),
      counts: Type.Object(
        { cases: Type.Integer(), outcome: Type.Integer(), group: Type.Integer(), dueDate: Type.Integer(), overdue: Type.Integer(), errors: Type.Integer() },
        open,
      ),
      cases: Type.Array(
        Type.Object(
          {
            caseId: S(),
            number: S(),
            village: Nullable(S()),
            changes: Type.Array(Type.Object({ field: S(), from: Type.Unknown(), to: Type.Unknown() }, open)),
          },
          open,
        ),
      ),
      truncated: Type.Boolean(),
      villages: Type.Array(
        Type.Object(
          {
            village: S(),
            before: Nullable(Type.Object({ total: Type.Number(), grade: S() }, open)),
            after: Nullable(Type.Object({ total: Type.Number(), grade: S() }, open)),
            changed: Type.Boolean(),
          },
          open,
        ),
      ),
    },
    open,
  ),
)

const DiffStatus = Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')])
const Diff = Type.Object(
  { from: S(), to: S(), files: Type.Array(Type.Object({ file: S(), status: DiffStatus, patch: S({ description: '统一差异格式的片段' }) }, open)) },
  open,
)

const VersionRef = Type.Object({ id: S(), version: S(), hash: S() }, open)

const ForkOutcome = named(
  'ForkOutcome',
  Type.Object(
    {
      scheme: Type.Object({ id: S(), name: S(), town: S(), version: S(), hash: S(), seq: Type.Integer(), caseNumberPrefix: S() }, open),
      forkedFrom: VersionRef,
      dir: Nullable(S({ description: '写入的方案目录（服务器没有方案目录时为 null）' })),
      grants: Type.Array(Type.Object({ role: S() }, open), { description: '分支中给予派生者的授权' }),
    },
    open,
  ),
)

const PlanLine = named('MergePlanLine', Type.Object({ file: S(), pointer: S(), where: S(), text: S(), note: Opt(S()) }, open))

const UpstreamStatus = named(
  'UpstreamStatus',
  Type.Object(
    {
      scheme: S(),
      forked: Type.Boolean(),
      upstream: Nullable(Type.Object({ id: S(), version: S(), hash: S(), seq: Type.Integer(), publishedAt: S() }, open)),
      forkPoint: Nullable(VersionRef),
      hasChanges: Type.Boolean(),
      mergedInDraft: Type.Boolean(),
      baseAvailable: Type.Boolean(),
      changes: Type.Array(
        Type.Object(
          { kind: S(), op: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed'), Type.Literal('moved')]), path: S(), text: S() },
          open,
        ),
      ),
      plan: Nullable(Type.Object({ taken: Type.Array(PlanLine), kept: Type.Array(PlanLine), conflicts: Type.Array(PlanLine), problems: Problems }, open)),
    },
    open,
  ),
)

const MergeOutcome = Type.Object(
  {
    draft: Draft,
    problems: Problems,
    taken: Type.Array(PlanLine),
    kept: Type.Array(PlanLine),
    conflicts: Type.Array(PlanLine),
    upstream: VersionRef,
  },
  open,
)

/** A running case a recount onto the latest version moves (or moved): its due dates old → new. */
const RecountItem = named(
  'RecountItem',
  Type.Object(
    {
      caseId: S(),
      number: S(),
      village: Nullable(S()),
      from: Type.Object({ version: S(), hash: S() }, { ...open, description: '案件现在所在的版本' }),
      status: Type.Union([Type.Literal('recount'), Type.Literal('recounted'), Type.Literal('unchanged'), Type.Literal('refused')], {
        description: 'recount：将被重算；recounted：已重算；unchanged：已在最新版本且日期不变；refused：不能重算（见 reason）',
      }),
      reason: Opt(S()),
      dueDate: Type.Object({ from: Nullable(S()), to: Nullable(S()) }, { ...open, description: '案件的应办结日期（最早的计时中时限）：原 → 新' }),
      clocks: Type.Array(
        Type.Object(
          {
            clock: S(),
            name: S(),
            from: S({ description: '原截止日期' }),
            to: S({ description: '新截止日期' }),
            days: Opt(Type.Object({ from: Type.Integer(), to: Type.Integer() }, open)),
          },
          open,
        ),
      ),
    },
    open,
  ),
)
const Recount = named(
  'RecountOutcome',
  Type.Object(
    {
      version: Type.Object({ version: S(), hash: S(), seq: Type.Integer() }, { ...open, description: '重算所依据的版本（方案的最新版本）' }),
      items: Type.Array(RecountItem),
    },
    open,
  ),
)

// ---- requests

const FileText = Obj({ text: Str('文件内容（JSON 文本）') })
const DraftFiles = Obj({
  files: Type.Array(Obj({ file: Str('文件名'), text: Str('文件内容') }), { minItems: 1, maxItems: 200, description: '方案目录的全部文件' }),
})
const PublishBody = Obj({ note: Str('变更说明', { maxLength: 2000 }) })
const ImpactBody = Obj({ from: Opt(DateStr('只看此日起受理的案件')), to: Opt(DateStr('只看此日前受理的案件')) })
const RollbackBody = Obj({ to: Str('要回滚到的版本（序号、版本号或哈希）', { minLength: 1, maxLength: 200 }), note: Opt(Str('变更说明', { maxLength: 2000 })) })
const RecountBody = Obj({
  cases: Type.Array(Str('案件标识或案件编号', { minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 500, description: '要重算的案件' }),
  version: Opt(Str('所依据的版本哈希（列表返回的 version.hash）；其后又发布了新版本时拒绝（409）', { minLength: 1, maxLength: 200 })),
})
const ForkBody = Obj({
  id: Str('新方案标识（小写字母开头，小写字母、数字和连字符）', { maxLength: 100 }),
  town: Str('新方案的镇名', { maxLength: 100 }),
  prefix: Opt(Str('案件编号前缀（2–8 个大写字母；缺省由标识推出）', { maxLength: 20 })),
})

const base = '/api/designer/schemes/:id'

export function designerRoutes(d: RouteDeps) {
  const drafts = d.drafts
  if (!drafts) return []
  const forks = d.forks

  const draftRoutes = [
    route({
      id: 'getDraft',
      method: 'get',
      path: `${base}/draft`,
      tag: 'designer',
      summary: '草稿（未保存过时为最新版本的文件）及其校验问题',
      access: access.scheme('scheme.edit'),
      responses: { 200: Type.Intersect([Draft, Type.Object({ problems: Problems })]) },
      handler: async ({ params }) => {
        const draft = await drafts.get(params.id)
        const { problems } = await drafts.validate(params.id)
        return { ...draft, problems }
      },
    }),
    route({
      id: 'putDraftFile',
      method: 'put',
      path: `${base}/draft/files/:file`,
      tag: 'designer',
      summary: '保存草稿中的一个文件（返回快速校验的问题）',
      access: access.scheme('scheme.publish'),
      body: FileText,
      responses: { 200: SavedDraft },
      errors: [409],
      handler: ({ params, body, actor }) => drafts.putFile(params.id, params.file, body.text, actor.id),
    }),
    route({
      id: 'deleteDraftFile',
      method: 'delete',
      path: `${base}/draft/files/:file`,
      tag: 'designer',
      summary: '删除草稿中的一个文件',
      access: access.scheme('scheme.publish'),
      responses: { 200: SavedDraft },
      errors: [409],
      handler: ({ params, actor }) => drafts.deleteFile(params.id, params.file, actor.id),
    }),
    route({
      id: 'replaceDraft',
      method: 'put',
      path: `${base}/draft`,
      tag: 'designer',
      summary: '以一组文件替换整个草稿（导入方案目录）',
      access: access.scheme('scheme.publish'),
      body: DraftFiles,
      responses: { 200: SavedDraft },
      errors: [409],
      handler: ({ params, body, actor }) => drafts.replace(params.id, body.files, actor.id),
    }),
    route({
      id: 'discardDraft',
      method: 'delete',
      path: `${base}/draft`,
      tag: 'designer',
      summary: '放弃草稿（回到最新版本；记入审计）',
      access: access.scheme('scheme.publish'),
      responses: { 200: Draft },
      handler: ({ params, actor }) => drafts.discard(params.id, actor.id),
    }),
    route({
      id: 'validateDraft',
      method: 'post',
      path: `${base}/draft/validate`,
      tag: 'designer',
      summary: '完整校验草稿',
      access: access.scheme('scheme.edit'),
      responses: { 200: Type.Object({ ok: Type.Boolean(), problems: Problems }, open) },
      handler: async ({ params }) => {
        const { problems } = await drafts.validate(params.id)
        return { ok: problems.length === 0, problems }
      },
    }),
    route({
      id: 'publishDraft',
      method: 'post',
      path: `${base}/draft/publish`,
      tag: 'designer',
      summary: '发布草稿为新的不可变版本（须无问题、有变更说明；记入审计）',
      access: access.scheme('scheme.publish'),
      body: PublishBody,
      responses: { 201: Published },
      errors: [409],
      handler: ({ params, body, actor }) => drafts.publish(params.id, body.note, actor.id),
    }),
    route({
      id: 'draftImpact',
      method: 'post',
      path: `${base}/draft/impact`,
      tag: 'designer',
      summary: '影响预览：按草稿重放已有案件（甄别结果、专班组、时限、超期）与各嘎查村得分，不写入',
      access: access.scheme('scheme.edit'),
      body: ImpactBody,
      responses: { 200: Impact },
      handler: ({ params, body }) => {
        const o: { from?: string; to?: string } = {}
        if (body.from) o.from = body.from
        if (body.to) o.to = body.to
        return drafts.impact(params.id, o)
      },
    }),
    route({
      id: 'getVersionFiles',
      method: 'get',
      path: `${base}/versions/:ref/files`,
      tag: 'designer',
      summary: '一个已发布版本的文件',
      access: access.scheme('scheme.edit'),
      responses: { 200: Type.Object({ version: PublishedVersion, files: Type.Array(DraftFile) }, open) },
      handler: ({ params }) => drafts.versionFiles(params.id, params.ref),
    }),
    route({
      id: 'diffVersions',
      method: 'get',
      path: `${base}/diff`,
      tag: 'designer',
      summary: '两个版本（或版本与草稿）之间逐文件的差异',
      access: access.scheme('scheme.edit'),
      query: Obj({ from: Opt(Str('起点：版本（序号、版本号、哈希）、latest 或 draft；缺省 latest')), to: Opt(Str('终点；缺省 draft')) }),
      responses: { 200: Diff },
      handler: async ({ params, query }) => {
        const from = query.from ?? 'latest'
        const to = query.to ?? 'draft'
        return { from, to, files: await drafts.diff(params.id, from, to) }
      },
    }),
    route({
      id: 'rollbackScheme',
      method: 'post',
      path: `${base}/rollback`,
      tag: 'designer',
      summary: '回滚：把旧版本的文件发布为新版本（记入审计）',
      access: access.scheme('scheme.publish'),
      body: RollbackBody,
      responses: { 201: Published },
      errors: [409],
      handler: ({ params, body, actor }) => drafts.rollback(params.id, body.to, body.note ?? '', actor.id),
    }),
    route({
      id: 'recountPreview',
      method: 'get',
      path: `${base}/recount`,
      tag: 'designer',
      summary: '发布后：按最新版本重算时限会改变应办结日期的在办案件（原 → 新），不写入',
      access: access.scheme('scheme.edit'),
      responses: { 200: Recount },
      handler: ({ params, actor }) => recountCases(d, { schemeId: params.id, actor: actor.id }),
    }),
    route({
      id: 'recountCases',
      method: 'post',
      path: `${base}/recount`,
      tag: 'designer',
      summary: '把选定的在办案件迁到最新版本并按其时限和日历重算截止日期（逐案记入审计；重复请求不再改动）',
      access: access.scheme('scheme.publish'),
      body: RecountBody,
      responses: { 200: Recount },
      errors: [409],
      handler: async ({ params, body, actor }) => {
        const r = await recountCases(d, {
          schemeId: params.id,
          caseIds: body.cases,
          actor: actor.id,
          ...(body.version !== undefined ? { expectHash: body.version } : {}),
        })
        const done = r.items.filter((x) => x.status === 'recounted')
        if (done.length) {
          await d.store.appendAudit([
            {
              at: d.clock.now().toISOString(),
              actor: actor.id,
              caseId: null,
              action: 'scheme.recount',
              schemeId: params.id,
              changes: { version: r.version, cases: done.map((x) => ({ number: x.number, from: x.from, dueDate: x.dueDate })) },
            },
          ])
        }
        return r
      },
    }),
  ]
  if (!forks) return draftRoutes

  return [
    ...draftRoutes,
    route({
      id: 'forkScheme',
      method: 'post',
      path: `${base}/fork`,
      tag: 'designer',
      summary: '由此方案派生新镇的方案（立即可用；派生者在新方案中获得原有授权）',
      access: access.scheme('scheme.publish'),
      body: ForkBody,
      responses: { 201: ForkOutcome },
      errors: [409],
      handler: ({ params, body, user }) =>
        forks.fork(params.id, { id: body.id, town: body.town, ...(body.prefix !== undefined ? { prefix: body.prefix } : {}) }, user),
    }),
    route({
      id: 'getUpstream',
      method: 'get',
      path: `${base}/upstream`,
      tag: 'designer',
      summary: '分支的上游自分支点以来的改动，及合并计划',
      access: access.scheme('scheme.edit'),
      responses: { 200: UpstreamStatus },
      handler: ({ params }) => forks.upstream(params.id),
    }),
    route({
      id: 'mergeUpstream',
      method: 'post',
      path: `${base}/upstream/merge`,
      tag: 'designer',
      summary: '把上游的最新版本合并进分支的草稿（不发布）',
      access: access.scheme('scheme.publish'),
      responses: { 200: MergeOutcome },
      errors: [409],
      handler: ({ params, actor }) => forks.mergeIntoDraft(params.id, actor.id),
    }),
  ]
}
