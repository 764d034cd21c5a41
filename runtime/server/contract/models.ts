/**
 * The API's data shapes that several routes share (components of the OpenAPI document). Response
 * objects admit properties beyond the ones described (a newer server may add some); request
 * bodies never do.
 */
import { Type } from '@sinclair/typebox'
import { named, Nullable, DateStr } from './schemas'
import { ImportProgressSchema } from '../../import-progress'

const open = { additionalProperties: true } as const
const S = Type.String
const Opt = Type.Optional

export const ClockSummary = named(
  'ClockSummary',
  Type.Object(
    {
      clock: S(),
      name: S(),
      status: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]),
      startedOn: S(),
      dueDate: S(),
      unit: Type.Union([Type.Literal('workday'), Type.Literal('calendar')]),
      setOn: Opt(S({ description: '时限在系统中开始计时之日（补登的案件晚于 startedOn）' })),
    },
    open,
  ),
)

/** A fact a rule decided (a rule's `set`): the value typed in the record, the value decided, and the rule. */
export const DerivedFact = named(
  'DerivedFact',
  Type.Object(
    {
      field: S({ description: '事实表单的字段' }),
      role: Nullable(S({ description: '字段承担的角色，如 level' })),
      typed: Type.Unknown({ description: '登记的取值（未填为 null）' }),
      value: Type.Unknown({ description: '规则决定的取值' }),
      rule: S(),
      ruleName: S(),
      ruleSet: Opt(S()),
    },
    open,
  ),
)

export const CaseSummary = named(
  'CaseSummary',
  Type.Object(
    {
      id: S({ description: '案件内部标识' }),
      number: S({ description: '案件编号，如 GLT-2026-000123' }),
      schemeId: S(),
      schemeVersion: S(),
      state: S({ description: '状态路径' }),
      stage: S({ description: '环节' }),
      status: Type.Union([Type.Literal('active'), Type.Literal('done'), Type.Literal('error')]),
      village: Nullable(S()),
      group: Nullable(S()),
      channel: Nullable(S()),
      category: Nullable(S()),
      officer: Nullable(S()),
      petitionerName: Nullable(S({ description: '无 case.pii 权限时已遮蔽' })),
      receivedOn: Nullable(S()),
      dueDate: Nullable(S()),
      units: Type.Array(S()),
      createdAt: S(),
      updatedAt: S(),
      version: Type.Integer(),
      machine: Opt(S()),
      stateName: Opt(S()),
      outcome: Opt(Nullable(S())),
      clocks: Opt(Type.Array(ClockSummary)),
      schemeHash: Opt(S()),
      concludedOn: Opt(Nullable(S())),
      resolved: Opt(Nullable(Type.Boolean())),
      satisfied: Opt(Nullable(Type.Boolean())),
      linked: Opt(Type.Array(S())),
      level: Opt(Nullable(S({ description: '事项层级：规则决定的取值（登记的取值见 derived）' }))),
      derived: Opt(Type.Array(DerivedFact, { description: '规则决定的事实（如集体访的层级），与登记的取值并列' })),
    },
    open,
  ),
)

export const Decision = named(
  'Decision',
  Type.Object(
    {
      outcome: S({ description: '甄别结果' }),
      outcomeName: S(),
      group: Nullable(S()),
      groupId: Nullable(S()),
      clock: Nullable(S()),
      dueDate: Nullable(DateStr()),
      escalateTo: Nullable(S()),
      reasons: Type.Array(S(), { minItems: 1 }),
      reasonsEn: Type.Array(S()),
      trace: Type.Array(
        Type.Object(
          {
            ruleSet: S(),
            winner: Nullable(S()),
            outranked: Opt(Type.Array(S(), { description: 'first 规则集：同样命中、被决定规则按优先级胜过的规则' })),
            rules: Type.Array(Type.Object({}, open)),
          },
          open,
        ),
      ),
      derived: Opt(Type.Array(DerivedFact, { description: '规则决定的事实（规则的 set），与登记的取值并列' })),
    },
    open,
  ),
)

export const ClockState = named(
  'ClockState',
  Type.Object(
    {
      clock: S(),
      name: S(),
      status: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]),
      startedOn: S(),
      days: Type.Number(),
      unit: Type.Union([Type.Literal('workday'), Type.Literal('calendar')]),
      dueDate: S(),
      pausedDays: Type.Number(),
      pausedSince: Nullable(S()),
      pauses: Type.Array(Type.Object({ from: S(), to: Nullable(S()), reason: S() }, open)),
      stoppedOn: Nullable(S()),
      late: Nullable(Type.Boolean()),
      setOn: Opt(S({ description: '时限在系统中开始计时之日（补登的案件晚于 startedOn）' })),
    },
    open,
  ),
)

export const Dispatch = named(
  'Dispatch',
  Type.Object(
    {
      id: S(),
      unit: S(),
      sentOn: S(),
      matter: S(),
      requirement: Opt(S()),
      leaderInstruction: Opt(S()),
      replies: Type.Array(Type.Object({ repliedOn: S(), result: S(), at: S(), by: S() }, open)),
      urgings: Type.Array(Type.Object({ at: S(), by: S(), content: S() }, open)),
    },
    open,
  ),
)

