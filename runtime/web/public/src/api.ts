/**
 * The public API (no sign-in): scheme info, the challenge, filing a petition, status lookup, the
 * notice board and online complaints, on the one typed client of the route table. Only types
 * come from the server (`import type`); the client itself is about 1.7 KB gzipped.
 */
import { ApiError, createApiClient } from '../../kit/api/client'
import type { ApiResponse } from '../../../server/contract/types'
import { currentLang } from './lang'
import { translate, type I18n, type MsgKey } from './i18n'
import { roleField } from '../../kit/forms/roles'

/** A scheme id as the page's address may carry it */
const SCHEME_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/**
 * The scheme (town) named by the page's address: `?scheme=wulan`, or the path `/public/wulan/`
 * when a server serves the page there; null when it names none (or not a valid id).
 */
export function schemeFromUrl(loc: { pathname: string; search: string }): string | null {
  const q = new URLSearchParams(loc.search).get('scheme')
  if (q) return SCHEME_ID.test(q) ? q : null
  const m = /\/public\/([^/]+)\/?$/.exec(loc.pathname)
  return m && m[1] !== 'index.html' && SCHEME_ID.test(m[1]!) ? m[1]! : null
}

let scheme: Promise<string> | null = null

/**
 * The scheme this page files to: the one its address names, else the server's default (GET
 * /api/public/config), asked once per page (again after a failure).
 */
export function pageScheme(): Promise<string> {
  if (!scheme) {
    const named = typeof location === 'undefined' ? null : schemeFromUrl(location)
    scheme = named ? Promise.resolve(named) : client.request('get', '/api/public/config').then((c) => c.defaultScheme)
    scheme.catch(() => (scheme = null))
  }
  return scheme
}

/** Forgets the scheme found (tests: another address). */
export const resetPageScheme = () => {
  scheme = null
}

export interface JsonSchema {
  type?: string
  title?: string
  required?: string[]
  properties?: Record<string, JsonSchema>
  [k: string]: unknown
}

/** GET /api/public/:id/info: the notice, the time limits and the form. The form's schema is walked as JsonSchema. */
export type PublicInfo = Omit<ApiResponse<'get', '/api/public/:id/info'>, 'form'> & {
  form: Omit<ApiResponse<'get', '/api/public/:id/info'>['form'], 'schema'> & { schema: JsonSchema }
}

/** POST /api/public/:id/petitions */
export type Receipt = ApiResponse<'post', '/api/public/:id/petitions'>

/** POST /api/public/status: the progress, never the officer, notes or the petitioner */
export type Status = ApiResponse<'post', '/api/public/status'>

/** A located problem of a refusal, as the forms place it */
export interface FieldProblem {
  field: string
  message: string
}

export { ApiError }

/** "中文 / english" → "中文" (the server adds an English gloss for logs) */
export const zhOnly = (m: string) => m.split(' / ')[0]!.trim()

/** The page's words for the server's codes, in English (in Chinese the server's own message is shown). */
const EN_BY_CODE: Record<string, MsgKey> = { INVALID_INPUT: 'error.invalid', CHALLENGE_FAILED: 'error.challenge', RATE_LIMITED: 'error.rateLimited' }

/**
 * What to tell people about a failed request, in the page's language: in Chinese the server's
 * message; in English the page's sentence for the code (`byCode` first), the server's English gloss,
 * or a general one. `fallback` is for errors that are not the API's.
 */
export function errorText(e: unknown, i18n: Pick<I18n, 'lang' | 't'>, fallback: MsgKey, byCode: Record<string, MsgKey> = {}): string {
  if (!(e instanceof ApiError)) return i18n.t(fallback)
  if (e.status === 0) return i18n.t('error.network')
  if (i18n.lang === 'zh') return e.message
  const key = byCode[e.code] ?? EN_BY_CODE[e.code] ?? (e.status === 429 ? 'error.rateLimited' : undefined)
  // the server words its message in the language asked for; an older "中文 / english" one gives its gloss
  return key ? i18n.t(key) : (e.gloss ?? (/[\u3400-\u9fff]/.test(e.message) ? i18n.t('error.http', { status: e.status }) : e.message))
}

/**
 * The page's client: no session, no CSRF token; the server words field problems in the language
 * asked for, and its messages are shown in Chinese without their English gloss.
 */
const client = createApiClient({
  lang: () => (currentLang() === 'en' ? 'en' : 'zh-CN'),
  messages: {
    network: () => translate('zh', 'error.network'),
    http: (status) => (status === 429 ? translate('zh', 'error.rateLimited') : translate('zh', 'error.http', { status })),
    server: zhOnly,
  },
})

type Submission = { form: Record<string, unknown>; challenge: string; solution: string; submissionId: string }

export const getInfo = async () => (await client.request('get', '/api/public/:id/info', { params: { id: await pageScheme() } })) as PublicInfo
export const getChallenge = () => client.request('get', '/api/public/challenge')
export const submitPetition = async (body: Submission) => client.request('post', '/api/public/:id/petitions', { params: { id: await pageScheme() }, body })
export const lookupStatus = (code: string, phoneLast4: string) => client.request('post', '/api/public/status', { body: { code, phoneLast4 } })

/** 8–64 characters of [A-Za-z0-9_-], made once per form fill so a retry is not filed twice */
export function newSubmissionId(): string {
  const bytes = new Uint8Array(18)
  crypto.getRandomValues(bytes)
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return Array.from(bytes, (b) => abc[b & 63]).join('')
}

/** The roles of the fields the server fills itself (engine/scheme/field-roles.ts): never shown, never sent */
export const SYSTEM_ROLES = ['channel', 'receivedOn', 'sourceId'] as const

/** The fields of a form that the server fills itself: those playing the system roles. */
export function systemFields(schema: JsonSchema): string[] {
  return SYSTEM_ROLES.map((r) => roleField(schema, r)).filter((f): f is string => f !== undefined)
}

/**
 * The public notice board (GET /api/public/:id/notice): definitions, officers' names and office
 * phones, how to complain. The online complaint form's schema is walked as JsonSchema.
 */
type ServerNotice = ApiResponse<'get', '/api/public/:id/notice'>
type Complain = NonNullable<ServerNotice['complain']>
export type Notice = Omit<ServerNotice, 'complain'> & {
  complain: (Omit<Complain, 'online'> & { online: (Omit<NonNullable<Complain['online']>, 'form'> & { form: JsonSchema }) | null }) | null
}

/** POST /api/public/:id/complaints */
export type ComplaintReceipt = ApiResponse<'post', '/api/public/:id/complaints'>

export const getNotice = async (scheme?: string) =>
  (await client.request('get', '/api/public/:id/notice', { params: { id: scheme ?? (await pageScheme()) } })) as Notice
export const submitComplaint = async (body: Submission) => client.request('post', '/api/public/:id/complaints', { params: { id: await pageScheme() }, body })
