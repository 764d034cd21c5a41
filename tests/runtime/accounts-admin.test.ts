/**
 * Account management on a real server (issue #18 §1), with the real Galutu (and Wulan) definitions:
 * grants checked against the role's scope on create and update alike, one-time password reset
 * links (single use, expiry, sessions ended), a user's sessions listed and ended, the first
 * administrator signed in by setup, and every role without `account.manage` refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import request from 'supertest'
import { harness, signIn, TEST_PASSWORD, type Harness } from './harness'
import { AccountService, RESET_TTL_MS } from '../../runtime/auth/accounts'
import type { RoleGrant } from '../../runtime/auth/policy'

interface OrgRole {
  id: string
  name: string
  scope: 'all' | 'village' | 'unit'
  permissions: string[]
}
const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
  roles: OrgRole[]
  villages: Array<{ id: string; name: string }>
  units: Array<{ id: string }>
}
const wulanOrg = JSON.parse(readFileSync('definitions/wulan/org.json', 'utf8')) as { roles: OrgRole[] }
const cases = JSON.parse(readFileSync('tests/cases/accounts/grants.json', 'utf8')) as {
  cases: Array<{ name: string; grant: RoleGrant; field?: string; stored?: RoleGrant }>
}
const V1 = org.villages[0]!.name
const roleOf = (id: string) => org.roles.find((r) => r.id === id)
/** A grant for a role as the org wants it (its village or unit when scoped). */
const grantFor = (r: OrgRole): RoleGrant => ({
  role: r.id,
  scheme: 'galutu',
  ...(r.scope === 'village' ? { village: V1 } : r.scope === 'unit' ? { unit: org.units[0]!.id } : {}),
})
const NEW_PASSWORD = 'a brand new long passphrase'

let h: Harness
/** The account service over the same store at another (wall-clock) time: sessions and links run on the wall clock. */
const at = (t: number) =>
  new AccountService(
    h.rt.store,
    () => new Date(t),
    () => h.rt.policy(),
  )
beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan'] })
})
afterAll(async () => h.close())

describe('grants are checked against the role’s scope, on create and on update', () => {
  it('the cases name roles of the org with the scope they assume', () => {
    for (const c of cases.cases) {
      if (c.name.startsWith('unknown')) continue
      const r = roleOf(c.grant.role)
      expect(r, c.name).toBeDefined()
      if (c.stored)
        expect(r!.scope === 'village' ? !!c.stored.village : r!.scope === 'unit' ? !!c.stored.unit : !c.stored.village && !c.stored.unit, c.name).toBe(true)
    }
  })

  let n = 0
  for (const c of cases.cases) {
    it(c.name, async () => {
      const username = `g${++n}`
      const created = await h.http.post('/api/accounts').send({ username, displayName: `授权${n}`, password: TEST_PASSWORD, grants: [c.grant] })
      // the same grant given to an existing account goes through the same check
      const base = await h.http
        .post('/api/accounts')
        .send({ username: `${username}u`, password: TEST_PASSWORD, grants: [{ role: 'town_officer', scheme: 'galutu' }] })
      expect(base.status).toBe(201)
      const updated = await h.http.patch(`/api/accounts/${username}u`).send({ grants: [c.grant] })
      for (const [what, r] of [
        ['create', created],
        ['update', updated],
      ] as const) {
        if (c.field) {
          expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(422)
          const f = (r.body.fields as Array<{ pointer: string; message: string }>).find((x) => x.pointer === c.field)
          expect(f, `${what}: ${JSON.stringify(r.body.fields)}`).toBeDefined()
          // the message names the field in words, never an unfilled placeholder
          expect(f!.message).not.toMatch(/\{\w+\}/)
          if (c.field.endsWith('/village')) expect(f!.message).toContain('嘎查村（社区）')
          if (c.field.endsWith('/unit')) expect(f!.message).toContain('单位')
        } else {
          expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(what === 'create' ? 201 : 200)
          expect(r.body.grants).toEqual([c.stored])
        }
      }
      if (c.field) expect((await h.http.get('/api/accounts')).body.items.some((a: { username: string }) => a.username === username)).toBe(false)
    })
  }

  it('the message names the role by its name from the org', async () => {
    const r = await h.http.post('/api/accounts').send({ username: 'noville', password: TEST_PASSWORD, grants: [{ role: 'village_officer', scheme: 'galutu' }] })
    expect(r.status).toBe(422)
    expect(r.body.message).toContain(roleOf('village_officer')!.name)
  })
})

