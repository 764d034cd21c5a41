/**
 * Two app instances on one store (as two servers on one PostgreSQL database): a scheme forked and
 * published through one instance's designer becomes usable on the other once it catches up
 * (SchemeRegistry.refresh, run on a timer), and a version published on one is found by the other
 * on its first miss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { openStore, type Store } from '../../runtime/store'
import { intake, userClient, type Client } from './harness'

let tmp: string
let store: Store
let a: Runtime
let b: Runtime
let onA: Client
let onB: Client
const clock = new ManualClock('2026-03-02')

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-two-'))
  await cp('definitions/galutu', path.join(tmp, 'definitions', 'galutu'), { recursive: true })
  store = await openStore({ dir: path.join(tmp, 'data') })
  // A reads the definitions folder; B only what is published in the store. B's timer is long: the test calls refresh itself.
  a = await createRuntime({ dataDir: path.join(tmp, 'data'), store, definitionsDir: path.join(tmp, 'definitions'), clock, log: () => {} })
  b = await createRuntime({ dataDir: path.join(tmp, 'data'), store, schemeDirs: [], clock, log: () => {}, schemeRefreshMs: 3_600_000 })
  const appA = createApp({ ...a, log: () => {}, signInLimit: 10_000 })
  const appB = createApp({ ...b, log: () => {}, signInLimit: 10_000 })
  onA = await userClient(a, appA, 'county', [{ role: 'admin', scheme: '*' }, { role: 'town_officer' }])
  onB = await userClient(b, appB, 'county')
})
afterAll(async () => {
  await a.close()
  await b.close()
  await rm(tmp, { recursive: true, force: true })
})

describe('a scheme published on another instance', () => {
  it('a fork made on A is refused on B until B catches up, then works there', async () => {
    const f = await onA.post('/api/designer/schemes/galutu/fork').send({ id: 'xintown', town: '新镇', prefix: 'XTN' })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
    expect((await onA.post('/api/cases').send({ schemeId: 'xintown', form: intake() })).status).toBe(201)
    // B's policy table does not know the new town's roles yet: it refuses rather than guesses
    expect((await onB.post('/api/cases').send({ schemeId: 'xintown', form: intake() })).status).not.toBe(201)
    const changed = await b.schemes.refresh()
    expect(changed.map((v) => v.schemeId)).toEqual(['xintown'])
    const r = await onB.post('/api/cases').send({ schemeId: 'xintown', form: intake() })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.number).toMatch(/^XTN-2026-/)
    // nothing changed since: nothing to tell
    expect(await b.schemes.refresh()).toEqual([])
  })

  it('a new version published on A is the newest on B after a refresh, and found by hash before it', async () => {
    const dir = path.join(tmp, 'definitions', 'galutu')
    const m = JSON.parse(await readFile(path.join(dir, 'scheme.json'), 'utf8'))
    await writeFile(path.join(dir, 'scheme.json'), JSON.stringify({ ...m, version: '1.0.9' }, null, 2))
    expect(await a.schemes.syncFolders([dir])).toEqual([])
    const v = await a.schemes.latest('galutu')
    expect(v.version).toBe('1.0.9')
    expect((await b.schemes.find('galutu', v.hash)).version).toBe('1.0.9')
    await b.schemes.refresh()
    expect((await b.schemes.latest('galutu')).hash).toBe(v.hash)
    const c = await onB.post('/api/cases').send({ form: intake() })
    expect(c.status).toBe(201)
    expect(c.body.schemeVersion).toBe('1.0.9')
  })
})
