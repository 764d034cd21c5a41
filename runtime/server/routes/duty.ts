/**
 * Duty, training and supervision: the roster and swaps, who is on duty, staffing, grid workers'
 * days at their point, recurring obligations with their evidence, the officer assessment, service
 * complaints, office phones, and the two public routes (the notice board, and online complaints
 * behind the proof-of-work challenge). Mounted when the app has the duty service (`AppDeps.duty`);
 * the public complaint also needs the channels' challenge service. Thin: the duty service
 * validates what the schemes define (forms, roles, calendars) and does the work.
 */
import { Type, type Static } from '@sinclair/typebox'
import { RosterService, monthDays, rosterDef } from '../../duty/roster'
import { ServiceError } from '../../errors'
import { HttpError } from '../errors'
import { dutyMsg } from '../../duty/messages'
import { access, route } from '../contract/route'
import { Obj, Open, Opt, Str, DateStr, Nullable, named } from '../contract/schemas'
import { Case, Reminder } from '../contract/models'
import type { RouteDeps } from './deps'
import { presenter } from './present'

const open = { additionalProperties: true } as const
const S = Type.String
const Int = Type.Integer
const Bool = Type.Boolean
const StrList = () => Type.Array(S())
const ClockUnit = () => Type.Union([Type.Literal('workday'), Type.Literal('calendar')])
const DayKind = () => Type.Union([Type.Literal('weekday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('makeup')])

// ---- response models

const DutyPeriod = named(
  'DutyPeriod',
  Type.Object(
    {
      id: S({ description: '“2026”（年）、“2026-H1”（半年）、“2026-Q2”（季度）、“2026-B3”（两个月）、“2026-05”（月）' }),
      name: S(),
      nameEn: S({ description: '英文名称，如 “H1 2026”' }),
      from: S(),
      to: S({ description: '期间的最后一天（到期日）' }),
    },
    open,
  ),
)

const SwapRecord = named(
  'DutySwap',
  Type.Object(
    {
      id: S(),
      at: S(),
      by: S(),
      date: S(),
      shift: S(),
      from: S(),
      to: S(),
      otherDate: Nullable(S({ description: '互换时：对方原来值班、现由 from 接替的日期' })),
      reason: S(),
    },
    open,
  ),
)

const Roster = named(
  'DutyRoster',
  Type.Object(
    {
      schemeId: S(),
      month: S(),
      unit: S(),
      generatedAt: S(),
      generatedBy: S(),
      eligible: Type.Record(S(), StrList(), { description: '各班次生成时的轮换顺序' }),
      days: Type.Array(
        Type.Object(
          {
            date: S(),
            kind: Type.Union([Type.Literal('weekday'), Type.Literal('makeup')]),
            label: Opt(S()),
            shifts: Type.Record(S(), StrList(), { description: '班次 → 在班账号' }),
          },
          open,
        ),
      ),
      rotation: Type.Record(S(), Nullable(S())),
      gaps: Type.Array(Type.Object({ date: S(), shift: S(), missing: Int() }, open)),
      swaps: Type.Array(SwapRecord),
      counts: Type.Record(S(), Type.Record(S(), Int()), { description: '班次 → 账号 → 值班天数（含调班）' }),
      names: Opt(Type.Record(S(), S(), { description: '账号 → 姓名（仅 GET）' })),
    },
    open,
  ),
)

const CalendarDay = named(
  'CalendarDay',
  Type.Object(
    {
      date: S(),
      workday: Bool(),
      kind: DayKind(),
      name: Opt(S({ description: '节假日或调休的名称' })),
    },
    open,
  ),
)

const OnDuty = named(
  'OnDuty',
  Type.Object(
    {
      date: S(),
      workday: Nullable(Bool()),
      dayKind: Nullable(DayKind()),
      dayName: Nullable(S()),
      unit: S(),
      rosterGenerated: Bool(),
      shifts: Type.Array(
        Type.Object(
          {
            id: S(),
            name: S(),
            nameEn: Opt(S()),
            role: S(),
            unit: Opt(S({ description: '按单位设的班次（如各二级部门带班）：所在单位' })),
            unitName: Opt(S()),
            unitNameEn: Opt(S()),
            of: Opt(
              Type.Object(
                { id: S(), name: S(), nameEn: Opt(S()) },
                { ...open, description: '按单位设的班次：定义中的班次（如“二级部门带班”），各单位的班次归在其下' },
              ),
            ),
            people: Type.Array(Type.Object({ username: S(), name: S() }, open)),
          },
          open,
        ),
      ),
      swaps: Type.Array(SwapRecord),
    },
    open,
  ),
)

const staffingRow = {
  unit: S(),
  unitName: S(),
  unitType: S(),
  village: Nullable(S()),
  role: S(),
  roleName: S(),
  min: Int(),
  count: Int(),
  shortfall: Int(),
  source: Nullable(S()),
}
const StaffingRow = named('StaffingRow', Type.Object({ ...staffingRow, people: Type.Array(S(), { description: '计入的人员姓名' }) }, open))
const StaffingReport = named(
  'StaffingReport',
  Type.Object(
    {
      rows: Type.Array(StaffingRow),
      shortfalls: Type.Array(StaffingRow),
      ok: Bool(),
      villagesOk: Type.Record(S(), Bool(), { description: '嘎查村（社区）→ 服务点人员是否配齐' }),
    },
    open,
  ),
)
const StaffingCheck = named(
  'StaffingCheck',
  Type.Object(
    {
      id: S(),
      date: S(),
      at: S(),
      by: S(),
      villagesOk: Type.Record(S(), Bool()),
      shortfalls: Type.Array(Type.Object(staffingRow, open)),
    },
    open,
  ),
)

const AttendanceRecord = named('AttendanceRecord', Type.Object({ username: S(), date: S(), village: Nullable(S()), by: S(), at: S(), note: Opt(S()) }, open))
const attendanceRow = Type.Object(
  { username: S(), name: S(), villages: Type.Array(Nullable(S())), days: StrList(), count: Int(), min: Int(), shortfall: Int() },
  open,
)
const AttendanceWeek = named(
  'AttendanceWeek',
  Type.Object(
    {
      week: Type.Object({ from: S(), to: S() }, open),
      complete: Bool({ description: 'true：该周已过，缺额为最终结果' }),
      min: Int(),
      source: Nullable(S()),
      rows: Type.Array(attendanceRow),
      shortfalls: Type.Array(attendanceRow),
    },
    open,
  ),
)

const OccurrenceStatus = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('overdue')])
const occurrence = {
  id: S({ description: '任务标识，如 training:2026-B1，分村的加嘎查村标识' }),
  obligation: S(),
  name: S(),
  period: DutyPeriod,
  due: S(),
  village: Nullable(Type.Object({ id: S(), name: S() }, open)),
  createdAt: S(),
  status: OccurrenceStatus,
  dueSoon: Bool(),
  remindOn: S(),
  doneOn: Nullable(S()),
  evidence: Type.Array(Type.Object({ id: S(), date: S(), by: S(), at: S(), late: Bool(), credits: Nullable(StrList()) }, open)),
  form: S({ description: '佐证记录的表单' }),
  source: Nullable(S()),
}
const Occurrence = named('Occurrence', Type.Object(occurrence, open))
const EvidenceRecord = named(
  'EvidenceRecord',
  Type.Object(
    {
      id: S(),
      occurrence: S(),
      obligation: S(),
      periodId: S(),
      village: Nullable(S()),
      date: S(),
      late: Bool(),
      form: Type.Record(S(), Type.Unknown()),
      by: S(),
      at: S(),
      credits: Nullable(Type.Array(S(), { description: '考核中计入的嘎查村（社区）；null：全部' })),
      present: Opt(Type.Object({ usernames: StrList(), names: StrList() }, open)),
    },
    open,
  ),
)
const OccurrenceDetail = Type.Object(
  {
    ...occurrence,
    records: Type.Array(EvidenceRecord),
    roll: Type.Array(Type.Object({ username: S(), name: S(), village: Nullable(S()) }, open), { description: '点名名单' }),
  },
  open,
)

/** The engine's score of one officer (the same shape as the reports' ScoreResult) */
const OfficerScore = Type.Object(
  {
    scoring: S(),
    total: Type.Number(),
    unrounded: Type.Number(),
    max: Type.Number(),
    grade: S(),
    gradeReason: S(),
    vetoed: StrList(),
    variables: Type.Array(Type.Object({ id: S(), name: S(), value: Type.Number(), formula: S(), explain: Opt(S()) }, open)),
    sections: Type.Array(Type.Object({ id: S(), name: S(), raw: Type.Number(), value: Type.Number(), max: Type.Number(), capped: Bool(), note: S() }, open)),
    items: Type.Array(
      Type.Object(
        {
          id: S(),
          section: S(),
          name: S(),
          value: Type.Number(),
          max: Nullable(Type.Number()),
          formula: S(),
          inputs: Type.Record(S(), Type.Unknown()),
          explain: Opt(S()),
        },
        open,
      ),
    ),
    letters: Type.Array(Type.Object({ id: S(), letter: S(), name: S(), count: Type.Number() }, open)),
  },
  { ...open, description: '逐项得分' },
)

const OfficerStats = Type.Object(
  {
    proxied: Int({ description: '代办' }),
    concluded: Int({ description: '办结' }),
    onTime: Int({ description: '按时办结' }),
    late: Int({ description: '超期' }),
    resolved: Int({ description: '化解' }),
    feedback: Int({ description: '已反馈' }),
    satisfied: Int({ description: '满意' }),
    urged: Int({ description: '被催办' }),
    trainingsHeld: Int({ description: '期间举办的培训' }),
    trainingsAttended: Int({ description: '参训' }),
  },
  open,
)

const OfficerMarks = named('OfficerMarks', Type.Object({ values: Type.Record(S(), Type.Unknown()), note: S(), by: S(), at: S() }, open))
const OfficerAssessment = named(
  'OfficerAssessment',
  Type.Object(
    {
      username: S(),
      name: S(),
      roles: StrList(),
      stats: OfficerStats,
      cases: Type.Array(
        Type.Object(
          {
            id: S(),
            number: S(),
            receivedOn: Nullable(S()),
            concludedOn: Nullable(S()),
            onTime: Nullable(Bool()),
            late: Bool(),
            resolved: Nullable(Bool()),
            satisfied: Nullable(Bool()),
            urged: Int(),
          },
          open,
        ),
      ),
      trainings: Type.Array(Type.Object({ occurrence: S(), date: S(), present: Bool() }, open)),
      marks: Nullable(OfficerMarks),
      input: Type.Record(S(), Type.Unknown(), { description: '计分输入' }),
      result: Nullable(OfficerScore),
      problems: Type.Array(Type.Object({ code: S(), message: S() }, open)),
    },
    open,
  ),
)

const ComplaintStatus = Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('replied')])
const ComplaintRow = named(
  'ComplaintRow',
  Type.Object(
    {
      id: S(),
      number: S(),
      state: S(),
      stateName: S(),
      receivedOn: Nullable(S()),
      owner: Nullable(S()),
      replyBy: Nullable(S()),
      status: ComplaintStatus,
      workdaysLeft: Nullable(Int({ description: '距回复期限的工作日数（已回复或不计时为 null）' })),
    },
    open,
  ),
)

