/**
 * The duty routes (/api/duty/:id/…) as the duty screens call them, with the shapes the contract
 * declares (runtime/server/routes/duty.ts). One small object per scheme: `dutyApi(schemeId)`.
 */
import { api } from '../data'
import type { DutyDefinition, DutyObligation } from '../../../../engine'
import type { ApiQuery, ApiResponse } from '../../../server/contract/types'
// eslint-disable-next-line daiban/layers -- a type only; its place is the route contract's schema (left from #19: one web kit)
import type { ScheduledShift } from '../../../duty/roster'
import type { ScoreResult } from '../reports/api'

/**
 * The scheme's duty definition (the contract sends it as the scheme files have it: the scheme
 * format's type), its roster as scheduled: a per-unit shift (each 二级部门's 带班) comes as one
 * shift per unit, each naming its unit and the shift it is a copy of (`of`).
 */
export type DutyDef = Omit<DutyDefinition, 'roster'> & { roster?: Omit<NonNullable<DutyDefinition['roster']>, 'shifts'> & { shifts: Shift[] } }
export type Shift = ScheduledShift
export type Obligation = DutyObligation

/** GET /api/duty/:id/calendar/:month: one day of the working calendar */
export type DayInfo = ApiResponse<'get', '/api/duty/:id/calendar/:month'>['days'][number]

/** GET /api/duty/:id/roster/:month (POST answers the same without `names`): the stored roster and each person's turns. */
export type Roster = ApiResponse<'get', '/api/duty/:id/roster/:month'>
export type SwapRecord = ApiResponse<'post', '/api/duty/:id/swaps'>
/** GET /api/duty/:id/today */
export type OnDuty = ApiResponse<'get', '/api/duty/:id/today'>

/** GET /api/duty/:id/staffing: the check as of today and the last recorded checks. */
export type Staffing = ApiResponse<'get', '/api/duty/:id/staffing'>
export type StaffingRow = Staffing['rows'][number]

/** GET /api/duty/:id/attendance/week */
export type AttendanceWeek = ApiResponse<'get', '/api/duty/:id/attendance/week'>

/** One task of a recurring obligation, with its status and evidence */
export type Occurrence = ApiResponse<'get', '/api/duty/:id/obligations'>['items'][number]
/** GET /api/duty/:id/obligations/:occurrence: the task, its records and the roll */
export type OccurrenceDetail = ApiResponse<'get', '/api/duty/:id/obligations/:occurrence'>
export type EvidenceRecord = ApiResponse<'post', '/api/duty/:id/obligations/:occurrence/evidence'>

type ServerOfficers = ApiResponse<'get', '/api/duty/:id/officers'>
/**
 * One officer's assessment (GET /api/duty/:id/officers). The contract names only the total and
 * grade of `result`; the service sends the whole score breakdown, as the reports' ScoreResult.
 */
export type OfficerAssessment = Omit<ServerOfficers['officers'][number], 'result'> & { result: ScoreResult | null }
export type OfficerAssessments = Omit<ServerOfficers, 'officers'> & { officers: OfficerAssessment[] }

export type OccurrenceStatus = Occurrence['status']

/** A service complaint in the list */
export type Complaint = ApiResponse<'get', '/api/duty/:id/complaints'>['items'][number]

/** An office phone of the contacts list (GET /api/duty/:id/contacts). */
export type Person = ApiResponse<'get', '/api/duty/:id/contacts'>['items'][number]

export function dutyApi(schemeId: string) {
  const r = api.client.request
  const id = { id: schemeId }
  const opt = <T extends Record<string, string | undefined>>(q: T) => Object.fromEntries(Object.entries(q).filter(([, v]) => !!v)) as Partial<T>
  return {
    definition: async () => (await r('get', '/api/duty/:id', { params: id })) as unknown as { schemeId: string; duty: DutyDef },
    calendar: (month: string) => r('get', '/api/duty/:id/calendar/:month', { params: { ...id, month } }),
    roster: (month: string) => r('get', '/api/duty/:id/roster/:month', { params: { ...id, month } }),
    generate: (month: string, replace = false) =>
      r('post', '/api/duty/:id/roster/:month', { params: { ...id, month }, body: replace ? { replace: true } : {} }),
    swap: (b: { date: string; shift: string; from: string; to: string; otherDate?: string; reason: string }) =>
      r('post', '/api/duty/:id/swaps', { params: id, body: b }),
    today: (date?: string) => r('get', '/api/duty/:id/today', { params: id, query: opt({ date }) }),
    staffing: () => r('get', '/api/duty/:id/staffing', { params: id }),
    recordStaffing: () => r('post', '/api/duty/:id/staffing/checks', { params: id }),
    week: (date?: string) => r('get', '/api/duty/:id/attendance/week', { params: id, query: opt({ date }) }),
    attend: (b: { username: string; date: string; village?: string }) => r('post', '/api/duty/:id/attendance', { params: id, body: b }),
    obligations: (q: Pick<ApiQuery<'get', '/api/duty/:id/obligations'>, 'year' | 'status' | 'obligation'>) =>
      r('get', '/api/duty/:id/obligations', { params: id, query: opt(q) }),
    occurrence: (occurrence: string) => r('get', '/api/duty/:id/obligations/:occurrence', { params: { ...id, occurrence } }),
    recordEvidence: (occurrence: string, form: Record<string, unknown>) =>
      r('post', '/api/duty/:id/obligations/:occurrence/evidence', { params: { ...id, occurrence }, body: { form } }),
    officers: async (period: string) => (await r('get', '/api/duty/:id/officers', { params: id, query: { period } })) as OfficerAssessments,
    setMarks: (period: string, username: string, form: Record<string, unknown>, note: string) =>
      r('put', '/api/duty/:id/officers/:username/marks', { params: { ...id, username }, query: { period }, body: { form, note } }),
    complaints: (status?: Complaint['status']) => r('get', '/api/duty/:id/complaints', { params: id, query: opt({ status }) }),
    registerComplaint: (form: Record<string, unknown>, owner?: string) =>
      r('post', '/api/duty/:id/complaints', { params: id, body: owner ? { form, owner } : { form } }),
    people: () => r('get', '/api/duty/:id/contacts', { params: id }),
  }
}

export type DutyApi = ReturnType<typeof dutyApi>

/** "2026-03" → "2026-02" / "2026-04" */
export function shiftMonth(month: string, by: number): string {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7)) - 1 + by
  const yy = y + Math.floor(m / 12)
  const mm = ((m % 12) + 12) % 12
  return `${yy}-${String(mm + 1).padStart(2, '0')}`
}

/** Monday-first weekday index (0 = Monday … 6 = Sunday) of a YYYY-MM-DD date. */
export function mondayIndex(date: string): number {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).getUTCDay()
  return (d + 6) % 7
}

/** The half-year (or other cadence) periods an assessment can look at: this year's and last year's, newest first. */
export function periodIds(every: number, today: string): string[] {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  const out: string[] = []
  for (const y of [year, year - 1]) {
    const n = 12 / every
    for (let i = n; i >= 1; i--) {
      if (y === year && (i - 1) * every + 1 > month) continue
      out.push(
        every === 12
          ? `${y}`
          : every === 6
            ? `${y}-H${i}`
            : every === 3
              ? `${y}-Q${i}`
              : every === 1
                ? `${y}-${String(i).padStart(2, '0')}`
                : `${y}-${every === 2 ? 'B' : 'T'}${i}`,
      )
    }
  }
  return out
}
