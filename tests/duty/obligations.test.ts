/** Recurring obligations: tasks per period, reminders before due and when overdue (exactly once), evidence validated by the engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'
import { periodsOfYear, parseDutyPeriod, periodsDueWithin, weekOf } from '../../runtime/duty'
import { reminderHref } from '../../runtime/web/src/links'

let h: DutyHarness
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-01-05' })
})
afterAll(async () => h.close())

/**
 * The monthly review of whether to convene a dispatch meeting (issue 16, 附件7 五) adds a task every
 * month: these tests follow the other obligations and leave it out; it has its own test below.
 */
const other = (id: string) => !id.includes('dispatch_meeting')
const tick = async () => {
  const body = (await (await h.user()).post('/api/duty/tick').send({})).body as {
    raised: number
    items: Array<{ id: string; kind: string; caseId: string; dueDate: string; message: string }>
  }
  const items = body.items.filter((x) => other(x.id))
  return { raised: items.length, items }
}
const list = async (q = '') => {
  const body = (await (await h.user()).get(`/api/duty/galutu/obligations?year=2026${q}`)).body
  const items = body.items.filter((i: { id: string }) => other(i.id))
  const n = (s: string) => items.filter((i: { status: string }) => i.status === s).length
  return { ...body, items, counts: { open: n('open'), done: n('done'), overdue: n('overdue') } }
}

const training = (over: Record<string, unknown> = {}) => ({
  heldOn: '2026-02-26',
  topic: '信访工作条例与代办流程',
  method: '知识讲座',
  trainer: '旗信访局',
  attendance: [
    { username: 'v_t1', name: '团结甲', present: true },
    { name: '文化甲', village: '文化社区', present: false, absenceReason: '病假' },
    { username: 'officer_a', name: '刘代办', present: true },
  ],
  notes: '点名到场2人',
  ...over,
})

describe('periods anchored to the calendar year', () => {
  it('every two months, quarterly, half-yearly, yearly', () => {
    expect(periodsOfYear(2, 2026).map((p) => [p.id, p.from, p.to])).toEqual([
      ['2026-B1', '2026-01-01', '2026-02-28'],
      ['2026-B2', '2026-03-01', '2026-04-30'],
      ['2026-B3', '2026-05-01', '2026-06-30'],
      ['2026-B4', '2026-07-01', '2026-08-31'],
      ['2026-B5', '2026-09-01', '2026-10-31'],
      ['2026-B6', '2026-11-01', '2026-12-31'],
    ])
    expect(periodsOfYear(3, 2028)[0]).toMatchObject({ id: '2028-Q1', name: '2028年第一季度', to: '2028-03-31' })
    expect(periodsOfYear(6, 2026).map((p) => p.name)).toEqual(['2026年上半年', '2026年下半年'])
    expect(parseDutyPeriod(12, '2026')).toMatchObject({ from: '2026-01-01', to: '2026-12-31', name: '2026年度' })
    expect(parseDutyPeriod(6, '2026-Q1')).toBeNull()
    expect(periodsDueWithin(2, '2026-01-01', '2026-05-31').map((p) => p.id)).toEqual(['2026-B1', '2026-B2'])
    expect(weekOf('2026-03-05')).toEqual({ from: '2026-03-02', to: '2026-03-08' })
    expect(weekOf('2026-03-08')).toEqual({ from: '2026-03-02', to: '2026-03-08' })
  })
})

