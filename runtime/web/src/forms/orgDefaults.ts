/**
 * Starting values taken from the org (issue #18 §4): on a form with the field playing the units
 * role (the 处置单's 派往单位), the member units of the task group the case was routed to are
 * ticked, unless the user's draft already says otherwise.
 */
import type { JsonSchema, Org } from '../api'
import { roleField } from '../../kit/forms/roles'

/** The member units of the routed group (by id, else by name), restricted to the units the field offers. */
export function routedUnits(org: Pick<Org, 'groups'> | undefined, decision: { groupId?: string | null; group?: string | null } | null | undefined): string[] {
  if (!org || !decision) return []
  const g = org.groups.find((x) => (decision.groupId ? x.id === decision.groupId : x.name === decision.group))
  return [...(g?.units ?? [])]
}

/** `start` with the routed group's units in the form's units field when it has none yet. */
export function withRoutedUnits(schema: JsonSchema | undefined, start: Record<string, unknown>, units: string[]): Record<string, unknown> {
  const field = roleField(schema, 'units')
  if (!field || !units.length) return start
  const have = start[field]
  if (Array.isArray(have) && have.length) return start
  const items = schema?.properties?.[field]?.items
  const offered = items?.oneOf?.map((o) => o.const) ?? items?.enum
  return { ...start, [field]: offered ? units.filter((u) => offered.includes(u)) : units }
}
