/**
 * The form builder's model: what a forms file says about each field (as a town official reads it:
 * a title, a type, options, required, shown only when …) and the edits, each a changed copy of
 * the file (kit `edit`). Pure, no React: the component renders `fieldsOf` and calls the edits.
 *
 * The shapes it reads and writes are the definitions' own (engine/scheme/kinds/forms):
 *  - a field is a property of the form's JSON Schema; `required` lists the required ones;
 *    `uiSchema["ui:order"]` their order (rjsf: `"*"` stands for the fields not listed);
 *  - a choice from the org is `"x-daiban-options": "<source>"` (engine/scheme/options.ts);
 *  - a field shown or required only on another field's value is a JSON Schema `if`/`then`/`else`
 *    (issue #16, galutu's intake): `if: { description, properties: { f: {…} }, required: [f] }`, the
 *    field in `then.properties` (shown when) or `else.properties` (shown unless), required in that
 *    branch's `required`. The first condition goes on the schema itself, further ones into `allOf`.
 * Members the builder does not know are kept as they are; `properties`, `required` and `ui:order`
 * stay in step through every edit.
 */
import { edit } from '../kit'
import { familyProperties } from '../../../../engine/scheme/consistency/schema-walk'

export type Tok = string | number
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a form's JSON Schema, walked member by member
export type Schema = Record<string, any>

export interface FormDoc {
  id: string
  name?: string
  nameEn?: string
  schema: Schema
  uiSchema?: Schema
  [k: string]: unknown
}
export interface FormsDoc {
  kind?: string
  forms: FormDoc[]
  [k: string]: unknown
}

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'choice' | 'org' | 'multi' | 'multiOrg' | 'boolean' | 'other'
export const KINDS: readonly FieldKind[] = ['text', 'textarea', 'number', 'date', 'choice', 'org', 'multi', 'multiOrg', 'boolean']

export type CondOp = 'eq' | 'in' | 'gte' | 'lte'
export interface Cond {
  field: string
  op: CondOp
  /** `in`: a list of values */
  value: unknown
}

/** A condition of the form: an `if` with its `then`/`else`, on the schema itself or in its `allOf`. */
export interface Block {
  /** Tokens below the form's `schema`: [] or ['allOf', k] */
  at: Tok[]
  /** null: a condition the builder cannot show (more than one field, other keywords) */
  cond: Cond | null
  description?: string
}

export type Placement =
  | { mode: 'always' }
  | { mode: 'requiredWhen'; block: number }
  | { mode: 'shownWhen'; block: number }
  | { mode: 'shownUnless'; block: number }
  /** declared or required where the builder does not edit (dependentSchemas, a nested branch, an unreadable `if`) */
  | { mode: 'complex' }

export type PlacementMode = Exclude<Placement['mode'], 'complex'>

export interface FieldInfo {
  id: string
  /** Tokens below the form: ['schema', 'properties', id], ['schema', 'then', 'properties', id]… */
  at: Tok[]
  schema: Schema
  kind: FieldKind
  /** Required where it is declared (the schema's `required`, or its branch's) */
  required: boolean
  placement: Placement
  role?: string
  hidden: boolean
}

export interface Option {
  value: string
  label?: string
}

// ------------------------------------------------------------------ reading
const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v)
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON value at a pointer
function at(root: unknown, toks: readonly Tok[]): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let n: any = root
  for (const t of toks) n = n == null ? undefined : n[t]
  return n
}

/** The form's uiSchema entry for a field (`{}` when none). */
export const uiOf = (form: FormDoc, id: string): Schema => (isObj(form.uiSchema?.[id]) ? form.uiSchema![id] : {})

