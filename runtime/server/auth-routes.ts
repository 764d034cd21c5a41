/**
 * Sign-in, sign-out, the current user (and the schemes they work in), password change, first-start
 * setup, accounts, the audit log. An account manager manages the accounts of the schemes they hold
 * `account.manage` in: every grant they give or take away must be in such a scheme.
 */
import { Router, type Request, type Response, type NextFunction } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { AccountService } from '../auth/accounts'
import { SESSION_TTL_MS } from '../auth/accounts'
import type { Policy, Principal, RoleGrant } from '../auth/policy'
import type { SchemeRegistry } from '../schemes/registry'
import { ServiceError } from '../cases/errors'
import { allow, clearCookie, requireSession, sessionCookie } from '../auth/http'
import type { Store } from '../store'
import { verifyAuditChain } from '../auth/audit-chain'
import type { AuditService } from '../auth/audit'
import { HttpError } from './errors'

export interface SchemeOfUser {
  id: string
  name: string
  town: string
  /** action → may the user do it in this scheme */
  can: Record<string, boolean>
}

export function authRouter(d: { accounts: AccountService; audit: AuditService; policy: () => Policy; store: Store; schemes: SchemeRegistry; secureCookies: boolean; adminRole: string; signInPer15Min?: number }): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const signInLimit = rateLimit({
    windowMs: 15 * 60_000, limit: d.signInPer15Min ?? 30, standardHeaders: 'draft-8', legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试')),
  })
  const body = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {})

  /** The schemes the user works in, first the one the workspace opens with, with what they may do in each. */
  const schemesOf = async (p: Principal): Promise<SchemeOfUser[]> => {
    const policy = d.policy()
    const out: SchemeOfUser[] = []
    for (const id of policy.schemesOf(p)) {
      try {
        const s = await d.schemes.get(id, (await d.schemes.latest(id)).hash)
        out.push({ id, name: s.manifest.name, town: s.manifest.town, can: policy.describe(p, id) })
      } catch {
        /* a scheme the registry no longer has */
      }
    }
    return out
  }
  /**
   * The session answer: the user, the CSRF token, the schemes they work in and `can` — in the
   * scheme asked for (`?scheme=`), else in any of them ("may do it somewhere").
   */
  const sessionInfo = async (p: Principal, csrfToken: string, scheme?: string) => {
    const schemes = await schemesOf(p)
    const can = scheme ? (schemes.find((s) => s.id === scheme)?.can ?? d.policy().describe(p, scheme)) : d.policy().describe(p)
    return { user: p, csrfToken, can, schemes, defaultScheme: d.policy().defaultScheme }
  }
  /** The schemes whose accounts the manager may change: every scheme touched by these grants must be one. */
  const mayManage = (p: Principal, grants: RoleGrant[]) => {
    const policy = d.policy()
    const outside = policy.schemesTouched(grants).filter((s) => !policy.can(p, 'account.manage', undefined, s))
    if (outside.length) throw new HttpError('FORBIDDEN', `您不能管理方案 ${outside.join('、')} 的账号 / you do not manage accounts of ${outside.join(', ')}`)
  }

  r.post('/api/auth/login', signInLimit, wrap(async (req, res) => {
    const b = body(req)
    const { session, principal } = await d.accounts.signIn(b.username, b.password, req.ip ?? 'unknown')
    res.setHeader('set-cookie', sessionCookie(session.id, { secure: d.secureCookies, maxAgeMs: SESSION_TTL_MS }))
    res.json(await sessionInfo(principal, session.csrf))
  }))
  r.post('/api/auth/setup', signInLimit, wrap(async (req, res) => {
    const b = body(req)
    const a = await d.accounts.setup(b.token, { username: b.username, displayName: b.displayName, password: b.password }, d.adminRole)
    res.status(201).json({ user: a })
  }))
  r.get('/api/auth/setup', wrap(async (_req, res) => {
    res.json({ needed: (await d.accounts.count()) === 0 })
  }))
  r.get('/api/auth/me', requireSession, wrap(async (req, res) => {
    const scheme = typeof req.query.scheme === 'string' && req.query.scheme ? req.query.scheme : undefined
    res.json(await sessionInfo(req.principal!, req.session!.csrf, scheme))
  }))
  r.post('/api/auth/logout', requireSession, wrap(async (req, res) => {
    await d.accounts.signOut(req.session!.id)
    res.setHeader('set-cookie', clearCookie(d.secureCookies))
    res.json({ ok: true })
  }))
  r.post('/api/auth/password', requireSession, wrap(async (req, res) => {
    const b = body(req)
    await d.accounts.changePassword(req.principal!.username, b.oldPassword, b.newPassword, req.session!.id)
    res.json({ ok: true })
  }))

  r.get('/api/accounts', requireSession, allow(d.policy, 'account.manage'), wrap(async (req, res) => {
    // Accounts with a grant in a scheme the manager manages.
    const policy = d.policy()
    const mine = new Set(policy.schemeIds().filter((s) => policy.can(req.principal!, 'account.manage', undefined, s)))
    res.json({ items: (await d.accounts.list()).filter((a) => policy.schemesTouched(a.grants).some((s) => mine.has(s))) })
  }))
  r.post('/api/accounts', requireSession, allow(d.policy, 'account.manage'), wrap(async (req, res) => {
    const b = body(req)
    const created = await d.accounts.create({ username: b.username, displayName: b.displayName, password: b.password, grants: b.grants }, (grants) => mayManage(req.principal!, grants), req.principal!.username)
    res.status(201).json(created)
  }))
  r.patch('/api/accounts/:username', requireSession, allow(d.policy, 'account.manage'), wrap(async (req, res) => {
    const before = await d.accounts.get(String(req.params.username))
    if (!before) throw new ServiceError('NOT_FOUND', '未找到账号')
    // Only accounts wholly inside the manager's schemes; new grants too.
    mayManage(req.principal!, before.grants)
    res.json(await d.accounts.update(String(req.params.username), body(req), req.principal!.username, (grants) => mayManage(req.principal!, grants)))
  }))

  r.get('/api/audit', requireSession, allow(d.policy, 'audit.read'), wrap(async (req, res) => {
    // Only the entries of the schemes the reader audits; petitioners' data masked without case.pii.
    res.json(await d.audit.search(req.principal!, req.query as Record<string, unknown>))
  }))
  r.get('/api/audit/verify', requireSession, allow(d.policy, 'audit.read'), wrap(async (_req, res) => {
    res.json(verifyAuditChain(await d.store.listAllAudit()))
  }))
  return r
}
