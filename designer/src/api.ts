/** The designer's HTTP API (runtime/server/routes/designer.ts) and the few general routes it reads. */
import type { Problem } from './lib/problems'
import type { Draft, DraftFile, DiffFile, Impact } from '../../runtime/drafts/service'
import type { ForkOutcome, MergeOutcome, PlanLine, UpstreamStatus } from '../../runtime/drafts/forks'
import type { PublishedVersion } from '../../runtime/schemes/registry'
import type { CaseSummary } from '../../runtime/store/types'

// The server's own types (type-only imports: erased from the bundle)
export type { DraftFile, Draft, PublishedVersion, Impact, DiffFile, ForkOutcome, PlanLine, UpstreamStatus, MergeOutcome }
export type ImpactChange = Impact['cases'][number]['changes'][number]

/** GET /api/schemes (built in runtime/server/app.ts, no service type). */
export interface SchemeListItem {
  id: string
  name: string
  town: string
  version: string
  hash: string
  seq: number
  /** Where the scheme was forked from (null: not a fork) */
  forkedFrom?: { id: string; version: string; hash: string } | null
}

/** A case of GET /api/cases: only the fields the designer's case picker reads. */
export type CaseListItem = Pick<CaseSummary, 'id' | 'number' | 'village' | 'category' | 'receivedOn' | 'stateName' | 'state' | 'group' | 'dueDate' | 'petitionerName'>

/** An API error: `{code, message, fields?}` from the server, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<Problem & { field?: string }> = [],
  ) {
    super(message)
  }
}

export interface SessionInfo {
  user: { username: string; displayName: string; grants: Array<{ role: string; scheme?: string }> }
  csrfToken: string
  can: Record<string, boolean>
}

let lang = 'zh-CN'
/** The session's CSRF token (from /api/auth/me at start), sent as X-CSRF-Token on every write. */
let csrf: string | null = null
export function setApiLang(l: string): void {
  lang = l
}
export function setCsrfToken(t: string | null): void {
  csrf = t
}

/** The staff app's sign-in, returning here afterwards. */
export function signInUrl(here: string = location.pathname + location.search): string {
  return `/#/login?next=${encodeURIComponent(here)}`
}
let redirecting = false
function toSignIn(): void {
  if (redirecting) return
  redirecting = true
  location.assign(signInUrl())
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': lang }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf
  const res = await fetch(url, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
  if (res.status === 401 && url !== '/api/auth/logout') toSignIn()
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; fields?: Array<Problem & { field?: string }> }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? (text.slice(0, 200) || res.statusText), e.fields ?? [])
  }
  return json as T
}

const enc = encodeURIComponent
const base = (id: string) => `/api/designer/schemes/${enc(id)}`

export const api = {
  me: () => call<SessionInfo>('GET', '/api/auth/me'),
  logout: () => call<{ ok: true }>('POST', '/api/auth/logout'),
  schemes: () => call<{ items: SchemeListItem[] }>('GET', '/api/schemes'),
  versions: (id: string) => call<{ items: PublishedVersion[] }>('GET', `/api/schemes/${enc(id)}/versions`),
  draft: (id: string) => call<Draft & { problems: Problem[] }>('GET', `${base(id)}/draft`),
  putFile: (id: string, file: string, text: string) => call<{ draft: Draft; problems: Problem[] }>('PUT', `${base(id)}/draft/files/${enc(file)}`, { text }),
  deleteFile: (id: string, file: string) => call<{ draft: Draft; problems: Problem[] }>('DELETE', `${base(id)}/draft/files/${enc(file)}`),
  replaceDraft: (id: string, files: DraftFile[]) => call<{ draft: Draft; problems: Problem[] }>('PUT', `${base(id)}/draft`, { files }),
  discard: (id: string) => call<Draft>('DELETE', `${base(id)}/draft`),
  validate: (id: string) => call<{ ok: boolean; problems: Problem[] }>('POST', `${base(id)}/draft/validate`, {}),
  publish: (id: string, note: string) => call<{ version: PublishedVersion; bumped: string | null }>('POST', `${base(id)}/draft/publish`, { note }),
  impact: (id: string, range: { from?: string; to?: string }) => call<Impact>('POST', `${base(id)}/draft/impact`, range),
  versionFiles: (id: string, ref: string) => call<{ version: PublishedVersion; files: DraftFile[] }>('GET', `${base(id)}/versions/${enc(ref)}/files`),
  diff: (id: string, from: string, to: string) => call<{ from: string; to: string; files: DiffFile[] }>('GET', `${base(id)}/diff?from=${enc(from)}&to=${enc(to)}`),
  fork: (id: string, body: { id: string; town: string; prefix?: string }) => call<ForkOutcome>('POST', `${base(id)}/fork`, body),
  upstream: (id: string) => call<UpstreamStatus>('GET', `${base(id)}/upstream`),
  mergeUpstream: (id: string) => call<MergeOutcome>('POST', `${base(id)}/upstream/merge`, {}),
  rollback: (id: string, to: string, note: string) => call<{ version: PublishedVersion; bumped: string | null }>('POST', `${base(id)}/rollback`, { to, note }),
  cases: (q: string, schemeId: string) => call<{ items: CaseListItem[]; total: number }>('GET', `/api/cases?limit=50&sort=receivedOn&order=desc&schemeId=${enc(schemeId)}${q ? `&q=${enc(q)}` : ''}`),
  caseView: (id: string) => call<{ summary: CaseListItem; context?: { facts?: Record<string, unknown>; decision?: { outcome: string; group: string | null; dueDate: string | null } | null } }>('GET', `/api/cases/${enc(id)}`),
}

/** Problems carried by an error response (`fields` of SCHEME_INVALID are the scheme's problems). */
export function problemsOf(e: unknown): Problem[] {
  if (!(e instanceof ApiError)) return []
  return e.fields.filter((f) => typeof f.pointer === 'string' || typeof f.field === 'string').map((f) => ({ code: f.code, file: f.file, pointer: f.pointer ?? f.field ?? '', message: f.message, ...(f.params ? { params: f.params } : {}) }))
}
