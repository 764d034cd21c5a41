/**
 * Several app instances on one database: two server processes (tests/pg/fixtures/server-child.ts)
 * started at the same moment on a fresh database (the migration advisory lock lets exactly one
 * create the schema), then
 * - both tick the scheduler concurrently, round after round, while new overdue cases arrive:
 *   every reminder is reported raised by exactly one tick of one instance, and is stored once;
 * - one instance is SIGKILLed during a burst of transitions sent to both: every transition that
 *   was acknowledged (HTTP 200) is stored, with exactly one audit entry per version, and the
 *   survivor keeps writing to the same cases (no lock left behind by the dead one).
 * Sessions (runtime/auth, kept in the docs table) are shared: officer1 signs in on one instance
 * and the same cookie works on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import pg from 'pg'
import { intake } from '../runtime/harness'
import { dropDatabases, freshDatabase } from './db'
import { PgStore } from '../../runtime/store/pg-store'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { MIGRATIONS } from '../../runtime/store/pg/migrations'

const TODAY = '2026-07-15'
let url: string
const children: ChildProcess[] = []

function start(createAccount = false): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/pg/fixtures/server-child.ts', TODAY, '0', ...(createAccount ? ['create-account'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DAIBAN_DATABASE_URL: url, DAIBAN_DB_POOL: '8' },
    })
    children.push(child)
    let out = ''
    let err = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /READY (\d+)/.exec(out)
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` })
    })
    child.stderr!.on('data', (d) => (err += d))
    child.on('exit', (code, signal) => reject(new Error(`server exited ${code ?? signal}: ${err}`)))
  })
}

/** The session of officer1: signed in on one instance, valid on both (sessions live in the docs table). */
let session = { cookie: '', csrf: '' }

async function signIn(base: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer1', password: 'correct horse battery staple' }),
    })
    if (r.status === 200) {
      session = { cookie: String(r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken }
      return
    }
    if (attempt > 50) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`)
    await new Promise((res) => setTimeout(res, 100)) // the other instance may still be creating the account
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  })
  return { status: r.status, body: await r.json() }
}

async function get(url: string): Promise<any> {
  const r = await fetch(url, { headers: { cookie: session.cookie } })
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`)
  return r.json()
}

let a: { child: ChildProcess; base: string }
let b: { child: ChildProcess; base: string }

beforeAll(async () => {
  url = await freshDatabase('instances')
  ;[a, b] = await Promise.all([start(true), start()]) // both migrate the fresh database at once
  await signIn(b.base) // an account created by instance a, signed in on instance b
}, 120_000)

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await dropDatabases()
})

