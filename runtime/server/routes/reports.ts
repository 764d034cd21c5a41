/**
 * Assessment and reports: the scoring definition and its manual items, the assessors' entries,
 * the monthly bulletin (月通报), the yearly summary (年汇总), the letters and the town dashboard,
 * the bulletin and the summary also as .xlsx workbooks. Every route is about the scheme in its
 * path: reading needs report.read there, entering assessment.enter.
 */
import { Type } from '@sinclair/typebox'
import type { Response } from 'express'
import type { CompiledScheme } from '../../../engine'
import { manualItems, scoringDefinitionView } from '../../reports/assessment'
import { bulletinWorkbook, yearlyWorkbook } from '../../reports/xlsx'
import { today } from '../../clock'
import { ServiceError } from '../../errors'
import { serverMsg } from '../messages'
import { access, route } from '../contract/route'
import { Obj, Opt, Str, DateStr, named, ListOf } from '../contract/schemas'
import type { RouteDeps } from './deps'

const open = { additionalProperties: true } as const
const S = Type.String
const Int = Type.Integer
const Num = Type.Number

// ---- response models

const Period = named(
  'ReportPeriod',
  Type.Object(
    {
      id: S({ description: '“2026-10”（月）、“2026”（年）；考核基期为“2026-YTD-2026-10-31”' }),
      from: S(),
      to: S(),
      kind: Type.Union([Type.Literal('month'), Type.Literal('year')]),
    },
    open,
  ),
)

const VillageCounts = named(
  'VillageCounts',
  Type.Object(
    {
      petitions: Int({ description: '信访事项' }),
      proxied: Int({ description: '代办事项' }),
      online: Int({ description: '网访' }),
      concluded: Int({ description: '已办结' }),
      resolved: Int({ description: '已化解' }),
      feedback: Int({ description: '已反馈' }),
      satisfied: Int({ description: '满意' }),
    },
    open,
  ),
)

const ScoreResult = named(
  'ScoreResult',
  Type.Object(
    {
      scoring: S(),
      total: Num(),
      unrounded: Num(),
      max: Num(),
      grade: S(),
      gradeReason: S(),
      vetoed: Type.Array(S()),
      variables: Type.Array(Type.Object({ id: S(), name: S(), value: Num(), formula: S(), explain: Opt(S()) }, open)),
      sections: Type.Array(Type.Object({ id: S(), name: S(), raw: Num(), value: Num(), max: Num(), capped: Type.Boolean(), note: S() }, open)),
      items: Type.Array(
        Type.Object(
          {
            id: S(),
            section: S(),
            name: S(),
            value: Num(),
            max: Type.Union([Num(), Type.Null()]),
            formula: S(),
            inputs: Type.Record(S(), Type.Unknown()),
            explain: Opt(S()),
          },
          open,
        ),
      ),
      letters: Type.Array(Type.Object({ id: S(), letter: S(), name: S(), count: Num() }, open)),
    },
    open,
  ),
)

const AssessmentEntry = named(
  'AssessmentEntry',
  Type.Object(
    {
      id: S(),
      schemeId: S(),
      village: S(),
      item: S({ description: '考核定义中的输入项，如 organization.stableTeam' }),
      value: Type.Union([Type.Boolean(), Num()]),
      date: S({ description: '事实发生或认定的日期' }),
      by: S(),
      at: S(),
      note: S(),
      attachment: Opt(S()),
    },
    open,
  ),
)

/** A duty record that earned a bound item (a training's attendance, a staffing check…). */
const RecordEvidence = named(
  'RecordEvidence',
  Type.Object(
    {
      source: Type.Literal('record'),
      kind: Type.Union([Type.Literal('obligation'), Type.Literal('staffing')]),
      ref: S({ description: '定期工作标识，或 staffing' }),
      name: S({ description: '记录是什么，如“信访代办员教育培训（2026年1—2月）”' }),
      recordId: S(),
      date: S(),
      by: S(),
      at: S(),
      note: S(),
    },
    open,
  ),
)

/** What earned an item: an assessor's entry (source "entry") or a duty record (source "record"). */
const Evidence = named('ScoreEvidence', Type.Union([Type.Intersect([AssessmentEntry, Type.Object({ source: Type.Literal('entry') })]), RecordEvidence]))

