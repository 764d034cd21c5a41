/**
 * The Validator's compile (#20, scheme cold load): schemas are checked against the meta-schema by
 * one shared ajv and compiled by the Validator's own without that step, and a schema written twice
 * is compiled once. What a plain ajv with the form options refuses, and the words it refuses it
 * with, must not change; a form schema the meta-schema refuses still fails the scheme's load.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createAjv, Validator } from '../../engine/validate/validator'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { makeScheme, removeTempSchemes } from '../helpers/scheme'

afterAll(removeTempSchemes)

/** ajv's own error for a schema, as one ajv with the form options and its meta-schema check gives it. */
function plainAjvError(schema: object): string | null {
  try {
    createAjv().compile(schema)
    return null
  } catch (e) {
    return (e as Error).message
  }
}

function validatorError(schema: object): string | null {
  try {
    new Validator().compile(schema)
    return null
  } catch (e) {
    return (e as Error).message
  }
}

const REFUSED: Array<[string, object]> = [
  ['a type that does not exist', { type: 'object', properties: { a: { type: 'strng' } } }],
  ['a negative length', { type: 'object', properties: { a: { type: 'string', minLength: -1 } } }],
  ['required not a list', { type: 'object', required: 'a', properties: { a: { type: 'string' } } }],
  ['an unknown keyword (strict mode)', { type: 'object', properties: { a: { type: 'string', placeholder: 'x' } } }],
  ['an unknown format', { type: 'object', properties: { a: { type: 'string', format: 'phone' } } }],
  ['a reference to nothing', { type: 'object', properties: { a: { $ref: '#/$defs/none' } } }],
]

describe('Validator.compile refuses what ajv refuses, in its words', () => {
  it.each(REFUSED)('%s', (_name, schema) => {
    const expected = plainAjvError(schema)
    expect(expected).not.toBeNull()
    expect(validatorError(schema)).toBe(expected)
  })

  it('accepts what ajv accepts, and validates alike', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', minLength: 2 }, n: { type: 'integer' } }, required: ['a'] }
    expect(plainAjvError(schema)).toBeNull()
    const v = new Validator()
    expect(v.validate(schema, { a: 'xy', n: 1 })).toEqual([])
    expect(v.validate(schema, { a: 'x', n: 1.5 }).map((e) => [e.field, e.code])).toEqual([
      ['/a', 'INVALID_MINLENGTH'],
      ['/n', 'INVALID_TYPE'],
    ])
  })

  it('compiles one function for the same schema written twice, and refuses a second schema with the same $id', () => {
    const v = new Validator()
    const a = { type: 'object', properties: { x: { type: 'string' } } }
    expect(v.compile(a)).toBe(v.compile(JSON.parse(JSON.stringify(a)) as object))
    const withId = { $id: 'https://example.test/one', type: 'object' }
    v.compile(withId)
    expect(() => v.compile({ ...withId })).toThrow(/already exists/)
  })
})

describe('a scheme whose form schema the meta-schema refuses', () => {
  it('does not load: INVALID_FORM_SCHEMA at the form, with ajv’s reason', async () => {
    const dir = await makeScheme([{ op: 'set', file: 'forms-intake.json', pointer: '/forms/0/schema/properties/summary/maxLength', value: -5 }])
    const r = await loadSchemeDir(dir)
    expect(r.scheme).toBeNull()
    const p = r.problems.filter((x) => x.code === 'INVALID_FORM_SCHEMA')
    expect(p).toHaveLength(1)
    expect(p[0]!.file).toBe('forms-intake.json')
    expect(p[0]!.message).toContain('schema is invalid: data/properties/summary/maxLength must be >= 0')
  })
})