describe('two instances on one database', () => {
  it('started at once, applied the schema exactly once', async () => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      const r = await c.query('SELECT version FROM schema_migrations ORDER BY version')
      expect(r.rows.map((x) => x.version)).toEqual(MIGRATIONS.map((m) => m.version))
    } finally {
      await c.end()
    }
    for (const x of [a, b]) expect((await fetch(`${x.base}/api/health`, { headers: { cookie: session.cookie } })).status).toBe(200)
    // one session, both instances
    for (const x of [a, b]) expect((await get(`${x.base}/api/cases?limit=1`)).total).toBe(0)
  })

  it('raises each reminder exactly once when both tick concurrently, round after round', async () => {
    const raisedBy = new Map<string, number>()
    let total = 0
    const villages = ['团结社区', '巴音温都尔嘎查']
    for (let round = 0; round < 5; round++) {
      // new overdue cases on both instances (received well before TODAY: each is told once that it is overdue, urged from TODAY on)
      for (let i = 0; i < 4; i++) {
        const base = i % 2 ? a.base : b.base
        const receivedOn = `2026-0${5 + (i % 2)}-${String(2 + round * 3 + i).padStart(2, '0')}`
        const r = await post(`${base}/api/cases`, { form: intake({ officer: '李四', village: villages[i % 2], receivedOn }) })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
      }
      // one tick per instance at the same moment (concurrent ticks within one instance share a pass)
      const ticks = await Promise.all([a, b].map((x) => post(`${x.base}/api/scheduler/tick`, {})))
      for (const t of ticks) {
        expect(t.status).toBe(200)
        for (const r of t.body.items as Array<{ id: string }>) raisedBy.set(r.id, (raisedBy.get(r.id) ?? 0) + 1)
        total += t.body.raised
      }
    }
    expect(raisedBy.size).toBe(20) // one overdue reminder per back-dated case (issue #18 §5)
    expect([...raisedBy.entries()].filter(([, n]) => n !== 1)).toEqual([])
    expect(total).toBe(raisedBy.size)
    const stored = (await get(`${a.base}/api/reminders`)).items as Array<{ id: string }>
    expect(stored.map((r) => r.id).sort()).toEqual([...raisedBy.keys()].sort())
    // nothing more is due today, on either instance
    const again = await Promise.all([a, b].map((x) => post(`${x.base}/api/scheduler/tick`, {})))
    expect(again.map((t) => t.body.raised)).toEqual([0, 0])
  })

  it('loses no acknowledged transition when one instance is SIGKILLed mid-burst', async () => {
    const acked = new Map<string, number>()
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const r = await post(`${(i % 2 ? a : b).base}/api/cases`, { form: intake({ officer: '王五', receivedOn: '2026-07-10' }) })
      expect(r.status).toBe(201)
      ids.push(r.body.id)
      acked.set(r.body.id, 1)
    }
    let stop = false
    let killed = false
    let conflicts = 0
    // every case is written through both instances at once: they contend on the same rows
    const worker = async (id: string, via: { base: string }) => {
      let n = 0
      while (!stop) {
        try {
          const r = await post(`${via.base}/api/cases/${id}/events`, { type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: `批示 ${n++}` } })
          if (r.status === 200) acked.set(id, Math.max(acked.get(id)!, r.body.version))
          else if (r.status === 409) conflicts++
          else throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`)
        } catch (e) {
          if (via === b && killed) return // refused / reset after the kill: not acknowledged
          throw e
        }
      }
    }
    const workers = ids.flatMap((id) => [worker(id, a), worker(id, b)])
    await new Promise((r) => setTimeout(r, 1500))
    killed = true
    b.child.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 500)) // the survivor goes on writing the same cases
    stop = true
    await Promise.all(workers)
    const total = [...acked.values()].reduce((x, y) => x + y, 0)
    expect(total).toBeGreaterThan(30)

    for (const [id, version] of acked) {
      const c = await get(`${a.base}/api/cases/${id}`)
      expect(c.version, id).toBeGreaterThanOrEqual(version)
      const audit = await get(`${a.base}/api/cases/${id}/audit`)
      expect(audit.items.map((e: { toVersion: number }) => e.toVersion)).toEqual(Array.from({ length: c.version }, (_, i) => i + 1))
      expect(c.context.records).toHaveLength(c.version)
      const more = await post(`${a.base}/api/cases/${id}/events`, {
        type: 'LEADER_INSTRUCTION',
        form: { leader: '镇长', content: '之后' },
        expectedVersion: c.version,
      })
      expect(more.status).toBe(200)
    }
    // the one audit chain has no gap and no broken link: the killed instance's open transaction was rolled back whole
    const store = new PgStore({ url, poolSize: 2 })
    await store.open()
    try {
      expect(verifyAuditChain(await store.listAllAudit())).toMatchObject({ ok: true })
    } finally {
      await store.close()
    }
    // a restarted instance serves the same data
    const b2 = await start()
    const list = await get(`${b2.base}/api/cases?officer=${encodeURIComponent('王五')}&limit=50`)
    expect(list.total).toBe(6)
    void conflicts
  }, 90_000)
})
