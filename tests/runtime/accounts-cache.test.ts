/**
 * The cached account list (AccountService.list): the officer check and the notification fan-out
 * read it on every request. An account created, disabled or enabled is seen by the very next
 * officer check; an unchanged list costs one document read (the version), not one per account.
 * Across instances on PostgreSQL: tests/pg/accounts-cache.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'
import { loadGalutu } from '../helpers/scheme'
import type { CompiledScheme } from '../../engine'

let h: Harness
let s: CompiledScheme
let V1: string
const PASSWORD = 'Officer-for-tests-7Qz!2026'

beforeAll(async () => {
  s = await loadGalutu()
  V1 = s.defs.org.villages[0]!.name
  h = await harness({ start: '2026-03-02' })
})
afterAll(async () => h.close())

const register = (officer: string) => h.http.post('/api/cases').send({ form: intake({ village: V1, officer }) })

describe('the officer check reads the cached account list', () => {
  it('an account created, disabled and enabled again is seen by the next registration', async () => {
    const name = '缓存代办甲'
    const before = await register(name)
    expect(before.status, JSON.stringify(before.body)).toBe(422)
    expect(before.body.fields[0]).toMatchObject({ pointer: '/form/officer', code: 'UNKNOWN_ACCOUNT' })

    await h.rt.accounts.create({ username: 'cache-a', displayName: name, password: PASSWORD, grants: [{ role: 'town_officer', scheme: '*' }] })
    expect((await register(name)).status).toBe(201)

    await h.rt.accounts.update('cache-a', { disabled: true }, 'test')
    const off = await register(name)
    expect(off.status, JSON.stringify(off.body)).toBe(422)
    expect(off.body.fields[0]).toMatchObject({ pointer: '/form/officer', code: 'ACCOUNT_DISABLED' })

    await h.rt.accounts.update('cache-a', { disabled: false }, 'test')
    expect((await register(name)).status).toBe(201)
  })

  it('a grant taken away is seen by the next check (update of grants)', async () => {
    const name = '缓存代办乙'
    await h.rt.accounts.create({ username: 'cache-b', displayName: name, password: PASSWORD, grants: [{ role: 'town_officer', scheme: '*' }] })
    expect((await register(name)).status).toBe(201)
    await h.rt.accounts.update('cache-b', { grants: [{ role: 'auditor', scheme: 'galutu' }] }, 'test')
    const r = await register(name)
    expect(r.status).toBe(422)
    expect(r.body.fields[0]).toMatchObject({ code: 'NOT_AN_OFFICER' })
  })

  it('an unchanged list costs one document read; a write makes the next call read the accounts again', async () => {
    const store = h.rt.store
    const reads: string[] = []
    const getDoc = store.getDoc.bind(store)
    store.getDoc = (async (key: string) => {
      reads.push(key)
      return getDoc(key)
    }) as typeof store.getDoc
    try {
      const first = await h.rt.accounts.list()
      reads.length = 0
      const again = await h.rt.accounts.list()
      expect(again).toEqual(first)
      expect(reads).toEqual(['accounts-version'])
      expect(first.length).toBeGreaterThan(2)

      await h.rt.accounts.addGrants('cache-b', [{ role: 'town_officer', scheme: '*' }], 'test')
      reads.length = 0
      const after = await h.rt.accounts.list()
      expect(reads.filter((k) => k.startsWith('accounts/')).length).toBe(first.length)
      expect(after.find((a) => a.username === 'cache-b')!.grants.map((g) => g.role)).toContain('town_officer')
    } finally {
      store.getDoc = getDoc
    }
  })

  it('a caller changing the array it got does not change the cache', async () => {
    const a = await h.rt.accounts.list()
    const n = a.length
    a.splice(0)
    expect((await h.rt.accounts.list()).length).toBe(n)
  })
})