const VillageScore = named(
  'VillageScore',
  Type.Object(
    {
      village: S(),
      counts: VillageCounts,
      input: Type.Record(S(), Type.Unknown()),
      result: ScoreResult,
      rank: Int(),
      evidence: Type.Record(S(), Type.Array(Evidence), { description: '各录入项的依据' }),
      records: Type.Record(
        S(),
        Type.Object(
          {
            value: Type.Boolean(),
            records: Type.Array(RecordEvidence),
            missing: Type.Array(S()),
            rule: Type.Union([Type.Literal('any'), Type.Literal('every')]),
          },
          open,
        ),
        { description: '常态化工作记录给出的取值' },
      ),
      overridden: Type.Array(S()),
      lift: Type.Array(Type.Object({ item: S(), name: S(), gap: Num() }, open), { description: '失分最多的项目' }),
    },
    open,
  ),
)

const Rates = Type.Array(Type.Object({ id: S(), name: S(), value: Num() }, open))
const Letter = { letter: S(), name: S(), count: Num() }

const BulletinRow = named(
  'BulletinRow',
  Type.Object(
    {
      rank: Int(),
      village: S(),
      total: Num(),
      grade: S(),
      gradeReason: S(),
      rates: Rates,
      month: VillageCounts,
      ytd: VillageCounts,
      overdue: Int(),
      letters: Type.Array(Type.Object(Letter, open)),
      lift: Type.Array(Type.Object({ item: S(), name: S(), gap: Num() }, open)),
      links: Type.Record(S(), S(), { description: '各数字对应的案件列表查询（petitions、month、overdue）' }),
    },
    open,
  ),
)

const Bulletin = named(
  'Bulletin',
  Type.Object(
    {
      schemeId: S(),
      town: S(),
      period: Period,
      scoreBasis: Period,
      generatedAt: S(),
      asOf: DateStr('超期数的截止日（Asia/Shanghai）：期间的最后一天，期间未结束时为今天'),
      rows: Type.Array(BulletinRow),
      details: Type.Array(VillageScore),
      links: Type.Object({ overdue: S() }, open),
    },
    { ...open, description: '月通报（format=xlsx 时为 .xlsx 工作簿）' },
  ),
)

const Yearly = named(
  'YearlySummary',
  Type.Object(
    {
      schemeId: S(),
      town: S(),
      year: S(),
      generatedAt: S(),
      months: Type.Array(Type.Object({ month: S(), rows: Type.Array(Type.Object({ village: S(), total: Num(), grade: S(), rank: Int() }, open)) }, open)),
      annual: Bulletin,
    },
    { ...open, description: '年汇总（format=xlsx 时为 .xlsx 工作簿）' },
  ),
)

const Letters = Type.Object(
  {
    period: Period,
    town: S(),
    items: Type.Array(Type.Object({ village: S(), ...Letter, total: Num(), grade: S(), rates: Rates }, open)),
  },
  open,
)

const Rate = () => Type.Union([Num(), Type.Null()])
const bucket = {
  petitions: Int(),
  proxied: Int(),
  online: Int(),
  concluded: Int(),
  resolved: Int(),
  feedback: Int(),
  satisfied: Int(),
  overdue: Int(),
  proxyRate: Rate(),
  onlineRate: Rate(),
  concludeRate: Rate(),
  resolveRate: Rate(),
  satisfactionRate: Rate(),
  links: Type.Union(
    [Type.Object({ petitions: S(), proxied: S(), online: S(), concluded: S(), resolved: S(), feedback: S(), satisfied: S(), overdue: S() }, open), Type.Null()],
    { description: '各计数对应的案件列表查询；未填嘎查村的为 null' },
  ),
  link: Type.Union([S(), Type.Null()]),
}
const DashboardBucket = named('DashboardBucket', Type.Object(bucket, open))
const Dashboard = named(
  'Dashboard',
  Type.Object(
    {
      year: S(),
      period: Period,
      today: S(),
      months: Type.Array(Type.Object({ month: S(), ...bucket }, open)),
      villages: Type.Array(Type.Object({ village: S(), ...bucket }, open)),
      total: DashboardBucket,
    },
    open,
  ),
)

