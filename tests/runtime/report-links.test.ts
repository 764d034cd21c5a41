/**
 * The reports' click-through: every count of the dashboard (by month, by village, for the year and
 * for one month, the town total) and of the bulletin equals the total of the case list it links
 * to; the case-list filters behind them (machine, online, proxied, concluded, resolved, feedback,
 * satisfied, dueBefore) refuse bad values naming the parameter; the scoring definition endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Harness } from './harness'

const data = JSON.parse(readFileSync('tests/cases/reports-click-through.json', 'utf8'))
const scoring = JSON.parse(readFileSync('definitions/galutu/scoring.json', 'utf8')).scorings[0]
const COUNTS = ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied', 'overdue'] as const
type Bucket = Record<(typeof COUNTS)[number], number> & { links: Record<string, string> | null }

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-01-02', officers: ['李四'] })
  const ids: string[] = []
  for (const c of data.cases) {
    h.clock.set(c.receivedOn)
    const form = intake({
      village: c.village,
      channel: c.channel,
      receivedOn: c.receivedOn,
      officer: '李四',
      ...(c.category ? { category: c.category, level: c.level ?? 'village' } : {}),
      ...(c.answerableOnSpot ? { answerableOnSpot: true } : {}),
    })
    const r = await h.http.post('/api/cases').send({ form })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    ids.push(r.body.id)
    if (c.linkTo !== undefined) {
      const l = await h.http.post(`/api/cases/${r.body.id}/links`).send({ caseId: ids[c.linkTo] })
      expect(l.status, JSON.stringify(l.body)).toBe(200)
    }
    if (c.conclude) {
      h.clock.set(c.conclude.on)
      const e = await h.http
        .post(`/api/cases/${r.body.id}/events`)
        .send({ type: 'CONCLUDE', form: { concludedOn: c.conclude.on, result: '已办理', resolved: c.conclude.resolved } })
      expect(e.status, JSON.stringify(e.body)).toBe(200)
    }
    if (c.feedback) {
      h.clock.set(c.feedback.on)
      const e = await h.http
        .post(`/api/cases/${r.body.id}/events`)
        .send({ type: 'FEEDBACK', form: { method: '电话', toldOn: c.feedback.on, satisfied: c.feedback.satisfied, reviewRequested: false } })
      expect(e.status, JSON.stringify(e.body)).toBe(200)
    }
  }
  await h.as('officer_a', [{ role: 'town_officer' }])
  h.clock.set(data.complaint.form.receivedOn)
  const complaint = await h.http.post('/api/duty/galutu/complaints').send(data.complaint)
  expect(complaint.status, JSON.stringify(complaint.body)).toBe(201)
  h.clock.set(data.today)
})
afterAll(async () => h.close())

async function listed(link: string): Promise<number> {
  const r = await h.http.get(`${link}&limit=1`)
  expect(r.status, `${link}: ${JSON.stringify(r.body)}`).toBe(200)
  return r.body.total
}

/** Every count of every bucket against its link; returns how many counts were non-zero per kind. */
async function checkBuckets(buckets: Array<Bucket & { name: string }>): Promise<Record<string, number>> {
  const nonZero: Record<string, number> = {}
  for (const b of buckets) {
    if (!b.links) continue
    for (const k of COUNTS) {
      expect(await listed(b.links[k]!), `${b.name} ${k}`).toBe(b[k])
      if (b[k] > 0) nonZero[k] = (nonZero[k] ?? 0) + 1
    }
  }
  return nonZero
}

