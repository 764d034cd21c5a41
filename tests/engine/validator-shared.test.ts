/**
 * Compiled schemas shared by content between the Validators of a process (#20, start-up: the
 * server loads every town's folder in full, and towns write most forms alike). A schema compiled
 * by one Validator is not compiled again by another; one compiled without the meta-schema check
 * (lazySchemas, guard params) is still checked when a checking Validator asks for it.
 */
import { describe, expect, it } from 'vitest'
import { createAjv, toFieldErrors, Validator } from '../../engine/validate/validator'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { GALUTU_DIR as GALUTU } from '../helpers/scheme'
import path from 'node:path'

const WULAN = path.join(path.dirname(GALUTU), 'wulan')

describe('Validators share compiled schemas by content', () => {
  it('a second Validator gets the first one’s function for the same content', () => {
    const schema = { type: 'object', properties: { shared1: { type: 'string', maxLength: 3 } } }
    const a = new Validator().compile(schema)
    const b = new Validator().compile(JSON.parse(JSON.stringify(schema)) as object)
    expect(b).toBe(a)
    // and validates as its own would
    expect(new Validator().validate(schema, { shared1: 'abcd' }).map((e) => [e.field, e.code])).toEqual([['/shared1', 'INVALID_MAXLENGTH']])
  })

  it('a schema compiled unchecked is still refused by a checking Validator', () => {
    // ajv compiles it (title is an annotation); the meta-schema wants a string
    const schema = { type: 'object', title: 5, properties: { shared2: { type: 'string' } } }
    expect(() => new Validator({ checkSchemas: false }).compile(schema)).not.toThrow()
    expect(() => new Validator().compile(JSON.parse(JSON.stringify(schema)) as object)).toThrow(/schema is invalid: data\/title must be string/)
    // refused every time, not only the first
    expect(() => new Validator().compile(JSON.parse(JSON.stringify(schema)) as object)).toThrow(/schema is invalid/)
  })

  it('a schema with an $id is not shared: a second Validator compiles its own', () => {
    const schema = { $id: 'https://example.test/shared3', type: 'object' }
    expect(new Validator().compile(schema)).not.toBe(new Validator().compile({ ...schema }))
  })

  it('Galutu and Wulan loaded in one process give the forms’ answers each gives alone', async () => {
    const galutu = await loadSchemeDir(GALUTU)
    const wulan = await loadSchemeDir(WULAN)
    expect(galutu.problems).toEqual([])
    expect(wulan.problems).toEqual([])
    // forms both towns write alike compile once
    const same = [...wulan.scheme!.forms.values()].filter((f) => JSON.stringify(f.schema) === JSON.stringify(galutu.scheme!.forms.get(f.def.id)?.schema))
    expect(same.length).toBeGreaterThan(0)
    for (const f of same) expect(wulan.scheme!.validator.compile(f.schema)).toBe(galutu.scheme!.validator.compile(galutu.scheme!.forms.get(f.def.id)!.schema))
    // an empty submission of each form: the errors a plain ajv with the form options gives
    for (const f of same) {
      const plain = createAjv().compile(f.schema)
      plain({})
      const expected = toFieldErrors(plain.errors ?? []).map((e) => [e.field, e.code])
      expect(wulan.scheme!.validator.validate(f.schema, {}).map((e) => [e.field, e.code])).toEqual(expected)
    }
  })
})
