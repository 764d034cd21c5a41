/** The engine's problems (schema and cross-reference) as Monaco markers at their JSON pointers. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { loadScheme } from '../../engine/index'
import { problemsToMarkers, groupByFile } from '../../designer/src/lib/problems'
import { withEnglish } from '../../designer/src/engine/host'

const DIR = 'definitions/galutu'
const base = () =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: readFileSync(`${DIR}/${f}`, 'utf8') }))

async function markersFor(file: string, edit: (text: string) => string) {
  const files = base().map((f) => (f.file === file ? { ...f, text: edit(f.text) } : f))
  const text = files.find((f) => f.file === file)!.text
  const r = await loadScheme(files, { quick: true })
  const problems = withEnglish(r.problems)
  return { problems, text, zh: problemsToMarkers(problems, file, text, 'zh-CN'), en: problemsToMarkers(problems, file, text, 'en') }
}
const lineOf = (text: string, n: number) => text.split('\n')[n - 1]!

describe('problems → markers', () => {
  it('an unknown group in a routing rule is marked on the line that names it', async () => {
    const { zh, en, text } = await markersFor('rules.json', (t) => t.replace('"group": "labour_social"', '"group": "no_such_group"'))
    const m = zh.find((x) => x.code === 'UNKNOWN_GROUP')!
    expect(m).toBeTruthy()
    expect(m.severity).toBe(8)
    expect(m.message).toContain('no_such_group')
    const line = lineOf(text, m.startLineNumber)
    expect(line.slice(m.startColumn - 1, m.endColumn - 1)).toBe('"group": "no_such_group"')
    expect(en.find((x) => x.code === 'UNKNOWN_GROUP')!.message).toMatch(/no_such_group/)
  })

  it('a schema error (a clock with text for days) is marked at the value, in Chinese', async () => {
    const { zh, text } = await markersFor('deadlines.json', (t) => t.replace('"days": 5,', '"days": "五",'))
    const m = zh.find((x) => x.code === 'SCHEMA')!
    expect(lineOf(text, m.startLineNumber).slice(m.startColumn - 1, m.endColumn - 1)).toBe('"days": "五"')
    expect(m.message).toContain('整数')
  })

  it('a missing required member is marked at the object that lacks it, naming the pointer', async () => {
    const { zh, text } = await markersFor('deadlines.json', (t) => t.replace('"warnBefore": 1, ', ''))
    const m = zh.find((x) => x.code === 'SCHEMA')!
    expect(m.message).toContain('warnBefore')
    expect(m.message).toContain('/clocks/0/warnBefore')
    expect(lineOf(text, m.startLineNumber)).toContain('"id": "handling_village"')
  })

  it('a JSON syntax error is marked where the text breaks', async () => {
    const { zh, text } = await markersFor('deadlines.json', (t) => t.replace('"days": 5,', '"days": 5'))
    const m = zh.find((x) => x.code === 'JSON_SYNTAX')!
    expect(m).toBeTruthy()
    expect(lineOf(text, m.startLineNumber)).toContain('"handling_village"')
  })

  it('a problem in another file gives no marker here; problems group per file, unknown files last', async () => {
    const { problems } = await markersFor('rules.json', (t) => t.replace('"group": "labour_social"', '"group": "no_such_group"'))
    const text = readFileSync(`${DIR}/deadlines.json`, 'utf8')
    expect(problemsToMarkers(problems, 'deadlines.json', text)).toEqual([])
    const g = groupByFile(
      [...problems, { code: 'MISSING_KIND', file: 'scoring.json', pointer: '', message: 'x' }, { code: 'X', pointer: '', message: 'y' }],
      ['deadlines.json', 'rules.json'],
    )
    const order = g.map((x) => x.file)
    // Files of the draft in their order first, then the rest (no file, other files) sorted.
    expect(order[0]).toBe('rules.json')
    expect(order.slice(1)).toEqual([...order.slice(1)].sort())
    expect(order).toEqual(expect.arrayContaining(['', 'scoring.json']))
    expect(g.find((x) => x.file === 'rules.json')!.problems.map((p) => p.code)).toEqual(['UNKNOWN_GROUP'])
  })
})
