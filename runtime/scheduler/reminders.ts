/**
 * Which reminders a case's clocks call for on a given day: 临期 (due soon), 超期 (overdue) and
 * 催办 (urging) at the scheme's cadence. Deterministic ids make raising idempotent: the store
 * inserts an id once, so a scheduler that was stopped for a week raises each missed reminder once.
 */
import type { CompiledScheme } from '../../engine'
import type { CaseSummary, Reminder } from '../store'

export function dueReminders(scheme: CompiledScheme, summary: CaseSummary, today: string, raisedAt: string): Reminder[] {
  const out: Reminder[] = []
  for (const c of summary.clocks ?? []) {
    if (c.status !== 'running') continue
    const def = scheme.clocks.get(c.clock)
    if (!def) continue
    const cal = scheme.calendar
    const base = `${summary.id}:${c.clock}:${c.startedOn}:${c.dueDate}`
    const mk = (kind: Reminder['kind'], suffix: string, forDate: string, message: string): Reminder => ({
      id: `${base}:${suffix}`, caseId: summary.id, caseNumber: summary.number, clock: c.clock, kind, dueDate: c.dueDate, raisedAt, forDate, message,
    })
    let remaining: number
    let past: number
    try {
      remaining = c.unit === 'workday' ? cal.workdaysBetween(today, c.dueDate) : dayDiff(today, c.dueDate)
      past = -remaining
    } catch {
      continue // a date outside the calendar: the health check reports the calendar's end
    }
    if (remaining >= 0 && remaining <= def.warnBefore) {
      out.push(mk('due_soon', 'due_soon', today, `临期提醒：${summary.number}「${def.name}」将于 ${c.dueDate} 到期（剩余 ${remaining} 个${c.unit === 'workday' ? '工作日' : '日'}）`))
    }
    if (today > c.dueDate) {
      out.push(mk('overdue', 'overdue', today, `超期提醒：${summary.number}「${def.name}」已于 ${c.dueDate} 到期，请及时催办`))
      if (past >= def.urge.after) {
        const n = Math.floor((past - def.urge.after) / def.urge.every)
        for (let k = 0; k <= n; k++) {
          out.push(mk('urge', `urge:${k}`, today, `催办：${summary.number}「${def.name}」超期 ${def.urge.after + k * def.urge.every} 个${c.unit === 'workday' ? '工作日' : '日'}起第 ${k + 1} 次催办`))
        }
      }
    }
  }
  return out
}

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
}
