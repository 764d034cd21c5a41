/** Sign-in, sign-out, the current user, password change, first-start setup, accounts, the audit log. */
import { Router, type Request, type Response, type NextFunction } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { AccountService } from '../auth/accounts'
import { SESSION_TTL_MS } from '../auth/accounts'
import type { Policy } from '../auth/policy'
import { allow, clearCookie, requireSession, sessionCookie } from '../auth/http'
import type { Store, AuditEntry } from '../store'
import { verifyAuditChain } from '../auth/audit-chain'
import { HttpError } from './errors'

export function authRouter(d: { accounts: AccountService; policy: () => Policy; store: Store; secureCookies: boolean; adminRole: string; signInPer15Min?: number }): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const signInLimit = rateLimit({
    windowMs: 15 * 60_000, limit: d.signInPer15Min ?? 30, standardHeaders: 'draft-8', legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试')),
  })
  const body = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {})

  r.post('/api/auth/login', signInLimit, wrap(async (req, res) => {
    const b = body(req)
    const { session, principal } = await d.accounts.signIn(b.username, b.password, req.ip ?? 'unknown')
    res.setHeader('set-cookie', sessionCookie(session.id, { secure: d.secureCookies, maxAgeMs: SESSION_TTL_MS }))
    res.json({ user: principal, csrfToken: session.csrf, can: d.policy().describe(principal) })
  }))
  r.post('/api/auth/setup', signInLimit, wrap(async (req, res) => {
    const b = body(req)
    const a = await d.accounts.setup(b.token, { username: b.username, displayName: b.displayName, password: b.password }, d.adminRole)
    res.status(201).json({ user: a })
  }))
  r.get('/api/auth/setup', wrap(async (_req, res) => {
    res.json({ needed: (await d.accounts.count()) === 0 })
  }))
  r.get('/api/auth/me', requireSession, (req, res) => {
    res.json({ user: req.principal, csrfToken: req.session!.csrf, can: d.policy().describe(req.principal!) })
  })
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

  r.get('/api/accounts', requireSession, allow(d.policy, 'account.manage'), wrap(async (_req, res) => {
    res.json({ items: await d.accounts.list() })
  }))
  r.post('/api/accounts', requireSession, allow(d.policy, 'account.manage'), wrap(async (req, res) => {
    const b = body(req)
    res.status(201).json(await d.accounts.create({ username: b.username, displayName: b.displayName, password: b.password, grants: b.grants }))
  }))
  r.patch('/api/accounts/:username', requireSession, allow(d.policy, 'account.manage'), wrap(async (req, res) => {
    res.json(await d.accounts.update(String(req.params.username), body(req), req.principal!.username))
  }))

  r.get('/api/audit', requireSession, allow(d.policy, 'audit.read'), wrap(async (req, res) => {
    const q = req.query as Record<string, string | undefined>
    const all = await d.store.listAllAudit()
    const items = all.filter((e: AuditEntry) =>
      (!q.actor || e.actor === q.actor) && (!q.action || e.action === q.action) && (!q.caseId || e.caseId === q.caseId) && (!q.from || e.at >= q.from) && (!q.to || e.at.slice(0, q.to.length) <= q.to))
    const limit = Math.min(500, Math.max(1, Number(q.limit ?? 100) || 100))
    res.json({ total: items.length, items: items.slice(-limit).reverse() })
  }))
  r.get('/api/audit/verify', requireSession, allow(d.policy, 'audit.read'), wrap(async (_req, res) => {
    res.json(verifyAuditChain(await d.store.listAllAudit()))
  }))
  return r
}
