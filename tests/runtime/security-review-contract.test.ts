/**
 * The review's findings about the HTTP contract (issue #15), each as the reviewer reported it:
 * the case-changed publish (finding 1), the ignored account fields, the undescribed downloads, and
 * a registered complaint answered unmasked to a user without case.pii.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(async () => h.close())

describe('review: PATCH /api/accounts/x {"disabled":"yes","zzz":1} answered 200 and ignored both', () => {
  it('is refused with 422 naming both fields, and changes nothing', async () => {
    await h.as('clerk', [{ role: 'town_officer' }])
    const r = await h.http.patch('/api/accounts/clerk').send({ disabled: 'yes', zzz: 1 })
    expect(r.status).toBe(422)
    const pointers = r.body.fields.map((f: { pointer: string }) => f.pointer).sort()
    expect(pointers).toEqual(['/disabled', '/zzz'])
    expect(r.body.fields.find((f: { pointer: string }) => f.pointer === '/disabled').message).toMatch(/停用/)
    expect((await h.rt.accounts.get('clerk'))!.disabled).toBe(false)
  })
})

describe('review finding 1: a village officer made themselves administrator through /api/DESIGNER/…', () => {
  it('every case-changed spelling of the designer and accounts routes answers 404, and nothing is published', async () => {
    const v = await h.as('village1', [{ role: 'village_officer', village: '团结社区' }])
    const before = (await h.http.get('/api/schemes/galutu/versions')).body.items.length
    for (const [m, p] of [
      ['post', '/api/DESIGNER/schemes/galutu/draft/publish'],
      ['post', '/api/Designer/schemes/galutu/rollback'],
      ['patch', '/api/ACCOUNTS/village1'],
      ['post', '/api/Accounts'],
    ] as const) {
      const r = await v[m](p).send({ grants: [{ role: 'admin', scheme: '*' }], note: 'x', to: '1' })
      expect(r.status, `${m} ${p}`).toBe(404)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    expect((await h.http.get('/api/schemes/galutu/versions')).body.items.length).toBe(before)
    expect((await h.rt.accounts.get('village1'))!.grants).toEqual([{ role: 'village_officer', village: '团结社区' }])
  })
})

describe('the OpenAPI document describes the .xlsx downloads beside the JSON', () => {
  it('bulletin and yearly summary list the workbook media type', async () => {
    const doc = (await h.http.get('/api/openapi.json')).body
    for (const p of ['/api/reports/{id}/bulletin', '/api/reports/{id}/yearly']) {
      expect(Object.keys(doc.paths[p].get.responses['200'].content)).toEqual([
        'application/json',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ])
    }
  })
})

describe('a complaint registered by a user without case.pii comes back masked, as a case does', () => {
  it('masks the complainant phone for a grid worker (case.register without case.pii) and not for a town officer', async () => {
    const form = { complainant: '王某', phone: '13912345678', via: '意见箱', content: '代办员态度不好', receivedOn: '2026-03-02' }
    const mine = await h.http.post('/api/duty/galutu/complaints').send({ form })
    expect(mine.status, JSON.stringify(mine.body)).toBe(201)
    expect(mine.body.context.facts.phone).toBe('13912345678')
    const grid = await h.as('grid1', [{ role: 'grid_worker', village: '团结社区' }])
    const r = await grid.post('/api/duty/galutu/complaints').send({ form })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.masked).toBe(true)
    expect(JSON.stringify(r.body)).not.toContain('13912345678')
  })
})