/** The type of a field as the builder offers it; `other` when the schema says something else. */
export function kindOf(s: Schema, ui: Schema = {}): FieldKind {
  const t = s.type
  const widget = ui['ui:widget']
  if (typeof s['x-daiban-options'] === 'string' && (t === 'string' || t === undefined)) return 'org'
  if (t === 'array') {
    const it = s.items
    if (!isObj(it)) return 'other'
    if (typeof it['x-daiban-options'] === 'string') return 'multiOrg'
    return listOptions(it) ? 'multi' : 'other'
  }
  if (t === 'boolean') return 'boolean'
  if (t === 'integer' || t === 'number') return 'enum' in s || 'oneOf' in s ? 'other' : 'number'
  if (t === 'string' || (t === undefined && ('enum' in s || 'oneOf' in s))) {
    if ('enum' in s || 'oneOf' in s || 'anyOf' in s || 'const' in s) return listOptions(s) && !('const' in s) && !('anyOf' in s) ? 'choice' : 'other'
    if (s.format === 'date') return 'date'
    if (s.format !== undefined) return 'other'
    return widget === 'textarea' ? 'textarea' : 'text'
  }
  return 'other'
}

/** The options of a list choice (`enum` of strings, or `oneOf` of `{const, title}` strings); null when it is not one. */
export function listOptions(s: Schema): Option[] | null {
  if (Array.isArray(s.enum)) return s.enum.every((v: unknown) => typeof v === 'string') ? s.enum.map((v: string) => ({ value: v })) : null
  if (Array.isArray(s.oneOf)) {
    if (!s.oneOf.every((o: unknown) => isObj(o) && typeof o.const === 'string')) return null
    return s.oneOf.map((o: Schema) => (typeof o.title === 'string' && o.title !== o.const ? { value: o.const, label: o.title } : { value: o.const }))
  }
  return null
}

/** The conditions of a form's schema the builder can show: on the schema itself, then each `allOf` entry with an `if`. */
export function blocksOf(schema: Schema): Block[] {
  const out: Block[] = []
  const add = (node: Schema, toks: Tok[]) => {
    if (!isObj(node.if)) return
    const b: Block = { at: toks, cond: parseCond(node.if) }
    if (typeof node.if.description === 'string') b.description = node.if.description
    out.push(b)
  }
  add(schema, [])
  if (Array.isArray(schema.allOf))
    schema.allOf.forEach((n: unknown, k: number) => {
      if (isObj(n)) add(n, ['allOf', k])
    })
  return out
}

const COND_KEYS = new Set(['const', 'enum', 'minimum', 'maximum'])

/** `{ properties: { f: { const | enum | minimum | maximum } }, required: [f] }` → a condition; else null. */
export function parseCond(node: Schema): Cond | null {
  if (Object.keys(node).some((k) => !['description', 'properties', 'required', '$comment'].includes(k))) return null
  const props = node.properties
  if (!isObj(props) || Object.keys(props).length !== 1) return null
  const field = Object.keys(props)[0]!
  if (!same(node.required, [field])) return null
  const p = props[field]
  if (!isObj(p) || Object.keys(p).some((k) => !['type', 'description', ...COND_KEYS].includes(k))) return null
  const keys = Object.keys(p).filter((k) => COND_KEYS.has(k))
  if (keys.length !== 1) return null
  const k = keys[0]!
  if (k === 'const') return { field, op: 'eq', value: p.const }
  if (k === 'enum') return Array.isArray(p.enum) ? { field, op: 'in', value: p.enum } : null
  if (typeof p[k] !== 'number') return null
  return { field, op: k === 'minimum' ? 'gte' : 'lte', value: p[k] }
}

/** The `if` the builder writes for a condition (the shape of galutu's collective petition). */
export function condSchema(c: Cond, fieldSchema: Schema | undefined, description: string | undefined): Schema {
  const numType = fieldSchema?.type === 'integer' || fieldSchema?.type === 'number' ? fieldSchema.type : 'number'
  const p =
    c.op === 'eq'
      ? { const: c.value }
      : c.op === 'in'
        ? { enum: c.value }
        : c.op === 'gte'
          ? { type: numType, minimum: c.value }
          : { type: numType, maximum: c.value }
  return { ...(description ? { description } : {}), properties: { [c.field]: p }, required: [c.field] }
}

const branchReq = (node: Schema | undefined, branch: 'then' | 'else'): string[] => (Array.isArray(node?.[branch]?.required) ? node![branch].required : [])

