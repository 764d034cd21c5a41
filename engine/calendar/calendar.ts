/**
 * The working-day calendar of a scheme: weekends plus, per year, the State Council's holidays and
 * the weekend days made workdays (调休). Built once per scheme version into a sorted table of
 * working-day numbers, so adding N working days is an index lookup, not a day-by-day walk.
 */
import { addCalendarDays, dayNumber, fromDayNumber, isDate, weekday, yearOf } from './date'
import { problem } from '../i18n/messages'
import type { Problem } from '../util/problem'
import type { CalendarDefinition } from '../scheme/types'

export class CalendarError extends Error {
  readonly problem: Problem
  constructor(p: Problem) {
    super(p.message)
    this.name = 'CalendarError'
    this.problem = p
  }
}

export interface DayInfo {
  date: string
  workday: boolean
  /** Why: 'weekday' | 'weekend' | 'holiday' | 'makeup' (调休 workday) */
  kind: 'weekday' | 'weekend' | 'holiday' | 'makeup'
  name?: string
}

export class WorkCalendar {
  readonly from: string
  readonly to: string
  /** Years whose schedule is provisional (statutory days only, not yet the State Council's notice) */
  readonly provisionalYears: readonly string[]
  private readonly firstDay: number
  private readonly lastDay: number
  /** Sorted day numbers of working days in [from, to]. */
  private readonly workdays: Int32Array
  /** For each day offset from firstDay: index into workdays of the first working day >= that day. */
  private readonly nextIndex: Int32Array
  private readonly special = new Map<string, { workday: boolean; name: string }>()
  private readonly weekend: Set<number>
  /** Each day of [from, to] as `YYYY-MM-DD`, by offset from firstDay: a result is a lookup, not a Date. */
  private readonly dates: string[] = []
  /** Day number by date string for [from, to], built on first use (decisions check every start date). */
  private index: Map<string, number> | undefined

  constructor(def: CalendarDefinition) {
    this.weekend = new Set(def.weekend)
    const years = Object.keys(def.years)
      .map(Number)
      .sort((a, b) => a - b)
    const firstYear = years[0] ?? 1970
    const lastYear = years[years.length - 1] ?? 1969
    this.from = `${String(firstYear).padStart(4, '0')}-01-01`
    this.to = `${String(lastYear).padStart(4, '0')}-12-31`
    this.provisionalYears = Object.freeze(years.map(String).filter((y) => def.years[y]!.provisional === true))
    for (const y of years) {
      const year = def.years[String(y)]!
      for (const h of year.holidays) this.special.set(h.date, { workday: false, name: h.name })
      for (const w of year.workdays) this.special.set(w.date, { workday: true, name: w.name })
    }
    this.firstDay = dayNumber(this.from)
    this.lastDay = dayNumber(this.to)
    const span = Math.max(0, this.lastDay - this.firstDay + 1)
    const list: number[] = []
    this.nextIndex = new Int32Array(span + 1)
    for (let d = this.firstDay; d <= this.lastDay; d++) {
      this.nextIndex[d - this.firstDay] = list.length
      const date = fromDayNumber(d)
      this.dates.push(date)
      if (this.isWorkdayUnchecked(date, d)) list.push(d)
    }
    this.nextIndex[span] = list.length
    this.workdays = Int32Array.from(list)
  }

  private isWorkdayUnchecked(date: string, _n: number): boolean {
    const s = this.special.get(date)
    if (s) return s.workday
    return !this.weekend.has(weekday(date))
  }

  /** Does the date fall in a provisional year? */
  isProvisional(date: string): boolean {
    return this.provisionalYears.includes(date.slice(0, 4))
  }

  covers(date: string): boolean {
    const n = dayNumber(date)
    return n >= this.firstDay && n <= this.lastDay
  }

  /** Whether `date` is a valid date within [from, to] (a lookup). */
  covered(date: unknown): date is string {
    return typeof date === 'string' && this.dayIndex().has(date)
  }

  private dayIndex(): Map<string, number> {
    if (!this.index) {
      this.index = new Map()
      for (let i = 0; i < this.dates.length; i++) this.index.set(this.dates[i]!, this.firstDay + i)
    }
    return this.index
  }

