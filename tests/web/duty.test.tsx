// @vitest-environment jsdom
/**
 * The duty screens' pure helpers (months, weekdays, assessment periods, occurrence status) and the
 * notice poster rendered from the real Galutu definitions through the server's buildNotice: every
 * stage, time limit and service point, officers by name with their office phones, nobody else.
 */
import './dom'
import { describe, expect, it } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { buildNotice } from '../../runtime/duty'
import { mondayIndex, periodIds, shiftMonth } from '../../runtime/web/src/duty/api'
import { shownStatus } from '../../runtime/web/src/duty/Obligations'
import { gapLines, groupShifts, turnsOf, unitLabel } from '../../runtime/web/src/duty/shifts'
import { rosterDef } from '../../runtime/duty/roster'
import NoticeView from '../../runtime/web/public/src/NoticeView'
import type { Notice } from '../../runtime/web/public/src/api'

describe('month and period helpers', () => {
  it.each([
    ['2026-02', 1, '2026-03'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
    ['2026-03', 0, '2026-03'],
  ])('shiftMonth(%s, %i) = %s', (m, by, want) => expect(shiftMonth(m, by)).toBe(want))

  it.each([
    ['2026-02-09', 0], // Monday
    ['2026-02-14', 5], // Saturday (a 调休 workday, still a Saturday)
    ['2026-02-15', 6],
    ['2026-03-01', 6],
  ])('mondayIndex(%s) = %i', (d, want) => expect(mondayIndex(d)).toBe(want))

  it.each([
    [6, '2026-02-10', ['2026-H1', '2025-H2', '2025-H1']],
    [6, '2026-07-01', ['2026-H2', '2026-H1', '2025-H2', '2025-H1']],
    [12, '2026-05-05', ['2026', '2025']],
    [3, '2026-04-01', ['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']],
  ])('periodIds(every %i, %s): the started periods of this year and last, newest first', (every, today, want) => expect(periodIds(every, today)).toEqual(want))

  it.each([
    [{ status: 'done' as const, dueSoon: false }, 'done'],
    [{ status: 'overdue' as const, dueSoon: false }, 'overdue'],
    [{ status: 'open' as const, dueSoon: true }, 'dueSoon'],
    [{ status: 'open' as const, dueSoon: false }, 'upcoming'],
  ])('shownStatus(%o) = %s', (o, want) => expect(shownStatus(o)).toBe(want))
})

describe('the notice poster from the Galutu definitions', async () => {
  const loaded = await loadSchemeDir('definitions/galutu')
  const scheme = loaded.scheme!
  const people = [
    { username: 'li', displayName: '李代办', grants: [{ role: 'town_officer' }], disabled: false },
    { username: 'v1', displayName: '团结甲', grants: [{ role: 'village_officer', village: '团结社区' }], disabled: false },
    { username: 'lead', displayName: '王带班', grants: [{ role: 'shift_leader' }], disabled: false },
  ]
  const notice = JSON.parse(
    JSON.stringify(buildNotice(scheme, people, new Map([['li', '0477-6211001']]), [{ name: '带班', people: ['王带班'] }], '2026-02-10')),
  ) as Notice
  const show = () => render(<NoticeView notice={notice} complainHref="#complaint" publicUrl="http://town.example/public/" />)

  it('publishes every stage of the process in order, and every time limit with its unit', () => {
    show()
    const steps = within(screen.getByTestId('notice-process'))
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '')
    const stages = scheme.defs.duty!.notice!.stages.map((s) => s.name)
    expect(steps.map((s) => stages.find((n) => s.startsWith(n)))).toEqual(stages)
    const limits = screen.getByTestId('notice-limits').textContent ?? ''
    for (const c of scheme.defs.deadlines.clocks.filter((c) => c.machine === 'case' || c.machine === 'complaint')) {
      expect(limits).toContain(c.name)
      expect(limits).toContain(`${c.days} 个${c.unit === 'workday' ? '工作日' : '自然日'}`)
    }
  })

  it('lists the station and every village point, officers by name with their office phones, nobody outside the officer roles', () => {
    show()
    const points = screen.getAllByTestId('notice-point')
    expect(points).toHaveLength(scheme.defs.org.units.filter((u) => u.type === 'station' || u.type === 'point').length)
    const rows = screen.getAllByTestId('notice-officer').map((r) => r.textContent ?? '')
    expect(rows).toHaveLength(2)
    expect(rows.find((r) => r.includes('李代办'))).toContain('0477-6211001')
    expect(rows.find((r) => r.includes('团结甲'))).toContain('—')
    const text = screen.getByTestId('notice-poster').textContent ?? ''
    expect(within(screen.getByTestId('notice-points')).queryByText('王带班')).toBeNull()
    for (const u of ['li', 'v1', 'lead']) expect(text).not.toMatch(new RegExp(`\\b${u}\\b`))
  })

  it('says how to complain: the ways, the reply limit, the online form and the address printed', () => {
    show()
    const c = screen.getByTestId('notice-complain')
    expect(c.textContent).toContain('意见箱')
    expect(c.textContent).toContain('15 个工作日')
    expect(screen.getByTestId('notice-complain-link').getAttribute('href')).toBe('#complaint')
    expect(screen.getByTestId('notice-complain-url').textContent).toContain('http://town.example/public/')
  })
})

