/**
 * The assessment and reports area end to end, in Debian's chromium against a real server (fixed
 * clock 2026-11-20, cases of tests/cases/reports-click-through.json seeded over HTTP): the town
 * dashboard draws its charts (a canvas, loaded on demand, nothing from outside) and its numbers
 * agree with the API; a number opens the case list with exactly as many cases, the filters shown as
 * removable tags; the October bulletin with the explanation drawer (formulas, inputs, grade band);
 * its A4 print page; the yearly summary and the letters as A4 pages; an assessor's entry changes the
 * score; phone width. Screenshots go to test-output/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, session, shot, signIn, startServer, type Server } from './helpers'

const seed = JSON.parse(readFileSync('tests/cases/reports-click-through.json', 'utf8'))
const TODAY: string = seed.today
const USER = { username: 'li', password: 'li-daiban-2026!' } // fixtures/server.ts: town officer, leader, admin, assessor
let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []

const api = (method: string, url: string, body?: unknown) => apiCall(server, USER, method, url, body)

const tableRows = (p: Page) => p.getByTestId('case-table').locator('tbody tr.ant-table-row')
async function listTotal(p: Page): Promise<number> {
  await p
    .getByTestId('case-table')
    .locator('.ant-spin-spinning')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  const text = await p.locator('.ant-pagination-total-text').first().innerText()
  return Number(/(\d+)/.exec(text)?.[1] ?? 0)
}

beforeAll(async () => {
  server = await startServer(TODAY)
  const ids: string[] = []
  for (const c of seed.cases) {
    const form = {
      petitionerName: '张三',
      sex: '男',
      phone: '13800000000',
      summary: '养老保险待遇未发放',
      requests: '尽快发放',
      officer: '李代办',
      village: c.village,
      channel: c.channel,
      receivedOn: c.receivedOn,
      ...(c.category ? { category: c.category, level: c.level ?? 'village' } : { category: '养老及其他农村牧区社会保险', level: 'village' }),
      ...(c.answerableOnSpot ? { answerableOnSpot: true } : {}),
    }
    const r = await api('POST', '/api/cases', { form })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    ids.push(r.body.id)
    // a repeat petition linked to the earlier one (多头访): the reports count the matter once
    if (c.linkTo !== undefined) expect((await api('POST', `/api/cases/${r.body.id}/links`, { caseId: ids[c.linkTo] })).status).toBe(200)
    if (c.conclude)
      expect(
        (
          await api('POST', `/api/cases/${r.body.id}/events`, {
            type: 'CONCLUDE',
            form: { concludedOn: c.conclude.on, result: '已办理', resolved: c.conclude.resolved },
          })
        ).status,
      ).toBe(200)
    if (c.feedback)
      expect(
        (
          await api('POST', `/api/cases/${r.body.id}/events`, {
            type: 'FEEDBACK',
            form: { method: '电话', toldOn: c.feedback.on, satisfied: c.feedback.satisfied, reviewRequested: false },
          })
        ).status,
      ).toBe(200)
  }
  browser = await launch()
  page = await newPage(browser, server, { external, pageErrors })
  await page.goto(`${server.url}/`)
  await signIn(page, USER.username, USER.password)
  await page.getByTestId('task-list').waitFor({ state: 'attached' })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('reports in the staff app', () => {
  it('the dashboard draws its charts and its numbers agree with the API', async () => {
    const scripts: string[] = []
    page.on('response', (r) => r.url().endsWith('.js') && scripts.push(r.url()))
    await page.goto(`${server.url}/#/reports?period=2026`)
    await page.getByTestId('report-dashboard').waitFor()
    await page.getByTestId('dash-table').locator('tbody tr.ant-table-row').first().waitFor()
    // the charts: canvases of real size, echarts loaded on demand from this server
    for (const id of ['chart-month-rates', 'chart-month-counts', 'chart-village-rates', 'chart-village-counts']) {
      const canvas = page.getByTestId(id).locator('canvas')
      await canvas.first().waitFor()
      const box = await canvas.first().boundingBox()
      expect(box!.width, id).toBeGreaterThan(200)
      expect(box!.height, id).toBeGreaterThan(150)
    }
    expect(scripts.some((u) => /\/assets\/Chart-/.test(u))).toBe(true)

    const d = (await api('GET', '/api/reports/galutu/dashboard?period=2026')).body
    expect(d.total.petitions).toBe(seed.expected.yearPetitions)
    for (const v of d.villages) {
      for (const k of ['petitions', 'proxied', 'online', 'concluded', 'resolved', 'feedback', 'satisfied', 'overdue']) {
        expect(await page.getByTestId(`dash-v:${v.village}-${k}`).innerText(), `${v.village} ${k}`).toBe(String(v[k]))
      }
    }
    for (const k of ['petitions', 'proxied', 'overdue']) expect(await page.getByTestId(`dash-total-${k}`).innerText()).toBe(String(d.total[k]))
    // the rates as percentages
    const t = d.villages.find((v: { village: string }) => v.village === '团结社区')
    expect(await page.getByTestId('dash-v:团结社区-proxyRate').innerText()).toBe(`${(t.proxyRate * 100).toFixed(1)}%`)
    // by month: the same numbers
    await page.getByTestId('dash-dim').getByText('月份').click()
    const oct = d.months.find((m: { month: string }) => m.month === '2026-10')
    await expect.poll(() => page.getByTestId('dash-m:2026-10-petitions').innerText()).toBe(String(oct.petitions))
    expect(oct.petitions).toBe(seed.expected.octoberPetitions)
    await shot(page, 'reports-dashboard')
    // in English: the words of the area, the rates' English names from the scheme
    const def = (await api('GET', '/api/assessment/galutu/definition')).body
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('reports-tab-dashboard').innerText()).toBe('Dashboard')
    const proxyRate = def.variables.find((v: { id: string }) => v.id === 'proxyRate')
    await expect.poll(() => page.getByTestId('kpi-proxyRate').innerText()).toContain(proxyRate.nameEn)
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('reports-tab-dashboard').innerText()).toBe('看板')
  })

  it('a number opens the case list with exactly the cases behind it, the filters as removable tags', async () => {
    const d = (await api('GET', '/api/reports/galutu/dashboard?period=2026')).body
    const t = d.villages.find((v: { village: string }) => v.village === '团结社区')
    await page.getByTestId('dash-dim').getByText('嘎查村（社区）').click()
    const cell = page.getByTestId('dash-v:团结社区-proxied')
    expect(Number(await cell.innerText())).toBe(t.proxied)
    expect(t.proxied).toBeGreaterThan(0)
    await cell.click()
    await page.getByTestId('case-table').waitFor()
    await expect.poll(() => page.url()).toContain('proxied=1')
    await tableRows(page).first().waitFor()
    await expect.poll(() => tableRows(page).count()).toBe(t.proxied)
    expect(await listTotal(page)).toBe(t.proxied)
    const tags = page.getByTestId('case-filter-tags')
    expect(await tags.innerText()).toContain('代办事项')
    expect(await tags.innerText()).toContain('团结社区')
    await shot(page, 'reports-click-through')
    // dropping the "proxied" tag lists all of the village's petitions of the year
    await page.getByTestId('case-filter-tag-proxied').locator('.ant-tag-close-icon').click()
    await expect.poll(() => page.url()).not.toContain('proxied=1')
    await expect.poll(() => listTotal(page)).toBe(t.petitions)

    // overdue: a KPI of the whole town
    await page.goto(`${server.url}/#/reports?period=2026`)
    await page.getByTestId('kpi-overdue').waitFor()
    expect(d.total.overdue).toBeGreaterThan(0)
    await page.getByTestId('kpi-overdue').click()
    await page.getByTestId('case-table').waitFor()
    await expect.poll(() => listTotal(page)).toBe(d.total.overdue)
    expect(await page.getByTestId('case-filter-tags').innerText()).toContain('已超期')
  })

  it('the bulletin lists every village with score, rank, rates and grade; the drawer explains a score', async () => {
    const b = (await api('GET', '/api/reports/galutu/bulletin?period=2026-10')).body
    await page.goto(`${server.url}/#/reports/bulletin?period=2026-10`)
    await page.getByTestId('bulletin-table').locator('tbody tr.ant-table-row').first().waitFor()
    expect(await page.getByTestId('bulletin-table').locator('tbody tr.ant-table-row').count()).toBe(b.rows.length)
    for (const r of b.rows) expect(await page.getByTestId(`bulletin-total-${r.village}`).innerText()).toBe(String(r.total))
    const text = await page.getByTestId('bulletin-table').innerText()
    for (const r of b.rows) expect(text).toContain(r.grade)
    for (const rate of b.rows[0].rates) expect(text).toContain(rate.name)
    // the overdue list at the end of October: as many cases as the rows add up to
    const overdue = b.rows.reduce((a: number, r: { overdue: number }) => a + r.overdue, 0)
    if (overdue) await expect.poll(() => page.getByTestId('bulletin-overdue').locator('tbody tr.ant-table-row').count()).toBe(overdue)

    await page.getByTestId('explain-团结社区').click()
    const drawer = page.getByTestId('explain')
    await drawer.waitFor()
    await expect.poll(() => page.url()).toContain('explain=')
    const detail = b.details.find((x: { village: string }) => x.village === '团结社区')
    expect(await drawer.getByTestId('explain-total').innerText()).toBe(String(detail.result.total))
    const online = detail.result.items.find((i: { id: string }) => i.id === 'onlineRateScore')
    const item = drawer.getByTestId('explain-item-onlineRateScore')
    expect(await item.innerText()).toContain(online.formula)
    expect(await item.getAttribute('data-value')).toBe(String(online.value))
    expect(await drawer.getByTestId('explain-grade-reason').innerText()).toBe(detail.result.gradeReason)
    const def = (await api('GET', '/api/assessment/galutu/definition')).body
    const bands = await drawer.getByTestId('explain-bands').innerText()
    for (const g of def.grades) expect(bands).toContain(g.name)
    expect(await drawer.getByTestId('explain-lift').innerText()).toContain(detail.lift[0].name)
    await shot(page, 'reports-explain', false)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.url()).not.toContain('explain=')
  })

  it('prints the bulletin on A4 without the app around it', async () => {
    const b = (await api('GET', '/api/reports/galutu/bulletin?period=2026-10')).body
    await page.getByTestId('bulletin-print').click()
    await page.getByTestId('print-bulletin-table').waitFor()
    expect(page.url()).toContain('#/print/reports/bulletin/2026-10')
    expect(await page.locator('.header').count()).toBe(0)
    for (const r of b.rows) {
      const row = await page.getByTestId(`print-row-${r.village}`).innerText()
      expect(row).toContain(r.village)
      expect(row).toContain(String(r.total))
      expect(row).toContain(r.grade)
    }
    expect(await page.getByTestId('print-bulletin').innerText()).toContain(`${b.town}信访代办工作月通报`)
    const a4 = await page.evaluate(() =>
      Array.from(document.styleSheets)
        .flatMap((s) => Array.from(s.cssRules))
        .some((r) => r instanceof CSSPageRule && /size:\s*A4/i.test(r.cssText)),
    )
    expect(a4).toBe(true)
    await shot(page, 'reports-print-bulletin')
  })

  it('downloads the bulletin as .xlsx', async () => {
    await page.goto(`${server.url}/#/reports/bulletin?period=2026-10`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-xlsx').click()])
    expect(download.suggestedFilename()).toMatch(/2026-10.*\.xlsx$/)
  })

  it('the yearly summary and its print page', async () => {
    const y = (await api('GET', '/api/reports/galutu/yearly?year=2026')).body
    await page.goto(`${server.url}/#/reports/yearly?period=2026`)
    await page.getByTestId('yearly-table').locator('tbody tr.ant-table-row').first().waitFor()
    for (const r of y.annual.rows) expect(await page.getByTestId(`yearly-total-${r.village}`).innerText()).toBe(String(r.total))
    await page.goto(`${server.url}/#/print/reports/yearly/2026`)
    await page.getByTestId('print-yearly-table').waitFor()
    for (const r of y.annual.rows) expect(await page.getByTestId(`print-row-${r.village}`).innerText()).toContain(r.grade)
    await shot(page, 'reports-print-yearly')
  })

  it('an assessor enters an escalation; the score changes, the entry is in the history, a letter is called for', async () => {
    const before = (await api('GET', '/api/reports/galutu/bulletin?period=2026-10')).body.details.find((x: { village: string }) => x.village === '团结社区')
      .result.total
    await page.goto(`${server.url}/#/reports/assess?period=2026-10&village=${encodeURIComponent('团结社区')}`)
    await page.getByTestId('assess-total').waitFor()
    expect(await page.getByTestId('assess-total').innerText()).toBe(String(before))
    // the item list comes from the scoring definition
    const def = (await api('GET', '/api/assessment/galutu/definition')).body
    expect(await page.getByTestId('assess-group-escalations').innerText()).toContain(def.inputs.properties.escalations.title)
    await page.getByTestId('assess-enter-escalations.city').click()
    await page.getByTestId('assess-form').waitFor()
    // a note is required
    await page.locator('input[data-testid="assess-value-number"], [data-testid="assess-value-number"] input').first().fill('2')
    await page.getByTestId('assess-submit').click()
    await expect.poll(() => page.getByTestId('assess-form').innerText()).toContain('请填写')
    await page.getByTestId('assess-note').fill('10月到市访2人次，见市信访局通报')
    await page.getByTestId('assess-attachment').fill('市信访通报〔2026〕18号')
    await page.getByTestId('assess-submit').click()
    await page.getByTestId('assess-change').waitFor()
    const after = (await api('GET', '/api/reports/galutu/bulletin?period=2026-10')).body.details.find((x: { village: string }) => x.village === '团结社区')
      .result.total
    expect(after).not.toBe(before)
    await expect.poll(() => page.getByTestId('assess-total').innerText()).toBe(String(after))
    expect(await page.getByTestId('assess-change').innerText()).toContain(`${before} → ${after}`)
    await expect.poll(() => page.getByTestId('assess-history').innerText()).toContain('10月到市访2人次')
    // who entered it, as the server recorded it
    const entry = (await api('GET', `/api/assessment/galutu/entries?village=${encodeURIComponent('团结社区')}`)).body.items.find((e: { note: string }) =>
      e.note.startsWith('10月到市访'),
    )
    expect(entry).toMatchObject({ item: 'escalations.city', value: 2, date: '2026-10-31', attachment: '市信访通报〔2026〕18号' })
    expect(await page.getByTestId('assess-history').innerText()).toContain(entry.by)
    expect(await page.getByTestId('assess-value-escalations.city').innerText()).toBe('2')
    await shot(page, 'reports-assess')

    // the scheme's supervision letter (到市访) is now due for 团结社区, printable as a formal page
    const letters = (await api('GET', '/api/reports/galutu/letters?period=2026-10')).body.items.filter((l: { village: string }) => l.village === '团结社区')
    const supervision = def.letters.find((l: { id: string }) => l.id === 'supervision')
    expect(letters.map((l: { letter: string }) => l.letter)).toContain(supervision.letter)
    await page.goto(`${server.url}/#/reports/letters?period=2026-10`)
    await page.getByTestId('letters-团结社区').waitFor()
    expect(await page.getByTestId('letters-团结社区').innerText()).toContain(supervision.letter)
    await page.getByTestId('letters-print-团结社区').click()
    const sheet = page.getByTestId(`print-letter-团结社区-${supervision.letter}`)
    await sheet.waitFor()
    const body = await sheet.innerText()
    expect(body).toContain('团结社区：')
    // why, in the definition's words: the reason in the letter's name; the figures by name, value and explanation, no formula
    expect(body).toContain(`其中，${supervision.name.slice(supervision.letter.length).replace(/^（|）$/g, '')}，计 2`)
    expect(body).not.toContain(supervision.when)
    for (const v of def.variables as Array<{ name: string; explain?: string }>) {
      expect(body).toContain(v.name)
      if (v.explain) expect(body).toContain(v.explain)
    }
    expect(body).toContain(String(after))
    expect(await page.locator('section.sheet').count()).toBe(letters.length)
    await shot(page, 'reports-print-letter')
  })

  it('works at phone width (375 px)', async () => {
    const p = await newPage(browser, server, { external, pageErrors }, { width: 375, scale: 1 })
    // signed in as the API's session
    const { cookie } = await session(server, USER)
    await p.context().addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=').slice(1).join('='), url: server.url }])
    await p.goto(`${server.url}/#/reports?period=2026-10`)
    await p.getByTestId('chart-village-rates').locator('canvas').first().waitFor()
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(p, 'phone-reports-dashboard', false)
    await p.goto(`${server.url}/#/reports/bulletin?period=2026-10`)
    await p.getByTestId('bulletin-table').locator('tbody tr.ant-table-row').first().waitFor()
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await p.getByTestId('explain-团结社区').click()
    await p.getByTestId('explain').waitFor()
    await shot(p, 'phone-reports-explain', false)
    await p.context().close()
  })

  it('made no request outside the server and raised no page errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
