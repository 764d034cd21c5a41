/**
 * Form patterns compile to RE2 on their first test (engine/validate/regexp.ts), not when ajv
 * compiles the schema: a schema whose patterns no value reaches costs no RE2 program. A pattern RE2
 * cannot run is refused where it is written by the scheme check, and on first use by the validator.
 */
import { describe, expect, it } from 'vitest'
import { loadScheme, UnsupportedPatternError, Validator } from '../../engine'
import { kindRegExp } from '../../engine/validate/regexp'
import { readSchemeFiles } from '../../runtime/schemes/files'
import { GALUTU_DIR } from '../helpers/scheme'

const schema = (pattern: string) => ({ type: 'object', properties: { code: { type: 'string', pattern } } })

describe('patterns compile on first use', () => {
  it('a schema with a pattern RE2 cannot run compiles; the first value tested against it is refused', () => {
    const v = new Validator()
    const s = schema('^(a)\\1$')
    expect(() => v.compile(s)).not.toThrow()
    // no value for the field: the pattern never runs
    expect(v.validate(s, {})).toEqual([])
    expect(() => v.validate(s, { code: 'aa' })).toThrow(UnsupportedPatternError)
  })

  it('a runnable pattern still decides valid and invalid values', () => {
    const v = new Validator()
    const s = schema('^[0-9]{17}[0-9Xx]$')
    expect(v.validate(s, { code: '11010519491231002X' })).toEqual([])
    expect(v.validate(s, { code: '1101051949' }).map((e) => [e.field, e.code])).toEqual([['/code', 'INVALID_PATTERN']])
  })

  it('the scheme check still refuses such a pattern with its file and pointer', async () => {
    const files = await readSchemeFiles(GALUTU_DIR)
    const intake = files.find((f) => f.file === 'forms-intake.json')!
    const doc = JSON.parse(intake.text!)
    const form = doc.forms[0]
    const field = Object.keys(form.schema.properties).find((k) => form.schema.properties[k].type === 'string')!
    form.schema.properties[field].pattern = '^(?=x).*$'
    const r = await loadScheme(files.map((f) => (f === intake ? { file: f.file, text: JSON.stringify(doc) } : f)))
    expect(r.scheme).toBeNull()
    expect(r.problems.some((p) => p.file === 'forms-intake.json' && p.pointer === `/forms/0/schema/properties/${field}/pattern`)).toBe(true)
  })
})

describe("the kind schemas' own patterns (kindRegExp)", () => {
  it('run as written where the ReDoS check passes them', () => {
    const id = kindRegExp('^[a-z][a-z0-9-]{0,63}$', 'u')
    expect([id.test('galutu'), id.test('Galutu'), id.test('a'.repeat(65))]).toEqual([true, false, false])
  })

  it('run on RE2 where it does not: a catastrophic shape answers at once (a backtracking engine takes hours)', () => {
    const nested = kindRegExp('^(a+)+$', 'u')
    expect(nested.test(`${'a'.repeat(40)}!`)).toBe(false)
    expect(nested.test('aaaa')).toBe(true)
  })
})
