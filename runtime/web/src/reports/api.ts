/**
 * The reports area's calls to the server: the dashboard, the bulletin (月通报), the yearly summary
 * (年汇总), the letters, the scoring definition and the assessor's entries. Shapes follow
 * runtime/reports/service.ts and runtime/server/routes/reports.ts.
 */
import { api } from '../data'
import type { ScoreResult } from '../../../../engine/scoring/score'
import type { Bulletin as ServerBulletin, BulletinRow as ServerBulletinRow, Dashboard, DashboardCounts, Yearly as ServerYearly } from '../../../reports/service'
import type { AssessmentEntry, Evidence, Period, ScoringDefinitionView, VillageScore } from '../../../reports/assessment'
import type { VillageCounts } from '../../../reports/counts'
import type { RecordEvidence, RecordValue } from '../../../duty/records'

// The server's own types (type-only imports: erased from the bundle)
export type { ScoreResult, Dashboard, AssessmentEntry, Evidence, Period, VillageScore, VillageCounts, RecordEvidence, RecordValue }
export type ScoredItem = ScoreResult['items'][number]

/** The order the screens show the counts and rates in (the keys are checked against the server's). */
export const COUNT_KEYS = ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied', 'overdue'] as const satisfies ReadonlyArray<keyof DashboardCounts>
export type CountKey = (typeof COUNT_KEYS)[number]
export const RATE_KEYS = ['proxyRate', 'onlineRate', 'concludeRate', 'resolveRate', 'satisfactionRate'] as const satisfies ReadonlyArray<keyof DashboardBucket>
export type RateKey = (typeof RATE_KEYS)[number]
/** The count each rate is made of (its numerator): a click on a rate lists those cases. */
export const RATE_NUMERATOR: Record<RateKey, CountKey> = { proxyRate: 'proxied', onlineRate: 'online', concludeRate: 'concluded', resolveRate: 'resolved', satisfactionRate: 'satisfied' }

/** One bucket of the dashboard (a month, a village or the town): counts, rates and their case-list queries. */
export type DashboardBucket = Dashboard['total']

/**
 * A bulletin row as the screens read it. Narrower than the server's `links: Record<string, string>`:
 * ReportService.bulletin always sends exactly these three queries.
 */
export type BulletinRow = Omit<ServerBulletinRow, 'links'> & { links: Record<'petitions' | 'month' | 'overdue', string> }
export type Bulletin = Omit<ServerBulletin, 'rows'> & { rows: BulletinRow[] }
export type Yearly = Omit<ServerYearly, 'annual'> & { annual: Bulletin }

/** A letter called for a village (GET /api/reports/:id/letters, built from the bulletin's rows). */
export type LetterItem = Pick<BulletinRow, 'village' | 'total' | 'grade' | 'rates'> & BulletinRow['letters'][number]

/** The scoring inputs' JSON Schema as the screens walk it (the server types it as a plain record). */
export interface JsonSchemaLite {
  type?: string
  title?: string
  properties?: Record<string, JsonSchemaLite>
  [k: string]: unknown
}

/** GET /api/assessment/:id/definition */
export type ScoringDefinition = Omit<ScoringDefinitionView, 'inputs'> & { inputs: JsonSchemaLite }

/** GET /api/assessment/:id/items: the scoring inputs an assessor enters (built by the route from manualItems). */
export interface ManualItem {
  item: string
  kind: 'boolean' | 'count'
  title: string
}

/** POST /api/assessment/:id/entries: what the assessor sends; the server adds id, schemeId, by and at. */
export type NewEntry = Pick<AssessmentEntry, 'village' | 'item' | 'value' | 'date' | 'note' | 'attachment'>

const sid = encodeURIComponent

export const reportsApi = {
  dashboard: (scheme: string, period: string, signal?: AbortSignal) => api.request<Dashboard>('GET', `/api/reports/${sid(scheme)}/dashboard?period=${sid(period)}`, undefined, signal),
  bulletin: (scheme: string, period: string, signal?: AbortSignal) => api.request<Bulletin>('GET', `/api/reports/${sid(scheme)}/bulletin?period=${sid(period)}`, undefined, signal),
  yearly: (scheme: string, year: string, signal?: AbortSignal) => api.request<Yearly>('GET', `/api/reports/${sid(scheme)}/yearly?year=${sid(year)}`, undefined, signal),
  letters: (scheme: string, period: string, signal?: AbortSignal) => api.request<Pick<Bulletin, 'period' | 'town'> & { items: LetterItem[] }>('GET', `/api/reports/${sid(scheme)}/letters?period=${sid(period)}`, undefined, signal),
  definition: (scheme: string) => api.request<ScoringDefinition>('GET', `/api/assessment/${sid(scheme)}/definition`),
  items: (scheme: string) => api.request<{ items: ManualItem[] }>('GET', `/api/assessment/${sid(scheme)}/items`),
  entries: (scheme: string, village?: string, signal?: AbortSignal) => api.request<{ items: AssessmentEntry[] }>('GET', `/api/assessment/${sid(scheme)}/entries${village ? `?village=${sid(village)}` : ''}`, undefined, signal),
  addEntry: (scheme: string, e: NewEntry) => api.request<AssessmentEntry>('POST', `/api/assessment/${sid(scheme)}/entries`, e),
}

/** Where the browser downloads a workbook (same origin, the session cookie goes along). */
export const xlsxHref = {
  bulletin: (scheme: string, period: string) => `/api/reports/${sid(scheme)}/bulletin?period=${sid(period)}&format=xlsx`,
  yearly: (scheme: string, year: string) => `/api/reports/${sid(scheme)}/yearly?year=${sid(year)}&format=xlsx`,
}
