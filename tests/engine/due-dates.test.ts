/**
 * Due dates in working days (tests/cases/due-dates.json), hand-computed from the State Council
 * holiday notices, and the WorkCalendar itself. Cross-checks the scheme's calendar against the
 * chinese-days data it was seeded from.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CalendarError, WorkCalendar, addCalendarDays, decide, weekday, type CompiledScheme } from '../../engine'
import { factsOf, loadGalutu, readCases, REPO_ROOT, type ExpectedInputProblem } from '../helpers/scheme'

interface Table {
  base: Record<string, unknown>
  cases: Array<{ name: string; facts: Record<string, unknown>; expect: { dueDate: string | null; clock: string; provisional?: boolean } }>
  errors: Array<{ name: string; facts: Record<string, unknown>; problems: ExpectedInputProblem[] }>
  stateCouncil: Record<string, { off: string[]; work: string[]; workdaysInYear: number }>
  days: Array<{ date: string; workday: boolean; kind: string }>
  workdaysBetween: Array<{ from: string; to: string; expect?: number; throws?: string; engineBug?: string }>
  addWorkdays: Array<{ from: string; add: number; expect?: string; throws?: string }>
}
const table = await readCases<Table>('due-dates.json')
const years = Object.keys(table.stateCouncil).filter((k) => /^\d{4}$/.test(k))
let scheme: CompiledScheme
let cal: WorkCalendar
beforeAll(async () => {
  scheme = await loadGalutu()
  cal = scheme.calendar
})

/** "2023-01-21..2023-01-27" or a single date → the dates. */
function expandRange(spec: string): string[] {
  const [from, to = from] = spec.split('..') as [string, string?]
  const out: string[] = []
  for (let d = from; d <= to!; d = addCalendarDays(d, 1)) out.push(d)
  return out
}

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return e instanceof CalendarError ? e.problem.code : `not a CalendarError: ${String(e)}`
  }
  return undefined
}

describe('due dates from decide', () => {
  it.each(table.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const d = await decide(scheme, factsOf(table.base, c.facts))
    if (!d.ok) throw new Error(JSON.stringify(d.problems, null, 1))
    expect(d.decision.outcome).toBe('proxy')
    expect(d.decision.clock).toBe(c.expect.clock)
    expect(d.decision.dueDate).toBe(c.expect.dueDate)
    if (c.expect.dueDate === null) {
      // The deferred clock says why there is no date yet, naming the field it waits for.
      expect(d.decision.reasons.some((r) => r.includes('解决方案确定日期'))).toBe(true)
    } else {
      expect(d.decision.reasons.some((r) => r.includes(c.expect.dueDate!))).toBe(true)
      // a due date in a year the State Council has not published says so
      expect(
        d.decision.reasons.some((r) => r.includes('暂定日历')),
        d.decision.reasons.join('\n'),
      ).toBe(c.expect.provisional === true)
      expect(cal.isWorkday(c.expect.dueDate)).toBe(true)
    }
  })

  it.each(table.errors.map((c) => [c.name, c] as const))('refuses: %s', async (_n, c) => {
    const d = await decide(scheme, factsOf(table.base, c.facts))
    expect(d.ok).toBe(false)
    if (d.ok) return
    for (const e of c.problems)
      expect(
        d.problems.some((p) => p.code === e.code && p.pointer === e.pointer),
        JSON.stringify(d.problems),
      ).toBe(true)
    expect(d.problems[0]!.file).toBe('input')
  })
})