export const EventRecord = named(
  'EventRecord',
  Type.Object(
    {
      seq: Type.Integer(),
      event: S(),
      at: S(),
      by: S(),
      form: Opt(Type.Record(S(), Type.Unknown())),
      state: Opt(S()),
    },
    open,
  ),
)

export const CaseContext = named(
  'CaseContext',
  Type.Object(
    {
      facts: Type.Record(S(), Type.Unknown(), { description: '登记的事实（无 case.pii 权限时敏感字段已遮蔽）' }),
      decision: Nullable(Decision),
      officer: Nullable(Type.Object({ name: S(), chosenByPetitioner: Type.Boolean() }, open)),
      dispatches: Type.Array(Dispatch),
      records: Type.Array(EventRecord),
      clocks: Type.Record(S(), ClockState),
      outcome: Type.Object(
        {
          concludedOn: Nullable(S()),
          resolved: Nullable(Type.Boolean()),
          satisfied: Nullable(Type.Boolean()),
          escalatedTo: Nullable(S()),
          reviewsUpheld: Type.Number(),
          archivedOn: Nullable(S()),
        },
        open,
      ),
    },
    open,
  ),
)

export const CaseAction = named('CaseAction', Type.Object({ type: S(), name: S(), nameEn: Opt(S()), form: Opt(S()) }, open))

export const Case = named(
  'Case',
  Type.Object(
    {
      id: S(),
      number: S(),
      version: Type.Integer({ description: '乐观锁版本，写入时可作 expectedVersion' }),
      schemeId: S(),
      schemeVersion: S(),
      schemeHash: S(),
      machine: S(),
      state: S(),
      stateName: S(),
      stage: S(),
      status: S(),
      done: Type.Boolean(),
      actions: Type.Array(CaseAction, {
        description: '本人此时可进行的操作：案件状态接受、本人角色与辖区允许、案件现状满足其条件（如恢复计时须有暂停的时限），按流程定义的顺序',
      }),
      suggested: Opt(
        Nullable(
          S({
            description:
              '建议的下一步（actions 之一的 type）：先取使案件进入下一环节的操作，否则取案件记录所要求的操作（如部门答复），否则取第一项；无操作时为 null',
          }),
        ),
      ),
      context: CaseContext,
      summary: CaseSummary,
      masked: Opt(Type.Boolean({ description: 'true：敏感字段已遮蔽' })),
      error: Opt(Type.Object({ code: S(), message: S() }, open)),
    },
    open,
  ),
)

export const AuditEntry = named(
  'AuditEntry',
  Type.Object(
    {
      seq: Opt(Type.Integer()),
      at: S(),
      actor: S(),
      caseId: Nullable(S()),
      action: S(),
      event: Opt(S()),
      changes: Opt(Type.Unknown()),
      fromVersion: Opt(Type.Integer()),
      toVersion: Opt(Type.Integer()),
      prevHash: Opt(S()),
      hash: Opt(S()),
    },
    open,
  ),
)

export const Reminder = named(
  'Reminder',
  Type.Object(
    {
      id: S(),
      caseId: S({ description: '案件 id，或常态化工作的 duty:<方案>:<任务>' }),
      caseNumber: S({ description: '案件编号（常态化工作为任务名称）' }),
      clock: S(),
      kind: Type.Union([Type.Literal('due_soon'), Type.Literal('overdue'), Type.Literal('urge')]),
      dueDate: S(),
      raisedAt: S(),
      forDate: S({ description: '提醒针对的日期' }),
      message: S(),
      messageEn: Opt(S({ description: '英文提醒内容' })),
      acknowledgedBy: Opt(Nullable(S({ description: '确认人' }))),
      ended: Opt(Type.Boolean({ description: 'true：所针对的时限已结束（案件已办结、归档，或截止日期已变），不再需要处理' })),
    },
    open,
  ),
)

export const SchemeRef = named(
  'SchemeRef',
  Type.Object(
    {
      id: S(),
      name: S(),
      town: S(),
      version: S(),
      hash: S(),
      seq: Type.Integer(),
      forkedFrom: Nullable(Type.Object({ id: S(), version: S(), hash: S() }, { ...open, description: '派生自的方案版本（null：不是分支）' })),
    },
    open,
  ),
)

export const FormDef = named(
  'Form',
  Type.Object(
    {
      id: S(),
      name: S(),
      nameEn: Opt(S()),
      printTitle: Opt(S()),
      description: Opt(S()),
      schema: Type.Record(S(), Type.Unknown(), { description: 'JSON Schema（表单字段）' }),
      uiSchema: Type.Record(S(), Type.Unknown(), { description: 'rjsf uiSchema' }),
    },
    open,
  ),
)

/** A progress line of an import streamed as NDJSON (`?progress=1`): each row counted once its outcome is final. */
export const ImportProgress = named('ImportProgress', ImportProgressSchema)
