/**
 * Form errors about conditional fields (issue #16), worded with the field's own title and the
 * condition: a field a condition requires ("请填写「推选的代表」（集体访：信访人数 5 人以上时必填）"),
 * a field the condition leaves out but the data has ("「能够直接答复、当场解决」此时不适用"). The
 * condition is named by the `description` of its `if` schema, which the definition writes for
 * people. ajv's own `if` error ("must match then schema") is dropped: the field's error says it.
 */
import type { FieldError } from './validator'
import { formFields } from '../scheme/form-fields'

type Schema = Record<string, unknown>
const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v)

interface Declared {
  /** `then`: shown when the condition holds; `else`: shown when it does not; `other`: dependentSchemas… */
  branch: 'then' | 'else' | 'other'
  /** The condition as the definition words it (its `if` schema's description) */
  when?: string
}

/** Where each conditional field is declared (the first declaration found). */
function declarations(schema: Schema, depth = 0, out = new Map<string, Declared>()): Map<string, Declared> {
  if (depth > 8) return out
  const when = isObj(schema.if) && typeof schema.if.description === 'string' ? schema.if.description : undefined
  for (const branch of ['then', 'else'] as const) {
    const b = schema[branch]
    if (!isObj(b)) continue
    for (const k of Object.keys(isObj(b.properties) ? b.properties : {})) if (!out.has(k)) out.set(k, when === undefined ? { branch } : { branch, when })
    declarations(b, depth + 1, out)
  }
  if (Array.isArray(schema.allOf)) for (const b of schema.allOf) if (isObj(b)) declarations(b, depth + 1, out)
  for (const key of ['dependentSchemas', 'dependencies'] as const) {
    const deps = schema[key]
    if (isObj(deps))
      for (const b of Object.values(deps))
        if (isObj(b)) for (const k of Object.keys(isObj(b.properties) ? b.properties : {})) if (!out.has(k)) out.set(k, { branch: 'other' })
  }
  return out
}

/** The schema node a schemaPath points into (`#/allOf/0/then/required` → the allOf entry holding `if`). */
function conditionOf(schema: Schema, schemaPath: string | undefined): string | undefined {
  if (!schemaPath) return undefined
  const parts = schemaPath.replace(/^#\/?/, '').split('/')
  const at = parts.findIndex((p) => p === 'then' || p === 'else')
  if (at < 0) return undefined
  let node: unknown = schema
  for (const p of parts.slice(0, at)) node = isObj(node) ? node[p] : Array.isArray(node) ? node[Number(p)] : undefined
  return isObj(node) && isObj(node.if) && typeof node.if.description === 'string' ? node.if.description : undefined
}

/** The errors of a form's data, with those about conditional fields worded by title and condition. */
export function conditionalFieldErrors(schema: Schema, errors: FieldError[]): FieldError[] {
  if (!errors.length) return errors
  const decl = declarations(schema)
  const fields = formFields(schema)
  const out: FieldError[] = []
  for (const e of errors) {
    if (e.code === 'INVALID_IF') continue
    const m = /^\/([^/]+)$/.exec(e.field)
    const name = m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined
    const title = name && typeof fields[name]?.title === 'string' ? (fields[name]!.title as string) : name
    const d = name ? decl.get(name) : undefined
    if (name && e.code === 'UNKNOWN_FIELD' && d) {
      const why = d.when ? (d.branch === 'then' ? `仅当${d.when}时填写` : d.branch === 'else' ? `${d.when}时不填` : '') : ''
      out.push({
        ...e,
        code: 'NOT_APPLICABLE',
        message: `「${title}」此时不适用，请不要填写${why ? `（${why}）` : ''}`,
        messageEn: `"${title}" does not apply here; leave it empty`,
        params: { ...e.params, title },
      })
      continue
    }
    if (name && e.code === 'REQUIRED' && (d || /\/(then|else|dependentSchemas|dependentRequired|dependencies)\//.test(e.schemaPath ?? ''))) {
      const when = conditionOf(schema, e.schemaPath) ?? d?.when
      out.push({
        ...e,
        message: `请填写「${title}」${when ? `（${when}时必填）` : ''}`,
        messageEn: `"${title}" is required here`,
        params: { ...e.params, title },
      })
      continue
    }
    out.push(e)
  }
  return out
}
