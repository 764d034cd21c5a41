/**
 * rjsf's own strings in Chinese (its buttons and labels), and validation messages that read well
 * under a field: ajv-i18n's zh messages, with the few that name schema internals (patterns,
 * format names, "must have required property") rewritten for people.
 */
import type { RJSFValidationError, TranslatableString } from '@rjsf/utils'
import { rjsfTranslator } from '../../kit/forms/rjsfZh'
import type { Lang } from '../i18n'
import { translate } from '../i18n'
import { presetOf } from '../../../../engine/validate/pattern-presets'

/**
 * What a pattern expects, in words: the designer's pattern presets name the patterns a scheme
 * picks from (手机或固定电话, e.g. 13800000000); another pattern says only that the format is wrong.
 */
export function patternMessage(lang: Lang, pattern: unknown): string | undefined {
  const p = presetOf(pattern)
  if (!p) return undefined
  return lang === 'en' ? `Expected: ${p.nameEn}, e.g. ${p.example}` : `应为${p.name}，如 ${p.example}`
}

export function translatorFor(lang: Lang): (s: TranslatableString, params?: string[]) => string {
  return rjsfTranslator(lang)
}

/** Rewrites the messages that would show schema internals; keeps ajv-i18n's wording for the rest. */
export function transformErrorsFor(lang: Lang, schema?: { properties?: Record<string, { const?: unknown; type?: unknown }> }) {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(lang, k, p)
  return (errors: RJSFValidationError[]): RJSFValidationError[] => {
    const out: RJSFValidationError[] = []
    for (const e of errors) {
      // a oneOf select reports one `const` failure per choice: the `oneOf` error says it once
      if (e.name === 'const' && e.schemaPath?.includes('/oneOf/')) continue
      if (e.name === 'type' && e.schemaPath?.includes('/oneOf/')) continue
      let message = e.message
      switch (e.name) {
        case 'required': {
          const prop = schema?.properties?.[String(e.params?.missingProperty ?? '')]
          message = prop?.type === 'boolean' && prop.const === true ? t('form.mustCheck') : t('form.required')
          break
        }
        case 'pattern':
          message = patternMessage(lang, e.params?.pattern) ?? t('form.pattern')
          break
        case 'format':
          message = e.params?.format === 'date' ? t('form.date') : t('form.pattern')
          break
        case 'minItems':
          message = t('form.minItems', { n: Number(e.params?.limit ?? 1) })
          break
        case 'const':
          if (e.params?.allowedValue === true) message = t('form.mustCheck')
          break
        case 'oneOf':
        case 'enum':
          message = lang === 'en' ? 'Choose from the list' : '请从列表中选择'
          break
        default:
          break
      }
      out.push({ ...e, ...(message !== undefined ? { message, stack: `${e.property ?? ''} ${message}`.trim() } : {}) })
    }
    return out
  }
}
