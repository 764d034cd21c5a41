/**
 * The scorecard's model (designer/src/visual/scoring/model.ts): every item of Galutu's scoring is
 * recognised as a table pattern that writes back the very json-logic of the file; other shapes stay
 * free formulas with the engine's readable rendering; the exceed check on crafted cases; the edits
 * the table makes (points in step with the formula, thresholds) in the file's shapes.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import {
  catalogue,
  checkExceed,
  defaultPattern,
  formulaText,
  parseFormula,
  readable,
  recognise,
  setItemMax,
  writePattern,
  writeRate,
  ratePattern,
  freshId,
  type Pattern,
} from '../../designer/src/visual/scoring/model'
import { evaluate } from '../../engine/formula/formula'

const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'))
const galutu = read('definitions/galutu/scoring.json')
const expected = read('tests/cases/visual-scoring/galutu-items.json').items as Record<string, { kind: string; text: string }>
const exceedCases = read('tests/cases/visual-scoring/exceed.json')
const freeCases = read('tests/cases/visual-scoring/free.json').cases as Array<{ formula: unknown; text: string }>

const allItems = (doc: any) =>
  doc.scorings.flatMap((sc: any) => sc.sections.flatMap((sec: any) => sec.items.map((item: any) => ({ sc, sec, item, key: `${sc.id}/${item.id}` }))))

describe('Galutu scoring items round trip through the table patterns', () => {
  const items = allItems(galutu)

  it('the case table lists exactly the items of the file', () => {
    expect(items.map((i: any) => i.key).sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(items as Array<{ sc: any; item: any; key: string }>)('$key', ({ sc, item, key }) => {
    const cat = catalogue(sc)
    const want = expected[key]!
    const p = recognise(item.formula)
    if (want.kind === 'free') expect(p).toBeNull()
    else {
      expect(p?.kind).toBe(want.kind)
      // the same json-logic back, member for member
      expect(writePattern(p!)).toStrictEqual(item.formula)
    }
    expect(readable(item.formula, cat.label)).toBe(want.text)
    // nothing in the file can exceed its points
    const ex = checkExceed(
      item,
      sc.sections.find((s: any) => s.items.includes(item)),
      cat,
    )
    if (ex) expect(ex.exceeds, `${key}: reach ${ex.reach} > ${ex.max}`).toBe(false)
  })

  it('the wulan scoring (another town, more rates) round trips as well', () => {
    for (const { item } of allItems(read('definitions/wulan/scoring.json'))) {
      const p = recognise(item.formula)
      if (p) expect(writePattern(p)).toStrictEqual(item.formula)
    }
  })

  it('every variable of the file is a rate the table shows, written back unchanged', () => {
    for (const sc of galutu.scorings) {
      for (const v of sc.variables) {
        const r = ratePattern(v.formula)
        expect(r, v.id).not.toBeNull()
        expect(writeRate(r!)).toStrictEqual(v.formula)
      }
    }
  })
})

describe('free formulas', () => {
  const cat = catalogue(exceedCases.scoring)
  it.each(freeCases.map((c) => [JSON.stringify(c.formula), c]))('%s stays a free formula', (_, c: any) => {
    expect(recognise(c.formula)).toBeNull()
    expect(readable(c.formula, cat.label)).toBe(c.text)
  })

  it('a formula as text parses back to itself; invalid text is an error, not a value', () => {
    for (const { item } of allItems(galutu)) {
      const p = parseFormula(formulaText(item.formula))
      expect(p.ok && p.value).toStrictEqual(item.formula)
    }
    const bad = parseFormula('{"min": [{"var": "bonus.majorWarnings"}, 5]')
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error).toMatch(/JSON|expected|end/i)
  })
})

describe('exceed check on crafted cases', () => {
  const cat = catalogue(exceedCases.scoring)
  it.each(exceedCases.cases as any[])('$name', (c) => {
    const ex = checkExceed(c.item, c.section, cat)
    if (c.exceeds === null) return expect(ex).toBeNull()
    expect(ex).not.toBeNull()
    expect(ex!.exceeds).toBe(c.exceeds)
    expect(ex!.bound.method).toBe(c.method)
    if (c.reach === null) expect(Number.isFinite(ex!.reach)).toBe(false)
    else expect(ex!.reach).toBeCloseTo(c.reach, 9)
  })

  it('the grid reach is a value the engine really computes at some input', () => {
    // "the maximum only inside a band": 20 at a rate of 0.5–0.6 — found, and true there.
    const c = exceedCases.cases.find((x: any) => x.name.includes('inside a band'))
    expect(evaluate(c.item.formula, { r: 0.55 })).toBe(20)
    expect(evaluate(c.item.formula, { r: 0 })).toBe(5)
    expect(evaluate(c.item.formula, { r: 1 })).toBe(5)
    const ex = checkExceed(c.item, c.section, cat)!
    expect(ex.bound.points).toBeGreaterThan(2)
  })
})

describe("table edits write the file's shapes", () => {
  const sc = galutu.scorings[0]
  const cat = catalogue(sc)
  const item = (id: string) => allItems(galutu).find((i: any) => i.item.id === id)!.item

  it("points follow the formula's full marks when they were the same", () => {
    const next = setItemMax(item('stableTeam'), 3)
    expect(next).toStrictEqual({ ...item('stableTeam'), max: 3, formula: { if: [{ var: 'organization.stableTeam' }, 3, 0] } })
    const rate = setItemMax(item('onlineRateScore'), 15)
    expect(rate.formula).toStrictEqual({ '*': [{ min: [{ '/': [{ var: 'onlineRate' }, 0.7] }, 1] }, 15] })
    const capped = setItemMax(item('experienceReports'), 4)
    expect(capped.formula).toStrictEqual({ min: [{ '+': [{ '*': [{ var: 'bonus.reportsSubmitted' }, 0.1] }, { var: 'bonus.reportsAdopted' }] }, 4] })
  })

  it('points alone when the formula said something else; clearing removes the member', () => {
    const odd = { ...item('stableTeam'), max: 5 }
    expect(setItemMax(odd, 6).formula).toStrictEqual(item('stableTeam').formula)
    // below-threshold deductions have no full-marks number in the formula
    expect(setItemMax(item('ratesUnderHalf'), 5).formula).toStrictEqual(item('ratesUnderHalf').formula)
    const cleared = setItemMax(item('stableTeam'), null)
    expect('max' in cleared).toBe(false)
    expect(cleared.id).toBe('stableTeam')
  })

  it('a threshold of 100% writes the short form the file uses, any other the divided one', () => {
    const p = recognise(item('onlineRateScore').formula) as Extract<Pattern, { kind: 'rate' }>
    expect(writePattern({ ...p, threshold: 1 })).toStrictEqual({ '*': [{ min: [{ var: 'onlineRate' }, 1] }, 10] })
    const q = recognise(item('proxyRateScore').formula) as Extract<Pattern, { kind: 'rate' }>
    expect(writePattern({ ...q, threshold: 0.7 })).toStrictEqual({ '*': [{ min: [{ '/': [{ var: 'proxyRate' }, 0.7] }, 1] }, 10] })
    expect(writePattern({ ...q, below: 'zero', threshold: 0.6 })).toStrictEqual({ if: [{ '>=': [{ var: 'proxyRate' }, 0.6] }, 10, 0] })
  })

  it('a count term per 1 written as x × 1 stays so; a new one is the bare variable', () => {
    const f = { min: [{ '*': [{ var: 'bonus.majorWarnings' }, 1] }, 5] }
    expect(writePattern(recognise(f)!)).toStrictEqual(f)
    expect(writePattern({ kind: 'count', terms: [{ var: 'bonus.majorWarnings', per: 1 }], cap: 5 })).toStrictEqual(item('warnings').formula)
  })

  it('a new pattern starts from what the item reads, and the engine runs what it writes', () => {
    const bool = defaultPattern('bool', item('stableTeam'), cat)
    expect(bool).toStrictEqual({ kind: 'bool', var: 'organization.stableTeam', points: 2 })
    const rate = defaultPattern('rate', item('resolveRateScore'), cat)
    expect(rate).toMatchObject({ kind: 'rate', var: 'resolveRate', threshold: 1, points: 10 })
    const below = defaultPattern('below', {}, cat) as Extract<Pattern, { kind: 'below' }>
    expect(below.vars).toStrictEqual(sc.variables.map((v: any) => v.id))
    const count = defaultPattern('count', item('hardCases'), cat)
    expect(writePattern(count)).toStrictEqual(item('hardCases').formula)
    // every default formula runs in the engine on zeroed inputs
    const env = { organization: { stableTeam: true }, bonus: { hardCasesResolved: 3 }, resolveRate: 0.5, proxyRate: 0.4, onlineRate: 1, concludeRate: 1 }
    expect(evaluate(writePattern(bool), env)).toBe(2)
    expect(evaluate(writePattern(rate), env)).toBe(5)
    expect(evaluate(writePattern(below), env)).toBe(-1)
    expect(evaluate(writePattern(count), env)).toBe(3)
  })

  it('fresh ids do not collide', () => {
    expect(freshId('item', ['item_1', 'item_2', 'x'])).toBe('item_3')
    expect(freshId('section', [])).toBe('section_1')
  })
})
