/**
 * HTTP side of accounts: the session cookie, CSRF, sign-in rate limits, and the guards every
 * route uses. The public routes (online intake, status lookup, health, sign-in, setup) are the
 * only ones that pass without a session.
 */
import type { Request, Response, NextFunction } from 'express'
import { timingSafeEqual } from 'node:crypto'
import type { AccountService, Session } from '../auth/accounts'
import type { Action, Policy, Principal } from '../auth/policy'
import { HttpError } from './errors'
import { authMsg } from '../auth/messages'

export const COOKIE = 'daiban_sid'

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal
    session?: Session
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const k = part.slice(0, i).trim()
    const v = part.slice(i + 1).trim()
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v)
      } catch {
        out[k] = v
      }
    }
  }
  return out
}

export function sessionCookie(id: string, opts: { secure: boolean; maxAgeMs: number }): string {
  return `${COOKIE}=${encodeURIComponent(id)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(opts.maxAgeMs / 1000)}${opts.secure ? '; Secure' : ''}`
}

export function clearCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`
}

/** Attach the principal when a valid session cookie is present. */
export function authenticate(accounts: AccountService) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const sid = parseCookies(req.headers.cookie)[COOKIE]
    if (!sid) return next()
    accounts
      .resolve(sid)
      .then((r) => {
        if (r) {
          req.principal = r.principal
          req.session = r.session
        }
        next()
      })
      .catch(next)
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A session is required; state-changing requests must carry the session's CSRF token. */
export function requireSession(req: Request, _res: Response, next: NextFunction): void {
  if (!req.principal || !req.session) return next(new HttpError('UNAUTHENTICATED', authMsg('signIn')))
  if (!SAFE.has(req.method)) {
    const given = req.get('x-csrf-token') ?? ''
    const want = req.session.csrf
    if (given.length !== want.length || !timingSafeEqual(Buffer.from(given), Buffer.from(want))) {
      return next(new HttpError('FORBIDDEN', authMsg('csrf'), { code: 'CSRF' }))
    }
  }
  next()
}

/** Route guard from the policy table (no jurisdiction: that is checked against the case). */
export function allow(policy: () => Policy, action: Action) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.principal) return next(new HttpError('UNAUTHENTICATED', authMsg('signIn')))
    if (!policy().can(req.principal, action)) return next(new HttpError('FORBIDDEN', authMsg('notAllowed')))
    next()
  }
}
