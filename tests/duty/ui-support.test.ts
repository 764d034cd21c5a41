/** What the duty screens read besides the records: the month calendar (weekends, holidays, 调休 make-up workdays), the complaints' working-day countdown, the roll call to prefill. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, PEOPLE, type DutyHarness } from './harness'

let h: DutyHarness
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-02-02' })
})
afterAll(async () => h.close())

describe('GET /api/duty/:id/calendar/:month', () => {
  it('gives every day of the month with the calendar definition’s verdict', async () => {
    const r = await (await h.user()).get('/api/duty/galutu/calendar/2026-02')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const days = r.body.days as Array<{ date: string; workday: boolean; kind: string; name?: string }>
    expect(days).toHaveLength(28)
    expect(days[0]!.date).toBe('2026-02-01')
    // the same days the roster takes as workdays (2026 春节: 调休 on Sat 2-14 and Sat 2-28, holiday from 2-15)
    const roster = await (await h.user()).post('/api/duty/galutu/roster/2026-02').send({})
    expect(roster.status).toBe(201)
    expect(days.filter((d) => d.workday).map((d) => d.date)).toEqual(roster.body.days.map((d: { date: string }) => d.date))
    const makeup = days.filter((d) => d.kind === 'makeup')
    expect(makeup.length).toBeGreaterThan(0)
    for (const d of makeup) expect(d.workday).toBe(true)
    expect(days.find((d) => d.kind === 'holiday')?.name).toBe('春节')
  })

  it('refuses a malformed month and one outside the calendar, naming the field', async () => {
    const bad = await (await h.user()).get('/api/duty/galutu/calendar/2026-13')
    expect(bad.status).toBe(422)
    expect(bad.body.fields[0]).toMatchObject({ field: 'month' })
    const far = await (await h.user()).get('/api/duty/galutu/calendar/2099-01')
    expect(far.status).toBe(422)
    expect(far.body.fields[0]).toMatchObject({ field: 'month', code: 'CALENDAR_NOT_COVERED' })
  })

  it('needs a session', async () => {
    expect((await h.pub.get('/api/duty/galutu/calendar/2026-02')).status).toBe(401)
  })
})

describe('complaints list: working days left to the reply limit', () => {
  it('counts working days (not calendar days) to the limit and stops once replied', async () => {
    const c = await (
      await h.user()
    )
      .post('/api/duty/galutu/complaints')
      .send({ form: { complainant: '孙某', via: '监督电话', content: '服务点无人', receivedOn: '2026-02-02' } })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const list = (await (await h.user()).get('/api/duty/galutu/complaints')).body
    const row = list.items.find((x: { id: string }) => x.id === c.body.id)
    expect(row.status).toBe('open')
    expect(row.workdaysLeft).toBe(15)
    const reply = await (
      await h.user()
    )
      .post(`/api/cases/${c.body.id}/events`)
      .send({ type: 'REPLY_COMPLAINT', form: { repliedOn: '2026-02-02', reply: '已整改' }, expectedVersion: c.body.version })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    const after = (await (await h.user()).get('/api/duty/galutu/complaints')).body.items.find((x: { id: string }) => x.id === c.body.id)
    expect(after).toMatchObject({ status: 'replied', workdaysLeft: null })
  })
})

describe('the roll call of a training task', () => {
  it('lists the active holders of the attendance roles with their villages; tasks without a roll call list nobody', async () => {
    const one = (await (await h.user()).get('/api/duty/galutu/obligations/training:2026-B1')).body
    const roles = ['town_officer', 'village_officer', 'grid_worker']
    const expected = PEOPLE.accounts.filter((a) => a.grants.some((g) => roles.includes(g.role))).map((a) => a.username)
    const got = one.roll.map((r: { username: string }) => r.username)
    for (const u of expected) expect(got).toContain(u)
    expect(got).not.toContain('lead_a')
    expect(one.roll.find((r: { username: string }) => r.username === 'v_w1')).toEqual({ username: 'v_w1', name: '文化甲', village: '文化社区' })
    expect(one.roll.find((r: { username: string }) => r.username === 'officer_a')).toMatchObject({ village: null })
    expect((await (await h.user()).get('/api/duty/galutu/obligations/joint_meeting:2026-Q1')).body.roll).toEqual([])
  })
})
