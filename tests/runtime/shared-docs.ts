/**
 * Two app instances on one store write the same shared documents at the same moment, through
 * their HTTP apps, and every write is kept: assessment entries, grid attendance, obligation
 * evidence (and the year's tasks, created once), officer marks, staffing checks, the roster of a
 * month (generated once) and its swaps, a user's session list. The suite runs on the file store
 * (tests/runtime/instances-shared-docs.test.ts: two runtimes on one opened store) and on
 * PostgreSQL (tests/pg/instances-shared-docs.test.ts: two stores, two pools, one database, as two
 * servers). Each service changes its document with `store.updateDoc`; a getDoc → putDoc there
 * would lose writes here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createApp } from '../../runtime/server/app'
import type { Runtime } from '../../runtime/server/deps'
import type { ManualClock } from '../../runtime/clock'
import { signIn, TEST_PASSWORD, userClient, type Client } from './harness'

const PEOPLE = JSON.parse(readFileSync('tests/cases/duty/people.json', 'utf8')) as {
  accounts: Array<{ username: string; displayName: string; grants: Array<{ role: string; village?: string; unit?: string }> }>
}

export interface TwoInstances {
  a: Runtime
  b: Runtime
  clock: ManualClock
  close(): Promise<void>
}

/** Each of A and B sends `n` requests at once (2n in flight); returns A's responses, then B's. */
async function both<T>(n: number, onA: (i: number) => Promise<T>, onB: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all([...Array.from({ length: n }, (_, i) => onA(i)), ...Array.from({ length: n }, (_, i) => onB(i))])
}

