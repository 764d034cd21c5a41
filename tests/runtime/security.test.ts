/**
 * Accounts, roles, jurisdictions and privacy: the role × route matrix from tests/cases/access-matrix.json,
 * data outside a jurisdiction in no list or count, masking, and the attacks the issue names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import request from 'supertest'
import { harness, intake, signIn, TEST_PASSWORD, type Client, type Harness } from './harness'
import { createApp } from '../../runtime/server/app'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { main } from '../../runtime/cli/main'

const matrix = JSON.parse(readFileSync('tests/cases/access-matrix.json', 'utf8')) as {
  users: Record<string, Array<{ role: string; village?: string; unit?: string }>>
  routes: Array<{ name: string; method: 'get' | 'post'; path: string; body?: unknown; contentType?: string; expect: Record<string, number> }>
}

let h: Harness
const clients: Record<string, Client> = {}
let A: { id: string; number: string }
let B: { id: string; number: string }

beforeAll(async () => {
  h = await harness({ officers: ['李四', '王五'] })
  A = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四', phone: '13812345678', idNumber: '150626198001011234' }) })).body
  await h.http.post(`/api/cases/${A.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan'], matter: '核实' } })
  B = (await h.http.post('/api/cases').send({ form: intake({ village: '文化社区', officer: '王五' }) })).body
  for (const [name, grants] of Object.entries(matrix.users)) clients[name] = await h.as(name, grants)
})
afterAll(async () => h.close())

describe('the policy table, route by route', () => {
  for (const route of matrix.routes) {
    for (const [who, status] of Object.entries(route.expect)) {
      it(`${route.name} — ${who} → ${status}`, async () => {
        const path = route.path.replace('{A}', A.id).replace('{B}', B.id).replace('{Bnumber}', B.number)
        const c = who === 'anon' ? h.anon : clients[who]!
        let req = c[route.method](path)
        if (route.contentType) req = req.set('content-type', route.contentType)
        const r = route.body === undefined ? await req : await req.send(route.body as object)
        expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status)
      })
    }
  }
})

describe('jurisdiction in lists, counts and searches', () => {
  it('a village officer and a department officer see only their cases', async () => {
    const v = (await clients.village!.get('/api/cases?limit=200')).body
    expect(v.items.every((s: { village: string }) => s.village === '团结社区')).toBe(true)
    expect(v.items.map((s: { id: string }) => s.id)).not.toContain(B.id)
    expect(v.total).toBe(v.items.length)
    const d = (await clients.dept!.get('/api/cases?limit=200')).body
    expect(d.items.map((s: { id: string }) => s.id)).toEqual([A.id])
    expect((await clients.dept!.get(`/api/cases?q=${B.number}`)).body.total).toBe(0)
    const t = (await clients.town!.get('/api/cases?limit=200')).body
    expect(t.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([A.id, B.id]))
    const rem = (await clients.village!.get('/api/reminders')).body.items
    expect(rem.every((r: { caseId: string }) => r.caseId !== B.id)).toBe(true)
  })
})

describe('privacy', () => {
  it('masks ID numbers and phones unless the role needs them; viewing full details is audited', async () => {
    const dept = (await clients.dept!.get(`/api/cases/${A.id}`)).body
    expect(dept.context.facts.phone).toBe('138****5678')
    expect(dept.context.facts.idNumber).toMatch(/^150\*+1234$/)
    expect(JSON.stringify(dept)).not.toContain('13812345678')
    const town = (await clients.town!.get(`/api/cases/${A.id}`)).body
    expect(town.context.facts.phone).toBe('13812345678')
    const full = await clients.town!.get(`/api/cases/${A.id}/petitioner`)
    expect(full.body.details.idNumber).toBe('150626198001011234')
    const audit = (await clients.admin!.get(`/api/audit?action=pii.view&caseId=${A.id}`)).body
    expect(audit.items[0]).toMatchObject({ actor: 'town', action: 'pii.view' })
  })
  it('the audit log is append-only and tamper-evident, verified by the API and by `daiban audit verify`', async () => {
    const v = (await clients.auditor!.get('/api/audit/verify')).body
    expect(v.ok).toBe(true)
    expect(v.entries).toBeGreaterThan(5)
    const all = await h.rt.store.listAllAudit()
    all[2]!.actor = 'someone else'
    expect(verifyAuditChain(all).ok).toBe(false)
    await h.rt.close()
    const out: string[] = []
    const code = await main(['audit', 'verify', '--data', h.dir], { out: (s) => out.push(s), err: (s) => out.push(s), stdin: async () => '' })
    expect(code).toBe(0)
    expect(out.join('\n')).toContain('完整')
    await h.reopen()
  })
})

describe('attacks', () => {
  it('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const before = (await h.http.get(`/api/cases/${B.id}`)).body.version
    const r = await request(h.app)
      .post(`/api/cases/${B.id}/events`)
      .set('cookie', h.http.cookie)
      .send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: 'x' } })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe('CSRF')
    const wrong = await request(h.app)
      .post(`/api/cases/${B.id}/events`)
      .set('cookie', h.http.cookie)
      .set('x-csrf-token', 'x'.repeat(h.http.csrf.length))
      .send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: 'x' } })
    expect(wrong.status).toBe(403)
    expect((await h.http.get(`/api/cases/${B.id}`)).body.version).toBe(before)
  })
  it('session fixation: a cookie the attacker chose is never accepted, and sign-in issues a fresh session', async () => {
    const planted = 'daiban_sid=attacker-chosen-session-id'
    expect((await request(h.app).get('/api/auth/me').set('cookie', planted)).status).toBe(401)
    const r = await request(h.app).post('/api/auth/login').set('cookie', planted).send({ username: 'town', password: TEST_PASSWORD })
    expect(String(r.headers['set-cookie'])).not.toContain('attacker-chosen-session-id')
    expect((await request(h.app).get('/api/auth/me').set('cookie', planted)).status).toBe(401)
  })
  it('sign-out ends the session; a password change ends the other sessions', async () => {
    const c = await signIn(h.app, 'auditor')
    expect((await c.get('/api/auth/me')).status).toBe(200)
    expect((await c.post('/api/auth/logout')).status).toBe(200)
    expect((await c.get('/api/auth/me')).status).toBe(401)
    const one = await signIn(h.app, 'assessor')
    const two = await signIn(h.app, 'assessor')
    expect((await one.post('/api/auth/password').send({ oldPassword: TEST_PASSWORD, newPassword: 'short' })).status).toBe(422)
    expect((await one.post('/api/auth/password').send({ oldPassword: TEST_PASSWORD, newPassword: 'a much better passphrase' })).status).toBe(200)
    expect((await one.get('/api/auth/me')).status).toBe(200)
    expect((await two.get('/api/auth/me')).status).toBe(401)
  })
  it('brute force: locked out after repeated failures from one address, while the real user signs in from another', async () => {
    const app = createApp({ ...h.rt, log: () => {}, trustProxy: 1, signInLimit: 10_000 })
    const attempt = (ip: string, password: string) => request(app).post('/api/auth/login').set('x-forwarded-for', ip).send({ username: 'leader', password })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await attempt('203.0.113.9', `guess-${i}-wrong`)).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
    expect((await attempt('203.0.113.9', TEST_PASSWORD)).status).toBe(429)
    expect((await attempt('198.51.100.7', TEST_PASSWORD)).status).toBe(200)
    // The per-address rate limit holds too.
    const limited = createApp({ ...h.rt, log: () => {}, trustProxy: 1, signInLimit: 3 })
    const s: number[] = []
    for (let i = 0; i < 5; i++)
      s.push((await request(limited).post('/api/auth/login').set('x-forwarded-for', '192.0.2.1').send({ username: 'nobody', password: 'x' })).status)
    expect(s.slice(3)).toEqual([429, 429])
  })
  it('prototype pollution, a 10 MB body and a 10,000-deep body are refused; the server keeps answering', async () => {
    const p = await h.http.post('/api/cases').set('content-type', 'application/json').send('{"form":{"constructor":{"prototype":{"polluted":true}}}}')
    expect(p.status).toBe(400)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const big = await h.http
      .post('/api/cases')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ form: { summary: 'x'.repeat(10 * 1024 * 1024) } }))
    expect(big.status).toBe(413)
    const deep = await h.http
      .post('/api/schemes/galutu/score')
      .set('content-type', 'application/json')
      .send('['.repeat(10_000) + ']'.repeat(10_000))
    expect([400, 422]).toContain(deep.status)
    expect((await h.anon.get('/api/health')).status).toBe(200)
  })
  it('no default password: the first administrator comes from the one-time setup token', async () => {
    const fresh = await harness()
    try {
      // The harness created an account; a brand-new store has none and offers a token.
      const store = fresh.rt.store
      await store.putDoc('accounts-index', [])
      const token = await fresh.rt.accounts.setupToken()
      expect(token).toBeTruthy()
      expect((await fresh.anon.post('/api/auth/setup').send({ token: 'wrong', username: 'boss', password: 'a long enough password' })).status).toBe(403)
      expect((await fresh.anon.post('/api/auth/setup').send({ token, username: 'boss', password: 'a long enough password' })).status).toBe(201)
      expect((await fresh.anon.post('/api/auth/setup').send({ token, username: 'boss2', password: 'a long enough password' })).status).toBe(403)
      const boss = await signIn(fresh.app, 'boss', 'a long enough password')
      expect((await boss.get('/api/accounts')).status).toBe(200)
    } finally {
      await fresh.close()
    }
  })
  it('security headers carry a Content Security Policy', async () => {
    const r = await h.anon.get('/api/health')
    expect(r.headers['content-security-policy']).toContain("default-src 'self'")
    expect(r.headers['x-content-type-options']).toBe('nosniff')
  })
})
