/**
 * Channels: the public pages' API (no sign-in: online intake, challenge, status lookup, rate
 * limited per real client address), imports from the hotline and platforms, repeat detection and
 * linking, staff notifications, the repeat-petition report. Mounted when the app has the channel
 * services (`AppDeps.channels`).
 */
import { Type } from '@sinclair/typebox'
import type { CaseSummary as CaseSummaryT } from '../../store'
import type { Principal } from '../../auth/policy'
import { errorReportCsv } from '../../channels/import'
import { repeatKind } from '../../channels/similar'
import { ServiceError } from '../../errors'
import { HttpError } from '../errors'
import { access, route } from '../contract/route'
import { Obj, Open, Opt, Str, Id, Flag, Nullable, named } from '../contract/schemas'
import type { RouteDeps } from './deps'
import type { ImportLine } from '../contract/types'

const open = { additionalProperties: true } as const
const S = Type.String
const Int = Type.Integer

// ---- response models

const PublicInfo = named(
  'PublicInfo',
  Type.Object(
    {
      town: S(),
      scheme: S(),
      schemeEn: Opt(S()),
      channel: S({ description: '网上信访渠道' }),
      notice: S({ description: '须知（只有中文）' }),
      timeLimits: Type.Array(
        Type.Object(
          {
            id: S(),
            name: S(),
            nameEn: Opt(S()),
            days: Type.Number(),
            unit: Type.Union([Type.Literal('workday'), Type.Literal('calendar')]),
            source: Nullable(S()),
          },
          open,
        ),
      ),
      form: Type.Object({ id: S(), name: S(), nameEn: Opt(S()), schema: Type.Record(S(), Type.Unknown()), uiSchema: Type.Record(S(), Type.Unknown()) }, open),
    },
    { ...open, description: '网上信访须知、时限和表单；英文名称（…En、nameEn）仅在定义中有时给出' },
  ),
)

const Challenge = named(
  'Challenge',
  Type.Object(
    {
      token: S({ description: '签名的挑战' }),
      difficulty: Int({ description: '前导零位数' }),
      expiresAt: S(),
    },
    open,
  ),
)

const Receipt = named(
  'PetitionReceipt',
  Type.Object(
    {
      trackingCode: S({ description: '查询码' }),
      number: S({ description: '案件编号' }),
      receivedOn: S(),
      message: S(),
    },
    open,
  ),
)

const PetitionStatus = named(
  'PetitionStatus',
  Type.Object(
    {
      number: S(),
      receivedOn: Nullable(S()),
      stage: S(),
      stageEn: Opt(S()),
      outcome: Nullable(Type.Object({ name: S(), nameEn: Opt(S()), reasons: Type.Array(S()), reasonsEn: Type.Array(S()) }, open)),
      handledBy: Nullable(S()),
      handledByEn: Opt(S()),
      units: Type.Array(S()),
      unitsEn: Type.Array(S()),
      dueDate: Nullable(S()),
      workdaysLeft: Nullable(Int()),
      concluded: Nullable(Type.Object({ on: S(), result: S() }, open)),
      followUp: Nullable(Type.Object({ on: S() }, open)),
      done: Type.Boolean(),
    },
    { ...open, description: '办理进度（不含代办员、备注和信访人信息）；英文名称取自定义，没有时省略或沿用中文' },
  ),
)

const ImportResult = named(
  'ImportResult',
  Type.Object(
    {
      channel: S(),
      rows: Int(),
      created: Type.Array(Type.Object({ row: Int(), sourceId: S(), number: S() }, open)),
      duplicates: Type.Array(Type.Object({ row: Int(), sourceId: S(), number: S() }, open)),
      errors: Type.Array(Type.Object({ row: Int(), column: S(), field: S(), message: S() }, open)),
    },
    { ...open, description: '导入结果（report=csv 时为错误报告 CSV 文件）' },
  ),
)