describe('the working-day calendar', () => {
  it('covers 2023-01-01 to 2027-12-31; 2027 is provisional until the State Council publishes it', () => {
    expect(cal.from).toBe('2023-01-01')
    expect(cal.to).toBe('2027-12-31')
    expect(cal.provisionalYears).toEqual(['2027'])
    expect(cal.isProvisional('2027-03-01')).toBe(true)
    expect(cal.isProvisional('2026-12-31')).toBe(false)
  })

  it.each(years)('%s agrees with the State Council notice, day by day', (y) => {
    const sc = table.stateCouncil[y]!
    const off = new Set(sc.off.flatMap(expandRange))
    const work = new Set(sc.work)
    let count = 0
    for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addCalendarDays(d, 1)) {
      const expected = work.has(d) ? true : off.has(d) ? false : weekday(d) !== 0 && weekday(d) !== 6
      expect(cal.isWorkday(d), d).toBe(expected)
      if (expected) count++
    }
    // Hand count: weekdays − weekday holidays + 调休 days.
    expect(count).toBe(sc.workdaysInYear)
    // (from, to]: from the eve of the year; 2022 is not in the calendar, but 2023-01-01 is a holiday.
    const eve = y === '2023' ? '2023-01-01' : `${Number(y) - 1}-12-31`
    expect(cal.workdaysBetween(eve, `${y}-12-31`)).toBe(sc.workdaysInYear)
    for (const d of work) expect([0, 6], `${d} is a weekend day made a workday`).toContain(weekday(d))
  })

  it.each(years)('%s agrees with node_modules/chinese-days (the seed source)', async (y) => {
    const data = JSON.parse(await readFile(path.join(REPO_ROOT, 'node_modules/chinese-days/dist/chinese-days.json'), 'utf8')) as Record<
      'holidays' | 'workdays',
      Record<string, string>
    >
    const sc = table.stateCouncil[y]!
    const cdOff = Object.keys(data.holidays)
      .filter((d) => d.startsWith(y))
      .sort()
    const cdWork = Object.keys(data.workdays)
      .filter((d) => d.startsWith(y))
      .sort()
    expect(cdOff).toEqual([...sc.off.flatMap(expandRange)].sort())
    expect(cdWork).toEqual([...sc.work].sort())
  })

  it.each(table.days.map((d) => [d.date, d] as const))('%s', (_d, d) => {
    expect(cal.isWorkday(d.date)).toBe(d.workday)
    expect(cal.dayInfo(d.date).kind).toBe(d.kind)
    expect(cal.dayInfo(d.date).workday).toBe(d.workday)
  })

  for (const c of table.workdaysBetween) {
    // A known engine bug marks the case it.fails (see engineBug in the table).
    const test = c.engineBug ? it.fails : it
    test(`workdaysBetween ${c.from} → ${c.to}${c.engineBug ? ' [engine bug]' : ''}`, () => {
      if (c.throws) expect(thrownCode(() => cal.workdaysBetween(c.from, c.to))).toBe(c.throws)
      else expect(cal.workdaysBetween(c.from, c.to)).toBe(c.expect)
    })
  }

  it.each(table.addWorkdays.map((c) => [`${c.from} + ${c.add}`, c] as const))('addWorkdays %s', (_n, c) => {
    if (c.throws) expect(thrownCode(() => cal.addWorkdays(c.from, c.add))).toBe(c.throws)
    else expect(cal.addWorkdays(c.from, c.add)).toBe(c.expect)
  })

  it('addWorkdays and workdaysBetween are inverse on every day of 2023–2026', () => {
    for (let d = '2023-01-01'; d <= '2026-11-30'; d = addCalendarDays(d, 1)) {
      const due = cal.addWorkdays(d, 5)
      expect(cal.workdaysBetween(d, due), d).toBe(5)
      expect(cal.isWorkday(due), d).toBe(true)
    }
  })

  it('refuses a negative or fractional count', () => {
    expect(() => cal.addWorkdays('2026-09-29', -1)).toThrow(RangeError)
    expect(() => cal.addWorkdays('2026-09-29', 1.5)).toThrow(RangeError)
  })

  it('calendar days (the 15-day follow-up) and their bounds', () => {
    expect(cal.addDays('2026-09-29', 15, 'calendar')).toBe('2026-10-14')
    expect(thrownCode(() => cal.addCalendarDays('2027-12-30', 5))).toBe('CALENDAR_NOT_COVERED')
  })

  it('a CalendarError names the date and the covered range', () => {
    try {
      cal.isWorkday('2028-01-04')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarError)
      const p = (e as CalendarError).problem
      expect(p.code).toBe('CALENDAR_NOT_COVERED')
      expect(p.message).toContain('2028-01-04')
      expect(p.message).toContain('2027-12-31')
    }
  })

  it('a WorkCalendar built from a small definition', () => {
    const c = new WorkCalendar({
      kind: 'calendar',
      timezone: 'Asia/Shanghai',
      weekend: [0, 6],
      years: { '2026': { holidays: [{ date: '2026-10-01', name: '国庆节' }], workdays: [{ date: '2026-10-10', name: '调休' }] } },
    } as never)
    expect(c.isWorkday('2026-10-01')).toBe(false)
    expect(c.isWorkday('2026-10-02')).toBe(true)
    expect(c.isWorkday('2026-10-10')).toBe(true)
    expect(c.addWorkdays('2026-09-30', 2)).toBe('2026-10-05')
    // October 2026: 22 weekdays (it starts on a Thursday), one a holiday, plus the 调休 Saturday.
    expect(c.workdaysInMonth('2026-10')).toHaveLength(22)
  })
})
