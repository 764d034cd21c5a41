/**
 * Notifications people can live with (issue #18 §5), on the real Galutu definitions and a file store:
 * a back-dated case is told once that it is overdue and urged from the day it is registered (table
 * tests/cases/reminders/urging.json), with one notice per reminder; a case's reminders end when it
 * is concluded or archived; reminders stay in the reader's jurisdiction — another village's cases
 * and another village's yearly meeting are not theirs — and a first start in December does not
 * flag the obligations of January to November.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Harness } from './harness'
import type { Reminder } from '../../runtime/store'

interface Row {
  name: string
  registerOn: string
  form: Record<string, unknown>
  dueDate: string
  ticks: Array<{ on: string; raised: string[] }>
}
const table = JSON.parse(readFileSync('tests/cases/reminders/urging.json', 'utf8')) as { cases: Row[] }

/** `<case id>:<clock>:<started>:<due>:<what>` → what (overdue, due_soon, urge:2, urge:set:1) */
const what = (r: Reminder) => r.id.split(':').slice(4).join(':')
const REMINDER_KINDS = new Set(['due_soon', 'overdue', 'urge'])

describe('urging a back-dated case starts on the day it is registered', () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness({ start: '2026-03-02', officers: ['补登戊', ...table.cases.map((c) => String(c.form.officer))] })
  })
  afterAll(async () => h.close())

  for (const row of table.cases) {
    it(row.name, async () => {
      h.clock.set(row.registerOn)
      const c = await h.http.post('/api/cases').send({ form: intake(row.form) })
      expect(c.status, JSON.stringify(c.body).slice(0, 300)).toBe(201)
      expect(c.body.summary.dueDate).toBe(row.dueDate)
      let total = 0
      for (const t of row.ticks) {
        h.clock.set(t.on)
        const raised = (await h.rt.scheduler.tick()).filter((r) => r.caseId === c.body.id)
        expect(raised.map(what), t.on).toEqual(t.raised)
        total += raised.length
        // the officer is told once per reminder: nothing more
        const inbox = (await h.rt.channels.notifications.list(String(row.form.officer))).filter((n) => n.caseId === c.body.id && REMINDER_KINDS.has(n.kind))
        expect(inbox.length, t.on).toBe(total)
      }
      const inbox = (await h.rt.channels.notifications.list(String(row.form.officer))).filter((n) => n.caseId === c.body.id && REMINDER_KINDS.has(n.kind))
      expect(
        inbox.filter((n) => n.kind === 'overdue'),
        'one overdue notice',
      ).toHaveLength(row.ticks.some((t) => t.raised.includes('overdue')) ? 1 : 0)
      expect(inbox.every((n) => !/第\s*(\d{2,})\s*次/.test(n.message))).toBe(true)
    })
  }

  it('the case page and the reminders say when the clock was set (a back-dated case)', async () => {
    h.clock.set('2026-03-20')
    const c = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-02-02', officer: '补登戊' }) })
    expect(c.body.context.clocks.handling_village).toMatchObject({ startedOn: '2026-02-02', setOn: '2026-03-20', dueDate: '2026-02-09' })
    expect(c.body.summary.clocks[0]).toMatchObject({ startedOn: '2026-02-02', setOn: '2026-03-20' })
  })
})

describe("a case's reminders end when it is concluded or archived", () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness({ start: '2026-03-02', officers: ['李四'] })
  })
  afterAll(async () => h.close())

  it('concluding stops new reminders and ends the open ones; archiving keeps them ended', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    const id = c.body.id as string
    h.clock.set('2026-03-10')
    expect((await h.rt.scheduler.tick()).filter((r) => r.caseId === id).map(what)).toEqual(['overdue', 'urge:0'])
    const open = await h.http.get(`/api/reminders?caseId=${id}&open=1`)
    expect(open.body.items.map((r: Reminder) => r.kind)).toEqual(['overdue', 'urge'])
    expect(open.body.items.every((r: Reminder & { ended?: boolean }) => !r.ended)).toBe(true)

    await h.http.post(`/api/cases/${id}/events`).send({ type: 'CONCLUDE', form: { concludedOn: '2026-03-10', result: '已办', resolved: true } })
    expect((await h.http.get(`/api/reminders?caseId=${id}&open=1`)).body.items).toEqual([])
    const all = (await h.http.get(`/api/reminders?caseId=${id}`)).body.items as Array<Reminder & { ended?: boolean }>
    expect(all.map((r) => [r.kind, r.ended])).toEqual([
      ['overdue', true],
      ['urge', true],
    ])
    h.clock.set('2026-03-12')
    expect((await h.rt.scheduler.tick()).filter((r) => r.caseId === id)).toEqual([])

    // through feedback, follow-up (its own clock, reminded while it runs) to the archive
    await h.http
      .post(`/api/cases/${id}/events`)
      .send({ type: 'FEEDBACK', form: { method: '电话', toldOn: '2026-03-12', satisfied: true, reviewRequested: false } })
    h.clock.set('2026-03-30') // the follow-up visit was due 15 days after the conclusion (03-25)
    expect((await h.rt.scheduler.tick()).filter((r) => r.caseId === id).map((r) => [r.clock, what(r)])).toEqual([
      ['follow_up', 'overdue'],
      ['follow_up', 'urge:1'],
    ])
    await h.http.post(`/api/cases/${id}/events`).send({ type: 'FOLLOW_UP', form: { visitedOn: '2026-03-30', method: '电话', situation: '无反复' } })
    await h.http
      .post(`/api/cases/${id}/events`)
      .send({ type: 'ARCHIVE', form: { archivedOn: '2026-03-30', archiveNumber: 'DA-1', keeper: '王', intakeForm: true } })
    expect((await h.http.get(`/api/cases/${id}`)).body.state).toBe('archived')
    expect((await h.http.get(`/api/reminders?caseId=${id}&open=1`)).body.items).toEqual([])
    expect(((await h.http.get(`/api/reminders?caseId=${id}`)).body.items as Array<{ ended?: boolean }>).every((r) => r.ended === true)).toBe(true)
    h.clock.set('2026-04-30')
    expect((await h.rt.scheduler.tick()).filter((r) => r.caseId === id)).toEqual([])
  })
})

