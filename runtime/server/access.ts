/**
 * Access control for the API, applied in one place before the routes: who must be signed in,
 * which permission each route family needs (from the policy table) and in which scheme, and the
 * scheme and jurisdiction check on every case route — a case of another scheme, or outside the
 * user's villages or units, is answered 404, exactly as a case that does not exist, so ids of
 * other towns and villages cannot be probed.
 */
import type { Request, Response, NextFunction } from 'express'
import type { Policy, Action, Principal } from '../auth/policy'
import type { Store, CaseSummary, CaseFilter, Page } from '../store'
import { compileSort } from '../store/query'
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

/**
 * Route families → the action they need; the first matching rule decides. A rule whose path
 * captures a group names the scheme the route is about (`/reports/:id/…`): the permission is then
 * checked IN that scheme, with the user's grants there. Other routes need the permission in some
 * scheme the user works in, and filter what they return per scheme.
 */
const RULES: Array<{ method?: 'GET' | 'WRITE'; path: RegExp; action: Action | null }> = [
  { path: /^\/auth\//, action: null },
  { path: /^\/my\//, action: null },
  { path: /^\/accounts/, action: 'account.manage' },
  { path: /^\/audit/, action: 'audit.read' },
  { path: /^\/scheduler\//, action: 'scheduler.run' },
  { method: 'GET', path: /^\/designer\/schemes\/([^/]+)/, action: 'scheme.edit' },
  { path: /^\/designer\/schemes\/([^/]+)\/draft\/(?:validate|impact)$/, action: 'scheme.edit' },
  { method: 'WRITE', path: /^\/designer\/schemes\/([^/]+)/, action: 'scheme.publish' },
  { method: 'GET', path: /^\/designer\//, action: 'scheme.edit' },
  { method: 'WRITE', path: /^\/designer\//, action: 'scheme.publish' },
  { path: /^\/schemes\/([^/]+)\/import\//, action: 'case.import' },
  { path: /^\/schemes\/([^/]+)\/(?:similar|decide)$/, action: 'case.register' },
  { path: /^\/schemes\/([^/]+)\/score$/, action: 'report.read' },
  { method: 'GET', path: /^\/schemes\/([^/]+)/, action: 'scheme.read' },
  { method: 'GET', path: /^\/schemes/, action: 'scheme.read' },
  { method: 'GET', path: /^\/assessment\/([^/]+)/, action: 'report.read' },
  { method: 'WRITE', path: /^\/assessment\/([^/]+)/, action: 'assessment.enter' },
  { path: /^\/reports\/([^/]+)/, action: 'report.read' },
  { method: 'GET', path: /^\/reminders/, action: 'reminder.read' },
  { method: 'WRITE', path: /^\/reminders/, action: 'case.read' },
  { path: /^\/duty\/tick$/, action: 'scheduler.run' },
  { path: /^\/duty\/([^/]+)\/officers\/[^/]+\/marks/, action: 'assessment.enter' },
  { path: /^\/duty\/([^/]+)\/officers/, action: 'report.read' },
  { method: 'GET', path: /^\/duty\/([^/]+)\/complaints/, action: 'case.read' },
  { method: 'WRITE', path: /^\/duty\/([^/]+)\/complaints/, action: 'case.register' },
  { method: 'WRITE', path: /^\/duty\/([^/]+)\/contacts/, action: 'account.manage' },
  { method: 'WRITE', path: /^\/duty\/([^/]+)\/(?:roster|staffing)/, action: 'duty.manage' },
  { method: 'WRITE', path: /^\/duty\/([^/]+)\/(?:attendance|obligations)/, action: 'duty.record' },
  { path: /^\/duty\/([^/]+)/, action: 'duty.read' },
  { path: /^\/duty\//, action: 'duty.read' },
  { method: 'GET', path: /^\/cases/, action: 'case.list' },
  { method: 'WRITE', path: /^\/cases$/, action: 'case.register' },
  { path: /^\/cases\//, action: 'case.read' },
]

/**
 * The rule for a request (method and path below /api) and the scheme it is about, if any: the
 * scheme id from the path's `:id` segment, for the scheme-parameterised route families.
 */
export function accessRule(method: string, path: string): { action: Action | null; scheme: string | null } | null {
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method)
  for (const r of RULES) {
    if (r.method && (r.method === 'WRITE') !== write) continue
    const m = r.path.exec(path)
    if (!m) continue
    let scheme: string | null = null
    if (m[1] !== undefined) {
      try {
        scheme = decodeURIComponent(m[1])
      } catch {
        scheme = m[1]
      }
    }
    return { action: r.action, scheme }
  }
  return null
}

/**
 * @param schemeExists whether the registry has a scheme the policy does not know yet (published by
 *   another instance): such a scheme is refused rather than checked against other schemes' grants.
 */
export function apiAccess(policy: () => Policy, schemeExists?: (id: string) => Promise<boolean>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPublic(req)) return next()
    requireSession(req, res, (err?: unknown) => {
      if (err) return next(err)
      const rule = accessRule(req.method, req.path)
      if (!rule?.action) return next()
      const p = policy()
      const action = rule.action
      const refuse = (scheme?: string) => next(new HttpError('FORBIDDEN', scheme ? `您在方案 ${scheme} 中没有此项操作的权限 / not allowed in scheme ${scheme}` : '您没有此项操作的权限 / not allowed'))
      if (rule.scheme === null || p.hasScheme(rule.scheme)) {
        const scheme = rule.scheme ?? undefined
        return p.can(req.principal!, action, undefined, scheme) ? next() : refuse(scheme)
      }
      // A scheme id the policy does not know: no such scheme (the route answers 404), unless the
      // registry has it after all.
      if (!p.can(req.principal!, action)) return refuse()
      if (!schemeExists) return next()
      const id = rule.scheme
      schemeExists(id).then((exists) => (exists ? refuse(id) : next()), next)
    })
  }
}

/** The store filter of the cases a principal may see in one scheme (undefined: all of that scheme's). */
export function jurisdictionFilter(policy: Policy, p: Principal, permission = 'case.read', scheme: string = policy.defaultScheme): CaseFilter['jurisdiction'] | undefined {
  const s = policy.caseScopes(p, permission).get(scheme)
  if (s === 'all') return undefined
  return s ?? { villages: [], units: [] }
}

/**
 * The store filters whose union is what a principal may see (each names its scheme and, unless the
 * user sees all of that scheme, its villages and units). `[{}]`: everything on the server. `[]`:
 * nothing. `only` narrows to one scheme (a `schemeId` the request asked for).
 */
export function visibleFilters(policy: Policy, p: Principal, permission = 'case.read', only?: string): CaseFilter[] {
  const scopes = policy.caseScopes(p, permission)
  const all = policy.schemeIds()
  if (only === undefined && all.length > 0 && all.every((s) => scopes.get(s) === 'all')) return [{}]
  const out: CaseFilter[] = []
  for (const [schemeId, scope] of scopes) {
    if (only !== undefined && schemeId !== only) continue
    if (scope === 'all') out.push({ schemeId })
    else if (scope.villages.length || scope.units.length) out.push({ schemeId, jurisdiction: scope })
  }
  return out
}

/**
 * One page of the cases a principal may see: one store query per visible scheme, merged in the
 * page's order (each query fetches the first offset+limit, so the merge is exact).
 */
export async function listVisible(store: Pick<Store, 'listCases'>, filters: CaseFilter[], base: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number }> {
  if (filters.length === 0) return { items: [], total: 0 }
  if (filters.length === 1) return store.listCases({ ...base, ...filters[0] }, page)
  const parts = await Promise.all(filters.map((f) => store.listCases({ ...base, ...f }, { ...page, offset: 0, limit: page.offset + page.limit })))
  const cmp = compileSort(page)
  const merged = parts.flatMap((r) => r.items).sort(cmp)
  return { items: merged.slice(page.offset, page.offset + page.limit), total: parts.reduce((n, r) => n + r.total, 0) }
}

/** Every case summary a principal may see (matching `base`). */
export async function allVisible(store: Pick<Store, 'allSummaries'>, filters: CaseFilter[], base: CaseFilter = {}): Promise<CaseSummary[]> {
  return (await Promise.all(filters.map((f) => store.allSummaries({ ...base, ...f })))).flat()
}

/** Loads the case behind `:caseId` and checks the reader's scheme and jurisdiction (404 outside them). */
export function caseGuard(deps: { store: Store; policy: () => Policy }) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = String(req.params.caseId ?? '')
    const load = /^[A-Z]{2,8}-/.test(id) ? deps.store.getCaseByNumber(id) : deps.store.getCase(id)
    load
      .then((rec) => {
        if (!rec) return next(new ServiceError('NOT_FOUND', `未找到案件 "${id}" / not found`))
        // The case's own scheme decides which of the reader's grants count (canOnCase reads summary.schemeId).
        if (!deps.policy().canOnCase(req.principal!, 'case.read', rec.summary)) return next(new ServiceError('NOT_FOUND', `未找到案件 "${id}" / not found`))
        ;(req as Request & { caseSummary?: CaseSummary }).caseSummary = rec.summary
        next()
      })
      .catch(next)
  }
}
