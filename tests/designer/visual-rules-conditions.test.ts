/**
 * Decision tables (issue #17): json-rules-engine conditions ↔ table cells. Every rule of the real
 * definitions is either a row that writes back the very same conditions, or "too complex" with a
 * reason; edits of a cell write exactly that fact's conditions.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { cellLeaves, setCell, toConditions, toRow, type Cell, type TableRow } from '../../designer/src/visual/rules/conditions'
import type { RuleCondition, RulesDefinition } from '../../engine/scheme/types'

const read = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T
const table = read<{
  cases: Array<{ name: string; conditions: RuleCondition; cells?: Record<string, Cell>; wrapper?: string; complex?: string; at?: string }>
}>('tests/cases/visual-rules/conditions.json')

describe('conditions → cells (tests/cases/visual-rules/conditions.json)', () => {
  for (const c of table.cases) {
    it(c.name, () => {
      const row = toRow(c.conditions)
      if (c.complex !== undefined) {
        expect(row.kind).toBe('complex')
        if (row.kind !== 'complex') return
        expect(row.reason.zh).toContain(c.complex)
        expect(row.reason.en.length).toBeGreaterThan(10)
        expect(row.at).toBe(c.at)
        return
      }
      expect(row.kind).toBe('table')
      if (row.kind !== 'table') return
      expect(row.cells).toStrictEqual(c.cells)
      expect(row.wrapper).toBe(c.wrapper ?? 'all')
      expect(toConditions(row)).toStrictEqual(c.conditions)
    })
  }
})

describe('every rule of the definitions', () => {
  for (const dir of ['definitions/galutu', 'tests/fixtures/schemes/second-town']) {
    const doc = read<RulesDefinition>(`${dir}/rules.json`)
    it(`${dir}: a row converting back to the identical conditions, or too complex with a reason`, () => {
      let rows = 0
      let complex = 0
      for (const rs of doc.ruleSets) {
        for (const r of rs.rules) {
          const row = toRow(r.conditions)
          if (row.kind === 'table') {
            rows++
            expect(toConditions(row), `${rs.id}/${r.id}`).toStrictEqual(r.conditions)
            expect(JSON.stringify(toConditions(row))).toBe(JSON.stringify(r.conditions))
          } else {
            complex++
            expect(row.reason.zh, `${rs.id}/${r.id}`).toMatch(/表格无法表示/)
          }
        }
      }
      expect(rows).toBeGreaterThan(0)
      expect(complex).toBeGreaterThan(0)
    })
  }

  it('galutu: the triage rule with "any" of three facts is too complex, the others are rows; routing by inCategoriesOf is not a plain row', () => {
    const doc = read<RulesDefinition>('definitions/galutu/rules.json')
    const triage = doc.ruleSets.find((r) => r.produces === 'outcome')!
    const verdicts = triage.rules.map((r) => toRow(r.conditions).kind)
    expect(verdicts.filter((v) => v === 'complex')).toHaveLength(1)
    const anyRule = triage.rules.find((r) => 'any' in r.conditions && r.conditions.any!.length > 1)!
    const row = toRow(anyRule.conditions, (f) => `«${f}»`)
    expect(row.kind === 'complex' && row.reason.zh).toContain('任一条件满足(any)')
    const routing = doc.ruleSets.find((r) => r.produces === 'group')!
    expect(routing.rules.every((r) => toRow(r.conditions).kind === 'complex')).toBe(true)
  })
})

describe('editing a cell', () => {
  const base = toRow({
    all: [
      { fact: 'inJudicialProcess', operator: 'equal', value: true },
      { fact: 'inEnforcementStage', operator: 'equal', value: false },
    ],
  }) as TableRow

  it('changes only that fact, in its place', () => {
    const next = setCell(base, 'inJudicialProcess', { op: 'eq', value: false })
    expect(toConditions(next)).toStrictEqual({
      all: [
        { fact: 'inJudicialProcess', operator: 'equal', value: false },
        { fact: 'inEnforcementStage', operator: 'equal', value: false },
      ],
    })
  })

  it('"any" removes the fact; a new fact goes last', () => {
    const removed = setCell(base, 'inJudicialProcess', { op: 'any' })
    expect(toConditions(removed)).toStrictEqual({ all: [{ fact: 'inEnforcementStage', operator: 'equal', value: false }] })
    const added = setCell(removed, 'petitionerCount', { op: 'cmp', lo: { value: 5, inclusive: true }, hi: { value: 10, inclusive: false } })
    expect(toConditions(added)).toStrictEqual({
      all: [
        { fact: 'inEnforcementStage', operator: 'equal', value: false },
        { fact: 'petitionerCount', operator: 'greaterThanInclusive', value: 5 },
        { fact: 'petitionerCount', operator: 'lessThan', value: 10 },
      ],
    })
  })

  it('a range that loses a bound keeps the other in place; an "any" of one becomes "all" when it gains a fact', () => {
    const row = toRow({
      all: [
        { fact: 'n', operator: 'lessThan', value: 9 },
        { fact: 'x', operator: 'equal', value: 1 },
        { fact: 'n', operator: 'greaterThan', value: 2 },
      ],
    }) as TableRow
    expect(toConditions(setCell(row, 'n', { op: 'cmp', lo: { value: 2, inclusive: false } }))).toStrictEqual({
      all: [
        { fact: 'n', operator: 'greaterThan', value: 2 },
        { fact: 'x', operator: 'equal', value: 1 },
      ],
    })
    const one = toRow({ any: [{ fact: 'x', operator: 'equal', value: 1 }] }) as TableRow
    expect(toConditions(setCell(one, 'y', { op: 'set' }))).toStrictEqual({
      all: [
        { fact: 'x', operator: 'equal', value: 1 },
        { fact: 'y', operator: 'notEqual', value: null },
      ],
    })
  })

  it('writes every cell kind as json-rules-engine operators', () => {
    expect(cellLeaves('f', { op: 'set' })).toStrictEqual([{ fact: 'f', operator: 'notEqual', value: null }])
    expect(cellLeaves('f', { op: 'unset' })).toStrictEqual([{ fact: 'f', operator: 'equal', value: null }])
    expect(cellLeaves('f', { op: 'notIn', values: ['a'] })).toStrictEqual([{ fact: 'f', operator: 'notIn', value: ['a'] }])
    expect(cellLeaves('f', { op: 'ne', value: 'a' })).toStrictEqual([{ fact: 'f', operator: 'notEqual', value: 'a' }])
    expect(cellLeaves('f', { op: 'cmp', hi: { value: 3, inclusive: true } })).toStrictEqual([{ fact: 'f', operator: 'lessThanInclusive', value: 3 }])
    expect(cellLeaves('f', { op: 'any' })).toStrictEqual([])
  })
})
