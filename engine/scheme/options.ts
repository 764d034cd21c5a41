/**
 * `x-daiban-options`: a form field takes its choices from the org definition, so a list lives in
 * one place. Strict sources become `enum` / `oneOf` (validated); `villages` only suggests
 * (`examples`), because hotline data uses its own village names and is accepted as written.
 */
import type { OrgDefinition } from './types'

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
