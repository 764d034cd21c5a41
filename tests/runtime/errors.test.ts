/** Bad input of every kind gets the right status and a clear body, and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'

let h: Harness
let id: string
beforeAll(async () => {
  h = await harness({ officers: ['李四'] })
  const r = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
  id = r.body.id
})
afterAll(async () => h.close())

async function unchanged() {
  const c = await h.http.get(`/api/cases/${id}`)
  expect(c.body.version).toBe(1)
  const a = await h.http.get(`/api/cases/${id}/audit`)
  // reading the trail unmasked is itself recorded (pii.view); nothing else was written
  expect(a.body.items.filter((e: { action: string }) => e.action !== 'pii.view')).toHaveLength(1)
}

describe('refusals', () => {
  it('an event the current state does not accept → 409 EVENT_NOT_ALLOWED naming what is allowed', async () => {
    const r = await h.http
      .post(`/api/cases/${id}/events`)
      .send({ type: 'ARCHIVE', form: { archivedOn: '2026-03-02', archiveNumber: 'x', keeper: 'y', intakeForm: true } })
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('EVENT_NOT_ALLOWED')
    // named by the workflow's titles, never the event keys (issue #18 §6)
    expect(r.body.message).toContain('派发处置单')
    expect(r.body.message).not.toContain('DISPATCH')
    await unchanged()
  })
  it('an event the workflow does not know → 422 UNKNOWN_EVENT', async () => {
    const r = await h.http.post(`/api/cases/${id}/events`).send({ type: 'FLY_TO_MOON' })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('UNKNOWN_EVENT')
    await unchanged()
  })
  it('a form with wrong and unknown fields → 422 naming each field', async () => {
    const r = await h.http.post(`/api/cases/${id}/events`).send({ type: 'DISPATCH', form: { sentOn: '03/03/2026', units: ['nowhere'], matter: 5, extra: 1 } })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('INVALID_INPUT')
    const fields = r.body.fields.map((f: { field: string }) => f.field)
    expect(fields).toEqual(expect.arrayContaining(['sentOn', 'units.0', 'matter', 'extra']))
    for (const f of r.body.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/)
    await unchanged()
  })
  it('registration with a category no group handles → 422 on field category', async () => {
    const r = await h.http.post('/api/cases').send({ form: intake({ category: '不存在的类别' }) })
    expect(r.status).toBe(422)
    expect(r.body.fields.map((f: { field: string }) => f.field)).toContain('category')
  })
  it('an unknown case → 404', async () => {
    for (const path of ['/api/cases/00000000-0000-0000-0000-000000000000', '/api/cases/GLT-2026-999999', '/api/cases/nope/audit']) {
      const r = await h.http.get(path)
      expect(r.status, path).toBe(404)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    const e = await h.http.post('/api/cases/GLT-2026-999999/events').send({ type: 'DISPATCH', form: {} })
    expect(e.status).toBe(404)
  })
  it('an oversized body → 413, malformed JSON → 400, prototype keys → 400; nothing changed', async () => {
    const big = await h.http
      .post(`/api/cases/${id}/events`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ type: 'DISPATCH', form: { matter: 'x'.repeat(2_000_000) } }))
    expect(big.status).toBe(413)
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE')
    const bad = await h.http.post(`/api/cases/${id}/events`).set('content-type', 'application/json').send('{"type": "DISPATCH",')
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('BAD_JSON')
    const proto = await h.http
      .post(`/api/cases/${id}/events`)
      .set('content-type', 'application/json')
      .send('{"type":"DISPATCH","form":{"__proto__":{"polluted":1}}}')
    expect(proto.status).toBe(400)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await unchanged()
  })
  it('unknown top-level fields and wrong expectedVersion type are refused', async () => {
    const r = await h.http.post(`/api/cases/${id}/events`).send({ type: 'DISPATCH', form: {}, sneaky: true })
    expect(r.status).toBe(422)
    expect(r.body.fields).toContainEqual(expect.objectContaining({ pointer: '/sneaky', code: 'UNKNOWN_FIELD' }))
    const v = await h.http.post(`/api/cases/${id}/events`).send({ type: 'DISPATCH', form: {}, expectedVersion: 'one' })
    expect(v.status).toBe(422)
    expect(v.body.fields).toContainEqual(expect.objectContaining({ pointer: '/expectedVersion', code: 'WRONG_TYPE' }))
    await unchanged()
  })
  it('no stack trace leaves the server', async () => {
    const r = await h.http.post(`/api/cases/${id}/events`).set('content-type', 'application/json').send('{"type":')
    expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.(ts|js):\d+/)
    const unknownRoute = await h.http.get('/api/nothing-here')
    expect(unknownRoute.status).toBe(404)
    expect(unknownRoute.body.code).toBe('NOT_FOUND')
  })
  it('list parameters are checked', async () => {
    for (const [q, field] of [
      ['limit=100000', 'limit'],
      ['offset=-1', 'offset'],
      ['sort=petitionerPhone', 'sort'],
      ['zzz=1', 'zzz'],
    ]) {
      const r = await h.http.get(`/api/cases?${q}`)
      expect(r.status, q).toBe(422)
      expect(
        r.body.fields.map((f: { field: string }) => f.field),
        q,
      ).toContain(field)
    }
  })
})

describe('concurrency', () => {
  it('two concurrent edits of one case: one wins, one gets 409, nothing merged', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    const send = (unit: string) =>
      h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: [unit], matter: 'm' }, expectedVersion: 1 })
    const [a, b] = await Promise.all([send('pingan'), send('sifasuo')])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.code).toBe('CONFLICT')
    expect(loser.body.currentVersion).toBe(2)
    const after = await h.http.get(`/api/cases/${c.body.id}`)
    expect(after.body.version).toBe(2)
    expect(after.body.context.dispatches).toHaveLength(1)
  })
  it('a stale expectedVersion is refused with 409', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '抓紧' }, expectedVersion: 1 })
    const stale = await h.http
      .post(`/api/cases/${c.body.id}/events`)
      .send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '再次' }, expectedVersion: 1 })
    expect(stale.status).toBe(409)
  })
})
