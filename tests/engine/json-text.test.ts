/**
 * Editing hand-written JSON in place (engine/scheme/migrate/json-text.ts), as migrate-scheme does:
 * the value at a pointer is found in the text, and only it changes — the layout, the one-line
 * objects and the key order of everything else stay as written.
 */
import { describe, expect, it } from 'vitest'
import { applyEdits, insertFirst, replaceValue, spanAt } from '../../engine/scheme/migrate/json-text'

const TEXT = `{
  "kind": "forms",
  "a/b": { "x~y": [1, { "s": "say \\"hi\\" }" }, [] ] },
  "forms": [
    {
      "id": "intake",
      "schema": {
        "properties": {
          "village": {
            "type": "string"
          },
          "flat": { "type": "boolean" },
          "empty": {},
          "dup": 1,
          "dup": 2
        }
      }
    }
  ]
}
`

describe('spanAt finds the text of the value at a pointer', () => {
  it.each([
    ['', TEXT.trimEnd()],
    ['/kind', '"forms"'],
    ['/a~1b/x~0y/1/s', '"say \\"hi\\" }"'],
    ['/a~1b/x~0y/2', '[]'],
    ['/forms/0/id', '"intake"'],
    ['/forms/0/schema/properties/flat', '{ "type": "boolean" }'],
    ['/forms/0/schema/properties/dup', '2'],
  ])('%s', (pointer, expected) => {
    const s = spanAt(TEXT, pointer)!
    expect(TEXT.slice(s.start, s.end)).toBe(expected)
  })

  it.each(['/nothing', '/forms/1', '/forms/x', '/kind/0', '/forms/0/schema/properties/village/type/x'])('%s: none', (pointer) => {
    expect(spanAt(TEXT, pointer)).toBeUndefined()
  })
})

describe('edits change only their value', () => {
  it('a member inserted first, in each object layout: spread over lines, on one line, empty', () => {
    const out = applyEdits(TEXT, [
      insertFirst(TEXT, '/forms/0/schema/properties/village', 'x-daiban-role', 'village')!,
      insertFirst(TEXT, '/forms/0/schema/properties/flat', 'x-daiban-role', 'consent')!,
      insertFirst(TEXT, '/forms/0/schema/properties/empty', 'k', 1)!,
    ])
    expect(out).toContain('          "village": {\n            "x-daiban-role": "village",\n            "type": "string"\n          },')
    expect(out).toContain('"flat": { "x-daiban-role": "consent", "type": "boolean" },')
    expect(out).toContain('"empty": { "k": 1 },')
    const parsed = JSON.parse(out) as { forms: Array<{ schema: { properties: Record<string, unknown> } }> }
    expect(Object.keys(parsed.forms[0]!.schema.properties.village as object)).toEqual(['x-daiban-role', 'type'])
    // everything else is the same text
    expect(out.replace(/"x-daiban-role": "\w+",\s*/g, '').replace('{ "k": 1 }', '{}')).toBe(TEXT)
  })

  it('a value replaced; not an object → no insert; overlapping edits are a programmer error', () => {
    expect(applyEdits(TEXT, [replaceValue(TEXT, '/forms/0/id', 'intake2')!])).toBe(TEXT.replace('"intake"', '"intake2"'))
    expect(insertFirst(TEXT, '/kind', 'x', 1)).toBeUndefined()
    const whole = replaceValue(TEXT, '/forms/0', null)!
    const inner = replaceValue(TEXT, '/forms/0/id', 'x')!
    expect(() => applyEdits(TEXT, [whole, inner])).toThrow(/overlapping/)
  })
})
