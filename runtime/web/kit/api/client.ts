/**
 * The one fetch client of the web apps (staff app, public page, designer), in the web kit, typed
 * by the route table (runtime/server/contract/types.ts): `path` is a declared path of the method (a template such as `/api/cases/:caseId`), its
 * params, query and body are typed from the route's schemas, and the result is the route's
 * success response. Every refusal, network failure or non-JSON answer becomes one ApiError.
 *
 * Runs in the browser: it imports nothing of the server but types (`import type`, erased from the
 * bundle), and nothing at all at runtime.
 *
 * @example
 * const client = createApiClient({ csrf: () => token, lang: () => 'zh-CN' })
 * const kase = await client.request('get', '/api/cases/:caseId', { params: { caseId: 'GLT-2026-000001' } })
 * const page = await client.request('get', '/api/cases', { query: { overdue: '1', limit: 50 } })
 */
import type { ApiBody, ApiMethod, ApiParams, ApiPath, ApiQuery, ApiResponse, ErrorBody } from '../../../server/contract/types'

/** One located problem of a refusal (`fields` of the error body). */
export interface FieldProblem {
  /** JSON Pointer into the request, e.g. `/form/units/0` ('' for the whole input) */
  pointer: string
  /** Dotted path inside the form, e.g. `units.0` ('' for the whole form) */
  field: string
  code: string
  message: string
  /** The definition file of a scheme problem (designer: SCHEME_INVALID) */
  file?: string
  params?: Record<string, unknown>
}

/** A field problem as callers may give one (the pointer is derived from the field when missing). */
export type FieldProblemInit = Omit<FieldProblem, 'pointer'> & { pointer?: string }

/**
 * Every failure of an API call: a refusal (`{code, message, fields}` from the server, with its
 * HTTP status), a network failure (status 0, code NETWORK) or an answer that is not JSON
 * (code `HTTP_<status>` or BAD_RESPONSE). An aborted request is not one: its AbortError passes.
 */
export class ApiError extends Error {
  readonly fields: FieldProblem[]
  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    /** The server's stable code (INVALID_INPUT, CONFLICT, …) or NETWORK / HTTP_<status> / BAD_RESPONSE */
    readonly code: string,
    message: string,
    fields: readonly FieldProblemInit[] = [],
    /** The error body as the server sent it (extra members such as `currentVersion` included) */
    readonly body: Record<string, unknown> = {},
    /** The request's id (body `requestId` or the `x-request-id` header), to quote to an administrator */
    readonly requestId: string | undefined = typeof body.requestId === 'string' ? body.requestId : undefined,
  ) {
    super(message)
    this.name = 'ApiError'
    this.fields = fields.map((f) => ({ ...f, pointer: f.pointer ?? pointerOf(f.field) }))
  }
  /** The case changed since it was loaded (stale expectedVersion) */
  get isConflict(): boolean {
    return this.status === 409 && this.code === 'CONFLICT'
  }
  get isNetwork(): boolean {
    return this.status === 0
  }
  /** The English gloss of a server message in the 'zh / en' form, capitalised ("No match"); null without one */
  get gloss(): string | null {
    const m = typeof this.body.message === 'string' ? this.body.message : this.message
    const g = m.split(' / ')[1]?.trim()
    return g ? g[0]!.toUpperCase() + g.slice(1) : null
  }
}

const pointerOf = (field: string) =>
  field
    ? `/${field
        .split('.')
        .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/')}`
    : ''

export const isAbort = (e: unknown): boolean =>
  typeof DOMException !== 'undefined' && e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string } | null)?.name === 'AbortError'

export type Lang = 'zh-CN' | 'en'

export interface ApiClientConfig {
  /** Prefix of every path (default '': same origin) */
  base?: string
  /** The session's CSRF token, sent as x-csrf-token on every write (not on GET) */
  csrf?: () => string | null | undefined
  /** The language the server words its messages in (accept-language) */
  lang: () => Lang
  /** Called on every 401 with the path asked for (filled, without the query); the error is thrown all the same */
  onUnauthenticated?: (path: string) => void
  /** Sentences for failures the server did not word, and a hook over the server's own message */
  messages?: {
    network?: () => string
    http?: (status: number) => string
    server?: (message: string) => string
  }
  /** Replaces the global fetch (tests) */
  fetch?: typeof fetch
  /**
   * Called after every successful write (any method but GET and HEAD) with the path written
   * (filled, without the query): the app's read cache drops what the write may have changed.
   */
  onWrite?: (method: string, path: string) => void
}

