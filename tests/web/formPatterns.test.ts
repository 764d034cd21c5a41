// @vitest-environment jsdom
/**
 * Review finding 3 in the browser: the forms' own checks (the public page's checkFields, rjsf's
 * ajv in the staff app and the designer) run patterns on the engine's linear-time RE2, so a
 * scheme's hostile pattern does not freeze the page either.
 */
import './dom'
import { describe, expect, it } from 'vitest'
import { customizeValidator } from '@rjsf/validator-ajv8'
import type { RJSFSchema } from '@rjsf/utils'
import { checkFields } from '../../runtime/web/public/src/useChallengeSubmit'
import { LINEAR_PATTERNS, loadPatterns, patternMatches } from '../../runtime/web/kit/forms/patterns'
import type { JsonSchema } from '../../runtime/web/public/src/api'

// Twelve adjacent `\d*`: hours on JavaScript's RegExp for this 40-character value (eight took
// seconds). No timing is asserted: a backtracking engine would not answer within the test's timeout.
const HOSTILE = '^1' + '\\d*'.repeat(12) + '$'
const HANG_GUARD_MS = 30_000
const VALUE = '1' + '2'.repeat(38) + 'x'

describe('review finding 3: form patterns in the browser run in linear time', () => {
  it(
    'the public page’s checks: a hostile pattern and value, answered (refused), not left hanging',
    async () => {
      await loadPatterns()
      const schema = { type: 'object', properties: { code: { type: 'string', pattern: HOSTILE } } } as JsonSchema
      const errors = checkFields(schema, { code: VALUE })
      expect(errors).toEqual({ code: '格式不正确' })
      expect(checkFields(schema, { code: '1' + '2'.repeat(39) })).toEqual({})
    },
    HANG_GUARD_MS,
  )

  it(
    'rjsf’s validator with the linear patterns: the same, and each pattern of a form its own',
    async () => {
      await loadPatterns()
      const validator = customizeValidator(LINEAR_PATTERNS)
      const schema: RJSFSchema = { type: 'object', properties: { a: { type: 'string', pattern: HOSTILE }, b: { type: 'string', pattern: '^x+$' } } }
      validator.validateFormData({}, schema) // compiles the schema (ajv's own time, not the pattern's)
      const r = validator.validateFormData({ a: VALUE, b: 'xx' }, schema)
      expect(r.errors.map((e) => [e.property, e.name])).toEqual([['.a', 'pattern']])
      expect(validator.validateFormData({ a: '1', b: 'y' }, schema).errors.map((e) => [e.property, e.name])).toEqual([['.b', 'pattern']])
    },
    HANG_GUARD_MS,
  )

  it('keeps the JavaScript meaning of a pattern (the ideographic space is a space)', async () => {
    await loadPatterns()
    expect(patternMatches('^\\S+$', '张\u3000三')).toBe(false)
    expect(patternMatches('^[\\u4e00-\\u9fa5]+$', '张三')).toBe(true)
  })
})
