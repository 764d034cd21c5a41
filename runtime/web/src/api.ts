/**
 * The HTTP client for /api. Every refusal becomes an ApiError carrying the server's
 * `{code, message, fields}`; a network failure or a non-JSON answer becomes one too, so screens
 * handle one kind of error.
 */
import type { CaseView } from '../../cases/service'
import type { CaseSummary, Reminder } from '../../store/types'
import type { Decision } from '../../../engine/decide/types'

export type { CaseView, CaseSummary, Reminder, Decision }
export type { CaseContext, DispatchRecord, EventRecord, ClockState } from '../../../engine/workflow/context'

export interface FieldProblem {
  /** Dotted path inside the form, e.g. `units.0` or `sentOn`; empty for the whole form */
  field: string
  code: string
  message: string
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
  /** The case changed since it was loaded (stale expectedVersion) */
  get isConflict(): boolean {
    return this.status === 409 && this.code === 'CONFLICT'
  }
  get isNetwork(): boolean {
    return this.status === 0
  }
}

export const isAbort = (e: unknown): boolean => e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string })?.name === 'AbortError'

export interface SchemeInfo {
  id: string
  name: string
  nameEn?: string
  town: string
  version: string
  hash: string
  seq: number
  description?: string
  source?: string
  caseNumberPrefix: string
  org: Org
  calendar: { from: string; to: string; provisional?: string[] }
  clocks: unknown
}

export interface Named { id: string; name: string; nameEn?: string }
export interface Org {
  levels: Named[]
  channels: Array<Named & { online?: boolean }>
  units: Array<Named & { type?: string }>
  groups: Array<Named & { categories: string[]; units?: string[] }>
  villages: Array<Named>
  [k: string]: unknown
}

export interface JsonSchema {
  type?: string | string[]
  title?: string
  description?: string
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
  enum?: unknown[]
  const?: unknown
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  format?: string
  default?: unknown
  readOnly?: boolean
  maxLength?: number
  minItems?: number
  examples?: unknown[]
  [k: string]: unknown
}
export type UiSchema = Record<string, unknown>

export interface FormDef {
  id: string
  name: string
  nameEn?: string
  printTitle?: string
  description?: string
  schema: JsonSchema
  uiSchema?: UiSchema
}

export interface WorkflowDef {
  id: string
  name: string
  events: Record<string, { name: string; nameEn?: string; form?: string; decide?: boolean; facts?: boolean; roles?: string[] }>
  /** The events that start a case (staff registration, online submission, import) */
  entry?: { register?: string; submit?: string; import?: string }
  stateInfo: Record<string, { name: string; nameEn?: string; stage?: string }>
}

export interface TaskList {
  officer: string
  today: string
  counts: { total: number; overdue: number; dueSoon: number }
  items: CaseSummary[]
}

export interface CaseQuery {
  stage?: string
  state?: string
  status?: string
  village?: string
  group?: string
  channel?: string
  officer?: string
  unit?: string
  q?: string
  receivedFrom?: string
  receivedTo?: string
  overdue?: boolean
  dueSoon?: number
  sort?: string
  order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

/** The signed-in user as the server describes it. */
export interface SessionUser {
  username: string
  displayName: string
  grants: Array<{ role: string; scheme?: string; village?: string; unit?: string }>
}

/** A scheme (town) the user works in, and what they may do there. */
export interface SessionScheme {
  id: string
  name: string
  town: string
  can: Record<string, boolean>
}

/** What /api/auth/login and /api/auth/me answer. */
export interface SessionInfo {
  user: SessionUser
  csrfToken: string
  /** action → may the user do it at all, in some scheme (the server still checks every request) */
  can: Record<string, boolean>
  /** The schemes the user works in, in the order of their grants (the first is where they start) */
  schemes?: SessionScheme[]
  /** The server's default scheme (grants without a scheme are in it) */
  defaultScheme?: string
}

export interface ApiConfig {
  /** The session's CSRF token, sent as X-CSRF-Token on every non-GET request */
  csrf?: () => string | null | undefined
  /** Called on a 401 (no or expired session), except for the sign-in request itself */
  onUnauthorized?: (path: string) => void
  lang?: () => 'zh' | 'en'
  base?: string
  fetch?: typeof fetch
  /** Messages for failures that carry no server message */
  messages?: { network: () => string; http: (status: number) => string }
}

const defaultMessages = {
  network: () => '无法连接服务器，请检查网络后重试',
  http: (status: number) => `服务器返回错误（${status}）`,
}

/** Turns a non-2xx response into an ApiError, whatever its body. */
export async function errorFrom(res: Response, msgs = defaultMessages): Promise<ApiError> {
  let body: unknown = null
  const text = await res.text().catch(() => '')
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { code?: unknown }).code === 'string') {
    const b = body as Record<string, unknown>
    const fields = Array.isArray(b.fields)
      ? (b.fields as unknown[])
          .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
          .map((f) => ({ field: typeof f.field === 'string' ? f.field : '', code: typeof f.code === 'string' ? f.code : '', message: typeof f.message === 'string' ? f.message : String(f.code ?? '') }))
      : []
    return new ApiError(res.status, b.code as string, typeof b.message === 'string' && b.message ? b.message : msgs.http(res.status), fields, b)
  }
  return new ApiError(res.status, `HTTP_${res.status}`, msgs.http(res.status))
}