describe('a per-unit shift is shown as one (each 二级部门’s 带班, Galutu’s 17 departments)', async () => {
  const scheme = (await loadSchemeDir('definitions/galutu')).scheme!
  const shifts = rosterDef(scheme).shifts
  const depts = scheme.defs.org.units.filter((u) => u.type === 'department')

  it('groups the copies under the shift as defined, after the station’s 带班 and 值班', () => {
    const groups = groupShifts(shifts)
    expect(groups.map((g) => [g.kind, g.id])).toEqual([
      ['shift', 'lead'],
      ['shift', 'duty'],
      ['perUnit', 'dept_lead'],
    ])
    const g = groups[2]!
    if (g.kind !== 'perUnit') throw new Error('expected the per-unit group')
    expect(g.label).toEqual({ id: 'dept_lead', name: '二级部门带班', nameEn: 'Department shift leader' })
    expect(g.units.map((u) => u.unit)).toEqual(depts.map((u) => u.id))
    expect(unitLabel(g.units[0]!)).toEqual({ name: '平安建设办公室', nameEn: 'Safety Construction Office' })
  })

  it('lists the gaps as one line per shift and days, not one per department and day', () => {
    const days = ['2026-02-02', '2026-02-03', '2026-02-04']
    const gaps = [
      // no department has a leadership member: every department, every day
      ...days.flatMap((date) => depts.map((u) => ({ date, shift: `dept_lead.${u.id}`, missing: 1 }))),
      { date: '2026-02-03', shift: 'duty', missing: 1 },
    ]
    expect(gapLines(gaps, shifts, days.length)).toEqual([
      { label: shifts.find((s) => s.id === 'duty'), units: [], allUnits: false, dates: ['2026-02-03'], allDays: false, missing: 1 },
      {
        label: { id: 'dept_lead', name: '二级部门带班', nameEn: 'Department shift leader' },
        units: depts.map((u) => ({ name: u.name, nameEn: u.nameEn })),
        allUnits: true,
        dates: days,
        allDays: true,
        missing: 1,
      },
    ])
    // two departments short on the same day, one on another: two lines
    const some = gapLines(
      [
        { date: days[0]!, shift: 'dept_lead.gonghui', missing: 1 },
        { date: days[0]!, shift: 'dept_lead.fulian', missing: 1 },
        { date: days[1]!, shift: 'dept_lead.pingan', missing: 1 },
      ],
      shifts,
      days.length,
    )
    expect(some.map((l) => [l.units.map((u) => u.name), l.dates, l.allUnits, l.allDays])).toEqual([
      [['平安建设办公室'], [days[1]], false, false],
      [['工会', '妇联'], [days[0]], false, false],
    ])
  })

  it('tells who took a shift on which days, and the days nobody did', () => {
    const days = [
      { date: '2026-02-02', kind: 'weekday' as const, shifts: { 'dept_lead.pingan': ['gao'] } },
      { date: '2026-02-03', kind: 'weekday' as const, shifts: { 'dept_lead.pingan': ['ma'] } },
      { date: '2026-02-04', kind: 'weekday' as const, shifts: { 'dept_lead.pingan': [] } },
      { date: '2026-02-05', kind: 'weekday' as const, shifts: { 'dept_lead.pingan': ['gao'] } },
    ]
    expect(turnsOf(days, 'dept_lead.pingan')).toEqual({
      people: [
        { username: 'gao', dates: ['2026-02-02', '2026-02-05'] },
        { username: 'ma', dates: ['2026-02-03'] },
      ],
      open: ['2026-02-04'],
    })
  })
})
