/**
 * The facts a rule set reads, as its facts form declares them: title for the column header, the
 * kind of value, and the choices with their labels (org lists expanded), for the value pickers.
 */
import { formFields } from '../../../../engine/scheme/form-fields'
import type { Scalar } from './conditions'

export interface FactOption {
  value: Scalar
  label: string
}

export interface FactInfo {
  id: string
  /** The field's title (its id when it has none). */
  title: string
  type: 'boolean' | 'number' | 'string' | 'date' | 'unknown'
  /** The values the field allows, labelled (enum, oneOf const/title; `type: null` is "none"). */
  options?: FactOption[]
  /** Suggestions only (a text field with a list, e.g. villages): other values are allowed. */
  suggestions?: boolean
  /** Not a field of the facts form. */
  unknown?: boolean
}

type Schema = Record<string, unknown>
const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v)

function typeOf(s: Schema): FactInfo['type'] {
  const t = Array.isArray(s.type) ? (s.type as unknown[]).find((x) => x !== 'null') : s.type
  if (t === 'boolean') return 'boolean'
  if (t === 'integer' || t === 'number') return 'number'
  if (t === 'string') return s.format === 'date' ? 'date' : 'string'
  if (Array.isArray(s.oneOf) && (s.oneOf as unknown[]).some((o) => isObj(o) && typeof o.const === 'string')) return 'string'
  if (Array.isArray(s.enum) && (s.enum as unknown[]).every((v) => typeof v === 'string')) return 'string'
  return 'unknown'
}

/** One field as a fact. */
export function factInfo(id: string, s: Schema | undefined, lang: 'zh-CN' | 'en' = 'zh-CN'): FactInfo {
  if (!s) return { id, title: id, type: 'unknown', unknown: true }
  const title = typeof s.title === 'string' && s.title ? s.title : id
  const type = typeOf(s)
  const out: FactInfo = { id, title, type }
  const none = lang === 'en' ? 'none' : '无'
  if (Array.isArray(s.oneOf) && s.oneOf.length) {
    out.options = (s.oneOf as unknown[]).filter(isObj).flatMap((o): FactOption[] => {
      const label = typeof o.title === 'string' ? o.title : undefined
      if ('const' in o) return [{ value: o.const as Scalar, label: label ?? String(o.const) }]
      if (o.type === 'null') return [{ value: null, label: label ?? none }]
      return []
    })
  } else if (Array.isArray(s.enum)) {
    out.options = (s.enum as Scalar[]).map((v) => ({ value: v, label: v === null ? none : String(v) }))
  } else if (type === 'boolean') {
    out.options = [
      { value: true, label: lang === 'en' ? 'Yes' : '是' },
      { value: false, label: lang === 'en' ? 'No' : '否' },
    ]
  } else if (Array.isArray(s.examples) && s.examples.length) {
    out.options = (s.examples as Scalar[]).map((v) => ({ value: v, label: String(v) }))
    out.suggestions = true
  }
  return out
}

/** Every field of the facts form (its branches' fields too), by id. */
export function factCatalog(schema: Schema | undefined | null, lang: 'zh-CN' | 'en' = 'zh-CN'): Map<string, FactInfo> {
  const out = new Map<string, FactInfo>()
  for (const [id, s] of Object.entries(formFields(schema ?? {}))) out.set(id, factInfo(id, s, lang))
  return out
}

/** A value as people read it: the option's label, 是/否, 无 for null. */
export function valueLabel(f: FactInfo | undefined, v: unknown, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const hit = f?.options?.find((o) => o.value === v)
  if (hit) return hit.label
  if (v === true) return lang === 'en' ? 'Yes' : '是'
  if (v === false) return lang === 'en' ? 'No' : '否'
  if (v === null || v === undefined) return lang === 'en' ? 'none' : '无'
  return String(v)
}
