/**
 * One table from error codes to HTTP statuses (style.md §4), and the one error handler. Bodies
 * are `{code, message, fields?}`; no stack trace ever leaves the server.
 */
import type { ErrorRequestHandler } from 'express'
import { requestIdOf, type Logger } from '../log'
import { formatProblem, type Problem } from '../../engine'
import { ServiceError } from '../cases/errors'
import { SchemeRegistryError } from '../schemes/registry'
import { StoreConflictError, StoreUnavailableError } from '../store'

export const STATUS: Record<string, number> = {
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_EVENT: 422,
  CONFLICT: 409,
  EVENT_NOT_ALLOWED: 409,
  GUARD_REFUSED: 409,
  STATE_MISSING: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_INPUT: 422,
  SCHEME_INVALID: 422,
  TRANSITION_FAILED: 422,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
  NOT_READY: 503,
  INTERNAL: 500,
}

export interface ErrorBody {
  code: string
  message: string
  fields?: Array<{ pointer?: string; field: string; code: string; message: string }>
  requestId?: string
  [k: string]: unknown
}

export function problemsToFields(problems: Problem[], locale: 'zh-CN' | 'en'): ErrorBody['fields'] {
  return problems.map((p) => ({
    pointer: p.pointer,
    field: p.pointer.replace(/^\/form/, '').replace(/^\//, '').replace(/\//g, '.') || '',
    code: p.code,
    message: formatProblem(p, locale),
    ...(p.file && p.file !== 'input' && p.file !== 'case' ? { file: p.file } : {}),
  }))
}

export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export function toBody(err: unknown, locale: 'zh-CN' | 'en'): { status: number; body: ErrorBody; log: boolean } {
  if (err instanceof ServiceError) {
    const body: ErrorBody = { code: err.code, message: err.message, ...err.details }
    if (err.problems.length) body.fields = problemsToFields(err.problems, locale)
    return { status: STATUS[err.code] ?? 422, body, log: false }
  }
  if (err instanceof SchemeRegistryError) {
    const body: ErrorBody = { code: err.code, message: err.message }
    if (err.problems.length) body.fields = problemsToFields(err.problems, locale)
    return { status: STATUS[err.code] ?? 422, body, log: err.code !== 'NOT_FOUND' }
  }
  if (err instanceof HttpError) return { status: STATUS[err.code] ?? 400, body: { code: err.code, message: err.message, ...err.extra }, log: false }
  if (err instanceof StoreConflictError) return { status: 409, body: { code: 'CONFLICT', message: '案件已被他人修改，请刷新后重试' }, log: false }
  if (err instanceof StoreUnavailableError) return { status: 503, body: { code: 'STORE_UNAVAILABLE', message: '数据存储暂不可用' }, log: true }
  const e = err as { type?: string; status?: number; statusCode?: number }
  // body-parser errors
  if (e?.type === 'entity.too.large') return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大 / request body too large' }, log: false }
  if (e?.type === 'entity.parse.failed') return { status: 400, body: { code: 'BAD_JSON', message: '请求体不是有效的 JSON / malformed JSON body' }, log: false }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的编码' }, log: false }
  if ((e?.status ?? e?.statusCode) && (e.status ?? e.statusCode)! < 500) return { status: (e.status ?? e.statusCode)!, body: { code: 'BAD_REQUEST', message: '请求无效 / bad request' }, log: false }
  return { status: 500, body: { code: 'INTERNAL', message: '服务器内部错误，已记录 / internal error' }, log: true }
}

/**
 * The one error handler: the body by the table above, with the request id; the full error (stack
 * included) only in the log, under the same request id.
 */
export function errorHandler(log: (msg: string, err: unknown) => void, logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const locale = req.headers['accept-language']?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
    const { status, body, log: shouldLog } = toBody(err, locale)
    const requestId = requestIdOf(req)
    if (requestId) body.requestId = requestId
    if (shouldLog) {
      const l = (req as typeof req & { log?: Logger }).log ?? logger
      if (l) l.error({ err, status }, `${req.method} ${req.path} → ${status}`)
      log(`${req.method} ${req.path} → ${status}`, err)
    }
    if (res.headersSent) return
    res.status(status).json(body)
  }
}
