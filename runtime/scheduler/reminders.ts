/**
 * Which reminders a case's clocks call for on a given day: 临期 (due soon), 超期 (overdue, once per
 * due date) and 催办 (urging) at the scheme's cadence. Deterministic ids make raising idempotent: the
 * store inserts an id once.
 *
 * Urging never comes in a burst. On any day a clock has at most one urge, the latest one due: after
 * a server was down for a week the urges it missed are not raised one by one. A clock set on the
 * case after its due date had passed (a back-dated registration, a conclusion recorded late) is
 * told once as overdue on the day it is set, and its urging starts from that day at the cadence:
 * the urges that fell before it was in the system are not raised at all.
 */
import { localDate, type CompiledScheme } from '../../engine'
import type { CaseSummary, Reminder } from '../store'

export function dueReminders(scheme: CompiledScheme, summary: CaseSummary, today: string, raisedAt: string): Reminder[] {
  const out: Reminder[] = []
  // only cases from before clocks kept the day they were set need it (a time-zone format is slow)
  let registered: string | undefined
  const registeredOn = () => (registered ??= localDate(new Date(summary.createdAt), scheme.manifest.timezone))
  for (const c of summary.clocks ?? []) {
    if (c.status !== 'running') continue
    const def = scheme.clocks.get(c.clock)
    if (!def) continue
    const cal = scheme.calendar
    const unitName = c.unit === 'workday' ? '工作日' : '日'
    const unitEn = (n: number) => (c.unit === 'workday' ? (n === 1 ? 'workday' : 'workdays') : n === 1 ? 'day' : 'days')
    const nameEn = def.nameEn ?? def.name
    const base = `${summary.id}:${c.clock}:${c.startedOn}:${c.dueDate}`
    const mk = (kind: Reminder['kind'], suffix: string, message: string, messageEn: string): Reminder => ({
      id: `${base}:${suffix}`,
      caseId: summary.id,
      caseNumber: summary.number,
      clock: c.clock,
      kind,
      dueDate: c.dueDate,
      raisedAt,
      forDate: today,
      message,
      messageEn,
    })
    const units = (from: string, to: string) => (c.unit === 'workday' ? cal.workdaysBetween(from, to) : dayDiff(from, to))
    // cases from before clocks kept the day they were set: a clock started at registration was set that day
    const setOn = c.setOn ?? (c.startedOn > registeredOn() ? c.startedOn : registeredOn())
    let remaining: number
    let lateBy: number
    try {
      remaining = units(today, c.dueDate)
      lateBy = setOn > c.dueDate ? units(c.dueDate, setOn) : -1
    } catch {
      continue // a date outside the calendar: the health check reports the calendar's end
    }
    if (remaining >= 0 && remaining <= def.warnBefore) {
      out.push(
        mk(
          'due_soon',
          'due_soon',
          `临期提醒：${summary.number}「${def.name}」将于 ${c.dueDate} 到期（剩余 ${remaining} 个${unitName}）`,
          `Due soon: ${summary.number} "${nameEn}" is due on ${c.dueDate} (${remaining} ${unitEn(remaining)} left)`,
        ),
      )
    }
    if (today <= c.dueDate) continue
    const past = -remaining
    out.push(
      mk(
        'overdue',
        'overdue',
        `超期提醒：${summary.number}「${def.name}」已于 ${c.dueDate} 到期，请及时催办`,
        `Overdue: ${summary.number} "${nameEn}" was due on ${c.dueDate}; please follow it up`,
      ),
    )
    if (lateBy >= def.urge.after) {
      // set on the case already past its first urge: urging counts from the day it was set
      const j = Math.floor(units(setOn, today) / def.urge.every)
      if (j >= 1)
        out.push(
          mk(
            'urge',
            `urge:set:${j}`,
            `催办：${summary.number}「${def.name}」已超期 ${past} 个${unitName}（计时开始时已超期），第 ${j} 次催办`,
            `Urging no. ${j}: ${summary.number} "${nameEn}" is ${past} ${unitEn(past)} overdue (due ${c.dueDate}; already overdue when the clock was set)`,
          ),
        )
    } else if (past >= def.urge.after) {
      const k = Math.floor((past - def.urge.after) / def.urge.every)
      out.push(
        mk(
          'urge',
          `urge:${k}`,
          `催办：${summary.number}「${def.name}」超期 ${def.urge.after + k * def.urge.every} 个${unitName}起第 ${k + 1} 次催办`,
          `Urging no. ${k + 1}: ${summary.number} "${nameEn}" is overdue (due ${c.dueDate})`,
        ),
      )
    }
  }
  return out
}

/**
 * Is a raised reminder still about the case as it stands? No longer once the case is done
 * (concluded to the end, archived, closed) or the clock it was raised for stopped (concluded) or
 * moved (its due date changed): such a reminder has ended and needs no handling.
 */
export function reminderCurrent(
  r: Pick<Reminder, 'id' | 'caseId' | 'clock'>,
  summary: Pick<CaseSummary, 'id' | 'status' | 'clocks'> | null | undefined,
): boolean {
  if (!summary || summary.status !== 'active') return false
  return (summary.clocks ?? []).some(
    (c) => c.clock === r.clock && c.status !== 'stopped' && r.id.startsWith(`${summary.id}:${c.clock}:${c.startedOn}:${c.dueDate}:`),
  )
}

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
}
