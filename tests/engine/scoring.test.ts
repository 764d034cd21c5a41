/**
 * The yearly village assessment (考核办法, 附件7) computed from the real scoring definition, against
 * worked examples done by hand (tests/cases/scoring.json).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { score, type CompiledScheme } from '../../engine'
import { loadGalutu, readCases, type ExpectedInputProblem } from '../helpers/scheme'

interface Expect {
  total: number
  unrounded?: number
  grade: string
  sections?: Record<string, number>
  items?: Record<string, number>
  variables?: Record<string, number>
  letters?: Array<{ letter: string; count: number }>
  vetoed?: string[]
}
interface Table {
  cases: Array<{ name: string; why?: string; input: unknown; expect: Expect }>
  errors: Array<{ name: string; input: unknown; problems: ExpectedInputProblem[]; engineBug?: string }>
}
const table = await readCases<Table>('scoring.json')
let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

describe('village assessment scores', () => {
  it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const before = JSON.stringify(c.input)
    const s = score(scheme, c.input)
    if (!s.ok) throw new Error(JSON.stringify(s.problems, null, 1))
    const r = s.result
    const e = c.expect
    expect(r.scoring).toBe('village_annual')
    expect(r.max).toBe(100)
    expect(r.total).toBe(e.total)
    // Two decimals at most.
    expect(Math.round(r.total * 100) / 100).toBe(r.total)
    if (e.unrounded !== undefined) expect(r.unrounded).toBeCloseTo(e.unrounded, 6)
    expect(r.grade).toBe(e.grade)
    expect(r.gradeReason.length).toBeGreaterThan(0)
    expect(r.vetoed).toEqual(e.vetoed ?? [])
    for (const [id, v] of Object.entries(e.sections ?? {})) expect(r.sections.find((x) => x.id === id)?.value, `section ${id}`).toBeCloseTo(v, 6)
    for (const [id, v] of Object.entries(e.items ?? {})) expect(r.items.find((x) => x.id === id)?.value, `item ${id}`).toBeCloseTo(v, 6)
    for (const [id, v] of Object.entries(e.variables ?? {})) expect(r.variables.find((x) => x.id === id)?.value, `variable ${id}`).toBeCloseTo(v, 9)
    if (e.letters) expect(r.letters.map((l) => ({ letter: l.letter, count: l.count }))).toEqual(e.letters)
    // The sections add up to the unrounded total; each within [0, max].
    expect(r.sections.reduce((a, x) => a + x.value, 0)).toBeCloseTo(r.unrounded, 6)
    for (const x of r.sections) {
      expect(x.value).toBeGreaterThanOrEqual(0)
      expect(x.value).toBeLessThanOrEqual(x.max)
    }
    // Every item shows its formula in readable form.
    for (const it of r.items) expect(it.formula.length).toBeGreaterThan(0)
    expect(JSON.stringify(c.input)).toBe(before)
  })

  it('the deduction section reports the floor', () => {
    const c = table.cases.find((x) => x.name.includes('stops at zero'))!
    const s = score(scheme, c.input)
    if (!s.ok) throw new Error('score failed')
    const d = s.result.sections.find((x) => x.id === 'deductions')!
    expect(d.raw).toBe(-30)
    expect(d.value).toBe(0)
    expect(d.capped).toBe(true)
  })

  it('an unknown scoring id is refused', () => {
    const s = score(scheme, table.cases[0]!.input, 'town_annual')
    expect(s.ok).toBe(false)
    if (!s.ok) expect(s.problems[0]!.code).toBe('UNKNOWN_SCORING')
  })

  for (const c of table.errors) {
    // A known engine bug marks the case it.fails (see engineBug in the table).
    const test = c.engineBug ? it.fails : it
    test(`refuses: ${c.name}${c.engineBug ? ' [engine bug]' : ''}`, () => refuses(c))
  }
})

function refuses(c: Table['errors'][number]): void {
  const s = score(scheme, c.input)
  expect(s.ok).toBe(false)
  if (s.ok) return
  for (const e of c.problems) {
    const hit = s.problems.some((p) => p.code === e.code && p.pointer === e.pointer && (e.message === undefined || p.message.includes(e.message)))
    expect(hit, `${e.code} ${e.pointer} ${e.message ?? ''}; got ${JSON.stringify(s.problems)}`).toBe(true)
  }
  expect(s.problems.length).toBe(c.problems.length)
  for (const p of s.problems) {
    expect(p.file).toBe('input')
    expect(p.message.length).toBeGreaterThan(0)
  }
}
