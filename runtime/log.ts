/**
 * Structured logs: one pino logger for the server, the scheduler and the services, and one
 * request middleware that writes ONE JSON line per request. Callers import the logger type and
 * the factories from here, never pino itself (style.md §7).
 *
 * Petitioners' data never reaches a log line: known fields (passwords, ID numbers, phones, names,
 * a form's contents, cookies and CSRF tokens) are redacted by path, and every finished line is
 * scrubbed of anything shaped like an 18-digit ID number or an 11-digit mobile number, wherever it
 * sits (a message, an error text, a URL).
 *
 * @example
 * const logger = createLogger({ level: 'info' })
 * app.use(httpLogger(logger))
 * logger.warn({ schemeId }, 'scheme refresh failed')
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pino, type DestinationStream, type Level, type Logger as PinoLogger } from 'pino'

export type Logger = PinoLogger
export type LogLevel = Level | 'silent'

/** The text that stands for a redacted value. */
export const REDACTED = '[Redacted]'

const SECRET_HEADERS = ['cookie', 'set-cookie', 'authorization', 'x-csrf-token']
const PII_KEYS = ['password', 'newPassword', 'oldPassword', 'idNumber', 'phone', 'petitionerName']

/**
 * Paths pino redacts (fast-redact syntax). A key is redacted at the top level and one or two
 * levels down (`body.password`, `req.body.password`); every value under a `form` is redacted,
 * since forms are where petitioners' data lives.
 */
export const REDACT_PATHS: readonly string[] = [
  // the session cookie and the CSRF token, wherever headers are logged (req.headers, res.headers, headers)
  ...SECRET_HEADERS.flatMap((k) => [`headers["${k}"]`, `*.headers["${k}"]`]),
  ...PII_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  'form.*',
  '*.form.*',
  '*.*.form.*',
]

// Not preceded or followed by another digit: an epoch-millisecond time (13 digits) or a UUID never matches.
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/g
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g
const ANY_PII = /(?<!\d)(?:\d{17}[\dXx]|(?:\+?86[- ]?)?1[3-9]\d{9})(?!\d)/

/** Replaces 18-digit ID numbers and 11-digit mainland mobile numbers in a text. */
export function scrubText(text: string): string {
  return text.replace(ID_NUMBER, REDACTED).replace(MOBILE, REDACTED)
}

function scrubValue(v: unknown): unknown {
  if (typeof v === 'string') return scrubText(v)
  if (typeof v === 'number') return ANY_PII.test(String(v)) ? REDACTED : v
  if (Array.isArray(v)) return v.map(scrubValue)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubValue(x)]))
  return v
}

/**
 * Scrubs one finished log line. Most lines hold nothing that looks like an ID number or a phone
 * and pass through untouched; the others are parsed and rebuilt, so that the line stays valid JSON
 * whether the number sat in a string or stood as a JSON number.
 */
export function scrubLine(line: string): string {
  if (!ANY_PII.test(line)) return line
  try {
    const end = line.endsWith('\n') ? '\n' : ''
    return JSON.stringify(scrubValue(JSON.parse(line))) + end
  } catch {
    return scrubText(line)
  }
}

function scrubbing(out: DestinationStream): DestinationStream {
  return { write: (line: string) => out.write(scrubLine(line)) }
}

export interface LoggerOptions {
  /** Default: `DAIBAN_LOG_LEVEL` from the environment, else `info` */
  level?: LogLevel
  /** Where lines go (anything with `write(line)`); default: standard output */
  destination?: DestinationStream
}

/** A JSON-lines logger with PII redaction (see the module comment). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? (process.env.DAIBAN_LOG_LEVEL as LogLevel | undefined) ?? 'info'
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    scrubbing(opts.destination ?? pino.destination(1)),
  )
}

/** A logger that writes nothing: the default of services constructed without one (unit tests). */
export const silentLogger: Logger = pino({ level: 'silent' })

/** An incoming `x-request-id` is reused only when it is a short token of safe characters. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/** The id `httpLogger` gave this request (undefined before it ran), e.g. for `requestId` in error bodies. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined
}

/** The path of a request, without its query string (query values may hold names or numbers). */
function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? ''
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

function userOf(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { principal?: { username?: string } }).principal?.username
}

export type HttpLogger = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id `httpLogger` gave this request */
    id?: string
    /** A logger bound to the request id (made by `httpLogger` when first used) */
    log?: Logger
  }
}

/**
 * The request middleware: gives each request an id (a safe incoming `x-request-id`, else a new
 * UUID), sends it back as `x-request-id`, binds it to `req.log`, and logs one line when the
 * response is done: `{reqId, req: {method, url}, res: {statusCode}, responseTime, user}`.
 * 5xx lines are errors; 4xx are user errors and logged at info (style.md §4).
 *
 * Written here rather than taken from pino-http (issue #20): pino-http made two child loggers per
 * request (one of them serialising the request) whether or not a handler ever logged, about 3 % of
 * the event loop at 400 requests/s. Here `req.log` is a child made on first use, and the line is
 * one call on the logger (redaction and scrubbing as for every other line).
 */
export function httpLogger(logger: Logger): HttpLogger {
  return (req, res, next) => {
    const start = Date.now()
    // an app mounted inside another that logs already keeps the outer request id
    let id = req.id
    if (id === undefined) {
      const incoming = req.headers['x-request-id']
      id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
      req.id = id
      res.setHeader('x-request-id', id)
    }
    const reqId = id
    let child: Logger | undefined
    if (!Object.prototype.hasOwnProperty.call(req, 'log'))
      Object.defineProperty(req, 'log', {
        configurable: true,
        enumerable: false,
        get: () => (child ??= logger.child({ reqId })),
        set: (l: Logger) => void (child = l),
      })
    let logged = false
    const done = (): void => {
      if (logged) return
      logged = true
      res.removeListener('finish', done)
      res.removeListener('close', done)
      const url = pathOf(req)
      const status = res.statusCode
      const line: Record<string, unknown> = { reqId, req: { method: req.method, url }, res: { statusCode: status }, responseTime: Date.now() - start }
      const user = userOf(req)
      if (user) line.user = user
      // The error itself (with its stack) is logged once by the error handler, under the same reqId.
      if (status >= 500) logger.error(line, `${req.method} ${url} ${status}`)
      else logger.info(line, `${req.method} ${url} ${status}`)
    }
    res.on('finish', done)
    res.on('close', done)
    next?.()
  }
}
