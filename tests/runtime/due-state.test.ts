/**
 * One definition of overdue (issue #18 "Must be right"): engine/calendar/due.ts, shared by the case
 * list, my tasks, the reports, the bulletin and the staff app. Table: tests/cases/due-state.json.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { asOfDate, dueSoonRange, dueState, isOverdue, localToday, overdueFilter, type DueState } from '../../engine/calendar/due'

interface StateRow {
  name: string
  dueDate: string | null
  today: string
  soonDays?: number
  concluded?: boolean
  expect: DueState
}
interface BoundaryRow {
  name: string
  instant: string
  dueDate: string
  today: string
  expect: DueState
}
const table = JSON.parse(readFileSync('tests/cases/due-state.json', 'utf8')) as {
  states: StateRow[]
  boundary: BoundaryRow[]
  asOf: Array<{ name: string; periodTo: string; today: string; expect: string }>
}

describe('dueState', () => {
  it.each(table.states.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    expect(dueState(r.dueDate, r.concluded, r.today, r.soonDays)).toBe(r.expect)
  })
  it('the store bounds agree with dueState on every row', () => {
    for (const r of table.states) {
      if (!r.dueDate || r.concluded) continue
      const { dueOnOrBefore } = overdueFilter(r.today)
      expect(r.dueDate <= dueOnOrBefore, r.name).toBe(r.expect === 'overdue')
      const { from, to } = dueSoonRange(r.today, r.soonDays)
      expect(r.dueDate >= from && r.dueDate <= to, r.name).toBe(r.expect === 'dueSoon')
      expect(isOverdue(r.dueDate, r.today), r.name).toBe(r.expect === 'overdue')
    }
  })
})

describe('the Asia/Shanghai day boundary', () => {
  it.each(table.boundary.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    const today = localToday(new Date(r.instant))
    expect(today).toBe(r.today)
    expect(dueState(r.dueDate, false, today)).toBe(r.expect)
  })
})

describe('asOfDate', () => {
  it.each(table.asOf.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    expect(asOfDate(r.periodTo, r.today)).toBe(r.expect)
  })
})
