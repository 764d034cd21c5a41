/** The assessment computed from seeded cases and assessor entries, the bulletin, letters, the dashboard and .xlsx export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { harness, intake, type Harness } from './harness'
import { main } from '../../runtime/cli/main'

const scenario = JSON.parse(readFileSync('tests/cases/assessment-scenario.json', 'utf8'))
type Expected = { ytd: Record<string, number>; month?: Record<string, number>; total: number; grade: string; overdue?: number; letters: Record<string, number> }

let h: Harness
let bulletin: any
beforeAll(async () => {
  h = await harness({ start: '2026-11-20', officers: ['李四'] })
  for (const c of scenario.cases) {
    h.clock.set(c.receivedOn)
    const form = intake({
      village: c.village,
      channel: c.channel,
      receivedOn: c.receivedOn,
      officer: '李四',
      ...(c.level ? { level: c.level, category: c.category } : {}),
      ...(c.answerableOnSpot ? { answerableOnSpot: true } : {}),
    })
    const r = await h.http.post('/api/cases').send({ form })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    if (c.conclude) {
      h.clock.set(c.conclude.on)
      const e = await h.http
        .post(`/api/cases/${r.body.id}/events`)
        .send({ type: 'CONCLUDE', form: { concludedOn: c.conclude.on, result: '已办理', resolved: c.conclude.resolved } })
      expect(e.status, JSON.stringify(e.body)).toBe(200)
    }
  }
  h.clock.set('2026-11-20')
  const assessor = await h.as('assessor1', [{ role: 'assessor' }])
  for (const e of scenario.entries) {
    const r = await assessor.post('/api/assessment/galutu/entries').send(e)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  bulletin = (await h.http.get('/api/reports/galutu/bulletin?period=2026-10')).body
})
afterAll(async () => h.close())

describe('the October 2026 bulletin', () => {
  for (const [village, exp] of Object.entries(scenario.expected as Record<string, Expected>)) {
    it(`${village}: ${exp.total} ${exp.grade}`, () => {
      const row = bulletin.rows.find((r: { village: string }) => r.village === village)
      expect(row, village).toBeTruthy()
      expect(row.ytd).toMatchObject(exp.ytd)
      if (exp.month) expect(row.month).toMatchObject(exp.month)
      expect(row.total).toBe(exp.total)
      expect(row.grade).toBe(exp.grade)
      if (exp.overdue !== undefined) expect(row.overdue).toBe(exp.overdue)
      expect(Object.fromEntries(row.letters.map((l: { letter: string; count: number }) => [l.letter, l.count]))).toEqual(exp.letters)
    })
  }

  it('ranks by total, ties sharing a rank', () => {
    const ranks = bulletin.rows.map((r: { village: string; rank: number }) => [r.village, r.rank])
    // 团结社区 60.8 first; 文化社区 and 巴音温都尔嘎查 both 60, sharing second place
    expect(ranks.slice(0, 3).map((x: [string, number]) => x[1])).toEqual([1, 2, 2])
    expect(bulletin.rows.map((r: { total: number }) => r.total)).toEqual([...bulletin.rows.map((r: { total: number }) => r.total)].sort((a, b) => b - a))
  })

  it('explains each item with its formula, inputs and the evidence entered, and says what would lift the score', () => {
    const d = bulletin.details.find((x: { village: string }) => x.village === '团结社区')
    const online = d.result.items.find((i: { id: string }) => i.id === 'onlineRateScore')
    expect(online.formula).toBe('min(网访占比率 ÷ 0.7, 1) × 10')
    // phone counts as online (实施方案 五（三）): online, online, visit, phone → 3 of 4
    expect(online.inputs).toEqual({ onlineRate: 0.75 })
    expect(d.evidence['organization.venueEquipped'][0]).toMatchObject({ by: 'assessor1', note: '现场检查', attachment: 'photo-2026-02-01.jpg' })
    expect(d.evidence['bonus.reportsSubmitted']).toHaveLength(2)
    expect(d.lift[0].gap).toBeGreaterThan(0)
    const veto = bulletin.details.find((x: { village: string }) => x.village === '呼和陶勒盖嘎查')
    expect(veto.result.vetoed).toEqual(['incident'])
  })

  it("a bulletin's numbers agree with the case list it links to", async () => {
    for (const row of bulletin.rows) {
      const list = await h.http.get(row.links.petitions + '&limit=200')
      expect(list.body.total, row.village).toBe(row.ytd.petitions)
      const month = await h.http.get(row.links.month + '&limit=200')
      expect(month.body.total, row.village).toBe(row.month.petitions)
    }
  })

  it('lists the letters per village', async () => {
    const r = await h.http.get('/api/reports/galutu/letters?period=2026-10')
    expect(
      r.body.items
        .filter((l: { village: string }) => l.village === '团结社区')
        .map((l: { letter: string }) => l.letter)
        .sort(),
    ).toEqual(['提醒函', '督办函'])
  })

  it('refuses an assessor entry without evidence, with an unknown item or a wrong value', async () => {
    const bad = await h.http
      .post('/api/assessment/galutu/entries')
      .send({ village: '团结社区', item: 'organization.stableTeam', value: 3, date: '2026-10-01', note: '' })
    expect(bad.status).toBe(422)
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['note', 'value'])
    const unknown = await h.http
      .post('/api/assessment/galutu/entries')
      .send({ village: '团结社区', item: 'counts.petitions', value: 3, date: '2026-10-01', note: 'x' })
    expect(unknown.status).toBe(422)
    expect((await h.http.get('/api/reports/galutu/bulletin?period=2026-13')).status).toBe(422)
  })
})

describe('issue 16: phone counts as online (实施方案 五（三）: 群众电话反映的问题 are 网上代办事项)', () => {
  it("团结社区's October: its only petition by phone is its one online petition, and the org says why", () => {
    const row = bulletin.rows.find((r: { village: string }) => r.village === '团结社区')
    expect(row.month).toMatchObject({ petitions: 2, online: 1 })
    const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
    const phone = org.channels.find((c: { id: string }) => c.id === 'phone')
    expect(phone.online).toBe(true)
    expect(phone.description).toContain('五（三）')
  })
})

describe('yearly summary, dashboard and exports', () => {
  it('the yearly summary is built from the months', async () => {
    const y = (await h.http.get('/api/reports/galutu/yearly?year=2026')).body
    expect(y.months).toHaveLength(12)
    const oct = y.months.find((m: { month: string }) => m.month === '2026-10')
    expect(oct.rows.find((r: { village: string }) => r.village === '团结社区').total).toBe(60.8)
    // The year counts November's petition and escalations: 5 petitions, banner −0.5 × 2.
    const year = y.annual.rows.find((r: { village: string }) => r.village === '团结社区')
    expect(year.ytd.petitions).toBe(5)
  })

  it('the dashboard gives the rates by month and by village, with links', async () => {
    const d = (await h.http.get('/api/reports/galutu/dashboard?year=2026')).body
    const oct = d.months.find((m: { month: string }) => m.month === '2026-10')
    expect(oct.petitions).toBe(4)
    const t = d.villages.find((v: { village: string }) => v.village === '团结社区')
    expect(t.petitions).toBe(5)
    expect(t.proxyRate).toBeCloseTo(4 / 5)
  })

  it('the .xlsx opens and holds the same numbers', async () => {
    const r = await h.http
      .get('/api/reports/galutu/bulletin?period=2026-10&format=xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(r.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(r.body as never)
    const ws = wb.getWorksheet('月通报')!
    const rows: Record<string, { total: number; grade: string }> = {}
    ws.eachRow((row, n) => {
      if (n <= 2) return
      rows[String(row.getCell(2).value)] = { total: Number(row.getCell(3).value), grade: String(row.getCell(4).value) }
    })
    for (const [village, exp] of Object.entries(scenario.expected as Record<string, Expected>))
      expect(rows[village], village).toEqual({ total: exp.total, grade: exp.grade })
  })

  it('daiban report writes the same bulletin from the data folder', async () => {
    await h.rt.close()
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'daiban-report-')), 'b.json')
    try {
      const err: string[] = []
      const code = await main(['report', 'definitions/galutu', '--period', '2026-10', '--format', 'json', '--out', out, '--data', h.dir], {
        out: () => {},
        err: (s) => err.push(s),
        stdin: async () => '',
      })
      expect(err).toEqual([])
      expect(code).toBe(0)
      const b = JSON.parse(readFileSync(out, 'utf8'))
      expect(b.rows.map((r: { village: string; total: number }) => [r.village, r.total])).toEqual(
        bulletin.rows.map((r: { village: string; total: number }) => [r.village, r.total]),
      )
    } finally {
      await rm(path.dirname(out), { recursive: true, force: true })
      await h.reopen()
    }
  })
})
