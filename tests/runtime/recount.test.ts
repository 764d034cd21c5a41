/**
 * Recount after publishing (issue #17): publishing leaves running cases on their version; the
 * designer lists the running cases whose due dates a recount onto the latest version would move
 * (GET …/recount) and recounts the chosen ones (POST …/recount): the case moves onto the new
 * version with its due date counted under the new time limit, audited, and a repeat changes
 * nothing. Over HTTP on the real store and a writable copy of the galutu definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../runtime/server/app'
import { editableRuntime, intake, userClient, type Client } from './harness'
import { seedOfficers } from '../helpers/officers'
import { writeJson } from '../../engine/scheme/json-edit'

let env: Awaited<ReturnType<typeof editableRuntime>>
let village: Client
let town: { id: string; number: string; due: string }
let vil: { id: string; number: string; due: string }
const base = '/api/designer/schemes/galutu'

beforeAll(async () => {
  env = await editableRuntime()
  await seedOfficers(env.rt, ['李四'])
  village = await userClient(env.rt, createApp({ ...env.rt, log: () => {}, signInLimit: 10_000 }), 'village1', [
    { role: 'village_officer', village: '团结社区' },
  ])
  const reg = async (level: string) => {
    const r = await env.http.post('/api/cases').send({ form: intake({ officer: '李四', level }) })
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201)
    return { id: r.body.id as string, number: r.body.number as string, due: r.body.summary.dueDate as string }
  }
  town = await reg('town')
  vil = await reg('village')
})
afterAll(() => env.close())

/** The time limit of a clock in the draft changed as the designer writes it (layout kept), then published. */
async function publishDays(clock: string, days: number, note: string) {
  const d = await env.http.get(`${base}/draft`)
  const f = (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === 'deadlines.json')!
  const v = JSON.parse(f.text) as { clocks: Array<{ id: string; days: number }> }
  v.clocks.find((c) => c.id === clock)!.days = days
  expect((await env.http.put(`${base}/draft/files/deadlines.json`).send({ text: writeJson(f.text, v) })).status).toBe(200)
  const p = await env.http.post(`${base}/draft/publish`).send({ note })
  expect(p.status, JSON.stringify(p.body).slice(0, 300)).toBe(201)
  return p.body.version as { version: string; hash: string }
}

