/** Mapping of node-postgres / PostgreSQL errors to the store's errors, and URL redaction for messages. */
import { StoreUnavailableError } from '../types'

/** The URL without its password (never printed). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '<invalid database URL>'
  }
}

export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export function reason(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return reason(e.errors[0])
  const msg = e instanceof Error ? e.message : String(e)
  const code = errorCode(e)
  return (msg || code || 'unknown error').split('\n')[0]!
}

const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOENT'])
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed/i

/** True when the error means the database cannot be reached or refuses service (not a bad query). */
export function isUnavailable(e: unknown): boolean {
  const code = errorCode(e)
  if (code) {
    if (NODE_CODES.has(code)) return true
    // 08: connection exception; 53: insufficient resources; 57P0x: shutdown / cannot connect now; 58: system error
    if (/^(08|53|57P0|58)/.test(code)) return true
    // 3D000: the database does not exist; 28xxx: authentication failed
    if (code === '3D000' || code.startsWith('28')) return true
  }
  if (e instanceof AggregateError) return e.errors.some(isUnavailable)
  return e instanceof Error && MESSAGES.test(e.message)
}

export function unavailable(e: unknown, url: string): StoreUnavailableError {
  return new StoreUnavailableError(`数据库不可用 / the database ${redactUrl(url)} is unavailable: ${reason(e)}`)
}

/** Serialization failure or deadlock: the statement can simply be run again. */
export function isRetryable(e: unknown): boolean {
  const code = errorCode(e)
  return code === '40001' || code === '40P01'
}
