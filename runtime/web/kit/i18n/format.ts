/**
 * Message templates of the three apps: `{name}` arguments and ICU-style plurals,
 * `{n, plural, =0 {none} one {# day} other {# days}}` (`#` is the count), chosen by
 * Intl.PluralRules for the language (Chinese has one form, English two). A `{` that starts
 * neither is plain text, and an argument the caller did not give stays as written.
 *
 * @example
 * formatMessage('{n, plural, one {# day} other {# days}} overdue', { n: 1 }, 'en') // '1 day overdue'
 */

/** The language of every app's words: Chinese (default) or English. */
export type Lang = 'zh' | 'en'
export const LANGS: readonly Lang[] = ['zh', 'en']
export type Params = Record<string, string | number>

/** 'en', 'en-GB' → 'en'; anything else (zh-CN, null) → 'zh'. */
export const toLang = (tag: string | null | undefined): Lang => (tag && /^en\b/i.test(tag) ? 'en' : 'zh')
/** The BCP 47 tag for `<html lang>`, Accept-Language and Intl. */
export const htmlLang = (l: Lang): 'zh-CN' | 'en' => (l === 'en' ? 'en' : 'zh-CN')

type Part = string | { arg: string } | { arg: string; plural: Record<string, Part[]> }

const IDENT = /^\s*([A-Za-z_][\w]*)\s*$/
const PLURAL_HEAD = /^\s*([A-Za-z_][\w]*)\s*,\s*plural\s*,/

/** The index just past the `}` closing the `{` at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++
    else if (s[i] === '}' && --depth === 0) return i + 1
  }
  return -1
}

/** Thrown for a plural whose branches cannot be read (tests report it with the table and key). */
export class MessageSyntaxError extends Error {}

function parsePlural(arg: string, body: string, template: string): Part {
  const plural: Record<string, Part[]> = {}
  let i = 0
  while (i < body.length) {
    const m = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(i))
    if (!m) {
      if (body.slice(i).trim() === '') break
      throw new MessageSyntaxError(`plural of "${arg}": expected a selector (one, other, =0…) at "${body.slice(i).trim()}" in "${template}"`)
    }
    const open = i + m[0].length - 1
    const end = closing(body, open)
    if (end < 0) throw new MessageSyntaxError(`plural of "${arg}": unclosed branch in "${template}"`)
    plural[m[1]!] = parse(body.slice(open + 1, end - 1), template)
    i = end
  }
  if (!plural.other) throw new MessageSyntaxError(`plural of "${arg}" has no "other" branch in "${template}"`)
  return { arg, plural }
}

const parsedCache = new Map<string, Part[]>()

function parse(s: string, template: string = s): Part[] {
  const out: Part[] = []
  let text = ''
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (c === '{') {
      const end = closing(s, i)
      const inner = end > 0 ? s.slice(i + 1, end - 1) : ''
      const id = IDENT.exec(inner)
      const head = PLURAL_HEAD.exec(inner)
      if (end > 0 && (id || head)) {
        if (text) out.push(text)
        text = ''
        out.push(id ? { arg: id[1]! } : parsePlural(head![1]!, inner.slice(head![0].length), template))
        i = end
        continue
      }
    }
    text += c
    i++
  }
  if (text) out.push(text)
  return out
}

/** The parts of a template (cached); throws MessageSyntaxError on a malformed plural. */
export function parseMessage(template: string): Part[] {
  let p = parsedCache.get(template)
  if (!p) {
    p = parse(template)
    parsedCache.set(template, p)
  }
  return p
}

/** The argument names a template reads (plural counts included). */
export function messageArgs(template: string): Set<string> {
  const out = new Set<string>()
  const walk = (parts: Part[]) => {
    for (const p of parts) {
      if (typeof p === 'string') continue
      out.add(p.arg)
      if ('plural' in p) for (const b of Object.values(p.plural)) walk(b)
    }
  }
  walk(parseMessage(template))
  return out
}

const rules = new Map<Lang, Intl.PluralRules>()
const pluralRule = (lang: Lang) => {
  let r = rules.get(lang)
  if (!r) rules.set(lang, (r = new Intl.PluralRules(htmlLang(lang))))
  return r
}

function render(parts: Part[], params: Params, lang: Lang, count: number | null): string {
  let s = ''
  for (const p of parts) {
    if (typeof p === 'string') {
      s += count === null ? p : p.replace(/#/g, String(count))
      continue
    }
    const v = params[p.arg]
    if (!('plural' in p)) {
      s += v === undefined ? `{${p.arg}}` : String(v)
      continue
    }
    const n = Number(v)
    if (v === undefined || Number.isNaN(n)) {
      s += `{${p.arg}}`
      continue
    }
    const branch = p.plural[`=${n}`] ?? p.plural[pluralRule(lang).select(n)] ?? p.plural.other!
    s += render(branch, params, lang, n)
  }
  return s
}

/** The template with its arguments filled in for the language. */
export function formatMessage(template: string, params: Params | undefined, lang: Lang): string {
  if (!template.includes('{')) return template
  let parts: Part[]
  try {
    parts = parseMessage(template)
  } catch {
    return template
  }
  return render(parts, params ?? {}, lang, null)
}
