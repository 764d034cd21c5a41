/** Online petitions, public status lookup, abuse resistance, imports, repeat detection and notifications. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import ExcelJS from 'exceljs'
import { harness, intake, type Harness } from './harness'
import { createApp } from '../../runtime/server/app'
import { solve } from '../../runtime/channels/challenge'

let h: Harness
let app: ReturnType<typeof request>
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
  app = request(createApp({ ...h.rt, defaultScheme: 'galutu', log: () => {}, publicLimits: { submitPerHour: 1000, lookupPer10Min: 1000 } }))
})
afterAll(async () => h.close())

async function challenge(http = app) {
  const c = (await http.get('/api/public/challenge')).body
  return { challenge: c.token, solution: solve(c.token, c.difficulty) }
}
const citizen = (over: Record<string, unknown> = {}) => ({
  petitionerName: '王大妈',
  phone: '13912345678',
  village: '文化社区',
  summary: '小区供暖长期不达标',
  requests: '尽快修复',
  acceptsProxy: true,
  ...over,
})

describe('online petitions and status lookup', () => {
  let receipt: { trackingCode: string; number: string }
  it('the public page gets the notice, the time limits and the form from the scheme', async () => {
    const info = (await app.get('/api/public/galutu/info')).body
    expect(info.town).toBe('嘎鲁图镇')
    expect(info.notice).toContain('嘎鲁图镇')
    expect(info.timeLimits.map((t: { days: number }) => t.days)).toEqual(expect.arrayContaining([5, 15, 30, 60]))
    expect(info.form.schema.required).toContain('phone')
  })
  it('a citizen files online: a receipt with an unguessable code; the case waits for triage with channel online', async () => {
    const r = await app.post('/api/public/galutu/petitions').send({ form: citizen(), submissionId: 'sub-0001-abcdef', ...(await challenge()) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    receipt = r.body
    expect(receipt.trackingCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/)
    const c = (await h.http.get(`/api/cases/${receipt.number}`)).body
    expect(c.state).toBe('intake')
    expect(c.summary.channel).toBe('online')
    expect(c.actions.map((a: { type: string }) => a.type)).toContain('REGISTER')
  })
  it('the same submission (retry) or the same matter the same day returns the first receipt', async () => {
    const again = await app.post('/api/public/galutu/petitions').send({ form: citizen(), submissionId: 'sub-0001-abcdef', ...(await challenge()) })
    expect(again.body.trackingCode).toBe(receipt.trackingCode)
    const dup = await app.post('/api/public/galutu/petitions').send({ form: citizen(), submissionId: 'sub-0002-abcdef', ...(await challenge()) })
    expect(dup.body.trackingCode).toBe(receipt.trackingCode)
  })
  it('refuses without a solved challenge, a reused challenge, and system fields', async () => {
    const none = await app.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '另一件事情需要反映' }), submissionId: 'sub-0003-abcdef' })
    expect(none.status).toBe(403)
    const ch = await challenge()
    const wrong = await app
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ summary: '另一件事情需要反映' }), submissionId: 'sub-0004-abcdef', challenge: ch.challenge, solution: 'nope' })
    expect(wrong.status).toBe(403)
    const ok = await app.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '另一件事情需要反映' }), submissionId: 'sub-0005-abcdef', ...ch })
    expect(ok.status).toBe(201)
    const reused = await app
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ summary: '第三件事情需要反映' }), submissionId: 'sub-0006-abcdef', ...ch })
    expect(reused.status).toBe(403)
    const sys = await app
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ channel: 'visit' }), submissionId: 'sub-0007-abcdef', ...(await challenge()) })
    expect(sys.status).toBe(422)
    const bad = await app.post('/api/public/galutu/petitions').send({ form: citizen({ phone: '12' }), submissionId: 'sub-0008-abcdef', ...(await challenge()) })
    expect(bad.status).toBe(422)
    expect(bad.body.fields[0].field).toBe('phone')
  })
  it('status lookup shows stage, unit, due date and working-day countdown; never officers or notes', async () => {
    const c = (await h.http.get(`/api/cases/${receipt.number}`)).body
    await h.http.post(`/api/cases/${c.id}/events`).send({
      type: 'REGISTER',
      form: {
        ...intake({}),
        ...c.context.facts,
        petitionerName: '王大妈',
        phone: '13912345678',
        village: '文化社区',
        summary: '小区供暖长期不达标',
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
    h.clock.set('2026-03-05')
    const s = await app.post('/api/public/status').send({ code: receipt.trackingCode.toLowerCase(), phoneLast4: '5678' })
    expect(s.status).toBe(200)
    expect(s.body).toMatchObject({
      number: receipt.number,
      stage: '事项办理',
      handledBy: '涉企问题组',
      units: ['城市管理办公室'],
      dueDate: '2026-03-23',
      workdaysLeft: 12,
      concluded: null,
    })
    const text = JSON.stringify(s.body)
    for (const secret of ['李四', '内部备注', '13912345678', '王大妈']) expect(text).not.toContain(secret)
  })
  it('a wrong code, a wrong phone suffix and another case’s code are answered the same way', async () => {
    const other = await app
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ phone: '13800001111', summary: '道路坑洼需要修补' }), submissionId: 'sub-0009-abcdef', ...(await challenge()) })
    const answers = await Promise.all([
      app.post('/api/public/status').send({ code: 'AAAAAAAAAAAA', phoneLast4: '5678' }),
      app.post('/api/public/status').send({ code: receipt.trackingCode, phoneLast4: '0000' }),
      app.post('/api/public/status').send({ code: other.body.trackingCode, phoneLast4: '5678' }),
      app.post('/api/public/status').send({ code: 'not a code', phoneLast4: 'abcd' }),
    ])
    // the same answer apart from the request id every error body carries
    const same = ({ requestId: _id, ...body }: Record<string, unknown>) => body
    for (const a of answers) {
      expect(a.status).toBe(404)
      expect(same(a.body)).toEqual(same(answers[0]!.body))
    }
  })
  it('the rate limit holds under a bounded burst on loopback', async () => {
    const limited = request(createApp({ ...h.rt, defaultScheme: 'galutu', log: () => {}, publicLimits: { lookupPer10Min: 5, submitPerHour: 2 } }))
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await limited.post('/api/public/status').send({ code: 'AAAAAAAAAAAA', phoneLast4: '1234' })).status)
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404])
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true)
  })
})

const CSV = [
  '工单编号,来电人,联系电话,所属村居,地址,诉求内容,诉求,受理日期',
  'H-001,张一,13800000001,团结社区,一号楼,楼道灯坏了需要维修,修灯,2026/3/2',
  'H-002,张二,13800000002,文化社区,,噪音扰民问题严重,,2026年3月3日',
  'H-003,,13800000003,团结社区,,缺少姓名的一行记录,,2026-03-03',
  'H-004,张四,123,团结社区,,电话号码不对的一行,,2026-03-03',
  'H-001,张一,13800000001,团结社区,一号楼,楼道灯坏了需要维修,修灯,2026/3/2',
  ',张六,13800000006,团结社区,,没有编号的一行记录,,2026-03-03',
].join('\n')

describe('import from the 12345 hotline and the platforms', () => {
  it('imports good rows, reports bad rows by row and column, skips repeated ids', async () => {
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345?filename=a.csv').set('content-type', 'text/csv').send(CSV)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.rows).toBe(6)
    expect(r.body.created.map((c: { sourceId: string }) => c.sourceId)).toEqual(['H-001', 'H-002'])
    expect(r.body.duplicates).toHaveLength(1)
    expect(r.body.errors).toEqual([
      { row: 4, column: '来电人', field: 'petitionerName', message: '缺少必填项“姓名”' },
      { row: 5, column: '联系电话', field: 'phone', message: '格式不正确' },
      { row: 7, column: '工单编号', field: 'sourceId', message: '缺少来源编号' },
    ])
    const c = (await h.http.get(`/api/cases/${r.body.created[1].number}`)).body
    expect(c.summary.channel).toBe('hotline12345')
    expect(c.summary.receivedOn).toBe('2026-03-03')
    expect(c.state).toBe('intake')
    // The error report downloads as CSV.
    const rep = await h.http.post('/api/schemes/galutu/import/hotline12345?filename=a.csv&dryRun=1&report=csv').set('content-type', 'text/csv').send(CSV)
    expect(rep.headers['content-type']).toContain('text/csv')
    expect(rep.text).toContain('4,来电人,姓名')
  })
  it('re-importing the same file creates nothing twice', async () => {
    const before = (await h.http.get('/api/cases?channel=hotline12345')).body.total
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345?filename=a.csv').set('content-type', 'text/csv').send(CSV)
    expect(r.body.created).toEqual([])
    expect(r.body.duplicates).toHaveLength(3)
    expect((await h.http.get('/api/cases?channel=hotline12345')).body.total).toBe(before)
  })
  it('imports .xlsx from a platform with its own columns and value mapping', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('导出')
    ws.addRow(['事件编号', '姓名', '手机号', '嘎查村', '事件描述', '上报日期', '事项类别'])
    ws.addRow(['P-9', '李五', '13700000009', '团结社区', '养老金没有按时发放', new Date(Date.UTC(2026, 2, 4)), '养老保险'])
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const r = await h.http.post('/api/schemes/galutu/import/platform?filename=p.xlsx').set('content-type', 'application/octet-stream').send(buf)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.created).toHaveLength(1)
    const c = (await h.http.get(`/api/cases/${r.body.created[0].number}`)).body
    expect(c.context.facts.category).toBe('养老及其他农村牧区社会保险')
    expect(c.summary.receivedOn).toBe('2026-03-04')
  })
  it('a file missing mapped columns, or a channel without import, is refused clearly', async () => {
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345').set('content-type', 'text/csv').send('a,b\n1,2')
    expect(r.status).toBe(422)
    expect(r.body.message).toContain('工单编号')
    expect((await h.http.post('/api/schemes/galutu/import/visit').set('content-type', 'text/csv').send('a\n1')).status).toBe(404)
  })
})

describe('repeat and multi-channel petitions', () => {
  it('finds the same petitioner through another channel, links them, and counts them once', async () => {
    h.clock.set('2026-03-10')
    const first = await h.http.post('/api/cases').send({
      form: intake({ petitionerName: '赵七', phone: '13600000007', channel: 'visit', receivedOn: '2026-03-10', officer: '李四', village: '萨如拉图雅嘎查' }),
    })
    const facts = { petitionerName: '赵七', phone: '13600000007', village: '萨如拉图雅嘎查', category: '养老及其他农村牧区社会保险', receivedOn: '2026-03-12' }
    const found = (await h.http.post('/api/schemes/galutu/similar').send(facts)).body.items
    expect(found[0].caseId).toBe(first.body.id)
    expect(found[0].reasons).toEqual(expect.arrayContaining(['联系电话相同', '姓名和嘎查村（社区）相同']))
    h.clock.set('2026-03-12')
    const second = await h.http.post('/api/cases').send({ form: intake({ ...facts, channel: 'online', officer: '李四' }) })
    const linked = await h.http.post(`/api/cases/${second.body.id}/links`).send({ caseId: first.body.id })
    expect(linked.status).toBe(200)
    expect(linked.body.linked.sort()).toEqual([first.body.id, second.body.id].sort())
    const sim = (await h.http.get(`/api/cases/${second.body.id}/similar`)).body.items
    expect(sim.find((x: { caseId: string }) => x.caseId === first.body.id).linked).toBe(true)
    const b = (await h.http.get('/api/reports/galutu/bulletin?period=2026-03')).body
    expect(b.rows.find((r: { village: string }) => r.village === '萨如拉图雅嘎查').month.petitions).toBe(1)
    const rep = (await h.http.get('/api/reports/galutu/repeats?year=2026')).body.items
    expect(rep).toContainEqual({ village: '萨如拉图雅嘎查', month: '2026-03', repeat: 0, multi: 1 })
  })
})

describe('notifications', () => {
  it('tell the officer about assignments, replies, review requests and reminders', async () => {
    h.clock.set('2026-03-16')
    const clerk = await h.as('clerk')
    const dept = await h.as('dept', [{ role: 'department_officer', unit: 'pingan' }])
    const officerN = await h.as('officerN')
    const c = await clerk.post('/api/cases').send({ form: intake({ receivedOn: '2026-03-16', officer: 'officerN' }) })
    await clerk.post(`/api/cases/${c.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-16', units: ['pingan'], matter: 'm' } })
    await dept.post(`/api/cases/${c.body.id}/events`).send({ type: 'RECORD_REPLY', form: { unit: 'pingan', repliedOn: '2026-03-17', result: 'r' } })
    h.clock.set('2026-03-20')
    await h.rt.scheduler.tick()
    const n = (await officerN.get('/api/my/notifications')).body
    expect(n.items.map((x: { kind: string }) => x.kind).sort()).toEqual(['assigned', 'due_soon', 'reply'])
    expect(n.unread).toBe(3)
    const read = await officerN.post('/api/my/notifications/read').send({ all: true })
    expect(read.body.marked).toBe(3)
  })
})
