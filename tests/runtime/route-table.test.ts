/**
 * The route table is the only place a route exists (issue #15): an access matrix generated from it
 * — every route × every role × {no session, wrong scheme, wrong village, case-changed path} — so a
 * route is covered the day it is added; deny by default at mount time; the review's finding 1
 * (paths that differ in case, dot segments, encoded dots, trailing and duplicate slashes reach no
 * route); and per route one body with an unknown field and one with a wrong type, refused with the
 * field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import express from 'express'
import request from 'supertest'
import { harness, intake, type Client, type Harness } from './harness'
import { createApp } from '../../runtime/server/app'
import { checkTable, pathParams } from '../../runtime/server/contract/mount'
import type { AnyRoute } from '../../runtime/server/contract/route'
import type { Principal, RoleGrant } from '../../runtime/auth/policy'

const matrix = JSON.parse(readFileSync('tests/cases/access-matrix.json', 'utf8')) as { users: Record<string, RoleGrant[]> }
const declared = JSON.parse(readFileSync('tests/cases/public-routes.json', 'utf8')) as { public: string[]; session: string[] }
const USERS: Record<string, RoleGrant[]> = {
  ...matrix.users,
  // a user of another town only
  wulanTown: [{ role: 'town_officer', scheme: 'wulan' }],
}

let h: Harness
let probe: ReturnType<typeof createApp>
let routes: AnyRoute[]
const clients: Record<string, Client> = {}
const principals: Record<string, Principal> = {}
let A: { id: string; number: string; summary: { village: string; units: string[]; schemeId: string } }
let B: { id: string; number: string; summary: { village: string; units: string[]; schemeId: string } }

beforeAll(async () => {
  // every route is called many times from one address: the public routes' rate limits raised
  const many = { submitPerHour: 100_000, lookupPer10Min: 100_000, complaintsPerHour: 100_000, noticePer10Min: 100_000 }
  h = await harness({
    schemeDirs: ['definitions/galutu', 'definitions/wulan'],
    app: { accessProbe: true, publicLimits: many, dutyLimits: many },
    officers: ['李四', '王五'],
  })
  probe = h.app
  routes = probe.locals.routes as AnyRoute[]
  A = (await h.http.post('/api/cases').send({ schemeId: 'galutu', form: intake({ officer: '李四' }) })).body
  const dispatched = await h.http
    .post(`/api/cases/${A.id}/events`)
    .send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan'], matter: '核实' } })
  A = dispatched.body
  B = (await h.http.post('/api/cases').send({ schemeId: 'galutu', form: intake({ village: '文化社区', officer: '王五' }) })).body
  for (const [name, grants] of Object.entries(USERS)) {
    clients[name] = await h.as(name, grants)
    principals[name] = { username: name, displayName: name, grants }
  }
})
afterAll(async () => h.close())

const key = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) =>
    encodeURIComponent(values[name] ?? (name === 'caseId' ? A.id : name === 'id' ? 'galutu' : name === 'month' ? '2026-03' : 'x')),
  )
}

/** What the declaration and the policy say a user gets on a route (204: let through to the handler). */
function expected(r: AnyRoute, who: string, scheme: string, kase: typeof A): number {
  const a = r.access
  if (a.kind === 'public') return 204
  if (who === 'anon') return 401
  const p = principals[who]!
  const policy = h.rt.policy()
  switch (a.kind) {
    case 'session':
      return 204
    case 'anyScheme':
      return policy.can(p, a.permission) ? 204 : 403
    case 'scheme':
      return policy.can(p, a.permission, undefined, scheme) ? 204 : 403
    case 'case':
      if (!policy.can(p, 'case.read') || !policy.can(p, a.permission)) return 403
      if (!policy.canOnCase(p, 'case.read', kase.summary)) return 404
      return policy.canOnCase(p, a.permission, kase.summary) ? 204 : 403
  }
}

async function send(c: Client | undefined, r: AnyRoute, url: string) {
  const req = (c ? c[r.method](url) : h.anon[r.method](url)).set('x-daiban-probe', 'access')
  return r.method === 'get' ? req : req.send({})
}

