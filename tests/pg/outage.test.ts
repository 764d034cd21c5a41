/**
 * The database goes away under a running instance and comes back: the instance's connections are
 * ended by the server (pg_terminate_backend: 57P01 "terminating connection due to administrator
 * command", also to a connection checked out mid-transaction, which used to be an unhandled
 * 'error' event that ended the process), and new ones are refused for a while (a TCP proxy in
 * front of the server stops accepting). Requests then get 503 with a JSON message, promptly;
 * /api/ready says not ready; once the database is back the same instance serves again by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import net from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import request from 'supertest'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { StoreUnavailableError } from '../../runtime/store'
import { intake, userClient, type Client } from '../runtime/harness'
import { seedOfficers } from '../helpers/officers'
import { dropDatabases, freshDatabase } from './db'

/** A TCP proxy to the database that can refuse new connections and cut the open ones. */
async function proxyTo(target: URL) {
  const open = new Set<net.Socket>()
  let refusing = false
  const server = net.createServer((down) => {
    if (refusing) return void down.destroy()
    const up = net.connect(Number(target.port || 5432), target.hostname)
    open.add(down)
    open.add(up)
    const end = () => {
      down.destroy()
      up.destroy()
      open.delete(down)
      open.delete(up)
    }
    down.on('error', end).on('close', end)
    up.on('error', end).on('close', end)
    down.pipe(up).pipe(down)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as net.AddressInfo).port,
    refuse(on: boolean) {
      refusing = on
    },
    close: () => {
      for (const s of open) s.destroy()
      return new Promise<void>((r) => server.close(() => r()))
    },
  }
}

let direct: string
let proxy: Awaited<ReturnType<typeof proxyTo>>
let dir: string
let rt: Runtime
let store: PgStore
let app: ReturnType<typeof createApp>
let http: Client

async function terminate(app_name: string): Promise<number> {
  const c = new pg.Client({ connectionString: direct })
  await c.connect()
  try {
    const r = await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [app_name])
    return r.rowCount ?? 0
  } finally {
    await c.end()
  }
}

beforeAll(async () => {
  direct = await freshDatabase('outage')
  const u = new URL(direct)
  proxy = await proxyTo(new URL(direct))
  u.hostname = '127.0.0.1'
  u.port = String(proxy.port)
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-outage-'))
  store = new PgStore({ url: u.toString(), poolSize: 4, applicationName: 'daiban-outage', connectTimeoutMs: 5000 })
  await store.open()
  rt = await createRuntime({
    dataDir: dir,
    schemeDirs: ['definitions/galutu'],
    clock: new ManualClock('2026-07-15'),
    store,
    log: () => {},
    challengeDifficulty: 8,
  })
  app = createApp({ ...rt, log: () => {}, signInLimit: 10_000 })
  http = await userClient(rt, app, 'officer1')
  await seedOfficers(rt, ['李四'])
})

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 100))
  await rt?.close()
  await proxy?.close()
  await rm(dir, { recursive: true, force: true })
  await dropDatabases()
})

describe('the database goes away and comes back', () => {
  it('answers 503 during the outage, without crashing or hanging, and serves again afterwards', async () => {
    const created = await http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect((await http.get('/api/cases?limit=5')).status).toBe(200)

    // a transaction holds a connection between two statements when the server ends it
    let inside!: () => void
    const entered = new Promise<void>((r) => (inside = r))
    const tx = store
      .transaction(async (bulk) => {
        inside()
        await new Promise((r) => setTimeout(r, 400))
        return bulk.counts()
      })
      .then(
        () => null,
        (e: unknown) => e,
      ) // caught at once: it may fail before the test looks
    await entered
    proxy.refuse(true)
    expect(await terminate('daiban-outage')).toBeGreaterThan(0)
    expect(await tx).toBeInstanceOf(StoreUnavailableError)

    // during the outage: 503 and a message, well within the connect timeout plus a little
    const t0 = Date.now()
    for (const r of [
      await http.get('/api/cases?limit=5'),
      await http.get(`/api/cases/${created.body.id}`),
      await http.post('/api/cases').send({ form: intake({ officer: '李四' }) }),
    ]) {
      expect(r.status, JSON.stringify(r.body)).toBe(503)
      expect(r.body).toMatchObject({ code: 'STORE_UNAVAILABLE' })
      expect(typeof r.body.message).toBe('string')
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/) // no stack trace
    }
    expect(Date.now() - t0).toBeLessThan(3 * 6000)
    expect((await request(app).get('/api/ready')).status).toBe(503)

    // back: the same instance serves again, with no restart
    proxy.refuse(false)
    let status = 0
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await http.get('/api/cases?limit=5')).status
      if (status !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(status).toBe(200)
    expect((await request(app).get('/api/ready')).status).toBe(200)
    const again = await http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect((await http.get('/api/cases?limit=5')).body.total).toBe(2)
  })
})
