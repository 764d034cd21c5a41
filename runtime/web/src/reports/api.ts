/**
 * The reports area's calls to the server: the dashboard, the bulletin (月通报), the yearly summary
 * (年汇总), the letters, the scoring definition and the assessor's entries, with the shapes the
 * contract declares (runtime/server/routes/reports.ts).
 */
import { api } from '../data'
import type { ApiBody, ApiResponse } from '../../../server/contract/types'

/** GET /api/reports/:id/dashboard */
export type Dashboard = ApiResponse<'get', '/api/reports/:id/dashboard'>
/** One bucket of the dashboard (a month, a village or the town): counts, rates and their case-list queries. */
export type DashboardBucket = Dashboard['total']
type ServerBulletin = ApiResponse<'get', '/api/reports/:id/bulletin'>
/** A village's score in the bulletin: counts, inputs, the scoring result, the evidence behind each entered item */
export type VillageScore = ServerBulletin['details'][number]
export type VillageCounts = VillageScore['counts']
export type ScoreResult = VillageScore['result']
export type ScoredItem = ScoreResult['items'][number]
export type Evidence = VillageScore['evidence'][string][number]
export type RecordValue = VillageScore['records'][string]
export type RecordEvidence = RecordValue['records'][number]
export type Period = ServerBulletin['period']
/** An assessor's entry (GET/POST /api/assessment/:id/entries) */
export type AssessmentEntry = ApiResponse<'post', '/api/assessment/:id/entries'>

/** The order the screens show the counts and rates in (the keys are checked against the server's). */
export const COUNT_KEYS = ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied', 'overdue'] as const satisfies ReadonlyArray<
  keyof DashboardBucket
>
export type CountKey = (typeof COUNT_KEYS)[number]
export const RATE_KEYS = ['proxyRate', 'onlineRate', 'concludeRate', 'resolveRate', 'satisfactionRate'] as const satisfies ReadonlyArray<keyof DashboardBucket>
export type RateKey = (typeof RATE_KEYS)[number]
/** The count each rate is made of (its numerator): a click on a rate lists those cases. */
export const RATE_NUMERATOR: Record<RateKey, CountKey> = {
  proxyRate: 'proxied',
  onlineRate: 'online',
  concludeRate: 'concluded',
  resolveRate: 'resolved',
  satisfactionRate: 'satisfied',
}

/**
 * A bulletin row as the screens read it. Narrower than the server's `links: Record<string, string>`:
 * ReportService.bulletin always sends exactly these three queries.
 */
export type BulletinRow = Omit<ServerBulletin['rows'][number], 'links'> & { links: Record<'petitions' | 'month' | 'overdue', string> }
export type Bulletin = Omit<ServerBulletin, 'rows'> & { rows: BulletinRow[] }
export type Yearly = Omit<ApiResponse<'get', '/api/reports/:id/yearly'>, 'annual'> & { annual: Bulletin }

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
export type ScoringDefinition = Omit<ApiResponse<'get', '/api/assessment/:id/definition'>, 'inputs'> & { inputs: JsonSchemaLite }

/** GET /api/assessment/:id/items: the scoring inputs an assessor enters */
export type ManualItem = ApiResponse<'get', '/api/assessment/:id/items'>['items'][number]

/** POST /api/assessment/:id/entries: what the assessor sends; the server adds id, schemeId, by and at. */
export type NewEntry = ApiBody<'post', '/api/assessment/:id/entries'>

const sid = encodeURIComponent
const r = () => api.client.request
const sig = (signal?: AbortSignal) => (signal ? { signal } : {})

export const reportsApi = {
  dashboard: (scheme: string, period: string, signal?: AbortSignal) =>
    r()('get', '/api/reports/:id/dashboard', { params: { id: scheme }, query: { period }, ...sig(signal) }),
  // the contract's row links are a record of queries; ReportService.bulletin always sends the three BulletinRow names
  bulletin: async (scheme: string, period: string, signal?: AbortSignal) =>
    (await r()('get', '/api/reports/:id/bulletin', { params: { id: scheme }, query: { period }, ...sig(signal) })) as Bulletin,
  yearly: async (scheme: string, year: string, signal?: AbortSignal) =>
    (await r()('get', '/api/reports/:id/yearly', { params: { id: scheme }, query: { year }, ...sig(signal) })) as Yearly,
  letters: (scheme: string, period: string, signal?: AbortSignal) =>
    r()('get', '/api/reports/:id/letters', { params: { id: scheme }, query: { period }, ...sig(signal) }),
  // the inputs' JSON Schema is a plain record in the contract; the screens walk it as JsonSchemaLite
  definition: async (scheme: string) => (await r()('get', '/api/assessment/:id/definition', { params: { id: scheme } })) as ScoringDefinition,
  items: (scheme: string) => r()('get', '/api/assessment/:id/items', { params: { id: scheme } }),
  entries: (scheme: string, village?: string, signal?: AbortSignal) =>
    r()('get', '/api/assessment/:id/entries', { params: { id: scheme }, query: village ? { village } : {}, ...sig(signal) }),
  addEntry: (scheme: string, e: NewEntry) => r()('post', '/api/assessment/:id/entries', { params: { id: scheme }, body: e }),
}

/** Where the browser downloads a workbook (same origin, the session cookie goes along). */
export const xlsxHref = {
  bulletin: (scheme: string, period: string) => `/api/reports/${sid(scheme)}/bulletin?period=${sid(period)}&format=xlsx`,
  yearly: (scheme: string, year: string) => `/api/reports/${sid(scheme)}/yearly?year=${sid(year)}&format=xlsx`,
}
