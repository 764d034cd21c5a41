/** The server's unified patches rendered as rows with line numbers. */
import { describe, expect, it } from 'vitest'
import { structuredPatch } from 'diff'
import { readFileSync } from 'node:fs'
import { parsePatch, patchStats } from '../../designer/src/lib/patch'

/** The same patch text runtime/drafts/service.ts sends. */
function serverPatch(a: string, b: string) {
  const p = structuredPatch('f', 'f', a, b, 'from', 'to', { context: 2 })
  return p.hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}`).join('\n')
}

describe('parsePatch', () => {
  it('numbers both sides of a changed deadlines.json', () => {
    const a = readFileSync('definitions/galutu/deadlines.json', 'utf8')
    const b = a.replace('"days": 5,', '"days": 3,')
    const rows = parsePatch(serverPatch(a, b))
    const del = rows.find((r) => r.type === 'del')!
    const add = rows.find((r) => r.type === 'add')!
    expect(del.text).toContain('"days": 5,')
    expect(add.text).toContain('"days": 3,')
    // the line of the first "days": 5, in the file as it stands
    const line = a.split('\n').findIndex((l) => l.includes('"days": 5,')) + 1
    expect(line).toBeGreaterThan(0)
    expect(del.oldNo).toBe(line)
    expect(add.newNo).toBe(line)
    expect(a.split('\n')[del.oldNo! - 1]).toBe(del.text)
    expect(patchStats(rows)).toEqual({ added: 1, removed: 1 })
    const ctx = rows.filter((r) => r.type === 'ctx')
    for (const c of ctx) expect(a.split('\n')[c.oldNo! - 1]).toBe(c.text)
  })

  it('handles an added file and the no-newline note', () => {
    const rows = parsePatch(serverPatch('', '{\n  "kind": "org"\n}'))
    expect(rows.filter((r) => r.type === 'add').map((r) => r.newNo)).toEqual([1, 2, 3])
    expect(rows.some((r) => r.type === 'note')).toBe(true)
  })
})