const SimilarCases = named(
  'SimilarCases',
  Type.Object(
    {
      items: Type.Array(
        Type.Object(
          {
            caseId: S(),
            number: S(),
            receivedOn: Nullable(S()),
            channel: Nullable(S()),
            village: Nullable(S()),
            category: Nullable(S()),
            stage: S(),
            reasons: Type.Array(S()),
            linked: Type.Boolean(),
          },
          open,
        ),
      ),
      elsewhere: Type.Array(Type.Object({ village: Nullable(S()), units: Type.Array(S()), count: Int() }, open), {
        description: '用户无权查看的相似案件：只有件数和所在嘎查村、单位',
      }),
    },
    open,
  ),
)

const RepeatKind = Type.Union([Type.Literal('repeat'), Type.Literal('multi')])
const LinkedCases = named(
  'LinkedCases',
  Type.Object(
    {
      kind: Nullable(RepeatKind),
      items: Type.Array(
        Type.Object(
          {
            caseId: S(),
            number: S(),
            receivedOn: Nullable(S()),
            channel: Nullable(S()),
            village: Nullable(S()),
            category: Nullable(S()),
            stage: S(),
            kind: Nullable(RepeatKind),
          },
          open,
        ),
      ),
    },
    open,
  ),
)

const LinkGroup = Type.Object({ linked: Type.Array(S(), { description: '关联组的成员（案件 id）' }) }, open)

const Notification = named(
  'Notification',
  Type.Object(
    {
      id: S(),
      at: S(),
      kind: Type.Union([
        Type.Literal('assigned'),
        Type.Literal('due_soon'),
        Type.Literal('overdue'),
        Type.Literal('urge'),
        Type.Literal('reply'),
        Type.Literal('review'),
        Type.Literal('info'),
      ]),
      caseId: S(),
      number: S(),
      message: S(),
      messageEn: Opt(S()),
      read: Type.Boolean(),
    },
    open,
  ),
)

const Repeats = named(
  'RepeatReport',
  Type.Object(
    {
      year: S(),
      items: Type.Array(Type.Object({ village: S(), month: S(), repeat: Int(), multi: Int() }, open)),
      cases: Type.Array(
        Type.Object(
          { caseId: S(), number: S(), village: S(), month: S(), kind: RepeatKind, receivedOn: S(), channel: Nullable(S()), linked: Type.Array(S()) },
          open,
        ),
      ),
    },
    open,
  ),
)

// ---- requests

