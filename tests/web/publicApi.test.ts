/**
 * What the public page's English rests on: the public API sends the English names the real Galutu
 * definitions carry beside the Chinese ones (info: scheme, time limits, form; status: stage,
 * outcome and its reason, task group, units), and field problems in English when asked — while
 * nothing more of a case is given away in either language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import { harness, intake, type Harness } from '../runtime/harness'
import { createApp } from '../../runtime/server/app'
import { solve } from '../../runtime/channels/challenge'

let h: Harness
let app: ReturnType<typeof request>
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
  app = request(createApp({ ...h.rt, defaultScheme: 'galutu', log: () => {}, publicLimits: { submitPerHour: 1000, lookupPer10Min: 1000 } }))
})
afterAll(async () => h.close())

async function challenge() {
  const c = (await app.get('/api/public/challenge')).body
  return { challenge: c.token, solution: solve(c.token, c.difficulty) }
}
const citizen = { petitionerName: '王大妈', phone: '13912345678', village: '文化社区', summary: '小区供暖长期不达标', requests: '尽快修复', acceptsProxy: true }

describe('English names in the public API', () => {
  it('info: the scheme’s, every time limit’s and the form’s English names beside the Chinese', async () => {
    const info = (await app.get('/api/public/galutu/info')).body
    const scheme = await h.rt.schemes.get('galutu', (await h.rt.schemes.latest('galutu')).hash)
    expect(info.scheme).toBe(scheme.manifest.name)
    expect(info.schemeEn).toBe(scheme.manifest.nameEn)
    const clocks = scheme.defs.deadlines.clocks.filter((c) => c.machine === 'case')
    expect(info.timeLimits.map((t: { id: string; name: string; nameEn?: string }) => [t.id, t.name, t.nameEn])).toEqual(
      clocks.map((c) => [c.id, c.name, c.nameEn]),
    )
    expect(info.form).toMatchObject({ id: 'publicIntake', name: '网上信访事项登记', nameEn: 'Online petition' })
  })

  it('status: the stage, triage result, its reason, the task group and the units in English too; nothing more', async () => {
    const receipt = (await app.post('/api/public/galutu/petitions').send({ form: citizen, submissionId: 'sub-en-0001', ...(await challenge()) })).body
    const fresh = (await app.post('/api/public/status').send({ code: receipt.trackingCode, phoneLast4: '5678' })).body
    expect(fresh).toMatchObject({ stage: '待甄别', stageEn: 'Awaiting triage', outcome: null, units: [], unitsEn: [] })
    expect(fresh.handledByEn).toBeUndefined()

    const c = (await h.http.get(`/api/cases/${receipt.number}`)).body
    await h.http.post(`/api/cases/${c.id}/events`).send({
      type: 'REGISTER',
      form: {
        ...intake({}),
        ...c.context.facts,
        ...citizen,
        channel: 'online',
        receivedOn: '2026-03-02',
        category: '物业管理',
        level: 'town',
        officer: '李四',
      },
    })
    await h.http
      .post(`/api/cases/${c.id}/events`)
      .send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['chengshiguanli'], matter: '内部备注：请核实物业公司' } })
    const s = await app.post('/api/public/status').set('accept-language', 'en').send({ code: receipt.trackingCode, phoneLast4: '5678' })
    expect(s.status).toBe(200)
    expect(s.body).toMatchObject({
      stage: '事项办理',
      stageEn: 'Handling',
      outcome: { name: '代办', nameEn: 'Proxy handling' },
      handledBy: '涉企问题组',
      handledByEn: 'Enterprise issues task group',
      units: ['城市管理办公室'],
      unitsEn: ['Urban Management Office'],
    })
    expect(s.body.outcome.reasons).toHaveLength(1)
    expect(s.body.outcome.reasonsEn).toHaveLength(1)
    expect(s.body.outcome.reasonsEn[0]).toMatch(/^[\x20-\x7e]+$/)
    const text = JSON.stringify(s.body)
    for (const secret of ['李四', '内部备注', '13912345678', '王大妈']) expect(text).not.toContain(secret)
  })

  it('a miss is the same answer in either language; a refused field is worded in English when asked', async () => {
    const zh = await app.post('/api/public/status').send({ code: 'AAAAAAAAAAAA', phoneLast4: '5678' })
    const en = await app.post('/api/public/status').set('accept-language', 'en').send({ code: 'AAAAAAAAAAAA', phoneLast4: '5678' })
    expect(en.status).toBe(404)
    // the same answer (status, code, nothing else) in the language asked for only (issue #18 §6)
    const shape = ({ requestId: _id, message: _m, ...body }: Record<string, unknown>) => body
    expect(shape(en.body)).toEqual(shape(zh.body))
    expect(zh.body.message).toBe('查询码或手机号后四位不正确，请核对后再试')
    expect(en.body.message).toBe('No match')
    const bad = await app
      .post('/api/public/galutu/petitions')
      .set('accept-language', 'en')
      .send({ form: { ...citizen, phone: '12', summary: '另一件需要反映的事情' }, submissionId: 'sub-en-0002', ...(await challenge()) })
    expect(bad.status).toBe(422)
    expect(bad.body.code).toBe('INVALID_INPUT')
    expect(bad.body.fields[0].field).toBe('phone')
    expect(bad.body.fields[0].message).toMatch(/^[\x20-\x7e]+$/)
    // worded for people: no regular expression from the form definition
    expect(bad.body.fields[0].message).toBe('has the wrong format')
    const zhBad = await app
      .post('/api/public/galutu/petitions')
      .send({ form: { ...citizen, phone: '12', summary: '另一件需要反映的事情' }, submissionId: 'sub-zh-0003', ...(await challenge()) })
    expect(zhBad.body.fields[0].message).toBe('格式不正确')
  })
})