type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>

/** Options of `call` (a URL the caller has whole). */
export interface CallOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  signal?: AbortSignal
  /** The media type of a non-JSON body (a Blob's own type, else application/octet-stream) */
  contentType?: string
}

// `{} extends T`: T has no required member (the standard test for an all-optional object)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type Part<K extends string, T> = [T] extends [never] ? { [P in K]?: undefined } : {} extends T ? { [P in K]?: T } : { [P in K]: T }

/** The options of a request to a declared route: params, query and body as the route declares them. */
export type RequestOptions<M extends ApiMethod, P extends string> = Part<'params', keyof ApiParams<M, P> extends never ? never : ApiParams<M, P>> &
  Part<'query', ApiQuery<M, P>> &
  ([ApiBody<M, P>] extends [never] ? { body?: undefined } : { body: ApiBody<M, P> }) & {
    signal?: AbortSignal
    contentType?: string
  }

/** The options are optional when the route needs none of them. */
// as in Part: are the options all optional?
type OptionsArg<M extends ApiMethod, P extends string> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  {} extends RequestOptions<M, P> ? [opts?: RequestOptions<M, P> & { raw?: false }] : [opts: RequestOptions<M, P> & { raw?: false }]

export interface ApiClient {
  /** A declared route; `raw: true` answers the Response itself (a file download) once it is known to be a success. */
  request<M extends ApiMethod, P extends ApiPath<M>>(method: M, path: P, opts: RequestOptions<M, P> & { raw: true }): Promise<Response>
  request<M extends ApiMethod, P extends ApiPath<M>>(method: M, path: P, ...opts: OptionsArg<M, P>): Promise<ApiResponse<M, P>>
  /**
   * A URL the caller has whole (a case-list link a report gave, query included): the caller names
   * the answer's type. Same headers, errors and 401 handling as `request`; prefer `request`.
   */
  call<T>(method: ApiMethod | Uppercase<ApiMethod>, path: string, opts?: CallOptions): Promise<T>
}

const PATH_PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g