/** 401s from these are answers, not an expired session. */
const AUTH_QUIET = new Set(['/api/auth/login', '/api/auth/me', '/api/auth/password', '/api/auth/setup'])

export function createApi(cfg: ApiConfig) {
  const base = cfg.base ?? ''
  const msgs = cfg.messages ?? defaultMessages
  const doFetch = cfg.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (method !== 'GET' && method !== 'HEAD') {
      const token = cfg.csrf?.()
      if (token) headers['x-csrf-token'] = token
    }
    if (cfg.lang?.() === 'en') headers['accept-language'] = 'en'
    else headers['accept-language'] = 'zh-CN'
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (signal) init.signal = signal
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    let res: Response
    try {
      res = await doFetch(base + path, init)
    } catch (e) {
      if (isAbort(e)) throw e
      throw new ApiError(0, 'NETWORK', msgs.network())
    }
    if (!res.ok) {
      const err = await errorFrom(res, msgs)
      if (res.status === 401 && !AUTH_QUIET.has(path)) cfg.onUnauthorized?.(path)
      throw err
    }
    const text = await res.text()
    if (!text) return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', msgs.http(res.status))
    }
  }

  const v = (version?: string) => (version ? `?version=${encodeURIComponent(version)}` : '')
  const sid = (id: string) => encodeURIComponent(id)

  return {
    request,
    me: () => request<SessionInfo>('GET', '/api/auth/me'),
    login: (username: string, password: string) => request<SessionInfo>('POST', '/api/auth/login', { username, password }),
    logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
    changePassword: (oldPassword: string, newPassword: string) => request<{ ok: true }>('POST', '/api/auth/password', { oldPassword, newPassword }),
    setupNeeded: () => request<{ needed: boolean }>('GET', '/api/auth/setup'),
    setup: (b: { token: string; username: string; displayName?: string; password: string }) => request<{ user: SessionUser }>('POST', '/api/auth/setup', b),
    petitioner: (id: string) => request<{ caseId: string; number: string; details: Record<string, unknown> }>('GET', `/api/cases/${sid(id)}/petitioner`),
    health: () => request<{ status: string; today: string; schemes: string[]; warnings: string[] }>('GET', '/api/health'),
    scheme: (id: string, version?: string) => request<SchemeInfo>('GET', `/api/schemes/${sid(id)}${v(version)}`),
    forms: (id: string, version?: string) => request<{ hash: string; items: FormDef[] }>('GET', `/api/schemes/${sid(id)}/forms${v(version)}`),
    workflows: (id: string, version?: string) => request<{ hash: string; items: WorkflowDef[] }>('GET', `/api/schemes/${sid(id)}/workflows${v(version)}`),
    decide: (id: string, facts: Record<string, unknown>, signal?: AbortSignal) => request<Decision>('POST', `/api/schemes/${sid(id)}/decide`, facts, signal),
    createCase: (form: Record<string, unknown>, schemeId?: string) => request<CaseView>('POST', '/api/cases', schemeId ? { schemeId, form } : { form }),
    listCases: (q: CaseQuery, signal?: AbortSignal) => request<{ items: CaseSummary[]; total: number; offset: number; limit: number }>('GET', `/api/cases${caseQueryString(q)}`, undefined, signal),
    getCase: (id: string) => request<CaseView>('GET', `/api/cases/${sid(id)}`),
    sendEvent: (id: string, ev: { type: string; form?: Record<string, unknown>; expectedVersion?: number }) => request<CaseView>('POST', `/api/cases/${sid(id)}/events`, ev),
    audit: (id: string) => request<{ items: unknown[] }>('GET', `/api/cases/${sid(id)}/audit`),
    myTasks: (schemeId?: string) => request<TaskList>('GET', `/api/my/tasks${schemeId ? `?schemeId=${encodeURIComponent(schemeId)}` : ''}`),
    reminders: (q: { open?: boolean; caseId?: string; schemeId?: string } = {}) => {
      const p = new URLSearchParams()
      if (q.open) p.set('open', '1')
      if (q.caseId) p.set('caseId', q.caseId)
      if (q.schemeId) p.set('schemeId', q.schemeId)
      const s = p.toString()
      return request<{ items: Reminder[] }>('GET', `/api/reminders${s ? `?${s}` : ''}`)
    },
    ackReminder: (id: string) => request<{ ok: true }>('POST', `/api/reminders/${sid(id)}/ack`),
    tick: () => request<{ raised: number }>('POST', '/api/scheduler/tick'),
  }
}

export type Api = ReturnType<typeof createApi>

/** The list query as the server reads it (filters, sort, order, offset, limit). */
export function caseQueryString(q: CaseQuery): string {
  const p = new URLSearchParams()
  for (const [k, val] of Object.entries(q)) {
    if (val === undefined || val === null || val === '' || val === false) continue
    if (k === 'overdue') p.set('overdue', '1')
    else p.set(k, String(val))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}
