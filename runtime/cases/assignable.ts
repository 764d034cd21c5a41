/**
 * Who may be named a case's officer (issue #18 §4): the accounts holding an officer role in the
 * scheme whose jurisdiction covers the case's village. The officer roles are the ones the scheme's
 * officer assessment assesses (`duty.officerAssessment.roles`: the 代办员 themselves); a scheme
 * without one takes the roles that may handle cases (`case.handle`). A case stores its officer by
 * display name — as the on-duty suggestion, the notifications (which also accept a user name) and
 * the prints expect — so the pick-list's value is the display name, never the login name.
 */
import type { CompiledScheme } from '../../engine'
import type { Policy, RoleGrant } from '../auth/policy'

export interface AssignableOfficer {
  /** The display name: what the form stores and shows */
  name: string
  /** The officer roles held in this scheme, by their names */
  roles: Array<{ id: string; name: string; nameEn?: string }>
  /** The village of a village-scoped grant; null for town-wide roles */
  village: string | null
}

export function officerRoles(scheme: CompiledScheme): string[] {
  const assessed = scheme.defs.duty?.officerAssessment?.roles
  if (assessed?.length) return [...assessed]
  return scheme.defs.org.roles.filter((r) => r.permissions.includes('case.handle')).map((r) => r.id)
}

/**
 * The officers to offer, for a case in `village` (all of the scheme's when undefined): the
 * village's own officers first, then town-wide ones, each by display name in Chinese order.
 * Disabled accounts are left out.
 */
export function assignableOfficers(
  accounts: Array<{ username: string; displayName: string; grants: RoleGrant[]; disabled: boolean }>,
  policy: Policy,
  scheme: CompiledScheme,
  village: string | undefined,
): AssignableOfficer[] {
  const schemeId = scheme.manifest.id
  const roles = new Set(officerRoles(scheme))
  const roleDef = new Map(scheme.defs.org.roles.map((r) => [r.id, r]))
  const out: AssignableOfficer[] = []
  for (const a of accounts) {
    if (a.disabled) continue
    const grants = a.grants.filter(
      (g) =>
        roles.has(g.role) && policy.appliesIn(g, schemeId) && (village === undefined || policy.inJurisdiction(g, { village, units: [], schemeId }, schemeId)),
    )
    if (!grants.length) continue
    const local = grants.find((g) => policy.scopeOf(g.role, schemeId) === 'village')
    out.push({
      name: a.displayName,
      roles: [...new Set(grants.map((g) => g.role))].map((id) => {
        const r = roleDef.get(id)
        return { id, name: r?.name ?? id, ...(r?.nameEn ? { nameEn: r.nameEn } : {}) }
      }),
      village: local?.village ?? null,
    })
  }
  const rank = (o: AssignableOfficer) => (village !== undefined && o.village === village ? 0 : o.village === null ? 1 : 2)
  return out.sort((x, y) => rank(x) - rank(y) || x.name.localeCompare(y.name, 'zh-CN'))
}