describe("reminders stay in the reader's jurisdiction", () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness({ start: '2026-12-01' })
  })
  afterAll(async () => h.close())

  it("a village officer gets their village's case reminders and its yearly meeting, not another village's", async () => {
    const tuanjie = await h.as('vo_tuanjie', [{ role: 'village_officer', village: '团结社区' }])
    const wenhua = await h.as('vo_wenhua', [{ role: 'village_officer', village: '文化社区' }])
    const town = await h.as('to_town', [{ role: 'town_officer' }])
    const a = (await h.http.post('/api/cases').send({ form: intake({ village: '团结社区', receivedOn: '2026-12-01', officer: 'vo_tuanjie' }) })).body
    const b = (
      await h.http.post('/api/cases').send({ form: intake({ village: '文化社区', petitionerName: '李四', receivedOn: '2026-12-01', officer: 'vo_wenhua' }) })
    ).body
    h.clock.set('2026-12-09') // both overdue (due 12-08)
    const raised = await h.rt.scheduler.tick()
    expect(new Set(raised.map((r) => r.caseId))).toEqual(new Set([a.id, b.id]))
    // the first start of the recurring duties in December: this year's tasks are made, none of January–November is flagged
    const duty = await h.rt.duty.tick()
    expect(duty.filter((r) => r.kind === 'overdue')).toEqual([])
    expect(duty.map((r) => r.caseId.split(':').slice(2).join(':')).sort()).toEqual([
      'satisfaction_survey:2026',
      'village_meeting:2026:bayanwendur',
      'village_meeting:2026:huhetaolegai',
      'village_meeting:2026:sarulatuya',
      'village_meeting:2026:tuanjie',
      'village_meeting:2026:wenhua',
    ])

    const mine = (await tuanjie.get('/api/reminders?open=1')).body.items as Reminder[]
    expect(new Set(mine.map((r) => r.caseId))).toEqual(new Set([a.id, 'duty:galutu:village_meeting:2026:tuanjie']))
    const theirs = (await wenhua.get('/api/reminders?open=1')).body.items as Reminder[]
    expect(new Set(theirs.map((r) => r.caseId))).toEqual(new Set([b.id, 'duty:galutu:village_meeting:2026:wenhua']))
    // the town officer: both villages' cases, and the survey the definition gives their role, not the villages' meetings
    const towns = (await town.get('/api/reminders?open=1')).body.items as Reminder[]
    expect(new Set(towns.map((r) => r.caseId))).toEqual(new Set([a.id, b.id, 'duty:galutu:satisfaction_survey:2026']))

    // nor can they acknowledge another village's
    const other = theirs.find((r) => r.caseId === 'duty:galutu:village_meeting:2026:wenhua')!
    expect((await tuanjie.post(`/api/reminders/${encodeURIComponent(other.id)}/ack`)).status).toBe(404)
    expect((await wenhua.post(`/api/reminders/${encodeURIComponent(other.id)}/ack`)).status).toBe(200)
    const otherCase = theirs.find((r) => r.caseId === b.id)!
    expect((await tuanjie.post(`/api/reminders/${encodeURIComponent(otherCase.id)}/ack`)).status).toBe(404)

    // notices go to the case's officer only
    const notices = (await tuanjie.get('/api/my/notifications')).body.items as Array<{ caseId: string; kind: string }>
    expect(notices.filter((n) => REMINDER_KINDS.has(n.kind)).map((n) => n.caseId)).toEqual([a.id, a.id])

    // in the new year the tasks it made in December and left undone are flagged once; January–November never
    h.clock.set('2027-01-02')
    const next = await h.rt.duty.tick()
    const overdue = next.filter((r) => r.kind === 'overdue')
    expect(overdue.length).toBeGreaterThan(0)
    expect(new Set(overdue.map((r) => r.dueDate))).toEqual(new Set(['2026-12-31']))
  })
})