describe('tasks, reminders and overdue flags on the injected clock', () => {
  it('creates a task for each period that has started, once', async () => {
    expect((await tick()).raised).toBe(0)
    const l = await list()
    // training (Jan–Feb), joint meeting Q1, each of the 5 villages' yearly meeting, self-evaluation Q1, the survey, officer assessment H1
    expect(l.items.map((i: { id: string }) => i.id).sort()).toEqual([
      'joint_meeting:2026-Q1',
      'officer_assessment:2026-H1',
      'satisfaction_survey:2026',
      'self_evaluation:2026-Q1',
      'training:2026-B1',
      'village_meeting:2026:bayanwendur',
      'village_meeting:2026:huhetaolegai',
      'village_meeting:2026:sarulatuya',
      'village_meeting:2026:tuanjie',
      'village_meeting:2026:wenhua',
    ])
    expect(l.counts).toEqual({ open: 10, done: 0, overdue: 0 })
    const t = l.items.find((i: { id: string }) => i.id === 'training:2026-B1')
    expect(t).toMatchObject({
      status: 'open',
      due: '2026-02-28',
      remindOn: '2026-02-18',
      dueSoon: false,
      form: 'trainingRecord',
      period: { name: '2026年1—2月' },
    })
    await tick()
    expect((await list()).items).toHaveLength(10)
    const audit = (await h.rt.store.listAllAudit()).filter((a) => a.action === 'duty.obligations.create')
    expect(audit).toHaveLength(1)
  })

  it('reminds the obligation’s remindBefore days before due, exactly once', async () => {
    h.clock.set('2026-02-17')
    expect((await tick()).raised).toBe(0)
    h.clock.set('2026-02-18')
    const r = await tick()
    expect(r.items.map((x) => [x.id, x.kind, x.dueDate])).toEqual([['duty:galutu:training:2026-B1:due_soon:2026-02-28', 'due_soon', '2026-02-28']])
    expect(r.items[0]!.message).toContain('信访代办员教育培训（2026年1—2月）将于 2026-02-28 到期')
    // the workspace's reminder list links it to the task's page, which the duty API knows
    const href = reminderHref({ caseId: r.items[0]!.caseId, caseNumber: '' })
    expect(href).toBe('#/duty/obligations/training%3A2026-B1')
    const occ = decodeURIComponent(href.slice('#/duty/obligations/'.length))
    expect((await (await h.user()).get(`/api/duty/galutu/obligations/${encodeURIComponent(occ)}`)).status).toBe(200)
    expect((await tick()).raised).toBe(0)
    h.clock.set('2026-02-20')
    expect((await tick()).raised).toBe(0)
    expect((await list('&status=open')).items.find((i: { id: string }) => i.id === 'training:2026-B1').dueSoon).toBe(true)
  })

  it('flags overdue the day after due and reminds once; the next period starts', async () => {
    h.clock.set('2026-02-28')
    expect((await tick()).raised).toBe(0)
    h.clock.set('2026-03-01')
    const r = await tick()
    expect(r.items.map((x) => [x.id, x.kind])).toEqual([['duty:galutu:training:2026-B1:overdue:2026-02-28', 'overdue']])
    expect((await tick()).raised).toBe(0)
    const l = await list()
    expect(l.items.filter((i: { status: string }) => i.status === 'overdue').map((i: { id: string }) => i.id)).toEqual(['training:2026-B1'])
    expect(l.items.map((i: { id: string }) => i.id)).toContain('training:2026-B2')
    const stored = await h.rt.store.listReminders({ caseId: 'duty:galutu:training:2026-B1' })
    expect(stored.map((x) => x.kind)).toEqual(['due_soon', 'overdue'])
  })

  it('a restarted server catches up: a task that fell due while it was down is flagged once', async () => {
    h.clock.set('2026-04-05')
    const r = await tick()
    // Q1's joint meeting and self-evaluation fell due on 03-31 (their due-soon window passed unseen).
    expect(r.items.map((x) => [x.id.split(':').slice(1, 4).join(':'), x.kind]).sort()).toEqual([
      ['galutu:joint_meeting:2026-Q1', 'overdue'],
      ['galutu:self_evaluation:2026-Q1', 'overdue'],
    ])
    expect((await tick()).raised).toBe(0)
  })
})

describe('issue 16: the dispatch meeting, convened as needed after the monthly bulletin (附件7 五)', () => {
  it('a task each month; the review records the problems and whether a meeting was convened', async () => {
    const c = await h.user()
    const all = (await c.get('/api/duty/galutu/obligations?year=2026&obligation=dispatch_meeting')).body
    expect(all.items.map((i: { id: string }) => i.id)).toContain('dispatch_meeting:2026-01')
    expect(all.items.find((i: { id: string }) => i.id === 'dispatch_meeting:2026-01')).toMatchObject({ due: '2026-01-31', form: 'dispatchMeetingReview' })
    const none = await c
      .post('/api/duty/galutu/obligations/dispatch_meeting:2026-01/evidence')
      .send({ form: { reviewedOn: '2026-01-30', bulletin: '2025-12', problems: '无', convened: false } })
    expect(none.status, JSON.stringify(none.body)).toBe(201)
    const held = await c.post('/api/duty/galutu/obligations/dispatch_meeting:2026-02/evidence').send({
      form: {
        reviewedOn: '2026-02-10',
        bulletin: '2026-01',
        problems: '萨如拉图雅嘎查办结率偏低',
        convened: true,
        heldOn: '2026-02-12',
        convenedBy: '镇信访联席会议办公室主任',
        decisions: '限期办结',
      },
    })
    expect(held.status, JSON.stringify(held.body)).toBe(201)
    const bad = await c
      .post('/api/duty/galutu/obligations/dispatch_meeting:2026-03/evidence')
      .send({ form: { reviewedOn: '2026-03-10', bulletin: '2026-13', problems: '' } })
    expect(bad.status).toBe(422)
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['bulletin', 'convened', 'problems'])
  })
})