/** Every field of the form in the order it shows, with what the builder knows of each. */
export function fieldsOf(form: FormDoc): FieldInfo[] {
  const schema = isObj(form.schema) ? form.schema : {}
  const blocks = blocksOf(schema)
  const rootReq: string[] = Array.isArray(schema.required) ? schema.required : []
  const family = familyProperties(schema)
  const byId = new Map<string, FieldInfo>()
  for (const [id, { schema: s, pointer }] of family) {
    const toks = ['schema', ...pointer.split('/').slice(1).map(unescape)] as Tok[]
    // numeric tokens (allOf/0) as numbers
    const at2 = toks.map((t, i) => (i > 0 && toks[i - 1] === 'allOf' ? Number(t) : t))
    const ui = uiOf(form, id)
    const info: FieldInfo = {
      id,
      at: at2,
      schema: s,
      kind: kindOf(s, ui),
      required: false,
      placement: { mode: 'complex' },
      hidden: ui['ui:widget'] === 'hidden',
    }
    if (typeof s['x-daiban-role'] === 'string') info.role = s['x-daiban-role']
    const below = at2.slice(1, -2) // the node holding `properties`
    if (below.length === 0) {
      info.required = rootReq.includes(id)
      const reqIn = blocks.findIndex((b) => b.cond && branchReq(at(schema, b.at), 'then').includes(id))
      const reqElse = blocks.some((b) => branchReq(at(schema, b.at), 'else').includes(id) || (!b.cond && branchReq(at(schema, b.at), 'then').includes(id)))
      info.placement = reqElse ? { mode: 'complex' } : !info.required && reqIn >= 0 ? { mode: 'requiredWhen', block: reqIn } : { mode: 'always' }
    } else {
      const branch = below[below.length - 1]
      const k = blocks.findIndex((b) => same([...b.at, branch], below))
      if ((branch === 'then' || branch === 'else') && k >= 0 && blocks[k]!.cond) {
        info.placement = { mode: branch === 'then' ? 'shownWhen' : 'shownUnless', block: k }
        info.required = branchReq(at(schema, blocks[k]!.at), branch).includes(id)
      } else {
        const holder = at(schema, below)
        info.required = Array.isArray(holder?.required) && holder.required.includes(id)
      }
    }
    byId.set(id, info)
  }
  return effectiveOrder(form, [...byId.keys()]).map((id) => byId.get(id)!)
}

const unescape = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~')

/** The order rjsf shows the fields in: `ui:order` with `"*"` standing for the unlisted ones (unlisted without `"*"`: last). */
export function effectiveOrder(form: FormDoc, ids: string[]): string[] {
  const order = form.uiSchema?.['ui:order']
  if (!Array.isArray(order)) return ids
  const listed = order.filter((x): x is string => typeof x === 'string' && x !== '*' && ids.includes(x))
  const rest = ids.filter((id) => !listed.includes(id))
  const star = order.indexOf('*')
  if (star < 0) return [...listed, ...rest]
  const before = order.slice(0, star).filter((x): x is string => typeof x === 'string' && ids.includes(x))
  const after = order.slice(star + 1).filter((x): x is string => typeof x === 'string' && ids.includes(x))
  return [...before, ...rest, ...after]
}

/** A field's schema pointer tokens from the file root. */
export const fieldTokens = (fi: number, f: FieldInfo): Tok[] => ['forms', fi, ...f.at]

/** Where a condition uses a field (an `if`, a `dependentRequired`…): the conditions' words, for a refusal. */
export function conditionsUsing(schema: Schema, id: string): string[] {
  const out: string[] = []
  const walk = (node: unknown, depth: number) => {
    if (!isObj(node) || depth > 16) return
    if (isObj(node.if)) {
      const names = [...Object.keys(isObj(node.if.properties) ? node.if.properties : {}), ...(Array.isArray(node.if.required) ? node.if.required : [])]
      if (names.includes(id)) out.push(typeof node.if.description === 'string' ? node.if.description : JSON.stringify(node.if))
    }
    for (const k of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
      const d = node[k]
      if (!isObj(d)) continue
      for (const [key, v] of Object.entries(d)) if (key === id || (Array.isArray(v) && v.includes(id))) out.push(`${k}.${key}`)
    }
    for (const k of ['then', 'else']) walk(node[k], depth + 1)
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[k])) for (const b of node[k]) walk(b, depth + 1)
    for (const k of ['dependentSchemas', 'dependencies']) if (isObj(node[k])) for (const b of Object.values(node[k])) walk(b, depth + 1)
  }
  walk(schema, 0)
  return [...new Set(out)]
}

