/**
 * Calendar-date arithmetic on "YYYY-MM-DD" strings, and the staff app's view of the one definition
 * of overdue / due soon (engine/calendar/due.ts, the server's too).
 */
import { DUE_SOON_DAYS, daysUntil, dueState as sharedDueState, localToday as shanghaiToday } from '../../../engine/calendar/due'

export { DUE_SOON_DAYS }

const toDays = (d: string) => Math.floor(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000)

export function daysBetween(from: string, to: string): number {
  return toDays(to) - toDays(from)
}

export function addDays(d: string, n: number): string {
  return new Date((toDays(d) + n) * 86_400_000).toISOString().slice(0, 10)
}

/** The shared state, with due soon split into "today" and "soon" for the tags. */
export type DueState = 'overdue' | 'today' | 'soon' | 'later' | 'none'

/** `soonDays`: the scheme's due-soon window (GET /api/schemes/:id `dueSoonDays`), else the default. */
export function dueState(
  dueDate: string | null | undefined,
  today: string | null | undefined,
  soonDays: number = DUE_SOON_DAYS,
): { state: DueState; days: number } {
  if (!dueDate || !today) return { state: 'none', days: 0 }
  const d = daysUntil(dueDate, today)
  switch (sharedDueState(dueDate, false, today, soonDays)) {
    case 'overdue':
      return { state: 'overdue', days: -d }
    case 'dueSoon':
      return d === 0 ? { state: 'today', days: 0 } : { state: 'soon', days: d }
    case 'onTime':
      return { state: 'later', days: d }
    default:
      return { state: 'none', days: 0 }
  }
}

/** Today in Asia/Shanghai, whatever the browser's zone. */
export function localToday(): string {
  return shanghaiToday(new Date())
}
