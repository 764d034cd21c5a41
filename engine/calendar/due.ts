/**
 * The one definition of overdue / due soon, shared by the server (case list, my tasks, reports,
 * bulletin, xlsx) and the staff app (DueTag, dashboard). Pure: "today" comes in as the local date
 * in Asia/Shanghai (`localToday(clock.now())`), never the machine's own zone.
 *
 * A due date is the last day allowed: a case due today is not overdue, only due soon; it becomes
 * overdue on the next local day. Due soon = from today to `soonDays` calendar days ahead, inclusive.
 */
import { addCalendarDays, dayNumber, localDate } from './date'

export type DueState = 'overdue' | 'dueSoon' | 'onTime' | 'none'

/**
 * The default due-soon window in calendar days (today included) for case lists and queues, when
 * the scheme sets none (deadlines.json `dueSoonDays`). The per-clock warnings (`warnBefore`, in
 * the clock's units) are for reminders; a case-level list has no single clock, so it has this window.
 */
export const DUE_SOON_DAYS = 3

/** The scheme's due-soon window: deadlines.json `dueSoonDays`, else the default. */
export function dueSoonDaysOf(deadlines: { dueSoonDays?: number } | null | undefined): number {
  return deadlines?.dueSoonDays ?? DUE_SOON_DAYS
}

export const DUE_TIME_ZONE = 'Asia/Shanghai'

/** The local date at an instant (default Asia/Shanghai). */
export function localToday(now: Date, timeZone: string = DUE_TIME_ZONE): string {
  return localDate(now, timeZone)
}

/** Calendar days from today to the due date: negative once overdue, 0 on the due date. */
export function daysUntil(dueDate: string, today: string): number {
  return dayNumber(dueDate) - dayNumber(today)
}

export function dueState(dueDate: string | null | undefined, concluded: boolean | undefined, today: string, soonDays: number = DUE_SOON_DAYS): DueState {
  if (!dueDate || concluded) return 'none'
  const d = daysUntil(dueDate, today)
  if (d < 0) return 'overdue'
  if (d <= soonDays) return 'dueSoon'
  return 'onTime'
}

export function isOverdue(dueDate: string | null | undefined, today: string, concluded?: boolean): boolean {
  return dueState(dueDate, concluded, today) === 'overdue'
}

/**
 * The same definition as store filter bounds (the store filters on "due on or before"):
 * overdue = due on or before yesterday; due soon = due from today to today + soonDays.
 */
export function overdueFilter(today: string): { dueOnOrBefore: string } {
  return { dueOnOrBefore: addCalendarDays(today, -1) }
}

export function dueSoonRange(today: string, soonDays: number = DUE_SOON_DAYS): { from: string; to: string } {
  return { from: today, to: addCalendarDays(today, soonDays) }
}

/**
 * "Today" for a report as of a period's end: the period's last day, or today if the period is not
 * over yet (a bulletin for the running month must not count cases due later this month).
 */
export function asOfDate(periodTo: string, today: string): string {
  return periodTo < today ? periodTo : today
}
