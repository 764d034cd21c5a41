/** The village assessment reads the duty records: bound 组织落实/制度建设 items change with them; an assessor's entry still wins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'

let h: DutyHarness
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-02-27' })
})
afterAll(async () => h.close())

const detail = async (period: string, village: string) => {
  const r = await (await h.user()).get(`/api/reports/galutu/bulletin?period=${period}`)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.details.find((d: { village: string }) => d.village === village)
}
const item = (d: { result: { items: Array<{ id: string; value: number }> } }, id: string) => d.result.items.find((i) => i.id === id)!.value

const training = {
  heldOn: '2026-02-26',
  topic: '信访代办业务培训',
  method: '互动交流',
  attendance: [
    { username: 'v_t1', name: '团结甲', present: true },
    { username: 'v_w1', name: '文化甲', present: false },
  ],
}

describe('制度建设 from the records', () => {
  let before: any
  it('without records, training and the yearly meeting earn nothing', async () => {
    before = await detail('2026-02', '团结社区')
    expect(item(before, 'training')).toBe(0)
    expect(item(before, 'annualMeeting')).toBe(0)
    expect(before.evidence['systems.training']).toBeUndefined()
    expect(before.records['systems.training']).toMatchObject({ value: false, rule: 'every', records: [], missing: ['2026年1—2月'] })
  })

  it('a training record with the village’s officer present earns 团结社区 its training point, not 文化社区', async () => {
    const r = await (await h.user()).post('/api/duty/galutu/obligations/training:2026-B1/evidence').send({ form: training })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const after = await detail('2026-02', '团结社区')
    expect(item(after, 'training')).toBe(2)
    expect(after.result.total).toBe(before.result.total + 2)
    expect(after.evidence['systems.training']).toEqual([
      expect.objectContaining({
        source: 'record',
        kind: 'obligation',
        ref: 'training',
        recordId: r.body.id,
        date: '2026-02-26',
        by: 'officer1',
        name: '信访代办员教育培训（2026年1—2月）',
      }),
    ])
    expect(item(await detail('2026-02', '文化社区'), 'training')).toBe(0)
  })

  it('“every two months” is strict: by May the March–April training is missing', async () => {
    const may = await detail('2026-05', '团结社区')
    expect(item(may, 'training')).toBe(0)
    expect(may.records['systems.training']).toMatchObject({ value: false, missing: ['2026年3—4月'] })
  })

  it('the village’s own yearly meeting earns 年度专题会议', async () => {
    const r = await (
      await h.user()
    )
      .post('/api/duty/galutu/obligations/village_meeting:2026:tuanjie/evidence')
      .send({ form: { heldOn: '2026-02-27', title: '团结社区信访代办工作专题会议', convenedBy: '社区党委书记', topics: '研究落实本社区信访代办工作' } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const d = await detail('2026-02', '团结社区')
    expect(item(d, 'annualMeeting')).toBe(2)
    expect(d.evidence['systems.annualMeeting'][0]).toMatchObject({ source: 'record', ref: 'village_meeting', recordId: r.body.id })
    expect(item(await detail('2026-02', '文化社区'), 'annualMeeting')).toBe(0)
  })
})

describe('组织落实 from the recorded staffing check', () => {
  it('a point meeting the minimum earns 队伍稳定, one short does not', async () => {
    const r = await (await h.user()).post('/api/duty/galutu/staffing/checks').send({})
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const t = await detail('2026-02', '团结社区')
    expect(item(t, 'stableTeam')).toBe(2)
    expect(t.evidence['organization.stableTeam'][0]).toMatchObject({ source: 'record', kind: 'staffing', recordId: r.body.record.id })
    const w = await detail('2026-02', '文化社区')
    expect(item(w, 'stableTeam')).toBe(0)
    expect(w.records['organization.stableTeam'].records[0].note).toContain('1/3')
  })
})

describe('the assessor still decides', () => {
  it('an entry overrides the records, with its note, and says so', async () => {
    const e = await (
      await h.user()
    )
      .post('/api/assessment/galutu/entries')
      .send({ village: '团结社区', item: 'systems.training', value: false, date: '2026-02-27', note: '培训签到表与记录不符，考核员核定不得分' })
    expect(e.status, JSON.stringify(e.body)).toBe(201)
    const d = await detail('2026-02', '团结社区')
    expect(item(d, 'training')).toBe(0)
    expect(d.overridden).toEqual(['systems.training'])
    expect(d.evidence['systems.training']).toEqual([expect.objectContaining({ source: 'entry', note: '培训签到表与记录不符，考核员核定不得分', value: false })])
    // What the records said is still shown.
    expect(d.records['systems.training'].value).toBe(true)
    // Other bound items keep their record values.
    expect(item(d, 'annualMeeting')).toBe(2)
  })
})
