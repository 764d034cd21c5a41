/**
 * Reports: the monthly bulletin (月通报), the yearly summary (年汇总) and the town dashboard, all
 * from the case summaries and the assessor's entries, each number linked to the case-list query
 * that produced it.
 */
import type { CompiledScheme } from '../../engine'
import type { Store, CaseSummary } from '../store'
import { AssessmentService, parsePeriod, type Period, type VillageScore } from './assessment'
import type { VillageCounts } from './counts'
import { casesLink, counted, counting, countByVillage, emptyCounts, reportLinks, tally, yearToDate } from './counts'
import { asOfDate, dueState, localToday } from '../../engine/calendar/due'

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
  /** The day overdue is counted as of (Asia/Shanghai): the period's last day, or today while it runs */
  asOf: string
  rows: BulletinRow[]
  details: VillageScore[]
  /** Town-wide case-list queries: every overdue case as of `asOf` */
  links: { overdue: string }
}

export class ReportService {
  readonly assessment: AssessmentService
  constructor(private readonly store: Store) {
    this.assessment = new AssessmentService(store)
  }

  async summaries(schemeId: string): Promise<CaseSummary[]> {
    return this.store.allSummaries({ schemeId })
  }

  /** `ytd`: the year-to-date counts of the period's end when the caller has them (counts.ts yearToDate). */
  async bulletin(scheme: CompiledScheme, periodId: string, nowIso: string, cached?: CaseSummary[], ytd?: Map<string, VillageCounts>): Promise<Bulletin> {
    const period = parsePeriod(periodId)
    const basis: Period = { id: `${period.id.slice(0, 4)}-YTD-${period.to}`, from: `${period.id.slice(0, 4)}-01-01`, to: period.to, kind: period.kind }
    const summaries = cached ?? (await this.summaries(scheme.manifest.id))
    const details = await this.assessment.scores(scheme, summaries, basis, ytd)
    // a year's own counts are its year-to-date counts
    const monthCounts = period.kind === 'year' && ytd ? ytd : countByVillage(scheme, summaries, period)
    const asOf = asOfDate(period.to, localToday(new Date(nowIso), scheme.manifest.timezone))
    const overdue = new Map<string, number>()
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || s.status !== 'active' || !s.dueDate || !s.receivedOn || s.receivedOn > period.to) continue
      if (dueState(s.dueDate, false, asOf) === 'overdue') overdue.set(s.village ?? '', (overdue.get(s.village ?? '') ?? 0) + 1)
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
        // counted as the assessment counts them: linked repeats left out (counts.ts)
        petitions: casesLink({
          schemeId: scheme.manifest.id,
          machine: 'case',
          village: d.village,
          receivedFrom: basis.from,
          receivedTo: basis.to,
          repeats: '0',
        }),
        month: casesLink({ schemeId: scheme.manifest.id, machine: 'case', village: d.village, receivedFrom: period.from, receivedTo: period.to, repeats: '0' }),
        // still running and already past its time limit as of the period's end (or today)
        overdue: casesLink({ schemeId: scheme.manifest.id, machine: 'case', village: d.village, receivedTo: period.to, dueBefore: asOf }),
      },
    }))
    const links = { overdue: casesLink({ schemeId: scheme.manifest.id, machine: 'case', receivedTo: period.to, dueBefore: asOf }) }
    return { schemeId: scheme.manifest.id, town: scheme.manifest.town, period, scoreBasis: basis, generatedAt: nowIso, asOf, rows, details, links }
  }

  /**
   * 年汇总: each month's year-to-date score and grade per village, and the year's result. The twelve
   * months' counts come from one pass over the cases (yearToDate), each month scored as its
   * bulletin scores it.
   */
  async yearly(scheme: CompiledScheme, year: string, nowIso: string) {
    parsePeriod(`${year}-01`) // refuses what is not a year, as the first month's bulletin did
    const summaries = await this.summaries(scheme.manifest.id)
    const ytd = yearToDate(scheme, summaries, year)
    const months: Array<{ month: string; rows: Array<{ village: string; total: number; grade: string; rank: number }> }> = []
    for (let m = 1; m <= 12; m++) {
      const id = `${year}-${String(m).padStart(2, '0')}`
      const to = parsePeriod(id).to
      const details = await this.assessment.scores(scheme, summaries, { id: `${year}-YTD-${to}`, from: `${year}-01-01`, to, kind: 'month' }, ytd[m - 1])
      months.push({ month: id, rows: details.map((d) => ({ village: d.village, total: d.result.total, grade: d.result.grade, rank: d.rank })) })
    }
    const annual = await this.bulletin(scheme, year, nowIso, summaries, ytd[11])
    return { schemeId: scheme.manifest.id, town: scheme.manifest.town, year, generatedAt: nowIso, months, annual }
  }

  /**
   * The town dashboard: the four rates, satisfaction and overdue counts by month (the whole year)
   * and by village (the year, or one month of it when `periodId` is a month). The rates are counted
   * as the bulletin counts them (counts.ts: linked repeats left out, conclusions as of the end of
   * the bucket's period, feedback among the concluded proxied cases); overdue is as of today, over
   * every case. Every count comes with the case-list query that lists exactly its cases (`links`).
   */
  async dashboard(scheme: CompiledScheme, periodId: string, today: string) {
    const period = parsePeriod(periodId)
    const year = period.id.slice(0, 4)
    const summaries = await this.summaries(scheme.manifest.id)
    const c = counting(scheme, summaries)
    const blank = (): DashboardCounts => ({ ...emptyCounts(), overdue: 0 })
    const add = (a: DashboardCounts, s: CaseSummary, asOf: string) => {
      if (counted(c, s)) tally(c, a, s, asOf)
      if (s.status === 'active' && dueState(s.dueDate, false, today) === 'overdue') a.overdue++
    }
    const byMonth = new Map<string, DashboardCounts>()
    const byVillage = new Map<string, DashboardCounts>()
    const total = blank()
    for (let m = 1; m <= 12; m++) byMonth.set(`${year}-${String(m).padStart(2, '0')}`, blank())
    for (const v of scheme.defs.org.villages) byVillage.set(v.name, blank())
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || !s.receivedOn?.startsWith(year)) continue
      add(byMonth.get(s.receivedOn.slice(0, 7))!, s, parsePeriod(s.receivedOn.slice(0, 7)).to)
      if (s.receivedOn < period.from || s.receivedOn.slice(0, 10) > period.to) continue
      const key = s.village ?? ''
      add(byVillage.get(key) ?? byVillage.set(key, blank()).get(key)!, s, period.to)
      add(total, s, period.to)
    }
    const base = { schemeId: scheme.manifest.id, machine: 'case' }
    const rates = (a: DashboardCounts, where: Record<string, string> | null) => {
      const links = where ? dashboardLinks({ ...base, ...where }) : null
      return {
        ...a,
        proxyRate: a.petitions ? a.proxied / a.petitions : null,
        onlineRate: a.petitions ? a.online / a.petitions : null,
        concludeRate: a.proxied ? a.concluded / a.proxied : null,
        resolveRate: a.proxied ? a.resolved / a.proxied : null,
        satisfactionRate: a.feedback ? a.satisfied / a.feedback : null,
        /** The case list behind each count; null when it cannot be listed (no village recorded) */
        links,
        link: links?.petitions ?? null,
      }
    }
    return {
      year,
      period,
      today,
      months: [...byMonth].map(([month, a]) => ({ month, ...rates(a, { receivedFrom: `${month}-01`, receivedTo: parsePeriod(month).to }) })),
      villages: [...byVillage]
        .map(([village, a]) => ({ village, ...rates(a, village ? { village, receivedFrom: period.from, receivedTo: period.to } : null) }))
        .sort((x, y) => (x.village === '' ? 1 : y.village === '' ? -1 : x.village.localeCompare(y.village, 'zh-CN'))),
      total: rates(total, { receivedFrom: period.from, receivedTo: period.to }),
    }
  }
}

/** GET /api/reports/:id/dashboard */
export type Dashboard = Awaited<ReturnType<ReportService['dashboard']>>
/** GET /api/reports/:id/yearly */
export type Yearly = Awaited<ReturnType<ReportService['yearly']>>

/** A dashboard bucket: the counts the scoring reads, plus what is overdue. */
export interface DashboardCounts extends VillageCounts {
  overdue: number
}

/**
 * Each dashboard count's case-list query: the bucket's filter plus what the count tests, with
 * conclusions as of `asOf` (by default the end of the bucket, `receivedTo`) — the rates' as
 * counts.ts counts them, overdue over every case of the bucket.
 */
export function dashboardLinks(where: Record<string, string>, asOf: string = where.receivedTo ?? ''): Record<keyof DashboardCounts, string> {
  return { ...reportLinks(where, asOf), overdue: casesLink({ ...where, overdue: '1' }) }
}
