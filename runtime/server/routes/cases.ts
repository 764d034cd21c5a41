/**
 * Health, the API document, schemes (read, decide, score), cases (register, list, read, events,
 * audit), the user's tasks, reminders and the scheduler: their declarations and thin handlers.
 */
import { Type } from '@sinclair/typebox'
import { decide, score, addCalendarDays, type CompiledScheme } from '../../../engine'
import type { CaseSummary as CaseSummaryT, Page } from '../../store'
import { today } from '../../clock'
import { ServiceError } from '../../errors'
import { applyReportFilters, listFilter } from '../../reports/case-filters'
import { HttpError } from '../errors'
import { serverMsg } from '../messages'
import { allVisible, listVisible, visibleFilters } from '../access'
import { fieldsFrom, maskSummaries, petitionerFields } from '../../cases/masking'
import { access, route } from '../contract/route'
import { Obj, Open, Opt, Str, Id, DateStr, Flag, PageOf, ListOf, OkBody } from '../contract/schemas'
import { AuditEntry, Case, CaseSummary, Decision, FormDef, Reminder, SchemeRef } from '../contract/models'
import type { RouteDeps } from './deps'
import { presenter } from './present'
import { actionVerdict } from '../../cases/actions'
import { checkOfficer, eventForm, namesOfficer } from '../../cases/officer-check'
import type { CaseNow, SendInput } from '../../cases/service'
import { reminderCurrent } from '../../scheduler/reminders'
import { dutyReminderFor, dutySchemeOf } from '../../scheduler/scope'
import { dueSoonDaysOf, dueState } from '../../../engine/calendar/due'

const LIST_SORTS = ['receivedOn', 'number', 'dueDate', 'updatedAt', 'createdAt', 'village', 'group', 'stage'] as const
const VersionQuery = Obj({ version: Opt(Str('版本（哈希、序号或 latest）')) })

export const CaseListQuery = Obj({
  schemeId: Opt(Str('只看此方案')),
  state: Opt(Str('状态')),
  stage: Opt(Str('环节')),
  status: Opt(Type.Union([Type.Literal('active'), Type.Literal('done'), Type.Literal('error')], { description: '办理状态' })),
  village: Opt(Str('嘎查村（社区）')),
  group: Opt(Str('专班组')),
  channel: Opt(Str('渠道')),
  officer: Opt(Str('代办员')),
  unit: Opt(Str('派往单位')),
  dueSoon: Opt(Type.String({ pattern: '^(\\d{1,3}|true|false)$', description: '几日内到期' })),
  overdue: Flag('已超期'),
  receivedFrom: Opt(DateStr('受理日期起')),
  receivedTo: Opt(DateStr('受理日期止')),
  q: Opt(Str('编号、姓名、类别', { maxLength: 100 })),
  offset: Opt(Type.Integer({ minimum: 0, description: '偏移' })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, description: '每页 1–200' })),
  sort: Opt(
    Type.Union(
      LIST_SORTS.map((s) => Type.Literal(s)),
      { description: '排序字段' },
    ),
  ),
  order: Opt(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  machine: Opt(Str('工作流（case、complaint…）')),
  online: Flag('网访渠道（方案标记 online 的渠道）'),
  proxied: Flag('代办事项（甄别结果标记 proxied）'),
  concluded: Flag('已办结 / 未办结'),
  resolved: Flag('已化解 / 未化解'),
  feedback: Flag('已反馈满意度 / 未反馈'),
  satisfied: Flag('满意 / 不满意'),
  dueBefore: Opt(DateStr('仍在办理且办结时限早于该日')),
  concludedBy: Opt(DateStr('办结于该日或之前（报表按期末计办结）')),
  repeats: Flag('0：不含关联案件中的后续案件（重复访、多头访，报表不计）；1：只列这些'),
})

const Health = Type.Object({ status: Type.Literal('ok'), today: DateStr(), schemes: Type.Array(Type.String()), warnings: Type.Array(Type.String()) })

