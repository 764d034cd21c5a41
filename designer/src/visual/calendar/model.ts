/**
 * The holiday calendar's model, React-free: what each day of a year is (from calendar.json's
 * holidays and workdays lists and its weekend), setting one day, and writing a year read from the
 * State Council's notice. Years keep the file's shape exactly: `{ holidays: [{date, name}],
 * workdays: [{date, name}] }`, plus `provisional`/`source` where the file has them; a year from a
 * notice is no longer provisional.
 */
import { dayNumber, fromDayNumber, weekday as weekdayOf } from '../../../../engine/calendar/date'
import { noticeYear, type NoticeOptions, type ParsedNotice } from '../../../../engine/calendar/notice'

export interface Day {
  date: string
  name: string
}
export interface YearDoc {
  holidays: Day[]
  workdays: Day[]
  provisional?: boolean
  source?: string
  [k: string]: unknown
}
export interface CalendarDoc {
  kind: 'calendar'
  timezone: string
  weekend: number[]
  source?: string
  years: Record<string, YearDoc>
  [k: string]: unknown
}

export type DayKind = 'holiday' | 'makeup' | 'weekend' | 'weekday'
export interface DayView {
  date: string
  kind: DayKind
  name?: string
  /** Where the entry sits in the file (/years/2027/holidays/3), for special days */
  pointer?: string
}

export const yearsOf = (doc: CalendarDoc): string[] =>
  Object.keys(doc.years ?? {})
    .filter((y) => /^\d{4}$/.test(y))
    .sort()
export const weekendOf = (doc: CalendarDoc): Set<number> => new Set(Array.isArray(doc.weekend) ? doc.weekend : [0, 6])
export { weekdayOf }

/** The special days of one year by date (a date in both lists is shown as the file's later list would count it: a workday). */
export function specialDays(doc: CalendarDoc, year: string): Map<string, DayView> {
  const out = new Map<string, DayView>()
  const y = doc.years?.[year]
  if (!y) return out
  ;(y.holidays ?? []).forEach((d, i) => out.set(d.date, { date: d.date, kind: 'holiday', name: d.name, pointer: `/years/${year}/holidays/${i}` }))
  ;(y.workdays ?? []).forEach((d, i) => out.set(d.date, { date: d.date, kind: 'makeup', name: d.name, pointer: `/years/${year}/workdays/${i}` }))
  return out
}

export function dayView(date: string, special: Map<string, DayView>, weekend: Set<number>): DayView {
  return special.get(date) ?? { date, kind: weekend.has(weekdayOf(date)) ? 'weekend' : 'weekday' }
}

