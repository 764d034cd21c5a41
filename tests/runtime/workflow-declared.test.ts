/**
 * What a workflow definition declares, the runtime does, with no event name in code: the events
 * that start a case (`entry`) and the notifications an event sends (`events.<type>.notify`). A
 * copy of the Galutu scheme with those declarations edited behaves as edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'
import { makeScheme, removeTempSchemes } from '../helpers/scheme'

let h: Harness
beforeAll(async () => {
  const dir = await makeScheme([
    // staff registration must name its event; the reply notice says something else, to the officer and the next actors
    { op: 'remove', file: 'workflow.json', pointer: '/machines/0/entry/register' },
    {
      op: 'set',
      file: 'workflow.json',
      pointer: '/machines/0/events/RECORD_REPLY/notify',
      value: [{ kind: 'info', to: ['officer'], message: '{number}：单位已书面答复，请三日内告知信访人' }],
    },
    // no notice on feedback at all
    { op: 'remove', file: 'workflow.json', pointer: '/machines/0/events/FEEDBACK/notify' },
  ])
  h = await harness({ start: '2026-04-06', schemeDirs: [dir] })
})
afterAll(async () => {
  await h.close()
  await removeTempSchemes()
})

describe('a workflow’s declared entry events and notifications', () => {
  it('without entry.register, registration must name its event; the error names /type', async () => {
    const r = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-04-06' }) })
    expect(r.status).toBe(422)
    expect(r.body.fields.map((f: { field: string }) => f.field)).toContain('type')
    expect(r.body.message).toContain('entry.register')
    expect((await h.http.get('/api/cases')).body.total).toBe(0)
    const ok = await h.http.post('/api/cases').send({ type: 'REGISTER', form: intake({ receivedOn: '2026-04-06' }) })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
  })

  it('sends the notifications the definition declares, with its words, and none it does not', async () => {
    await h.rt.accounts.create({ username: 'zhaol', displayName: '赵六代办', password: 'correct horse battery staple', grants: [{ role: 'town_officer' }] })
    const zhao = await h.as('zhaol')
    const clerk = await h.as('clerk3', [{ role: 'town_officer' }])
    const dept = await h.as('dept3', [{ role: 'department_officer', unit: 'pingan' }])
    const c = (
      await clerk
        .post('/api/cases')
        .send({ type: 'REGISTER', form: intake({ receivedOn: '2026-04-06', officer: '赵六代办', level: 'village', category: '邻里小纠纷' }) })
    ).body
    await clerk.post(`/api/cases/${c.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-04-06', units: ['pingan'], matter: 'm' } })
    await dept.post(`/api/cases/${c.id}/events`).send({ type: 'RECORD_REPLY', form: { unit: 'pingan', repliedOn: '2026-04-07', result: 'r' } })
    await clerk.post(`/api/cases/${c.id}/events`).send({ type: 'CONCLUDE', form: { concludedOn: '2026-04-08', result: '调解', resolved: true } })
    const fb = await clerk
      .post(`/api/cases/${c.id}/events`)
      .send({ type: 'FEEDBACK', form: { method: '电话', toldOn: '2026-04-08', satisfied: false, reviewRequested: true } })
    expect(fb.status, JSON.stringify(fb.body)).toBe(200)
    const mine = ((await zhao.get('/api/my/notifications')).body.items as Array<{ caseId: string; kind: string; message: string }>).filter(
      (n) => n.caseId === c.id,
    )
    expect(mine.map((n) => n.kind).sort()).toEqual(['assigned', 'info'])
    expect(mine.find((n) => n.kind === 'info')!.message).toBe(`${c.number}：单位已书面答复，请三日内告知信访人`)
  })
})
