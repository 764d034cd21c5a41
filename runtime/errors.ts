/**
 * The errors every layer throws, and the words they carry. A ServiceError has a stable code (the
 * HTTP layer maps codes to statuses in one table; the CLI prints them) and its message in both
 * languages: message tables (`messageTable`) give each message an id, a Chinese and an English
 * text with `{name}` placeholders. `.message` is the Chinese text (logs, the CLI's default).
 */
import type { Problem } from '../engine'

export type Locale = 'zh-CN' | 'en'

/** A sentence for users in both languages. */
export interface Words {
  zh: string
  en: string
}

export const isWords = (v: unknown): v is Words =>
  typeof v === 'object' && v !== null && typeof (v as Words).zh === 'string' && typeof (v as Words).en === 'string'

/** `{name}` placeholders filled from params; lists joined as the language writes them. */
export function fillWords(template: string, params: Record<string, unknown>, locale: Locale): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k]
    if (v === undefined) return m
    if (Array.isArray(v)) return v.map(String).join(locale === 'en' ? ', ' : '、')
    if (isWords(v)) return locale === 'en' ? v.en : v.zh
    return String(v)
  })
}

/**
 * One area's messages: `const m = messageTable({ notFound: { zh: '未找到{what}', en: 'No {what}' } })`,
 * then `m('notFound', { what })` is the filled Words. A parameter may itself be Words (each side
 * fills its own language).
 */
export function messageTable<T extends Record<string, Words>>(table: T): ((key: keyof T & string, params?: Record<string, unknown>) => Words) & { table: T } {
  const f = (key: keyof T & string, params: Record<string, unknown> = {}): Words => {
    const e = table[key]!
    return { zh: fillWords(e.zh, params, 'zh-CN'), en: fillWords(e.en, params, 'en') }
  }
  return Object.assign(f, { table })
}

/** Every table made with `registerMessages`, for the test that checks each has both languages. */
export const MESSAGE_TABLES: Record<string, Record<string, Words>> = {}

/** `messageTable` under an area name, listed in MESSAGE_TABLES. */
export function registerMessages<T extends Record<string, Words>>(area: string, table: T): ReturnType<typeof messageTable<T>> {
  MESSAGE_TABLES[area] = table
  return messageTable(table)
}

/** Words in one language. */
export const say = (w: Words, locale: Locale): string => (locale === 'en' ? w.en : w.zh)

/**
 * A located input problem in both languages: `message` is the Chinese (the engine's default),
 * `params.messageEn` the English, which the HTTP layer and the CLI show when English is asked for.
 */
export function fieldProblem(code: string, pointer: string, words: Words, params: Record<string, unknown> = {}): Problem {
  return { code, pointer, message: words.zh, params: { ...params, messageEn: words.en } }
}

/** A problem in one language: the English a runtime problem carries (fieldProblem), else the engine's table by code. */
export function problemIn(p: Problem, locale: Locale, engineFormat: (p: Problem, locale: Locale) => string): string {
  if (typeof p.params?.messageEn === 'string') return locale === 'en' ? p.params.messageEn : p.message
  return engineFormat(p, locale)
}

export class ServiceError extends Error {
  /** The message in both languages (absent only for old Chinese-only throws). */
  readonly words?: Words
  constructor(
    readonly code: string,
    message: string | Words,
    readonly problems: Problem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(typeof message === 'string' ? message : message.zh)
    this.name = 'ServiceError'
    if (typeof message !== 'string') this.words = message
  }
}

const common = registerMessages('common', {
  notFound: { zh: '未找到{what}', en: 'No {what} found' },
})

/** NOT_FOUND naming what was looked for (`what` in both languages). */
export const notFound = (what: Words) => new ServiceError('NOT_FOUND', common('notFound', { what }))
