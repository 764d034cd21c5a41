/**
 * Intake (issue #18 §3): the 工作台's queues, and the starting values of the 代办单 when an online
 * or imported petition is triaged (carried over by field role, runtime/cases/carryover.ts).
 */
import { Type } from '@sinclair/typebox'
import { today } from '../../clock'
import { ServiceError } from '../../errors'
import { userQueues, QUEUE_IDS } from '../../cases/queues'
import { triageStart } from '../../cases/carryover'
import { actionVerdict } from '../../cases/actions'
import { fieldsFrom, maskSummaries, sensitiveFieldsOf } from '../../cases/masking'
import { HttpError } from '../errors'
import { allVisible, visibleFilters } from '../access'
import { access, route } from '../contract/route'
import { DateStr, Nullable } from '../contract/schemas'
import { CaseSummary } from '../contract/models'
import type { RouteDeps } from './deps'

const QueueItem = Type.Intersect([
  CaseSummary,
  Type.Object({
    due: Type.Union([Type.Literal('overdue'), Type.Literal('dueSoon'), Type.Literal('onTime'), Type.Literal('none')], {
      description: '超期、临期（共用的时限定义）',
    }),
    source: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('imported'), Type.Literal('other')], { description: '待甄别：网上信访、导入' })),
    awaiting: Type.Optional(Type.Array(Type.String(), { description: '部门待复：本人单位中尚未答复的处置单的单位' })),
  }),
])

const Queues = Type.Object({
  today: DateStr(),
  queues: Type.Array(
    Type.Object({
      id: Type.Union(
        QUEUE_IDS.map((q) => Type.Literal(q)),
        { description: '待甄别 triage、投诉 complaints、待指定代办员 assign、我的待办 mine、临期 dueSoon、超期 overdue、部门待复 unitReplies' },
      ),
      count: Type.Integer(),
      items: Type.Array(QueueItem, { description: '至多 100 件，按办结时限' }),
    }),
  ),
})

const TriageStart = Type.Object({
  caseId: Type.String(),
  number: Type.String(),
  version: Type.Integer(),
  event: Type.String({ description: '甄别受理的事件（流程的 entry.register）' }),
  form: Type.String({ description: '其表单（代办单）' }),
  data: Type.Record(Type.String(), Type.Unknown(), { description: '按字段角色从提交的表单带入的初始值（无 case.pii 权限时不含敏感字段）' }),
  receivedOn: Nullable(Type.Object({ field: Type.String(), value: DateStr() }, { description: '提交日期：受理日期的默认值，改动须说明理由' })),
})

export function intakeRoutes(d: RouteDeps) {
  return [
    route({
      id: 'myQueues',
      method: 'get',
      path: '/api/schemes/:id/queues',
      tag: 'tasks',
      summary: '工作台队列：待甄别（网上、导入；投诉另列）、待指定代办员、我的待办、临期、超期、部门待复——按本人角色与辖区',
      access: access.scheme('case.read'),
      responses: { 200: Queues },
      handler: async ({ params, user, locale }) => {
        const v = await d.schemes.latest(params.id).catch(() => {
          throw new ServiceError('NOT_FOUND', locale === 'en' ? `no scheme "${params.id}"` : `未找到方案 "${params.id}"`)
        })
        const scheme = await d.schemes.get(params.id, v.hash)
        const policy = d.policy()
        const t = today(d.clock, scheme.manifest.timezone)
        const visible = await allVisible(d.store, visibleFilters(policy, user, 'case.read', params.id), { status: 'active' })
        const queues = await userQueues(
          { store: d.store, policy, schemeOf: (id, hash) => (hash ? d.schemes.get(id, hash) : Promise.resolve(scheme)) },
          user,
          scheme,
          visible,
          t,
        )
        const canPii = (s: { village: string | null; units: string[]; schemeId: string }) => policy.canOnCase(user, 'case.pii', s)
        const fields = fieldsFrom(d.schemes)
        return { today: t, queues: await Promise.all(queues.map(async (q) => ({ ...q, items: await maskSummaries(q.items, canPii, fields) }))) }
      },
    }),
    route({
      id: 'getTriageStart',
      method: 'get',
      path: '/api/cases/:caseId/triage',
      tag: 'cases',
      summary: '甄别网上、导入事项：代办单的初始值（按字段角色带入姓名、电话、嘎查村、摘要、渠道等；受理日期默认为提交日期）',
      access: access.onCase('case.read'),
      responses: { 200: TriageStart },
      errors: [409],
      handler: async ({ params, user, locale }) => {
        const view = await d.cases.get(params.caseId)
        const scheme = await d.schemes.get(view.schemeId, view.schemeHash)
        const start = view.error ? null : triageStart(scheme, view.machine, view.context)
        const verdict = start ? actionVerdict(d.policy(), user, scheme, view, start.event) : null
        if (!start || !verdict || verdict.kind === 'absent') {
          throw new HttpError('EVENT_NOT_ALLOWED', locale === 'en' ? `case ${view.number} is not waiting for triage` : `案件 ${view.number} 不在待甄别状态`)
        }
        if (verdict.kind !== 'allowed')
          throw new HttpError(verdict.kind === 'forbidden' ? 'FORBIDDEN' : 'GUARD_REFUSED', locale === 'en' ? verdict.messageEn : verdict.message)
        // without case.pii the sensitive fields stay out (they are kept on the case as submitted)
        const hidden = d.policy().canOnCase(user, 'case.pii', view.summary) ? new Set<string>() : sensitiveFieldsOf(scheme)
        const data = Object.fromEntries(Object.entries(start.data).filter(([k]) => !hidden.has(k)))
        return { caseId: view.id, number: view.number, version: view.version, event: start.event, form: start.form, data, receivedOn: start.receivedOn }
      },
    }),
  ]
}