// ------------------------------------------------------------------ edits
export type Refusal = { refused: 'role' | 'condition' | 'idTaken' | 'idBad' | 'notFound'; params: Record<string, string> }
export type Edited = { doc: FormsDoc } | Refusal
export const isRefusal = (r: Edited): r is Refusal => 'refused' in r

function formOf(d: FormsDoc, fi: number): FormDoc {
  const f = d.forms[fi]
  if (!f) throw new Error(`form-builder: no form #${fi}`)
  if (!isObj(f.schema)) f.schema = { type: 'object', properties: {} }
  return f
}

function fieldIn(form: FormDoc, id: string): FieldInfo | undefined {
  return fieldsOf(form).find((x) => x.id === id)
}

/** The form has a `ui:order` (created from the order it shows when it had none), for edits that would move fields otherwise. */
function ensureOrder(form: FormDoc): string[] {
  if (!isObj(form.uiSchema)) form.uiSchema = {}
  if (!Array.isArray(form.uiSchema['ui:order'])) form.uiSchema['ui:order'] = fieldsOf(form).map((f) => f.id)
  return form.uiSchema['ui:order']
}

/** A field id not used in the form: field_1, field_2… */
export function newFieldId(form: FormDoc): string {
  const used = new Set(familyProperties(isObj(form.schema) ? form.schema : {}).keys())
  let n = 1
  while (used.has(`field_${n}`)) n++
  return `field_${n}`
}

/** The schema a new field of a kind starts with (and the widget it needs). */
export function freshSchema(kind: FieldKind, opts: { source?: string; options?: Option[] } = {}): { schema: Schema; widget?: string } {
  const list = (options: Option[] | undefined) => writeOptions({}, options ?? [{ value: '选项1' }], false)
  switch (kind) {
    case 'text':
      return { schema: { type: 'string' } }
    case 'textarea':
      return { schema: { type: 'string' }, widget: 'textarea' }
    case 'number':
      return { schema: { type: 'integer' } }
    case 'date':
      return { schema: { type: 'string', format: 'date' } }
    case 'choice':
      return { schema: { type: 'string', ...list(opts.options) } }
    case 'org':
      return { schema: { type: 'string', 'x-daiban-options': opts.source ?? 'categories' } }
    case 'multi':
      return { schema: { type: 'array', uniqueItems: true, items: { type: 'string', ...list(opts.options) } }, widget: 'checkboxes' }
    case 'multiOrg':
      return { schema: { type: 'array', uniqueItems: true, items: { type: 'string', 'x-daiban-options': opts.source ?? 'units' } }, widget: 'checkboxes' }
    case 'boolean':
      return { schema: { type: 'boolean' } }
    default:
      return { schema: {} }
  }
}

/** `enum` when no option has its own label (and the field did not use `oneOf`), else `oneOf: [{const, title}]`. */
function writeOptions(prev: Schema, options: Option[], keepOneOf = Array.isArray(prev.oneOf)): Schema {
  const labelled = options.some((o) => o.label && o.label !== o.value)
  if (!labelled && !keepOneOf) return { enum: options.map((o) => o.value) }
  const old = new Map<unknown, Schema>((Array.isArray(prev.oneOf) ? prev.oneOf : []).filter(isObj).map((o: Schema) => [o.const, o]))
  return { oneOf: options.map((o) => ({ ...(old.get(o.value) ?? {}), const: o.value, title: o.label || o.value })) }
}

/** Keys that belong to a type: dropped when the type changes (the rest — title, help, role, x-sensitive, unknown keys — stay). */
const TYPE_KEYS = [
  'type',
  'format',
  'enum',
  'oneOf',
  'anyOf',
  'const',
  'items',
  'x-daiban-options',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'default',
  'examples',
  'contains',
  'prefixItems',
]
const WIDGETS_OF_KIND = new Set(['textarea', 'checkboxes'])