describe('evidence', () => {
  it('is validated against the obligation’s form by the engine', async () => {
    const c = await h.user()
    const bad = await c.post('/api/duty/galutu/obligations/training:2026-B1/evidence').send({ form: { heldOn: '2026-02-26', method: '唱歌', attendance: [] } })
    expect(bad.status).toBe(422)
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['attendance', 'method', 'topic'])
    const early = await c.post('/api/duty/galutu/obligations/training:2026-B2/evidence').send({ form: training({ heldOn: '2026-02-26' }) })
    expect(early.status).toBe(422)
    expect(early.body.fields[0].code).toBe('OUT_OF_PERIOD')
    const future = await c.post('/api/duty/galutu/obligations/training:2026-B6/evidence').send({ form: training({ heldOn: '2026-11-02' }) })
    expect(future.status).toBe(409)
    expect((await c.post('/api/duty/galutu/obligations/nope:2026/evidence').send({ form: {} })).status).toBe(404)
    expect((await c.post('/api/duty/galutu/obligations/training:2026-B1/evidence').send({ form: training(), extra: 1 })).status).toBe(422)
  })

  it('is stored with who and when, credits the villages present at the roll call, and marks the task done', async () => {
    const c = await h.user('officer_a')
    const r = await c.post('/api/duty/galutu/obligations/training:2026-B1/evidence').send({ form: training() })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({
      occurrence: 'training:2026-B1',
      by: 'officer_a',
      at: h.clock.now().toISOString(),
      date: '2026-02-26',
      late: false,
      credits: ['团结社区'],
      present: { usernames: ['v_t1', 'officer_a'], names: ['团结甲', '刘代办'] },
    })
    const one = (await c.get('/api/duty/galutu/obligations/training:2026-B1')).body
    expect(one).toMatchObject({ status: 'done', doneOn: '2026-02-26' })
    expect(one.records[0].form.attendance).toHaveLength(3)
    expect((await h.rt.store.listAllAudit()).filter((a) => a.action === 'duty.evidence').at(-1)).toMatchObject({
      actor: 'officer_a',
      changes: { occurrence: 'training:2026-B1', credits: ['团结社区'] },
    })
    // Done: no more reminders for it.
    h.clock.set('2026-04-06')
    expect((await tick()).items.filter((x) => x.id.includes('training:2026-B1'))).toEqual([])
  })

  it('a village meeting is per village; a record held after the period is late', async () => {
    h.clock.set('2027-01-10')
    const c = await h.user()
    const r = await c
      .post('/api/duty/galutu/obligations/village_meeting:2026:wenhua/evidence')
      .send({ form: { heldOn: '2027-01-08', title: '文化社区信访代办工作专题会议', convenedBy: '社区党委书记', topics: '研究落实信访代办工作' } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ village: '文化社区', credits: ['文化社区'], late: true })
    const l = (await c.get('/api/duty/galutu/obligations?year=2026&obligation=village_meeting')).body
    expect(l.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      ['village_meeting:2026:bayanwendur', 'overdue'],
      ['village_meeting:2026:huhetaolegai', 'overdue'],
      ['village_meeting:2026:sarulatuya', 'overdue'],
      ['village_meeting:2026:tuanjie', 'overdue'],
      ['village_meeting:2026:wenhua', 'done'],
    ])
    // Last year's overdue tasks are still flagged in the new year, once each.
    const raised = await tick()
    expect(raised.items.filter((x) => x.id.includes('village_meeting:2026')).map((x) => x.kind)).toEqual(['overdue', 'overdue', 'overdue', 'overdue'])
    expect((await tick()).raised).toBe(0)
  })
})
