/**
 * Issue #18, the case list and the import, in Debian's chromium against a real server (temp data,
 * fixed clock), as the town officer 李代办 (and the auditor, who may not see petitioners' names):
 * complaints listed apart from petitions; the list's 办结时限 and the 年汇总's 操作 column in view at
 * 1440 and 1366 px; 导出 Excel downloads an .xlsx whose rows are the filtered list's (read back with
 * exceljs), names masked for the auditor; a 400-row hotline file shows rows processed and the counts
 * while it runs, then the result with the same counts. Screenshots list-*.png, import-progress.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, shot, signIn, startServer, type Server } from './helpers'

const TODAY = '2026-05-20'
const LI = { username: 'li', password: 'li-daiban-2026!' }
const AUDIT = { username: 'audit', password: 'audit-only-2026!' }
let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []
const petitions: string[] = []
let complaint = ''

const intake = (over: Record<string, unknown>) => ({
  petitionerName: '张三',
  sex: '男',
  phone: '13800000000',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇未发放',
  requests: '尽快发放',
  receivedOn: '2026-05-18',
  category: '养老及其他农村牧区社会保险',
  level: 'village',
  officer: '李代办',
  ...over,
})

async function readXlsx(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer)
  const rows: string[][] = []
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
  return rows
}

/** The numbers in the case table, in order. */
const tableNumbers = (p: Page) => p.getByTestId('case-table').locator('tbody tr.ant-table-row td:first-child').allInnerTexts()

/** The right edge of a header cell is inside the table's visible box (not cut, not scrolled away). */
async function inView(p: Page, table: string, title: string): Promise<{ cell: number; box: number }> {
  return p.getByTestId(table).evaluate((el, t) => {
    const th = Array.from(el.querySelectorAll('thead th')).find((x) => (x.textContent ?? '').trim() === t)
    const box = el.querySelector('.ant-table-container') ?? el
    return { cell: th ? th.getBoundingClientRect().right : Number.POSITIVE_INFINITY, box: box.getBoundingClientRect().right }
  }, title)
}

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  for (const [i, p] of [
    { petitionerName: '张晓明', village: '团结社区' },
    { petitionerName: '李秀兰', village: '文化社区' },
    { petitionerName: '王建国', village: '团结社区', category: '邻里小纠纷' },
    { petitionerName: '赵丽', village: '巴音温都尔嘎查' },
  ].entries()) {
    const r = await apiCall(server, LI, 'POST', '/api/cases', { form: intake({ ...p, phone: `1380000000${i}`, receivedOn: `2026-05-1${i}` }) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    petitions.push(r.body.number)
  }
  const c = await apiCall(server, LI, 'POST', '/api/duty/galutu/complaints', {
    form: { complainant: '孙某', via: '意见箱', content: '代办员答复不及时', receivedOn: '2026-05-19' },
    owner: 'li',
  })
  expect(c.status, JSON.stringify(c.body)).toBe(201)
  complaint = c.body.number
  page = await newPage(browser, server, { external, pageErrors }, { width: 1440, acceptDownloads: true })
  await page.goto(`${server.url}/`)
  await signIn(page, LI.username, LI.password)
  await page.getByTestId('task-list').waitFor({ state: 'attached' })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the case list', () => {
  it('lists petitions by default and complaints apart, in their own tab', async () => {
    await page.goto(`${server.url}/#/cases`)
    await page.getByTestId('case-tabs').waitFor()
    await expect.poll(async () => (await tableNumbers(page)).length).toBe(petitions.length)
    expect((await tableNumbers(page)).sort()).toEqual([...petitions].sort())
    expect(await page.getByTestId('case-table').innerText()).not.toContain(complaint)
    await page.getByTestId('case-tab-complaint').click()
    await expect.poll(() => tableNumbers(page)).toEqual([complaint])
    expect(page.url()).toContain('machine=complaint')
    // the state is named by the complaint workflow, not shown as an id
    expect(await page.getByTestId('case-table').locator('tbody .ant-tag').first().innerText()).not.toMatch(/^[a-z_.]+$/)
    await shot(page, 'list-complaints')
    await page.getByTestId('case-tab-case').click()
    await expect.poll(async () => (await tableNumbers(page)).length).toBe(petitions.length)
  })

  for (const width of [1440, 1366]) {
    it(`办结时限 is in view at ${width} px, and 年汇总's 操作`, async () => {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${server.url}/#/cases`)
      await expect.poll(async () => (await tableNumbers(page)).length).toBe(petitions.length)
      const due = await inView(page, 'case-table', '办结时限')
      expect(due.cell).toBeLessThanOrEqual(due.box + 1)
      await shot(page, `list-${width}`, false)
      await page.goto(`${server.url}/#/reports/yearly?period=2026`)
      await page.getByTestId('yearly-table').locator('tbody tr.ant-table-row').first().waitFor()
      const ops = await inView(page, 'yearly-table', '操作')
      expect(ops.cell).toBeLessThanOrEqual(ops.box + 1)
      await shot(page, `list-yearly-${width}`, false)
    })
  }

  it('导出 Excel downloads the filtered list: the same rows, headers from the definitions', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${server.url}/#/cases?village=${encodeURIComponent('团结社区')}&sort=number&order=asc`)
    await expect.poll(async () => (await tableNumbers(page)).length).toBe(2)
    const shown = await tableNumbers(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-export').click()])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const rows = await readXlsx((await download.path())!)
    expect(rows[0]).toEqual(['案件编号', '信访人姓名', '所属嘎查村（社区）', '事项类别', '专班组', '当前环节', '信访渠道', '代办员', '受理日期', '办结时限'])
    expect(rows.slice(1).map((r) => r[0])).toEqual(shown)
    expect(rows.slice(1).map((r) => r[1])).toEqual(['张晓明', '王建国'])
    expect(rows.slice(1).every((r) => r[2] === '团结社区' && r[6] === '来访')).toBe(true)
  })

  it('the auditor’s export has the names masked, as their list shows them', async () => {
    const p = await newPage(browser, server, { external, pageErrors }, { width: 1440, acceptDownloads: true })
    await p.goto(`${server.url}/`)
    await signIn(p, AUDIT.username, AUDIT.password)
    // signed in and landed (the app routes to its start page once the session loads)
    await p.getByTestId('sign-in').waitFor({ state: 'detached' })
    await p.getByTestId('nav').waitFor()
    await p.waitForLoadState('networkidle')
    await p.goto(`${server.url}/#/cases?sort=number&order=asc`)
    await expect.poll(async () => (await tableNumbers(p)).length).toBe(petitions.length)
    const names = await p.getByTestId('case-table').locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts()
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('case-export').click()])
    const rows = await readXlsx((await download.path())!)
    expect(rows.slice(1).map((r) => r[1])).toEqual(names.map((n) => n.trim()))
    for (const r of rows.slice(1)) {
      expect(r[1]).toContain('*')
      expect(['张晓明', '李秀兰', '王建国', '赵丽']).not.toContain(r[1])
    }
    await p.context().close()
  })
})

