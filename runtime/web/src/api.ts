/**
 * The staff app's calls to /api, on the one typed client of the route table
 * (runtime/web/kit/api/client.ts): every refusal, network failure or non-JSON answer is an
 * ApiError carrying the server's `{code, message, fields}`, so screens handle one kind of error.
 * The shapes are the contract's (runtime/server/contract/types.ts), never the services'.
 */
import { createApiClient, type ApiClient } from '../kit/api/client'
import type { ApiQuery, ApiResponse, Case, CaseContext as ContractCaseContext, Dispatch } from '../../server/contract/types'

export { ApiError, isAbort } from '../kit/api/client'
export type { ApiClient } from '../kit/api/client'
export type { CaseSummary, Decision, EventRecord, ClockState, Reminder } from '../../server/contract/types'

/** GET /api/cases/:caseId and what every write to a case answers */
export type CaseView = Case
export type CaseContext = ContractCaseContext
/** One dispatch to a unit (交办) in a case's context */
export type DispatchRecord = Dispatch

/** A located problem as the forms show it (ApiError.fields carries these and the pointer). */
export interface FieldProblem {
  /** Dotted path inside the form, e.g. `units.0` or `sentOn`; empty for the whole form */
  field: string
  code: string
  message: string
}

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
  /** The due-soon window of lists and queues, in calendar days (deadlines.json dueSoonDays) */
  dueSoonDays?: number
}

export interface Named {
  id: string
  name: string
  nameEn?: string
}
export interface Org {
  levels: Named[]
  channels: Array<Named & { online?: boolean }>
  units: Array<Named & { type?: string }>
  groups: Array<Named & { categories: string[]; units?: string[] }>
  villages: Array<Named>
  [k: string]: unknown
}

export type { JsonSchema } from '../kit/json-schema'
import type { JsonSchema } from '../kit/json-schema'
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

/** GET /api/my/tasks */
export type TaskList = ApiResponse<'get', '/api/my/tasks'>

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

/** What /api/auth/login and /api/auth/me answer: the user, the CSRF token, what they may do, their schemes. */
export type SessionInfo = ApiResponse<'get', '/api/auth/me'>
/** The signed-in user as the server describes it. */
export type SessionUser = SessionInfo['user']
/** A scheme (town) the user works in, and what they may do there. */
export type SessionScheme = SessionInfo['schemes'][number]

export interface ApiConfig {
  /** The session's CSRF token, sent as X-CSRF-Token on every non-GET request */
  csrf?: () => string | null | undefined
  /** Called on a 401 (no or expired session), except for the sign-in requests themselves */
  onUnauthorized?: (path: string) => void
  lang?: () => 'zh' | 'en'
  base?: string
  fetch?: typeof fetch
  /** Messages for failures that carry no server message */
  messages?: { network: () => string; http: (status: number) => string }
  /** After every successful write, with the path written (the read cache's invalidation) */
  onWrite?: (method: string, path: string) => void
}

