/**
 * Input checks of the PostgreSQL store: the same shapes and messages FileStore enforces (plain
 * JSON, summary id/number/version, audit at/actor/action), plus one limit of its own: PostgreSQL's
 * jsonb cannot hold the character U+0000, so a value containing it is refused with a TypeError
 * instead of failing later inside the database.
 */
import type { AuditEntry, CaseRecord, Reminder } from '../types'

function shortReason(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** U+0000 as JSON.stringify writes it (an even number of backslashes before it = a real escape). */
const NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/

/** JSON text of a value, refusing what is not plain JSON or cannot be stored in jsonb. */
export function jsonText(value: unknown, what: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw new TypeError(`${what} is not plain JSON (${shortReason(e)})`)
  }
  if (text === undefined) throw new TypeError(`${what} is not plain JSON`)
  if (text.includes('\\u0000') && NUL.test(text)) {
    throw new TypeError(`${what} contains the character U+0000, which PostgreSQL cannot store`)
  }
  return text
}

export function toPlain<T>(value: T, what: string): T {
  return JSON.parse(jsonText(value, what)) as T
}

export function checkRecord(value: CaseRecord, what: string): CaseRecord {
  const rec = toPlain(value, what)
  if (!rec || typeof rec !== 'object' || !rec.summary || typeof rec.summary !== 'object') {
    throw new TypeError(`${what}: summary is required`)
  }
  const s = rec.summary
  if (typeof s.id !== 'string' || s.id === '') throw new TypeError(`${what}: summary.id must be a non-empty string`)
  if (typeof s.number !== 'string' || s.number === '') {
    throw new TypeError(`${what}: summary.number must be a non-empty string`)
  }
  if (!Number.isSafeInteger(s.version) || s.version < 1 || s.version > 2_147_483_647) {
    throw new TypeError(`${what}: summary.version must be a positive integer`)
  }
  if (!Array.isArray(s.units)) s.units = []
  return rec
}

export function checkAudit(list: AuditEntry[], defaultCaseId: string | null): AuditEntry[] {
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
}

export function checkReminder(value: Reminder, i: number): Reminder {
  const r = toPlain(value, `reminders[${i}]`)
  if (!r || typeof r !== 'object' || typeof r.id !== 'string' || r.id === '') {
    throw new TypeError(`reminders[${i}].id must be a non-empty string`)
  }
  if (typeof r.caseId !== 'string') throw new TypeError(`reminders[${i}].caseId must be a string`)
  if (r.acknowledgedBy === undefined || r.acknowledgedBy === '') r.acknowledgedBy = null
  return r
}
