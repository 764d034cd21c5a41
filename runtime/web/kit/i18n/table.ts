/**
 * Message tables: each app and area declares its words once, Chinese and English side by side,
 * with typed keys (`keyof` the Chinese table). Every table registers itself by name, so one test
 * (tests/web/i18n-tables.test.ts) checks them all: each Chinese key has an English text and the
 * other way round, and every template parses. At run time a missing English text falls back to
 * the Chinese one (warned once in development); a missing key shows the key.
 *
 * @example
 * const words = defineMessages('reports', { 'n.cases': '{n} 件' }, { 'n.cases': '{n, plural, one {# case} other {# cases}}' })
 * words.translate('en', 'n.cases', { n: 2 }) // '2 cases'
 */
import { formatMessage, type Lang, type Params } from './format'

export interface MessageTable<K extends string = string> {
  readonly name: string
  readonly zh: Readonly<Record<K, string>>
  readonly en: Readonly<Partial<Record<K, string>>>
  translate(lang: Lang, key: K, params?: Params): string
}

const registry = new Map<string, MessageTable>()
const warned = new Set<string>()
// Vite replaces import.meta.env.DEV; outside Vite (node, tests) env may be missing
const DEV = (import.meta as { env?: { DEV?: boolean } }).env?.DEV ?? false

/** Declares (and registers under `name`) a table; `en` should have every key of `zh`. */
export function defineMessages<K extends string>(name: string, zh: Record<K, string>, en: Partial<Record<K, string>>): MessageTable<K> {
  const table: MessageTable<K> = {
    name,
    zh,
    en,
    translate(lang, key, params) {
      let template = lang === 'en' ? en[key] : zh[key]
      if (template === undefined) {
        if (DEV && !warned.has(`${name}:${lang}:${key}`)) {
          warned.add(`${name}:${lang}:${key}`)
          console.warn(`i18n: ${name} has no ${lang} text for "${key}"`)
        }
        template = zh[key] ?? key
      }
      return formatMessage(template, params, lang)
    },
  }
  registry.set(name, table as unknown as MessageTable)
  return table
}

/** The tables declared so far (by the modules imported), by name. */
export const registeredTables = (): MessageTable[] => [...registry.values()]

/** Keys with a Chinese text but no English one, and the other way round. */
export function missingKeys(t: Pick<MessageTable, 'zh' | 'en'>): { noEn: string[]; noZh: string[] } {
  const zh = Object.keys(t.zh)
  const en = Object.keys(t.en)
  return { noEn: zh.filter((k) => (t.en as Record<string, string | undefined>)[k] === undefined), noZh: en.filter((k) => !(k in t.zh)) }
}
