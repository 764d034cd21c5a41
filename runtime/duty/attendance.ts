/**
 * Grid workers at their point (实施方案 三（二）: at least 2 days a week). Days at the point are
 * recorded one per person per date; the weekly check (Monday to Sunday) lists each grid worker's
 * days and the shortfall against the definition's minimum.
 */
import { isDate, type CompiledScheme, type DutyDefinition } from '../../engine'
import type { Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import { holders, villageOf, type Person } from './people'
import { monthsBetween, weekOf } from './periods'

export interface AttendanceRecord {
  username: string
  date: string
  /** Village name of the point */
  village: string | null
  by: string
  at: string
  note?: string
}

export function gridDef(scheme: CompiledScheme): NonNullable<DutyDefinition['gridAttendance']> {
  const g = scheme.defs.duty?.gridAttendance
  if (!g) throw new ServiceError('NOT_FOUND', M('noAttendance', { id: scheme.manifest.id }))
  return g
}

export class AttendanceService {
  constructor(
    private readonly store: Store,
    private readonly people: (schemeId: string) => Promise<Person[]>,
  ) {}

  private key(schemeId: string, month: string) {
    return `duty/${schemeId}/attendance/${month}`
  }

  /** Record a day at the point; recording the same person and day again changes nothing. */
  async record(scheme: CompiledScheme, input: unknown, by: string, today: string, nowIso: string): Promise<{ record: AttendanceRecord; created: boolean }> {
    const def = gridDef(scheme)
    const b = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>
    const problems: Array<{ code: string; pointer: string; message: string }> = []
    for (const k of Object.keys(b))
      if (!['username', 'date', 'village', 'note'].includes(k)) problems.push(fieldProblem('UNKNOWN_FIELD', `/${k}`, M('unknownField', { field: k })))
    if (!isDate(b.date)) problems.push(fieldProblem('INVALID_INPUT', '/date', M('dateFormat')))
    else if (b.date > today) problems.push(fieldProblem('INVALID_INPUT', '/date', M('futureDate')))
    if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > 500)) problems.push(fieldProblem('INVALID_INPUT', '/note', M('noteLength')))
    const person = (await this.people(scheme.manifest.id)).find((p) => p.username === b.username)
    const grants = person ? person.grants.filter((g) => g.role === def.role) : []
    if (!person || !grants.length) problems.push(fieldProblem('NOT_ELIGIBLE', '/username', M('notGridWorker', { who: String(b.username), role: def.role })))
    const org = scheme.defs.org
    let village: string | null = null
    if (grants.length) {
      const villages = grants.map((g) => villageOf(org, g.village)?.name ?? null)
      if (typeof b.village === 'string') {
        village = villageOf(org, b.village)?.name ?? null
        if (!village || !villages.includes(village)) problems.push(fieldProblem('INVALID_INPUT', '/village', M('notOfVillage')))
      } else if (new Set(villages).size > 1) problems.push(fieldProblem('REQUIRED', '/village', M('severalVillages')))
      else village = villages[0] ?? null
    }
    if (problems.length) throw new ServiceError('INVALID_INPUT', M('attendanceInvalid'), problems)
    const date = String(b.date)
    const key = this.key(scheme.manifest.id, date.slice(0, 7))
    const record: AttendanceRecord = { username: person!.username, date, village, by, at: nowIso }
    if (typeof b.note === 'string' && b.note.trim()) record.note = b.note.trim()
    const same = (r: AttendanceRecord) => r.username === record.username && r.date === date
    const stored = (await this.store.getDoc<AttendanceRecord[]>(key))?.find(same)
    if (stored) return { record: stored, created: false }
    // Atomic against other instances: the day is added unless someone recorded it meanwhile.
    let seen = undefined as AttendanceRecord | undefined
    await this.store.updateDoc<AttendanceRecord[]>(key, (all) => {
      seen = (all ?? []).find(same)
      return seen ? (all ?? []) : [...(all ?? []), record]
    })
    if (seen) return { record: seen, created: false }
    await this.store.appendAudit([
      { at: nowIso, actor: by, caseId: null, schemeId: scheme.manifest.id, action: 'duty.attendance', changes: { schemeId: scheme.manifest.id, ...record } },
    ])
    return { record, created: true }
  }

  /** The week containing `date`: each grid worker's days at the point and the shortfall. */
  async week(scheme: CompiledScheme, date: string, today: string) {
    const def = gridDef(scheme)
    if (!isDate(date)) throw new ServiceError('INVALID_INPUT', M('dateFormat'), [fieldProblem('INVALID_INPUT', '/date', M('dateFormat'))])
    const { from, to } = weekOf(date)
    const records: AttendanceRecord[] = []
    for (const m of monthsBetween(from, to)) records.push(...((await this.store.getDoc<AttendanceRecord[]>(this.key(scheme.manifest.id, m))) ?? []))
    const org = scheme.defs.org
    const rows = holders(await this.people(scheme.manifest.id), def.role).map((p) => {
      const days = [...new Set(records.filter((r) => r.username === p.username && r.date >= from && r.date <= to).map((r) => r.date))].sort()
      const villages = p.grants.filter((g) => g.role === def.role).map((g) => villageOf(org, g.village)?.name ?? g.village ?? null)
      return {
        username: p.username,
        name: p.displayName,
        villages,
        days,
        count: days.length,
        min: def.minDaysPerWeek,
        shortfall: Math.max(0, def.minDaysPerWeek - days.length),
      }
    })
    return {
      week: { from, to },
      /** The week is over: a shortfall is final */
      complete: today > to,
      min: def.minDaysPerWeek,
      source: def.source ?? null,
      rows,
      shortfalls: rows.filter((r) => r.shortfall > 0),
    }
  }
}
