/**
 * Field roles in the web apps (issue #16 §2): a form's JSON Schema names the field that plays each
 * role the platform reads with `"x-daiban-role"` (the catalogue is engine/scheme/field-roles.ts),
 * and the schema reaches the apps whole, so the staff app and the public page find the village,
 * the officer, the phone, the fields the server fills… of a form by role, never by field name. A
 * form none of whose fields declares a role (a first-edition scheme) has its roles by the field
 * names the platform used to read, as on the server.
 */

/** What of a form's JSON Schema this reads (the staff app's and the public page's types both fit). */
export interface SchemaLike {
  properties?: Record<string, { title?: string; [k: string]: unknown } | undefined>
}

export const ROLE_KEYWORD = 'x-daiban-role'

/** The first-edition field names of a role, where they differ from the role's id. */
const FIRST_EDITION: Readonly<Record<string, readonly string[]>> = {
  petitionerName: ['petitionerName', 'complainant'],
  instructionLeader: ['leader'],
  instructionText: ['content'],
}

/**
 * Roles whose first-edition name means them only beside another role's field (`content` is also
 * the urging text): as `firstEditionBeside` in engine/scheme/field-roles.ts.
 */
const FIRST_EDITION_BESIDE: Readonly<Record<string, string>> = { instructionLeader: 'instructionText', instructionText: 'instructionLeader' }

const byName = (props: Record<string, unknown>, role: string): string | undefined => (FIRST_EDITION[role] ?? [role]).find((n) => n in props)

/**
 * The field of a form that plays `role`, or undefined when none does.
 * @example roleField(intake.schema, 'village') // 'village' in Galutu, 'gacha' in a fork that renamed it
 */
export function roleField(schema: SchemaLike | undefined, role: string): string | undefined {
  const props = schema?.properties
  if (!props) return undefined
  const entries = Object.entries(props)
  const declared = entries.find(([, p]) => p?.[ROLE_KEYWORD] === role)
  if (declared) return declared[0]
  if (entries.some(([, p]) => typeof p?.[ROLE_KEYWORD] === 'string')) return undefined
  const beside = FIRST_EDITION_BESIDE[role]
  if (beside !== undefined && byName(props, beside) === undefined) return undefined
  return byName(props, role)
}

/** The title of the field playing `role` ('' when none does, or it has no title). */
export function roleTitle(schema: SchemaLike | undefined, role: string): string {
  const f = roleField(schema, role)
  return f === undefined ? '' : (schema?.properties?.[f]?.title ?? f)
}

/** The value of a role in data of that form. */
export function roleValue(schema: SchemaLike | undefined, data: Record<string, unknown> | null | undefined, role: string): unknown {
  const f = roleField(schema, role)
  return f === undefined || !data ? undefined : data[f]
}
