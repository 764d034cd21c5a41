/**
 * The designer's HTTP API (runtime/server/routes/designer.ts) and the few general routes it reads,
 * on the one typed client of the route table (runtime/web/kit/api/client.ts). The shapes are
 * the contract's (type-only imports: erased from the bundle), never the services'.
 */
import type { Problem } from './lib/problems'
import { ApiError, createApiClient } from '../../runtime/web/kit/api/client'
import type { ApiResponse, CaseSummary, SchemeRef } from '../../runtime/server/contract/types'

export { ApiError }

const base = '/api/designer/schemes/:id' as const
type Base = typeof base

/** The working draft of a scheme and its files */
export type Draft = ApiResponse<'delete', `${Base}/draft`>
export type DraftFile = Draft['files'][number]
/** A published, immutable version */
export type PublishedVersion = ApiResponse<'post', `${Base}/draft/publish`>['version']
/** What replaying the cases and the scores under the draft would change */
export type Impact = ApiResponse<'post', `${Base}/draft/impact`>
export type ImpactChange = Impact['cases'][number]['changes'][number]
export type DiffFile = ApiResponse<'get', `${Base}/diff`>['files'][number]
export type ForkOutcome = ApiResponse<'post', `${Base}/fork`>
export type UpstreamStatus = ApiResponse<'get', `${Base}/upstream`>
export type MergeOutcome = ApiResponse<'post', `${Base}/upstream/merge`>
export type PlanLine = MergeOutcome['taken'][number]
/** Running cases a recount onto the latest version moves (or moved), with their due dates old → new */
export type RecountOutcome = ApiResponse<'get', `${Base}/recount`>
export type RecountItem = RecountOutcome['items'][number]

/** A scheme of GET /api/schemes, with where it was forked from (null: not a fork) */
export type SchemeListItem = SchemeRef

/** A case of GET /api/cases: only the fields the designer's case picker reads. */
export type CaseListItem = Pick<
  CaseSummary,
  'id' | 'number' | 'village' | 'category' | 'receivedOn' | 'stateName' | 'state' | 'group' | 'dueDate' | 'petitionerName'
>

export type SessionInfo = ApiResponse<'get', '/api/auth/me'>

let lang: 'zh-CN' | 'en' = 'zh-CN'
/** The session's CSRF token (from /api/auth/me at start), sent as X-CSRF-Token on every write. */
let csrf: string | null = null
export function setApiLang(l: string): void {
  lang = l === 'en' ? 'en' : 'zh-CN'
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

const client = createApiClient({
  lang: () => lang,
  csrf: () => csrf,
  onUnauthenticated: (path) => {
    if (path !== '/api/auth/logout') toSignIn()
  },
  messages: {
    network: () => (lang === 'en' ? 'Cannot reach the server; check the network and try again' : '无法连接服务器，请检查网络后重试'),
    http: (status) => (lang === 'en' ? `The server answered with an error (${status})` : `服务器返回错误（${status}）`),
  },
})
const r = client.request
const id = (schemeId: string) => ({ id: schemeId })

export const api = {
  me: () => r('get', '/api/auth/me'),
  logout: () => r('post', '/api/auth/logout'),
  schemes: () => r('get', '/api/schemes'),
  versions: (schemeId: string) => r('get', '/api/schemes/:id/versions', { params: id(schemeId) }),
  draft: (schemeId: string) => r('get', `${base}/draft`, { params: id(schemeId) }),
  putFile: (schemeId: string, file: string, text: string) => r('put', `${base}/draft/files/:file`, { params: { id: schemeId, file }, body: { text } }),
  deleteFile: (schemeId: string, file: string) => r('delete', `${base}/draft/files/:file`, { params: { id: schemeId, file } }),
  replaceDraft: (schemeId: string, files: DraftFile[]) =>
    r('put', `${base}/draft`, { params: id(schemeId), body: { files: files.map((f) => ({ file: f.file, text: f.text })) } }),
  discard: (schemeId: string) => r('delete', `${base}/draft`, { params: id(schemeId) }),
  validate: (schemeId: string) => r('post', `${base}/draft/validate`, { params: id(schemeId) }),
  publish: (schemeId: string, note: string) => r('post', `${base}/draft/publish`, { params: id(schemeId), body: { note } }),
  impact: (schemeId: string, range: { from?: string; to?: string }) => r('post', `${base}/draft/impact`, { params: id(schemeId), body: range }),
  versionFiles: (schemeId: string, ref: string) => r('get', `${base}/versions/:ref/files`, { params: { id: schemeId, ref } }),
  diff: (schemeId: string, from: string, to: string) => r('get', `${base}/diff`, { params: id(schemeId), query: { from, to } }),
  fork: (schemeId: string, body: { id: string; town: string; prefix?: string }) => r('post', `${base}/fork`, { params: id(schemeId), body }),
  upstream: (schemeId: string) => r('get', `${base}/upstream`, { params: id(schemeId) }),
  mergeUpstream: (schemeId: string) => r('post', `${base}/upstream/merge`, { params: id(schemeId) }),
  rollback: (schemeId: string, to: string, note: string) => r('post', `${base}/rollback`, { params: id(schemeId), body: { to, note } }),
  recountPreview: (schemeId: string) => r('get', `${base}/recount`, { params: id(schemeId) }),
  recount: (schemeId: string, cases: string[], version: string) => r('post', `${base}/recount`, { params: id(schemeId), body: { cases, version } }),
  cases: (q: string, schemeId: string) => r('get', '/api/cases', { query: { limit: 50, sort: 'receivedOn', order: 'desc', schemeId, ...(q ? { q } : {}) } }),
  caseView: (caseId: string) => r('get', '/api/cases/:caseId', { params: { caseId } }),
}

/** Problems carried by an error response (`fields` of SCHEME_INVALID are the scheme's problems). */
export function problemsOf(e: unknown): Problem[] {
  if (!(e instanceof ApiError)) return []
  return e.fields.map((f) => ({
    code: f.code,
    ...(f.file ? { file: f.file } : {}),
    pointer: f.pointer,
    message: f.message,
    ...(f.params ? { params: f.params } : {}),
  }))
}