export function sharedDocumentSuite(open: () => Promise<TwoInstances>): void {
  let t: TwoInstances
  let onA: Client
  let onB: Client
  const audit = async (action: string) => (await t.a.store.listAllAudit()).filter((e) => e.action === action)

  beforeAll(async () => {
    t = await open()
    t.clock.set('2026-03-06') // a Friday
    for (const p of PEOPLE.accounts) await t.a.accounts.create({ ...p, password: TEST_PASSWORD })
    const appA = createApp({ ...t.a, log: () => {}, signInLimit: 10_000 })
    const appB = createApp({ ...t.b, log: () => {}, signInLimit: 10_000 })
    onA = await userClient(t.a, appA, 'officer1') // every role; the account lives in the shared store
    onB = await signIn(appB, 'officer1')
  })
  afterAll(async () => t.close())

  describe('two instances writing the same document at once', () => {
    it('assessment entries for one village and month: all kept', async () => {
      const items = (await onA.get('/api/assessment/galutu/items')).body.items as Array<{ item: string; kind: string }>
      const count = items.find((i) => i.kind === 'count')!
      const entry = (i: number, by: string) => ({ village: '团结社区', item: count.item, value: 1, date: `2026-03-0${(i % 5) + 2}`, note: `${by} 第 ${i} 条` })
      const rs = await both(
        8,
        (i) => onA.post('/api/assessment/galutu/entries').send(entry(i, 'A')),
        (i) => onB.post('/api/assessment/galutu/entries').send(entry(i, 'B')),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201)
      for (const c of [onA, onB]) {
        const stored = (await c.get(`/api/assessment/galutu/entries?village=${encodeURIComponent('团结社区')}`)).body.items as Array<{ id: string }>
        expect(stored.map((e) => e.id).sort()).toEqual(rs.map((r) => r.body.id).sort())
      }
      expect(await audit('assessment.entry')).toHaveLength(16)
    })

    it('grid attendance in one month: every day kept; the same person and day recorded once', async () => {
      const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']
      const rs = await both(
        days.length,
        (i) => onA.post('/api/duty/galutu/attendance').send({ username: 'grid_t1', date: days[i] }),
        (i) => onB.post('/api/duty/galutu/attendance').send({ username: 'grid_w1', date: days[i] }),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201)
      const same = await both(
        3,
        () => onA.post('/api/duty/galutu/attendance').send({ username: 'grid_t1', date: '2026-02-27' }),
        () => onB.post('/api/duty/galutu/attendance').send({ username: 'grid_t1', date: '2026-02-27' }),
      )
      expect(same.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
      expect(new Set(same.map((r) => r.body.at)).size).toBe(1) // every answer is the one record stored
      const week = (await onB.get('/api/duty/galutu/attendance/week?date=2026-03-04')).body
      for (const u of ['grid_t1', 'grid_w1'])
        expect(week.rows.find((r: { username: string }) => r.username === u)).toMatchObject({ days, count: 5, shortfall: 0 })
      expect(
        (await onA.get('/api/duty/galutu/attendance/week?date=2026-02-27')).body.rows.find((r: { username: string }) => r.username === 'grid_t1').days,
      ).toEqual(['2026-02-27'])
      expect(await audit('duty.attendance')).toHaveLength(11)
    })

    it("the year's tasks are created once when both instances tick at once", async () => {
      const rs = await both(
        2,
        () => onA.post('/api/duty/tick').send({}),
        () => onB.post('/api/duty/tick').send({}),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(await audit('duty.obligations.create')).toHaveLength(1)
      const la = (await onA.get('/api/duty/galutu/obligations')).body.items.map((i: { id: string }) => i.id)
      expect((await onB.get('/api/duty/galutu/obligations')).body.items.map((i: { id: string }) => i.id)).toEqual(la)
      expect(la).toContain('training:2026-B2')
      expect(new Set(la).size).toBe(la.length)
    })

    it('evidence for one task: every record kept', async () => {
      const form = (i: number, by: string) => ({
        heldOn: `2026-03-0${(i % 5) + 2}`,
        topic: `${by} 业务培训 ${i}`,
        method: '知识讲座',
        attendance: [{ username: 'v_t1', name: '团结甲', present: true }],
      })
      const url = '/api/duty/galutu/obligations/training:2026-B2/evidence'
      const rs = await both(
        4,
        (i) => onA.post(url).send({ form: form(i, 'A') }),
        (i) => onB.post(url).send({ form: form(i, 'B') }),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201)
      const task = (await onA.get('/api/duty/galutu/obligations/training:2026-B2')).body
      expect(task.records.map((x: { id: string }) => x.id).sort()).toEqual(rs.map((r) => r.body.id).sort())
      expect(task.status).toBe('done')
    })

    it("officer marks of one half-year: each officer's marks kept", async () => {
      const officers = ['officer_a', 'v_t1', 'v_t2', 'v_w1']
      const marks = (u: string) => ({ form: { attitude: 8, discipline: 9 }, note: `${u} 的评分依据` })
      const put = (c: Client, u: string) => c.put(`/api/duty/galutu/officers/${u}/marks?period=2026-H1`).send(marks(u))
      const rs = await both(
        2,
        (i) => put(onA, officers[i]!),
        (i) => put(onB, officers[i + 2]!),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(200)
      const got = (await onB.get('/api/duty/galutu/officers?period=2026-H1')).body.officers as Array<{ username: string; marks: { note: string } | null }>
      for (const u of officers) expect(got.find((o) => o.username === u)?.marks?.note, u).toBe(`${u} 的评分依据`)
    })

    it('staffing checks: every one recorded', async () => {
      const rs = await both(
        3,
        () => onA.post('/api/duty/galutu/staffing/checks').send({}),
        () => onB.post('/api/duty/galutu/staffing/checks').send({}),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201)
      const checks = (await onA.get('/api/duty/galutu/staffing')).body.checks as Array<{ id: string }>
      expect(checks.map((c) => c.id).sort()).toEqual(rs.map((r) => r.body.record.id).sort())
    })

    it("a month's roster is generated once; swaps on different days from both are all kept", async () => {
      const gen = await both(
        1,
        () => onA.post('/api/duty/galutu/roster/2026-04').send({}),
        () => onB.post('/api/duty/galutu/roster/2026-04').send({}),
      )
      expect(gen.map((r) => r.status).sort()).toEqual([201, 409])
      const roster = gen.find((r) => r.status === 201)!.body
      expect((await onB.get('/api/duty/galutu/roster/2026-04')).body.generatedAt).toBe(roster.generatedAt)
      expect(await audit('duty.roster.generate')).toHaveLength(1)
      const leads = PEOPLE.accounts.filter((p) => p.grants.some((g) => g.role === 'shift_leader')).map((p) => p.username)
      const swap = (i: number) => {
        const day = roster.days[i] as { date: string; shifts: Record<string, string[]> }
        const from = day.shifts.lead![0]!
        return { date: day.date, shift: 'lead', from, to: leads.find((u) => u !== from)!, reason: `第 ${i} 天临时公出` }
      }
      const rs = await both(
        3,
        (i) => onA.post('/api/duty/galutu/swaps').send(swap(i)),
        (i) => onB.post('/api/duty/galutu/swaps').send(swap(i + 3)),
      )
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201)
      const after = (await onA.get('/api/duty/galutu/roster/2026-04')).body
      expect(after.swaps.map((s: { id: string }) => s.id).sort()).toEqual(rs.map((r) => r.body.id).sort())
      for (let i = 0; i < 6; i++) expect(after.days[i].shifts.lead, after.days[i].date).toEqual([swap(i).to])
      // the same swap sent to both: one is recorded, the other refused (the person is no longer on that shift)
      const again = await both(
        1,
        () => onA.post('/api/duty/galutu/swaps').send(swap(6)),
        () => onB.post('/api/duty/galutu/swaps').send(swap(6)),
      )
      expect(again.map((r) => r.status).sort()).toEqual([201, 422])
      expect((await onB.get('/api/duty/galutu/roster/2026-04')).body.swaps).toHaveLength(7)
    })

    it("a user's sessions signed in on both: every one listed, and all ended when the account is disabled", async () => {
      const appA = createApp({ ...t.a, log: () => {}, signInLimit: 10_000 })
      const appB = createApp({ ...t.b, log: () => {}, signInLimit: 10_000 })
      const sessions = await both(
        4,
        () => signIn(appA, 'cadre_a'),
        () => signIn(appB, 'cadre_a'),
      )
      const listed = (await t.a.store.getDoc<string[]>('user-sessions/cadre_a')) ?? []
      expect(listed).toHaveLength(8)
      for (const s of sessions) expect((await s.get('/api/auth/me')).status).toBe(200)
      await t.b.accounts.update('cadre_a', { disabled: true }, 'officer1')
      await t.a.accounts.update('cadre_a', { disabled: false }, 'officer1')
      for (const s of sessions) expect((await s.get('/api/auth/me')).status).toBe(401)
    })
  })
}
