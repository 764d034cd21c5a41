/**
 * A JSON body holding a forbidden key (an own `__proto__`, `constructor` or `prototype`) is refused
 * before any route sees it, naming where the key is, in the language asked for. Cases:
 * tests/cases/forbidden-keys.json ("http").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from './harness'
import { readCases } from '../helpers/scheme'

const { http: cases } = await readCases<{ http: Array<{ name: string; body: string; pointer: string }> }>('forbidden-keys.json')

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(() => h.close())

describe('a forbidden key in a request body', () => {
  it.each(cases)('$name: 400 naming its pointer, in Chinese and English; nothing created', async ({ body, pointer }) => {
    const before = (await h.http.get('/api/cases')).body.total as number
    expect(typeof before).toBe('number')
    const key = pointer.slice(pointer.lastIndexOf('/') + 1)
    for (const [lang, words] of [
      ['zh-CN', `不允许的键名 "${key}"`],
      ['en', `forbidden key "${key}"`],
    ] as const) {
      const r = await h.http.post('/api/cases').set('content-type', 'application/json').set('accept-language', lang).send(body)
      expect(r.status).toBe(400)
      expect(r.body.code).toBe('BAD_JSON')
      expect(r.body.message).toContain(pointer)
      expect(r.body.fields).toEqual([expect.objectContaining({ pointer, code: 'FORBIDDEN_KEY', message: words })])
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((await h.http.get('/api/cases')).body.total).toBe(before)
  })

  it('a malformed body is still just malformed', async () => {
    const r = await h.http.post('/api/cases').set('content-type', 'application/json').send('{"form":')
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ code: 'BAD_JSON' })
    expect(r.body.fields).toBeUndefined()
  })
})
