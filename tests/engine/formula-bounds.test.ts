/**
 * The range a formula can take (engine/formula/bounds.ts), on a table of formulas
 * (tests/cases/formula-bounds.json; null is an unbounded end), and the ranges of galutu's real
 * scoring items, each within its max — the check `validate` runs (SCORE_ABOVE_MAX).
 */
import { describe, expect, it } from 'vitest'
import { formulaBounds, inputBounds, type Interval } from '../../engine/formula/bounds'
import { loadGalutu, readCases } from '../helpers/scheme'

interface BoundsCase {
  name: string
  formula: unknown
  vars: Record<string, [number | null, number | null, 'integer'?]>
  expect: [number | null, number | null]
}

const cases = await readCases<BoundsCase[]>('formula-bounds.json')
const end = (x: number | null, inf: number) => (x === null ? inf : x)

describe('formula bounds', () => {
  for (const c of cases) {
    it(c.name, () => {
      const vars = new Map<string, Interval>(
        Object.entries(c.vars).map(([k, [lo, hi, int]]) => [k, { lo: end(lo, -Infinity), hi: end(hi, Infinity), integer: int === 'integer' }]),
      )
      const r = formulaBounds(c.formula, vars)
      expect(r.lo).toBeCloseTo(end(c.expect[0], -Infinity), 9)
      expect(r.hi).toBeCloseTo(end(c.expect[1], Infinity), 9)
    })
  }

  it("every item of galutu's scorings stays within its max", async () => {
    const s = await loadGalutu()
    for (const sc of s.defs.scoring.scorings) {
      const vars = inputBounds(sc.inputs)
      for (const v of sc.variables) vars.set(v.id, formulaBounds(v.formula, vars))
      for (const sec of sc.sections)
        for (const it of sec.items) if (it.max !== undefined) expect(formulaBounds(it.formula, vars).hi, `${sc.id}/${it.id}`).toBeLessThanOrEqual(it.max)
    }
  })
})
