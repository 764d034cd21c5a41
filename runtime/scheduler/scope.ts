/**
 * Whose reminders are whose. A case's reminders reach the people who may read the case (its scheme,
 * village and units). A recurring duty's (`duty:<scheme>:<task>`) reach the holders of the roles
 * its obligation names as responsible (`roles`, "who is reminded"; every reader of duty when it
 * names none), and a per-village task only those whose grant covers that village: a village officer
 * is reminded of their own village's yearly meeting, not of the four others'.
 */
import type { CompiledScheme } from '../../engine'
import type { Policy, Principal } from '../auth/policy'
import { parseOccurrence } from '../duty/obligations'

/** The scheme of a recurring duty's reminder or case id (`duty:<scheme>:…`), else undefined. */
export function dutySchemeOf(id: string): string | undefined {
  return /^duty:([^:]+):/.exec(id)?.[1]
}

/**
 * May `user` see this recurring duty's reminder?
 * @param caseId the reminder's caseId, `duty:<scheme>:<occurrence id>`
 * @param scheme the scheme's current definitions (undefined when it could not be loaded)
 */
export function dutyReminderFor(policy: Policy, user: Principal, caseId: string, scheme: CompiledScheme | undefined): boolean {
  const schemeId = dutySchemeOf(caseId)
  if (!schemeId || !policy.can(user, 'duty.read', undefined, schemeId)) return false
  const parsed = scheme ? parseOccurrence(scheme, caseId.slice(`duty:${schemeId}:`.length)) : null
  // an obligation no longer defined: any reader of duty in the scheme, as before
  if (!parsed) return true
  const roles = parsed.ob.roles?.length ? parsed.ob.roles : undefined
  const grants = policy.grantsFor(user, roles ? null : 'duty.read', roles, schemeId)
  const village = parsed.occ.village
  if (!village) return grants.length > 0
  return grants.some((g) => policy.inJurisdiction(g, { village: village.name, units: [] }, schemeId))
}