describe('recount after publishing a changed time limit', () => {
  it('lists the running case whose due date moves, recounts it onto the new version, and a repeat changes nothing', async () => {
    const scheme = await env.rt.schemes.get('galutu', (await env.rt.schemes.latest('galutu')).hash)
    const townDef = scheme.clocks.get('handling_town')!
    expect(town.due).toBe(scheme.calendar.addDays('2026-03-02', townDef.days, 'workday'))
    const before = await env.rt.schemes.latest('galutu')
    const v = await publishDays('handling_town', townDef.days - 5, '镇级时限缩短 5 日')
    const published = await env.rt.schemes.get('galutu', v.hash)
    const expected = published.calendar.addDays('2026-03-02', townDef.days - 5, 'workday')
    expect(expected < town.due).toBe(true)

    // Publishing moved nothing: the case is still on its version with its date.
    const still = (await env.http.get(`/api/cases/${town.id}`)).body
    expect(still.summary.dueDate).toBe(town.due)
    expect(still.summary.schemeHash).toBe(before.hash)

    const list = await env.http.get(`${base}/recount`)
    expect(list.status, JSON.stringify(list.body).slice(0, 300)).toBe(200)
    expect(list.body.version).toMatchObject({ version: v.version, hash: v.hash })
    expect(list.body.items).toEqual([
      {
        caseId: town.id,
        number: town.number,
        village: '团结社区',
        from: { version: before.version, hash: before.hash },
        status: 'recount',
        dueDate: { from: town.due, to: expected },
        clocks: [{ clock: 'handling_town', name: townDef.name, from: town.due, to: expected, days: { from: townDef.days, to: townDef.days - 5 } }],
      },
    ])
    // the village case's limit did not change: not listed, and still not moved
    expect(list.body.items.map((x: { number: string }) => x.number)).not.toContain(vil.number)

    const r = await env.http.post(`${base}/recount`).send({ cases: [town.number], version: v.hash })
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
    expect(r.body.items).toMatchObject([{ number: town.number, status: 'recounted', dueDate: { from: town.due, to: expected } }])
    const after = (await env.http.get(`/api/cases/${town.id}`)).body
    expect(after.summary.dueDate).toBe(expected)
    expect(after.summary.schemeVersion).toBe(v.version)
    expect(after.summary.schemeHash).toBe(v.hash)
    expect(after.context.clocks.handling_town).toMatchObject({ days: townDef.days - 5, dueDate: expected, status: 'running' })
    expect(after.context.decision.dueDate).toBe(expected)
    const vAfter = (await env.http.get(`/api/cases/${vil.id}`)).body
    expect(vAfter.summary.schemeHash).toBe(before.hash)
    expect(vAfter.summary.dueDate).toBe(vil.due)

    // audited: the case's own entry and the scheme's
    const caseAudit = (await env.http.get(`/api/audit?action=recount&caseId=${town.id}`)).body.items
    expect(caseAudit).toHaveLength(1)
    expect(caseAudit[0]).toMatchObject({ actor: 'admin', action: 'recount' })
    const schemeAudit = (await env.http.get('/api/audit?action=scheme.recount')).body.items
    expect(schemeAudit).toHaveLength(1)
    expect(JSON.stringify(schemeAudit[0].changes)).toContain(town.number)

    // idempotent: again, nothing changes and nothing more is audited
    const again = await env.http.post(`${base}/recount`).send({ cases: [town.number] })
    expect(again.status).toBe(200)
    expect(again.body.items).toMatchObject([{ number: town.number, status: 'unchanged', clocks: [] }])
    expect((await env.http.get(`/api/cases/${town.id}`)).body.version).toBe(after.version)
    expect((await env.http.get('/api/audit?action=scheme.recount')).body.items).toHaveLength(1)
    expect((await env.http.get(`${base}/recount`)).body.items).toEqual([])

    // the recounted case moves on under its new version
    const next = await env.http
      .post(`/api/cases/${town.id}/events`)
      .send({ type: 'DISPATCH', form: { sentOn: '2026-03-03', units: ['pingan'], matter: '核实' } })
    expect(next.status, JSON.stringify(next.body).slice(0, 300)).toBe(200)
  })

  it('refuses a list made before another publish (409), and a case it does not know, naming it', async () => {
    const old = (await env.rt.schemes.latest('galutu')).hash
    const clock = (await env.rt.schemes.get('galutu', old)).clocks.get('handling_village')!
    await publishDays('handling_village', clock.days + 1, '村级时限延长 1 日')
    const stale = await env.http.post(`${base}/recount`).send({ cases: [vil.number], version: old })
    expect(stale.status).toBe(409)
    expect(stale.body.fields[0]).toMatchObject({ pointer: '/version' })
    expect((await env.http.get(`/api/cases/${vil.id}`)).body.summary.dueDate).toBe(vil.due)
    const unknown = await env.http.post(`${base}/recount`).send({ cases: [vil.number, 'GLT-2026-999999'] })
    expect(unknown.status).toBe(422)
    expect(unknown.body.fields[0]).toMatchObject({ pointer: '/cases/1' })
    expect((await env.http.get(`/api/cases/${vil.id}`)).body.summary.dueDate).toBe(vil.due)
  })

  it('a village officer may neither list nor recount', async () => {
    expect((await village.get(`${base}/recount`)).status).toBe(403)
    const r = await village.post(`${base}/recount`).send({ cases: [vil.number] })
    expect(r.status).toBe(403)
    expect((await env.http.get(`/api/cases/${vil.id}`)).body.summary.dueDate).toBe(vil.due)
  })
})