const PublicSubmission = (form: string) =>
  Obj(
    {
      form: Open(form),
      challenge: Opt(Str('GET /api/public/challenge 取得的 token', { maxLength: 1000 })),
      solution: Opt(Str('计算验证的解', { maxLength: 200 })),
      submissionId: Str('提交编号：每次填写生成一次，重试时不变（8–64 位字母、数字、_ 和 -）', { pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    },
    { required: ['form', 'submissionId'] },
  )

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function channelRoutes(d: RouteDeps) {
  const ch = d.channels
  if (!ch) return []
  /** The case behind an id or a number */
  const load = (id: string) => (/^[A-Z]{2,8}-/.test(id) ? d.store.getCaseByNumber(id) : d.store.getCase(id))
  /**
   * The other case of a link: linking and unlinking need case.link on both cases. One the user may
   * not link (or not read) is answered as one that does not exist.
   */
  const linkable = async (user: Principal, id: string, locale: 'zh-CN' | 'en'): Promise<string> => {
    const rec = await load(id)
    if (!rec || !d.policy().canOnCase(user, 'case.link', rec.summary))
      throw new ServiceError('NOT_FOUND', locale === 'en' ? `no case "${id}"` : `未找到案件 "${id}"`)
    return rec.summary.id
  }
  // A case names its officer as the intake form has it (a display name or a user name), so the
  // signed-in user reads the notifications kept under either.
  const inboxes = (user: Principal) => [...new Set([user.username, user.displayName].filter((x): x is string => !!x))]

  return [
    // ---- public (no session)
    route({
      id: 'getPublicInfo',
      method: 'get',
      path: '/api/public/:id/info',
      tag: 'public',
      summary: '公开：网上信访须知、时限和表单（无需登录）',
      access: access.public('publicLookup'),
      responses: { 200: PublicInfo },
      handler: ({ params }) => ch.publicService.publicInfo(params.id),
    }),
    route({
      id: 'getPublicConfig',
      method: 'get',
      path: '/api/public/config',
      tag: 'public',
      summary: '公开：网上信访页面的配置——本服务器默认的方案（页面地址未指定 ?scheme= 时使用；无需登录）',
      access: access.public('publicLookup'),
      responses: { 200: Obj({ defaultScheme: Str('默认方案的标识，如 galutu') }) },
      handler: () => ({ defaultScheme: d.defaultScheme }),
    }),
    route({
      id: 'getPublicChallenge',
      method: 'get',
      path: '/api/public/challenge',
      tag: 'public',
      summary: '公开：提交前的计算验证（工作量证明，不依赖外部服务）',
      access: access.public('publicLookup'),
      responses: { 200: Challenge },
      handler: () => ch.challenges.issue(),
    }),
    route({
      id: 'submitPetition',
      method: 'post',
      path: '/api/public/:id/petitions',
      tag: 'public',
      summary: '公开：网上提交信访事项，返回查询码（须先完成计算验证；验证只在受理成功时用掉）',
      access: access.public('publicSubmit'),
      body: PublicSubmission('信访事项表单（系统填写的 channel、receivedOn、sourceId 除外）'),
      responses: { 201: Receipt },
      handler: ({ params, body }) =>
        ch.challenges.redeem(body.challenge, body.solution, () => ch.publicService.submit(params.id, body.form, body.submissionId)),
    }),
    route({
      id: 'lookupPetitionStatus',
      method: 'post',
      path: '/api/public/status',
      tag: 'public',
      summary: '公开：凭查询码和手机号后四位查询进度（不匹配时不区分原因，一律 404）',
      access: access.public('publicLookup'),
      body: Obj({ code: Str('查询码', { maxLength: 64 }), phoneLast4: Str('手机号后四位', { maxLength: 16 }) }),
      responses: { 200: PetitionStatus },
      handler: ({ body }) => ch.publicService.status(body.code, body.phoneLast4),
    }),

    // ---- imports
    route({
      id: 'importCases',
      method: 'post',
      path: '/api/schemes/:id/import/:channel',
      tag: 'channels',
      summary: '导入 12345 热线或微平台的 CSV / .xlsx 文件（按来源编号去重；dryRun=1 只校验；report=csv 下载错误报告；progress=1 边导入边返回进度）',
      access: access.scheme('case.import'),
      query: Obj({
        filename: Opt(Str('文件名（据扩展名识别 .xlsx）', { maxLength: 255 })),
        dryRun: Flag('只校验，不创建案件'),
        report: Opt(Type.Literal('csv', { description: 'csv：以 CSV 文件返回错误报告' })),
        progress: Flag(
          '1：响应为 application/x-ndjson，每行一个 JSON：{"type":"progress","rows","done","created","duplicates","rejected"}（已处理的行数和各结果的计数，约每 100 毫秒一行），最后一行 {"type":"result","result":ImportResult}；开始后出错时最后一行为 {"type":"error","code","message"}。文件本身有误（缺列、格式错误）时仍是普通的错误响应',
        ),
      }),
      body: { upload: ['text/csv', XLSX, 'application/octet-stream', 'application/vnd.ms-excel', 'text/plain'], maxBytes: 20 * 1024 * 1024 },
      responses: { 200: ImportResult },
      handler: async ({ params, query, body, req, res, actor, locale }) => {
        if (body.length === 0)
          throw new HttpError('BAD_REQUEST', locale === 'en' ? 'upload a CSV or .xlsx file as the request body' : '请上传 CSV 或 .xlsx 文件作为请求体')
        const name = query.filename ?? (req.is('text/csv') ? 'import.csv' : 'import.xlsx')
        const dryRun = query.dryRun === '1' || query.dryRun === 'true'
        if (query.report === 'csv') {
          const result = await ch.imports.run(params.id, params.channel, body, name, actor.id, { dryRun })
          res.setHeader('content-type', 'text/csv; charset=utf-8')
          res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('导入错误报告.csv')}`)
          res.send(errorReportCsv(result.errors, await ch.imports.fieldTitles(params.id, params.channel)))
          return
        }
        if (query.progress !== '1' && query.progress !== 'true') return ch.imports.run(params.id, params.channel, body, name, actor.id, { dryRun })
        // Streamed progress: one request, no job state kept on the server (any instance answers);
        // the stream starts with the first settled row, so a refused file is an ordinary error.
        let last = 0
        // typed by the contract (ImportLine): the service's counts must keep the contract's shape
        const line = (o: ImportLine) => res.write(JSON.stringify(o) + '\n')
        const start = () => {
          if (res.headersSent) return
          res.status(200)
          res.setHeader('content-type', 'application/x-ndjson; charset=utf-8')
          // no-transform: a compressing proxy or middleware must not hold the lines back
          res.setHeader('cache-control', 'no-store, no-transform')
          res.setHeader('x-accel-buffering', 'no')
          res.flushHeaders()
        }
        try {
          const result = await ch.imports.run(params.id, params.channel, body, name, actor.id, {
            dryRun,
            onProgress: (p) => {
              const now = Date.now()
              if (res.headersSent && now - last < 100 && p.done < p.rows) return
              last = now
              start()
              line({ type: 'progress', ...p })
            },
          })
          start()
          line({ type: 'result', result })
          res.end()
        } catch (e) {
          if (!res.headersSent) throw e
          const err =
            e instanceof ServiceError
              ? { code: e.code, message: e.message }
              : {
                  code: 'INTERNAL',
                  message:
                    locale === 'en'
                      ? 'internal error: the import stopped; rows created so far are kept, import the file again to continue'
                      : '内部错误：导入中断；已创建的案件保留，重新导入该文件即可继续',
                }
          if (!(e instanceof ServiceError)) d.logger?.error({ err: e }, 'import failed while streaming')
          line({ type: 'error', ...err })
          res.end()
        }
      },
    }),

    // ---- repeat detection and links
    route({
      id: 'findSimilarCases',
      method: 'post',
      path: '/api/schemes/:id/similar',
      tag: 'channels',
      summary: '登记时查找同一信访人或同一事项的已有案件（只列出用户可查看的，其余只给件数和所在地）',
      access: access.scheme('case.register'),
      body: Obj({
        idNumber: Opt(Str('身份证号', { maxLength: 40 })),
        phone: Opt(Str('联系电话', { maxLength: 40 })),
        petitionerName: Opt(Str('信访人姓名', { maxLength: 100 })),
        village: Opt(Str('嘎查村（社区）', { maxLength: 100 })),
        category: Opt(Str('类别', { maxLength: 200 })),
        receivedOn: Opt(Str('受理日期（缺省为今天）', { maxLength: 20 })),
      }),
      responses: { 200: SimilarCases },
      handler: ({ params, body, user }) => ch.similar.find(params.id, body, { visible: d.policy().caseFilter(user, 'case.read') }),
    }),
    route({
      id: 'listCaseSimilar',
      method: 'get',
      path: '/api/cases/:caseId/similar',
      tag: 'channels',
      summary: '与该案件相似的已有案件（只列出用户可查看的）',
      access: access.onCase('case.read'),
      responses: { 200: SimilarCases },
      handler: ({ case: summary, user }) => ch.similar.forCase(summary!.id, { visible: d.policy().caseFilter(user, 'case.read') }),
    }),
    route({
      id: 'listCaseLinks',
      method: 'get',
      path: '/api/cases/:caseId/links',
      tag: 'channels',
      summary: '已关联的案件（各自的重复访 / 多头访）及本案件的类别',
      access: access.onCase('case.read'),
      responses: { 200: LinkedCases },
      handler: ({ case: summary }) => ch.similar.linkedOf(summary!.id),
    }),
    route({
      id: 'linkCases',
      method: 'post',
      path: '/api/cases/:caseId/links',
      tag: 'channels',
      summary: '关联为同一事项（重复访、多头访只计一次）；需两件案件的 case.link 权限',
      access: access.onCase('case.link'),
      body: Obj({ caseId: Id('要关联的案件 id 或编号') }),
      responses: { 200: LinkGroup },
      errors: [409],
      handler: async ({ case: summary, body, user, actor, locale }) => ({
        linked: await ch.similar.link(summary!.id, await linkable(user, body.caseId, locale), actor.id),
      }),
    }),
    route({
      id: 'unlinkCases',
      method: 'delete',
      path: '/api/cases/:caseId/links/:otherId',
      tag: 'channels',
      summary: '取消关联：otherId 退出该案件所在的关联组（需两件案件的 case.link 权限）',
      access: access.onCase('case.link'),
      responses: { 200: Type.Object({ linked: Type.Array(S(), { description: '该案件关联组的剩余成员' }) }, open) },
      errors: [409],
      handler: async ({ case: summary, params, user, actor, locale }) => ({
        linked: await ch.similar.unlink(summary!.id, await linkable(user, params.otherId, locale), actor.id),
      }),
    }),
    route({
      id: 'getRepeatReport',
      method: 'get',
      path: '/api/reports/:id/repeats',
      tag: 'channels',
      summary: '各嘎查村（社区）每月重复访、多头访数，及计入的案件',
      access: access.scheme('report.read'),
      query: Obj({ year: Opt(Str('年份 YYYY（缺省为今年）', { pattern: '^\\d{4}$' })) }),
      responses: { 200: Repeats },
      handler: async ({ params, query }) => {
        const year = query.year ?? d.clock.now().toISOString().slice(0, 4)
        const all = await d.store.allSummaries({ schemeId: params.id })
        const byId = new Map<string, CaseSummaryT>(all.map((s) => [s.id, s]))
        const rows = new Map<string, { village: string; month: string; repeat: number; multi: number }>()
        // the counted cases themselves, so a count can be opened (the case list has no "linked" filter)
        const cases: Array<{
          caseId: string
          number: string
          village: string
          month: string
          kind: 'repeat' | 'multi'
          receivedOn: string
          channel: string | null
          linked: string[]
        }> = []
        for (const s of all) {
          if (!s.linked?.length || !s.receivedOn?.startsWith(year)) continue
          const kind = repeatKind(s, byId)
          if (!kind) continue
          const key = `${s.village}|${s.receivedOn.slice(0, 7)}`
          const row = rows.get(key) ?? { village: s.village ?? '', month: s.receivedOn.slice(0, 7), repeat: 0, multi: 0 }
          row[kind]++
          rows.set(key, row)
          cases.push({
            caseId: s.id,
            number: s.number,
            village: s.village ?? '',
            month: s.receivedOn.slice(0, 7),
            kind,
            receivedOn: s.receivedOn,
            channel: s.channel,
            linked: s.linked.map((id) => byId.get(id)?.number ?? id),
          })
        }
        cases.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.number.localeCompare(b.number))
        return { year, items: [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.village.localeCompare(b.village, 'zh-CN')), cases }
      },
    }),

    // ---- notifications (the signed-in user's own)
    route({
      id: 'myNotifications',
      method: 'get',
      path: '/api/my/notifications',
      tag: 'channels',
      summary: '我的通知（指派、临期、超期、催办、答复、复查申请），最新的 100 条',
      access: access.session(),
      responses: { 200: Type.Object({ unread: Int(), items: Type.Array(Notification) }, open) },
      handler: async ({ user }) => {
        return ch.notifications.inbox(inboxes(user), 100)
      },
    }),
    route({
      id: 'markNotificationsRead',
      method: 'post',
      path: '/api/my/notifications/read',
      tag: 'channels',
      summary: '标记通知已读：ids 所列的，或 all: true 全部',
      access: access.session(),
      body: Obj({
        ids: Opt(Type.Array(Str(undefined, { maxLength: 100 }), { maxItems: 500, description: '通知 id' })),
        all: Opt(Type.Boolean({ description: 'true：全部标记已读' })),
      }),
      responses: { 200: Type.Object({ marked: Int() }, open) },
      handler: async ({ body, user, locale }) => {
        const ids = body.all === true ? 'all' : body.ids
        if (!ids)
          throw new ServiceError(
            'INVALID_INPUT',
            locale === 'en' ? 'give ids (a list of notification ids) or all: true' : '请提供 ids（通知 id 列表）或 all: true',
            [],
            { fields: [{ pointer: '/ids', field: 'ids', code: 'REQUIRED', message: locale === 'en' ? 'ids or all is required' : '缺少 ids 或 all' }] },
          )
        let marked = 0
        for (const inbox of inboxes(user)) marked += await ch.notifications.markRead(inbox, ids)
        return { marked }
      },
    }),
  ]
}
