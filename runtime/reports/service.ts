/**
 * Reports: the monthly bulletin (月通报), the yearly summary (年汇总) and the town dashboard, all
 * from the case summaries and the assessor's entries, each number linked to the case-list query
 * that produced it.
 */
import type { CompiledScheme } from '../../engine'
import type { Store, CaseSummary } from '../store'
import { AssessmentService, parsePeriod, type Period, type VillageScore } from './assessment'
import type { VillageCounts } from './counts'
import { countByVillage, emptyCounts } from './counts'

export interface BulletinRow {
  rank: number
  village: string
  total: number
  grade: string
  gradeReason: string
  rates: Array<{ id: string; name: string; value: number }>
  /** This month's own statistics */
  month: VillageCounts
  /** Year to date statistics (what the score is computed from) */
  ytd: VillageCounts
  overdue: number
  letters: Array<{ letter: string; name: string; count: number }>
  lift: VillageScore['lift']
  links: Record<string, string>
}

export interface Bulletin {
  schemeId: string
  town: string
  period: Period
  scoreBasis: Period
  generatedAt: string
  rows: BulletinRow[]
  details: VillageScore[]
}

function casesLink(params: Record<string, string | undefined>): string {
  const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')
  return `/api/cases?${q}`
}

export class ReportService {
  readonly assessment: AssessmentService
  constructor(private readonly store: Store) {
    this.assessment = new AssessmentService(store)
  }

  async summaries(schemeId: string): Promise<CaseSummary[]> {
    return this.store.allSummaries({ schemeId })
  }

  async bulletin(scheme: CompiledScheme, periodId: string, nowIso: string, cached?: CaseSummary[]): Promise<Bulletin> {
    const period = parsePeriod(periodId)
    const basis: Period = { id: `${period.id.slice(0, 4)}-YTD-${period.to}`, from: `${period.id.slice(0, 4)}-01-01`, to: period.to, kind: period.kind }
    const summaries = cached ?? (await this.summaries(scheme.manifest.id))
    const details = await this.assessment.scores(scheme, summaries, basis)
    const monthCounts = countByVillage(scheme, summaries, period)
    const overdue = new Map<string, number>()
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || s.status !== 'active' || !s.dueDate || !s.receivedOn || s.receivedOn > period.to) continue
      if (s.dueDate < period.to) overdue.set(s.village ?? '', (overdue.get(s.village ?? '') ?? 0) + 1)
    }
    const rows: BulletinRow[] = details.map((d) => ({
      rank: d.rank,
      village: d.village,
      total: d.result.total,
      grade: d.result.grade,
      gradeReason: d.result.gradeReason,
      rates: d.result.variables.map((v) => ({ id: v.id, name: v.name, value: v.value })),
      month: monthCounts.get(d.village) ?? emptyCounts(),
      ytd: d.counts,
      overdue: overdue.get(d.village) ?? 0,
      letters: d.result.letters.map((l) => ({ letter: l.letter, name: l.name, count: l.count })),
      lift: d.lift.slice(0, 5),
      links: {
        petitions: casesLink({ schemeId: scheme.manifest.id, village: d.village, receivedFrom: basis.from, receivedTo: basis.to }),
        month: casesLink({ schemeId: scheme.manifest.id, village: d.village, receivedFrom: period.from, receivedTo: period.to }),
        overdue: casesLink({ schemeId: scheme.manifest.id, village: d.village, overdue: '1' }),
      },
    }))
    return { schemeId: scheme.manifest.id, town: scheme.manifest.town, period, scoreBasis: basis, generatedAt: nowIso, rows, details }
  }

  /** 年汇总: each month's year-to-date score and grade per village, and the year's result. */
  async yearly(scheme: CompiledScheme, year: string, nowIso: string) {
    const summaries = await this.summaries(scheme.manifest.id)
    const months: Array<{ month: string; rows: Array<{ village: string; total: number; grade: string; rank: number }> }> = []
    for (let m = 1; m <= 12; m++) {
      const id = `${year}-${String(m).padStart(2, '0')}`
      const b = await this.bulletin(scheme, id, nowIso, summaries)
      months.push({ month: id, rows: b.rows.map((r) => ({ village: r.village, total: r.total, grade: r.grade, rank: r.rank })) })
    }
    const annual = await this.bulletin(scheme, year, nowIso, summaries)
    return { schemeId: scheme.manifest.id, town: scheme.manifest.town, year, generatedAt: nowIso, months, annual }
  }

  /** The town dashboard: the four rates, satisfaction and overdue counts by month and by village. */
  async dashboard(scheme: CompiledScheme, year: string, today: string) {
    const summaries = await this.summaries(scheme.manifest.id)
    const online = new Set(scheme.defs.org.channels.filter((c) => c.online).map((c) => c.id))
    const proxiedOutcomes = new Set((scheme.ruleSetFor('outcome')?.def.outcomes ?? []).filter((o) => o.proxied).map((o) => o.id))
    type Agg = { petitions: number; proxied: number; online: number; concluded: number; resolved: number; feedback: number; satisfied: number; overdue: number }
    const blank = (): Agg => ({ petitions: 0, proxied: 0, online: 0, concluded: 0, resolved: 0, feedback: 0, satisfied: 0, overdue: 0 })
    const byMonth = new Map<string, Agg>()
    const byVillage = new Map<string, Agg>()
    for (let m = 1; m <= 12; m++) byMonth.set(`${year}-${String(m).padStart(2, '0')}`, blank())
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || !s.receivedOn?.startsWith(year)) continue
      const month = s.receivedOn.slice(0, 7)
      for (const a of [byMonth.get(month)!, byVillage.get(s.village ?? '') ?? byVillage.set(s.village ?? '', blank()).get(s.village ?? '')!]) {
        a.petitions++
        if (s.channel && online.has(s.channel)) a.online++
        if (s.outcome && proxiedOutcomes.has(s.outcome)) {
          a.proxied++
          if (s.concludedOn) a.concluded++
          if (s.concludedOn && s.resolved) a.resolved++
        }
        if (s.satisfied !== null && s.satisfied !== undefined) {
          a.feedback++
          if (s.satisfied) a.satisfied++
        }
        if (s.status === 'active' && s.dueDate && s.dueDate < today) a.overdue++
      }
    }
    const rates = (a: Agg) => ({
      ...a,
      proxyRate: a.petitions ? a.proxied / a.petitions : null,
      onlineRate: a.petitions ? a.online / a.petitions : null,
      concludeRate: a.proxied ? a.concluded / a.proxied : null,
      resolveRate: a.proxied ? a.resolved / a.proxied : null,
      satisfactionRate: a.feedback ? a.satisfied / a.feedback : null,
    })
    return {
      year,
      months: [...byMonth].map(([month, a]) => ({ month, ...rates(a), link: casesLink({ schemeId: scheme.manifest.id, receivedFrom: `${month}-01`, receivedTo: `${month}-31` }) })),
      villages: [...byVillage].map(([village, a]) => ({ village, ...rates(a), link: casesLink({ schemeId: scheme.manifest.id, village, receivedFrom: `${year}-01-01`, receivedTo: `${year}-12-31` }) })).sort((x, y) => x.village.localeCompare(y.village, 'zh-CN')),
    }
  }
}
