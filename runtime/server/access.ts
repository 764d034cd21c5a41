/**
 * What a principal may see, for the handlers that list or count cases: the store filters of their
 * schemes and jurisdictions, and the merged pages over them. Who may call a route at all is
 * declared with the route (./contract/route.ts) and checked when it is mounted (./contract/mount.ts).
 */
import type { Policy, Principal } from '../auth/policy'
import type { Store, CaseSummary, CaseFilter, Page } from '../store'
import { compileSort } from '../store/query'

/** The store filter of the cases a principal may see in one scheme (undefined: all of that scheme's). */
export function jurisdictionFilter(
  policy: Policy,
  p: Principal,
  permission = 'case.read',
  scheme: string = policy.defaultScheme,
): CaseFilter['jurisdiction'] | undefined {
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
export async function listVisible(
  store: Pick<Store, 'listCases'>,
  filters: CaseFilter[],
  base: CaseFilter,
  page: Page,
): Promise<{ items: CaseSummary[]; total: number; totalCapped?: boolean }> {
  if (filters.length === 0) return { items: [], total: 0 }
  if (filters.length === 1) return store.listCases({ ...base, ...filters[0] }, page)
  const parts = await Promise.all(filters.map((f) => store.listCases({ ...base, ...f }, { ...page, offset: 0, limit: page.offset + page.limit })))
  const cmp = compileSort(page)
  const merged = parts.flatMap((r) => r.items).sort(cmp)
  const capped = parts.some((r) => r.totalCapped)
  return { items: merged.slice(page.offset, page.offset + page.limit), total: parts.reduce((n, r) => n + r.total, 0), ...(capped ? { totalCapped: true } : {}) }
}

/** Every case summary a principal may see (matching `base`). */
export async function allVisible(store: Pick<Store, 'allSummaries'>, filters: CaseFilter[], base: CaseFilter = {}): Promise<CaseSummary[]> {
  return (await Promise.all(filters.map((f) => store.allSummaries({ ...base, ...f })))).flat()
}
