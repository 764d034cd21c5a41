/** Durable deadlines: reminders raised exactly once, even after a week of downtime (the urges missed meanwhile folded into the latest); urging cadence from the definition. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四', '王五'] })
})
afterAll(async () => h.close())

describe('scheduler', () => {
  it('raises 临期, 超期 and 催办 once each, catching up after the server was down for a week with one urge, not one per day missed', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) }) // village: due 2026-03-09, warn 1 wd before, urge every 2 wd
    expect(c.body.summary.dueDate).toBe('2026-03-09')
    h.clock.set('2026-03-05')
    expect(await h.rt.scheduler.tick()).toEqual([])
    h.clock.set('2026-03-06') // one working day left (03-09)
    const soon = await h.rt.scheduler.tick()
    expect(soon.map((r) => r.kind)).toEqual(['due_soon'])
    expect(await h.rt.scheduler.tick()).toEqual([])

    // The server is down from 03-06 to 03-16 (a week): restart and tick.
    await h.reopen()
    h.clock.set('2026-03-16') // 5 working days past due (03-10..03-16): urges were due at 0, 2, 4 days past; only the latest is raised
    const caught = await h.rt.scheduler.tick()
    expect(caught.map((r) => r.kind).sort()).toEqual(['overdue', 'urge'])
    expect(
      caught
        .find((r) => r.kind === 'urge')!
        .id.split(':')
        .pop(),
    ).toBe('2')
    expect(caught.every((r) => r.caseNumber === c.body.number)).toBe(true)
    expect(caught.find((r) => r.kind === 'overdue')!.message).toContain('2026-03-09')
    expect(await h.rt.scheduler.tick()).toEqual([])
    await h.reopen()
    expect(await h.rt.scheduler.tick()).toEqual([])
    h.clock.set('2026-03-18')
    expect((await h.rt.scheduler.tick()).map((r) => r.id.split(':').pop())).toEqual(['3'])

    const listed = await h.http.get(`/api/reminders?caseId=${c.body.id}`)
    expect(listed.body.items).toHaveLength(4)
    // Acknowledging hides it from the open list.
    const first = listed.body.items[0]
    expect((await h.http.post(`/api/reminders/${encodeURIComponent(first.id)}/ack`)).status).toBe(200)
    const open = await h.http.get(`/api/reminders?caseId=${c.body.id}&open=1`)
    expect(open.body.items).toHaveLength(3)

    // The officer urges the department; concluding stops the clock and the reminders.
    await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-18', units: ['shehuishiwu'], matter: 'm' } })
    const urge = await h.http
      .post(`/api/cases/${c.body.id}/events`)
      .send({ type: 'URGE', form: { unit: 'shehuishiwu', method: '电话', content: '已超期，请尽快答复' } })
    expect(urge.status).toBe(200)
    expect(urge.body.context.dispatches[0].urgings).toHaveLength(1)
    await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'RECORD_REPLY', form: { unit: 'shehuishiwu', repliedOn: '2026-03-18', result: '已办' } })
    const done = await h.http
      .post(`/api/cases/${c.body.id}/events`)
      .send({ type: 'CONCLUDE', form: { concludedOn: '2026-03-18', result: '已办', resolved: true } })
    const stopped = done.body.context.clocks.handling_village
    expect(stopped.status).toBe('stopped')
    expect(stopped.late).toBe(true)
    h.clock.set('2026-03-25')
    const later = await h.rt.scheduler.tick()
    expect(later.every((r) => r.clock !== 'handling_village')).toBe(true)
  })

  it('my tasks counts due-soon and overdue cases of the officer', async () => {
    h.clock.set('2026-04-01')
    await h.http.post('/api/cases').send({ form: intake({ officer: '王五', receivedOn: '2026-03-20' }) }) // due 03-27: overdue
    await h.http.post('/api/cases').send({ form: intake({ officer: '王五', receivedOn: '2026-03-30' }) }) // due 04-07... (04-03 + Qingming): within 3 days? no
    await h.http.post('/api/cases').send({ form: intake({ officer: '王五', receivedOn: '2026-03-26' }) }) // due 04-02: due soon
    const t = await (await h.as('王五')).get('/api/my/tasks')
    expect(t.body.counts).toEqual({ total: 3, overdue: 1, dueSoon: 1 })
    expect(t.body.items[0].dueDate).toBe('2026-03-27')
    const overdue = await h.http.get('/api/cases?overdue=1&officer=' + encodeURIComponent('王五'))
    expect(overdue.body.total).toBe(1)
  })
})
