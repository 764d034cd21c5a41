/** Calendar-date arithmetic on "YYYY-MM-DD" strings (no time zones involved). */
const toDays = (d: string) => Math.floor(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000)

export function daysBetween(from: string, to: string): number {
  return toDays(to) - toDays(from)
}

export function addDays(d: string, n: number): string {
  return new Date((toDays(d) + n) * 86_400_000).toISOString().slice(0, 10)
}

/** The window `/api/my/tasks` and the list's `dueSoon` use for "due soon" (calendar days, today included). */
export const DUE_SOON_DAYS = 3

export type DueState = 'overdue' | 'today' | 'soon' | 'later' | 'none'

export function dueState(dueDate: string | null | undefined, today: string | null | undefined): { state: DueState; days: number } {
  if (!dueDate || !today) return { state: 'none', days: 0 }
  const d = daysBetween(today, dueDate)
  if (d < 0) return { state: 'overdue', days: -d }
  if (d === 0) return { state: 'today', days: 0 }
  if (d <= DUE_SOON_DAYS) return { state: 'soon', days: d }
  return { state: 'later', days: d }
}

export function localToday(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}