function setWidget(form: FormDoc, id: string, widget: string | undefined) {
  const cur = uiOf(form, id)['ui:widget']
  if (cur === 'hidden') return
  if (widget) {
    if (cur === widget) return
    if (!isObj(form.uiSchema)) form.uiSchema = {}
    form.uiSchema[id] = { ...uiOf(form, id), 'ui:widget': widget }
  } else if (typeof cur === 'string' && WIDGETS_OF_KIND.has(cur)) {
    const next = { ...uiOf(form, id) }
    delete next['ui:widget']
    setUi(form, id, next)
  }
}

function setUi(form: FormDoc, id: string, next: Schema) {
  if (!isObj(form.uiSchema)) form.uiSchema = {}
  if (Object.keys(next).length) form.uiSchema[id] = next
  else delete form.uiSchema[id]
}

/** Add a field at the end of the form: `{ doc, id }`. */
export function addField(doc: FormsDoc, fi: number, init: { title: string; kind?: FieldKind; source?: string }): { doc: FormsDoc; id: string } {
  let id = ''
  const next = edit(doc, (d) => {
    const form = formOf(d, fi)
    id = newFieldId(form)
    const { schema, widget } = freshSchema(init.kind ?? 'text', { source: init.source })
    if (!isObj(form.schema.properties)) form.schema.properties = {}
    form.schema.properties[id] = { type: schema.type, title: init.title, ...schema }
    const order = form.uiSchema?.['ui:order']
    if (Array.isArray(order)) order.push(id)
    if (widget) setWidget(form, id, widget)
  })
  return { doc: next, id }
}

/** Change a field's schema in place (title, help, options…): `fn` gets the field's schema node and its uiSchema entry. */
export function updateField(doc: FormsDoc, fi: number, id: string, fn: (s: Schema, ui: Schema, form: FormDoc) => void): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const f = fieldIn(form, id)
    if (!f) return
    const s = at(form, f.at) as Schema
    const ui = { ...uiOf(form, id) }
    fn(s, ui, form)
    if (!same(ui, uiOf(form, id))) setUi(form, id, ui)
  })
}

export const setTitle = (doc: FormsDoc, fi: number, id: string, title: string) =>
  updateField(doc, fi, id, (s) => {
    s.title = title
  })

/** The help text: the field's `ui:help` when it has one, else its `description`. */
export const helpOf = (form: FormDoc, f: FieldInfo): string =>
  typeof uiOf(form, f.id)['ui:help'] === 'string' ? uiOf(form, f.id)['ui:help'] : typeof f.schema.description === 'string' ? f.schema.description : ''
export const setHelp = (doc: FormsDoc, fi: number, id: string, text: string) =>
  updateField(doc, fi, id, (s, ui) => {
    if (typeof ui['ui:help'] === 'string') {
      if (text) ui['ui:help'] = text
      else delete ui['ui:help']
    } else if (text) s.description = text
    else delete s.description
  })

export const setSensitive = (doc: FormsDoc, fi: number, id: string, on: boolean) =>
  updateField(doc, fi, id, (s) => {
    if (on) s['x-sensitive'] = true
    else delete s['x-sensitive']
  })

export const setPattern = (doc: FormsDoc, fi: number, id: string, pattern: string | undefined) =>
  updateField(doc, fi, id, (s) => {
    if (pattern) s.pattern = pattern
    else delete s.pattern
  })

export const setInteger = (doc: FormsDoc, fi: number, id: string, integer: boolean) =>
  updateField(doc, fi, id, (s) => {
    s.type = integer ? 'integer' : 'number'
  })

/** The list options of a choice (or of a several-choices field's items). */
export function optionsOf(f: FieldInfo): Option[] {
  const node = f.kind === 'multi' ? f.schema.items : f.schema
  return (isObj(node) && listOptions(node)) || []
}

export const setOptions = (doc: FormsDoc, fi: number, id: string, options: Option[]) =>
  updateField(doc, fi, id, (s) => {
    const node = s.type === 'array' && isObj(s.items) ? s.items : s
    const written = writeOptions(node, options)
    delete node.enum
    delete node.oneOf
    Object.assign(node, written)
  })

