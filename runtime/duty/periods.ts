/**
 * Periods of recurring duties, anchored to the calendar year: every N months (N divides 12) from
 * 1 January, so "every two months" is Jan–Feb, Mar–Apr, … and "every half year" Jan–Jun, Jul–Dec.
 * A period is due on its last calendar day. Pure date arithmetic on YYYY-MM-DD strings.
 */
import { addCalendarDays, isDate, weekday, type DutyCadence } from '../../engine'

export interface DutyPeriod {
  /** "2026" (yearly), "2026-H1" (half-year), "2026-Q2" (quarter), "2026-B3" (two months), "2026-T1" (four months), "2026-05" (month) */
  id: string
  /** Chinese label, e.g. "2026年1—2月" */
  name: string
  /** English label, e.g. "Jan–Feb 2026" */
  nameEn: string
  from: string
  /** Last day of the period: the due date */
  to: string
}

const CN = ['一', '二', '三', '四']
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function monthEnd(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`
}

function make(every: DutyCadence, year: number, index: number): DutyPeriod {
  const m1 = (index - 1) * every + 1
  const m2 = m1 + every - 1
  const from = `${year}-${String(m1).padStart(2, '0')}-01`
  const to = monthEnd(year, m2)
  switch (every) {
    case 12:
      return { id: `${year}`, name: `${year}年度`, nameEn: `${year}`, from, to }
    case 6:
      return { id: `${year}-H${index}`, name: `${year}年${index === 1 ? '上' : '下'}半年`, nameEn: `H${index} ${year}`, from, to }
    case 3:
      return { id: `${year}-Q${index}`, name: `${year}年第${CN[index - 1]}季度`, nameEn: `Q${index} ${year}`, from, to }
    case 1:
      return { id: `${year}-${String(m1).padStart(2, '0')}`, name: `${year}年${m1}月`, nameEn: `${MONTH_EN[m1 - 1]} ${year}`, from, to }
    default:
      return {
        id: `${year}-${every === 2 ? 'B' : 'T'}${index}`,
        name: `${year}年${m1}—${m2}月`,
        nameEn: `${MONTH_EN[m1 - 1]}–${MONTH_EN[m2 - 1]} ${year}`,
        from,
        to,
      }
  }
}

/** Every period of a year, in order. */
export function periodsOfYear(every: DutyCadence, year: number): DutyPeriod[] {
  return Array.from({ length: 12 / every }, (_, i) => make(every, year, i + 1))
}

/** The period containing a date. */
export function periodOf(every: DutyCadence, date: string): DutyPeriod {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return make(every, year, Math.floor((month - 1) / every) + 1)
}

/** A period from its id, or null when the id does not fit the cadence. */
export function parseDutyPeriod(every: DutyCadence, id: string): DutyPeriod | null {
  const m = /^(\d{4})(?:-(H|Q|B|T)?(\d{1,2}))?$/.exec(id)
  if (!m) return null
  const year = Number(m[1])
  if (year < 1900 || year > 9999) return null
  return periodsOfYear(every, year).find((p) => p.id === id) ?? null
}

/** Periods (of any year) whose due date falls in [from, to]. */
export function periodsDueWithin(every: DutyCadence, from: string, to: string): DutyPeriod[] {
  const out: DutyPeriod[] = []
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const p of periodsOfYear(every, y)) if (p.to >= from && p.to <= to) out.push(p)
  }
  return out
}

/** The week (Monday to Sunday) containing a date. */
export function weekOf(date: string): { from: string; to: string } {
  const back = (weekday(date) + 6) % 7
  const from = addCalendarDays(date, -back)
  return { from, to: addCalendarDays(from, 6) }
}

/** "YYYY-MM" months from one date to another, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const endY = Number(to.slice(0, 4))
  const endM = Number(to.slice(5, 7))
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) && isDate(`${value}-01`)
}

export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
