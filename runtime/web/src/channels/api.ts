/**
 * The channels routes as the staff app calls them (runtime/server/channels-routes.ts): imports
 * (the file itself is the request body, its name in `?filename=`), repeat detection and links,
 * notifications, the repeat counts; and who is on duty today (runtime/server/duty-routes.ts).
 */
import { ApiError, errorFrom, isAbort } from '../api'
import { api } from '../data'
import { storedLang, translate } from '../i18n'
import { csrfToken, signedOut } from '../session'
import type { Channel } from '../../../../engine/scheme/types'
import type { ImportResult, ImportRowError } from '../../../channels/import'
import type { LinkedCases, Similar, SimilarElsewhere, SimilarResult } from '../../../channels/similar'
import type { Notification as StoredNotification } from '../../../channels/notifications'
import type { OnDuty } from '../../../duty/roster'

/** The import settings of a channel, as the org definition has them. */
export type ImportConfig = NonNullable<Channel['import']>

// The server's own types (type-only imports: erased from the bundle)
export type { ImportRowError, ImportResult, Similar, SimilarElsewhere, SimilarResult }

/** GET /api/cases/:caseId/links: this case's kind within its group (null for the first) and the others. */
export type Links = LinkedCases
export type LinkedCase = LinkedCases['items'][number]
/** 重复访 (same channel as an earlier linked case) or 多头访 (another channel) */
export type RepeatKind = NonNullable<LinkedCases['kind']>

/** One in-app notification (the DOM has its own `Notification`, hence the name). */
export type Notice = StoredNotification
export type NoticeKind = Notice['kind']

/** GET /api/reports/:id/repeats (built in runtime/server/channels-routes.ts, no service type). */
export interface Repeats {
  year: string
  items: Array<{ village: string; month: string; repeat: number; multi: number }>
  cases: Array<{ caseId: string; number: string; village: string; month: string; kind: RepeatKind; receivedOn: string; channel: string | null; linked: string[] }>
}

/**
 * GET /api/duty/:id/today. RosterService.onDuty does not send a shift's `nameEn` yet; the
 * suggestion shows it once it does.
 */
export type DutyToday = Omit<OnDuty, 'shifts'> & { shifts: Array<OnDuty['shifts'][number] & { nameEn?: string }> }

/** The import route's body limit (runtime/server/channels-routes.ts). */
export const MAX_IMPORT_MB = 20

const enc = encodeURIComponent

/**
 * Sends a file as the request body. The app's JSON client cannot; this keeps its contract: the
 * CSRF token, the language, a 401 ends the session, and every refusal is an ApiError.
 */
async function upload(path: string, file: Blob): Promise<Response> {
  const lang = storedLang()
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': lang === 'en' ? 'en' : 'zh-CN' }
  const token = csrfToken()
  if (token) headers['x-csrf-token'] = token
  let res: Response
  try {
    res = await fetch(path, { method: 'POST', body: file, headers, credentials: 'same-origin' })
  } catch (e) {
    if (isAbort(e)) throw e
    throw new ApiError(0, 'NETWORK', translate(lang, 'error.network'))
  }
  if (!res.ok) {
    const err = await errorFrom(res, { network: () => translate(lang, 'error.network'), http: (status) => translate(lang, 'error.http', { status }) })
    if (res.status === 401) signedOut(true)
    throw err
  }
  return res
}

function importPath(schemeId: string, channel: string, file: File, q: Record<string, string>): string {
  const p = new URLSearchParams({ filename: file.name, ...q })
  return `/api/schemes/${enc(schemeId)}/import/${enc(channel)}?${p.toString()}`
}

export const channelsApi = {
  importFile: async (schemeId: string, channel: string, file: File, dryRun: boolean): Promise<ImportResult> =>
    (await (await upload(importPath(schemeId, channel, file, dryRun ? { dryRun: '1' } : {}), file)).json()) as ImportResult,
  /** The error report of a file (checked again, nothing created), as CSV the office opens in Excel. */
  errorReport: async (schemeId: string, channel: string, file: File): Promise<Blob> =>
    (await upload(importPath(schemeId, channel, file, { dryRun: '1', report: 'csv' }), file)).blob(),
  similar: (schemeId: string, facts: Record<string, unknown>, signal?: AbortSignal) => api.request<SimilarResult>('POST', `/api/schemes/${enc(schemeId)}/similar`, facts, signal),
  caseSimilar: (caseId: string) => api.request<SimilarResult>('GET', `/api/cases/${enc(caseId)}/similar`),
  links: (caseId: string) => api.request<Links>('GET', `/api/cases/${enc(caseId)}/links`),
  link: (caseId: string, other: string) => api.request<{ linked: string[] }>('POST', `/api/cases/${enc(caseId)}/links`, { caseId: other }),
  unlink: (caseId: string, other: string) => api.request<{ linked: string[] }>('DELETE', `/api/cases/${enc(caseId)}/links/${enc(other)}`),
  notifications: (signal?: AbortSignal) => api.request<{ unread: number; items: Notice[] }>('GET', '/api/my/notifications', undefined, signal),
  markRead: (ids: string[] | 'all') => api.request<{ marked: number }>('POST', '/api/my/notifications/read', ids === 'all' ? { all: true } : { ids }),
  repeats: (schemeId: string, year: string) => api.request<Repeats>('GET', `/api/reports/${enc(schemeId)}/repeats?year=${enc(year)}`),
  dutyToday: (schemeId: string) => api.request<DutyToday>('GET', `/api/duty/${enc(schemeId)}/today`),
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
