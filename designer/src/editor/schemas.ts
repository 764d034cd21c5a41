/** The kind schemas as Monaco JSON schema associations, descriptions in the chosen language first. */
// The registry's schemas as generated data, not the registry itself: the kinds' checks and compile steps stay in the worker.
import { KIND_EDITOR_SCHEMAS } from '../../../engine/scheme/kinds/schemas.generated'
import type { Lang } from '../i18n'
import { refTargetOf, type RefChoice } from '../../../engine/scheme/refs'
import type { RefTarget } from '../../../engine/scheme/schemas/common'

/** The ids each reference target offers in the draft (completion lists them with their names). */
export type Choices = Partial<Record<RefTarget, RefChoice[]>>

const esc = (s: string) => s.replace(/([\\`*_{}[\]<>|])/g, '\\$1')

/** A copy of the schema where every `description` ("中文\nEnglish") also has a two-paragraph markdownDescription. */
export function forEditor(schema: unknown, lang: Lang, choices: Choices = {}): unknown {
  if (Array.isArray(schema)) return schema.map((x) => forEditor(x, lang, choices))
  if (!schema || typeof schema !== 'object') return schema
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    // The 2020-12 meta-schema reference is not fetched (no network); validation is the engine's.
    if (k === '$schema') continue
    out[k] =
      (k === 'description' && typeof v === 'string') || k === 'const' || k === 'enum' || k === 'default' || k === 'examples' ? v : forEditor(v, lang, choices)
  }
  // An id-valued member (x-daiban-ref): completion offers the draft's ids of that target, named.
  const target = refTargetOf(schema)
  const list = target ? choices[target] : undefined
  if (list?.length) {
    out.enum = list.map((c) => c.id)
    out.markdownEnumDescriptions = list.map((c) => esc((lang === 'en' ? (c.nameEn ?? c.name) : c.name) ?? c.id))
  }
  if (typeof out.description === 'string') {
    const [zh, en] = (out.description as string).split('\n')
    const lines = lang === 'en' ? [en, zh] : [zh, en]
    out.markdownDescription = lines
      .filter(Boolean)
      .map((l) => esc(l!))
      .join('\n\n')
  }
  return out
}

export const kindSchemaUri = (kind: string) => `https://daiban.local/schemas/${kind}.json`

export function schemaAssociations(files: Array<{ uri: string; kind: string | null }>, lang: Lang, choices: Choices = {}) {
  return KIND_EDITOR_SCHEMAS.map(({ kind, schema }) => ({
    uri: kindSchemaUri(kind),
    fileMatch: files.filter((f) => f.kind === kind).map((f) => f.uri),
    schema: forEditor(schema, lang, choices),
  }))
}