/** The weeks of a month, Monday first, as dates (null outside the month). */
export function monthWeeks(year: number, month: number): Array<Array<string | null>> {
  const first = `${year}-${String(month).padStart(2, '0')}-01`
  const start = dayNumber(first)
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const lead = (weekdayOf(first) + 6) % 7
  const cells: Array<string | null> = Array.from({ length: lead }, () => null)
  for (let d = 0; d < days; d++) cells.push(fromDayNumber(start + d))
  while (cells.length % 7) cells.push(null)
  const weeks: Array<Array<string | null>> = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

const byDate = (a: Day, b: Day) => a.date.localeCompare(b.date)

/** Insert keeping date order (so the file's diff is the one new line). */
function insertSorted(list: Day[], day: Day): Day[] {
  const at = list.findIndex((d) => d.date > day.date)
  return at < 0 ? [...list, day] : [...list.slice(0, at), day, ...list.slice(at)]
}

/**
 * The calendar with one day set: a day off, a make-up workday or back to normal (the weekend rule),
 * with its name. Only that day's entries change; the year must exist.
 */
export function setDay(doc: CalendarDoc, date: string, kind: 'holiday' | 'makeup' | 'normal', name = ''): CalendarDoc {
  const year = date.slice(0, 4)
  const y = doc.years[year]
  if (!y) throw new Error(`setDay: the calendar has no year ${year}; add the year first`)
  let holidays = (y.holidays ?? []).filter((d) => d.date !== date)
  let workdays = (y.workdays ?? []).filter((d) => d.date !== date)
  const hadH = holidays.length !== (y.holidays ?? []).length
  const hadW = workdays.length !== (y.workdays ?? []).length
  if (kind === 'holiday') holidays = hadH ? (y.holidays ?? []).map((d) => (d.date === date ? { ...d, name } : d)) : insertSorted(holidays, { date, name })
  if (kind === 'makeup') workdays = hadW ? (y.workdays ?? []).map((d) => (d.date === date ? { ...d, name } : d)) : insertSorted(workdays, { date, name })
  return { ...doc, years: { ...doc.years, [year]: { ...y, holidays, workdays } } }
}

/** Every name the calendar uses for days off (清明, 国庆节…), most used first. */
export function holidayNames(doc: CalendarDoc): string[] {
  const count = new Map<string, number>()
  for (const y of Object.values(doc.years ?? {})) for (const d of y.holidays ?? []) count.set(d.name, (count.get(d.name) ?? 0) + 1)
  return [...count].sort((a, b) => b[1] - a[1]).map(([n]) => n)
}

/** The name a day is likely to get: the nearest day off within a week (its festival), for a make-up day that festival's 调休上班. */
export function suggestName(doc: CalendarDoc, date: string, kind: 'holiday' | 'makeup'): string {
  const y = doc.years[date.slice(0, 4)]
  const n = dayNumber(date)
  let best: Day | undefined
  for (const d of y?.holidays ?? []) {
    const dist = Math.abs(dayNumber(d.date) - n)
    if (dist > 0 && dist <= 7 && (!best || dist < Math.abs(dayNumber(best.date) - n))) best = d
  }
  if (!best) return ''
  return kind === 'holiday' ? best.name : `${best.name}调休上班`
}

/**
 * What the notice parser needs from this calendar: its weekend, the names it already uses, and the
 * days the year has now (a provisional year's statutory festival days name the days of a combined
 * holiday).
 */
export function noticeOptions(doc: CalendarDoc, year?: number): NoticeOptions {
  const opts: NoticeOptions = { weekend: [...weekendOf(doc)], names: holidayNames(doc) }
  if (year !== undefined) {
    opts.year = year
    const y = doc.years[String(year)]
    if (y) opts.festivalDays = y.holidays ?? []
  }
  return opts
}

/** The year a notice would be written into: refused when it would leave a year missing in between. */
export function noticeTarget(doc: CalendarDoc, year: number): { replaces: 'provisional' | 'published' | null; gap: number | null } {
  const years = yearsOf(doc).map(Number)
  const y = doc.years[String(year)]
  const replaces = y ? (y.provisional ? 'provisional' : 'published') : null
  let gap: number | null = null
  if (!y && years.length) {
    const min = years[0]!
    const max = years[years.length - 1]!
    if (year > max + 1) gap = max + 1
    else if (year < min - 1) gap = year + 1
  }
  return { replaces, gap }
}

/** The calendar with `year` as the notice gives it (no longer provisional; the notice named as its source). */
export function withNotice(doc: CalendarDoc, n: ParsedNotice): CalendarDoc {
  const year = noticeYear(n)
  const key = String(n.year)
  const old = doc.years[key]
  // members other than the four the schema knows would be refused anyway; keep the year's key order
  const next = { ...(old ?? {}), ...year } as YearDoc
  delete next.provisional
  const years: Record<string, YearDoc> = { ...doc.years, [key]: next }
  // days it gives the year before or after (元旦 from 12月31日) go there when the calendar has that year
  for (const d of spills(doc, n)) {
    const y = years[d.year]!
    years[d.year] = { ...y, [d.list]: insertSorted(y[d.list] ?? [], { date: d.date, name: d.name }) }
  }
  const ordered = Object.fromEntries(
    Object.keys(years)
      .sort()
      .map((k) => [k, years[k]!]),
  )
  return { ...doc, years: ordered }
}

/** The notice's days of another year that the calendar has (and does not list yet): written there too. */
export function spills(doc: CalendarDoc, n: ParsedNotice): Array<{ year: string; list: 'holidays' | 'workdays'; date: string; name: string }> {
  const out: Array<{ year: string; list: 'holidays' | 'workdays'; date: string; name: string }> = []
  for (const list of ['holidays', 'workdays'] as const) {
    for (const d of n.outside?.[list] ?? []) {
      const y = doc.years[d.date.slice(0, 4)]
      if (y && !y.holidays?.some((x) => x.date === d.date) && !y.workdays?.some((x) => x.date === d.date))
        out.push({ year: d.date.slice(0, 4), list, date: d.date, name: d.name })
    }
  }
  return out
}

/** What replacing a year changes: days added, removed and renamed, per list. */
export function compareYear(old: YearDoc | undefined, next: { holidays: Day[]; workdays: Day[] }) {
  const diff = (a: Day[] = [], b: Day[]) => {
    const am = new Map(a.map((d) => [d.date, d.name]))
    const bm = new Map(b.map((d) => [d.date, d.name]))
    return {
      added: b.filter((d) => !am.has(d.date)).sort(byDate),
      removed: a.filter((d) => !bm.has(d.date)).sort(byDate),
      renamed: b.filter((d) => am.has(d.date) && am.get(d.date) !== d.name).map((d) => ({ date: d.date, from: am.get(d.date)!, to: d.name })),
    }
  }
  return { holidays: diff(old?.holidays, next.holidays), workdays: diff(old?.workdays, next.workdays) }
}

/** "10月1日–8日、10月11日": consecutive dates of one list shown as ranges. */
export function ranges(dates: string[], lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const sorted = [...dates].sort()
  const out: string[] = []
  const md = (d: string) => (lang === 'en' ? d.slice(5) : `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`)
  const tail = (a: string, b: string) => (lang === 'en' ? b.slice(5) : a.slice(5, 7) === b.slice(5, 7) ? `${Number(b.slice(8))}日` : md(b))
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && dayNumber(sorted[j + 1]!) === dayNumber(sorted[j]!) + 1) j++
    out.push(i === j ? md(sorted[i]!) : `${md(sorted[i]!)}–${tail(sorted[i]!, sorted[j]!)}`)
    i = j + 1
  }
  return out.join(lang === 'en' ? ', ' : '、')
}

/** An empty year after the last (or the first year when there is none). */
export function withEmptyYear(doc: CalendarDoc, year: number): CalendarDoc {
  const years = { ...doc.years, [String(year)]: { holidays: [], workdays: [] } }
  return {
    ...doc,
    years: Object.fromEntries(
      Object.keys(years)
        .sort()
        .map((k) => [k, years[k]!]),
    ),
  }
}
