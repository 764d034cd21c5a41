/**
 * Reports: the monthly bulletin (月通报), the yearly summary (年汇总) and the town dashboard, all
 * from the case summaries and the assessor's entries, each number linked to the case-list query
 * that produced it.
 */
import type { CompiledScheme } from '../../engine'
import type { Store, CaseFilter, CaseSummary } from '../store'
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

/** A store's summaries as stored, not copies (the caller must not change them). */
interface SharedSummaries {
  readSummaries?(filter?: CaseFilter): Promise<readonly CaseSummary[]>
}

export class ReportService {
  readonly assessment: AssessmentService
  constructor(private readonly store: Store) {
    this.assessment = new AssessmentService(store)
  }

  /**
   * The scheme's case summaries, read only. A store that can hand out its own summaries without
   * copying them (`readSummaries`) is asked for those: at 100k cases the copies cost more than the
   * whole yearly count.
   */
  async summaries(schemeId: string): Promise<readonly CaseSummary[]> {
    const store = this.store as Store & SharedSummaries
    return store.readSummaries ? store.readSummaries({ schemeId }) : store.allSummaries({ schemeId })
  }

  /**
   * `ytd`: the year-to-date counts of the period's end when the caller has them (counts.ts
   * yearToDate); `scored`: the villages' scores on that basis when the caller has them too.
   */
  async bulletin(
    scheme: CompiledScheme,
    periodId: string,
    nowIso: string,
    cached?: readonly CaseSummary[],
    ytd?: Map<string, VillageCounts>,
    scored?: VillageScore[],
  ): Promise<Bulletin> {
    const period = parsePeriod(periodId)
    const basis: Period = { id: `${period.id.slice(0, 4)}-YTD-${period.to}`, from: `${period.id.slice(0, 4)}-01-01`, to: period.to, kind: period.kind }
    const summaries = cached ?? (await this.summaries(scheme.manifest.id))
    const details = scored ?? (await this.assessment.scores(scheme, summaries, basis, ytd))
    // a year's own counts are its year-to-date counts
    const monthCounts = period.kind === 'year' && ytd ? ytd : countByVillage(scheme, summaries, period)
    const asOf = asOfDate(period.to, localToday(new Date(nowIso), scheme.manifest.timezone))
    const overdue = new Map<string, number>()
    const late = lateAsOf(asOf)
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || s.status !== 'active' || !s.dueDate || !s.receivedOn || s.receivedOn > period.to) continue
      if (late(s.dueDate)) overdue.set(s.village ?? '', (overdue.get(s.village ?? '') ?? 0) + 1)
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
    let december: VillageScore[] = []
    for (let m = 1; m <= 12; m++) {
      const id = `${year}-${String(m).padStart(2, '0')}`
      const to = parsePeriod(id).to
      const details = await this.assessment.scores(scheme, summaries, { id: `${year}-YTD-${to}`, from: `${year}-01-01`, to, kind: 'month' }, ytd[m - 1])
      months.push({ month: id, rows: details.map((d) => ({ village: d.village, total: d.result.total, grade: d.result.grade, rank: d.rank })) })
      december = details
    }
    // the year's basis is December's: the same counts, entries and records up to the year's end
    const annual = await this.bulletin(scheme, year, nowIso, summaries, ytd[11], december)
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
    const late = lateAsOf(today)
    const blank = (): DashboardCounts => ({ ...emptyCounts(), overdue: 0 })
    const add = (a: DashboardCounts, s: CaseSummary, asOf: string) => {
      if (counted(c, s)) tally(c, a, s, asOf)
      if (s.status === 'active' && s.dueDate && late(s.dueDate)) a.overdue++
    }
    const monthEnds = new Map<string, string>()
    const monthEnd = (month: string) => monthEnds.get(month) ?? monthEnds.set(month, parsePeriod(month).to).get(month)!
    const byMonth = new Map<string, DashboardCounts>()
    const byVillage = new Map<string, DashboardCounts>()
    const total = blank()
    for (let m = 1; m <= 12; m++) byMonth.set(`${year}-${String(m).padStart(2, '0')}`, blank())
    for (const v of scheme.defs.org.villages) byVillage.set(v.name, blank())
    for (const s of summaries) {
      if ((s.machine ?? 'case') !== 'case' || !s.receivedOn?.startsWith(year)) continue
      const month = s.receivedOn.slice(0, 7)
      add(byMonth.get(month)!, s, monthEnd(month))
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

/** Is a due date overdue as of `asOf` (dueState's answer, worked out once per distinct date)? */
function lateAsOf(asOf: string): (dueDate: string) => boolean {
  const known = new Map<string, boolean>()
  return (dueDate) => {
    let late = known.get(dueDate)
    if (late === undefined) known.set(dueDate, (late = dueState(dueDate, false, asOf) === 'overdue'))
    return late
  }
}

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
