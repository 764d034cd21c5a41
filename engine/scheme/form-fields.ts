/**
 * The fields of a form: its own `properties` and those its conditional branches declare (issue
 * #16: a field shown only when another field says so, as rjsf renders JSON Schema `if`/`then`/
 * `else`, `dependentSchemas` and draft-07 `dependencies`). Whatever reads a form's fields — the
 * rules' facts, decisions, printing, the case page, the designer's rule tester — reads them here,
 * so a field does not vanish from them because it is conditional.
 *
 * @example
 *   formFields({ properties: { n: { type: 'integer' } }, if: { … }, then: { properties: { reps: { type: 'string' } } } })
 *   // → { n: { type: 'integer' }, reps: { type: 'string' } }
 */
import { familyProperties } from './consistency/schema-walk'

type Schema = Record<string, unknown>

const cache = new WeakMap<object, Record<string, Schema>>()

/** Name → schema of every field the form may show (a field declared twice: its first declaration). */
export function formFields(schema: Record<string, unknown> | undefined | null): Record<string, Schema> {
  if (!schema || typeof schema !== 'object') return {}
  let hit = cache.get(schema)
  if (!hit) {
    hit = Object.fromEntries([...familyProperties(schema)].map(([k, v]) => [k, v.schema]))
    cache.set(schema, hit)
  }
  return hit
}

/** The fields a form shows only on a condition (declared in a branch, not in its own `properties`). */
export function conditionalFields(schema: Record<string, unknown> | undefined | null): string[] {
  const own = (schema?.properties ?? {}) as Schema
  return Object.keys(formFields(schema)).filter((k) => !Object.prototype.hasOwnProperty.call(own, k))
}

/** Does the form declare conditions (fields shown or required when another field says so)? */
export function hasConditions(schema: Record<string, unknown> | undefined | null): boolean {
  if (!schema) return false
  return (
    ['if', 'then', 'else', 'dependentSchemas', 'dependentRequired', 'dependencies'].some((k) => k in schema) ||
    (Array.isArray(schema.allOf) && schema.allOf.some((b) => !!b && typeof b === 'object' && 'if' in b))
  )
}
