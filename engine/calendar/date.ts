/**
 * Local dates as `YYYY-MM-DD` strings. A date in Asia/Shanghai is just a calendar date; arithmetic
 * runs on day numbers (days since 1970-01-01) so no time zone or DST can shift it.
 */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** Day number of a valid date. */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4))
  const mo = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return Math.floor(Date.UTC(y, mo - 1, d) / 86_400_000)
}

export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7
}

export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days)
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}

/**
 * The local date in a time zone at an instant. The runtime calls this with its clock; the engine
 * itself never reads the clock.
 */
const zones = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: string }>()
/** Since then every zone's offset is whole minutes (a few had seconds before), so one minute is one local date. */
const WHOLE_MINUTES_SINCE = Date.UTC(1973, 0, 1)

export function localDate(instant: Date, timeZone = 'Asia/Shanghai'): string {
  let z = zones.get(timeZone)
  if (!z)
    zones.set(
      timeZone,
      (z = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: NaN, date: '' }),
    )
  // formatToParts is the dear part: the date of the last minute asked for is kept
  const ms = instant.getTime()
  const minute = Math.floor(ms / 60_000)
  if (minute === z.minute && ms >= WHOLE_MINUTES_SINCE) return z.date
  const parts = z.format.formatToParts(instant)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  const date = `${get('year')}-${get('month')}-${get('day')}`
  z.minute = minute
  z.date = date
  return date
}
