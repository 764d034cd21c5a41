/**
 * The server additions behind the channels UI: the linked cases of a case with their 重复访 / 多头访
 * kind, unlinking (case.link on both cases), the cases behind the repeat counts, and notifications
 * that reach the account an officer's display name stands for — all five kinds, never the one who
 * made the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-04-01', officers: ['李四'] })
})
afterAll(async () => h.close())

type Item = { caseId: string; number: string; kind: string | null; channel: string }

describe('linked cases', () => {
  const ids: string[] = []
  it('lists the group of a case, oldest first, each with its kind, by id or by number', async () => {
    const who = { petitionerName: '钱八', phone: '13600000088', village: '团结社区', officer: '李四' }
    for (const [day, channel] of [
      ['2026-04-01', 'visit'],
      ['2026-04-02', 'visit'],
      ['2026-04-03', 'online'],
    ] as const) {
      h.clock.set(day)
      const r = await h.http.post('/api/cases').send({ form: intake({ ...who, channel, receivedOn: day }) })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      ids.push(r.body.id)
    }
    expect((await h.http.post(`/api/cases/${ids[2]}/links`).send({ caseId: ids[0] })).status).toBe(200)
    expect((await h.http.post(`/api/cases/${ids[1]}/links`).send({ caseId: ids[0] })).status).toBe(200)
    const first = (await h.http.get(`/api/cases/${ids[0]}/links`)).body
    expect(first.kind).toBeNull() // the first of the group stands for it
    expect(first.items.map((i: Item) => [i.caseId, i.kind])).toEqual([
      [ids[1], 'repeat'],
      [ids[2], 'multi'],
    ])
    const number = (await h.http.get(`/api/cases/${ids[2]}`)).body.number
    const third = (await h.http.get(`/api/cases/${number}/links`)).body
    expect(third.kind).toBe('multi')
    expect(third.items.map((i: Item) => i.caseId)).toEqual([ids[0], ids[1]])
    const unlinked = (await h.http.get(`/api/cases/${ids[0]}/links`)).status
    expect(unlinked).toBe(200)
  })

  it('the repeat report names the counted cases', async () => {
    const r = (await h.http.get('/api/reports/galutu/repeats?year=2026')).body
    expect(r.items).toContainEqual({ village: '团结社区', month: '2026-04', repeat: 1, multi: 1 })
    const counted = r.cases.filter((c: Item & { village: string }) => c.village === '团结社区').map((c: Item) => [c.caseId, c.kind])
    expect(counted).toEqual([
      [ids[1], 'repeat'],
      [ids[2], 'multi'],
    ])
  })

  it('unlinking takes one case out of the group; the rest stay linked', async () => {
    const r = await h.http.delete(`/api/cases/${ids[0]}/links/${ids[1]}`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.linked).toEqual([ids[0], ids[2]].sort())
    expect((await h.http.get(`/api/cases/${ids[1]}/links`)).body).toEqual({ kind: null, items: [] })
    expect((await h.http.get(`/api/cases/${ids[2]}/links`)).body.items.map((i: Item) => i.caseId)).toEqual([ids[0]])
    // a case that is not in the group is refused by name
    const again = await h.http.delete(`/api/cases/${ids[0]}/links/${ids[1]}`)
    expect(again.status).toBe(422)
    expect(again.body.fields[0].code).toBe('NOT_LINKED')
    // the audit trail records it
    const audit = (await h.http.get(`/api/cases/${ids[1]}/audit`)).body.items
    expect(audit.map((a: { action: string }) => a.action)).toContain('unlink')
  })

  it('unlinking needs case.link on both cases', async () => {
    const reader = await h.as('reader-only', [{ role: 'auditor' }])
    expect((await reader.get(`/api/cases/${ids[0]}/links`)).status).toBe(200)
    // may read the case, may not link anything: refused (the route table answers a missing permission 403)
    expect((await reader.delete(`/api/cases/${ids[0]}/links/${ids[2]}`)).status).toBe(403)
    const village = await h.as('village-other', [{ role: 'village_officer', village: '文化社区' }])
    expect((await village.delete(`/api/cases/${ids[0]}/links/${ids[2]}`)).status).toBe(404)
    expect((await h.http.get(`/api/cases/${ids[2]}/links`)).body.items).toHaveLength(1)
  })

  it('linking needs case.link on both cases: a case of another village is answered as missing, by id or by number', async () => {
    const other = (
      await h.http
        .post('/api/cases')
        .send({ form: intake({ petitionerName: '钱八', phone: '13600000088', village: '文化社区', officer: '李四', receivedOn: '2026-04-03' }) })
    ).body
    const officer = await h.as('tuanjie-linker', [{ role: 'village_officer', village: '团结社区' }])
    for (const ref of [other.id, other.number]) {
      const r = await officer.post(`/api/cases/${ids[2]}/links`).send({ caseId: ref })
      expect(r.status).toBe(404)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    expect((await h.http.get(`/api/cases/${other.id}/links`)).body.items).toEqual([])
    // an unknown field is refused with the field named
    const bad = await officer.post(`/api/cases/${ids[2]}/links`).send({ caseId: other.id, force: true })
    expect(bad.status).toBe(422)
    expect(bad.body.fields[0].field).toBe('force')
    // who may link both links them, by number too
    const ok = await h.http.post(`/api/cases/${ids[2]}/links`).send({ caseId: other.number })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.linked).toEqual(expect.arrayContaining([ids[2], other.id]))
  })
})

describe('notifications', () => {
  it('reach the account a display name stands for; all five kinds; not the one who acted', async () => {
    h.clock.set('2026-04-06')
    await h.rt.accounts.create({ username: 'wangw', displayName: '王五代办', password: 'correct horse battery staple', grants: [{ role: 'town_officer' }] })
    const wang = await h.as('wangw')
    const boss = await h.as('boss', [{ role: 'leader' }])
    const clerk = await h.as('clerk2', [{ role: 'town_officer' }])
    const dept = await h.as('dept2', [{ role: 'department_officer', unit: 'pingan' }])
    const before = (await boss.get('/api/my/notifications')).body.items.length

    const c = (
      await clerk.post('/api/cases').send({ form: intake({ receivedOn: '2026-04-06', officer: '王五代办', level: 'village', category: '邻里小纠纷' }) })
    ).body
    await clerk.post(`/api/cases/${c.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-04-06', units: ['pingan'], matter: 'm' } })
    await dept.post(`/api/cases/${c.id}/events`).send({ type: 'RECORD_REPLY', form: { unit: 'pingan', repliedOn: '2026-04-07', result: 'r' } })
    h.clock.set('2026-04-13')
    await h.rt.scheduler.tick()
    h.clock.set('2026-04-30')
    await h.rt.scheduler.tick()
    // the officer concludes and records the petitioner's request for review himself
    await wang.post(`/api/cases/${c.id}/events`).send({ type: 'CONCLUDE', form: { concludedOn: '2026-04-30', result: '调解', resolved: true } })
    const fb = await wang
      .post(`/api/cases/${c.id}/events`)
      .send({ type: 'FEEDBACK', form: { method: '电话', toldOn: '2026-04-30', satisfied: false, reviewRequested: true } })
    expect(fb.status, JSON.stringify(fb.body)).toBe(200)

    const mine = (await wang.get('/api/my/notifications')).body
    const kinds = mine.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { kind: string }) => n.kind)
    expect(kinds).toEqual(expect.arrayContaining(['assigned', 'reply', 'due_soon', 'overdue']))
    // long overdue, the scheduler also raised an urging (督办)
    expect(new Set(kinds)).toEqual(new Set(['assigned', 'reply', 'due_soon', 'overdue', 'urge']))
    // he made the review request himself: he is not told; the leader who decides it is
    expect(kinds).not.toContain('review')
    const bossItems = (await boss.get('/api/my/notifications')).body.items
    expect(bossItems.length).toBe(before + 1)
    expect(bossItems[0]).toMatchObject({ kind: 'review', caseId: c.id, number: c.number, read: false })
    // a review is decided by a higher body than the one that handled the case (the town leader or shift
    // leader for a village matter: workflow REVIEW_DECISION roles), so the town officer who registered it is not told
    expect(
      (await clerk.get('/api/my/notifications')).body.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { kind: string }) => n.kind),
    ).toEqual([])
  })

  it('registering a case for oneself tells nobody', async () => {
    const wang = await h.as('wangw')
    const n0 = (await wang.get('/api/my/notifications')).body.items.length
    const r = await wang.post('/api/cases').send({ form: intake({ receivedOn: '2026-04-30', officer: '王五代办' }) })
    expect(r.status).toBe(201)
    expect((await wang.get('/api/my/notifications')).body.items.length).toBe(n0)
  })

  it('marks one read by id, then all; refuses a malformed request', async () => {
    const wang = await h.as('wangw')
    const list = (await wang.get('/api/my/notifications')).body
    expect(list.unread).toBeGreaterThan(1)
    const one = await wang.post('/api/my/notifications/read').send({ ids: [list.items[0].id] })
    expect(one.body.marked).toBe(1)
    expect((await wang.get('/api/my/notifications')).body.unread).toBe(list.unread - 1)
    const malformed = await wang.post('/api/my/notifications/read').send({ ids: [1, 2] })
    expect(malformed.status).toBe(422)
    expect(malformed.body.fields[0].pointer).toBe('/ids/0')
    expect((await wang.post('/api/my/notifications/read').send({})).status).toBe(422)
    expect((await wang.post('/api/my/notifications/read').send({ all: true })).body.marked).toBe(list.unread - 1)
    expect((await wang.get('/api/my/notifications')).body.unread).toBe(0)
  })
})