/** `/api/cases/:caseId` + `{caseId: 'a/b'}` → `/api/cases/a%2Fb`; a missing parameter is a programmer fault. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(PATH_PARAM, (_, name: string) => {
    const v = params[name]
    if (v === undefined || v === null || v === '') throw new TypeError(`API path ${path}: parameter "${name}" is missing`)
    return encodeURIComponent(String(v))
  })
}

/** The query string (with its `?`, or ''): empty values are left out, arrays repeat their key. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x))
    else p.set(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

const isBytes = (b: unknown): b is Blob | ArrayBuffer | ArrayBufferView =>
  (typeof Blob !== 'undefined' && b instanceof Blob) || b instanceof ArrayBuffer || ArrayBuffer.isView(b)

function problemsOf(raw: unknown): FieldProblemInit[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
    .map((f) => {
      const p: FieldProblemInit = {
        field: typeof f.field === 'string' ? f.field : '',
        code: typeof f.code === 'string' ? f.code : '',
        message: typeof f.message === 'string' ? f.message : String(f.code ?? ''),
      }
      if (typeof f.pointer === 'string') p.pointer = f.pointer
      if (typeof f.file === 'string') p.file = f.file
      if (f.params && typeof f.params === 'object') p.params = f.params as Record<string, unknown>
      return p
    })
}

const defaultMessages = {
  network: () => '无法连接服务器，请检查网络后重试',
  http: (status: number) => `服务器返回错误（${status}）`,
  server: (m: string) => m,
}

/** Creates the client; see the module's comment. */
export function createApiClient(cfg: ApiClientConfig): ApiClient {
  const base = cfg.base ?? ''
  const msgs = { ...defaultMessages, ...cfg.messages }
  const doFetch = cfg.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  /** Turns a non-2xx answer into an ApiError, whatever its body. */
  async function refusal(res: Response): Promise<ApiError> {
    const text = await res.text().catch(() => '')
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = null
    }
    const headerId = res.headers.get('x-request-id') ?? undefined
    if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as ErrorBody).code === 'string') {
      const b = body as Record<string, unknown>
      const message = typeof b.message === 'string' && b.message ? msgs.server(b.message) : msgs.http(res.status)
      return new ApiError(res.status, b.code as string, message, problemsOf(b.fields), b, typeof b.requestId === 'string' ? b.requestId : headerId)
    }
    return new ApiError(res.status, `HTTP_${res.status}`, msgs.http(res.status), [], {}, headerId)
  }

  async function send(method: string, path: string, opts: CallOptions): Promise<Response> {
    const m = method.toUpperCase()
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': cfg.lang() === 'en' ? 'en' : 'zh-CN' }
    if (m !== 'GET' && m !== 'HEAD') {
      const token = cfg.csrf?.()
      if (token) headers['x-csrf-token'] = token
    }
    const init: RequestInit = { method: m, headers, credentials: 'same-origin' }
    if (opts.signal) init.signal = opts.signal
    if (opts.body !== undefined) {
      if (isBytes(opts.body)) {
        headers['content-type'] = opts.contentType ?? ((opts.body as Blob).type || 'application/octet-stream')
        init.body = opts.body as BodyInit
      } else {
        headers['content-type'] = opts.contentType ?? 'application/json'
        init.body = JSON.stringify(opts.body)
      }
    }
    let res: Response
    try {
      res = await doFetch(base + path + queryString(opts.query), init)
    } catch (e) {
      if (isAbort(e)) throw e
      throw new ApiError(0, 'NETWORK', msgs.network())
    }
    if (!res.ok) {
      const err = await refusal(res)
      if (res.status === 401) cfg.onUnauthenticated?.(path)
      throw err
    }
    if (m !== 'GET' && m !== 'HEAD') cfg.onWrite?.(m, path)
    return res
  }

  async function json<T>(res: Response): Promise<T> {
    const text = await res.text()
    if (!text) return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', msgs.http(res.status), [], {}, res.headers.get('x-request-id') ?? undefined)
    }
  }

  type AnyOptions = CallOptions & { params?: Record<string, unknown>; raw?: boolean }
  const request = async (method: string, path: string, opts: AnyOptions = {}): Promise<unknown> => {
    const res = await send(method, fillPath(path, opts.params), opts)
    return opts.raw ? res : json(res)
  }

  return {
    request: request as unknown as ApiClient['request'],
    call: async <T>(method: string, path: string, opts: CallOptions = {}) => json<T>(await send(method, path, opts)),
  }
}

/** Reads NDJSON lines from a byte stream, calling `onLine` with each complete, non-empty line. */
export async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let rest = ''
  for (;;) {
    const { done, value } = await reader.read()
    rest += done ? decoder.decode() : decoder.decode(value, { stream: true })
    let nl: number
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim()
      rest = rest.slice(nl + 1)
      if (line) onLine(line)
    }
    if (done) break
  }
  if (rest.trim()) onLine(rest.trim())
}

/**
 * The JSON values of an `application/x-ndjson` answer (a `raw: true` response), one call per
 * line as it arrives. A line that is not JSON is an ApiError BAD_RESPONSE naming its number.
 */
export async function readNdjson<L>(res: Response, onLine: (line: L) => void): Promise<void> {
  if (!res.body) return
  let n = 0
  await readLines(res.body, (text) => {
    n++
    let v: L
    try {
      v = JSON.parse(text) as L
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', `line ${n} of the streamed answer is not JSON`, [], {}, res.headers.get('x-request-id') ?? undefined)
    }
    onLine(v)
  })
}

/** Whether an answer is NDJSON (a server or proxy without streaming answers plain JSON). */
export const isNdjson = (res: Response): boolean => (res.headers.get('content-type') ?? '').includes('ndjson')
