/**
 * Security review (issue #15), the channels' findings: 5 (org options checked on every path,
 * spreadsheet cells that never start a formula), 6 (similar cases only where the user may read),
 * 8 (the public duplicate check never hands out another petitioner's code), 9 (proof-of-work
 * tokens spent in the store, and only on success). Real runtime, real Galutu definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import ExcelJS from 'exceljs'
import { harness, intake, type Harness } from './harness'
import { createApp } from '../../runtime/server/app'
import { solve } from '../../runtime/channels/challenge'
import { errorReportCsv } from '../../runtime/channels/import'
import { safeCell } from '../../runtime/reports/safe-cell'

let h: Harness
let pub: ReturnType<typeof request>
const publicApp = () => request(createApp({ ...h.rt, defaultScheme: 'galutu', log: () => {}, publicLimits: { submitPerHour: 1000, lookupPer10Min: 1000 } }))
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
  pub = publicApp()
})
afterAll(async () => h.close())

async function challenge() {
  const c = (await pub.get('/api/public/challenge')).body
  return { challenge: c.token as string, solution: solve(c.token, c.difficulty) }
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
let sub = 0
const submissionId = () => `review-sub-${String(++sub).padStart(4, '0')}`
const FORMULA = '=HYPERLINK("http://evil.example/x","点我领补贴")'

describe('review finding 5: org options are checked on every path; exports never start a formula', () => {
  it("the public petition refuses a village that is not the town's, naming the field by its title", async () => {
    const before = (await h.http.get('/api/cases?channel=online')).body.total
    for (const village of ['幸福村', FORMULA]) {
      const r = await pub
        .post('/api/public/galutu/petitions')
        .send({ form: citizen({ village, summary: `编造的嘎查村 ${village}` }), submissionId: submissionId(), ...(await challenge()) })
      expect(r.status, JSON.stringify(r.body)).toBe(422)
      expect(r.body.fields).toEqual([expect.objectContaining({ field: 'village', message: expect.stringContaining('所在嘎查村（社区）') })])
    }
    const en = await pub
      .post('/api/public/galutu/petitions')
      .set('accept-language', 'en')
      .send({ form: citizen({ village: '幸福村' }), submissionId: submissionId(), ...(await challenge()) })
    expect(en.body.fields[0].message).toMatch(/not one of the town's villages/)
    expect((await h.http.get('/api/cases?channel=online')).body.total).toBe(before)
  })

  it('staff registration and events refuse values outside the org lists (village, units), by title', async () => {
    const bad = await h.http.post('/api/cases').send({ form: intake({ village: '幸福村', officer: '李四' }) })
    expect(bad.status).toBe(422)
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'village', message: expect.stringContaining('所属嘎查村（社区）“幸福村”') })])
    const ok = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const dispatch = await h.http
      .post(`/api/cases/${ok.body.id}/events`)
      .send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan', 'no_such_unit'], matter: 'm' } })
    expect(dispatch.status).toBe(422)
    expect(dispatch.body.fields).toEqual([expect.objectContaining({ field: 'units.1', message: expect.stringContaining('派往单位“no_such_unit”') })])
  })

  it('an import reports a row with an unknown village against its column and creates nothing for it', async () => {
    const csv = [
      '工单编号,来电人,联系电话,所属村居,地址,诉求内容,诉求,受理日期',
      `R5-001,张一,13800000001,"${FORMULA.replace(/"/g, '""')}",一号楼,楼道灯坏了需要维修,修灯,2026/3/2`,
      'R5-002,张二,13800000002,文化社区,,噪音扰民问题严重,,2026-03-02',
    ].join('\n')
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345?filename=r5.csv').set('content-type', 'text/csv').send(csv)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.created.map((c: { sourceId: string }) => c.sourceId)).toEqual(['R5-002'])
    expect(r.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: '所属村居', field: 'village', message: expect.stringContaining('所在嘎查村（社区）') }),
    ])
  })

  it("an assessor's entry for a village not in the list is refused", async () => {
    const r = await h.http
      .post('/api/assessment/galutu/entries')
      .send({ village: FORMULA, item: 'systems.training', value: true, date: '2026-03-02', note: '培训记录' })
    expect(r.status).toBe(422)
    expect(r.body.fields[0]).toMatchObject({ field: 'village', code: 'UNKNOWN_OPTION' })
  })

  it('the bulletin .xlsx keeps text that would start a formula as text, even from data stored before the check', async () => {
    // a case stored with an invented village before the check existed
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', summary: '旧数据' }) })
    const rec = (await h.rt.store.getCase(c.body.id))!
    await h.rt.store.updateCase({ ...rec, summary: { ...rec.summary, village: FORMULA, version: rec.summary.version + 1 } }, rec.summary.version, [])
    const x = await h.http
      .get('/api/reports/galutu/bulletin?period=2026-03&format=xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(x.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(x.body as ArrayBuffer)
    const texts: string[] = []
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') texts.push(cell.value)
        }),
      )
    expect(texts).toContain(`'${FORMULA}`)
    expect(texts.filter((t) => /^[=+\-@]/.test(t))).toEqual([])
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()))
  })

  it('the import error report CSV and the one helper escape = + - @ (and leave numbers alone)', () => {
    const csv = errorReportCsv([
      { row: 2, column: '@SUM(A1)', field: '+cmd', message: '-2+3' },
      { row: 3, column: FORMULA, field: 'village', message: '正常' },
    ])
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    expect(lines[1]).toBe("2,'@SUM(A1),'+cmd,'-2+3")
    expect(lines[2]).toBe(`3,"'${FORMULA.replace(/"/g, '""')}",village,正常`)
    expect(safeCell(-3)).toBe(-3)
    expect(safeCell(' =1+1')).toBe("' =1+1")
    expect(safeCell('\t=1')).toBe("'\t=1")
    expect(safeCell('团结社区')).toBe('团结社区')
  })
})

describe('review finding 6: the similar-case lookup shows only cases the user may read', () => {
  const ID = '150626199001011234'
  let mine: { id: string; number: string }
  let theirs: { id: string; number: string }
  it('a village officer sees matches in their village; elsewhere only a count and where to ask', async () => {
    h.clock.set('2026-03-05')
    mine = (
      await h.http.post('/api/cases').send({
        form: intake({ petitionerName: '其木格', idNumber: ID, phone: '13700000054', village: '团结社区', officer: '李四', receivedOn: '2026-03-05' }),
      })
    ).body
    theirs = (
      await h.http.post('/api/cases').send({
        form: intake({ petitionerName: '其木格', idNumber: ID, phone: '13700000055', village: '巴音温都尔嘎查', officer: '李四', receivedOn: '2026-03-05' }),
      })
    ).body
    expect(mine.number && theirs.number).toBeTruthy()
    await h.http.post(`/api/cases/${theirs.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-05', units: ['pingan'], matter: 'm' } })
    const officer = await h.as('tuanjie_officer', [{ role: 'village_officer', scheme: 'galutu', village: '团结社区' }])

    const r = await officer.post('/api/schemes/galutu/similar').send({ idNumber: ID, receivedOn: '2026-03-06' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.items.map((x: { caseId: string }) => x.caseId)).toEqual([mine.id])
    expect(r.body.elsewhere).toEqual([{ village: '巴音温都尔嘎查', units: ['平安建设办公室'], count: 1 }])
    const text = JSON.stringify(r.body)
    expect(text).not.toContain(theirs.id)
    expect(text).not.toContain(theirs.number)

    const onCase = await officer.get(`/api/cases/${mine.id}/similar`)
    expect(onCase.status).toBe(200)
    // same village and category: the officer's own village's cases, never the other one
    expect(onCase.body.items.every((x: { village: string }) => x.village === '团结社区')).toBe(true)
    expect(onCase.body.elsewhere).toEqual([{ village: '巴音温都尔嘎查', units: ['平安建设办公室'], count: 1 }])
    expect(JSON.stringify(onCase.body)).not.toContain(theirs.number)
  })

  it('a town officer (jurisdiction: all) sees both, nothing elsewhere', async () => {
    const r = await h.http.post('/api/schemes/galutu/similar').send({ idNumber: ID, receivedOn: '2026-03-06' })
    expect(r.body.items.map((x: { caseId: string }) => x.caseId).sort()).toEqual([mine.id, theirs.id].sort())
    expect(r.body.elsewhere).toEqual([])
  })
})

describe('review finding 8: public duplicate check', () => {
  it('another petitioner with the same phone and matter gets a petition and a code of their own', async () => {
    h.clock.set('2026-03-09')
    const first = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ summary: '楼道漏水无人维修' }), submissionId: submissionId(), ...(await challenge()) })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    // a relative sharing the phone, same words, same day
    const second = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ petitionerName: '王大爷', summary: '楼道漏水无人维修' }), submissionId: submissionId(), ...(await challenge()) })
    expect(second.status).toBe(201)
    expect(second.body.trackingCode).not.toBe(first.body.trackingCode)
    expect(second.body.number).not.toBe(first.body.number)
    expect(JSON.stringify(second.body)).not.toContain(first.body.trackingCode)
    const c = (await h.http.get(`/api/cases/${second.body.number}`)).body
    expect(c.context.facts.petitionerName).toBe('王大爷')
  })

  it('a submission id someone else used does not hand over their receipt', async () => {
    const id = submissionId()
    const first = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ petitionerName: '张某', phone: '13900000001', summary: '路灯不亮影响出行' }), submissionId: id, ...(await challenge()) })
    expect(first.status).toBe(201)
    const other = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ petitionerName: '李某', phone: '13900000002', summary: '路灯不亮影响出行' }), submissionId: id, ...(await challenge()) })
    expect(other.status).toBe(201)
    expect(other.body.trackingCode).not.toBe(first.body.trackingCode)
    expect(other.body.number).not.toBe(first.body.number)
    // the first petitioner's retry still gets their own receipt
    const retry = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ petitionerName: '张某', phone: '13900000001', summary: '路灯不亮影响出行' }), submissionId: id, ...(await challenge()) })
    expect(retry.body).toEqual(first.body)
  })

  it('the same person, same matter, same day (new submission) still gets their first receipt', async () => {
    const form = citizen({ petitionerName: '赵某', phone: '13900000003', summary: '垃圾清运不及时' })
    const first = await pub.post('/api/public/galutu/petitions').send({ form, submissionId: submissionId(), ...(await challenge()) })
    const again = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: { ...form, summary: ' 垃圾清运不及时 ' }, submissionId: submissionId(), ...(await challenge()) })
    expect(again.body).toEqual(first.body)
  })
})

describe('review finding 9: proof-of-work tokens are spent in the store, and only on success', () => {
  it('a petition refused for a field leaves the token good for the corrected one; then it is spent', async () => {
    const ch = await challenge()
    const refused = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ phone: '12', summary: '井盖缺失存在隐患' }), submissionId: submissionId(), ...ch })
    expect(refused.status).toBe(422)
    expect(await h.rt.channels.challenges.isSpent(ch.challenge)).toBe(false)
    const ok = await pub.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '井盖缺失存在隐患' }), submissionId: submissionId(), ...ch })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const reused = await pub.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '另一处井盖也缺失' }), submissionId: submissionId(), ...ch })
    expect(reused.status).toBe(403)
    expect(reused.body.code).toBe('CHALLENGE_FAILED')
  })

  it('a spent token stays spent after a restart (kept in the store, not in memory)', async () => {
    const ch = await challenge()
    expect(
      (await pub.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '重启前提交的事项' }), submissionId: submissionId(), ...ch })).status,
    ).toBe(201)
    await h.reopen()
    pub = publicApp()
    expect(await h.rt.channels.challenges.isSpent(ch.challenge)).toBe(true)
    const replay = await pub.post('/api/public/galutu/petitions').send({ form: citizen({ summary: '重启后重放的事项' }), submissionId: submissionId(), ...ch })
    expect(replay.status).toBe(403)
    expect(replay.body.code).toBe('CHALLENGE_FAILED')
  })

  it('public complaints: the same rules (spent only on success, once)', async () => {
    const ch = await challenge()
    const form = { complainant: '钱某某', phone: '13698765432', content: '服务点工作时间无人值守' }
    const refused = await pub.post('/api/public/galutu/complaints').send({ form: { complainant: '钱某某' }, submissionId: 'review-complaint-1', ...ch })
    expect(refused.status).toBe(422)
    const ok = await pub.post('/api/public/galutu/complaints').send({ form, submissionId: 'review-complaint-1', ...ch })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const reused = await pub.post('/api/public/galutu/complaints').send({ form: { ...form, content: '另一件投诉' }, submissionId: 'review-complaint-2', ...ch })
    expect(reused.status).toBe(403)
    expect(reused.body.code).toBe('CHALLENGE_FAILED')
    // nor across the two routes
    const petition = await pub
      .post('/api/public/galutu/petitions')
      .send({ form: citizen({ summary: '用投诉的验证提交' }), submissionId: submissionId(), ...ch })
    expect(petition.status).toBe(403)
  })
})
