/**
 * Two app instances in one process on one database (two createRuntime + createApp, each with its
 * own PgStore): what must be shared is shared — rate-limit counters, the public challenge's secret
 * and spent tokens, the scheduler's pass — and `daiban audit verify --database-url` checks the
 * database's chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import request from 'supertest'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { challengeSecret, solve } from '../../runtime/channels/challenge'
import { main } from '../../runtime/cli/main'
import { intake, userClient, type Client } from '../runtime/harness'
import { seedOfficers } from '../helpers/officers'
import { dropDatabases, freshDatabase } from './db'

const SIGN_IN_LIMIT = 4

interface Instance {
  rt: Runtime
  store: PgStore
  app: ReturnType<typeof createApp>
  http: Client
}

let url: string
let dir: string
const clock = new ManualClock('2026-07-15')
let a: Instance
let b: Instance

async function instance(name: string): Promise<Instance> {
  const store = new PgStore({ url, poolSize: 4, applicationName: `daiban-${name}` })
  await store.open()
  const rt = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock, store, log: () => {}, challengeDifficulty: 8 })
  const app = createApp({ ...rt, log: () => {}, signInLimit: SIGN_IN_LIMIT })
  const http = await userClient(rt, app, 'officer1') // the account is created once, in the shared docs table
  await seedOfficers(rt, ['李四'])
  return { rt, store, app, http }
}

async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(text, values)).rows
  } finally {
    await c.end()
  }
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => '' })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

beforeAll(async () => {
  url = await freshDatabase('scaleout')
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-scaleout-')) // unused by PgStore; createRuntime wants one
  a = await instance('a')
  b = await instance('b')
})

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 100)) // fire-and-forget notifications settle
  for (const x of [a, b]) await x?.rt.close()
  await rm(dir, { recursive: true, force: true })
  await dropDatabases()
})

describe('two instances on one database', () => {
  it('count sign-in attempts of one client together: the limit holds across instances', async () => {
    // signIn is limited to SIGN_IN_LIMIT per client address per 15 minutes (both apps)
    const statuses: number[] = []
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) {
      const via = i % 2 ? b : a
      const r = await request(via.app).post('/api/auth/login').send({ username: 'nobody-here', password: 'wrong password 12345' })
      statuses.push(r.status)
      if (r.status === 429) expect(r.body.code).toBe('RATE_LIMITED')
    }
    // officer1's two sign-ins (one per instance, in beforeAll) came first and count too
    const allowed = SIGN_IN_LIMIT - 2
    expect(
      statuses.slice(0, allowed).every((s) => s !== 429),
      statuses.join(),
    ).toBe(true)
    expect(statuses.slice(allowed), statuses.join()).toEqual(Array(SIGN_IN_LIMIT + 2 - allowed).fill(429))
    const rows = await sql<{ key: string; hits: number }>(`SELECT key, hits FROM rate_limits WHERE key LIKE 'signIn:%'`)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.hits).toBe(SIGN_IN_LIMIT + 2 + 2)
  })

  it('share the challenge secret, even when created by several at once', async () => {
    const fresh = await freshDatabase('secret')
    const stores = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const s = new PgStore({ url: fresh, poolSize: 2 })
        await s.open()
        return s
      }),
    )
    try {
      const secrets = await Promise.all(stores.map((s) => challengeSecret(s)))
      expect(new Set(secrets.map((x) => x.toString('hex'))).size).toBe(1)
      expect((await challengeSecret(stores[0]!)).equals(secrets[0]!)).toBe(true)
    } finally {
      await Promise.all(stores.map((s) => s.close()))
    }
  })

  it('accept a challenge token issued by one instance once, on the other', async () => {
    const c = a.rt.channels.challenges.issue()
    const solution = solve(c.token, c.difficulty)
    expect(await b.rt.channels.challenges.redeem(c.token, solution, async () => 'accepted')).toBe('accepted')
    for (const x of [a, b]) {
      await expect(x.rt.channels.challenges.redeem(c.token, solution, async () => 'again')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { code: 'CHALLENGE_FAILED' },
      })
    }
    // redeemed on both at the same moment: exactly one is accepted
    const d = b.rt.channels.challenges.issue()
    const s = solve(d.token, d.difficulty)
    const both = await Promise.allSettled([a, b, a, b].map((x) => x.rt.channels.challenges.redeem(d.token, s, async () => 'ok')))
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('run the scheduler pass on one instance at a time; a crashed holder leaves no lock behind', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await a.http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: `2026-05-0${i + 2}` }) })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    // while a holds the scheduler's job lock, b's tick skips its pass
    let release!: () => void
    let locked!: () => void
    const taken = new Promise<void>((r) => (locked = r))
    const held = a.store
      .runExclusive('scheduler', () => {
        locked()
        return new Promise<void>((r) => (release = r))
      })
      .catch((e: unknown) => e) // its unlock fails with the connection below; nothing else to undo
    await taken
    expect(await b.rt.scheduler.tick()).toEqual([])
    expect(await sql('SELECT id FROM reminders')).toEqual([])
    // the holder's session dies (as when its instance is killed): the lock goes with it
    const killed = await sql<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'daiban-a:scheduler'`,
    )
    expect(killed).toEqual([{ ok: true }])
    release()
    expect(await held).toMatchObject({ ran: true })
    // both tick at once: each reminder is raised (and notified) by exactly one of them
    const [ra, rb] = await Promise.all([a.rt.scheduler.tick(), b.rt.scheduler.tick()])
    const ids = [...ra, ...rb].map((r) => r.id)
    expect(ids.length).toBe(3)
    expect(new Set(ids).size).toBe(3)
    expect((await sql('SELECT id FROM reminders')).length).toBe(3)
    expect([...(await a.rt.scheduler.tick()), ...(await b.rt.scheduler.tick())]).toEqual([])
  })

  it('`daiban audit verify --database-url` checks the database chain, and finds a tampered entry', async () => {
    const n = (await sql<{ n: string }>('SELECT count(*) AS n FROM audit'))[0]!.n
    expect(Number(n)).toBeGreaterThan(0)
    await a.store.sealAudit()
    const ok = await cli(['audit', 'verify', '--database-url', url])
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain(`审计日志完整：${n} 条记录`)
    // the environment variable names the database when no flag does
    process.env.DAIBAN_DATABASE_URL = url
    try {
      const viaEnv = await cli(['audit', 'verify'])
      expect(viaEnv.out).toContain(`审计日志完整：${n} 条记录`)
    } finally {
      delete process.env.DAIBAN_DATABASE_URL
    }
    await sql(`UPDATE audit SET entry = jsonb_set(entry, '{actor}', '"mallory"') WHERE seq = 2`)
    const bad = await cli(['audit', 'verify', '--database-url', url])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('审计日志被改动：第 2 条起')
    const both = await cli(['audit', 'verify', '--database-url', url, '--data', dir])
    expect(both.code).toBe(2)
    const unreachable = await cli(['audit', 'verify', '--database-url', 'postgres://nobody@127.0.0.1:1/none'])
    expect(unreachable.code).toBe(1)
    expect(unreachable.err).toMatch(/无法连接数据库/)
  })
})
