/**
 * The HTTP runtime on PostgreSQL: createRuntime({ store: PgStore }) behind supertest, driven by the
 * same workflow table as tests/runtime/workflow.test.ts (tests/cases/workflow-paths.json, read,
 * not copied), plus case numbers across a restart, list filters, concurrency and the scheduler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { intake, runPath, userClient, type Client, type PathStep } from '../runtime/harness'
import { seedOfficers } from '../helpers/officers'
import { dropDatabases, freshDatabase } from './db'

type Step = PathStep
const table = JSON.parse(readFileSync('tests/cases/workflow-paths.json', 'utf8')) as { paths: Array<{ name: string; steps: Step[] }> }

interface PgHarness {
  rt: Runtime
  store: PgStore
  /** signed in as officer1 (every role), as in tests/runtime/harness.ts */
  http: Client
  clock: ManualClock
  reopen(): Promise<void>
  close(): Promise<void>
}

async function pgHarness(url: string, start = '2026-03-02'): Promise<PgHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-pgrt-')) // unused by PgStore; createRuntime wants one
  const clock = new ManualClock(start)
  const h = { clock } as PgHarness
  const open = async () => {
    h.store = new PgStore({ url, poolSize: 5 })
    await h.store.open()
    h.rt = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock, store: h.store, log: () => {}, challengeDifficulty: 8 })
    const app = createApp({ ...h.rt, log: () => {}, signInLimit: 10_000 })
    h.http = await userClient(h.rt, app, 'officer1') // accounts and sessions live in the docs table
    await seedOfficers(h.rt, ['李四', '王五', '赵六'])
  }
  await open()
  h.reopen = async () => {
    // let fire-and-forget work of the services (notifications) settle before the store closes
    await new Promise((r) => setTimeout(r, 100))
    await h.rt.close()
    await open()
  }
  h.close = async () => {
    await new Promise((r) => setTimeout(r, 100))
    await h.rt.close()
    await rm(dir, { recursive: true, force: true })
  }
  return h
}

let h: PgHarness
beforeAll(async () => {
  h = await pgHarness(await freshDatabase('runtime'))
})
afterAll(async () => {
  await h?.close()
  await dropDatabases()
})

describe.each(table.paths)('PostgreSQL: $name', ({ steps }) => {
  it('runs every step with the expected state, routing and due dates; audit matches versions', async () => {
    const { id, version } = await runPath(h, steps, (form) => ({ form: intake(form) }))
    const audit = await h.http.get(`/api/cases/${id}/audit`)
    expect(audit.status).toBe(200)
    expect(audit.body.items.length).toBe(version)
    expect(audit.body.items.map((a: { toVersion: number }) => a.toVersion)).toEqual(Array.from({ length: version }, (_, i) => i + 1))
    expect(audit.body.items.every((a: { actor: string }) => a.actor === 'officer1')).toBe(true)
    // the stored summary columns agree with the case (what lists and reports filter on)
    const got = await h.http.get(`/api/cases/${id}`)
    const listed = await h.http.get(`/api/cases?q=${encodeURIComponent(got.body.number)}`)
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id])
    expect(listed.body.items[0]).toEqual(got.body.summary)
  })
})

describe('PostgreSQL: the runtime', () => {
  it('numbers cases readably and never reuses a number, also after a restart', async () => {
    h.clock.set('2026-05-06')
    const a = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    const b = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(a.body.number).toMatch(/^GLT-2026-\d{6}$/)
    expect(Number(b.body.number.slice(-6))).toBe(Number(a.body.number.slice(-6)) + 1)
    await h.reopen()
    const c = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(Number(c.body.number.slice(-6))).toBeGreaterThan(Number(b.body.number.slice(-6)))
    expect((await h.http.get(`/api/cases/${c.body.number}`)).body.id).toBe(c.body.id)
    // the scheme published before the restart is found in the docs table, not re-published
    expect((await h.http.get('/api/schemes/galutu/versions')).body.items).toHaveLength(1)
  })

  it('lists with filters and sorts over HTTP', async () => {
    h.clock.set('2026-06-01')
    for (const village of ['团结社区', '巴音温都尔嘎查', '团结社区']) {
      const r = await h.http.post('/api/cases').send({ form: intake({ village, officer: '王五', receivedOn: '2026-05-20' }) })
      expect(r.status).toBe(201)
    }
    const byOfficer = await h.http.get('/api/cases?officer=' + encodeURIComponent('王五') + '&sort=village&order=asc&limit=10')
    expect(byOfficer.status).toBe(200)
    expect(byOfficer.body.total).toBe(3)
    expect(byOfficer.body.items.map((s: { village: string }) => s.village)).toEqual(['巴音温都尔嘎查', '团结社区', '团结社区'])
    const paged = await h.http.get('/api/cases?limit=2&offset=1')
    expect(paged.body.items).toHaveLength(2)
    expect(paged.body.total).toBeGreaterThan(3)
    const tasks = await h.http.get('/api/my/tasks?officer=' + encodeURIComponent('王五'))
    expect(tasks.body.counts.total).toBe(3)
  })

  it('of two concurrent transitions on one case exactly one wins (409 for the other)', async () => {
    h.clock.set('2026-06-02')
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-06-02' }) })
    const send = () =>
      h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '批示' }, expectedVersion: 1 })
    const results = await Promise.all([send(), send(), send()])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const audit = await h.http.get(`/api/cases/${c.body.id}/audit`)
    expect(audit.body.items).toHaveLength(2)
  })

  it('raises 临期, 超期 and 催办 once each, catching up after a week down with the latest urge only', async () => {
    h.clock.set('2026-03-02')
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '赵六' }) })
    expect(c.body.summary.dueDate).toBe('2026-03-09')
    h.clock.set('2026-03-06')
    const soon = await h.rt.scheduler.tick()
    expect(soon.filter((r) => r.caseId === c.body.id).map((r) => r.kind)).toEqual(['due_soon'])
    expect((await h.rt.scheduler.tick()).filter((r) => r.caseId === c.body.id)).toEqual([])
    await h.reopen()
    h.clock.set('2026-03-16')
    const caught = (await h.rt.scheduler.tick()).filter((r) => r.caseId === c.body.id)
    expect(caught.map((r) => r.kind).sort()).toEqual(['overdue', 'urge'])
    expect(await h.rt.scheduler.tick()).toEqual([])
    const listed = await h.http.get(`/api/reminders?caseId=${c.body.id}`)
    expect(listed.body.items).toHaveLength(3)
    const first = listed.body.items[0]
    expect((await h.http.post(`/api/reminders/${encodeURIComponent(first.id)}/ack`)).status).toBe(200)
    expect((await h.http.post(`/api/reminders/${encodeURIComponent(first.id)}/ack`)).status).toBe(404)
    expect((await h.http.get(`/api/reminders?caseId=${c.body.id}&open=1`)).body.items).toHaveLength(2)
  })
})