const ComplaintReceipt = named(
  'ComplaintReceipt',
  Type.Object(
    {
      number: S(),
      receivedOn: S(),
      replyBy: Nullable(S({ description: '回复期限' })),
      message: S(),
    },
    open,
  ),
)

const NameEn = { name: S(), nameEn: Opt(S()) }
const Notice = named(
  'DutyNotice',
  Type.Object(
    {
      town: S(),
      date: S(),
      scheme: Type.Object({ name: S(), nameEn: Opt(S()), source: Nullable(S()) }, open),
      intro: Nullable(S()),
      system: Type.Object(
        {
          roster: Nullable(
            Type.Object(
              {
                unit: S(),
                unitEn: Opt(S()),
                shifts: Type.Array(
                  Type.Object(
                    { name: S(), perWorkday: Int(), role: S(), perUnit: Opt(S({ description: '每个此类单位各设（如每个二级部门一名带班）' })) },
                    open,
                  ),
                ),
                source: Nullable(S()),
              },
              open,
            ),
          ),
          gridAttendance: Nullable(Type.Object({ minDaysPerWeek: Int(), source: Nullable(S()) }, open)),
          obligations: Type.Array(
            Type.Object(
              {
                ...NameEn,
                cadence: S(),
                every: Int(),
                scope: S(),
                scopeId: Type.Union([Type.Literal('town'), Type.Literal('village')]),
                source: Nullable(S()),
              },
              open,
            ),
          ),
        },
        open,
      ),
      process: Type.Array(Type.Object({ ...NameEn, description: Nullable(S()) }, open)),
      workflow: Nullable(S()),
      workflowEn: Opt(S()),
      timeLimits: Type.Array(Type.Object({ ...NameEn, days: Type.Number(), unit: S(), unitId: ClockUnit(), source: Nullable(S()) }, open)),
      scope: Type.Object(
        {
          proxied: Type.Array(Type.Object({ ...NameEn, description: Nullable(S()) }, open)),
          notProxied: Type.Array(
            Type.Object({ ...NameEn, description: Nullable(S()), when: Type.Array(Type.Object({ name: S(), reason: S(), reasonEn: Opt(S()) }, open)) }, open),
          ),
          groups: Type.Array(Type.Object({ ...NameEn, leader: S(), categories: StrList() }, open)),
        },
        open,
      ),
      servicePoints: Type.Array(
        Type.Object(
          {
            ...NameEn,
            type: S(),
            typeId: S({ description: 'station 或 point' }),
            village: Nullable(S()),
            officers: Type.Array(Type.Object({ name: S(), role: S(), officePhone: Nullable(S()) }, open), { description: '只有姓名、角色和办公电话' }),
          },
          open,
        ),
      ),
      onDutyToday: Nullable(Type.Array(Type.Object({ name: S(), people: StrList() }, open))),
      namesEn: Type.Record(S(), S(), { description: '人员角色和值班班次的中文名 → 英文名（定义中有时）' }),
      complain: Nullable(
        Type.Object(
          {
            ways: StrList(),
            phone: Nullable(S()),
            mailbox: Nullable(S()),
            replyWithin: Nullable(Type.Object({ days: Type.Number(), unit: S(), unitId: ClockUnit() }, open)),
            online: Nullable(Type.Object({ notice: Nullable(S()), form: Type.Record(S(), Type.Unknown()) }, open)),
            source: Nullable(S()),
          },
          open,
        ),
      ),
    },
    {
      ...open,
      description: '公示：代办制度、流程、时限、代办范围、服务站点与代办人员（仅姓名和办公电话）、今日值班、投诉方式；介绍、流程说明等自由文本只有中文',
    },
  ),
)

