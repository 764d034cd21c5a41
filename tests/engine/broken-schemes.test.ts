/**
 * Broken variants of the real Galutu scheme (tests/cases/broken-schemes.json): each kind of
 * cross-reference error is reported with its file and JSON pointer, all problems at once, and
 * loading never throws.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { formatProblem, type Problem } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { describeProblems, makeScheme, matches, readCases, removeTempSchemes, type BrokenCase } from '../helpers/scheme'

const cases = await readCases<BrokenCase[]>('broken-schemes.json')

afterAll(removeTempSchemes)

describe('broken schemes are reported with file and pointer', () => {
  it('the table covers every required problem code', () => {
    const codes = new Set(cases.flatMap((c) => c.expect.map((e) => e.code)))
    for (const code of [
      'JSON_SYNTAX',
      'UNKNOWN_KIND',
      'SCHEMA',
      'UNKNOWN_FORM_FIELD',
      'PATH_ON_SCALAR',
      'UNKNOWN_GROUP',
      'CATEGORY_DUPLICATE',
      'CATEGORY_UNROUTED',
      'UNKNOWN_OPERATOR',
      'UNKNOWN_GUARD',
      'UNKNOWN_ACTION',
      'BAD_PARAMS',
      'UNKNOWN_DELAY',
      'UNKNOWN_STATE',
      'UNKNOWN_EVENT',
      'UNKNOWN_MACHINE',
      'UNKNOWN_RULESET',
      'UNKNOWN_VARIABLE',
      'UNKNOWN_FUNCTION',
      'FORMULA_TOO_DEEP',
      'MAX_MISMATCH',
      'GRADE_BANDS',
      'UNKNOWN_OUTCOME',
      'UNHANDLED_OUTCOME',
      'UNREACHABLE_RULE',
      'LEVEL_WITHOUT_CLOCK',
      'CALENDAR_CONFLICT',
      'CALENDAR_GAP',
      'UNSAFE_PATTERN',
      'UNSUPPORTED_PATTERN',
      'UNKNOWN_OPTIONS_SOURCE',
      'DUPLICATE_ID',
      'MISSING_KIND',
      // issue #16 §3: what validate missed
      'UI_ORDER_MISSING',
      'UI_ORDER_WILDCARDS',
      'REQUIRED_WITHOUT_PROPERTY',
      'BAD_DATE',
      'SCORE_ABOVE_MAX',
      'STALE_VALUE',
      'REACHABILITY_UNCHECKED',
      'UNKNOWN_PLACEHOLDER',
      'LITERAL_LIMIT',
      // issue #16 §2: declared field roles
      'MISSING_FIELD_ROLE',
      'UNKNOWN_FIELD_ROLE',
      'FIELD_ROLE_NOT_TOP_LEVEL',
      'FIELD_ROLE_DUPLICATE',
      'FIELD_ROLE_TYPE',
      'FIELD_ROLE_CONFLICT',
      'ACTION_WITHOUT_FORM',
    ])
      expect(codes, code).toContain(code)
  })

  for (const c of cases) {
    // Known engine bugs (listed in the case's engineBug) are marked it.fails: when fixed, drop the field.
    const test = c.engineBug ? it.fails : it
    test(c.engineBug ? `${c.name} [engine bug]` : c.name, () => check(c))
  }
})

async function check(c: BrokenCase): Promise<void> {
  const dir = await makeScheme(c.patch)
  const r = await loadSchemeDir(dir)
  const listing = describeProblems(r.problems)
  if (c.expect.length === 0) {
    expect(r.problems, listing).toEqual([])
    expect(r.scheme).not.toBeNull()
    return
  }
  expect(r.scheme, 'a broken scheme must not compile').toBeNull()
  for (const e of c.expect) {
    expect(
      r.problems.some((p) => matches(p, e)),
      `expected ${e.code} at ${e.file} ${e.pointer ?? e.pointerPrefix + '…'}; got:\n${listing}`,
    ).toBe(true)
  }
  if (c.exact) expect(r.problems.length, `exactly the expected problems; got:\n${listing}`).toBe(c.expect.length)
  for (const p of r.problems) {
    expect(typeof p.file, listing).toBe('string')
    expect(p.file).not.toBe('?')
    expect(typeof p.pointer).toBe('string')
    expect(p.message.length).toBeGreaterThan(0)
    // Every problem renders in English too, with no unfilled placeholders.
    expect(formatProblem(p, 'en'), `${p.code}: ${formatProblem(p, 'en')}`).not.toMatch(/\{\w+\}/)
    // … and with no Chinese but the definitions' own words (issue #16): ids, names and values
    // quoted or given as params; never a Chinese detail in an English sentence.
    expect(chineseProse(p), `${p.code}: ${formatProblem(p, 'en')}`).toEqual([])
  }
}

/** What is Chinese in a problem's English message once the definitions' own words are taken out. */
function chineseProse(p: Problem): string[] {
  let text = formatProblem(p, 'en')
  const data: string[] = []
  for (const [k, v] of Object.entries(p.params ?? {})) {
    if (/^(detail|why)$/.test(k)) continue
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x) data.push(x)
  }
  for (const d of data.sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  text = text.replace(/"[^"]*"|“[^”]*”|「[^」]*」|《[^》]*》/g, '')
  return text.match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+/g) ?? []
}