describe('import progress', () => {
  it('a 400-row hotline file shows rows processed and the counts as it goes, then the same counts', async () => {
    const lines = ['工单编号,来电人,联系电话,所属村居,地址,诉求内容,诉求,受理日期']
    for (let i = 1; i <= 400; i++)
      lines.push(
        [
          `G-${i}`,
          i % 50 === 0 ? '' : `钱${i}`,
          `139${String(i).padStart(8, '0')}`,
          i % 2 ? '团结社区' : '文化社区',
          '',
          `热线来电反映第${i}件事项`,
          '',
          '2026-05-18',
        ].join(','),
      )
    await page.goto(`${server.url}/#/intake`)
    await page.getByTestId('import-screen').waitFor()
    await page
      .getByTestId('import-screen')
      .locator('input[type=file]')
      .setInputFiles({ name: '热线400.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n'), 'utf8') })
    await expect.poll(() => page.getByTestId('import-file-name').innerText()).toContain('热线400')
    // every text the progress line shows, recorded in the page as it changes
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { __progress: string[] }).__progress = seen
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="import-progress"]')
        const text = el?.textContent ?? ''
        if (text && seen.at(-1) !== text) seen.push(text)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('import-run').click()
    await page.getByTestId('import-progress-rows').waitFor()
    await shot(page, 'import-progress', false)
    await page.locator('[data-testid="import-result"][data-dry-run="0"]').waitFor({ timeout: 90_000 })
    const seen = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress)
    const states = seen.flatMap((text) => {
      const m = /已处理 (\d+) \/ 400 行.*已新建\s*(\d+).*重复（跳过）\s*(\d+).*有误\s*(\d+)/.exec(text)
      return m ? [{ done: Number(m[1]), created: Number(m[2]), duplicates: Number(m[3]), rejected: Number(m[4]) }] : []
    })
    // rows counted as they were processed: several steps before the end, never backwards, each
    // processed row counted under exactly one outcome
    expect(states.length, seen.join('\n')).toBeGreaterThan(1)
    expect(states.some((x) => x.done > 0 && x.done < 400)).toBe(true)
    const done = states.map((x) => x.done)
    expect([...done].sort((a, b) => a - b)).toEqual(done)
    for (const x of states) expect(x.created + x.duplicates + x.rejected).toBe(x.done)
    expect(states.at(-1)!.rejected).toBe(8)
    const count = async (id: string) => (await page.getByTestId(id).locator('.ant-statistic-content').innerText()).trim()
    expect(await count('import-count-created')).toBe('392')
    expect(await count('import-count-rejected')).toBe('8')
    expect(await count('import-count-duplicates')).toBe('0')
    expect(pageErrors).toEqual([])
    expect(external).toEqual([])
  })
})