/** The org source of an org choice (or of a several-choices field's items). */
export const sourceOf = (f: FieldInfo): string | undefined => (f.kind === 'multiOrg' ? f.schema.items?.['x-daiban-options'] : f.schema['x-daiban-options'])
export const setSource = (doc: FormsDoc, fi: number, id: string, source: string) =>
  updateField(doc, fi, id, (s) => {
    const node = s.type === 'array' && isObj(s.items) ? s.items : s
    node['x-daiban-options'] = source
  })

/** Change a field's type: the keys of the old type go, those of the new one come; options and org source carry over where they fit. */
export function setKind(doc: FormsDoc, fi: number, id: string, kind: FieldKind, defaults: { source?: string } = {}): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const f = fieldIn(form, id)
    if (!f || f.kind === kind) return
    const s = at(form, f.at) as Schema
    const oldOptions = f.kind === 'choice' || f.kind === 'multi' ? optionsOf(f) : undefined
    const oldSource = f.kind === 'org' || f.kind === 'multiOrg' ? sourceOf(f) : undefined
    const { schema: fresh, widget } = freshSchema(kind, { source: oldSource ?? defaults.source, options: oldOptions })
    // rebuild in the same key order: the known keys at the type's place, the rest as they were
    const rebuilt: Schema = {}
    let placed = false
    for (const [k, v] of Object.entries(s)) {
      if (TYPE_KEYS.includes(k)) {
        if (!placed) Object.assign(rebuilt, fresh)
        placed = true
      } else rebuilt[k] = v
    }
    if (!placed) Object.assign(rebuilt, fresh)
    for (const k of Object.keys(s)) delete s[k]
    Object.assign(s, rebuilt)
    setWidget(form, id, widget)
  })
}

/** The node holding a field's declaration (`properties`' parent) and the branch it is in. */
function holderOf(form: FormDoc, f: FieldInfo): Schema {
  return at(form, f.at.slice(0, -2)) as Schema
}

function removeFrom(list: unknown, id: string): void {
  if (!Array.isArray(list)) return
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === id) list.splice(i, 1)
}

/** Drop emptied `properties`/`required` of a branch, and the condition when both its branches are empty. */
function pruneBlock(schema: Schema, blockAt: Tok[]): void {
  const node = at(schema, blockAt) as Schema | undefined
  if (!isObj(node)) return
  for (const b of ['then', 'else'] as const) {
    const br = node[b]
    if (!isObj(br)) continue
    if (isObj(br.properties) && !Object.keys(br.properties).length) delete br.properties
    if (Array.isArray(br.required) && !br.required.length) delete br.required
  }
  const empty = (b: unknown) => b === undefined || (isObj(b) && Object.keys(b).length === 0)
  if (!empty(node.then) || !empty(node.else)) {
    // one branch left: the emptied one goes (an empty branch says nothing)
    for (const b of ['then', 'else'] as const) if (b in node && empty(node[b])) delete node[b]
    return
  }
  if (blockAt.length === 0) {
    delete node.if
    delete node.then
    delete node.else
    return
  }
  if (Object.keys(node).some((k) => !['if', 'then', 'else'].includes(k))) return
  const list = schema.allOf as unknown[]
  list.splice(blockAt[1] as number, 1)
  if (!list.length) delete schema.allOf
}

/** Take a field out of wherever it is declared and required (its schema is returned). */
function detach(form: FormDoc, f: FieldInfo): Schema {
  const holder = holderOf(form, f)
  const s = holder.properties[f.id] as Schema
  delete holder.properties[f.id]
  removeFrom(holder.required, f.id)
  removeFrom(form.schema.required, f.id)
  for (const b of blocksOf(form.schema)) {
    const node = at(form.schema, b.at) as Schema
    for (const br of ['then', 'else'] as const) if (isObj(node[br])) removeFrom(node[br].required, f.id)
  }
  // conditions left without fields go (from the last, so allOf indexes stay right)
  for (const b of blocksOf(form.schema).reverse()) pruneBlock(form.schema, b.at)
  return s
}

