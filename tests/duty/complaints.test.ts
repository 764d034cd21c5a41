/** Complaints about the service: public form behind the challenge, staff registration with an owner, the 15-working-day clock reminded by the deadline scheduler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'
import { solve } from '../../runtime/channels/challenge'

let h: DutyHarness
let staffCase: any
let receipt: any
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-03-02' })
})
afterAll(async () => h.close())

const publicForm = { complainant: '钱某某', phone: '13698765432', content: '服务点工作时间无人值守' }
async function challenge() {
  const c = (await h.pub.get('/api/public/challenge')).body
  return { challenge: c.token, solution: solve(c.token, c.difficulty) }
}

describe('registering complaints', () => {
  it('staff register one from the suggestion box with its owner; the 15-working-day clock runs', async () => {
    const r = await (
      await h.user()
    )
      .post('/api/duty/galutu/complaints')
      .send({ form: { complainant: '孙某', via: '意见箱', content: '代办员答复不及时', receivedOn: '2026-03-02' }, owner: 'officer_a' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    staffCase = r.body
    expect(staffCase).toMatchObject({ machine: 'complaint', state: 'open', summary: { officer: 'officer_a', receivedOn: '2026-03-02' } })
    expect(staffCase.number).toMatch(/^GLT-CO-2026-\d{6}$/)
    // 15 working days after 2026-03-02 (the start day not counted).
    expect(staffCase.summary.clocks).toEqual([
      expect.objectContaining({ clock: 'service_complaint', status: 'running', dueDate: '2026-03-23', unit: 'workday' }),
    ])
    expect(staffCase.context.records.map((x: { event: string }) => x.event)).toEqual(['REGISTER_COMPLAINT', 'ASSIGN_COMPLAINT'])
  })

  it('refuses an owner who is not an account', async () => {
    const r = await (
      await h.user()
    )
      .post('/api/duty/galutu/complaints')
      .send({ form: { complainant: '孙某', via: '监督电话', content: 'x', receivedOn: '2026-03-02' }, owner: 'nobody' })
    expect(r.status).toBe(422)
    expect(r.body.fields[0]).toMatchObject({ field: 'owner', code: 'UNKNOWN_ACCOUNT' })
  })

  it('the public files one without signing in, behind the proof-of-work challenge', async () => {
    const body = { form: publicForm, submissionId: 'complaint-0001', ...(await challenge()) }
    const r = await h.pub.post('/api/public/galutu/complaints').send(body)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    receipt = r.body
    expect(receipt).toMatchObject({ receivedOn: '2026-03-02', replyBy: '2026-03-23' })
    expect(receipt.number).toMatch(/^GLT-CO-2026-\d{6}$/)
    expect(receipt.message).toContain('2026-03-23')
    // The same submission again (a retry) gets the same receipt, and no second case.
    const again = await h.pub.post('/api/public/galutu/complaints').send({ ...body, ...(await challenge()) })
    expect(again.body).toEqual(receipt)
    const rec = await h.rt.store.getCaseByNumber(receipt.number)
    const facts = (rec!.snapshot as { context: { facts: Record<string, unknown> } }).context.facts
    expect(facts).toMatchObject({ ...publicForm, via: '网上', receivedOn: '2026-03-02' })
  })

  it('refuses a failed challenge, fields the system fills, and unknown fields', async () => {
    const bad = await h.pub
      .post('/api/public/galutu/complaints')
      .send({ form: publicForm, submissionId: 'complaint-0002', challenge: (await challenge()).challenge, solution: 'nope' })
    expect(bad.status).toBe(403)
    expect(bad.body.code).toBe('CHALLENGE_FAILED')
    const via = await h.pub
      .post('/api/public/galutu/complaints')
      .send({ form: { ...publicForm, via: '来访' }, submissionId: 'complaint-0003', ...(await challenge()) })
    expect(via.status).toBe(422)
    expect(via.body.fields[0].field).toBe('via')
    const extra = await h.pub.post('/api/public/galutu/complaints').send({ form: publicForm, submissionId: 'complaint-0004', extra: 1, ...(await challenge()) })
    expect(extra.status).toBe(422)
    const invalid = await h.pub
      .post('/api/public/galutu/complaints')
      .send({ form: { complainant: '钱某某' }, submissionId: 'complaint-0005', ...(await challenge()) })
    expect(invalid.status).toBe(422)
    expect(invalid.body.fields.map((f: { field: string }) => f.field)).toContain('content')
  })

  it('staff routes need a session', async () => {
    expect((await h.pub.get('/api/duty/galutu/complaints')).status).toBe(401)
    expect((await h.pub.post('/api/duty/galutu/complaints').send({ form: {} })).status).toBe(401)
  })
})

describe('the 15-working-day limit, reminded like any case', () => {
  it('warns before due and, once past 15 working days, flags overdue and urges, once each; the owner is notified', async () => {
    h.clock.set('2026-03-19')
    const soon = (await (await h.user()).post('/api/scheduler/tick').send({})).body
    expect(soon.items.filter((x: { clock: string }) => x.clock === 'service_complaint').map((x: { kind: string }) => x.kind)).toEqual(['due_soon', 'due_soon'])

    h.clock.set('2026-03-24')
    const late = (await (await h.user()).post('/api/scheduler/tick').send({})).body
    const mine = late.items.filter((x: { caseId: string }) => x.caseId === staffCase.id)
    expect(mine.map((x: { kind: string }) => x.kind)).toEqual(['overdue', 'urge'])
    expect(mine[0]).toMatchObject({ clock: 'service_complaint', dueDate: '2026-03-23', caseNumber: staffCase.number })
    expect((await (await h.user()).post('/api/scheduler/tick').send({})).body.raised).toBe(0)

    const list = (await (await h.user()).get('/api/duty/galutu/complaints?status=overdue')).body
    expect(list.items.map((x: { number: string }) => x.number).sort()).toEqual([staffCase.number, receipt.number].sort())
    expect(list.items.find((x: { number: string }) => x.number === staffCase.number)).toMatchObject({
      owner: 'officer_a',
      replyBy: '2026-03-23',
      status: 'overdue',
    })

    const notes = (await (await h.user('officer_a')).get('/api/my/notifications')).body
    expect(notes.items.some((n: { caseId: string; kind: string }) => n.caseId === staffCase.id && n.kind === 'overdue')).toBe(true)
  })

  it('an owner is assigned and replies through the case events; a replied complaint is done', async () => {
    const rec = await h.rt.store.getCaseByNumber(receipt.number)
    const c = await h.user()
    const a = await c.post(`/api/cases/${rec!.summary.id}/events`).send({ type: 'ASSIGN_COMPLAINT', form: { officer: 'officer_a', note: '请核实' } })
    expect(a.status, JSON.stringify(a.body)).toBe(200)
    expect(a.body.summary.officer).toBe('officer_a')
    const r = await c
      .post(`/api/cases/${rec!.summary.id}/events`)
      .send({ type: 'REPLY_COMPLAINT', form: { repliedOn: '2026-03-24', reply: '已核实，服务点已落实值守' } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ state: 'replied', done: true })
    expect(r.body.context.clocks.service_complaint).toMatchObject({ status: 'stopped', stoppedOn: '2026-03-24', late: true })
    const list = (await c.get('/api/duty/galutu/complaints')).body
    expect(list.items.find((x: { number: string }) => x.number === receipt.number).status).toBe('replied')
  })
})
