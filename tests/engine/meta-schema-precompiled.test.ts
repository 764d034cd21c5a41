/**
 * The precompiled 2020-12 meta-schema check (#20, scheme cold load): a full load checks every form
 * schema against the meta-schema; ajv compiled it in each process (~80 ms). The generated validator
 * must be the generator's output, and refuse what ajv's validateSchema refuses, in its words.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateMetaValidator } from '../../engine/scheme/schemas/generate'
import { createAjv, Validator } from '../../engine/validate/validator'
import { GALUTU_DIR } from '../helpers/scheme'

it('engine/validate/meta-schema.generated.js is up to date with its generator', () => {
  expect(readFileSync('engine/validate/meta-schema.generated.js', 'utf8') === generateMetaValidator(), 'run npm run gen:validators').toBe(true)
})

/** Schemas the meta-schema refuses, and some it takes. */
const CASES: Array<[string, object]> = [
  ['a type that does not exist', { type: 'object', properties: { a: { type: 'strng' } } }],
  ['a negative length', { type: 'object', properties: { a: { type: 'string', minLength: -1 } } }],
  ['required not a list', { type: 'object', required: 'a' }],
  ['a title that is not text', { type: 'object', title: 5 }],
  ['a type list with an unknown type', { type: ['string', 'nope'] }],
  ['an empty enum', { enum: [] }],
  ['a length as text inside then', { if: { type: 'string' }, then: { minLength: 'x' } }],
  ['multipleOf zero', { type: 'object', $defs: { x: { type: 'integer', multipleOf: 0 } } }],
  ['prefixItems not a list', { prefixItems: { type: 'string' } }],
  ['dependentRequired not lists', { dependentRequired: { a: 'b' } }],
  ['the 2020-12 $schema named', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }],
  ['another $schema (ajv checks it)', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }],
  ['a $schema that is not text', { $schema: 5, type: 'object' }],
  ['a pattern and a reference', { type: 'object', properties: { a: { type: 'string', pattern: '^[0-9]+$' }, b: { $ref: '#/$defs/b' } }, $defs: { b: {} } }],
]

function ajvSays(schema: object): string {
  try {
    createAjv().validateSchema(schema, true)
    return 'valid'
  } catch (e) {
    return (e as Error).message
  }
}

function validatorSays(schema: object): string {
  try {
    new Validator().compile(JSON.parse(JSON.stringify(schema)) as object)
    return 'valid'
  } catch (e) {
    return (e as Error).message
  }
}

describe('the precompiled meta-schema check refuses what ajv refuses, in its words', () => {
  it.each(CASES)('%s', (_name, schema) => {
    const expected = ajvSays(schema)
    const got = validatorSays(schema)
    // a schema the meta-schema takes may still fail ajv's compile (strict mode): compare refusals only
    if (expected === 'valid') expect(got.startsWith('schema is invalid')).toBe(false)
    else expect(got).toBe(expected)
  })

  it('every form of both bundled towns passes both checks', () => {
    for (const dir of [GALUTU_DIR, path.join(path.dirname(GALUTU_DIR), 'wulan')])
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        const file = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { kind?: string; forms?: Array<{ schema: object }> }
        if (file.kind !== 'forms') continue
        for (const f of file.forms!) {
          expect(ajvSays(f.schema), name).toBe('valid')
          expect(validatorSays(f.schema), name).toBe('valid')
        }
      }
  })
})