/** Remove a field from `properties`, `required`, `ui:order` and the uiSchema; refused for a field with a role or one a condition reads. */
export function removeField(doc: FormsDoc, fi: number, id: string): Edited {
  const form0 = doc.forms[fi]
  const f = form0 && fieldIn(form0, id)
  if (!f) return { refused: 'notFound', params: { field: id } }
  if (f.role) return { refused: 'role', params: { field: id, role: f.role } }
  const uses = conditionsUsing(form0.schema, id)
  if (uses.length) return { refused: 'condition', params: { field: id, conditions: uses.join('；') } }
  return {
    doc: edit(doc, (d) => {
      const form = formOf(d, fi)
      detach(form, fieldIn(form, id)!)
      const ui = form.uiSchema
      if (isObj(ui)) {
        removeFrom(ui['ui:order'], id)
        delete ui[id]
      }
    }),
  }
}

/** Move a field to `to` (an index into the order it shows); writes `ui:order` (creating it when the form had none). */
export function moveField(doc: FormsDoc, fi: number, id: string, to: number): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const ids = fieldsOf(form).map((f) => f.id)
    const from = ids.indexOf(id)
    if (from < 0) return
    const target = Math.max(0, Math.min(ids.length - 1, to))
    if (target === from) return
    const moved = [...ids]
    moved.splice(from, 1)
    moved.splice(target, 0, id)
    writeOrder(form, ids, moved, id)
  })
}

/**
 * Write a new showing order. An order with `"*"` keeps it for the fields it stood for when they
 * are still together and in their order; a field moved out of them is listed by name.
 */
function writeOrder(form: FormDoc, before: string[], after: string[], movedId: string): void {
  if (!isObj(form.uiSchema)) form.uiSchema = {}
  const order = form.uiSchema['ui:order']
  const extra = Array.isArray(order) ? order.filter((x) => typeof x === 'string' && x !== '*' && !before.includes(x)) : [] // names of no field: kept
  if (!Array.isArray(order) || !order.includes('*')) {
    form.uiSchema['ui:order'] = [...after, ...extra]
    return
  }
  const listed = new Set(order.filter((x) => x !== '*'))
  const starred = before.filter((x) => !listed.has(x) && x !== movedId)
  const run = after.filter((x) => starred.includes(x))
  const first = after.indexOf(run[0] ?? '')
  const together = run.length > 0 && after.slice(first, first + run.length).every((x, i) => x === run[i])
  form.uiSchema['ui:order'] = together ? [...after.slice(0, first), '*', ...after.slice(first + run.length), ...extra] : [...after, '*', ...extra]
}

export const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Rename a field's id everywhere in its form: properties (same place), required, conditions, ui:order, uiSchema. */
export function renameField(doc: FormsDoc, fi: number, from: string, to: string): Edited {
  const form0 = doc.forms[fi]
  if (!form0 || !fieldIn(form0, from)) return { refused: 'notFound', params: { field: from } }
  if (!ID_RE.test(to)) return { refused: 'idBad', params: { field: to } }
  if (to !== from && familyProperties(form0.schema).has(to)) return { refused: 'idTaken', params: { field: to } }
  if (to === from) return { doc }
  return {
    doc: edit(doc, (d) => {
      const form = formOf(d, fi)
      ensureOrder(form) // the renamed key is written last in its object: keep where it shows
      const renameKey = (o: unknown) => {
        if (!isObj(o) || !(from in o)) return
        const entries = Object.entries(o).map(([k, v]) => [k === from ? to : k, v] as const)
        for (const k of Object.keys(o)) delete o[k]
        for (const [k, v] of entries) o[k] = v
      }
      const renameIn = (list: unknown) => {
        if (Array.isArray(list))
          list.forEach((x, i) => {
            if (x === from) list[i] = to
          })
      }
      const walk = (node: unknown, depth: number) => {
        if (!isObj(node) || depth > 16) return
        renameKey(node.properties)
        renameIn(node.required)
        if (isObj(node.if)) {
          renameKey(node.if.properties)
          renameIn(node.if.required)
        }
        for (const k of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
          renameKey(node[k])
          if (isObj(node[k])) for (const v of Object.values(node[k])) renameIn(v)
        }
        for (const k of ['then', 'else']) walk(node[k], depth + 1)
        for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[k])) for (const b of node[k]) walk(b, depth + 1)
        for (const k of ['dependentSchemas', 'dependencies']) if (isObj(node[k])) for (const b of Object.values(node[k])) walk(b, depth + 1)
      }
      walk(form.schema, 0)
      const ui = form.uiSchema!
      renameIn(ui['ui:order'])
      renameKey(ui)
    }),
  }
}

