/**
 * Every path of the workflow end to end through HTTP, for each shipped scheme: the same test code
 * runs the Galutu table (tests/cases/workflow-paths.json) and the second scheme's
 * (tests/cases/wulan/workflow-paths.json) — the second scheme differs in structure and needs no code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type request from 'supertest'
import { harness, intake, type Harness } from './harness'

interface Step { at: string; type: string; form: Record<string, unknown>; expect?: Record<string, unknown>; refused?: string }
type Table = { paths: Array<{ name: string; steps: Step[] }> }
const SCHEMES = [
  { scheme: 'galutu', table: JSON.parse(readFileSync('tests/cases/workflow-paths.json', 'utf8')) as Table, base: intake() as Record<string, unknown> },
  { scheme: 'wulan', table: JSON.parse(readFileSync('tests/cases/wulan/workflow-paths.json', 'utf8')) as Table, base: JSON.parse(readFileSync('tests/cases/wulan/intake.json', 'utf8')) as Record<string, unknown> },
]

let h: Harness
beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan'] })
})
afterAll(async () => h.close())

describe.each(SCHEMES.flatMap((s) => s.table.paths.map((p) => ({ ...p, scheme: s.scheme, base: s.base, title: `${s.scheme}: ${p.name}` }))))('$title', ({ steps, scheme, base }) => {
  it('runs every step with the expected state, routing and due dates', async () => {
    let id: string | null = null
    let version = 0
    for (const [i, step] of steps.entries()) {
      h.clock.set(step.at)
      const res: request.Response = id === null
        ? await h.http.post('/api/cases').send({ schemeId: scheme, form: { ...base, ...step.form } })
        : await h.http.post(`/api/cases/${id}/events`).send({ type: step.type, form: step.form, expectedVersion: version })
      const where = `step ${i} ${step.type}`
      if (step.refused) {
        expect(res.status, where).toBe(409)
        expect(res.body.code, where).toBe(step.refused)
        const after = await h.http.get(`/api/cases/${id}`)
        expect(after.body.version, `${where}: a refusal changes nothing`).toBe(version)
        continue
      }
      expect(res.status, `${where}: ${JSON.stringify(res.body).slice(0, 400)}`).toBe(id === null ? 201 : 200)
      id = res.body.id
      version = res.body.version
      const e = step.expect ?? {}
      const c = res.body
      if ('state' in e) expect(c.state, where).toBe(e.state)
      if ('status' in e) expect(c.status, where).toBe(e.status)
      if ('outcome' in e) expect(c.context.decision?.outcome, where).toBe(e.outcome)
      if ('group' in e) expect(c.summary.group, where).toBe(e.group)
      if ('dueDate' in e) expect(c.summary.dueDate, where).toBe(e.dueDate)
      if ('officer' in e) expect(c.summary.officer, where).toBe(e.officer)
      if ('units' in e) expect(c.summary.units, where).toEqual(e.units)
      if ('escalateTo' in e) expect(c.context.decision?.escalateTo, where).toBe(e.escalateTo)
      if ('escalatedTo' in e) expect(c.context.outcome.escalatedTo, where).toBe(e.escalatedTo)
    }
    const audit = await h.http.get(`/api/cases/${id}/audit`)
    expect(audit.status).toBe(200)
    expect(audit.body.items.length).toBe(version)
    expect(audit.body.items.every((a: { actor: string }) => a.actor === 'officer1')).toBe(true)
  })
})

describe('case numbers', () => {
  it('are readable, from the scheme prefix and the year, and never reused', async () => {
    h.clock.set('2026-05-06')
    const a = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    const b = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(a.body.number).toMatch(/^GLT-2026-\d{6}$/)
    expect(Number(b.body.number.slice(-6))).toBe(Number(a.body.number.slice(-6)) + 1)
    await h.reopen()
    const c = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(Number(c.body.number.slice(-6))).toBeGreaterThan(Number(b.body.number.slice(-6)))
    const byNumber = await h.http.get(`/api/cases/${c.body.number}`)
    expect(byNumber.body.id).toBe(c.body.id)
  })
})
