/**
 * Notifications as rows on PostgreSQL (#20): 200 concurrent transitions notifying one officer, spread
 * over two instances on one database, lose nothing and double nothing.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { userClient, type Client } from '../runtime/harness'
import { UNIT, manyNotifyOne } from '../helpers/notify-load'
import { dropDatabases, freshDatabase } from './db'

let dir: string
const rts: Runtime[] = []
const clock = new ManualClock('2026-03-02')

async function instance(url: string): Promise<{ rt: Runtime; app: ReturnType<typeof createApp> }> {
  const store = new PgStore({ url, poolSize: 10 })
  await store.open()
  const rt = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock, store, log: () => {}, challengeDifficulty: 8 })
  rts.push(rt)
  return { rt, app: createApp({ ...rt, log: () => {}, signInLimit: 10_000 }) }
}

let clerkA: Client
let reader: Client

beforeAll(async () => {
  const url = await freshDatabase('notifyload')
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-notifyload-'))
  const a = await instance(url)
  const b = await instance(url)
  clerkA = await userClient(a.rt, a.app, 'officer1')
  reader = await userClient(b.rt, b.app, 'dept-one', [{ role: 'department_officer', scheme: 'galutu', unit: UNIT }])
})

afterAll(async () => {
  for (const rt of rts) await rt.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  await dropDatabases()
})

describe('notifications as rows on PostgreSQL', () => {
  it('200 transitions on one instance notifying one person read on another: all 200, once each', async () => {
    await manyNotifyOne(clerkA, reader, 200, '2026-03-02', 'officer1')
  }, 240_000)
})
