/**
 * Form patterns run on a linear-time engine (engine/validate/regexp.ts): a pattern that makes
 * JavaScript's backtracking RegExp take seconds answers at once, the JavaScript meaning of a
 * pattern is kept, and what RE2 cannot run is refused by name.
 */
import { describe, expect, it } from 'vitest'
import { KIND_SCHEMAS, loadScheme, Validator, type SchemeFile } from '../../engine'
import { linearTest, patternRefusal } from '../../engine/validate/regexp'
import { readSchemeFiles } from '../../runtime/schemes/files'
import { GALUTU_DIR } from '../helpers/scheme'

/**
 * Adjacent quantifiers: the ReDoS check passes it (no nested quantifier), and on JavaScript's
 * RegExp a 40-character value that almost matches takes seconds with eight `\d*` (3 s here); with
 * twelve, hours. On RE2 it is answered at once. No timing is asserted: a backtracking engine would
 * not finish within the test's timeout, and that is the failure.
 */
const HOSTILE = '^1' + '\\d*'.repeat(12) + '$'
const HANG_GUARD_MS = 30_000
const HOSTILE_VALUE = '1' + '2'.repeat(38) + 'x'

/** The real Galutu files with the intake form's phone pattern replaced. */
async function galutuWithPhonePattern(pattern: string): Promise<SchemeFile[]> {
  const files = await readSchemeFiles(GALUTU_DIR)
  return files.map((f) => {
    if (f.file !== 'forms-intake.json') return f
    const v = JSON.parse(f.text!) as { forms: Array<{ id: string; schema: { properties: Record<string, { pattern?: string }> } }> }
    v.forms.find((x) => x.id === 'intake')!.schema.properties.phone!.pattern = pattern
    return { file: f.file, text: JSON.stringify(v) }
  })
}

describe('review finding 3: form patterns run in linear time', () => {
  it(
    'a hostile pattern passes validate, and a hostile 40-character value is answered (refused), not left hanging',
    async () => {
      expect(HOSTILE_VALUE).toHaveLength(40)
      const r = await loadScheme(await galutuWithPhonePattern(HOSTILE))
      expect(r.problems).toEqual([])
      const scheme = r.scheme!
      const errors = scheme.validateForm('intake', { phone: HOSTILE_VALUE })
      expect(errors).toContainEqual(expect.objectContaining({ field: '/phone', code: 'INVALID_PATTERN' }))
      // …and a value the pattern does match still passes it.
      expect(scheme.validateForm('intake', { phone: '1' + '2'.repeat(39) }).some((e) => e.field === '/phone')).toBe(false)
    },
    HANG_GUARD_MS,
  )

  it(
    'every validator the engine makes runs patterns on RE2, several patterns per schema each its own',
    () => {
      const v = new Validator()
      const schema = {
        type: 'object',
        properties: { a: { type: 'string', pattern: HOSTILE }, b: { type: 'string', pattern: '^x+$' } },
        patternProperties: { ['^n' + '\\d*'.repeat(12) + '$']: { type: 'number' } },
      }
      const errors = v.validate(schema, { a: HOSTILE_VALUE, b: 'xx', ['n' + '1'.repeat(38) + 'x']: 1 })
      expect(errors.map((e) => [e.field, e.code])).toEqual([['/a', 'INVALID_PATTERN']])
      expect(v.validate(schema, { a: '1', b: 'y' }).map((e) => [e.field, e.code])).toEqual([['/b', 'INVALID_PATTERN']])
    },
    HANG_GUARD_MS,
  )

  // [pattern, value]: RE2 must agree with JavaScript's RegExp (the `u` flag, as ajv and browsers read patterns).
  const SAME_MEANING: Array<[string, string]> = [
    ['^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$', '13800138000'],
    ['^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$', '0477-1234567'],
    ['^[0-9]{17}[0-9Xx]$', '15262719990101001X'],
    ['^[\\u4e00-\\u9fa5]{2,10}$', '张三'],
    ['^[\\u4e00-\\u9fa5]{2,10}$', 'Zhang'],
    ['^\\p{Script=Han}+$', '嘎鲁图'],
    ['^\\p{sc=Han}+$', 'abc'],
    ['^\\S+$', '张\u3000三'], // the ideographic space is \s in JavaScript (RE2's \s is ASCII only)
    ['^\\s$', '\u00a0'],
    ['^[^\\s]+$', 'a\u2028b'],
    ['^[\\S]+$', '张三'],
    ['^.$', '\n'],
    ['^.$', '\u2028'],
    ['^.$', '😀'], // one code point
    ['^\\uD83D\\uDE00$', '😀'],
    ['^\\u{1F600}$', '😀'],
    ['[]', ''],
    ['^[^]$', '\n'],
    ['^[[:a]+$', '[:a'], // a literal "[" in a class, not a POSIX class
    ['^[\\b]$', '\b'],
    ['^\\cJ$', '\n'],
    ['^\\d+$', '١٢'], // Arabic-Indic digits are not \d in either
    ['^\\w+$', 'é'],
    ['\\bword\\b', 'a word.'],
    ['^(?<year>\\d{4})-\\d{2}$', '2026-03'],
    ['^a\\/b$', 'a/b'],
    ['x', 'unanchored x'],
  ]
  it.each(SAME_MEANING)('%s on %j means what it means in JavaScript', (pattern, value) => {
    expect(patternRefusal(pattern)).toBeNull()
    expect(linearTest(pattern, value)).toBe(new RegExp(pattern, 'u').test(value))
  })

  it.each([
    ['^(?=.*\\d).{8,}$', 'lookahead'],
    ['^(?!0)\\d+$', 'lookahead'],
    ['(?<=￥)\\d+', 'lookbehind'],
    ['(?<!-)\\d+', 'lookbehind'],
    ['^(a)\\1$', 'backreference'],
    ['^(?<x>a)\\k<x>$', 'backreference'],
    ['^a{1001}$', 'repeat count'],
    ['^(a$', 'not a valid regular expression'],
  ])('%s is refused (%s), in both languages', (pattern, why) => {
    const r = patternRefusal(pattern)
    expect(r?.reasonEn).toContain(why)
    expect(r?.reason).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('every pattern of the kind schemas and the real definitions has an RE2 form', async () => {
    const patterns: string[] = []
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object') return
      const o = v as Record<string, unknown>
      if (typeof o.pattern === 'string') patterns.push(o.pattern)
      if (o.patternProperties && typeof o.patternProperties === 'object') patterns.push(...Object.keys(o.patternProperties))
      Object.values(o).forEach(walk)
    }
    walk(KIND_SCHEMAS)
    for (const f of await readSchemeFiles(GALUTU_DIR)) walk(JSON.parse(f.text!))
    expect(patterns.length).toBeGreaterThan(5)
    for (const p of patterns) expect(patternRefusal(p), p).toBeNull()
  })
})
