/**
 * Reading the scheme's forms and workflow for display: field order and titles, values shown as
 * the form would show them, state and stage labels. Nothing here knows a particular form.
 */
import type { FormDef, JsonSchema, UiSchema, WorkflowDef } from './api'
import type { I18n } from './i18n'
import { formFields } from '../../../engine/scheme/form-fields'
import { roleField } from '../kit/forms/roles'

/** A form's fields: its own and those it shows on a condition (issue #16), so none is missing from the case page or the print. */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return formFields(schema as Record<string, unknown>) as Record<string, JsonSchema>
}

/** Field names in display order: `ui:order` (with `*`), then the rest as declared. */
export function orderedFields(schema: JsonSchema, uiSchema?: UiSchema): string[] {
  const names = Object.keys(propertiesOf(schema))
  const order = Array.isArray(uiSchema?.['ui:order']) ? (uiSchema['ui:order'] as string[]) : null
  if (!order) return names
  const rest = names.filter((n) => !order.includes(n))
  const out: string[] = []
  for (const o of order) {
    if (o === '*') out.push(...rest)
    else if (names.includes(o)) out.push(o)
  }
  if (!order.includes('*')) out.push(...rest)
  return out
}

export function fieldSchema(schema: JsonSchema, field: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = schema
  for (const part of field.split('.').filter(Boolean)) {
    if (!s) return undefined
    if (s.properties?.[part]) s = s.properties[part]
    else if (s.items && /^\d+$/.test(part)) s = s.items
    else return undefined
  }
  return s
}

export function fieldTitle(schema: JsonSchema | undefined, field: string): string {
  if (!schema || !field) return field
  const parts = field.split('.').filter(Boolean)
  // the title of the deepest titled schema on the path
  for (let i = parts.length; i > 0; i--) {
    const s = fieldSchema(schema, parts.slice(0, i).join('.'))
    if (s?.title) return s.title
  }
  return field
}

/** Choices of a field: enum values, or oneOf consts with titles. */
export function choicesOf(s: JsonSchema | undefined): Array<{ value: unknown; label: string }> | null {
  if (!s) return null
  if (Array.isArray(s.oneOf) && s.oneOf.length && s.oneOf.every((o) => 'const' in o || o.type === 'null')) {
    return s.oneOf.map((o) => ({ value: 'const' in o ? o.const : null, label: o.title ?? String('const' in o ? o.const : '') }))
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => ({ value: v, label: String(v) }))
  return null
}

