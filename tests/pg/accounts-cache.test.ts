/**
 * The cached account list across two instances on one database: instance A's officer check (and
 * its notification fan-out) sees an account that instance B created or disabled on the very next
 * request — the version document B bumps is read by A before it trusts its cache.
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
import { loadGalutu } from '../helpers/scheme'
import { dropDatabases, freshDatabase } from './db'

const PASSWORD = 'Officer-for-tests-7Qz!2026'
interface Instance {
  rt: Runtime
  http: Client
}
let dir: string
let a: Instance
let b: Instance
let V1: string

async function instance(url: string): Promise<Instance> {
  const store = new PgStore({ url, poolSize: 3 })
  await store.open()
  const rt = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock: new ManualClock('2026-03-02'), store, log: () => {} })
  const app = createApp({ ...rt, log: () => {}, signInLimit: 10_000 })
  return { rt, http: await userClient(rt, app, 'officer1') }
}

beforeAll(async () => {
  V1 = (await loadGalutu()).defs.org.villages[0]!.name
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-pgacct-'))
  const url = await freshDatabase('acct')
  a = await instance(url)
  b = await instance(url)
})
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 100)) // notifications sent after the responses
  await a?.rt.close()
  await b?.rt.close()
  await rm(dir, { recursive: true, force: true })
  await dropDatabases()
})

const register = (i: Instance, officer: string) => i.http.post('/api/cases').send({ form: intake({ village: V1, officer }) })

describe('two instances, one database', () => {
  it('an account B creates or disables is seen by A’s next officer check', async () => {
    const name = '跨实例代办'
    // A reads (and caches) the list without the account
    expect((await register(a, name)).body.fields?.[0]?.code).toBe('UNKNOWN_ACCOUNT')
    expect((await a.rt.accounts.list()).some((x) => x.displayName === name)).toBe(false)

    await b.rt.accounts.create({ username: 'cross-a', displayName: name, password: PASSWORD, grants: [{ role: 'town_officer', scheme: '*' }] })
    const ok = await register(a, name)
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)

    await b.rt.accounts.update('cross-a', { disabled: true }, 'test')
    const off = await register(a, name)
    expect(off.status).toBe(422)
    expect(off.body.fields[0]).toMatchObject({ pointer: '/form/officer', code: 'ACCOUNT_DISABLED' })

    await b.rt.accounts.update('cross-a', { disabled: false }, 'test')
    expect((await register(a, name)).status).toBe(201)
  })

  it('A’s notification fan-out reaches an officer B just created', async () => {
    const name = '跨实例新人'
    await a.rt.accounts.list() // cached on A before B writes
    await b.rt.accounts.create({ username: 'cross-b', displayName: name, password: PASSWORD, grants: [{ role: 'town_officer', scheme: '*' }] })
    expect((await register(a, name)).status).toBe(201)
    let got = 0
    for (let i = 0; i < 50 && !got; i++) {
      await new Promise((r) => setTimeout(r, 50)) // the fan-out runs after the response
      got = (await a.rt.store.listNotifications(['cross-b'], { offset: 0, limit: 10 })).total
    }
    expect(got).toBeGreaterThan(0)
  })
})
