/**
 * `x-daiban-options`: a form field takes its choices from the org definition, so a list lives in
 * one place. Strict sources become `enum` / `oneOf`; `villages` is shown as suggestions
 * (`examples`: a text box with a list, as the forms render it), since people type village names.
 * Every source is checked the same way, whatever the form shows: a value outside the org's list is
 * refused (`optionErrors`), so no path — staff, public page, import — puts an invented village into
 * the town's rankings. Imports translate a source's own names through the channel's `values`.
 */
import type { OrgDefinition } from './types'
import type { FieldError } from '../validate/validator'

export interface OptionSource {
  strict: boolean
  options: (org: OrgDefinition) => Array<{ value: string; label: string }>
}

export const OPTION_SOURCES: Record<string, OptionSource> = {
  categories: { strict: true, options: (org) => org.groups.flatMap((g) => g.categories).map((c) => ({ value: c, label: c })) },
  channels: { strict: true, options: (org) => org.channels.map((c) => ({ value: c.id, label: c.name })) },
  levels: { strict: true, options: (org) => org.levels.map((c) => ({ value: c.id, label: c.name })) },
  units: { strict: true, options: (org) => org.units.map((c) => ({ value: c.id, label: c.name })) },
  groups: { strict: true, options: (org) => org.groups.map((c) => ({ value: c.id, label: c.name })) },
  villages: { strict: false, options: (org) => org.villages.map((c) => ({ value: c.name, label: c.name })) },
}

/** A deep copy of a form schema with every `x-daiban-options` expanded. Iterative-safe for sane depth. */
export function expandOptions(schema: unknown, org: OrgDefinition, depth = 0): unknown {
  if (depth > 64 || !schema || typeof schema !== 'object') return schema
  if (Array.isArray(schema)) return schema.map((s) => expandOptions(s, org, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) out[k] = expandOptions(v, org, depth + 1)
  const src = out['x-daiban-options']
  if (typeof src === 'string' && OPTION_SOURCES[src]) {
    const { strict, options } = OPTION_SOURCES[src]
    const list = options(org)
    if (!strict) out.examples = list.map((o) => o.value)
    else if (list.every((o) => o.value === o.label)) out.enum = list.map((o) => o.value)
    else out.oneOf = list.map((o) => ({ const: o.value, title: o.label }))
  }
  return out
}

/** What each source lists, for the refusal: "… is not one of the town's …". */
const SOURCE_NAMES: Record<string, { zh: string; en: string }> = {
  categories: { zh: '事项类别', en: 'matter categories' },
  channels: { zh: '信访渠道', en: 'channels' },
  levels: { zh: '事项层级', en: 'matter levels' },
  units: { zh: '单位名录', en: 'units' },
  groups: { zh: '代办专班组', en: 'task groups' },
  villages: { zh: '嘎查村（社区）名录', en: 'villages and communities' },
}

const allowedCache = new WeakMap<OrgDefinition, Map<string, Set<string>>>()

function allowed(org: OrgDefinition, source: string): Set<string> {
  let bySource = allowedCache.get(org)
  if (!bySource) allowedCache.set(org, (bySource = new Map()))
  let set = bySource.get(source)
  if (!set) bySource.set(source, (set = new Set(OPTION_SOURCES[source]!.options(org).map((o) => o.value))))
  return set
}

/**
 * The values of `x-daiban-options` fields that are not in the org's list, as field errors naming
 * the field by its title (code `UNKNOWN_OPTION`). Walks the form schema along the data (object
 * properties, array items); values of another type are left to the schema's own `type` check.
 *
 * @example
 *   optionErrors(form.schema, { village: '新建村' }, org)
 *   // → [{ field: '/village', code: 'UNKNOWN_OPTION', message: '所在嘎查村（社区）“新建村”不在本镇的嘎查村（社区）名录中，请从列表中选择', … }]
 */
export function optionErrors(schema: unknown, data: unknown, org: OrgDefinition, path = '', title?: string, depth = 0): FieldError[] {
  if (depth > 64 || !schema || typeof schema !== 'object' || Array.isArray(schema)) return []
  const s = schema as Record<string, unknown>
  const name = typeof s.title === 'string' && s.title ? s.title : title
  const out: FieldError[] = []
  const src = s['x-daiban-options']
  if (typeof src === 'string' && OPTION_SOURCES[src] && typeof data === 'string' && !allowed(org, src).has(data)) {
    const field =
      name ??
      (path
        .split('/')
        .filter((p) => p && !/^\d+$/.test(p))
        .pop() ||
        path)
    const shown = data.length > 40 ? `${data.slice(0, 40)}…` : data
    const list = SOURCE_NAMES[src] ?? { zh: '选项', en: 'options' }
    out.push({
      field: path || '/',
      code: 'UNKNOWN_OPTION',
      message: `${field}“${shown}”不在本镇的${list.zh}中，请从列表中选择`,
      messageEn: `${field}: "${shown}" is not one of the town's ${list.en}; choose one from the list`,
      params: { source: src, title: field },
    })
  }
  const props = s.properties
  if (props && typeof props === 'object' && data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [k, sub] of Object.entries(props as Record<string, unknown>)) {
      if (Object.prototype.hasOwnProperty.call(data, k))
        out.push(...optionErrors(sub, (data as Record<string, unknown>)[k], org, `${path}/${k}`, undefined, depth + 1))
    }
  }
  if (s.items && typeof s.items === 'object' && Array.isArray(data))
    data.forEach((d, i) => out.push(...optionErrors(s.items, d, org, `${path}/${i}`, name, depth + 1)))
  return out
}