const Named = { id: S(), name: S(), nameEn: Opt(S()) }
const ScoringDefinition = named(
  'ScoringDefinition',
  Type.Object(
    {
      town: S(),
      ...Named,
      description: Opt(S()),
      subject: S({ description: '考核对象，如嘎查村（社区）' }),
      max: Num(),
      rounding: Type.Object({ decimals: Int(), mode: Type.Union([Type.Literal('halfUp'), Type.Literal('halfEven'), Type.Literal('floor')]) }, open),
      grades: Type.Array(Type.Object({ name: S(), nameEn: Opt(S()), min: Type.Union([Num(), Type.Null()]), note: Opt(S()) }, open), {
        description: '等次，从高到低；达到 min 即属该等次',
      }),
      gradeNote: Opt(S()),
      source: Opt(S({ description: '考核办法的出处' })),
      inputs: Type.Record(S(), Type.Unknown(), { description: '输入项的 JSON Schema' }),
      variables: Type.Array(Type.Object({ ...Named, explain: Opt(S()), formula: S() }, open)),
      sections: Type.Array(
        Type.Object(
          {
            ...Named,
            description: Opt(S()),
            max: Num(),
            base: Opt(Num()),
            floor: Opt(Num()),
            source: Opt(S()),
            items: Type.Array(Type.Object({ ...Named, max: Opt(Num()), explain: Opt(S()), source: Opt(S()), formula: S() }, open)),
          },
          open,
        ),
      ),
      vetoes: Type.Array(Type.Object({ ...Named, description: Opt(S()), grade: S() }, open)),
      letters: Type.Array(Type.Object({ ...Named, description: Opt(S()), letter: S(), when: S() }, open)),
    },
    open,
  ),
)

const ManualItem = Type.Object({ item: S(), kind: Type.Union([Type.Literal('boolean'), Type.Literal('count')]), title: S() }, open)

// ---- requests

