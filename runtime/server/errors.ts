/**
 * One table from error codes to HTTP statuses (style.md §4), and the one error handler. Bodies
 * are `{code, message, fields?}` in the request's language only (accept-language: en…, else
 * Chinese; the web apps send the language chosen); no stack trace ever leaves the server.
 */
import type { ErrorRequestHandler } from 'express'
import { requestIdOf, type Logger } from '../log'
import { formatProblem, type Problem } from '../../engine'
import { problemIn, ServiceError, type Words } from '../errors'
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
    field:
      p.pointer
        .replace(/^\/form/, '')
        .replace(/^\//, '')
        .replace(/\//g, '.') || '',
    code: p.code,
    message: problemWords(p, locale),
    ...(p.file && p.file !== 'input' && p.file !== 'case' ? { file: p.file } : {}),
  }))
}

const problemWords = (p: Problem, locale: 'zh-CN' | 'en'): string => problemIn(p, locale, formatProblem)

/** The language of a response: English when the request asks for it first (accept-language: en…), else Chinese. */
export const localeOf = (acceptLanguage: string | undefined): 'zh-CN' | 'en' => (acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN')

export class HttpError extends Error {
  /** The message in both languages (absent only for old single-language throws). */
  readonly words?: Words
  constructor(
    readonly code: string,
    message: string | Words,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(typeof message === 'string' ? message : message.zh)
    if (typeof message !== 'string') this.words = message
  }
}

const HAN = /[\u3400-\u9fff]/

/**
 * One language per response. Messages written as "中文 / english" are cut to the side asked for
 * (the first " / " with Chinese before it and none after); a Chinese-only message asked for in
 * English becomes the code's own sentence below, so an English screen never shows a stray Chinese
 * sentence (a field's message keeps its scheme titles, which are data).
 */
export function inLanguage(message: string, locale: 'zh-CN' | 'en'): string {
  let at = message.indexOf(' / ')
  while (at >= 0) {
    const zh = message.slice(0, at).trim()
    const en = message.slice(at + 3).trim()
    if (HAN.test(zh) && !HAN.test(en) && en) return locale === 'en' ? en[0]!.toUpperCase() + en.slice(1) : zh
    at = message.indexOf(' / ', at + 3)
  }
  return message
}

/** The sentence of each code, for a failure that has no words of its own in the language asked for. */
export const CODE_MESSAGES: Record<string, { zh: string; en: string }> = {
  BAD_JSON: { zh: '请求体不是有效的 JSON', en: 'Malformed JSON body' },
  BAD_REQUEST: { zh: '请求无效', en: 'Bad request' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  FORBIDDEN: { zh: '您没有此项操作的权限', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  UNKNOWN_EVENT: { zh: '流程中没有这项操作', en: 'The workflow has no such action' },
  CONFLICT: { zh: '案件已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  EVENT_NOT_ALLOWED: { zh: '当前环节不能进行此项操作', en: 'This action is not possible at the current step' },
  GUARD_REFUSED: { zh: '当前条件下不能进行此项操作', en: 'This action is not possible under the current conditions' },
  STATE_MISSING: { zh: '案件所处的环节在流程定义中已不存在', en: 'The case is at a step its workflow no longer has' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的编码', en: 'Unsupported encoding' },
  INVALID_INPUT: { zh: '提交的内容有误，请按提示修改', en: 'Some entries are not valid; correct the marked fields' },
  SCHEME_INVALID: { zh: '方案定义有误', en: 'The scheme definition has problems' },
  TRANSITION_FAILED: { zh: '流转失败', en: 'The step could not be carried out' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  STORE_UNAVAILABLE: { zh: '数据存储暂不可用', en: 'The data store is unavailable' },
  NOT_READY: { zh: '服务尚未就绪', en: 'The service is not ready yet' },
  INTERNAL: { zh: '服务器内部错误，已记录', en: 'Internal error; it has been logged' },
}

/** `message` in the language asked for, else the code's sentence in that language. */
export function wordFor(code: string, message: string, locale: 'zh-CN' | 'en'): string {
  const m = inLanguage(message, locale)
  if (locale === 'en' && HAN.test(m)) return (CODE_MESSAGES[code] ?? CODE_MESSAGES.BAD_REQUEST!).en
  if (locale !== 'en' && !HAN.test(m)) return (CODE_MESSAGES[code] ?? CODE_MESSAGES.BAD_REQUEST!).zh
  return m
}

const coded = (code: string, locale: 'zh-CN' | 'en') => (locale === 'en' ? CODE_MESSAGES[code]!.en : CODE_MESSAGES[code]!.zh)

export function toBody(err: unknown, locale: 'zh-CN' | 'en'): { status: number; body: ErrorBody; log: boolean } {
  const out = (r: { status: number; body: ErrorBody; log: boolean }) => {
    if (r.body.fields) r.body.fields = r.body.fields.map((f) => ({ ...f, message: inLanguage(f.message, locale) }))
    return r
  }
  if (err instanceof ServiceError) {
    // a coded problem words the refusal best (EVENT_NOT_ALLOWED names the step and the actions);
    // Words are trusted as they are (their English may hold the scheme's Chinese titles)
    const one = err.problems.length === 1 && err.problems[0]!.code === err.code ? err.problems[0]! : undefined
    const message = err.words ? (locale === 'en' ? err.words.en : err.words.zh) : wordFor(err.code, one ? problemWords(one, locale) : err.message, locale)
    const body: ErrorBody = { code: err.code, message, ...err.details }
    if (err.problems.length) body.fields = problemsToFields(err.problems, locale)
    return out({ status: STATUS[err.code] ?? 422, body, log: false })
  }
  if (err instanceof SchemeRegistryError) {
    const body: ErrorBody = { code: err.code, message: wordFor(err.code, err.message, locale) }
    if (err.problems.length) body.fields = problemsToFields(err.problems, locale)
    return out({ status: STATUS[err.code] ?? 422, body, log: err.code !== 'NOT_FOUND' })
  }
  if (err instanceof HttpError) {
    const extra = { ...err.extra }
    if (Array.isArray(extra.fields))
      extra.fields = (extra.fields as Array<{ message?: unknown }>).map((f) =>
        typeof f.message === 'string' ? { ...f, message: inLanguage(f.message, locale) } : f,
      )
    const message = err.words ? (locale === 'en' ? err.words.en : err.words.zh) : wordFor(err.code, err.message, locale)
    return { status: STATUS[err.code] ?? 400, body: { code: err.code, message, ...extra }, log: false }
  }
  if (err instanceof StoreConflictError) return { status: 409, body: { code: 'CONFLICT', message: coded('CONFLICT', locale) }, log: false }
  if (err instanceof StoreUnavailableError) return { status: 503, body: { code: 'STORE_UNAVAILABLE', message: coded('STORE_UNAVAILABLE', locale) }, log: true }
  const e = err as { type?: string; status?: number; statusCode?: number }
  // body-parser errors
  if (e?.type === 'entity.too.large') return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: coded('PAYLOAD_TOO_LARGE', locale) }, log: false }
  if (e?.type === 'entity.parse.failed') return { status: 400, body: { code: 'BAD_JSON', message: coded('BAD_JSON', locale) }, log: false }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: coded('UNSUPPORTED_MEDIA_TYPE', locale) }, log: false }
  if ((e?.status ?? e?.statusCode) && (e.status ?? e.statusCode)! < 500)
    return { status: (e.status ?? e.statusCode)!, body: { code: 'BAD_REQUEST', message: coded('BAD_REQUEST', locale) }, log: false }
  return { status: 500, body: { code: 'INTERNAL', message: coded('INTERNAL', locale) }, log: true }
}

/**
 * The one error handler: the body by the table above, with the request id; the full error (stack
 * included) only in the log, under the same request id.
 */
export function errorHandler(log: (msg: string, err: unknown) => void, logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const locale = localeOf(req.headers['accept-language'])
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