describe('the dashboard numbers equal the case lists they link to', () => {
  it('for the year: every month, every village and the town total', async () => {
    const d = (await h.http.get('/api/reports/galutu/dashboard?period=2026')).body
    expect(d.total.petitions).toBe(data.expected.yearPetitions)
    expect(d.villages.map((v: { village: string }) => v.village).sort()).toEqual(
      ['呼和陶勒盖嘎查', '团结社区', '巴音温都尔嘎查', '文化社区', '萨如拉图雅嘎查'].sort(),
    )
    const nonZero = await checkBuckets([
      ...d.months.map((m: Bucket & { month: string }) => ({ ...m, name: m.month })),
      ...d.villages.map((v: Bucket & { village: string }) => ({ ...v, name: v.village })),
      { ...d.total, name: 'total' },
    ])
    // the seed exercises every filter: each kind of count is non-zero somewhere
    for (const k of COUNTS) expect(nonZero[k], k).toBeGreaterThan(0)
  })

  it('for a month: the villages count that month only', async () => {
    const d = (await h.http.get('/api/reports/galutu/dashboard?period=2026-10')).body
    expect(d.period).toMatchObject({ id: '2026-10', from: '2026-10-01', to: '2026-10-31', kind: 'month' })
    expect(d.total.petitions).toBe(data.expected.octoberPetitions)
    expect(d.months).toHaveLength(12)
    await checkBuckets([...d.villages.map((v: Bucket & { village: string }) => ({ ...v, name: v.village })), { ...d.total, name: 'total' }])
  })

  it('the complaint (another workflow) and last year are not counted, and the link leaves them out', async () => {
    const all = (await h.http.get('/api/cases?limit=200')).body
    expect(all.items.some((s: { machine?: string }) => s.machine === 'complaint')).toBe(true)
    const d = (await h.http.get('/api/reports/galutu/dashboard?year=2026')).body
    expect(await listed(d.total.links.petitions)).toBe(data.expected.yearPetitions)
    expect(all.total).toBeGreaterThan(data.expected.yearPetitions)
  })
})

describe('the bulletin numbers equal the case lists they link to', () => {
  it('period and year-to-date petitions, overdue at the end of the period per village and town-wide', async () => {
    for (const period of ['2026-09', '2026-10', '2026-11']) {
      const b = (await h.http.get(`/api/reports/galutu/bulletin?period=${period}`)).body
      let overdue = 0
      for (const row of b.rows) {
        expect(await listed(row.links.petitions), `${period} ${row.village} ytd`).toBe(row.ytd.petitions)
        expect(await listed(row.links.month), `${period} ${row.village} month`).toBe(row.month.petitions)
        expect(await listed(row.links.overdue), `${period} ${row.village} overdue`).toBe(row.overdue)
        overdue += row.overdue
      }
      expect(await listed(b.links.overdue), `${period} overdue`).toBe(overdue)
      if (period === '2026-11') expect(overdue).toBeGreaterThan(0)
    }
  })
})

describe('issue 16: one counting — the dashboard and the bulletin count alike', () => {
  const KEYS = ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied'] as const
  const pick = (o: Record<string, number>) => Object.fromEntries(KEYS.map((k) => [k, o[k]]))

  it.each(['2026-09', '2026-10', '2026-11'])('the month %s: each village’s counts in the dashboard are the bulletin’s month counts', async (period) => {
    const d = (await h.http.get(`/api/reports/galutu/dashboard?period=${period}`)).body
    const b = (await h.http.get(`/api/reports/galutu/bulletin?period=${period}`)).body
    for (const row of b.rows) {
      const v = d.villages.find((x: { village: string }) => x.village === row.village)
      expect(pick(v), `${period} ${row.village}`).toEqual(pick(row.month))
    }
    // the month bucket of the year's dashboard too
    const y = (await h.http.get('/api/reports/galutu/dashboard?period=2026')).body
    const m = y.months.find((x: { month: string }) => x.month === period)
    const sum = Object.fromEntries(KEYS.map((k) => [k, b.rows.reduce((n: number, r: { month: Record<string, number> }) => n + r.month[k]!, 0)]))
    expect(pick(m), period).toEqual(sum)
  })

  it('the year: the dashboard’s villages are the yearly bulletin’s counts, and so are its rates', async () => {
    const d = (await h.http.get('/api/reports/galutu/dashboard?period=2026')).body
    const b = (await h.http.get('/api/reports/galutu/bulletin?period=2026')).body
    for (const row of b.rows) {
      const v = d.villages.find((x: { village: string }) => x.village === row.village)
      expect(pick(v), row.village).toEqual(pick(row.ytd))
      const rate = (id: string) => row.rates.find((r: { id: string }) => r.id === id)?.value
      if (row.ytd.proxied) expect(v.concludeRate, row.village).toBeCloseTo(rate('concludeRate'))
      if (row.ytd.petitions) expect(v.onlineRate, row.village).toBeCloseTo(rate('onlineRate'))
    }
  })

  it('what made them differ is in the scenario: a linked repeat, and feedback on a case concluded after the month', async () => {
    const all = (await h.http.get('/api/cases?machine=case&limit=200')).body.items
    expect(all.some((s: { linked?: string[] }) => s.linked?.length)).toBe(true)
    const oct = (await h.http.get('/api/reports/galutu/dashboard?period=2026-10')).body
    const t = oct.villages.find((x: { village: string }) => x.village === '团结社区')
    // 10-08 (visit) and 10-21 (phone, answered on the spot) count; 10-12, linked to 10-08, does not
    expect(t.petitions).toBe(2)
    const s = oct.villages.find((x: { village: string }) => x.village === '萨如拉图雅嘎查')
    // received 10-26, concluded 11-02 with feedback 11-03: not concluded, no feedback as of October
    expect(pick(s)).toMatchObject({ proxied: 1, concluded: 0, feedback: 0 })
    expect(await listed(`/api/cases?schemeId=galutu&machine=case&repeats=1`)).toBe(1)
  })
})

