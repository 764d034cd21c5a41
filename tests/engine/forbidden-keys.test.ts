/**
 * An own `__proto__` (or `constructor`, `prototype`) key, as JSON.parse makes it, is refused with
 * its place named — in a definition given as text or already parsed, in data checked against a
 * form (ajv's `unevaluatedProperties: false` lets an own `__proto__` through when the evaluated
 * properties are known only at run time), in a decision's facts. Cases: tests/cases/forbidden-keys.json.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { decide, loadScheme, type CompiledScheme, type SchemeFile } from '../../engine'
import { Validator } from '../../engine/validate/validator'
import { readSchemeFiles } from '../../runtime/schemes/files'
import { GALUTU_DIR, parsePointer, readCases } from '../helpers/scheme'

interface KeyCase {
  name: string
  key: string
  value: unknown
  pointer: string
}
const cases = await readCases<{ definitions: Array<KeyCase & { file: string; at: string }>; data: KeyCase[] }>('forbidden-keys.json')

/** `target` with an own `key` (what JSON.parse makes of `{"__proto__": …}`), returned. */
function withOwnKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  return target
}

let files: SchemeFile[]
let galutu: CompiledScheme
/** Facts the intake form takes, from the definitions: the first village, category and level. */
let facts: Record<string, unknown>
beforeAll(async () => {
  files = await readSchemeFiles(GALUTU_DIR)
  galutu = (await loadScheme(files)).scheme!
  const org = galutu.defs.org
  facts = { village: org.villages[0]!.name, receivedOn: '2026-03-02', category: org.groups[0]!.categories[0], level: org.levels[0]!.id }
})

describe('a forbidden key in a definition', () => {
  for (const as of ['text', 'value'] as const)
    it.each(cases.definitions)(`given as ${as}: $name`, async ({ file, at, key, value, pointer }) => {
      const changed = files.map((f) => {
        if (f.file !== file) return f
        const v = JSON.parse(f.text!) as Record<string, unknown>
        let node: Record<string, unknown> = v
        for (const seg of parsePointer(at)) node = node[seg] as Record<string, unknown>
        withOwnKey(node, key, value)
        // JSON.stringify writes an own "__proto__" as any other key
        return as === 'text' ? { file, text: JSON.stringify(v) } : { file, value: JSON.parse(JSON.stringify(v)) as unknown }
      })
      const r = await loadScheme(changed)
      expect(r.scheme).toBeNull()
      expect(r.problems.map((p) => ({ file: p.file, pointer: p.pointer, code: p.code }))).toEqual([{ file, pointer, code: 'SCHEMA' }])
      expect(r.problems[0]!.message).toContain(key)
    })
})

describe('a forbidden key in data', () => {
  it.each(cases.data)('the intake form refuses it: $name', ({ key, value, pointer }) => {
    expect(galutu.validateForm('intake', facts).filter((e) => e.field === pointer)).toEqual([])
    const errors = galutu.validateForm('intake', withOwnKey({ ...facts }, key, value))
    expect(errors).toContainEqual(expect.objectContaining({ field: pointer, code: 'FORBIDDEN_KEY', messageEn: `forbidden key "${key}"` }))
  })

  it.each(cases.data)('a schema that takes any key refuses it too: $name', ({ key, value, pointer }) => {
    const v = new Validator()
    expect(v.validate({ type: 'object' }, { a: { b: 1 } })).toEqual([])
    expect(v.validate({ type: 'object' }, { a: [withOwnKey({}, key, value)] })).toEqual([
      expect.objectContaining({ field: `/a/0${pointer}`, code: 'FORBIDDEN_KEY' }),
    ])
  })

  it.each(cases.data)('decide refuses it in the facts, naming it: $name', async ({ key, value, pointer }) => {
    expect((await decide(galutu, facts)).ok).toBe(true)
    const r = await decide(galutu, JSON.parse(JSON.stringify(withOwnKey({ ...facts }, key, value))))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => [p.pointer, p.file])).toEqual([[pointer, 'input']])
    expect(({} as Record<string, unknown>).village).toBeUndefined()
  })
})