describe('password reset with a one-time link', () => {
  it('works once, ends every session of the account, and is shown only to the manager', async () => {
    const user = await h.as('reset1', [{ role: 'village_officer', scheme: 'galutu', village: V1 }])
    await h.rt.accounts.update('reset1', { displayName: '乌云' }, 'test')
    const issued = await h.http.post('/api/accounts/reset1/reset-link')
    expect(issued.status).toBe(201)
    const { token, expiresAt } = issued.body as { token: string; expiresAt: string }
    expect(Math.abs(Date.parse(expiresAt) - Date.now() - RESET_TTL_MS)).toBeLessThan(60_000)
    // the holder of the link is greeted by name
    const check = await h.anon.post('/api/auth/reset/check').send({ token })
    expect(check.status).toBe(200)
    expect(check.body.displayName).toBe('乌云')
    // a weak password is refused and the link stays usable
    const weak = await h.anon.post('/api/auth/reset').send({ token, password: 'password12' })
    expect(weak.status).toBe(422)
    expect(weak.body.fields[0]).toMatchObject({ field: 'password' })
    expect((await user.get('/api/auth/me')).status).toBe(200)
    const ok = await h.anon.post('/api/auth/reset').send({ token, password: NEW_PASSWORD })
    expect(ok.status).toBe(200)
    // every session of the account ended; the old password no longer works, the new one does
    expect((await user.get('/api/auth/me')).status).toBe(401)
    expect((await h.anon.post('/api/auth/login').send({ username: 'reset1', password: TEST_PASSWORD })).status).toBe(401)
    expect((await signIn(h.app, 'reset1', NEW_PASSWORD)).csrf).toBeTruthy()
    // used up
    const again = await h.anon.post('/api/auth/reset').send({ token, password: 'yet another long passphrase' })
    expect(again.status).toBe(403)
    expect(again.body.message).toContain('已使用或已过期')
    expect((await h.anon.post('/api/auth/reset/check').send({ token })).status).toBe(403)
    // the audit log records the link and its use, never the token
    const audit = JSON.stringify((await h.http.get('/api/audit?limit=500')).body)
    expect(audit).toContain('account.password.link')
    expect(audit).toContain('auth.password.reset')
    expect(audit).not.toContain(token)
  })

  it('expires, and a newer link replaces the older one', async () => {
    await h.as('reset2', [{ role: 'town_officer', scheme: 'galutu' }])
    const first = (await h.http.post('/api/accounts/reset2/reset-link')).body.token as string
    const second = (await h.http.post('/api/accounts/reset2/reset-link')).body.token as string
    expect(second).not.toBe(first)
    expect((await h.anon.post('/api/auth/reset').send({ token: first, password: NEW_PASSWORD })).status).toBe(403)
    const later = at(Date.now() + RESET_TTL_MS + 60_000)
    await expect(later.resetTokenInfo(second)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(later.redeemResetToken(second, NEW_PASSWORD)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // a minute before it expires it still works (then it is used up)
    expect(await at(Date.now() + RESET_TTL_MS - 60_000).resetTokenInfo(second)).toMatchObject({ displayName: 'reset2' })
    // nothing changed: the old password still signs in
    expect((await signIn(h.app, 'reset2')).csrf).toBeTruthy()
    expect((await h.anon.post('/api/auth/reset').send({ token: 'not-a-token-at-all-xx', password: NEW_PASSWORD })).status).toBe(403)
  })

  it('of a disabled account cannot be used', async () => {
    await h.as('reset3', [{ role: 'town_officer', scheme: 'galutu' }])
    const token = (await h.http.post('/api/accounts/reset3/reset-link')).body.token as string
    expect((await h.http.patch('/api/accounts/reset3').send({ disabled: true })).status).toBe(200)
    expect((await h.anon.post('/api/auth/reset').send({ token, password: NEW_PASSWORD })).status).toBe(403)
  })
})

describe('the sessions of a user', () => {
  it('lists start, last activity and client, and ends one of them', async () => {
    await h.as('sess1', [{ role: 'town_officer', scheme: 'galutu' }])
    const before = Date.now() - 60 * 60_000
    // signed in an hour ago on a phone, then on a desktop through the server
    const old = await at(before).signIn('sess1', TEST_PASSWORD, '10.0.0.7', 'Mozilla/5.0 (Linux; Android 14) Mobile')
    const phone = `daiban_sid=${old.session.id}`
    const r = await request(h.app)
      .post('/api/auth/login')
      .set('user-agent', 'Mozilla/5.0 (Windows NT 10.0) Chrome/131')
      .send({ username: 'sess1', password: TEST_PASSWORD })
    expect(r.status).toBe(200)
    const desk = String(r.headers['set-cookie']?.[0] ?? '').split(';')[0]!
    let list = await h.http.get('/api/accounts/sess1/sessions')
    expect(list.status).toBe(200)
    // the harness signed in once too: three live sessions, newest first
    const items = list.body.items as Array<{ handle: string; createdAt: string; lastSeenAt: string; agent: string; client: string }>
    expect(items).toHaveLength(3)
    expect(items[0]!.agent).toContain('Windows')
    expect(items.at(-1)!.agent).toContain('Android')
    expect(items.at(-1)!.client).toBe('10.0.0.7')
    expect(items[0]!.client).toBeTruthy()
    expect(JSON.stringify(list.body)).not.toContain(old.session.id)
    expect(Date.parse(items.at(-1)!.lastSeenAt)).toBe(before)
    // the last activity follows requests (written at most once a minute)
    expect((await request(h.app).get('/api/auth/me').set('cookie', phone)).status).toBe(200)
    list = await h.http.get('/api/accounts/sess1/sessions')
    const phoneRow = (list.body.items as typeof items).find((s) => s.agent.includes('Android'))!
    expect(Date.parse(phoneRow.lastSeenAt)).toBeGreaterThan(before + 59 * 60_000)
    expect(Date.parse(phoneRow.createdAt)).toBe(before)
    // end the phone's session: it is signed out, the desk's is not
    expect((await h.http.delete(`/api/accounts/sess1/sessions/${phoneRow.handle}`)).status).toBe(200)
    expect((await request(h.app).get('/api/auth/me').set('cookie', phone)).status).toBe(401)
    expect((await request(h.app).get('/api/auth/me').set('cookie', desk)).status).toBe(200)
    expect((await h.http.get('/api/accounts/sess1/sessions')).body.items).toHaveLength(2)
    expect((await h.http.delete(`/api/accounts/sess1/sessions/${phoneRow.handle}`)).status).toBe(404)
    expect((await h.http.get('/api/accounts/nobody/sessions')).status).toBe(404)
  })

  it('of another town are not for a manager of this town', async () => {
    const wulanAdmin = wulanOrg.roles.find((r) => r.permissions.includes('account.manage'))!
    const mgr = await h.as('wl-admin', [{ role: wulanAdmin.id, scheme: 'wulan' }])
    await h.as('gl-user', [{ role: 'town_officer', scheme: 'galutu' }])
    expect((await mgr.get('/api/accounts/gl-user/sessions')).status).toBe(403)
    expect((await mgr.post('/api/accounts/gl-user/reset-link')).status).toBe(403)
    const handle = ((await h.http.get('/api/accounts/gl-user/sessions')).body.items[0] as { handle: string }).handle
    expect((await mgr.delete(`/api/accounts/gl-user/sessions/${handle}`)).status).toBe(403)
  })
})

describe('roles without account.manage', () => {
  const others = org.roles.filter((r) => !r.permissions.includes('account.manage') && !r.permissions.includes('*'))
  it('exist in the org', () => expect(others.length).toBeGreaterThan(0))
  for (const r of others) {
    it(`${r.id} is refused every account route`, async () => {
      const c = await h.as(`deny-${r.id}`, [grantFor(r)])
      expect((await c.get('/api/auth/me')).body.can['account.manage']).toBe(false)
      expect((await c.get('/api/accounts')).status).toBe(403)
      expect(
        (await c.post('/api/accounts').send({ username: `x-${r.id}`, password: TEST_PASSWORD, grants: [{ role: 'admin', scheme: 'galutu' }] })).status,
      ).toBe(403)
      expect((await c.patch(`/api/accounts/deny-${r.id}`).send({ grants: [{ role: 'admin', scheme: 'galutu' }] })).status).toBe(403)
      expect((await c.post(`/api/accounts/deny-${r.id}/reset-link`)).status).toBe(403)
      expect((await c.get(`/api/accounts/deny-${r.id}/sessions`)).status).toBe(403)
    })
  }
})

describe('first start', () => {
  it('the first administrator is signed in by setup', async () => {
    const fresh = await harness()
    try {
      await fresh.rt.store.putDoc('accounts-index', [])
      const token = await fresh.rt.accounts.setupToken()
      const r = await fresh.anon
        .post('/api/auth/setup')
        .set('user-agent', 'setup-browser')
        .send({ token, username: 'boss', displayName: '站长', password: 'a long enough password' })
      expect(r.status).toBe(201)
      expect(r.body.user).toMatchObject({ username: 'boss', displayName: '站长' })
      expect(r.body.can['account.manage']).toBe(true)
      const cookie = String(r.headers['set-cookie']?.[0] ?? '').split(';')[0]!
      expect(cookie).toMatch(/^daiban_sid=./)
      const me = await request(fresh.app).get('/api/auth/me').set('cookie', cookie)
      expect(me.status).toBe(200)
      expect(me.body.user.username).toBe('boss')
      // a write with the CSRF token the setup answered
      const created = await request(fresh.app)
        .post('/api/accounts')
        .set('cookie', cookie)
        .set('x-csrf-token', r.body.csrfToken)
        .send({ username: 'vo', password: TEST_PASSWORD, grants: [{ role: 'village_officer', scheme: 'galutu', village: V1 }] })
      expect(created.status).toBe(201)
      // the session is listed like any other
      const sessions = await request(fresh.app).get('/api/accounts/boss/sessions').set('cookie', cookie)
      expect(sessions.body.items).toMatchObject([{ agent: 'setup-browser' }])
    } finally {
      await fresh.close()
    }
  })
})
