/**
 * Writes without expectedVersion under contention, across two instances on one database: the
 * README promises 409 only for a stale expectedVersion, so an event that lost the race to another
 * writer is prepared again on the newer version server-side (bounded), and every one lands once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { intake, userClient, type Client } from '../runtime/harness'
import { seedOfficers } from '../helpers/officers'
import { dropDatabases, freshDatabase } from './db'

const WORKERS_PER_INSTANCE = 4
const WRITES_PER_WORKER = 5

let dir: string
const instances: Array<{ rt: Runtime; http: Client }> = []

beforeAll(async () => {
  const url = await freshDatabase('retry')
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-retry-'))
  for (let i = 0; i < 2; i++) {
    const store = new PgStore({ url, poolSize: 6 })
    await store.open()
    const rt = await createRuntime({
      dataDir: dir,
      schemeDirs: ['definitions/galutu'],
      clock: new ManualClock('2026-07-15'),
      store,
      log: () => {},
      challengeDifficulty: 8,
    })
    instances.push({ rt, http: await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'officer1') })
    await seedOfficers(rt, ['王五'])
  }
})

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 100))
  for (const x of instances) await x.rt.close()
  await rm(dir, { recursive: true, force: true })
  await dropDatabases()
})

describe('events without expectedVersion under contention', () => {
  it('all land, once each, on both instances at once; a stale expectedVersion is still 409', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]]
    const created = await a.http.post('/api/cases').send({ form: intake({ officer: '王五' }) })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.id as string
    const statuses: number[] = []
    const worker = async (via: typeof a, w: number) => {
      for (let n = 0; n < WRITES_PER_WORKER; n++) {
        const r = await via.http.post(`/api/cases/${id}/events`).send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: `批示 ${w}-${n}` } })
        statuses.push(r.status)
        if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`)
      }
    }
    await Promise.all([a, b].flatMap((via, i) => Array.from({ length: WORKERS_PER_INSTANCE }, (_, w) => worker(via, i * 100 + w))))
    const writes = 2 * WORKERS_PER_INSTANCE * WRITES_PER_WORKER
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    const c = (await b.http.get(`/api/cases/${id}`)).body
    expect(c.version).toBe(1 + writes)
    expect(c.context.records).toHaveLength(1 + writes)
    const audit = (await a.http.get(`/api/cases/${id}/audit`)).body.items as Array<{ toVersion: number; changes: { form?: { content?: string } } }>
    expect(audit.map((e) => e.toVersion)).toEqual(Array.from({ length: 1 + writes }, (_, i) => i + 1))
    const contents = audit.slice(1).map((e) => e.changes.form?.content)
    expect(new Set(contents).size).toBe(writes) // each event once, none lost, none doubled

    const stale = await a.http
      .post(`/api/cases/${id}/events`)
      .send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '旧版本' }, expectedVersion: c.version - 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.currentVersion ?? stale.body.details?.currentVersion).toBe(c.version)
  })
})
