/** Forms: a JSON Schema 2020-12 and a uiSchema per form; choices may come from the org (`x-daiban-options`). */
import { formsSchema } from '../../schemas/forms'
import type { FormsDefinition } from '../../types'
import type { CompiledScheme } from '../../compiled'
import type { Origins } from '../../origins'
import { problem } from '../../../i18n/messages'
import type { Problem } from '../../../util/problem'
import { UnsupportedPatternError } from '../../../validate/regexp'
import { expandOptions, OPTION_SOURCES } from '../../options'
import { formFields } from '../../form-fields'
import { defineKind } from '../kind'
import { walkSchema, type CheckContext } from '../check-kit'
import { addRemove, fmt, renamed, renderPath, resolve, shape, type Handler, type Namer, type Seg } from '../diff-kit'

function check(def: FormsDefinition, { at, checkPatterns }: CheckContext): void {
  for (const f of def.forms) {
    walkSchema(f.schema, '/schema', (node, ptr) => {
      const src = node['x-daiban-options']
      if (typeof src === 'string' && !OPTION_SOURCES[src])
        at(f, `${ptr}/x-daiban-options`, 'UNKNOWN_OPTIONS_SOURCE', { source: src, known: Object.keys(OPTION_SOURCES).join(', ') })
    })
    checkPatterns(f, f.schema, '/schema')
  }
}

/** Each form's schema with org options expanded, compiled once (at load, or on first use with lazySchemas); its top-level fields, their types and defaults. */
function compile(s: CompiledScheme, def: FormsDefinition, origins: Origins): Problem[] {
  const problems: Problem[] = []
  for (const f of def.forms) {
    const schema = expandOptions(f.schema, s.defs.org) as Record<string, unknown>
    // lazySchemas: compiled on first use (CompiledScheme.validateForm); a full load compiles them all here.
    if (!s.lazySchemas)
      try {
        s.validator.compile(schema)
      } catch (e) {
        // A pattern RE2 cannot run: the check reports it at the pattern's own pointer (UNSUPPORTED_PATTERN).
        if (!(e instanceof UnsupportedPatternError)) {
          const o = origins.at(f, '/schema')
          problems.push(problem('INVALID_FORM_SCHEMA', o.pointer, { detail: e instanceof Error ? e.message : String(e) }, o.file))
        }
      }
    const props = formFields(schema) // conditional fields too (issue #16)
    const fields = new Map<string, string[]>()
    const defaults: Record<string, unknown> = {}
    for (const [name, p] of Object.entries(props)) {
      fields.set(name, jsonTypes(p))
      if ('default' in p) defaults[name] = p.default
    }
    s.forms.set(f.id, { def: f, schema, uiSchema: (f.uiSchema ?? {}) as Record<string, unknown>, defaults, fields })
  }
  return problems
}

function jsonTypes(p: Record<string, unknown>): string[] {
  if (typeof p.type === 'string') return [p.type]
  if (Array.isArray(p.type)) return p.type.map(String)
  const alts = (p.oneOf ?? p.anyOf) as Array<Record<string, unknown>> | undefined
  if (alts) return [...new Set(alts.flatMap((a) => (a.type ? jsonTypes(a) : a.const === null ? ['null'] : [typeof a.const])))]
  if ('const' in p) return [p.const === null ? 'null' : typeof p.const]
  if (p.enum) return [...new Set((p.enum as unknown[]).map((v) => (v === null ? 'null' : typeof v)))]
  return []
}

// ---------------------------------------------------------------- diff
function fieldTitle(n: Namer, formPath: Seg[], field: string): string {
  const f = n.el([...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }])
  return typeof f?.title === 'string' ? `${field}（${f.title}）` : field
}

const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  const formPath = c.path.slice(0, 2)
  const form = () => `表单「${n.name(formPath)}」`
  if (sh === 'forms/[]') return addRemove(c, n)
  if (sh === 'forms/[]/name') return renamed(c, n)
  const segs = c.path
  if (segs.length >= 5 && sh.startsWith('forms/[]/schema/properties/')) {
    const field = (segs[4] as { key: string }).key
    const title = fieldTitle(n, formPath, field)
    const rest = segs.slice(5)
    if (rest.length === 0 && c.op !== 'changed') {
      const added = c.op === 'added'
      const req = (resolve(added ? n.b : n.a, [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'required' }]) ?? []) as unknown[]
      const required = req.includes(field)
      return n.entry(c, `${form()}${added ? '新增' : '删除'}字段 ${title}${added && required ? '，必填' : ''}`)
    }
    const rsh = shape(rest)
    if (rsh === 'title' && c.op === 'changed') return n.entry(c, `${form()}字段 ${field} 标题：${String(c.old)} → ${String(c.new)}`)
    if (rsh === 'enum/{}') return n.entry(c, `${form()}字段 ${title}${c.op === 'added' ? '新增' : '删除'}选项「${String(c.new ?? c.old)}」`)
    const what = renderPath(rest)
    if (c.op === 'added') return n.entry(c, `${form()}字段 ${title} 新增 ${what}：${fmt(c.new)}`)
    if (c.op === 'removed') return n.entry(c, `${form()}字段 ${title} 删除 ${what}（原为 ${fmt(c.old)}）`)
    return n.entry(c, `${form()}字段 ${title} 的 ${what}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  const propPath = (field: string) => [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }] as Seg[]
  if (sh === 'forms/[]/schema/required/{}') {
    const field = String(c.new ?? c.old)
    const inA = resolve(n.a, propPath(field)) !== undefined
    const inB = resolve(n.b, propPath(field)) !== undefined
    if (!inA || !inB) return [] // told with the field's addition or removal
    return n.entry(c, `${form()}字段 ${fieldTitle(n, formPath, field)} 改为${c.op === 'added' ? '必填' : '选填'}`)
  }
  if (sh === 'forms/[]/uiSchema/ui:order/{}') {
    const field = String(c.new ?? c.old)
    if ((resolve(n.a, propPath(field)) === undefined) !== (resolve(n.b, propPath(field)) === undefined)) return []
  }
  if (sh.startsWith('forms/[]/uiSchema/') && segs.length === 4 && c.op !== 'changed') {
    const field = (segs[3] as { key: string }).key
    if ((resolve(n.a, propPath(field)) === undefined) !== (resolve(n.b, propPath(field)) === undefined)) return []
  }
  return null
}

export const forms = defineKind<FormsDefinition, 'forms'>({
  kind: 'forms',
  presence: 'required',
  title: { zh: '表单', en: 'Forms' },
  schema: formsSchema,
  lists: ['forms'],
  sets: ['required', 'enum', 'ui:order'],
  compile,
  check,
  diff: { nouns: { forms: '表单' }, words },
  docs: {
    files: '`forms-intake.json`, `forms-handling.json`',
    holds:
      'JSON Schema 2020-12 + uiSchema per form: 信访事项代办单, 信访事项处置单, replies, 领导批示, 催办, feedback, review, follow-up, archive checklist, complaints… `"x-daiban-options": "categories"` fills a field\'s choices from `org`',
  },
  designer: { preview: 'form', element: 'forms' },
})