/** A value as a person reads it: choice titles, 是/否, lists joined with 、. */
export function displayValue(s: JsonSchema | undefined, value: unknown, i18n: Pick<I18n, 't'>): string {
  if (value === undefined) return ''
  const choices = choicesOf(s)
  if (choices) {
    const hit = choices.find((c) => c.value === value)
    if (hit) return hit.label
  }
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? i18n.t('common.yes') : i18n.t('common.no')
  if (Array.isArray(value))
    return value
      .map((v) => displayValue(s?.items, v, i18n))
      .filter((x) => x !== '')
      .join('、')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Long text gets a full row in tables and prints. */
export type JsonSchemaLike = JsonSchema

export function isLongField(s: JsonSchema | undefined, ui?: UiSchema): boolean {
  const w = (ui?.['ui:widget'] as string | undefined) ?? undefined
  if (w === 'textarea') return true
  if (s?.type === 'array') return true
  return typeof s?.maxLength === 'number' && s.maxLength > 200
}

export interface Row {
  field: string
  title: string
  value: string
  long: boolean
}

/** Label/value rows of a filled form, in the form's order; empty values kept when `withEmpty`. */
export function formRows(
  form: Pick<FormDef, 'schema' | 'uiSchema'>,
  data: Record<string, unknown> | undefined,
  i18n: Pick<I18n, 't'>,
  withEmpty = false,
  withDefaults = false,
): Row[] {
  const props = propertiesOf(form.schema)
  const ui = (form.uiSchema ?? {}) as Record<string, UiSchema | undefined>
  const rows: Row[] = []
  for (const f of orderedFields(form.schema, form.uiSchema)) {
    const s = props[f]
    // a field not sent took the schema's default (the server applies it the same way)
    const raw = data?.[f] === undefined && withDefaults ? s?.default : data?.[f]
    const v = displayValue(s, raw, i18n)
    if (!withEmpty && v === '') continue
    rows.push({ field: f, title: s?.title ?? f, value: v, long: isLongField(s, ui[f]) })
  }
  // values the form does not declare (older versions) are still shown, never dropped
  for (const [k, val] of Object.entries(data ?? {})) {
    if (props[k]) continue
    const v = displayValue(undefined, val, i18n)
    if (v !== '') rows.push({ field: k, title: k, value: v, long: v.length > 40 })
  }
  return rows
}

// ---------- preparing a form for rjsf (generic rules, no form named)

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v

function walk(s: JsonSchema): void {
  // a list from the org offered as suggestions (villages: `examples`) is a pick-list in the staff app:
  // nothing typed outside the org's list (issue #18 §4); the server refuses such a value anyway
  const ext = s as Record<string, unknown>
  if (typeof ext['x-daiban-options'] === 'string' && Array.isArray(ext.examples) && ext.examples.length && !s.enum && !s.oneOf)
    s.enum = ext.examples as unknown[]
  if (Array.isArray(s.oneOf) && s.oneOf.length) {
    for (const o of s.oneOf) {
      // `{type: "null", title}` is the "none" choice of a select: give it its const so rjsf renders one select
      if (o && o.type === 'null' && !('const' in o)) o.const = null
    }
    // a select of constants with no declared type: the type its constants have (rjsf needs one to pick a widget)
    if (s.type === undefined && s.oneOf.every((o) => o && 'const' in o)) {
      const types = [...new Set(s.oneOf.map((o) => jsonType(o.const)))]
      s.type = types.length === 1 ? types[0]! : types
    }
  }
  for (const p of Object.values(s.properties ?? {})) walk(p)
  if (s.items && typeof s.items === 'object') walk(s.items)
  // the fields a condition shows (if/then/else, allOf), prepared the same way
  const branches = s as Record<string, unknown>
  for (const k of ['then', 'else']) if (branches[k] && typeof branches[k] === 'object') walk(branches[k] as JsonSchema)
  if (Array.isArray(branches.allOf)) for (const b of branches.allOf) if (b && typeof b === 'object') walk(b as JsonSchema)
}

/**
 * The schema and uiSchema rjsf renders. Same validation meaning; presentation only:
 * - a "none" alternative (`type: null`) of a oneOf gets `const: null`, so the field is one select;
 * - a oneOf of constants without `type` gets the type of its constants;
 * - a list from the org given as suggestions (`examples` of `x-daiban-options`) becomes a select, and
 *   the field playing the officer role the officer pick-list;
 * - a required yes/no without default becomes two radio buttons (an unticked box would mean "no answer");
 * - the submit button is the app's own.
 */
export function prepareForm(form: Pick<FormDef, 'schema' | 'uiSchema'>): { schema: JsonSchema; uiSchema: UiSchema } {
  const schema = clone(form.schema)
  walk(schema)
  const uiSchema: UiSchema = { ...(clone(form.uiSchema) ?? {}) }
  const required = new Set(schema.required ?? [])
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const u = (uiSchema[name] ?? {}) as UiSchema
    // the officer: a pick-list of the accounts holding the officer role (forms/OfficerWidget.tsx)
    if (name === roleField(schema, 'officer') && s.type === 'string' && !s.enum && !s.oneOf && !u['ui:widget']) {
      uiSchema[name] = { ...u, 'ui:widget': 'OfficerWidget' }
      continue
    }
    if (s.type === 'boolean' && required.has(name) && s.default === undefined && !('const' in s) && !u['ui:widget']) {
      uiSchema[name] = { ...u, 'ui:widget': 'radio', 'ui:options': { inline: true, ...((u['ui:options'] as object | undefined) ?? {}) } }
    }
  }
  uiSchema['ui:submitButtonOptions'] = { norender: true }
  return { schema, uiSchema }
}

/** Starting data: the schema's defaults, and today for required dates nobody filled. */
export function initialData(schema: JsonSchema, today: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const required = new Set(schema.required ?? [])
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    if (s.default !== undefined) out[name] = clone(s.default)
    else if (today && s.format === 'date' && required.has(name) && s.type === 'string' && !s.readOnly) out[name] = today
  }
  return out
}

/** What to send: empty strings, empty arrays and read-only fields dropped. */
export function cleanData(schema: JsonSchema, data: Record<string, unknown> | undefined): Record<string, unknown> {
  const props = schema.properties ?? {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data ?? {})) {
    if (v === undefined || v === '') continue
    if (props[k]?.readOnly) continue
    if (Array.isArray(v) && v.length === 0 && !(schema.required ?? []).includes(k)) continue
    out[k] = v
  }
  return out
}

// ---------- workflow labels

export function stateInfoOf(wf: WorkflowDef | undefined, state: string): { name: string; nameEn?: string; stage: string } {
  const info = wf?.stateInfo ?? {}
  const parts = state.split('.')
  for (let i = parts.length; i > 0; i--) {
    const hit = info[parts.slice(0, i).join('.')]
    if (hit) return { name: hit.name, ...(hit.nameEn ? { nameEn: hit.nameEn } : {}), stage: hit.stage ?? parts[0]! }
  }
  return { name: state, stage: parts[0] ?? state }
}

/** A stage's label: the state of the same name, else the first state of that stage. */
export function stageInfo(wf: WorkflowDef | undefined, stage: string): { name: string; nameEn?: string } {
  const info = wf?.stateInfo ?? {}
  const direct = info[stage]
  if (direct) return direct
  const first = Object.values(info).find((s) => s.stage === stage)
  return first ?? { name: stage }
}

/** Stages in the order the workflow declares its states. */
export function stagesOf(wf: WorkflowDef | undefined): string[] {
  const out: string[] = []
  for (const [key, s] of Object.entries(wf?.stateInfo ?? {})) {
    const st = s.stage ?? key.split('.')[0]!
    if (!out.includes(st)) out.push(st)
  }
  return out
}

export function formById(forms: FormDef[] | undefined, id: string | undefined): FormDef | undefined {
  if (!id) return undefined
  return forms?.find((f) => f.id === id)
}
