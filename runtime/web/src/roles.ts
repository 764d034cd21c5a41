/**
 * Field roles in the web apps (issue #16 §2): a form's JSON Schema names the field that plays each
 * role the platform reads with `"x-daiban-role"` (the catalogue is engine/scheme/field-roles.ts),
 * and the schema reaches the apps whole, so the screens find the village, the officer, the units…
 * of a form by role, never by field name. A form of a scheme that declares no role at all (first
 * edition) has its roles by the field names the platform used to read, as on the server.
 */
import type { JsonSchema } from './api'
import { fieldTitle } from './schemaUtil'

export const ROLE_KEYWORD = 'x-daiban-role'

/** The first-edition field names of a role, where they differ from the role's id. */
const FIRST_EDITION: Readonly<Record<string, readonly string[]>> = { petitionerName: ['petitionerName', 'complainant'] }

/**
 * The field of a form that plays `role`, or undefined when none does.
 * @example roleField(intake.schema, 'village') // 'village' in Galutu, 'gacha' in a fork that renamed it
 */
export function roleField(schema: JsonSchema | undefined, role: string): string | undefined {
  const props = schema?.properties
  if (!props) return undefined
  const entries = Object.entries(props)
  const declared = entries.find(([, p]) => p?.[ROLE_KEYWORD] === role)
  if (declared) return declared[0]
  if (entries.some(([, p]) => typeof p?.[ROLE_KEYWORD] === 'string')) return undefined
  return (FIRST_EDITION[role] ?? [role]).find((n) => n in props)
}

/** The title of the field playing `role` ('' when none does, or it has no title). */
export function roleTitle(schema: JsonSchema | undefined, role: string): string {
  const f = roleField(schema, role)
  return f === undefined ? '' : fieldTitle(schema, f)
}

/** The value of a role in data of that form. */
export function roleValue(schema: JsonSchema | undefined, data: Record<string, unknown> | null | undefined, role: string): unknown {
  const f = roleField(schema, role)
  return f === undefined || !data ? undefined : data[f]
}
