/**
 * Only what the user may do (issue #18 §2): the case view's actions are computed on the server
 * from the policy, the case's state and the user's roles — and the case as it stands (恢复计时 only
 * on a paused clock) — with the suggested next step; the send refuses with the same judgement.
 * Table: tests/cases/case-actions.json, on the real Galutu definitions and a file store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Client, type Harness } from './harness'
import type { RoleGrant } from '../../runtime/auth/policy'

interface Step {
  as?: string
  type: string
  form: Record<string, unknown>
}
interface Expect {
  actions?: string[]
  suggested?: string | null
  notFound?: boolean
}
interface Row {
  name: string
  register: Record<string, unknown>
  steps: Step[]
  expect: Record<string, Expect>
  refused: Array<Step & { status: number; code: string; message?: string }>
  then?: Step[]
  expectAfter?: Record<string, Expect>
}
const table = JSON.parse(readFileSync('tests/cases/case-actions.json', 'utf8')) as { accounts: Record<string, RoleGrant[]>; cases: Row[] }

let h: Harness
const as: Record<string, Client> = {}
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
  for (const [name, grants] of Object.entries(table.accounts)) as[name] = await h.as(name, grants)
})
afterAll(async () => h.close())

const client = (name?: string) => (name ? as[name]! : h.http)

async function send(id: string, s: Step) {
  return client(s.as).post(`/api/cases/${id}/events`).send({ type: s.type, form: s.form })
}

async function check(id: string, expected: Record<string, Expect>) {
  for (const [who, e] of Object.entries(expected)) {
    const r = await client(who).get(`/api/cases/${id}`)
    if (e.notFound) {
      expect(r.status, who).toBe(404)
      continue
    }
    expect(r.status, who).toBe(200)
    expect(
      r.body.actions.map((a: { type: string }) => a.type),
      who,
    ).toEqual(e.actions)
    expect(r.body.suggested, who).toBe(e.suggested)
  }
}

describe('the actions a case view offers are the ones its reader may take', () => {
  for (const row of table.cases) {
    it(row.name, async () => {
      const c = await h.http.post('/api/cases').send({ form: intake(row.register) })
      expect(c.status).toBe(201)
      const id = c.body.id as string
      for (const s of row.steps) expect((await send(id, s)).status, s.type).toBe(200)
      await check(id, row.expect)
      const version = (await h.http.get(`/api/cases/${id}`)).body.version
      for (const s of row.refused) {
        const r = await send(id, s)
        expect(r.status, `${s.as} ${s.type}`).toBe(s.status)
        expect(r.body.code, `${s.as} ${s.type}`).toBe(s.code)
        if (s.message) expect(r.body.message).toContain(s.message)
        // an offered action is never refused for who or when; a refused one is never offered
        const view = await client(s.as).get(`/api/cases/${id}`)
        if (view.status === 200) expect(view.body.actions.map((a: { type: string }) => a.type)).not.toContain(s.type)
      }
      expect((await h.http.get(`/api/cases/${id}`)).body.version, 'refusals change nothing').toBe(version)
      for (const s of row.then ?? []) expect((await send(id, s)).status, s.type).toBe(200)
      if (row.expectAfter) await check(id, row.expectAfter)
    })
  }

  it('every action offered to an account is accepted from it (nothing offered only to be refused for its role)', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['shehuishiwu'], matter: 'm' } })
    for (const who of ['dept', 'village', 'town', 'leader']) {
      const view = (await client(who).get(`/api/cases/${c.body.id}`)).body
      for (const a of view.actions as Array<{ type: string }>) {
        // past the judgement, a stale version stops it before anything is written
        const r = await client(who).post(`/api/cases/${c.body.id}/events`).send({ type: a.type, form: {}, expectedVersion: 0 })
        expect(r.body.code, `${who} ${a.type}`).toBe('CONFLICT')
      }
    }
  })

  it('an online submission awaiting triage offers 登记并甄别受理, never the submission event itself', async () => {
    const view = await h.rt.cases.create(
      'galutu',
      {
        entry: 'submit',
        form: {
          petitionerName: '网民甲',
          phone: '13900000000',
          village: '团结社区',
          summary: '小区路灯损坏多日无人修',
          acceptsProxy: true,
          channel: 'online',
          receivedOn: '2026-03-02',
        },
      },
      { id: 'public' },
    )
    const r = await as.town!.get(`/api/cases/${view.id}`)
    expect(r.body.state).toBe('intake')
    expect(r.body.actions.map((a: { type: string }) => a.type)).toEqual(['REGISTER'])
    expect(r.body.suggested).toBe('REGISTER')
    const submit = await as.town!.post(`/api/cases/${view.id}/events`).send({
      type: 'SUBMIT',
      form: {
        petitionerName: '网民甲',
        phone: '13900000000',
        village: '团结社区',
        summary: '小区路灯损坏多日无人修',
        acceptsProxy: true,
        channel: 'online',
        receivedOn: '2026-03-02',
      },
    })
    expect(submit.status).toBe(403)
    expect(submit.body.message).toContain('网上')
  })

  it('refusals speak the request language', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    const r = await as.village!.post(`/api/cases/${c.body.id}/events`).set('accept-language', 'en').send({ type: 'RESUME_CLOCK', form: {} })
    expect(r.status).toBe(409)
    expect(r.body.message).toBe('"Resume the clock" is not possible now (condition not met: a clock is paused)')
    const f = await as.village!.post(`/api/cases/${c.body.id}/events`).set('accept-language', 'en').send({ type: 'ESCALATE', form: {} })
    expect(f.status).toBe(403)
    expect(f.body.message).toBe('your role may not do "Report to the city"')
  })
})
