// @vitest-environment jsdom
/**
 * Every message table of the three apps (runtime/web/kit/i18n): each Chinese key has an English
 * text and the other way round, every template parses, English uses only the arguments the
 * Chinese is given, and no English text fakes a plural ("day(s)"). The tables are found by
 * reading the sources for `defineMessages(` / `areaMessages(`, so a new table is checked without
 * being listed here. Plurals are checked against table-driven cases (tests/cases/i18n-plurals.json).
 */
import './dom'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatMessage, messageArgs, missingKeys, parseMessage, registeredTables, type Lang, type MessageTable, type Params } from '../../runtime/web/kit/i18n'
import plurals from '../cases/i18n-plurals.json'

const ROOT = join(__dirname, '../..')
const APPS = ['runtime/web/src', 'runtime/web/public/src', 'designer/src']
const DECLARES = /\b(defineMessages|areaMessages)(<[^>]*>)?\(/

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** The files declaring a table (the kit itself excluded) */
const declaring = APPS.flatMap((d) => sources(join(ROOT, d))).filter((f) => DECLARES.test(readFileSync(f, 'utf8')))

let tables: MessageTable[] = []
beforeAll(async () => {
  for (const f of declaring) await import(/* @vite-ignore */ f)
  tables = registeredTables()
}, 120_000)

describe('the message tables', () => {
  it('are found in each app', () => {
    const names = new Set(tables.map((t) => t.name))
    for (const n of ['staff', 'public', 'designer', 'reports', 'duty', 'channels', 'admin', 'queues']) expect(names, n).toContain(n)
    expect(declaring.map((f) => relative(ROOT, f)).length).toBeGreaterThanOrEqual(tables.length - 0)
  })

  it('have an English text for every Chinese key and no English key without a Chinese one', () => {
    const gaps = tables.flatMap((t) => {
      const { noEn, noZh } = missingKeys(t)
      return [...noEn.map((k) => `${t.name}: "${k}" has no English`), ...noZh.map((k) => `${t.name}: "${k}" has no Chinese`)]
    })
    expect(gaps).toEqual([])
  })

  it('parse in both languages, and English reads only the arguments the Chinese is given', () => {
    const bad: string[] = []
    for (const t of tables)
      for (const [key, zh] of Object.entries(t.zh)) {
        const en = (t.en as Record<string, string | undefined>)[key]
        for (const [lang, text] of [
          ['zh', zh],
          ['en', en],
        ] as const) {
          if (text === undefined) continue
          try {
            parseMessage(text)
          } catch (e) {
            bad.push(`${t.name} ${lang} "${key}": ${(e as Error).message}`)
          }
        }
        if (en === undefined) continue
        const zhArgs = messageArgs(zh)
        for (const a of messageArgs(en)) if (!zhArgs.has(a)) bad.push(`${t.name} "${key}": English reads {${a}}, the Chinese does not`)
      }
    expect(bad).toEqual([])
  })

  it('have no faked English plural such as "day(s)"', () => {
    const fakes = tables.flatMap((t) =>
      Object.entries(t.en as Record<string, string>)
        .filter(([, s]) => /\w\(s\)|\{s\}/.test(s))
        .map(([k, s]) => `${t.name} "${k}": ${s}`),
    )
    expect(fakes).toEqual([])
  })
})

describe('plurals', () => {
  const byName = (n: string) => tables.find((t) => t.name === n)
  it.each(plurals.cases)('$table $key ($lang, n=$params.n) → $expect', (c) => {
    const t = byName(c.table)
    expect(t, c.table).toBeDefined()
    expect(t!.translate(c.lang as Lang, c.key, c.params as Params)).toBe(c.expect)
  })
  it.each(plurals.templates)('$template ($lang, $params) → $expect', (c) => {
    expect(formatMessage(c.template, c.params as Params, c.lang as Lang)).toBe(c.expect)
  })
  it('refuses a plural without its other branch, naming the argument', () => {
    expect(() => parseMessage('{n, plural, one {# day}}')).toThrow(/"n" has no "other"/)
    expect(() => parseMessage('{n, plural, one {# day} lots {# days}}')).toThrow(/selector/)
  })
})
