/**
 * Server refusals (`fields: [{field: "units.0", message}]`) placed against the fields they name,
 * as rjsf's `extraErrors` (an ErrorSchema: `{units: {__errors: […]}}`). A field the form does not
 * render (e.g. `type`, or an empty path) becomes a form-level message instead.
 */
import type { FieldProblem, JsonSchema } from './api'

export interface ErrorNode {
  __errors?: string[]
  [key: string]: ErrorNode | string[] | undefined
}

export interface MappedErrors {
  /** For rjsf `extraErrors`; undefined when no field error */
  errorSchema: ErrorNode | undefined
  /** Messages that belong to no rendered field */
  formErrors: string[]
  /** Top-level field names that carry an error (to drop them once edited) */
  fields: string[]
}

/** "phone：格式不正确" → "格式不正确" (the field is shown next to the message anyway). */
export function stripFieldPrefix(message: string, field: string): string {
  const last = field.split('.').pop() ?? field
  for (const p of [field, last]) {
    if (!p) continue
    for (const sep of ['：', ': ', ':']) {
      if (message.startsWith(p + sep)) return message.slice(p.length + sep.length).trim() || message
    }
  }
  return message
}

const isSelectLike = (s: JsonSchema | undefined): boolean =>
  !!s && (Array.isArray(s.enum) || (Array.isArray(s.oneOf) && s.oneOf.every((o) => o && typeof o === 'object' && ('const' in o || o.type === 'null'))))

/**
 * The deepest rendered path for a dotted server path: an index into an array of choices (rendered
 * as one checkbox group or multi-select) goes to the array itself.
 */
export function renderedPath(schema: JsonSchema, field: string): string[] | null {
  if (!field) return null
  const parts = field.split('.').filter((p) => p !== '')
  const out: string[] = []
  let s: JsonSchema | undefined = schema
  for (const part of parts) {
    if (!s) break
    if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, part)) {
      out.push(part)
      s = s.properties[part]
      continue
    }
    if (s.items && /^\d+$/.test(part)) {
      if (isSelectLike(s.items)) return out
      out.push(part)
      s = s.items
      continue
    }
    // The path leaves the schema: report it on the nearest rendered field, or on the form.
    return out.length ? out : null
  }
  return out.length ? out : null
}

export function toErrorSchema(problems: FieldProblem[], schema: JsonSchema): MappedErrors {
  let root: ErrorNode | undefined
  const formErrors: string[] = []
  const fields = new Set<string>()
  for (const p of problems) {
    const path = renderedPath(schema, p.field)
    const message = stripFieldPrefix(p.message, p.field)
    if (!path) {
      if (!formErrors.includes(message)) formErrors.push(message)
      continue
    }
    root ??= {}
    let node: ErrorNode = root
    for (const part of path) {
      const next = node[part]
      if (next && !Array.isArray(next)) node = next
      else {
        const created: ErrorNode = {}
        node[part] = created
        node = created
      }
    }
    node.__errors ??= []
    if (!node.__errors.includes(message)) node.__errors.push(message)
    fields.add(path[0]!)
  }
  return { errorSchema: root, formErrors, fields: [...fields] }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The server's errors still relevant after the user edited the form: those on fields whose value is
 * unchanged since the refused submission. Returns the same object when nothing changed.
 */
export function pruneErrors(
  errors: ErrorNode | undefined,
  submitted: Record<string, unknown> | undefined,
  current: Record<string, unknown> | undefined,
): ErrorNode | undefined {
  if (!errors) return errors
  let changed = false
  const out: ErrorNode = {}
  for (const [k, v] of Object.entries(errors)) {
    if (k !== '__errors' && !same(submitted?.[k], current?.[k])) {
      changed = true
      continue
    }
    out[k] = v
  }
  if (!changed) return errors
  return Object.keys(out).length ? out : undefined
}