describe('the route table', () => {
  it('declares the public and the any-signed-in-user routes listed in tests/cases/public-routes.json, and no others', () => {
    expect(
      routes
        .filter((r) => r.access.kind === 'public')
        .map(key)
        .sort(),
    ).toEqual([...declared.public].sort())
    expect(
      routes
        .filter((r) => r.access.kind === 'session')
        .map(key)
        .sort(),
    ).toEqual([...declared.session].sort())
  })

  it('refuses to mount a route that declares no access (deny by default)', () => {
    const bad = { id: 'x', method: 'get', path: '/api/x', summary: 'x', tag: 'x', responses: { 200: {} }, handler: () => undefined } as unknown as AnyRoute
    expect(() => checkTable([bad])).toThrow(/declares no access/)
    expect(() => checkTable([{ ...bad, access: { kind: 'anyScheme' } } as unknown as AnyRoute])).toThrow(/without a permission/)
    expect(() => checkTable([{ ...bad, access: { kind: 'scheme', permission: 'case.read' } } as unknown as AnyRoute])).toThrow(/:id/)
  })

  it('is the only place /api routes are mounted: the app has no /api route outside it', () => {
    interface Layer {
      route?: { path: string; methods: Record<string, boolean> }
      handle?: { stack?: Layer[] }
    }
    const out: string[] = []
    const walk = (stack: Layer[]) => {
      for (const l of stack) {
        if (l.handle?.stack) walk(l.handle.stack)
        if (l.route?.path.startsWith('/api/')) for (const m of Object.keys(l.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${l.route.path}`)
      }
    }
    walk((probe as unknown as { router: { stack: Layer[] } }).router.stack)
    expect(out.sort()).toEqual(routes.map(key).sort())
  })
})

describe('generated access matrix: every route × every role', () => {
  it('no session, each role, another town, another village — as the declaration and the policy say', async () => {
    const failures: string[] = []
    for (const r of routes) {
      const url = fill(r.path, {})
      const anon = await send(undefined, r, url)
      if (anon.status !== expected(r, 'anon', 'galutu', A)) failures.push(`${key(r)} anon → ${anon.status}, want ${expected(r, 'anon', 'galutu', A)}`)
      for (const who of Object.keys(USERS)) {
        const res = await send(clients[who], r, url)
        const want = expected(r, who, 'galutu', A)
        if (res.status !== want) failures.push(`${key(r)} ${who} → ${res.status}, want ${want}`)
        // another town's scheme in the path
        if (r.access.kind === 'scheme') {
          const other = fill(r.path, { [r.access.param ?? 'id']: 'wulan' })
          const w = await send(clients[who], r, other)
          const wantW = expected(r, who, 'wulan', A)
          if (w.status !== wantW) failures.push(`${key(r)} ${who} in wulan → ${w.status}, want ${wantW}`)
        }
        // a case in another village
        if (r.access.kind === 'case') {
          const b = await send(clients[who], r, fill(r.path, { caseId: B.id }))
          const wantB = expected(r, who, 'galutu', B)
          if (b.status !== wantB) failures.push(`${key(r)} ${who} on case B → ${b.status}, want ${wantB}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('a village officer is never let through to an administrator route', async () => {
    const adminOnly = routes.filter(
      (r) => r.access.kind !== 'public' && r.access.kind !== 'session' && !h.rt.policy().can(principals.village!, r.access.permission),
    )
    expect(adminOnly.length).toBeGreaterThan(0)
    for (const r of adminOnly) expect((await send(clients.village, r, fill(r.path, {}))).status, key(r)).toBe(403)
  })
})

describe('review finding 1: a path that is not exactly a declared one reaches no route', () => {
  const variants = (path: string): string[] => {
    const i = path.search(/[a-z]/)
    const upper = path.slice(0, i) + path[i]!.toUpperCase() + path.slice(i + 1)
    const lastStatic = path.replace(/\/api\/([a-z]+)/, (_m, seg: string) => `/api/${seg.toUpperCase()}`)
    return [
      upper,
      lastStatic,
      `${path}/`,
      path.replace('/api/', '/api//'),
      path.replace('/api/', '//api/'),
      `/api/x/..${path.slice(4)}`,
      `/api/x/%2e%2e${path.slice(4)}`,
      path.replace('/api/', '/api/./'),
    ]
  }
  it('case-changed, dot-segment, encoded-dot, trailing-slash and double-slash paths answer 404 for every route, even to the administrator', async () => {
    const failures: string[] = []
    for (const r of routes) {
      for (const v of variants(fill(r.path, {}))) {
        const res = await send(clients.admin, r, v)
        if (res.status === 204 || res.status < 400 || (res.status !== 404 && res.status !== 405))
          failures.push(`${r.method.toUpperCase()} ${v} → ${res.status}`)
      }
    }
    expect(failures).toEqual([])
  })
  it('the attack of the review: a village officer publishing through /api/DESIGNER/… is refused', async () => {
    const r = await clients.village!.post('/api/DESIGNER/schemes/galutu/draft/publish').send({ note: 'x' })
    expect(r.status).toBe(404)
    expect(r.body.code).toBe('NOT_FOUND')
  })
})

describe('request validation, route by route', () => {
  const bodyRoutes = () => routes.filter((r) => r.method !== 'get' && r.body && !(r.body as { upload?: unknown }).upload)
  it('a body with an unknown field is refused with 422 naming the field, on every route that takes a JSON body', async () => {
    const failures: string[] = []
    for (const r of bodyRoutes()) {
      const res = await h.http[r.method](fill(r.path, {})).send({ zzzUnknown: 1 })
      // a body of free-form answers (decide's facts, score's inputs) is checked by the engine against the scheme, which names the field too
      const named = (res.body.fields ?? []).some((f: { pointer?: string; field?: string }) => f.pointer === '/zzzUnknown' || f.field === 'zzzUnknown')
      if (res.status !== 422 || !named) failures.push(`${key(r)} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
    }
    expect(failures).toEqual([])
  })
  it('a body with a wrong type is refused with 422 naming the field, on every route that takes a JSON body with typed fields', async () => {
    const failures: string[] = []
    for (const r of bodyRoutes()) {
      const props = Object.entries((r.body as { properties?: Record<string, { type?: unknown }> }).properties ?? {})
      const typed = props.find(
        ([, s]) => s.type === 'string' || s.type === 'integer' || s.type === 'boolean' || s.type === 'number' || s.type === 'array' || s.type === 'object',
      )
      if (!typed) continue
      const [name, s] = typed
      const wrong = s.type === 'string' ? { deep: 1 } : 'not-a-' + String(s.type)
      const res = await h.http[r.method](fill(r.path, {})).send({ [name]: wrong })
      const named = (res.body.fields ?? []).some((f: { pointer: string }) => f.pointer === `/${name}`)
      if (res.status !== 422 || !named) failures.push(`${key(r)} ${name} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
    }
    expect(failures).toEqual([])
  })
  it('names the field in English on accept-language: en', async () => {
    const r = await h.http.post(`/api/cases/${A.id}/events`).set('accept-language', 'en').send({ type: 'DISPATCH', expectedVersion: 'x' })
    expect(r.status).toBe(422)
    expect(r.body.fields[0].message).toMatch(/expectedVersion/)
    expect(r.body.message).not.toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('review finding 4: bodies are bounded before they are parsed', () => {
  it('a deeply nested body is refused by its depth, and changes nothing', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000)
    const r = await h.http.post(`/api/cases/${A.id}/events`).set('content-type', 'application/json').send(deep)
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('BAD_JSON')
    expect(r.body.message).toMatch(/嵌套/)
  })
  it('no body is read before the session and the access check: an anonymous megabyte to a staff route is answered 401', async () => {
    const r = await h.anon
      .post('/api/cases')
      .set('content-type', 'application/json')
      .send('[' + '1,'.repeat(400_000) + '1]')
    expect(r.status).toBe(401)
  })
  it('a public route applies its rate limit before reading the body: past the limit, even a hostile body is answered 429 unread', async () => {
    const limited = createApp({ ...h.rt, log: () => {}, publicLimits: { submitPerHour: 1, lookupPer10Min: 1000 } })
    const hostile = '['.repeat(100_000) + ']'.repeat(100_000)
    const first = await request(limited).post('/api/public/galutu/petitions').set('content-type', 'application/json').send(hostile)
    expect(first.status).toBe(400) // read, measured, refused as too deep
    const second = await request(limited).post('/api/public/galutu/petitions').set('content-type', 'application/json').send(hostile)
    expect(second.status).toBe(429)
    expect(second.body.code).toBe('RATE_LIMITED')
  })
  it('the depth scanner skips brackets inside strings', async () => {
    const { jsonDepthExceeds } = await import('../../runtime/server/contract/mount')
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' })), 4)).toBe(false)
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '\\"[[[[[[' })), 4)).toBe(false)
    expect(jsonDepthExceeds(Buffer.from('[[[[[1]]]]]'), 4)).toBe(true)
  })
})

void express
void pathParams
