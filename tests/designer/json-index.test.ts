/** The pointer → range locator and its inverse, on the real Galutu files. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { indexJson, locate, pointerAt, positionAt, offsetAt, splitPointer, escapeToken } from '../../designer/src/lib/json-index'

const DIR = 'definitions/galutu'
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, text: readFileSync(`${DIR}/${f}`, 'utf8') }))

/** Every pointer of a parsed value. */
function pointers(v: unknown, base = ''): string[] {
  const out = [base]
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pointers(x, `${base}/${i}`)))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pointers(x, `${base}/${escapeToken(k)}`))
  return out
}

function valueAt(v: unknown, pointer: string): unknown {
  let cur = v
  for (const t of splitPointer(pointer)) cur = (cur as Record<string, unknown>)[t]
  return cur
}

describe('indexJson on every Galutu file', () => {
  for (const { file, text } of files) {
    it(`${file}: every pointer is found, and its offsets hold exactly that value`, () => {
      const idx = indexJson(text)
      expect(idx.error).toBeNull()
      const parsed = JSON.parse(text)
      const all = pointers(parsed)
      expect(idx.nodes.size).toBe(all.length)
      for (const p of all) {
        const loc = idx.nodes.get(p)
        expect(loc, p).toBeTruthy()
        expect(JSON.parse(text.slice(loc!.start, loc!.end)), p).toEqual(valueAt(parsed, p))
        if (loc!.keyStart !== undefined) expect(JSON.parse(text.slice(loc!.keyStart, loc!.keyEnd)), p).toBe(splitPointer(p).at(-1))
        // The inverse: the value's start is inside that pointer (or a descendant of it).
        const back = pointerAt(idx, loc!.start)
        expect(back === p || back.startsWith(p + '/'), `${p} → ${back}`).toBe(true)
      }
    })
  }

  it('locates the routing rule group a problem points at, on its line', () => {
    const text = readFileSync(`${DIR}/rules.json`, 'utf8')
    const idx = indexJson(text)
    const r = locate(idx, '/ruleSets/1/rules/3/event/params/group')
    expect(r.exact).toBe(true)
    expect(text.slice(r.start, r.end)).toBe('"group": "labour_social"')
    const a = positionAt(idx, r.start)
    expect(text.split('\n')[a.line - 1]).toContain('"group": "labour_social"')
    expect(offsetAt(idx, a.line, a.column)).toBe(r.start)
  })

  it('marks a container by its key, an array element by its first line, and a missing member at its nearest ancestor', () => {
    const text = readFileSync(`${DIR}/deadlines.json`, 'utf8')
    const idx = indexJson(text)
    expect(text.slice(...Object.values(pick(locate(idx, '/clocks'))))).toBe('"clocks"')
    const el = locate(idx, '/clocks/0')
    expect(text.slice(el.start, el.end).startsWith('{ "id": "handling_village"')).toBe(true)
    expect(text.slice(el.start, el.end)).not.toContain('\n')
    const missing = locate(idx, '/clocks/0/nope')
    expect(missing.exact).toBe(false)
    expect(missing.found).toBe('/clocks/0')
    const days = locate(idx, '/clocks/0/days')
    expect(text.slice(days.start, days.end)).toBe('"days": 5')
  })

  it('keeps what it read from broken JSON and says where it stopped', () => {
    const text = '{\n  "kind": "deadlines",\n  "clocks": [\n    { "id": "a", "days": 5 },\n    { "id": "b" "days": 3 }\n  ]\n}\n'
    const idx = indexJson(text)
    expect(idx.error).not.toBeNull()
    expect(positionAt(idx, idx.error!.offset).line).toBe(5)
    expect(idx.nodes.has('/clocks/0/days')).toBe(true)
    expect(idx.nodes.has('/clocks/1/id')).toBe(true)
    expect(locate(idx, '/clocks/1/days').found).toBe('/clocks/1')
  })

  it('handles escaped keys (~0 ~1), unicode and empty containers', () => {
    const text = '{"a/b": {"m~n": [1, {}, []]}, "名称": "嘎鲁图"}'
    const idx = indexJson(text)
    expect(idx.error).toBeNull()
    const loc = idx.nodes.get('/a~1b/m~0n/2')!
    expect(text.slice(loc.start, loc.end)).toBe('[]')
    const zh = locate(idx, '/名称')
    expect(text.slice(zh.start, zh.end)).toBe('"名称": "嘎鲁图"')
    expect(pointerAt(idx, text.indexOf('嘎鲁图'))).toBe('/名称')
  })
})

function pick(r: { start: number; end: number }) {
  return { start: r.start, end: r.end }
}
