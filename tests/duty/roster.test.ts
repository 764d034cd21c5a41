/** The working-day roster: calendar, fair rotation continued across months, swaps, who is on duty; staffing; grid workers. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, PEOPLE, type DutyHarness } from './harness'
import { assign, resumeIndex } from '../../runtime/duty'
import { rosterDef } from '../../runtime/duty/roster'

const CASES = JSON.parse(readFileSync('tests/cases/duty/roster.json', 'utf8')) as {
  months: Array<{ month: string; workdays: number; includes: string[]; excludes: string[]; makeup: string[] }>
}
const LEADS = PEOPLE.accounts
  .filter((a) => a.grants.some((g) => g.role === 'shift_leader'))
  .map((a) => a.username)
  .sort()
const CADRES = PEOPLE.accounts
  .filter((a) => a.grants.some((g) => g.role === 'duty_cadre'))
  .map((a) => a.username)
  .sort()

let h: DutyHarness
const rosters: Record<string, any> = {}
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-01-05' })
  for (const m of ['2026-01', '2026-02', '2026-10']) {
    const r = await (await h.user()).post(`/api/duty/galutu/roster/${m}`).send({})
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    rosters[m] = r.body
  }
})
afterAll(async () => h.close())

describe('a month on the working-day calendar', () => {
  for (const c of CASES.months) {
    it(`${c.month}: ${c.workdays} working days, 调休 included, holidays excluded`, () => {
      const days = rosters[c.month].days.map((d: { date: string }) => d.date)
      expect(days).toHaveLength(c.workdays)
      for (const d of c.includes) expect(days, d).toContain(d)
      for (const d of c.excludes) expect(days, d).not.toContain(d)
      expect(rosters[c.month].days.filter((d: { kind: string }) => d.kind === 'makeup').map((d: { date: string }) => d.date)).toEqual(c.makeup)
      // Every day has one shift leader and one cadre, never the same person twice a day.
      for (const d of rosters[c.month].days) {
        expect(d.shifts.lead).toHaveLength(1)
        expect(d.shifts.duty).toHaveLength(1)
        expect(LEADS).toContain(d.shifts.lead[0])
        expect(CADRES).toContain(d.shifts.duty[0])
      }
      expect(rosters[c.month].gaps).toEqual([])
    })
  }

  it('rotates in a stable order, everyone within one turn of everyone else', () => {
    const jan = rosters['2026-01']
    expect(jan.days.slice(0, 4).map((d: any) => d.shifts.lead[0])).toEqual([LEADS[0], LEADS[1], LEADS[2], LEADS[0]])
    expect(jan.days.slice(0, 5).map((d: any) => d.shifts.duty[0])).toEqual([CADRES[0], CADRES[1], CADRES[2], CADRES[3], CADRES[0]])
    for (const m of ['2026-01', '2026-02']) {
      for (const shift of ['lead', 'duty']) {
        const counts = Object.values(rosters[m].counts[shift]) as number[]
        expect(Math.max(...counts) - Math.min(...counts), `${m} ${shift}`).toBeLessThanOrEqual(1)
      }
    }
    // 21 working days in January: 7 each for three leaders.
    expect(jan.counts.lead).toEqual(Object.fromEntries(LEADS.map((u) => [u, 7])))
  })

  it("continues the rotation from the previous month's stored roster", () => {
    const jan = rosters['2026-01']
    const feb = rosters['2026-02']
    const lastLead = jan.days.at(-1).shifts.lead[0]
    const lastCadre = jan.days.at(-1).shifts.duty[0]
    expect(jan.rotation).toMatchObject({ lead: lastLead, duty: lastCadre })
    expect(feb.days[0].shifts.lead[0]).toBe(LEADS[(LEADS.indexOf(lastLead) + 1) % LEADS.length])
    expect(feb.days[0].shifts.duty[0]).toBe(CADRES[(CADRES.indexOf(lastCadre) + 1) % CADRES.length])
    // Over January and February together, the cadres are still within one turn.
    const total: Record<string, number> = {}
    for (const m of ['2026-01', '2026-02'])
      for (const [u, n] of Object.entries(rosters[m].counts.duty as Record<string, number>)) total[u] = (total[u] ?? 0) + n
    expect(Math.max(...Object.values(total)) - Math.min(...Object.values(total))).toBeLessThanOrEqual(1)
  })

  it('refuses to overwrite a generated month unless asked, and a month the calendar does not cover', async () => {
    expect((await (await h.user()).post('/api/duty/galutu/roster/2026-01').send({})).status).toBe(409)
    const r = await (await h.user()).post('/api/duty/galutu/roster/2028-01').send({})
    expect(r.status).toBe(422)
    expect(r.body.fields[0].code).toBe('CALENDAR_NOT_COVERED')
    expect((await (await h.user()).post('/api/duty/galutu/roster/2026-13').send({})).status).toBe(422)
  })
})

describe('the rotation, pure', () => {
  it('resumes after the last person, or at the next name when they left', () => {
    expect(resumeIndex(['a', 'b', 'c'], 'b')).toBe(2)
    expect(resumeIndex(['a', 'b', 'c'], 'c')).toBe(0)
    expect(resumeIndex(['a', 'c', 'd'], 'b')).toBe(1)
    expect(resumeIndex(['a', 'c'], 'z')).toBe(0)
    expect(resumeIndex(['a'], null)).toBe(0)
  })

  it('skips someone already on another shift that day, and lists gaps', () => {
    const def = {
      unit: 'x',
      shifts: [
        { id: 'lead', name: '带班', role: 'r1', count: 1 },
        { id: 'duty', name: '值班', role: 'r2', count: 1 },
      ],
    }
    const r = assign(
      def,
      [
        { date: '2026-03-02', kind: 'weekday' },
        { date: '2026-03-03', kind: 'weekday' },
      ],
      { lead: ['a'], duty: ['a', 'b'] },
      {},
    )
    expect(r.days.map((d) => d.shifts)).toEqual([
      { lead: ['a'], duty: ['b'] },
      { lead: ['a'], duty: ['b'] },
    ])
    const gaps = assign(def, [{ date: '2026-03-02', kind: 'weekday' }], { lead: [], duty: ['b'] }, {})
    expect(gaps.gaps).toEqual([{ date: '2026-03-02', shift: 'lead', missing: 1 }])
  })
})

describe('swaps and who is on duty', () => {
  it('records a replacement with who, when and why, audited, and today shows it', async () => {
    h.clock.set('2026-02-02')
    const feb = rosters['2026-02']
    const lead = feb.days[0].shifts.lead[0] as string
    const other = LEADS.find((u) => u !== lead)!
    const before = (await (await h.user()).get('/api/duty/galutu/today')).body
    expect(before).toMatchObject({ date: '2026-02-02', workday: true, rosterGenerated: true })
    expect(before.shifts[0].people[0].username).toBe(lead)

    // someone else's shift: only the roster's managers (duty.manage) swap it; a town officer may not
    const refused = await (
      await h.user('officer_a')
    )
      .post('/api/duty/galutu/swaps')
      .send({ date: '2026-02-02', shift: 'lead', from: lead, to: other, reason: '下乡督导' })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/只能调换本人的班次/)
    const r = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: '2026-02-02', shift: 'lead', from: lead, to: other, reason: '下乡督导' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ by: 'officer1', date: '2026-02-02', shift: 'lead', from: lead, to: other, reason: '下乡督导', otherDate: null })
    expect(r.body.at).toBe(h.clock.now().toISOString())

    const today = (await (await h.user()).get('/api/duty/galutu/today')).body
    expect(today.shifts[0].people).toEqual([{ username: other, name: PEOPLE.accounts.find((a) => a.username === other)!.displayName }])
    expect(today.swaps).toHaveLength(1)
    // each shift with its names as the duty definition gives them (English too, for the English workspace)
    // (a per-unit shift, each department's 带班, once per department)
    const def = rosterDef(await h.rt.schemes.get('galutu', (await h.rt.schemes.latest('galutu')).hash))
    expect(today.shifts.map((s: { id: string; name: string; nameEn?: string }) => [s.id, s.name, s.nameEn])).toEqual(
      def.shifts.map((s) => [s.id, s.name, s.nameEn]),
    )
    const audit = await h.rt.store.listAllAudit()
    expect(audit.filter((a) => a.action === 'duty.roster.swap').at(-1)).toMatchObject({
      actor: 'officer1',
      changes: { from: lead, to: other, reason: '下乡督导' },
    })
    const stored = (await (await h.user()).get('/api/duty/galutu/roster/2026-02')).body
    expect(stored.swaps).toHaveLength(1)
    // The rotation pointer is the generated one: swaps do not shift next month's turns.
    expect(stored.rotation).toEqual(feb.rotation)
  })

  it('exchanges two days between two cadres', async () => {
    const feb = (await (await h.user()).get('/api/duty/galutu/roster/2026-02')).body
    const [d1, d2] = [feb.days[1], feb.days[2]]
    const a = d1.shifts.duty[0]
    const b = d2.shifts.duty[0]
    const r = await (
      await h.user(a)
    )
      .post('/api/duty/galutu/swaps')
      .send({ date: d1.date, shift: 'duty', from: a, to: b, otherDate: d2.date, reason: '家中有事，互换' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const after = (await (await h.user()).get('/api/duty/galutu/roster/2026-02')).body
    expect(after.days[1].shifts.duty).toEqual([b])
    expect(after.days[2].shifts.duty).toEqual([a])
    expect(after.counts.duty).toEqual(feb.counts.duty)
  })

  it('refuses a swap without a reason, of someone not on duty, to someone without the role, or on a holiday', async () => {
    const feb = (await (await h.user()).get('/api/duty/galutu/roster/2026-02')).body
    const lead = feb.days[3].shifts.lead[0]
    const noReason = await (
      await h.user()
    )
      .post('/api/duty/galutu/swaps')
      .send({ date: feb.days[3].date, shift: 'lead', from: lead, to: LEADS.find((u) => u !== lead) })
    expect(noReason.status).toBe(422)
    expect(noReason.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason'])
    const notOn = await (
      await h.user()
    )
      .post('/api/duty/galutu/swaps')
      .send({ date: feb.days[3].date, shift: 'lead', from: LEADS.find((u) => u !== lead), to: lead, reason: 'x' })
    expect(notOn.status).toBe(422)
    const noRole = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: feb.days[3].date, shift: 'lead', from: lead, to: 'cadre_a', reason: 'x' })
    expect(noRole.status).toBe(422)
    expect(noRole.body.fields[0].code).toBe('NOT_ELIGIBLE')
    const holiday = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: '2026-02-17', shift: 'lead', from: lead, to: 'lead_b', reason: 'x' })
    expect(holiday.status).toBe(422)
    expect(holiday.body.fields[0].code).toBe('NOT_A_WORKDAY')
  })

  it('a holiday has nobody on duty', async () => {
    const r = (await (await h.user()).get('/api/duty/galutu/today?date=2026-02-17')).body
    expect(r).toMatchObject({ workday: false, dayKind: 'holiday' })
    expect(r.shifts.every((s: { people: unknown[] }) => s.people.length === 0)).toBe(true)
  })
})

describe('staffing minimums against the accounts', () => {
  it('lists each unit with its count and the shortfalls', async () => {
    const r = (await (await h.user()).get('/api/duty/galutu/staffing')).body
    const row = (unit: string) => r.rows.find((x: { unit: string }) => x.unit === unit)
    // The station's town officers are whoever holds the role: the harness's officer1 and officer_a.
    const townOfficers = (await h.rt.accounts.list()).filter((a) => !a.disabled && a.grants.some((g) => g.role === 'town_officer')).map((a) => a.displayName)
    expect(townOfficers).toContain('刘代办')
    expect(townOfficers.length).toBeLessThan(3)
    expect(row('town_station')).toMatchObject({ role: 'town_officer', min: 3, count: townOfficers.length, shortfall: 3 - townOfficers.length })
    expect([...row('town_station').people].sort()).toEqual([...townOfficers].sort())
    expect(row('point_tuanjie')).toMatchObject({ village: '团结社区', role: 'village_officer', count: 3, shortfall: 0 })
    expect(row('point_wenhua')).toMatchObject({ village: '文化社区', count: 1, shortfall: 2 })
    expect(row('point_sarulatuya')).toMatchObject({ count: 0, shortfall: 3 })
    expect(r.ok).toBe(false)
    // the station: 专职 one short; 兼职 enough; the mediation team one short of 2 (issue 16)
    expect(
      r.rows.filter((x: { unit: string }) => x.unit === 'town_station').map((x: { role: string; shortfall: number }) => [x.role, x.shortfall > 0]),
    ).toEqual([
      ['town_officer', true],
      ['part_time_officer', false],
      ['mediator', true],
    ])
    expect(r.shortfalls.map((x: { unit: string }) => x.unit).sort()).toEqual([
      'point_bayanwendur',
      'point_huhetaolegai',
      'point_sarulatuya',
      'point_wenhua',
      'town_station',
      'town_station',
    ])
    expect(r.villagesOk).toMatchObject({ 团结社区: true, 文化社区: false })
  })

  it('a disabled account no longer counts', async () => {
    await h.rt.accounts.update('v_t3', { disabled: true }, 'admin')
    const r = (await (await h.user()).get('/api/duty/galutu/staffing')).body
    expect(r.rows.find((x: { unit: string }) => x.unit === 'point_tuanjie')).toMatchObject({ count: 2, shortfall: 1 })
    await h.rt.accounts.update('v_t3', { disabled: false }, 'admin')
  })
})

describe('issue 16: each department’s 带班 (实施方案 四（一）: one leadership member per department on workdays)', () => {
  const DEPTS = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
    .units.filter((u: { type: string }) => u.type === 'department')
    .map((u: { id: string }) => u.id) as string[]
  const leadersOf = (unit: string) =>
    PEOPLE.accounts
      .filter((a) => a.grants.some((g) => g.role === 'department_leader' && g.unit === unit))
      .map((a) => a.username)
      .sort()

  it('every working day, every department has one of its own leadership members; none from another department', () => {
    for (const m of ['2026-01', '2026-10']) {
      for (const d of rosters[m].days) {
        for (const unit of DEPTS) expect(leadersOf(unit), `${d.date} ${unit}`).toContain(d.shifts[`dept_lead.${unit}`]?.[0])
      }
      expect(rosters[m].gaps).toEqual([])
    }
    // 平安建设办 has two: they take turns, continued across months
    const jan = rosters['2026-01'].days.map((d: any) => d.shifts['dept_lead.pingan'][0])
    expect(jan.slice(0, 4)).toEqual(['dl_pingan', 'dl_pingan_b', 'dl_pingan', 'dl_pingan_b'])
  })

  it('who is on duty lists each department’s 带班 by the department’s name; a swap stays within the department', async () => {
    const oct = rosters['2026-10']
    const day = oct.days[0]
    const on = (await (await h.user()).get(`/api/duty/galutu/today?date=${day.date}`)).body
    const pingan = on.shifts.find((s: { id: string }) => s.id === 'dept_lead.pingan')
    expect(pingan).toMatchObject({
      name: '二级部门带班（平安建设办公室）',
      nameEn: 'Department shift leader (Safety Construction Office)',
      role: 'department_leader',
      unit: 'pingan',
    })
    // the unit's name and the shift it is a copy of, so the screens list the departments under one heading
    expect(pingan).toMatchObject({
      unitName: '平安建设办公室',
      unitNameEn: 'Safety Construction Office',
      of: { id: 'dept_lead', name: '二级部门带班', nameEn: 'Department shift leader' },
    })
    expect(on.shifts.find((s: { id: string }) => s.id === 'lead')).not.toHaveProperty('of')
    const sent = (await (await h.user()).get('/api/duty/galutu')).body.duty.roster.shifts
    expect(sent.find((s: { id: string }) => s.id === 'dept_lead.sifasuo')).toMatchObject({
      unit: 'sifasuo',
      unitName: '嘎鲁图司法所',
      of: { id: 'dept_lead', name: '二级部门带班' },
    })
    const from = day.shifts['dept_lead.pingan'][0]
    const other = leadersOf('pingan').find((u) => u !== from)!
    const wrong = await (
      await h.user()
    )
      .post('/api/duty/galutu/swaps')
      .send({ date: day.date, shift: 'dept_lead.pingan', from, to: 'dl_sifasuo', reason: '外出' })
    expect(wrong.status).toBe(422)
    expect(wrong.body.fields[0].code).toBe('NOT_ELIGIBLE')
    const ok = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: day.date, shift: 'dept_lead.pingan', from, to: other, reason: '外出' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
  })

  it('the staffing check asks each department for a leadership member', async () => {
    const r = (await (await h.user()).get('/api/duty/galutu/staffing')).body
    const depts = r.rows.filter((x: { unitType: string }) => x.unitType === 'department')
    expect(depts.map((x: { unit: string }) => x.unit).sort()).toEqual([...DEPTS].sort())
    for (const x of depts) expect(x, x.unit).toMatchObject({ role: 'department_leader', min: 1, shortfall: 0 })
    expect(depts.find((x: { unit: string }) => x.unit === 'pingan').count).toBe(2)
  })
})

describe('grid workers at their point', () => {
  it('checks each week for at least the minimum days, and reports the shortfall', async () => {
    h.clock.set('2026-03-08')
    for (const date of ['2026-03-02', '2026-03-04', '2026-03-04']) {
      const r = await (await h.user('grid_t1')).post('/api/duty/galutu/attendance').send({ username: 'grid_t1', date })
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status)
    }
    expect((await (await h.user()).post('/api/duty/galutu/attendance').send({ username: 'grid_w1', date: '2026-03-03' })).status).toBe(201)
    const w = (await (await h.user()).get('/api/duty/galutu/attendance/week?date=2026-03-05')).body
    expect(w.week).toEqual({ from: '2026-03-02', to: '2026-03-08' })
    expect(w.min).toBe(2)
    expect(w.rows.find((r: { username: string }) => r.username === 'grid_t1')).toMatchObject({
      days: ['2026-03-02', '2026-03-04'],
      count: 2,
      shortfall: 0,
      villages: ['团结社区'],
    })
    expect(w.rows.find((r: { username: string }) => r.username === 'grid_w1')).toMatchObject({ count: 1, shortfall: 1 })
    expect(w.shortfalls.map((r: { username: string }) => r.username)).toEqual(['grid_w1'])
    expect(w.complete).toBe(false)
    h.clock.set('2026-03-09')
    expect((await (await h.user()).get('/api/duty/galutu/attendance/week?date=2026-03-05')).body.complete).toBe(true)
  })

  it('refuses someone who is not a grid worker, and a future day', async () => {
    expect((await (await h.user()).post('/api/duty/galutu/attendance').send({ username: 'v_t1', date: '2026-03-02' })).status).toBe(422)
    const future = await (await h.user()).post('/api/duty/galutu/attendance').send({ username: 'grid_t1', date: '2026-04-01' })
    expect(future.status).toBe(422)
  })
})