// ---- requests

const MONTH = Str('月份 YYYY-MM', { pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })
const SchemeMonth = Obj({ id: Str('方案标识', { minLength: 1, maxLength: 200 }), month: MONTH })
/** Checked by the service against the assessment's cadence (422 naming `period`, with an example) */
const PERIOD = Opt(Str('考评期间，如 2026-H1', { maxLength: 20 }))

export function dutyRoutes(d: RouteDeps) {
  const duty = d.duty
  if (!duty) return []
  const challenges = d.channels?.challenges
  const scheme = (id: string) => duty.scheme(id)
  const present = presenter(d)

  return [
    // ---- public (no session)
    route({
      id: 'getDutyNotice',
      method: 'get',
      path: '/api/public/:id/notice',
      tag: 'public',
      summary: '公开：代办制度、流程、时限、代办范围、服务站点与代办人员（仅姓名和办公电话）、投诉方式（无需登录）',
      access: access.public('publicNotice'),
      responses: { 200: Notice },
      handler: async ({ params }) => duty.notice(await scheme(params.id)),
    }),
    ...(challenges
      ? [
          route({
            id: 'submitPublicComplaint',
            method: 'post',
            path: '/api/public/:id/complaints',
            tag: 'public',
            summary: '公开：网上投诉服务（须先完成计算验证；验证只在受理成功时用掉），登记为投诉流程案件，限期回复',
            access: access.public('publicComplaint'),
            body: Obj(
              {
                form: Open('投诉表单（系统填写的日期和固定字段除外）'),
                challenge: Opt(Str('GET /api/public/challenge 取得的 token', { maxLength: 1000 })),
                solution: Opt(Str('计算验证的解', { maxLength: 200 })),
                submissionId: Str('提交编号：每次填写生成一次，重试时不变（8–64 位字母、数字、_ 和 -）', { pattern: '^[A-Za-z0-9_-]{8,64}$' }),
              },
              { required: ['form', 'submissionId'] },
            ),
            responses: { 201: ComplaintReceipt },
            handler: ({ params, body }) =>
              challenges.redeem(body.challenge, body.solution, () => duty.complaints.submitPublic(params.id, body.form, body.submissionId)),
          }),
        ]
      : []),

    // ---- the definition
    route({
      id: 'getDutyDefinition',
      method: 'get',
      path: '/api/duty/:id',
      tag: 'duty',
      summary: '值班、培训与监督定义（duty）',
      access: access.scheme('duty.read'),
      responses: { 200: Type.Object({ schemeId: S(), duty: Type.Record(S(), Type.Unknown(), { description: '方案的 duty 定义' }) }, open) },
      handler: async ({ params }) => {
        const s = await scheme(params.id)
        const def = s.defs.duty
        if (!def) throw new ServiceError('NOT_FOUND', dutyMsg('noDutyDefinition', { id: s.manifest.id }))
        // the roster as scheduled: a per-unit shift (each 二级部门's 带班) as one shift per unit
        return { schemeId: s.manifest.id, duty: (def.roster ? { ...def, roster: rosterDef(s) } : def) as unknown as Record<string, unknown> }
      },
    }),

    // ---- roster
    route({
      id: 'generateDutyRoster',
      method: 'post',
      path: '/api/duty/:id/roster/:month',
      tag: 'duty',
      summary: '生成某月排班（按工作日历，含调休上班日，轮换接续上月）；已生成时需 replace: true（调班记录随之作废）',
      access: access.scheme('duty.manage'),
      params: SchemeMonth,
      body: Obj({ replace: Opt(Bool({ description: 'true：替换已生成的排班' })) }),
      responses: { 201: Roster },
      errors: [409],
      handler: async ({ params, body, actor }) => {
        const roster = await duty.roster.generate(await scheme(params.id), params.month, actor.id, duty.nowIso(), { replace: body.replace === true })
        return { ...roster, counts: RosterService.counts(roster) }
      },
    }),
    route({
      id: 'getDutyRoster',
      method: 'get',
      path: '/api/duty/:id/roster/:month',
      tag: 'duty',
      summary: '某月排班（含调班记录、每人次数、姓名）',
      access: access.scheme('duty.read'),
      params: SchemeMonth,
      responses: { 200: Roster },
      handler: async ({ params }) => {
        const s = await scheme(params.id)
        const roster = await duty.roster.get(s.manifest.id, params.month)
        if (!roster) throw new ServiceError('NOT_FOUND', dutyMsg('notGenerated', { month: params.month }))
        const names = Object.fromEntries((await duty.people(s.manifest.id)).map((p) => [p.username, p.displayName]))
        return { ...roster, counts: RosterService.counts(roster), names }
      },
    }),
    route({
      id: 'getDutyCalendar',
      method: 'get',
      path: '/api/duty/:id/calendar/:month',
      tag: 'duty',
      summary: '某月每日的工作日历：工作日、周末、节假日、调休上班日',
      access: access.scheme('duty.read'),
      params: SchemeMonth,
      responses: { 200: Type.Object({ month: S(), days: Type.Array(CalendarDay) }, open) },
      handler: async ({ params }) => ({ month: params.month, days: monthDays(await scheme(params.id), params.month) }),
    }),
    route({
      // A person on duty swaps their own shift (duty.read, and they are `from` or `to`); anyone
      // else's shift only the roster's managers (duty.manage) may swap.
      id: 'swapDutyShift',
      method: 'post',
      path: '/api/duty/:id/swaps',
      tag: 'duty',
      summary: '调班：顶替，或与 otherDate 当天的值班人互换（记录谁、何时、原因并审计）',
      access: access.scheme('duty.read'),
      body: Obj(
        {
          date: DateStr('调班日期'),
          shift: Str('班次', { maxLength: 100 }),
          from: Str('原值班账号', { maxLength: 100 }),
          to: Str('接替账号', { maxLength: 100 }),
          otherDate: Opt(Nullable(DateStr('互换：对方原来值班的日期'))),
          reason: Str('调班原因（不超过 500 字）', { maxLength: 500 }),
        },
        { required: ['date', 'shift', 'from', 'to', 'reason'] },
      ),
      responses: { 201: SwapRecord },
      errors: [409],
      handler: async ({ params, body, actor, user }) => {
        if (body.from !== user.username && body.to !== user.username && !d.policy().can(user, 'duty.manage', undefined, params.id)) {
          throw new HttpError('FORBIDDEN', dutyMsg('ownShiftsOnly'))
        }
        return duty.roster.swap(await scheme(params.id), body, actor.id, duty.nowIso())
      },
    }),
    route({
      id: 'getOnDuty',
      method: 'get',
      path: '/api/duty/:id/today',
      tag: 'duty',
      summary: '今日（或指定日期）带班、值班人员',
      access: access.scheme('duty.read'),
      query: Obj({ date: Opt(DateStr('日期，默认今天')) }),
      responses: { 200: OnDuty },
      handler: async ({ params, query }) => {
        const s = await scheme(params.id)
        return duty.roster.onDuty(s, query.date ?? duty.today(s))
      },
    }),

    // ---- staffing
    route({
      id: 'getStaffing',
      method: 'get',
      path: '/api/duty/:id/staffing',
      tag: 'duty',
      summary: '人员配备检查：各服务站、服务点代办员人数与缺额，及最近 10 次检查记录',
      access: access.scheme('duty.read'),
      responses: { 200: Type.Intersect([StaffingReport, Type.Object({ date: S(), checks: Type.Array(StaffingCheck) })]) },
      handler: async ({ params }) => {
        const s = await scheme(params.id)
        return { date: duty.today(s), ...(await duty.staffing(s)), checks: (await duty.staffingRecords.list(s.manifest.id)).slice(-10) }
      },
    }),
    route({
      id: 'recordStaffingCheck',
      method: 'post',
      path: '/api/duty/:id/staffing/checks',
      tag: 'duty',
      summary: '检查并记录人员配备（考核绑定项读取此记录）',
      access: access.scheme('duty.manage'),
      responses: { 201: Type.Object({ record: StaffingCheck, report: StaffingReport }, open) },
      handler: async ({ params, actor }) => duty.recordStaffing(await scheme(params.id), actor.id),
    }),

    // ---- grid workers at their point
    route({
      id: 'recordAttendance',
      method: 'post',
      path: '/api/duty/:id/attendance',
      tag: 'duty',
      summary: '登记网格员某日在代办点工作（新登记 201；同人同日已登记过则 200，返回原记录）',
      access: access.scheme('duty.record'),
      body: Obj(
        {
          username: Str('网格员账号', { maxLength: 100 }),
          date: DateStr('驻点日期（不晚于今天）'),
          village: Opt(Str('嘎查村（社区）：网格员属于多个时必填', { maxLength: 100 })),
          note: Opt(Str('备注（不超过 500 字）', { maxLength: 500 })),
        },
        { required: ['username', 'date'] },
      ),
      responses: { 201: AttendanceRecord, 200: AttendanceRecord },
      handler: async ({ params, body, actor, res }) => {
        const s = await scheme(params.id)
        const out = await duty.attendance.record(s, body, actor.id, duty.today(s), duty.nowIso())
        // two success statuses: answered here (the table answers the first it declares)
        res.status(out.created ? 201 : 200).json(out.record)
        return undefined
      },
    }),
    route({
      id: 'getAttendanceWeek',
      method: 'get',
      path: '/api/duty/:id/attendance/week',
      tag: 'duty',
      summary: '网格员周驻点检查（周一至周日）：天数与缺额',
      access: access.scheme('duty.read'),
      query: Obj({ date: Opt(DateStr('该周内任一日期，默认今天')) }),
      responses: { 200: AttendanceWeek },
      handler: async ({ params, query }) => {
        const s = await scheme(params.id)
        const t = duty.today(s)
        return duty.attendance.week(s, query.date ?? t, t)
      },
    }),

    // ---- recurring obligations
    route({
      id: 'listObligations',
      method: 'get',
      path: '/api/duty/:id/obligations',
      tag: 'duty',
      summary: '定期工作任务（培训、会议、自评、满意度评价、考评）及状态 open/done/overdue',
      access: access.scheme('duty.read'),
      query: Obj({
        year: Opt(Str('年份 YYYY，默认今年', { pattern: '^\\d{4}$' })),
        status: Opt(OccurrenceStatus),
        obligation: Opt(Str('定期工作标识', { maxLength: 100 })),
        village: Opt(Str('嘎查村（社区）标识或名称', { maxLength: 100 })),
      }),
      responses: {
        200: Type.Object(
          { year: Int(), today: S(), counts: Type.Object({ open: Int(), done: Int(), overdue: Int() }, open), items: Type.Array(Occurrence) },
          open,
        ),
      },
      handler: async ({ params, query }) => {
        const s = await scheme(params.id)
        const t = duty.today(s)
        const year = Number(query.year ?? t.slice(0, 4))
        const filter: { status?: string; obligation?: string; village?: string } = {}
        if (query.status) filter.status = query.status
        if (query.obligation) filter.obligation = query.obligation
        if (query.village) filter.village = query.village
        const items = await duty.obligations.list(s, year, t, duty.nowIso(), filter)
        const count = (st: string) => items.filter((i) => i.status === st).length
        return { year, today: t, counts: { open: count('open'), done: count('done'), overdue: count('overdue') }, items }
      },
    }),
    route({
      id: 'getObligation',
      method: 'get',
      path: '/api/duty/:id/obligations/:occurrence',
      tag: 'duty',
      summary: '一项定期工作任务，及其记录和点名名单',
      access: access.scheme('duty.read'),
      responses: { 200: OccurrenceDetail },
      handler: async ({ params }) => {
        const s = await scheme(params.id)
        return duty.obligations.get(s, params.occurrence, duty.today(s), duty.nowIso())
      },
    }),
    route({
      id: 'recordObligationEvidence',
      method: 'post',
      path: '/api/duty/:id/obligations/:occurrence/evidence',
      tag: 'duty',
      summary: '登记定期工作的佐证记录（按定义的表单校验；期间未开始时 409）',
      access: access.scheme('duty.record'),
      body: Obj({ form: Open('定期工作的表单') }),
      responses: { 201: EvidenceRecord },
      errors: [409],
      handler: async ({ params, body, actor }) => {
        const s = await scheme(params.id)
        return duty.obligations.record(s, params.occurrence, body.form, actor.id, duty.today(s), duty.nowIso())
      },
    }),
    route({
      id: 'tickDuty',
      method: 'post',
      path: '/api/duty/tick',
      tag: 'duty',
      summary: '立即生成已开始期间的定期工作任务，并发出临期、超期提醒（每项一次）',
      access: access.anyScheme('scheduler.run'),
      responses: { 200: Type.Object({ raised: Int(), items: Type.Array(Reminder) }, open) },
      handler: async () => {
        const raised = await duty.tick()
        return { raised: raised.length, items: raised }
      },
    }),

    // ---- officer assessment
    route({
      id: 'assessOfficers',
      method: 'get',
      path: '/api/duty/:id/officers',
      tag: 'duty',
      summary: '代办员考评：本人案件统计、参训、考评员评分与逐项得分',
      access: access.scheme('report.read'),
      query: Obj({ period: PERIOD, officer: Opt(Str('账号（只看一人）', { maxLength: 100 })) }),
      responses: { 200: Type.Object({ period: DutyPeriod, scoring: S(), officers: Type.Array(OfficerAssessment) }, open) },
      handler: async ({ params, query }) => {
        const s = await scheme(params.id)
        return duty.officers.assess(s, query.period, duty.today(s), query.officer || undefined)
      },
    }),
    route({
      id: 'setOfficerMarks',
      method: 'put',
      path: '/api/duty/:id/officers/:username/marks',
      tag: 'duty',
      summary: '录入考评员评分（按评分表单校验，须填依据；记入审计）',
      access: access.scheme('assessment.enter'),
      query: Obj({ period: PERIOD }),
      body: Obj({ form: Open('评分表单'), note: Str('评分依据（不超过 2000 字）', { maxLength: 2000 }) }),
      responses: { 200: OfficerMarks },
      handler: async ({ params, query, body, actor }) => {
        const s = await scheme(params.id)
        return duty.officers.setMarks(s, query.period, params.username, body, actor.id, duty.nowIso())
      },
    }),

    // ---- service complaints (staff side; assign and reply through /api/cases/:caseId/events)
    route({
      id: 'registerComplaint',
      method: 'post',
      path: '/api/duty/:id/complaints',
      tag: 'duty',
      summary: '登记服务投诉（意见箱、监督电话、来访），可同时指定承办人',
      access: access.scheme('case.register'),
      body: Obj({ form: Open('投诉登记表单'), owner: Opt(Str('承办人账号', { maxLength: 100 })) }, { required: ['form'] }),
      responses: { 201: Case },
      errors: [409],
      // the complaint case as the registering user may see it (masked without case.pii), as POST /api/cases answers
      handler: async ({ params, body, actor, user }) => present(user, await duty.complaints.register(params.id, body, actor, d.policy())),
    }),
    route({
      id: 'listComplaints',
      method: 'get',
      path: '/api/duty/:id/complaints',
      tag: 'duty',
      summary: '服务投诉列表：承办人、回复期限、状态',
      access: access.scheme('case.read'),
      query: Obj({ status: Opt(ComplaintStatus) }),
      responses: { 200: Type.Object({ today: S(), items: Type.Array(ComplaintRow) }, open) },
      // the service's rows carry one of the three statuses (its inferred type widens them to string)
      handler: ({ params, query }) => duty.complaints.list(params.id, query.status) as Promise<{ today: string; items: Array<Static<typeof ComplaintRow>> }>,
    }),

    // ---- office phones (published on the notice board; one per person, whatever the scheme)
    route({
      id: 'listDutyContacts',
      method: 'get',
      path: '/api/duty/:id/contacts',
      tag: 'duty',
      summary: '代办人员办公电话（公示用；按人保存，与方案无关）',
      access: access.scheme('duty.read'),
      responses: { 200: Type.Object({ items: Type.Array(Type.Object({ username: S(), name: S(), officePhone: Nullable(S()) }, open)) }, open) },
      handler: async ({ params }) => {
        const s = await scheme(params.id)
        const people = await duty.people(s.manifest.id)
        const phones = await duty.contacts.phones(people.map((p) => p.username))
        return { items: people.map((p) => ({ username: p.username, name: p.displayName, officePhone: phones.get(p.username) ?? null })) }
      },
    }),
    route({
      id: 'setDutyContact',
      method: 'put',
      path: '/api/duty/:id/contacts/:username',
      tag: 'duty',
      summary: '设置（或以 null 清除）某人的办公电话（只限本方案的人员）',
      access: access.scheme('account.manage'),
      body: Obj({ officePhone: Opt(Nullable(Str('办公电话：5–20 位数字，可含 - 和空格；null 清除', { maxLength: 40 }))) }),
      responses: { 200: Type.Object({ username: S(), officePhone: Nullable(S()) }, open) },
      handler: async ({ params, body, actor }) => {
        const s = await scheme(params.id)
        if (!(await duty.people(s.manifest.id)).some((p) => p.username === params.username))
          throw new ServiceError('NOT_FOUND', dutyMsg('noAccount', { username: params.username }))
        return duty.contacts.set(params.username, body.officePhone ?? null, actor.id, duty.nowIso(), s.manifest.id)
      },
    }),
  ]
}
