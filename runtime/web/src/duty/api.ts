/**
 * The duty routes (/api/duty/:id/…) as the duty screens call them, with the shapes the server
 * answers (runtime/duty/*). One small object per scheme: `dutyApi(schemeId)`.
 */
import { api } from '../data'
import type { CaseView } from '../api'

export interface Shift {
  id: string
  name: string
  nameEn?: string
  role: string
  count: number
  description?: string
}

export interface Obligation {
  id: string
  name: string
  nameEn?: string
  every: number
  scope: 'town' | 'village'
  form: string
  dateField: string
  remindBefore: number
  roles?: string[]
  attendance?: { field: string; roles: string[] }
  description?: string
  source?: string
}

export interface DutyDef {
  roster?: { unit: string; shifts: Shift[]; source?: string }
  gridAttendance?: { role: string; minDaysPerWeek: number; source?: string }
  staffing?: { source?: string }
  obligations: Obligation[]
  officerAssessment?: { scoring: string; every: number; roles: string[]; marksForm?: string; source?: string }
  supervision?: { machine: string; registerEvent: string; assignEvent?: string; replyEvent?: string; clock?: string; phone?: string; mailbox?: string; source?: string }
  notice?: { officerRoles: string[] }
  source?: string
}

export interface DayInfo {
  date: string
  workday: boolean
  kind: 'weekday' | 'weekend' | 'holiday' | 'makeup'
  name?: string
}

export interface SwapRecord {
  id: string
  at: string
  by: string
  date: string
  shift: string
  from: string
  to: string
  otherDate: string | null
  reason: string
}

export interface Roster {
  month: string
  unit: string
  generatedAt: string
  generatedBy: string
  eligible: Record<string, string[]>
  days: Array<{ date: string; kind: 'weekday' | 'makeup'; label?: string; shifts: Record<string, string[]> }>
  gaps: Array<{ date: string; shift: string; missing: number }>
  swaps: SwapRecord[]
  counts: Record<string, Record<string, number>>
  /** user name → display name (GET only) */
  names?: Record<string, string>
}

export interface OnDuty {
  date: string
  workday: boolean | null
  dayKind: DayInfo['kind'] | null
  dayName: string | null
  unit: string
  rosterGenerated: boolean
  shifts: Array<{ id: string; name: string; role: string; people: Array<{ username: string; name: string }> }>
  swaps: SwapRecord[]
}

export interface StaffingRow {
  unit: string
  unitName: string
  unitType: string
  village: string | null
  role: string
  roleName: string
  min: number
  count: number
  people: string[]
  shortfall: number
  source: string | null
}

export interface Staffing {
  date: string
  rows: StaffingRow[]
  shortfalls: StaffingRow[]
  ok: boolean
  checks: Array<{ id: string; date: string; at: string; by: string; shortfalls: Array<Omit<StaffingRow, 'people'>> }>
}

export interface AttendanceWeek {
  week: { from: string; to: string }
  complete: boolean
  min: number
  source: string | null
  rows: Array<{ username: string; name: string; villages: Array<string | null>; days: string[]; count: number; min: number; shortfall: number }>
  shortfalls: unknown[]
}

export interface Occurrence {
  id: string
  obligation: string
  name: string
  period: { id: string; name: string; from: string; to: string }
  due: string
  village: { id: string; name: string } | null
  status: 'open' | 'done' | 'overdue'
  dueSoon: boolean
  remindOn: string
  doneOn: string | null
  evidence: Array<{ id: string; date: string; by: string; at: string; late: boolean; credits: string[] | null }>
  form: string
  source: string | null
}

export interface EvidenceRecord {
  id: string
  date: string
  late: boolean
  form: Record<string, unknown>
  by: string
  at: string
  credits: string[] | null
  present?: { usernames: string[]; names: string[] }
}

export interface OccurrenceDetail extends Occurrence {
  records: EvidenceRecord[]
  roll: Array<{ username: string; name: string; village: string | null }>
}

export interface ScoredItem {
  id: string
  section: string
  name: string
  value: number
  max: number | null
  formula: string
  inputs: Record<string, unknown>
  explain?: string
}

export interface OfficerAssessment {
  username: string
  name: string
  roles: string[]
  stats: Record<string, number>
  cases: Array<{ id: string; number: string; receivedOn: string | null; concludedOn: string | null; onTime: boolean | null; late: boolean; resolved: boolean | null; satisfied: boolean | null; urged: number }>
  trainings: Array<{ occurrence: string; date: string; present: boolean }>
  marks: { values: Record<string, unknown>; note: string; by: string; at: string } | null
  input: Record<string, unknown>
  result: {
    total: number
    max: number
    grade: string
    gradeReason: string
    variables: Array<{ id: string; name: string; value: number; formula: string; explain?: string }>
    sections: Array<{ id: string; name: string; raw: number; value: number; max: number; capped: boolean; note: string }>
    items: ScoredItem[]
  } | null
  problems: Array<{ code: string; message: string }>
}

export interface Complaint {
  id: string
  number: string
  state: string
  stateName: string
  receivedOn: string | null
  owner: string | null
  replyBy: string | null
  status: 'open' | 'overdue' | 'replied'
  workdaysLeft: number | null
}

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
    recordStaffing: () => api.request<{ record: Staffing['checks'][number] }>('POST', `${base}/staffing/checks`, {}),
    week: (date?: string) => get<AttendanceWeek>(`/attendance/week${qs({ date })}`),
    attend: (b: { username: string; date: string; village?: string }) => api.request<unknown>('POST', `${base}/attendance`, b),
    obligations: (q: { year?: string; status?: string; obligation?: string }) => get<{ year: number; today: string; counts: Record<'open' | 'done' | 'overdue', number>; items: Occurrence[] }>(`/obligations${qs(q)}`),
    occurrence: (id: string) => get<OccurrenceDetail>(`/obligations/${enc(id)}`),
    recordEvidence: (id: string, form: Record<string, unknown>) => api.request<EvidenceRecord>('POST', `${base}/obligations/${enc(id)}/evidence`, { form }),
    officers: (period: string) => get<{ period: { id: string; name: string; from: string; to: string }; scoring: string; officers: OfficerAssessment[] }>(`/officers${qs({ period })}`),
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
