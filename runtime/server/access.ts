/**
 * Access control for the API, applied in one place before the routes: who must be signed in,
 * which permission each route family needs (from the policy table), and the jurisdiction check
 * on every case route — a case outside the user's villages or units is answered 404, exactly as
 * a case that does not exist, so ids of other villages cannot be probed.
 */
import type { Request, Response, NextFunction } from 'express'
import type { Policy, Action, Principal } from '../auth/policy'
import type { Store, CaseSummary, CaseFilter } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import { requireSession } from '../auth/http'
import { HttpError } from './errors'
import { ServiceError } from '../cases/errors'

/** Routes open without a session: health, API description, the public pages, sign-in and setup. */
export function isPublic(req: Request): boolean {
  const p = req.path
  return (
    p === '/health' ||
    p === '/openapi.json' ||
    p.startsWith('/public/') ||
    p === '/auth/login' ||
    p === '/auth/setup'
  )
}

/** Route families → the action they need; the first matching rule decides. */
const RULES: Array<{ method?: 'GET' | 'WRITE'; path: RegExp; action: Action | null }> = [
  { path: /^\/auth\//, action: null },
  { path: /^\/my\//, action: null },
  { path: /^\/accounts/, action: 'account.manage' },
  { path: /^\/audit/, action: 'audit.read' },
  { path: /^\/scheduler\//, action: 'scheduler.run' },
  { method: 'GET', path: /^\/designer\//, action: 'scheme.edit' },
  { path: /^\/designer\/schemes\/[^/]+\/draft\/(validate|impact)$/, action: 'scheme.edit' },
  { method: 'WRITE', path: /^\/designer\//, action: 'scheme.publish' },
  { path: /^\/schemes\/[^/]+\/import\//, action: 'case.import' },
  { path: /^\/schemes\/[^/]+\/(similar|decide)$/, action: 'case.register' },
  { path: /^\/schemes\/[^/]+\/score$/, action: 'report.read' },
  { method: 'GET', path: /^\/schemes/, action: 'scheme.read' },
  { method: 'GET', path: /^\/assessment\//, action: 'report.read' },
  { method: 'WRITE', path: /^\/assessment\//, action: 'assessment.enter' },
  { path: /^\/reports\//, action: 'report.read' },
  { method: 'GET', path: /^\/reminders/, action: 'reminder.read' },
  { method: 'WRITE', path: /^\/reminders/, action: 'case.read' },
  { path: /^\/duty\/tick$/, action: 'scheduler.run' },
  { path: /^\/duty\/[^/]+\/officers\/[^/]+\/marks/, action: 'assessment.enter' },
  { path: /^\/duty\/[^/]+\/officers/, action: 'report.read' },
  { method: 'GET', path: /^\/duty\/[^/]+\/complaints/, action: 'case.read' },
  { method: 'WRITE', path: /^\/duty\/[^/]+\/complaints/, action: 'case.register' },
  { method: 'WRITE', path: /^\/duty\/[^/]+\/contacts/, action: 'account.manage' },
  { method: 'WRITE', path: /^\/duty\/[^/]+\/(roster|staffing)/, action: 'duty.manage' },
  { method: 'WRITE', path: /^\/duty\/[^/]+\/(attendance|obligations)/, action: 'duty.record' },
  { path: /^\/duty\//, action: 'duty.read' },
  { method: 'GET', path: /^\/cases/, action: 'case.list' },
  { method: 'WRITE', path: /^\/cases$/, action: 'case.register' },
  { path: /^\/cases\//, action: 'case.read' },
]

export function apiAccess(policy: () => Policy) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPublic(req)) return next()
    requireSession(req, res, (err?: unknown) => {
      if (err) return next(err)
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method)
      const rule = RULES.find((r) => (!r.method || (r.method === 'WRITE') === write) && r.path.test(req.path))
      if (rule?.action && !policy().can(req.principal!, rule.action)) return next(new HttpError('FORBIDDEN', '您没有此项操作的权限 / not allowed'))
      next()
    })
  }
}

/** The store filter of the cases a principal may see (undefined: all of them). */
export function jurisdictionFilter(policy: Policy, p: Principal, permission = 'case.read'): CaseFilter['jurisdiction'] | undefined {
  const grants = policy.grantsFor(p, permission)
  if (grants.some((g) => policy.scopeOf(g.role) === 'all')) return undefined
  return {
    villages: grants.filter((g) => policy.scopeOf(g.role) === 'village').map((g) => g.village).filter((v): v is string => !!v),
    units: grants.filter((g) => policy.scopeOf(g.role) === 'unit').map((g) => g.unit).filter((u): u is string => !!u),
  }
}

/** Loads the case behind `:caseId` and checks the reader's jurisdiction (404 outside it). */
export function caseGuard(deps: { store: Store; policy: () => Policy }) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = String(req.params.caseId ?? '')
    const load = /^[A-Z]{2,8}-/.test(id) ? deps.store.getCaseByNumber(id) : deps.store.getCase(id)
    load
      .then((rec) => {
        if (!rec) return next(new ServiceError('NOT_FOUND', `未找到案件 "${id}" / not found`))
        if (!deps.policy().canOnCase(req.principal!, 'case.read', rec.summary)) return next(new ServiceError('NOT_FOUND', `未找到案件 "${id}" / not found`))
        ;(req as Request & { caseSummary?: CaseSummary }).caseSummary = rec.summary
        next()
      })
      .catch(next)
  }
}

/** Fields of the scheme's forms marked `x-sensitive` (ID numbers, phones). */
export async function sensitiveFields(schemes: SchemeRegistry, schemeId: string, hash: string): Promise<Set<string>> {
  const s = await schemes.get(schemeId, hash)
  const out = new Set<string>()
  for (const f of s.forms.values()) {
    for (const [name, p] of Object.entries((f.schema.properties ?? {}) as Record<string, Record<string, unknown>>)) if (p['x-sensitive'] === true) out.add(name)
  }
  return out
}

export function mask(v: unknown): unknown {
  if (typeof v !== 'string' || v.length < 4) return v ? '****' : v
  if (v.length <= 7) return v.slice(0, 1) + '*'.repeat(v.length - 2) + v.slice(-1)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}

/** A case view with the sensitive fields masked in its facts and its form records. */
export function maskView<T extends { context?: { facts?: Record<string, unknown>; records?: Array<{ form?: Record<string, unknown> }> } }>(view: T, fields: Set<string>): T {
  if (!fields.size || !view.context) return view
  const maskObj = (o: Record<string, unknown> | undefined) => (o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fields.has(k) ? mask(v) : v])) : o)
  return {
    ...view,
    masked: true,
    context: {
      ...view.context,
      facts: maskObj(view.context.facts),
      records: view.context.records?.map((r) => ({ ...r, form: maskObj(r.form) })),
    },
  }
}
