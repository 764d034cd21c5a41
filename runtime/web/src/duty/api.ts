/**
 * The duty routes (/api/duty/:id/…) as the duty screens call them, with the shapes the server
 * answers (runtime/duty/*). One small object per scheme: `dutyApi(schemeId)`.
 */
import { api } from '../data'
import type { CaseView } from '../api'
import type { DayInfo, DutyDefinition, DutyObligation, DutyShift } from '../../../../engine'
import type { ScoredItem } from '../../../../engine/scoring/score'
import type { Roster as StoredRoster, OnDuty, SwapRecord } from '../../../duty/roster'
import type { StaffingCheckRecord, StaffingReport, StaffingRow } from '../../../duty/staffing'
import type { EvidenceRecord, OccurrenceDetail, OccurrenceStatus, OccurrenceView } from '../../../duty/obligations'
import type { AttendanceService } from '../../../duty/attendance'
import type { OfficerAssessment, OfficerAssessmentService } from '../../../duty/officers'
import type { ComplaintService } from '../../../duty/complaints'

// The server's and the engine's own types (type-only imports: erased from the bundle)
export type { DayInfo, SwapRecord, OnDuty, StaffingRow, EvidenceRecord, OccurrenceDetail, ScoredItem, OfficerAssessment }
export type DutyDef = DutyDefinition
export type Shift = DutyShift
export type Obligation = DutyObligation
/** One task of a recurring obligation, with its status and evidence */
export type Occurrence = OccurrenceView

/** GET /api/duty/:id/roster/:month (POST answers the same without `names`): the stored roster and each person's turns. */
export type Roster = StoredRoster & {
  /** user name → shift id → days on duty */
  counts: Record<string, Record<string, number>>
  /** user name → display name (GET only) */
  names?: Record<string, string>
}

/** GET /api/duty/:id/staffing: the check as of today and the last recorded checks. */
export type Staffing = StaffingReport & { date: string; checks: StaffingCheckRecord[] }

/** GET /api/duty/:id/attendance/week */
export type AttendanceWeek = Awaited<ReturnType<AttendanceService['week']>>

type ComplaintRow = Awaited<ReturnType<ComplaintService['list']>>['items'][number]
/** A service complaint in the list. `status` is one of three (the server's inferred type widens it to string). */
export type Complaint = Omit<ComplaintRow, 'status'> & { status: 'open' | 'overdue' | 'replied' }

/** An office phone of the contacts list (GET /api/duty/:id/contacts, built in the route). */
export interface Person {
  username: string
  name: string
  officePhone: string | null
}

const enc = encodeURIComponent

export function dutyApi(schemeId: string) {
  const base = `/api/duty/${enc(schemeId)}`
  const get = <T>(path: string) => api.request<T>('GET', base + path)
  const qs = (q: Record<string, string | undefined>) => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) if (v) p.set(k, v)
    const s = p.toString()
    return s ? `?${s}` : ''
  }
  return {
    definition: () => get<{ schemeId: string; duty: DutyDef }>(''),
    calendar: (month: string) => get<{ month: string; days: DayInfo[] }>(`/calendar/${enc(month)}`),
    roster: (month: string) => get<Roster>(`/roster/${enc(month)}`),
    generate: (month: string, replace = false) => api.request<Roster>('POST', `${base}/roster/${enc(month)}`, replace ? { replace: true } : {}),
    swap: (b: { date: string; shift: string; from: string; to: string; otherDate?: string; reason: string }) => api.request<SwapRecord>('POST', `${base}/swaps`, b),
    today: (date?: string) => get<OnDuty>(`/today${qs({ date })}`),
    staffing: () => get<Staffing>('/staffing'),
    recordStaffing: () => api.request<{ record: StaffingCheckRecord; report: StaffingReport }>('POST', `${base}/staffing/checks`, {}),
    week: (date?: string) => get<AttendanceWeek>(`/attendance/week${qs({ date })}`),
    attend: (b: { username: string; date: string; village?: string }) => api.request<unknown>('POST', `${base}/attendance`, b),
    obligations: (q: { year?: string; status?: string; obligation?: string }) => get<{ year: number; today: string; counts: Record<OccurrenceStatus, number>; items: Occurrence[] }>(`/obligations${qs(q)}`),
    occurrence: (id: string) => get<OccurrenceDetail>(`/obligations/${enc(id)}`),
    recordEvidence: (id: string, form: Record<string, unknown>) => api.request<EvidenceRecord>('POST', `${base}/obligations/${enc(id)}/evidence`, { form }),
    officers: (period: string) => get<Awaited<ReturnType<OfficerAssessmentService['assess']>>>(`/officers${qs({ period })}`),
    setMarks: (period: string, username: string, form: Record<string, unknown>, note: string) => api.request<unknown>('PUT', `${base}/officers/${enc(username)}/marks${qs({ period })}`, { form, note }),
    complaints: (status?: string) => get<{ today: string; items: Complaint[] }>(`/complaints${qs({ status })}`),
    registerComplaint: (form: Record<string, unknown>, owner?: string) => api.request<CaseView>('POST', `${base}/complaints`, owner ? { form, owner } : { form }),
    people: () => get<{ items: Person[] }>('/contacts'),
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
      out.push(every === 12 ? `${y}` : every === 6 ? `${y}-H${i}` : every === 3 ? `${y}-Q${i}` : every === 1 ? `${y}-${String(i).padStart(2, '0')}` : `${y}-${every === 2 ? 'B' : 'T'}${i}`)
    }
  }
  return out
}
