/**
 * Walks over the JSON Schemas of forms and scoring inputs that the consistency checks share: the
 * properties an object may have (its own and those its conditional branches add, as rjsf shows
 * them), and the values a field allows.
 */
import type { OrgDefinition } from '../types'
import { OPTION_SOURCES } from '../options'
import { escapePointerToken } from '../../util/problem'

export type Schema = Record<string, unknown>

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * The subschemas that apply to the same object as `node` when the data says so: `then`/`else`
 * (with their `if`), `allOf`/`anyOf`/`oneOf` alternatives, `dependentSchemas` and draft-07 schema
 * `dependencies` (rjsf's way of showing fields on a condition). With their pointers below `node`.
 */
export function branches(node: Schema): Array<[Schema, string]> {
  const out: Array<[Schema, string]> = []
  for (const k of ['if', 'then', 'else', 'not'] as const) if (isObj(node[k])) out.push([node[k] as Schema, `/${k}`])
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[k]
    if (Array.isArray(list))
      list.forEach((b, i) => {
        if (isObj(b)) out.push([b, `/${k}/${i}`])
      })
  }
  for (const k of ['dependentSchemas', 'dependencies'] as const) {
    const deps = node[k]
    if (isObj(deps)) for (const [name, b] of Object.entries(deps)) if (isObj(b)) out.push([b, `/${k}/${escapePointerToken(name)}`])
  }
  return out
}

/**
 * Every property an object schema may show: its own `properties` and, depth-first, those of its
 * conditional branches. Name → the first schema found for it and its pointer below `node`.
 */
export function familyProperties(
  node: Schema,
  depth = 0,
  base = '',
  out = new Map<string, { schema: Schema; pointer: string }>(),
): Map<string, { schema: Schema; pointer: string }> {
  if (depth > 16) return out
  const props = node.properties
  if (isObj(props))
    for (const [k, v] of Object.entries(props))
      if (!out.has(k) && (isObj(v) || typeof v === 'boolean')) out.set(k, { schema: isObj(v) ? v : {}, pointer: `${base}/properties/${escapePointerToken(k)}` })
  for (const [b, ptr] of branches(node)) if (!ptr.startsWith('/not') && !ptr.startsWith('/if')) familyProperties(b, depth + 1, base + ptr, out)
  return out
}

/** Is the schema one of an object (has properties, or says so)? */
export function isObjectSchema(node: Schema): boolean {
  return node.type === 'object' || isObj(node.properties)
}

/**
 * Visit every object schema in a tree: `fn(node, pointer, inherited)`, where `inherited` are the
 * property names of the object the node is a branch of (a `then` may require a field its parent
 * declares). Branches are visited with their parent's family; property and item schemas start anew.
 */
export function visitObjects(
  node: unknown,
  ptr: string,
  fn: (node: Schema, ptr: string, names: ReadonlySet<string>) => void,
  inherited: ReadonlySet<string> = new Set(),
  depth = 0,
): void {
  if (!isObj(node) || depth > 32) return
  const names = new Set([...inherited, ...familyProperties(node).keys()])
  fn(node, ptr, names)
  for (const [b, sub] of branches(node)) visitObjects(b, ptr + sub, fn, names, depth + 1)
  const props = node.properties
  if (isObj(props)) for (const [k, v] of Object.entries(props)) visitObjects(v, `${ptr}/properties/${escapePointerToken(k)}`, fn, new Set(), depth + 1)
  if (isObj(node.items)) visitObjects(node.items, `${ptr}/items`, fn, new Set(), depth + 1)
  if (Array.isArray(node.prefixItems)) node.prefixItems.forEach((it, i) => visitObjects(it, `${ptr}/prefixItems/${i}`, fn, new Set(), depth + 1))
}

/**
 * The values a field allows, when they are a list: an `x-daiban-options` source (from the org),
 * `enum`, `const`, `oneOf`/`anyOf` of constants, yes/no; `null` when the field takes free values.
 * For an array field, the values of its items.
 */
export function allowedValues(field: Schema, org: OrgDefinition, depth = 0): unknown[] | null {
  if (depth > 8) return null
  const src = field['x-daiban-options']
  if (typeof src === 'string' && OPTION_SOURCES[src]) return OPTION_SOURCES[src].options(org).map((o) => o.value)
  if (Array.isArray(field.enum)) return field.enum as unknown[]
  if ('const' in field) return [field.const]
  const alts = (field.oneOf ?? field.anyOf) as unknown
  if (Array.isArray(alts) && alts.length && alts.every((a) => isObj(a) && ('const' in a || a.type === 'null')))
    return alts.map((a) => ('const' in (a as Schema) ? (a as Schema).const : null))
  const types = Array.isArray(field.type) ? field.type : [field.type]
  if (types.length === 1 && types[0] === 'boolean') return [true, false]
  if (types.includes('array') && isObj(field.items)) return allowedValues(field.items, org, depth + 1)
  return null
}

/** A short list for a message: the first few values, then "…". */
export function shortList(values: unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  return values.length > max ? `${shown.join(', ')}, …` : shown.join(', ')
}