/** Required or not, where the field is declared (the schema's `required`, or its branch's). */
export function setRequired(doc: FormsDoc, fi: number, id: string, on: boolean): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const f = fieldIn(form, id)
    if (!f) return
    if (f.placement.mode === 'requiredWhen') {
      // "required only when" becomes "always required" (or stays optional)
      if (!on) return
      const b = blocksOf(form.schema)[f.placement.block]!
      const node = at(form.schema, b.at) as Schema
      removeFrom(node.then?.required, id)
      pruneBlock(form.schema, b.at)
    }
    const holder = holderOf(form, f)
    if (on) {
      if (!Array.isArray(holder.required)) holder.required = []
      if (!holder.required.includes(id)) holder.required.push(id)
    } else {
      removeFrom(holder.required, id)
      if (Array.isArray(holder.required) && !holder.required.length && holder !== form.schema) delete holder.required
    }
  })
}

/**
 * Where a field shows: always, only when / unless a condition holds (declared in `then`/`else`), or
 * always but required only when it holds. Reuses a condition the form already has (the same field,
 * operator and value), else writes a new one (`description`: the words the errors use).
 */
export function setPlacement(doc: FormsDoc, fi: number, id: string, mode: PlacementMode, cond: Cond | null, description?: string): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const f = fieldIn(form, id)
    if (!f || f.placement.mode === 'complex') return
    if (mode !== 'always' && (!cond || cond.field === id)) return
    ensureOrder(form) // a field moved between branches is written last in its object
    const wasRequired = f.required || f.placement.mode === 'requiredWhen'
    const s = detach(form, f)
    const schema = form.schema
    if (mode === 'always') {
      if (!isObj(schema.properties)) schema.properties = {}
      schema.properties[id] = s
      if (f.required) (schema.required ??= []).push(id)
      return
    }
    // the condition's node: an existing one with the same condition, or a new one
    const fields = familyProperties(schema)
    let blockNode: Schema | undefined = blocksOf(schema)
      .map((b) => ({ b, node: at(schema, b.at) as Schema }))
      .find(({ b }) => b.cond && same(b.cond, cond))?.node
    if (!blockNode) {
      const ifNode = condSchema(cond!, fields.get(cond!.field)?.schema, description)
      if (!isObj(schema.if) && !('then' in schema) && !('else' in schema)) {
        schema.if = ifNode
        blockNode = schema
      } else {
        if (!Array.isArray(schema.allOf)) schema.allOf = []
        blockNode = { if: ifNode }
        schema.allOf.push(blockNode)
      }
    }
    if (mode === 'requiredWhen') {
      if (!isObj(schema.properties)) schema.properties = {}
      schema.properties[id] = s
      const then = (blockNode.then ??= {})
      ;(then.required ??= []).push(id)
      return
    }
    const branch = mode === 'shownWhen' ? 'then' : 'else'
    const br = (blockNode[branch] ??= {})
    ;(br.properties ??= {})[id] = s
    if (wasRequired) (br.required ??= []).push(id)
    // a branch's field is not one of the schema's own properties: `additionalProperties: false`
    // would refuse it; `unevaluatedProperties` sees the branches (as galutu's intake does)
    if (schema.additionalProperties === false) {
      const entries = Object.entries(schema).map(([k, v]) => (k === 'additionalProperties' ? ['unevaluatedProperties', v] : [k, v]))
      for (const k of Object.keys(schema)) delete schema[k]
      for (const [k, v] of entries) schema[k as string] = v
    }
  })
}

/** Change the words of a condition (its `if` description: the errors say "…时必填"). */
export function setBlockDescription(doc: FormsDoc, fi: number, block: number, text: string): FormsDoc {
  return edit(doc, (d) => {
    const form = formOf(d, fi)
    const b = blocksOf(form.schema)[block]
    if (!b) return
    const node = at(form.schema, b.at).if as Schema
    if (text) node.description = text
    else delete node.description
  })
}
