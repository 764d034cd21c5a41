/** The public API (no sign-in): scheme info, the challenge, filing a petition, status lookup. */
import { currentLang } from './lang'
import { translate, type I18n, type MsgKey } from './i18n'

export const SCHEME = 'galutu'

export interface JsonSchema {
  type?: string
  title?: string
  required?: string[]
  properties?: Record<string, JsonSchema>
  [k: string]: unknown
}

export interface PublicInfo {
  town: string
  scheme: string
  schemeEn?: string
  channel: string
  /** free text, Chinese only */
  notice: string
  timeLimits: Array<{ id: string; name: string; nameEn?: string; days: number; unit: 'workday' | 'calendar' | string; source?: string | null }>
  form: { id: string; name: string; nameEn?: string; schema: JsonSchema; uiSchema: Record<string, unknown> }
}

export interface Receipt {
  trackingCode: string
  number: string
  receivedOn: string
  message: string
}

export interface Status {
  number: string
  receivedOn: string
  stage: string
  stageEn?: string
  outcome: { name: string; nameEn?: string; reasons: string[]; reasonsEn?: string[] } | null
  handledBy: string | null
  handledByEn?: string
  units: string[]
  /** the units' English names, or the Chinese where the scheme has none */
  unitsEn?: string[]
  dueDate: string | null
  workdaysLeft: number | null
  concluded: { on: string; result: string } | null
  followUp: { on: string } | null
  done: boolean
}

export interface FieldProblem {
  field: string
  message: string
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    /** The server's message in Chinese (or the page's own when the server sent none) */
    message: string,
    readonly fields: FieldProblem[] = [],
    /** The server's error code, e.g. INVALID_INPUT, CHALLENGE_FAILED */
    readonly code: string = '',
    /** The English gloss some server messages carry after " / " */
    readonly gloss: string | null = null,
  ) {
    super(message)
  }
}

/** "中文 / english" → "中文" (the server adds an English gloss for logs) */
export const zhOnly = (m: string) => m.split(' / ')[0]!.trim()
const glossOf = (m: string) => {
  const g = m.split(' / ')[1]?.trim()
  return g ? g[0]!.toUpperCase() + g.slice(1) : null
}

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
  return key ? i18n.t(key) : (e.gloss ?? i18n.t('error.http', { status: e.status }))
}

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  // the server words field problems in the language asked for
  const headers: Record<string, string> = { 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  } catch {
    throw new ApiError(0, translate('zh', 'error.network'))
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const fallback = res.status === 429 ? translate('zh', 'error.rateLimited') : translate('zh', 'error.http', { status: res.status })
    const msg = typeof data.message === 'string' ? zhOnly(data.message) : fallback
    const fields = Array.isArray(data.fields) ? (data.fields as FieldProblem[]).filter((f) => f && typeof f.field === 'string') : []
    throw new ApiError(res.status, msg, fields, typeof data.code === 'string' ? data.code : '', typeof data.message === 'string' ? glossOf(data.message) : null)
  }
  return data as T
}

export const getInfo = () => call<PublicInfo>('GET', `/api/public/${SCHEME}/info`)
export const getChallenge = () => call<{ token: string; difficulty: number; expiresAt: string }>('GET', '/api/public/challenge')
export const submitPetition = (body: { form: Record<string, unknown>; challenge: string; solution: string; submissionId: string }) =>
  call<Receipt>('POST', `/api/public/${SCHEME}/petitions`, body)
export const lookupStatus = (code: string, phoneLast4: string) => call<Status>('POST', '/api/public/status', { code, phoneLast4 })

/** 8–64 characters of [A-Za-z0-9_-], made once per form fill so a retry is not filed twice */
export function newSubmissionId(): string {
  const bytes = new Uint8Array(18)
  crypto.getRandomValues(bytes)
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return Array.from(bytes, (b) => abc[b & 63]).join('')
}

/** The fields the server fills itself: never shown, never sent */
export const SYSTEM_FIELDS = ['channel', 'receivedOn', 'sourceId']

/** The public notice board (GET /api/public/:id/notice): definitions, officers' names and office phones, how to complain. */
export interface Notice {
  town: string
  date: string
  scheme: { name: string; nameEn?: string; source: string | null }
  intro: string | null
  system: {
    roster: { unit: string; unitEn?: string; shifts: Array<{ name: string; perWorkday: number; role: string }>; source: string | null } | null
    gridAttendance: { minDaysPerWeek: number; source: string | null } | null
    obligations: Array<{ name: string; nameEn?: string; cadence: string; every?: number; scope: string; scopeId?: 'town' | 'village'; source: string | null }>
  }
  process: Array<{ name: string; nameEn?: string; description: string | null }>
  workflow: string | null
  workflowEn?: string
  timeLimits: Array<{ name: string; nameEn?: string; days: number; unit: string; unitId?: 'workday' | 'calendar'; source: string | null }>
  scope: {
    proxied: Array<{ name: string; nameEn?: string; description: string | null }>
    notProxied: Array<{ name: string; nameEn?: string; description: string | null; when: Array<{ name: string; reason: string; reasonEn?: string }> }>
    groups: Array<{ name: string; nameEn?: string; leader: string; categories: string[] }>
  }
  servicePoints: Array<{ name: string; nameEn?: string; type: string; typeId?: string; village: string | null; officers: Array<{ name: string; role: string; officePhone: string | null }> }>
  onDutyToday: Array<{ name: string; people: string[] }> | null
  /** English names of the roles and shifts named above, by their Chinese name */
  namesEn?: Record<string, string>
  complain: {
    ways: string[]
    phone: string | null
    mailbox: string | null
    replyWithin: { days: number; unit: string; unitId?: 'workday' | 'calendar' } | null
    online: { notice: string | null; form: JsonSchema } | null
    source: string | null
  } | null
}

export interface ComplaintReceipt {
  number: string
  receivedOn: string
  replyBy: string | null
  message: string
}

export const getNotice = (scheme: string = SCHEME) => call<Notice>('GET', `/api/public/${encodeURIComponent(scheme)}/notice`)
export const submitComplaint = (body: { form: Record<string, unknown>; challenge: string; solution: string; submissionId: string }) =>
  call<ComplaintReceipt>('POST', `/api/public/${SCHEME}/complaints`, body)