/** 401s from these are answers, not an expired session. */
const AUTH_QUIET = new Set(['/api/auth/login', '/api/auth/me', '/api/auth/password', '/api/auth/setup'])

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export function createApi(cfg: ApiConfig) {
  const client: ApiClient = createApiClient({
    ...(cfg.base !== undefined ? { base: cfg.base } : {}),
    ...(cfg.fetch ? { fetch: cfg.fetch } : {}),
    ...(cfg.messages ? { messages: cfg.messages } : {}),
    ...(cfg.csrf ? { csrf: cfg.csrf } : {}),
    ...(cfg.onWrite ? { onWrite: cfg.onWrite } : {}),
    lang: () => (cfg.lang?.() === 'en' ? 'en' : 'zh-CN'),
    onUnauthenticated: (path) => {
      if (!AUTH_QUIET.has(path)) cfg.onUnauthorized?.(path)
    },
  })
  const r = client.request
  const version = (v?: string) => (v ? { version: v } : {})

  return {
    /** The typed client of the route table: the area modules call their routes through it */
    client,
    /**
     * A URL the server gave (a report's case-list link, query included), answered as `T`. New code
     * calls `client.request` with a declared path.
     */
    request: <T>(method: Method, url: string, body?: unknown, signal?: AbortSignal) => client.call<T>(method, url, { body, ...(signal ? { signal } : {}) }),
    me: () => r('get', '/api/auth/me'),
    login: (username: string, password: string) => r('post', '/api/auth/login', { body: { username, password } }),
    logout: () => r('post', '/api/auth/logout'),
    changePassword: (oldPassword: string, newPassword: string) => r('post', '/api/auth/password', { body: { oldPassword, newPassword } }),
    setupNeeded: () => r('get', '/api/auth/setup'),
    setup: (b: { token: string; username: string; displayName?: string; password: string }) => r('post', '/api/auth/setup', { body: b }),
    petitioner: (id: string) => r('get', '/api/cases/:caseId/petitioner', { params: { caseId: id } }),
    health: () => r('get', '/api/health'),
    // the contract describes the org definition, clocks, events and state names as opaque JSON
    // (their shapes are the scheme format's); the screens read them as declared above
    scheme: async (id: string, v?: string) => (await r('get', '/api/schemes/:id', { params: { id }, query: version(v) })) as SchemeInfo,
    forms: async (id: string, v?: string) =>
      (await r('get', '/api/schemes/:id/forms', { params: { id }, query: version(v) })) as { hash: string; items: FormDef[] },
    workflows: async (id: string, v?: string) =>
      (await r('get', '/api/schemes/:id/workflows', { params: { id }, query: version(v) })) as { hash: string; items: WorkflowDef[] },
    decide: (id: string, facts: Record<string, unknown>, signal?: AbortSignal) =>
      r('post', '/api/schemes/:id/decide', { params: { id }, body: facts, ...(signal ? { signal } : {}) }),
    createCase: (form: Record<string, unknown>, schemeId?: string) => r('post', '/api/cases', { body: schemeId ? { schemeId, form } : { form } }),
    listCases: (q: CaseQuery, signal?: AbortSignal) => r('get', '/api/cases', { query: listQuery(q), ...(signal ? { signal } : {}) }),
    getCase: (id: string) => r('get', '/api/cases/:caseId', { params: { caseId: id } }),
    sendEvent: (id: string, ev: { type: string; form?: Record<string, unknown>; expectedVersion?: number }) =>
      r('post', '/api/cases/:caseId/events', { params: { caseId: id }, body: ev }),
    audit: (id: string) => r('get', '/api/cases/:caseId/audit', { params: { caseId: id } }),
    myTasks: (schemeId?: string) => r('get', '/api/my/tasks', { query: schemeId ? { schemeId } : {} }),
    reminders: (q: { open?: boolean; caseId?: string; schemeId?: string } = {}) =>
      r('get', '/api/reminders', {
        query: { ...(q.open ? { open: '1' as const } : {}), ...(q.caseId ? { caseId: q.caseId } : {}), ...(q.schemeId ? { schemeId: q.schemeId } : {}) },
      }),
    ackReminder: (id: string) => r('post', '/api/reminders/:id/ack', { params: { id } }),
    tick: () => r('post', '/api/scheduler/tick'),
  }
}

export type Api = ReturnType<typeof createApi>

type ListQuery = ApiQuery<'get', '/api/cases'>

/**
 * The list query as the server reads it: filters, `overdue=1`, paging and sorting. The screens
 * carry the URL's text; the server checks the values (status, sort) against the contract.
 */
function listQuery(q: CaseQuery): ListQuery {
  const out: Record<string, string | number> = {}
  for (const [k, val] of Object.entries(q)) {
    if (val === undefined || val === null || val === '' || val === false) continue
    out[k] = k === 'overdue' ? '1' : typeof val === 'number' ? val : String(val)
  }
  return out as ListQuery
}

/** The list query string (with its `?`, or ''), as the case list's links carry it. */
export function caseQueryString(q: CaseQuery): string {
  const p = new URLSearchParams()
  for (const [k, val] of Object.entries(listQuery(q))) p.set(k, String(val))
  const s = p.toString()
  return s ? `?${s}` : ''
}
