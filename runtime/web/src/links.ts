/** Links between screens that more than one screen builds. */
import type { Reminder } from './api'

/** Where a reminder leads: its case, or the recurring duty (`duty:<scheme>:<occurrence>`) it is about. */
export function reminderHref(r: Pick<Reminder, 'caseId' | 'caseNumber'>): string {
  const duty = /^duty:[^:]+:(.+)$/.exec(r.caseId)
  if (duty) return `#/duty/obligations/${encodeURIComponent(duty[1]!)}`
  return `#/cases/${encodeURIComponent(r.caseNumber)}`
}