describe('case-list filters', () => {
  it('refuses bad values, naming the parameter', async () => {
    for (const [param, value] of [
      ['concluded', 'yes'],
      ['online', '0'],
      ['dueBefore', '2026-13-01'],
      ['satisfied', 'maybe'],
      ['concludedBy', '2026-02-30'],
      ['repeats', 'some'],
    ] as const) {
      const r = await h.http.get(`/api/cases?${param}=${value}`)
      expect(r.status, param).toBe(422)
      expect(
        r.body.fields.map((f: { field: string }) => f.field),
        param,
      ).toEqual([param])
      expect(r.body.message).toContain(param)
    }
  })

  it('online and proxied follow the scheme (org.json channels marked online, outcomes marked proxied)', async () => {
    const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
    const onlineIds = new Set(org.channels.filter((c: { online?: boolean }) => c.online).map((c: { id: string }) => c.id))
    const online = (await h.http.get('/api/cases?online=1&limit=200')).body.items
    expect(online.length).toBeGreaterThan(0)
    for (const s of online) expect(onlineIds.has(s.channel), s.channel).toBe(true)
    const rules = JSON.parse(readFileSync('definitions/galutu/rules.json', 'utf8'))
    const proxied = (await h.http.get('/api/cases?proxied=1&limit=200')).body.items
    expect(proxied.length).toBeGreaterThan(0)
    const outcomes = rules.ruleSets.find((r: { produces: string }) => r.produces === 'outcome').outcomes as Array<{ id: string; proxied?: boolean }>
    const proxiedIds = new Set(outcomes.filter((o) => o.proxied).map((o) => o.id))
    for (const s of proxied) expect(proxiedIds.has(s.outcome), s.outcome).toBe(true)
    const notProxied = (await h.http.get('/api/cases?machine=case&limit=200')).body.items.filter(
      (s: { id: string }) => !proxied.some((p: { id: string }) => p.id === s.id),
    )
    expect(notProxied.length).toBeGreaterThan(0)
    for (const s of notProxied) expect(proxiedIds.has(s.outcome)).toBe(false)
  })

  it('concluded=0 and concluded=1 split the cases', async () => {
    const all = (await h.http.get('/api/cases?machine=case&limit=1')).body.total
    const yes = (await h.http.get('/api/cases?machine=case&concluded=1&limit=1')).body.total
    const no = (await h.http.get('/api/cases?machine=case&concluded=0&limit=1')).body.total
    expect(yes).toBeGreaterThan(0)
    expect(no).toBeGreaterThan(0)
    expect(yes + no).toBe(all)
  })
})

describe('GET /api/assessment/:id/definition', () => {
  it("gives the scoring definition's grades, sections and letters (from scoring.json)", async () => {
    const r = await h.http.get('/api/assessment/galutu/definition')
    expect(r.status).toBe(200)
    expect(r.body.grades).toEqual(scoring.grades)
    expect(r.body.sections.map((s: { id: string; max: number }) => [s.id, s.max])).toEqual(
      scoring.sections.map((s: { id: string; max: number }) => [s.id, s.max]),
    )
    expect(r.body.letters.map((l: { letter: string; name: string }) => [l.letter, l.name])).toEqual(
      scoring.letters.map((l: { letter: string; name: string }) => [l.letter, l.name]),
    )
    // formulas read in the scheme's words: escalations.city → its title
    expect(r.body.letters.find((l: { id: string }) => l.id === 'supervision').when).toContain(scoring.inputs.properties.escalations.properties.city.title)
    expect(r.body.inputs.properties.escalations.title).toBe(scoring.inputs.properties.escalations.title)
  })

  it('needs report.read', async () => {
    const nobody = await h.as('plain', [{ role: 'village_officer', village: '团结社区' }])
    expect((await nobody.get('/api/assessment/galutu/definition')).status).toBe(403)
  })
})