  private check(date: string): number {
    const known = this.dayIndex().get(date)
    if (known !== undefined) return known
    if (!isDate(date)) throw new CalendarError(problem('BAD_DATE', '', { value: date }))
    const n = dayNumber(date)
    if (n < this.firstDay || n > this.lastDay) {
      throw new CalendarError(problem('CALENDAR_NOT_COVERED', '', { date, from: this.from, to: this.to }))
    }
    return n
  }

  isWorkday(date: string): boolean {
    return this.isWorkdayUnchecked(date, this.check(date))
  }

  dayInfo(date: string): DayInfo {
    this.check(date)
    const s = this.special.get(date)
    if (s) return { date, workday: s.workday, kind: s.workday ? 'makeup' : 'holiday', name: s.name }
    const weekend = this.weekend.has(weekday(date))
    return { date, workday: !weekend, kind: weekend ? 'weekend' : 'weekday' }
  }

  /**
   * The end of the Nth working day after `date`; the start day itself is not counted
   * (期间开始之日不计算在内). `n = 0` returns `date`. Throws {@link CalendarError} when the result
   * would fall past the calendar's last year: never a silent guess.
   */
  addWorkdays(date: string, n: number): string {
    const start = this.check(date)
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkdays: n must be a whole number >= 0, got ${n}`)
    if (n === 0) return date
    const idx = this.nextIndex[start - this.firstDay + 1]! + n - 1
    if (idx >= this.workdays.length) {
      throw new CalendarError(problem('CALENDAR_NOT_COVERED', '', { date: `${date} + ${n}`, from: this.from, to: this.to }))
    }
    return this.dates[this.workdays[idx]! - this.firstDay]!
  }

  /** Working days in (from, to]: how many working days end after `from` up to and including `to`. */
  workdaysBetween(from: string, to: string): number {
    const a = this.check(from)
    const b = this.check(to)
    if (b === a) return 0
    if (b < a) return -this.workdaysBetween(to, from)
    return this.nextIndex[b - this.firstDay + 1]! - this.nextIndex[a - this.firstDay + 1]!
  }

  /** Add calendar days; still refuses a result outside the calendar, for consistency. */
  addCalendarDays(date: string, n: number): string {
    const start = this.check(date)
    const end = start + n
    if (Number.isInteger(n) && end >= this.firstDay && end <= this.lastDay) return this.dates[end - this.firstDay]!
    const out = addCalendarDays(date, n)
    this.check(out)
    return out
  }

  addDays(date: string, n: number, unit: 'workday' | 'calendar'): string {
    return unit === 'workday' ? this.addWorkdays(date, n) : this.addCalendarDays(date, n)
  }

  /** Working days in one month, for rosters and reports. */
  workdaysInMonth(month: string): string[] {
    const [y, m] = month.split('-').map(Number) as [number, number]
    const out: string[] = []
    for (let d = 1; d <= 31; d++) {
      const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
      if (!isDate(date)) break
      if (this.isWorkday(date)) out.push(date)
    }
    return out
  }
}

/** Structural checks beyond the JSON Schema: dates belong to their year, no date both ways, contiguous years. */
export function checkCalendar(def: CalendarDefinition, at: (pointer: string) => { file: string; pointer: string }): Problem[] {
  const problems: Problem[] = []
  const years = Object.keys(def.years)
    .map(Number)
    .sort((a, b) => a - b)
  for (let i = 1; i < years.length; i++) {
    for (let y = years[i - 1]! + 1; y < years[i]!; y++) {
      const loc = at('/years')
      problems.push(problem('CALENDAR_GAP', loc.pointer, { year: y }, loc.file))
    }
  }
  for (const y of years) {
    const year = def.years[String(y)]!
    const seen = new Map<string, string>()
    const lists = [
      ['holidays', year.holidays],
      ['workdays', year.workdays],
    ] as const
    for (const [listName, list] of lists) {
      list.forEach((entry, i) => {
        const loc = at(`/years/${y}/${listName}/${i}/date`)
        if (yearOf(entry.date) !== y) problems.push(problem('CALENDAR_WRONG_YEAR', loc.pointer, { date: entry.date, year: y }, loc.file))
        const other = seen.get(entry.date)
        if (other && other !== listName) problems.push(problem('CALENDAR_CONFLICT', loc.pointer, { date: entry.date }, loc.file))
        seen.set(entry.date, listName)
      })
    }
  }
  return problems
}
