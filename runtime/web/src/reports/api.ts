/**
 * The reports area's calls to the server: the dashboard, the bulletin (月通报), the yearly summary
 * (年汇总), the letters, the scoring definition and the assessor's entries. Shapes follow
 * runtime/reports/service.ts and runtime/server/reports-routes.ts.
 */
import { api } from '../data'
import type { ScoreResult } from '../../../../engine/scoring/score'

export type { ScoreResult }
export type ScoredItem = ScoreResult['items'][number]

export interface Period {
  id: string
  from: string
  to: string
  kind: 'month' | 'year'
}

export const COUNT_KEYS = ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied', 'overdue'] as const
export type CountKey = (typeof COUNT_KEYS)[number]
export const RATE_KEYS = ['proxyRate', 'onlineRate', 'concludeRate', 'resolveRate', 'satisfactionRate'] as const
export type RateKey = (typeof RATE_KEYS)[number]
/** The count each rate is made of (its numerator): a click on a rate lists those cases. */
export const RATE_NUMERATOR: Record<RateKey, CountKey> = { proxyRate: 'proxied', onlineRate: 'online', concludeRate: 'concluded', resolveRate: 'resolved', satisfactionRate: 'satisfied' }

export type DashboardBucket = Record<CountKey, number> &
  Record<RateKey, number | null> & {
    /** `/api/cases?…` per count; null when the cases cannot be listed (no village recorded) */
    links: Record<CountKey, string> | null
  }

export interface Dashboard {
  year: string
  period: Period
  today: string
  months: Array<DashboardBucket & { month: string }>
  villages: Array<DashboardBucket & { village: string }>
  total: DashboardBucket
}

export interface VillageCounts {
  petitions: number
  proxied: number
  online: number
  concluded: number
  resolved: number
  feedback: number
  satisfied: number
}

export interface EntryEvidence {
  source: 'entry'
  id: string
  village: string
  item: string
  value: boolean | number
  date: string
  by: string
  at: string
  note: string
  attachment?: string
}
export interface RecordEvidence {
  source: 'record'
  kind: 'obligation' | 'staffing'
  ref: string
  name: string
  recordId: string
  date: string
  by: string
  at: string
  note: string
}
export type Evidence = EntryEvidence | RecordEvidence

export interface RecordValue {
  value: boolean
  records: RecordEvidence[]
  missing: string[]
  rule: 'any' | 'every'
}

export interface VillageScore {
  village: string
  counts: VillageCounts
  input: Record<string, unknown>
  result: ScoreResult
  rank: number
  evidence: Record<string, Evidence[]>
  records: Record<string, RecordValue>
  overridden: string[]
  lift: Array<{ item: string; name: string; gap: number }>
}

export interface BulletinRow {
  rank: number
  village: string
  total: number
  grade: string
  gradeReason: string
  rates: Array<{ id: string; name: string; value: number }>
  month: VillageCounts
  ytd: VillageCounts
  overdue: number
  letters: Array<{ letter: string; name: string; count: number }>
  lift: VillageScore['lift']
  links: { petitions: string; month: string; overdue: string }
}

export interface Bulletin {
  schemeId: string
  town: string
  period: Period
  scoreBasis: Period
  generatedAt: string
  rows: BulletinRow[]
  details: VillageScore[]
  /** Town-wide case-list queries (the overdue list) */
  links: { overdue: string }
}

export interface Yearly {
  schemeId: string
  town: string
  year: string
  generatedAt: string
  months: Array<{ month: string; rows: Array<{ village: string; total: number; grade: string; rank: number }> }>
  annual: Bulletin
}

export interface LetterItem {
  village: string
  letter: string
  name: string
  count: number
  total: number
  grade: string
  rates: Array<{ id: string; name: string; value: number }>
}

interface Labeled {
  id: string
  name: string
  nameEn?: string
  description?: string
}

export interface JsonSchemaLite {
  type?: string
  title?: string
  properties?: Record<string, JsonSchemaLite>
  [k: string]: unknown
}

/** GET /api/assessment/:id/definition */
export interface ScoringDefinition extends Labeled {
  town: string
  source?: string
  subject: string
  max: number
  grades: Array<{ name: string; nameEn?: string; min: number | null; note?: string }>
  gradeNote?: string
  inputs: JsonSchemaLite
  variables: Array<Labeled & { explain?: string; formula: string }>
  sections: Array<Labeled & { max: number; base?: number; floor?: number; source?: string; items: Array<Labeled & { max?: number; explain?: string; source?: string; formula: string }> }>
  vetoes: Array<Labeled & { grade: string }>
  letters: Array<Labeled & { letter: string; when: string }>
}

export interface ManualItem {
  item: string
  kind: 'boolean' | 'count'
  title: string
}

export interface NewEntry {
  village: string
  item: string
  value: boolean | number
  date: string
  note: string
  attachment?: string
}

const sid = encodeURIComponent

export const reportsApi = {
  dashboard: (scheme: string, period: string, signal?: AbortSignal) => api.request<Dashboard>('GET', `/api/reports/${sid(scheme)}/dashboard?period=${sid(period)}`, undefined, signal),
  bulletin: (scheme: string, period: string, signal?: AbortSignal) => api.request<Bulletin>('GET', `/api/reports/${sid(scheme)}/bulletin?period=${sid(period)}`, undefined, signal),
  yearly: (scheme: string, year: string, signal?: AbortSignal) => api.request<Yearly>('GET', `/api/reports/${sid(scheme)}/yearly?year=${sid(year)}`, undefined, signal),
  letters: (scheme: string, period: string, signal?: AbortSignal) => api.request<{ period: Period; town: string; items: LetterItem[] }>('GET', `/api/reports/${sid(scheme)}/letters?period=${sid(period)}`, undefined, signal),
  definition: (scheme: string) => api.request<ScoringDefinition>('GET', `/api/assessment/${sid(scheme)}/definition`),
  items: (scheme: string) => api.request<{ items: ManualItem[] }>('GET', `/api/assessment/${sid(scheme)}/items`),
  entries: (scheme: string, village?: string, signal?: AbortSignal) => api.request<{ items: EntryEvidence[] }>('GET', `/api/assessment/${sid(scheme)}/entries${village ? `?village=${sid(village)}` : ''}`, undefined, signal),
  addEntry: (scheme: string, e: NewEntry) => api.request<EntryEvidence>('POST', `/api/assessment/${sid(scheme)}/entries`, e),
}

/** Where the browser downloads a workbook (same origin, the session cookie goes along). */
export const xlsxHref = {
  bulletin: (scheme: string, period: string) => `/api/reports/${sid(scheme)}/bulletin?period=${sid(period)}&format=xlsx`,
  yearly: (scheme: string, year: string) => `/api/reports/${sid(scheme)}/yearly?year=${sid(year)}&format=xlsx`,
}
