/** The public notice board (公开性): generated from the definitions and accounts; names and office phones only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, PEOPLE, type DutyHarness } from './harness'
import { intake } from '../runtime/harness'
import { solve } from '../../runtime/channels/challenge'
import { buildNotice } from '../../runtime/duty'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { makeScheme, removeTempSchemes } from '../helpers/scheme'

const PETITIONER = { petitionerName: '张三丰', phone: '13912345678', idNumber: '150626199001011234', address: '团结社区幸福路8号' }
const COMPLAINANT = { complainant: '钱某某', phone: '13698765432', content: '服务点无人值守' }

let h: DutyHarness
let notice: any
let text: string
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-03-02' })
  const c = await h.user()
  expect((await c.post('/api/cases').send({ form: intake({ ...PETITIONER, officer: '刘代办' }) })).status).toBe(201)
  const ch = (await h.pub.get('/api/public/challenge')).body
  expect(
    (
      await h.pub
        .post('/api/public/galutu/complaints')
        .send({ form: COMPLAINANT, submissionId: 'notice-test-1', challenge: ch.token, solution: solve(ch.token, ch.difficulty) })
    ).status,
  ).toBe(201)
  expect((await c.put('/api/duty/galutu/contacts/v_t1').send({ officePhone: '0477-7654321' })).status).toBe(200)
  expect((await c.put('/api/duty/galutu/contacts/officer_a').send({ officePhone: '0477-7123456' })).status).toBe(200)
  expect((await c.post('/api/duty/galutu/roster/2026-03').send({})).status).toBe(201)
  const r = await h.pub.get('/api/public/galutu/notice')
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  notice = r.body
  text = JSON.stringify(notice)
})
afterAll(async () => {
  await h.close()
  await removeTempSchemes()
})

describe('what the notice publishes', () => {
  it('needs no session', () => {
    expect(notice.town).toBe('嘎鲁图镇')
    expect(notice.date).toBe('2026-03-02')
  })

  it('the process, from the workflow stages the duty definition publishes', () => {
    expect(notice.process.map((p: { name: string }) => p.name)).toEqual(['甄别受理', '事项办理', '办结反馈', '终结回访', '整理归档'])
    expect(notice.workflow).toBe('信访代办事项流程')
  })

  it('the time limits, including the complaint reply limit', () => {
    const limits = Object.fromEntries(notice.timeLimits.map((t: { name: string; days: number; unit: string }) => [t.name, `${t.days}${t.unit}`]))
    expect(limits).toMatchObject({
      '嘎查村（社区）事项办理时限': '5工作日',
      镇级事项办理时限: '15工作日',
      终结回访时限: '15自然日',
      服务投诉处理时限: '15工作日',
    })
  })

  it('what is and is not proxied, and each task group’s matters', () => {
    expect(notice.scope.proxied.map((o: { name: string }) => o.name)).toEqual(['代办', '帮助代办协调'])
    const not = notice.scope.notProxied.find((o: { name: string }) => o.name === '不予代办')
    // in the order they are judged: the exclusions before the judicial clause (issue 16)
    expect(not.when.map((w: { name: string }) => w.name)).toEqual(['三级终结、正在办理或仍无理上访', '已进入司法程序（非执行阶段）'])
    expect(notice.scope.groups).toHaveLength(6)
    expect(notice.scope.groups.find((g: { name: string }) => g.name === '综合执法组').categories).toContain('禁牧')
  })

  it('the system: the roster, grid workers’ days and the recurring duties', () => {
    // and (issue 16) each 二级部门's 带班, stated once
    expect(notice.system.roster.shifts).toEqual([
      { name: '带班', perWorkday: 1, role: '带班领导（科级）' },
      { name: '值班', perWorkday: 1, role: '值班干部' },
      { name: '二级部门带班', perWorkday: 1, role: '二级部门班子成员', perUnit: 'department' },
    ])
    expect(notice.system.gridAttendance.minDaysPerWeek).toBe(2)
    expect(notice.system.obligations.find((o: { name: string }) => o.name === '信访代办员教育培训')).toMatchObject({ cadence: '每两个月', scope: '全镇' })
    expect(notice.onDutyToday.slice(0, 2).map((s: { name: string; people: string[] }) => [s.name, s.people.length])).toEqual([
      ['带班', 1],
      ['值班', 1],
    ])
    expect(notice.onDutyToday.find((s: { name: string }) => s.name === '二级部门带班（平安建设办公室）').people).toHaveLength(1)
  })

  it('the service points with their officers’ names and office phones', () => {
    const point = notice.servicePoints.find((p: { name: string }) => p.name === '团结社区信访代办服务点')
    expect(point.village).toBe('团结社区')
    expect(point.officers).toContainEqual({ name: '团结甲', role: '嘎查村（社区）代办员', officePhone: '0477-7654321' })
    expect(point.officers.map((o: { name: string }) => o.name).sort()).toEqual(['团结丙', '团结乙', '团结甲', '网格甲'].sort())
    const station = notice.servicePoints.find((p: { type: string }) => p.type === '服务站')
    expect(station.officers).toContainEqual({ name: '刘代办', role: '镇代办员', officePhone: '0477-7123456' })
    for (const p of notice.servicePoints) for (const o of p.officers) expect(Object.keys(o).sort()).toEqual(['name', 'officePhone', 'role'])
  })

  it('how to complain, with the public form minus what the system fills in', () => {
    expect(notice.complain).toMatchObject({ ways: ['意见箱', '监督电话', '网上', '来访'], replyWithin: { days: 15, unit: '工作日' } })
    expect(notice.complain.mailbox).toContain('意见箱')
    expect(Object.keys(notice.complain.online.form.properties).sort()).toEqual(['complainant', 'content', 'phone'])
    expect(notice.complain.online.form.required.sort()).toEqual(['complainant', 'content'])
    expect(notice.complain.online.notice).toContain('15个工作日')
  })
})

describe('no personal data beyond names and office phones', () => {
  it('nothing of petitioners or complainants', () => {
    for (const v of [...Object.values(PETITIONER), COMPLAINANT.complainant, COMPLAINANT.phone, COMPLAINANT.content]) expect(text, v).not.toContain(v)
  })

  it('nothing of the accounts but the display name: no user names, roles granted, passwords or dates', async () => {
    // (The harness's officer1 has its user name as display name, so it is left out here.)
    for (const a of PEOPLE.accounts.map((x) => x.username)) expect(text, a).not.toContain(a)
    for (const word of ['username', 'grants', 'password', 'salt', 'scrypt', 'createdAt', 'passwordChangedAt', 'disabled'])
      expect(text, word).not.toContain(word)
    const stored = await h.rt.accounts.get('v_t1')
    expect(text).not.toContain(stored!.password.hash)
    expect(text).not.toContain(stored!.password.salt)
    expect(text).not.toContain(stored!.createdAt)
  })

  it('an account without an office phone shows none; clearing a phone removes it', async () => {
    const c = await h.user()
    expect((await c.put('/api/duty/galutu/contacts/v_t1').send({ officePhone: null })).body).toEqual({ username: 'v_t1', officePhone: null })
    const n = (await h.pub.get('/api/public/galutu/notice')).body
    const point = n.servicePoints.find((p: { name: string }) => p.name === '团结社区信访代办服务点')
    expect(point.officers).toContainEqual({ name: '团结甲', role: '嘎查村（社区）代办员', officePhone: null })
    expect((await c.put('/api/duty/galutu/contacts/v_t1').send({ officePhone: '我的手机' })).status).toBe(422)
    expect((await c.put('/api/duty/galutu/contacts/nobody').send({ officePhone: '0477-1' })).status).toBe(404)
  })
})

describe('generated from the definitions', () => {
  it('a stage removed from the workflow is no longer published', async () => {
    const dir = await makeScheme([
      { op: 'remove', file: 'workflow.json', pointer: '/machines/0/config/states/feedback' },
      { op: 'remove', file: 'workflow.json', pointer: '/machines/0/stateInfo/feedback' },
      { op: 'set', file: 'workflow.json', pointer: '/machines/0/config/states/handling/on/CONCLUDE/target', value: 'followUp' },
    ])
    const r = await loadSchemeDir(dir)
    expect(r.problems).toEqual([])
    const n = buildNotice(r.scheme!, [], new Map(), null, '2026-03-02')
    expect(n.process.map((p) => p.name)).toEqual(['甄别受理', '事项办理', '终结回访', '整理归档'])
    expect(n.servicePoints.every((p) => p.officers.length === 0)).toBe(true)
  })
})
