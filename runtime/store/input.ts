/**
 * Input checks shared by the stores: plain JSON, summary id/number/version, audit at/actor/action,
 * reminder id/caseId. Each store passes its own JSON conversion (PostgreSQL also refuses U+0000)
 * and its own limits.
 */
import type { AuditEntry, CaseRecord, Reminder } from './types'

export interface InputChecks {
  checkRecord(value: CaseRecord, what: string): CaseRecord
  checkAudit(list: AuditEntry[], defaultCaseId: string | null): AuditEntry[]
  checkReminder(value: Reminder, i: number): Reminder
}

export function inputChecks(toPlain: <T>(value: T, what: string) => T, opts: { maxVersion: number; emptyAcknowledgedIsNull: boolean }): InputChecks {
  return {
    checkRecord(value, what) {
      const rec = toPlain(value, what)
      if (!rec || typeof rec !== 'object' || !rec.summary || typeof rec.summary !== 'object') {
        throw new TypeError(`${what}: summary is required`)
      }
      const s = rec.summary
      if (typeof s.id !== 'string' || s.id === '') throw new TypeError(`${what}: summary.id must be a non-empty string`)
      if (typeof s.number !== 'string' || s.number === '') {
        throw new TypeError(`${what}: summary.number must be a non-empty string`)
      }
      if (!Number.isSafeInteger(s.version) || s.version < 1 || s.version > opts.maxVersion) {
        throw new TypeError(`${what}: summary.version must be a positive integer`)
      }
      if (!Array.isArray(s.units)) s.units = []
      return rec
    },
    checkAudit(list, defaultCaseId) {
      if (!Array.isArray(list)) throw new TypeError('audit must be an array')
      return list.map((entry, i) => {
        const e = toPlain(entry, `audit[${i}]`)
        if (!e || typeof e !== 'object') throw new TypeError(`audit[${i}] must be an object`)
        if (typeof e.at !== 'string' || typeof e.actor !== 'string' || typeof e.action !== 'string') {
          throw new TypeError(`audit[${i}] needs string fields at, actor and action`)
        }
        if (e.caseId === undefined) e.caseId = defaultCaseId
        if (e.caseId !== null && (typeof e.caseId !== 'string' || e.caseId === '')) {
          throw new TypeError(`audit[${i}].caseId must be a non-empty string or null`)
        }
        delete e.seq
        return e
      })
    },
    checkReminder(value, i) {
      const r = toPlain(value, `reminders[${i}]`)
      if (!r || typeof r !== 'object' || typeof r.id !== 'string' || r.id === '') {
        throw new TypeError(`reminders[${i}].id must be a non-empty string`)
      }
      if (typeof r.caseId !== 'string') throw new TypeError(`reminders[${i}].caseId must be a string`)
      if (r.acknowledgedBy === undefined || (opts.emptyAcknowledgedIsNull && r.acknowledgedBy === '')) r.acknowledgedBy = null
      return r
    },
  }
}
