/**
 * The channels routes as the staff app calls them (runtime/server/routes/channels.ts): imports
 * (the file itself is the request body, its name in `?filename=`), repeat detection and links,
 * notifications, the repeat counts; and who is on duty today (runtime/server/routes/duty.ts).
 */
import { api } from '../data'
import type { Channel } from '../../../../engine/scheme/types'
import type { ApiResponse } from '../../../server/contract/types'

/** The import settings of a channel, as the org definition has them (the scheme format's type). */
export type ImportConfig = NonNullable<Channel['import']>

/** POST /api/schemes/:id/import/:channel: what was created, skipped as already imported, or refused per row */
export type ImportResult = ApiResponse<'post', '/api/schemes/:id/import/:channel'>
export type ImportRowError = ImportResult['errors'][number]

/** POST /api/schemes/:id/similar, GET /api/cases/:caseId/similar */
export type SimilarResult = ApiResponse<'post', '/api/schemes/:id/similar'>
/** A similar case the user may open */
export type Similar = SimilarResult['items'][number]
/** Similar cases the user may not open: only how many, and where */
export type SimilarElsewhere = SimilarResult['elsewhere'][number]

/** GET /api/cases/:caseId/links: this case's kind within its group (null for the first) and the others. */
export type Links = ApiResponse<'get', '/api/cases/:caseId/links'>
export type LinkedCase = Links['items'][number]
/** 重复访 (same channel as an earlier linked case) or 多头访 (another channel) */
export type RepeatKind = NonNullable<Links['kind']>

/** What a notification is about. The contract lists the same kinds (built from a list, so typed as string there). */
export type NoticeKind = 'assigned' | 'due_soon' | 'overdue' | 'urge' | 'reply' | 'review' | 'info'
/** One in-app notification (the DOM has its own `Notification`, hence the name). */
export type Notice = Omit<ApiResponse<'get', '/api/my/notifications'>['items'][number], 'kind'> & { kind: NoticeKind }

/** GET /api/reports/:id/repeats */
export type Repeats = ApiResponse<'get', '/api/reports/:id/repeats'>

/** GET /api/duty/:id/today */
export type DutyToday = ApiResponse<'get', '/api/duty/:id/today'>

/** The import route's body limit (runtime/server/routes/channels.ts). */
export const MAX_IMPORT_MB = 20

const r = () => api.client.request

/** An import sends the file itself as the body, its name in `?filename=` (the server reads .xlsx by it). */
const importOptions = (schemeId: string, channel: string, file: File, query: { dryRun?: '1'; report?: 'csv' }) => ({
  params: { id: schemeId, channel },
  query: { filename: file.name, ...query },
  body: file,
  contentType: 'application/octet-stream',
})

export const channelsApi = {
  importFile: (schemeId: string, channel: string, file: File, dryRun: boolean): Promise<ImportResult> =>
    r()('post', '/api/schemes/:id/import/:channel', importOptions(schemeId, channel, file, dryRun ? { dryRun: '1' } : {})),
  /** The error report of a file (checked again, nothing created), as CSV the office opens in Excel. */
  errorReport: async (schemeId: string, channel: string, file: File): Promise<Blob> =>
    (await r()('post', '/api/schemes/:id/import/:channel', { ...importOptions(schemeId, channel, file, { dryRun: '1', report: 'csv' }), raw: true })).blob(),
  similar: (schemeId: string, facts: Record<string, unknown>, signal?: AbortSignal) =>
    r()('post', '/api/schemes/:id/similar', { params: { id: schemeId }, body: facts, ...(signal ? { signal } : {}) }),
  caseSimilar: (caseId: string) => r()('get', '/api/cases/:caseId/similar', { params: { caseId } }),
  links: (caseId: string) => r()('get', '/api/cases/:caseId/links', { params: { caseId } }),
  link: (caseId: string, other: string) => r()('post', '/api/cases/:caseId/links', { params: { caseId }, body: { caseId: other } }),
  unlink: (caseId: string, other: string) => r()('delete', '/api/cases/:caseId/links/:otherId', { params: { caseId, otherId: other } }),
  notifications: async (signal?: AbortSignal) => (await r()('get', '/api/my/notifications', signal ? { signal } : {})) as { unread: number; items: Notice[] },
  markRead: (ids: string[] | 'all') => r()('post', '/api/my/notifications/read', { body: ids === 'all' ? { all: true } : { ids } }),
  repeats: (schemeId: string, year: string) => r()('get', '/api/reports/:id/repeats', { params: { id: schemeId }, query: { year } }),
  dutyToday: (schemeId: string) => r()('get', '/api/duty/:id/today', { params: { id: schemeId } }),
}

/** Saves a blob under a file name (an object URL clicked as a download link). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