const PERIOD = '^\\d{4}(-\\d{2})?$'
const Format = Opt(Type.Union([Type.Literal('json'), Type.Literal('xlsx')], { description: 'xlsx：下载 .xlsx 工作簿' }))
const NewEntry = Obj({
  village: Str('嘎查村（社区）', { maxLength: 100 }),
  item: Str('考核定义中的输入项', { maxLength: 200 }),
  value: Type.Union([Type.Boolean(), Type.Integer()], { description: '是/否项为 true/false，计数项为 0–10000 的整数' }),
  date: DateStr('事实发生或认定的日期'),
  note: Str('说明或佐证', { maxLength: 2000 }),
  attachment: Opt(Str('附件引用', { maxLength: 500 })),
})

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function reportRoutes(d: RouteDeps) {
  const reports = d.reports
  if (!reports) return []
  const schemeOf = async (id: string) => d.schemes.get(id, (await d.schemes.find(id, 'latest')).hash)
  /** The scheme's scoring definition (the bulletin, the summary and the entries need one) */
  const scoringOf = (s: CompiledScheme) => {
    const def = s.scoring()
    if (!def) throw new ServiceError('NOT_FOUND', serverMsg('noScoring', { id: s.manifest.id }))
    return def
  }
  const xlsx = (res: Response, name: string, buf: Buffer) => {
    res.setHeader('content-type', XLSX)
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    res.send(buf)
  }
  const now = () => d.clock.now().toISOString()

  return [
    // ---- assessment
    route({
      id: 'listAssessmentItems',
      method: 'get',
      path: '/api/assessment/:id/items',
      tag: 'reports',
      summary: '考核员可录入的项目（考核定义的输入项，案件统计除外）',
      access: access.scheme('report.read'),
      responses: { 200: ListOf(ManualItem) },
      handler: async ({ params }) => ({ items: [...manualItems(scoringOf(await schemeOf(params.id)))].map(([item, v]) => ({ item, ...v })) }),
    }),
    route({
      id: 'getScoringDefinition',
      method: 'get',
      path: '/api/assessment/:id/definition',
      tag: 'reports',
      summary: '考核办法：各项分值、公式、等次、一票否决与函件',
      access: access.scheme('report.read'),
      responses: { 200: ScoringDefinition },
      handler: async ({ params }) => {
        const s = await schemeOf(params.id)
        return scoringDefinitionView(scoringOf(s), s.manifest.town)
      },
    }),
    route({
      id: 'listAssessmentEntries',
      method: 'get',
      path: '/api/assessment/:id/entries',
      tag: 'reports',
      summary: '考核员的录入',
      access: access.scheme('report.read'),
      query: Obj({ village: Opt(Str('只看此嘎查村（社区）')) }),
      responses: { 200: ListOf(AssessmentEntry) },
      handler: async ({ params, query }) => {
        const all = await reports.assessment.entries(params.id)
        return { items: query.village ? all.filter((e) => e.village === query.village) : all }
      },
    }),
    route({
      id: 'addAssessmentEntry',
      method: 'post',
      path: '/api/assessment/:id/entries',
      tag: 'reports',
      summary: '录入一项考核事实（须留说明或佐证；记入审计）',
      access: access.scheme('assessment.enter'),
      body: NewEntry,
      responses: { 201: AssessmentEntry },
      handler: async ({ params, body, actor }) => {
        const s = await schemeOf(params.id)
        scoringOf(s)
        return reports.assessment.addEntry(s, body, actor.id, now())
      },
    }),

    // ---- reports
    route({
      id: 'getBulletin',
      method: 'get',
      path: '/api/reports/:id/bulletin',
      tag: 'reports',
      summary: '月通报：各嘎查村（社区）的得分、等次、排名与函件（format=xlsx 下载工作簿）',
      access: access.scheme('report.read'),
      query: Obj({ period: Str('期间：YYYY-MM（月）或 YYYY（年）', { pattern: PERIOD }), format: Format }),
      alsoAs: { [XLSX]: 'format=xlsx' },
      responses: { 200: Bulletin },
      handler: async ({ params, query, res }) => {
        const s = await schemeOf(params.id)
        scoringOf(s)
        const b = await reports.bulletin(s, query.period, now())
        if (query.format === 'xlsx') return void xlsx(res, `${s.manifest.town}信访代办${b.period.id}通报.xlsx`, await bulletinWorkbook(b, s))
        return b
      },
    }),
    route({
      id: 'getYearlySummary',
      method: 'get',
      path: '/api/reports/:id/yearly',
      tag: 'reports',
      summary: '年汇总：各月的年度累计得分与等次，及全年结果（format=xlsx 下载工作簿）',
      access: access.scheme('report.read'),
      query: Obj({ year: Str('年份 YYYY', { pattern: '^\\d{4}$' }), format: Format }),
      alsoAs: { [XLSX]: 'format=xlsx' },
      responses: { 200: Yearly },
      handler: async ({ params, query, res }) => {
        const s = await schemeOf(params.id)
        scoringOf(s)
        const y = await reports.yearly(s, query.year, now())
        if (query.format === 'xlsx') return void xlsx(res, `${s.manifest.town}信访代办${query.year}年汇总.xlsx`, await yearlyWorkbook(y))
        return y
      },
    }),
    route({
      id: 'listLetters',
      method: 'get',
      path: '/api/reports/:id/letters',
      tag: 'reports',
      summary: '各嘎查村（社区）应发的函件（三函一约谈）',
      access: access.scheme('report.read'),
      query: Obj({ period: Str('期间：YYYY-MM（月）或 YYYY（年）', { pattern: PERIOD }) }),
      responses: { 200: Letters },
      handler: async ({ params, query }) => {
        const s = await schemeOf(params.id)
        scoringOf(s)
        const b = await reports.bulletin(s, query.period, now())
        return {
          period: b.period,
          town: b.town,
          items: b.rows.flatMap((row) => row.letters.map((l) => ({ village: row.village, ...l, total: row.total, grade: row.grade, rates: row.rates }))),
        }
      },
    }),
    route({
      id: 'getDashboard',
      method: 'get',
      path: '/api/reports/:id/dashboard',
      tag: 'reports',
      summary: '驾驶舱：按月与按嘎查村（社区）的各项比率与超期数，每个数字附案件列表查询',
      access: access.scheme('report.read'),
      query: Obj({
        period: Opt(Str('YYYY-MM：该月各嘎查村（月份仍覆盖全年）；YYYY：全年', { pattern: PERIOD })),
        year: Opt(Str('年份 YYYY（无 period 时；缺省为今年）', { pattern: '^\\d{4}$' })),
      }),
      responses: { 200: Dashboard },
      handler: async ({ params, query }) => {
        const s = await schemeOf(params.id)
        const t = today(d.clock)
        return reports.dashboard(s, query.period ?? query.year ?? t.slice(0, 4), t)
      },
    }),
  ]
}
