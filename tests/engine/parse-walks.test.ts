/**
 * The definition parser's two walks (engine/scheme/parse.ts) build a pointer only for the value
 * they report (#20, scheme cold load). They must report the same pointer as the walks they
 * replaced, which built one for every value: those are kept here as the reference and both are run
 * on seeded random documents with forbidden keys, keys needing escapes and deep nesting.
 */
import { describe, expect, it } from 'vitest'
import { canonicalJson, canonicalJsonIterative, findForbiddenKey, tooDeep } from '../../engine/scheme/parse'
import { readSchemeFiles } from '../../runtime/schemes/files'
import { GALUTU_DIR } from '../helpers/scheme'

const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1')

function referenceForbidden(value: unknown, base: string): string | null {
  const stack: Array<[unknown, string]> = [[value, base]]
  while (stack.length) {
    const [v, ptr] = stack.pop()!
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${ptr}/${i}`]))
      else
        for (const k of Object.keys(v)) {
          const p = `${ptr}/${esc(k)}`
          if (BAD_KEYS.has(k)) return p
          stack.push([(v as Record<string, unknown>)[k], p])
        }
    }
  }
  return null
}

function referenceTooDeep(value: unknown, max: number): string | null {
  const stack: Array<[unknown, string, number]> = [[value, '', 0]]
  while (stack.length) {
    const [v, ptr, depth] = stack.pop()!
    if (!v || typeof v !== 'object') continue
    if (depth >= max) return ptr
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${ptr}/${i}`, depth + 1]))
    else for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], `${ptr}/${esc(k)}`, depth + 1])
  }
  return null
}

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

const KEYS = ['a', 'b/c', 'x~y', '~/', 'forms', '0', 'constructor', 'prototype', '__proto__', '名称']

/** A random JSON document, parsed from text so `__proto__` is an own key as in a definition file. */
function randomDoc(r: () => number, depth: number, forbidden: boolean): unknown {
  const build = (d: number): string => {
    const t = r()
    if (d >= depth || t < 0.25) return JSON.stringify(t < 0.1 ? null : t < 0.2 ? 'text' : Math.round(t * 100))
    if (t < 0.55) return `[${Array.from({ length: 1 + Math.floor(r() * 3) }, () => build(d + 1)).join(',')}]`
    const keys = new Set<string>()
    const n = 1 + Math.floor(r() * 3)
    while (keys.size < n) {
      const k = KEYS[Math.floor(r() * KEYS.length)]!
      if (forbidden || !BAD_KEYS.has(k)) keys.add(k)
    }
    return `{${[...keys].map((k) => `${JSON.stringify(k)}:${build(d + 1)}`).join(',')}}`
  }
  return JSON.parse(build(0)) as unknown
}

describe('the parser walks report what the per-value walks reported', () => {
  it('findForbiddenKey on 400 random documents', () => {
    const r = rng(20261207)
    let found = 0
    for (let i = 0; i < 400; i++) {
      const doc = randomDoc(r, 6, i % 2 === 0)
      const expected = referenceForbidden(doc, '/base')
      if (expected !== null) found++
      expect(findForbiddenKey(doc, '/base')).toBe(expected)
    }
    expect(found).toBeGreaterThan(50)
  })

  it('tooDeep on 400 random documents and several limits', () => {
    const r = rng(7)
    let found = 0
    for (let i = 0; i < 400; i++) {
      const doc = randomDoc(r, 9, false)
      for (const max of [1, 3, 5, 8]) {
        const expected = referenceTooDeep(doc, max)
        if (expected !== null) found++
        expect(tooDeep(doc, max)).toBe(expected)
      }
    }
    expect(found).toBeGreaterThan(200)
  })

  it('names the escaped way to a forbidden key', () => {
    expect(findForbiddenKey(JSON.parse('{"a/b":[{"x~":{"__proto__":1}}]}'), '')).toBe('/a~1b/0/x~0/__proto__')
    expect(tooDeep(JSON.parse('{"a/b":[{"x~":{}}]}'), 3)).toBe('/a~1b/0/x~0')
    expect(tooDeep({ a: [1, 2] }, 3)).toBeNull()
  })
})

describe('canonicalJson: the recursive walk writes what the iterative one writes', () => {
  it('on 400 random documents, with keys needing escapes and values of every type', () => {
    const r = rng(42)
    for (let i = 0; i < 400; i++) {
      const doc = randomDoc(r, 8, true)
      expect(canonicalJson(doc)).toBe(canonicalJsonIterative(doc))
    }
  })

  it("on Galutu's files, and past the recursion bound (falling back to the iterative walk)", async () => {
    const files = Object.fromEntries((await readSchemeFiles(GALUTU_DIR)).map((f) => [f.file, JSON.parse(f.text!)]))
    expect(canonicalJson(files)).toBe(canonicalJsonIterative(files))
    let deep: unknown = { leaf: [1, 'x', null, true] }
    for (let i = 0; i < 5000; i++) deep = i % 2 ? [deep] : { [`k${i}`]: deep, a: i }
    expect(canonicalJson(deep)).toBe(canonicalJsonIterative(deep))
    expect(canonicalJson({ b: undefined, a: [undefined, () => 1] })).toBe('{"a":[null,null],"b":null}')
  })
})