export function caseRoutes(d: RouteDeps) {
  const present = presenter(d)
  const schemeOf = async (id: string, version?: string) => {
    const v = await d.schemes.find(id, version ?? 'latest')
    return { v, scheme: await d.schemes.get(id, v.hash) }
  }

  return [
    route({
      id: 'getHealth',
      method: 'get',
      path: '/api/health',
      tag: 'system',
      summary: '健康检查（含工作日历到期提醒）',
      access: access.public(),
      responses: { 200: Health },
      handler: async () => {
        const ids = await d.schemes.schemeIds()
        const warnings: string[] = []
        for (const id of ids) {
          const v = await d.schemes.latest(id)
          const s = await d.schemes.get(id, v.hash)
          const horizon = addCalendarDays(today(d.clock), 90)
          if (!s.calendar.covers(horizon)) warnings.push(`方案 ${id} 的工作日历只到 ${s.calendar.to}，请尽快补充下一年度的节假日安排`)
          else if (s.calendar.provisionalYears.some((y) => y <= horizon.slice(0, 4))) {
            warnings.push(
              `方案 ${id} 的 ${s.calendar.provisionalYears.join('、')} 年日历为暂定（仅法定节日，不含调休）；国务院公布节假日安排后，请用 daiban calendar-seed 或设计器更新，再用 daiban migrate-cases 重算落在该年的截止日期`,
            )
          }
        }
        return { status: 'ok' as const, today: today(d.clock), schemes: ids, warnings }
      },
    }),
    route({
      id: 'getOpenApi',
      method: 'get',
      path: '/api/openapi.json',
      tag: 'system',
      summary: '本文档（OpenAPI 3.1，由路由表生成）',
      access: access.public(),
      responses: { 200: Type.Object({ openapi: Type.String() }, { additionalProperties: true }) },
      handler: () => d.openapi() as { openapi: string },
    }),

    // ---- schemes
    route({
      id: 'listSchemes',
      method: 'get',
      path: '/api/schemes',
      tag: 'schemes',
      summary: '用户所在的方案',
      access: access.anyScheme('scheme.read'),
      responses: { 200: ListOf(SchemeRef) },
      handler: async ({ user }) => {
        const ids = new Set(await d.schemes.schemeIds())
        const items = []
        for (const id of d
          .policy()
          .schemesOf(user)
          .filter((x) => ids.has(x))) {
          const v = await d.schemes.latest(id)
          const s = await d.schemes.get(id, v.hash)
          items.push({
            id,
            name: s.manifest.name,
            town: s.manifest.town,
            version: v.version,
            hash: v.hash,
            seq: v.seq,
            forkedFrom: s.manifest.forkedFrom ?? null,
          })
        }
        return { items }
      },
    }),
    route({
      id: 'getScheme',
      method: 'get',
      path: '/api/schemes/:id',
      tag: 'schemes',
      summary: '方案概要（组织、时限、日历范围）',
      access: access.scheme('scheme.read'),
      query: VersionQuery,
      responses: {
        200: Type.Object(
          {
            id: Type.String(),
            name: Type.String(),
            town: Type.String(),
            version: Type.String(),
            hash: Type.String(),
            seq: Type.Integer(),
            org: Type.Unknown(),
            calendar: Type.Object({ from: Type.String(), to: Type.String(), provisional: Type.Array(Type.String()) }),
            clocks: Type.Unknown(),
            dueSoonDays: Type.Integer({ minimum: 0, description: '临期天数（列表与待办的“临期”：今天起几个自然日内到期）' }),
          },
          { additionalProperties: true },
        ),
      },
      handler: async ({ params, query }) => {
        const { v, scheme } = await schemeOf(params.id, query.version)
        const m = scheme.manifest
        return {
          id: m.id,
          name: m.name,
          nameEn: m.nameEn,
          town: m.town,
          version: v.version,
          hash: v.hash,
          seq: v.seq,
          description: m.description,
          source: m.source,
          caseNumberPrefix: m.caseNumberPrefix,
          org: scheme.defs.org,
          calendar: { from: scheme.calendar.from, to: scheme.calendar.to, provisional: [...scheme.calendar.provisionalYears].map(String) },
          clocks: scheme.defs.deadlines.clocks,
          dueSoonDays: dueSoonDaysOf(scheme.defs.deadlines),
        }
      },
    }),
    route({
      id: 'listSchemeVersions',
      method: 'get',
      path: '/api/schemes/:id/versions',
      tag: 'schemes',
      summary: '已发布版本',
      access: access.scheme('scheme.read'),
      responses: {
        200: ListOf(
          Type.Object(
            {
              seq: Type.Integer(),
              schemeId: Type.String(),
              version: Type.String(),
              hash: Type.String(),
              publishedAt: Type.String(),
              publishedBy: Type.String(),
              note: Type.String(),
            },
            { additionalProperties: true },
          ),
        ),
      },
      handler: async ({ params }) => {
        const idx = await d.schemes.versionIndex(params.id)
        if (!idx.versions.length) throw new ServiceError('NOT_FOUND', serverMsg('noScheme', { id: params.id }))
        return { items: idx.versions }
      },
    }),
    route({
      id: 'listSchemeForms',
      method: 'get',
      path: '/api/schemes/:id/forms',
      tag: 'schemes',
      summary: '全部表单（JSON Schema 与 uiSchema）',
      access: access.scheme('scheme.read'),
      query: VersionQuery,
      responses: { 200: ListOf(FormDef, { hash: Type.String() }) },
      handler: async ({ params, query }) => {
        const { v, scheme } = await schemeOf(params.id, query.version)
        return {
          hash: v.hash,
          items: [...scheme.forms.values()].map((f) => ({
            id: f.def.id,
            name: f.def.name,
            nameEn: f.def.nameEn,
            printTitle: f.def.printTitle,
            schema: f.schema as Record<string, unknown>,
            uiSchema: f.uiSchema as Record<string, unknown>,
          })),
        }
      },
    }),
    route({
      id: 'getSchemeForm',
      method: 'get',
      path: '/api/schemes/:id/forms/:formId',
      tag: 'schemes',
      summary: '一张表单',
      access: access.scheme('scheme.read'),
      query: VersionQuery,
      responses: { 200: Type.Intersect([FormDef, Type.Object({ hash: Type.String() })]) },
      handler: async ({ params, query }) => {
        const { v, scheme } = await schemeOf(params.id, query.version)
        const f = scheme.form(params.formId)
        if (!f) throw new ServiceError('NOT_FOUND', serverMsg('noForm', { id: params.formId }))
        return {
          hash: v.hash,
          id: f.def.id,
          name: f.def.name,
          nameEn: f.def.nameEn,
          printTitle: f.def.printTitle,
          description: f.def.description,
          schema: f.schema as Record<string, unknown>,
          uiSchema: f.uiSchema as Record<string, unknown>,
        }
      },
    }),
    route({
      id: 'listSchemeWorkflows',
      method: 'get',
      path: '/api/schemes/:id/workflows',
      tag: 'schemes',
      summary: '流程：事件目录与状态名称',
      access: access.scheme('scheme.read'),
      query: VersionQuery,
      responses: {
        200: ListOf(
          Type.Object(
            { id: Type.String(), name: Type.String(), events: Type.Unknown(), entry: Type.Unknown(), stateInfo: Type.Unknown() },
            { additionalProperties: true },
          ),
          { hash: Type.String() },
        ),
      },
      handler: async ({ params, query }) => {
        const { v, scheme } = await schemeOf(params.id, query.version)
        return {
          hash: v.hash,
          items: scheme.defs.workflow.machines.map((m) => ({ id: m.id, name: m.name, events: m.events, entry: m.entry ?? {}, stateInfo: m.stateInfo ?? {} })),
        }
      },
    }),
    route({
      id: 'decide',
      method: 'post',
      path: '/api/schemes/:id/decide',
      tag: 'schemes',
      summary: '甄别、分流、时限（不创建案件）',
      access: access.scheme('case.register'),
      query: VersionQuery,
      body: Open('事实：登记表单的字段'),
      responses: { 200: Decision },
      handler: async ({ params, query, body }) => {
        const { scheme } = await schemeOf(params.id, query.version)
        const r = await decide(scheme, body)
        if (!r.ok) throw new ServiceError('INVALID_INPUT', serverMsg('invalidInput'), r.problems)
        return r.decision
      },
    }),
    route({
      id: 'score',
      method: 'post',
      path: '/api/schemes/:id/score',
      tag: 'schemes',
      summary: '考核计分（给定各项输入）',
      access: access.scheme('report.read'),
      query: Obj({ version: Opt(Str('版本')), scoring: Opt(Str('考核定义标识')) }),
      body: Open('各计分项的输入'),
      responses: { 200: Type.Object({ total: Type.Number() }, { additionalProperties: true }) },
      handler: ({ params, query, body }) =>
        schemeOf(params.id, query.version).then(({ scheme }) => {
          const s = score(scheme, body, query.scoring)
          if (!s.ok) throw new ServiceError('INVALID_INPUT', serverMsg('invalidInput'), s.problems)
          return s.result as unknown as { total: number }
        }),
    }),

    // ---- cases
    route({
      id: 'registerCase',
      method: 'post',
      path: '/api/cases',
      tag: 'cases',
      summary: '登记案件（首个事件，默认为流程的登记事件）；schemeId 缺省为用户可登记的第一个方案',
      access: access.anyScheme('case.register'),
      body: Obj({ schemeId: Opt(Id('方案标识')), machine: Opt(Id('工作流')), type: Opt(Id('首个事件')), form: Open('登记表单') }, { required: ['form'] }),
      responses: { 201: Case },
      errors: [409],
      handler: async ({ body, user, actor, locale }) => {
        const policy = d.policy()
        const schemeId = body.schemeId ?? policy.schemesOf(user).find((s) => policy.can(user, 'case.register', undefined, s)) ?? d.defaultScheme
        if (!policy.can(user, 'case.register', undefined, schemeId))
          throw new HttpError('FORBIDDEN', locale === 'en' ? `you may not register cases in scheme ${schemeId}` : `您不能在方案 ${schemeId} 中登记事项`)
        const village = (body.form as { village?: unknown }).village
        if (!policy.canOnCase(user, 'case.register', { schemeId, village: typeof village === 'string' ? village : null, units: [] })) {
          throw new HttpError('FORBIDDEN', locale === 'en' ? 'you may only register cases of your own villages' : '只能登记本人辖区（嘎查村、社区）的事项')
        }
        // the officer the form names must be an account that may be chosen (#18 §4)
        const machine = body.machine ?? 'case'
        const scheme = await d.schemes.get(schemeId, (await d.schemes.latest(schemeId)).hash)
        // …or someone on duty today, as the registration form's 今日值班 suggestion offers (cached until a roster write)
        const duty = d.duty
        const onDuty = duty && scheme.defs.duty?.roster ? await duty.roster.onDutyNames(schemeId, duty.today(scheme)).catch(() => []) : []
        checkOfficer(
          scheme,
          eventForm(scheme, machine, body.type ?? scheme.machineDefs.get(machine)?.entry?.register),
          body.form,
          undefined,
          await d.accounts.list(),
          policy,
          onDuty,
        )
        const view = await d.cases.create(schemeId, { ...(body.type ? { type: body.type } : { entry: 'register' as const }), form: body.form, machine }, actor)
        return present(user, view)
      },
    }),
    route({
      id: 'listCases',
      method: 'get',
      path: '/api/cases',
      tag: 'cases',
      summary: '案件列表（服务器端筛选、排序、分页）：只含用户所在方案、所辖嘎查村与单位的案件',
      access: access.anyScheme('case.list'),
      query: CaseListQuery,
      responses: { 200: PageOf('CasePage', CaseSummary) },
      handler: async ({ query: q, user }) => {
        const t = today(d.clock)
        const scheme = async () => {
          const id = q.schemeId || d.defaultScheme
          return d.schemes.get(id, (await d.schemes.find(id, 'latest')).hash)
        }
        // dueSoon=true: the scheme's window (deadlines.json dueSoonDays)
        const filter = listFilter(q, t, q.dueSoon === 'true' ? dueSoonDaysOf((await scheme()).defs.deadlines) : undefined)
        const visible = visibleFilters(d.policy(), user, 'case.read', q.schemeId || undefined)
        // the reports' click-through: online / proxied / concluded / … as the scheme defines them
        const bad = await applyReportFilters(filter, q as Record<string, string | undefined>, scheme, () =>
          d.store.allSummaries({ schemeId: q.schemeId || d.defaultScheme }),
        )
        if (bad.length) throw new HttpError('INVALID_INPUT', bad.map((b) => b.message).join('；'), { fields: bad })
        const offset = q.offset ?? 0
        const limit = q.limit ?? 20
        const page: Page = { offset, limit }
        if (q.sort) page.sort = q.sort as keyof CaseSummaryT
        if (q.order) page.order = q.order
        const r = await listVisible(d.store, visible, filter, page)
        // the petitioner's name is masked on the cases where the reader lacks case.pii
        return { ...r, items: await maskSummaries(r.items, (s) => d.policy().canOnCase(user, 'case.pii', s), fieldsFrom(d.schemes)), offset, limit }
      },
    }),
    route({
      id: 'getCase',
      method: 'get',
      path: '/api/cases/:caseId',
      tag: 'cases',
      summary: '案件视图（无 case.pii 权限时敏感字段遮蔽）',
      access: access.onCase('case.read'),
      responses: { 200: Case },
      handler: async ({ params, user, caseRecord }) => present(user, await d.cases.get(params.caseId, caseRecord)),
    }),
    route({
      id: 'getCasePetitioner',
      method: 'get',
      path: '/api/cases/:caseId/petitioner',
      tag: 'cases',
      summary: '信访人完整信息（需 case.pii；查看即记入审计）',
      access: access.onCase('case.pii'),
      responses: { 200: Type.Object({ caseId: Type.String(), number: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }) },
      handler: async ({ params, user, caseRecord }) => {
        const view = await d.cases.get(params.caseId, caseRecord)
        const fields = await petitionerFields(d.schemes, view.schemeId, view.schemeHash, view.machine)
        const facts = view.context.facts ?? {}
        const details = Object.fromEntries(
          Object.keys(facts)
            .filter((k) => fields.has(k))
            .map((k) => [k, facts[k]]),
        )
        // Viewing a petitioner's full details is recorded.
        await d.store.appendAudit([
          {
            at: d.clock.now().toISOString(),
            actor: user.username,
            caseId: view.id,
            schemeId: view.schemeId,
            action: 'pii.view',
            changes: { fields: Object.keys(details) },
          },
        ])
        return { caseId: view.id, number: view.number, details }
      },
    }),
    route({
      id: 'sendCaseEvent',
      method: 'post',
      path: '/api/cases/:caseId/events',
      tag: 'cases',
      summary: '对案件进行一项操作（流程事件及其表单）：只限案件视图 actions 所列的操作（角色与辖区不符 403，案件现状不允许 409）',
      access: access.onCase('case.read'),
      body: Obj(
        {
          type: Id('事件'),
          form: Opt(Open('事件的表单')),
          expectedVersion: Opt(Type.Integer({ minimum: 0, description: '期望的案件版本（乐观锁）' })),
          reason: Opt(Str('甄别网上、导入事项时受理日期与提交日期不同的理由（记入审计）', { maxLength: 500 })),
        },
        { required: ['type'] },
      ),
      responses: { 200: Case },
      errors: [409],
      handler: async ({ params, body, user, actor, locale, caseRecord }) => {
        const input: SendInput = { type: body.type }
        if (body.reason !== undefined) input.reason = body.reason
        if (body.form !== undefined) input.form = body.form
        if (body.expectedVersion !== undefined) input.expectedVersion = body.expectedVersion
        // the same judgement as the case view's list of actions (roles, jurisdiction, the case as it stands), on the case as loaded for the send
        // (the triage of an online or imported petition is such an event: its form names the officer too)
        const check = async (now: CaseNow, scheme: CompiledScheme) => {
          const verdict = actionVerdict(d.policy(), user, scheme, now, body.type)
          if (verdict.kind === 'forbidden') throw new HttpError('FORBIDDEN', locale === 'en' ? verdict.messageEn : verdict.message)
          if (verdict.kind === 'unmet') throw new HttpError('GUARD_REFUSED', locale === 'en' ? verdict.messageEn : verdict.message)
          // the officer the form names must be an account that may be chosen (#18 §4); the accounts are read only then
          const formId = eventForm(scheme, now.machine, body.type)
          if (namesOfficer(scheme, formId, body.form))
            checkOfficer(scheme, formId, body.form, now.summary.village ?? undefined, await d.accounts.list(), d.policy())
        }
        return present(user, await d.cases.send(params.caseId, input, actor, { check, loaded: caseRecord }))
      },
    }),
    route({
      id: 'getCaseAudit',
      method: 'get',
      path: '/api/cases/:caseId/audit',
      tag: 'cases',
      summary: '案件的审计记录',
      access: access.onCase('case.read'),
      responses: { 200: ListOf(AuditEntry) },
      handler: async ({ params, user }) => ({ items: await d.audit.ofCase(user, params.caseId) }),
    }),

    // ---- tasks and reminders
    route({
      id: 'myTasks',
      method: 'get',
      path: '/api/my/tasks',
      tag: 'tasks',
      summary: '我的待办（本人作为代办员的在办案件）',
      access: access.session(),
      query: Obj({ officer: Opt(Str('代办员姓名（缺省为本人）')), schemeId: Opt(Str('只看此方案')) }),
      responses: {
        200: Type.Object({
          officer: Type.String(),
          today: DateStr(),
          counts: Type.Object({ total: Type.Integer(), overdue: Type.Integer(), dueSoon: Type.Integer() }),
          items: Type.Array(CaseSummary),
        }),
      },
      handler: async ({ query, user }) => {
        const officer = query.officer || user.displayName
        const t = today(d.clock)
        const visible = visibleFilters(d.policy(), user, 'case.read', query.schemeId || undefined)
        const names = query.officer ? [officer] : [...new Set([user.displayName, user.username])]
        const items = (await Promise.all(names.map((o) => allVisible(d.store, visible, { officer: o, status: 'active' })))).flat()
        items.sort((a, b) => ((a.dueDate ?? '9999') < (b.dueDate ?? '9999') ? -1 : 1))
        const overdue = items.filter((s) => dueState(s.dueDate, false, t) === 'overdue').length
        // due soon by each case's scheme window (deadlines.json dueSoonDays)
        const windows = new Map<string, number>()
        for (const id of new Set(items.map((s) => s.schemeId)))
          windows.set(id, dueSoonDaysOf((await d.schemes.get(id, (await d.schemes.find(id, 'latest')).hash)).defs.deadlines))
        const dueSoon = items.filter((s) => dueState(s.dueDate, false, t, windows.get(s.schemeId)) === 'dueSoon').length
        return {
          officer,
          today: t,
          counts: { total: items.length, overdue, dueSoon },
          items: await maskSummaries(items.slice(0, 200), (s) => d.policy().canOnCase(user, 'case.pii', s), fieldsFrom(d.schemes)),
        }
      },
    }),
    route({
      id: 'listReminders',
      method: 'get',
      path: '/api/reminders',
      tag: 'tasks',
      summary: '提醒：本人辖区内的案件，及本人负责的常态化工作（按岗位与嘎查村）；已结束的（案件已办结、归档）标 ended，open=1 时不列',
      access: access.anyScheme('reminder.read'),
      query: Obj({ caseId: Opt(Str('只看此案件')), open: Flag('只看未确认且未结束的'), schemeId: Opt(Str('只看此方案')) }),
      responses: { 200: ListOf(Reminder) },
      handler: async ({ query, user }) => {
        const filter: { caseId?: string; open?: boolean } = {}
        if (query.caseId) filter.caseId = query.caseId
        const openOnly = query.open === '1' || query.open === 'true'
        if (openOnly) filter.open = true
        const policy = d.policy()
        const only = query.schemeId || undefined
        // the cases the user may see (in one scheme with ?schemeId=), and the recurring duties they answer for
        const cases = new Map((await allVisible(d.store, visibleFilters(policy, user, 'case.read', only))).map((s) => [s.id, s]))
        const schemes = new Map<string, Promise<CompiledScheme | undefined>>()
        const latest = (id: string) => {
          if (!schemes.has(id))
            schemes.set(
              id,
              d.schemes
                .latest(id)
                .then((v) => d.schemes.get(id, v.hash))
                .catch(() => undefined),
            )
          return schemes.get(id)!
        }
        const items = []
        for (const r of await d.store.listReminders(filter)) {
          const ds = dutySchemeOf(r.caseId)
          if (ds) {
            if ((only === undefined || ds === only) && dutyReminderFor(policy, user, r.caseId, await latest(ds))) items.push(r)
            continue
          }
          const summary = cases.get(r.caseId)
          if (!summary) continue
          const ended = !reminderCurrent(r, summary)
          if (ended && openOnly) continue
          items.push(ended ? { ...r, ended } : r)
        }
        return { items }
      },
    }),
    route({
      id: 'ackReminder',
      method: 'post',
      path: '/api/reminders/:id/ack',
      tag: 'tasks',
      summary: '确认一条提醒',
      access: access.anyScheme('case.read'),
      responses: { 200: OkBody },
      handler: async ({ params, user, actor }) => {
        // only a reminder the user may see: of a case in their schemes and jurisdiction, or of a
        // recurring duty they answer for (ids are `<case id>:…` or `duty:<scheme>:<task>:<kind>:<due>`)
        const id = params.id
        const duty = dutySchemeOf(id)
        const visible = duty
          ? dutyReminderFor(
              d.policy(),
              user,
              id.split(':').slice(0, -2).join(':'),
              await d.schemes
                .latest(duty)
                .then((v) => d.schemes.get(duty, v.hash))
                .catch(() => undefined),
            )
          : await d.store.getCase(id.split(':')[0] ?? '').then((rec) => !!rec && d.policy().canOnCase(user, 'case.read', rec.summary))
        if (!visible) throw new ServiceError('NOT_FOUND', serverMsg('noReminder'))
        if (!(await d.store.acknowledgeReminder(id, actor.id))) throw new ServiceError('NOT_FOUND', serverMsg('noReminder'))
        return { ok: true as const }
      },
    }),
    route({
      id: 'tickScheduler',
      method: 'post',
      path: '/api/scheduler/tick',
      tag: 'tasks',
      summary: '立即运行一次提醒调度',
      access: access.anyScheme('scheduler.run'),
      responses: { 200: Type.Object({ raised: Type.Integer(), items: Type.Array(Reminder) }) },
      handler: async () => {
        const raised = await d.scheduler.tick()
        return { raised: raised.length, items: raised }
      },
    }),
  ]
}
