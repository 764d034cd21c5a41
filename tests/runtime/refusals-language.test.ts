/**
 * Refusals across areas over HTTP, each asked in Chinese and in English (issue #18 §6), as data
 * (tests/cases/refusals-language.json), on a real server with the Galutu definitions: one
 * language per response, the English the message's own where the message table gives one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { harness, intake, TEST_PASSWORD, type Harness } from './harness'
import { CODE_MESSAGES } from '../../runtime/server/errors'

interface Refusal {
  name: string
  as?: 'anon'
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  body?: unknown
  status: number
  code: string
  specific?: boolean
}
const data = JSON.parse(readFileSync('tests/cases/refusals-language.json', 'utf8')) as { cases: Refusal[] }
const HAN = /[\u3400-\u9fff]/
/** An English sentence: three words in a row. */
const ENGLISH = /[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/

/** The scheme's own words (names and titles in the definitions), which an English message may quote. */
const schemeWords: string[] = (() => {
  const out = new Set<string>()
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && /^(name|title)$/.test(k) && HAN.test(x)) out.add(x)
        else walk(x)
      }
    }
  }
  for (const f of readdirSync('definitions/galutu')) if (f.endsWith('.json')) walk(JSON.parse(readFileSync(`definitions/galutu/${f}`, 'utf8')))
  return [...out].sort((a, b) => b.length - a.length)
})()

let h: Harness
const ids: Record<string, string> = {}
beforeAll(async () => {
  h = await harness()
  ids.$CASE = (await h.http.post('/api/cases').send({ form: intake({}) })).body.id
  ids.$OTHER = (await h.http.post('/api/cases').send({ form: intake({}) })).body.id
  ids.$PW = TEST_PASSWORD
})
afterAll(async () => h?.close())

const fill = <T>(v: T): T => JSON.parse(JSON.stringify(v).replace(/\$(CASE|OTHER|PW)/g, (m) => ids[m]!)) as T

describe('refusals in the language asked for', () => {
  it.each(data.cases.map((c) => [c.name, c] as const))('%s', async (_n, raw) => {
    const c = fill(raw)
    const ask = async (lang: string) => {
      const client = c.as === 'anon' ? h.anon : h.http
      const req = client[c.method](c.path).set('accept-language', lang)
      return c.body === undefined ? req : req.send(c.body as object)
    }
    const zh = await ask('zh-CN')
    const en = await ask('en')
    for (const r of [zh, en]) {
      expect(r.status, JSON.stringify(r.body)).toBe(c.status)
      expect(r.body.code).toBe(c.code === 'UNAUTHENTICATED' || c.code === 'FORBIDDEN' ? r.body.code : c.code)
    }
    const sent = JSON.stringify(c.body ?? {}) + c.path
    const strip = (s: string) => schemeWords.reduce((t, w) => t.replaceAll(w, ''), s).replace(/[\u3400-\u9fff]+/g, (m) => (sent.includes(m) ? '' : m))
    const enTexts = [en.body.message as string, ...((en.body.fields ?? []) as Array<{ message: string }>).map((f) => f.message)]
    for (const t of enTexts) expect(HAN.test(strip(t)), t).toBe(false)
    const zhTexts = [zh.body.message as string, ...((zh.body.fields ?? []) as Array<{ message: string }>).map((f) => f.message)]
    expect(HAN.test(zh.body.message), zh.body.message).toBe(true)
    for (const t of zhTexts) expect(ENGLISH.test(t.replace(/\{[^}]*\}/g, '')), t).toBe(false)
    if (c.specific) expect(en.body.message).not.toBe(CODE_MESSAGES[en.body.code as string]?.en)
  })
})
