/**
 * Channels in the staff app, in Debian's chromium against a real server (temp data, fixed clock):
 * a 12345 hotline CSV checked then imported (good rows, bad rows, a repeated source id), its error
 * report downloaded naming row and column, a re-import creating nothing; a walk-in petition of
 * someone who already filed online — the earlier case shown while typing, linked, and the link on
 * the case page (multi-channel), unlinked again; today's on-duty cadre offered as the officer; the
 * bell showing a case assigned by someone else and opening it; the repeat counts. Accounts come
 * from fixtures/server.ts; the duty accounts and the roster are made here over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn, startServer, type Server } from './helpers'
import { solve } from '../../runtime/channels/challenge'

const TODAY = '2026-03-10'
const USERS = { li: 'li-daiban-2026!', zhao: 'zhao-zhuren-2026!' } as const
type User = keyof typeof USERS
let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []

const api = (method: string, url: string, body?: unknown, user: User = 'li') =>
  apiCall<Record<string, unknown>>(server, { username: user, password: USERS[user] }, method, url, body)

const CSV = [
  '工单编号,来电人,联系电话,所属村居,地址,诉求内容,诉求,受理日期',
  'H-101,张一,13800000101,团结社区,一号楼,楼道灯坏了需要维修,修灯,2026/3/2',
  'H-102,张二,13800000102,文化社区,,噪音扰民问题严重,,2026年3月3日',
  'H-103,,13800000103,团结社区,,缺少姓名的一行记录,,2026-03-03',
  'H-104,张四,123,团结社区,,电话号码不对的一行,,2026-03-03',
  'H-101,张一,13800000101,团结社区,一号楼,楼道灯坏了需要维修,修灯,2026/3/2',
  ',张六,13800000106,团结社区,,没有编号的一行记录,,2026-03-03',
].join('\n')

async function count(p: Page, id: string): Promise<string> {
  return (await p.getByTestId(id).locator('.ant-statistic-content').innerText()).trim()
}

async function chooseFile(p: Page, name: string, text: string) {
  await p
    .getByTestId('import-screen')
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') })
  await expect.poll(() => p.getByTestId('import-file-name').innerText()).toContain(name)
}

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  page = await newPage(browser, server, { external, pageErrors }, { acceptDownloads: true })
  // the people on duty this month: a cadre and a shift leader, then the roster
  for (const a of [
    { username: 'duty1', displayName: '值班干部甲', password: 'duty-cadre-2026!', grants: [{ role: 'duty_cadre' }] },
    { username: 'lead1', displayName: '带班领导乙', password: 'shift-leader-2026!', grants: [{ role: 'shift_leader' }] },
  ]) {
    const r = await api('POST', '/api/accounts', a)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  const roster = await api('POST', '/api/duty/galutu/roster/2026-03', {})
  expect(roster.status, JSON.stringify(roster.body)).toBe(201)
  await page.goto(`${server.url}/`)
  await signIn(page, 'li', USERS.li)
  await page.getByTestId('task-list').waitFor({ state: 'attached' })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('imports', () => {
  let created: string[] = []
  it('shows the sources and the saved column mapping from the scheme', async () => {
    await page.getByTestId('nav').getByText('导入与重复访').click()
    await page.getByTestId('import-screen').waitFor()
    expect(await page.getByTestId('import-source').innerText()).toContain('12345热线交办')
    expect(await page.getByTestId('import-source').innerText()).toContain('微平台收集')
    const mapping = await page.getByTestId('import-mapping').innerText()
    for (const col of ['工单编号', '来电人', '联系电话', '受理日期']) expect(mapping).toContain(col)
    expect(mapping).toContain('手机号码') // the publicIntake form's title of `phone`
    await page.getByTestId('import-source-platform').click()
    await expect.poll(() => page.getByTestId('import-mapping').innerText()).toContain('养老保险 → 养老及其他农村牧区社会保险')
    await page.getByTestId('import-source-hotline12345').click()
    await expect.poll(() => page.getByTestId('import-mapping').innerText()).toContain('来电人')
  })

  it('refuses a file that is neither CSV nor .xlsx', async () => {
    await page
      .getByTestId('import-screen')
      .locator('input[type=file]')
      .setInputFiles({ name: '热线.txt', mimeType: 'text/plain', buffer: Buffer.from('x') })
    await expect.poll(() => page.getByTestId('import-file-error').innerText()).toContain('只能导入 .csv 或 .xlsx')
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true)
  })

  it('checks a file without creating anything, then imports it: right counts, rows and columns named', async () => {
    await chooseFile(page, '12345工单.csv', CSV)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-run').click()
    await page.locator('[data-testid="import-result"][data-dry-run="1"]').waitFor()
    expect(await count(page, 'import-count-rows')).toBe('6')
    expect(await count(page, 'import-count-created')).toBe('2') // would create
    expect(await count(page, 'import-count-duplicates')).toBe('1')
    expect(await count(page, 'import-count-rejected')).toBe('3')
    expect((await api('GET', '/api/cases?channel=hotline12345')).body.total).toBe(0)

    await page.getByTestId('import-run-now').click()
    await page.locator('[data-testid="import-result"][data-dry-run="0"]').waitFor()
    expect(await count(page, 'import-count-created')).toBe('2')
    expect(await count(page, 'import-count-duplicates')).toBe('1')
    expect(await count(page, 'import-count-rejected')).toBe('3')
    const errors = await page.getByTestId('import-errors').innerText()
    expect(errors).toMatch(/4\s+来电人/)
    expect(errors).toMatch(/5\s+联系电话/)
    expect(errors).toMatch(/7\s+工单编号\s+缺少来源编号/)
    created = (await page.getByTestId('import-created').locator('a').allInnerTexts()).map((s) => s.trim())
    expect(created).toHaveLength(2)
    expect((await api('GET', '/api/cases?channel=hotline12345')).body.total).toBe(2)
    await shot(page, 'intake-import-result')
  })

  it('downloads the error report naming row, column and problem', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-error-report').click()])
    expect(download.suggestedFilename()).toMatch(/导入错误报告.*\.csv$/)
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '')
    const lines = text.trim().split(/\r?\n/)
    expect(lines[0]).toBe('行,列,字段,问题')
    // fields by their titles in the import form (publicIntake), never by id
    expect(lines.some((l) => l.startsWith('5,联系电话,手机号码,'))).toBe(true)
    expect(lines.some((l) => l.startsWith('4,来电人,姓名,'))).toBe(true)
    expect(lines).toContain('7,工单编号,来源编号,缺少来源编号')
  })

  it('importing the same file again creates nothing', async () => {
    await chooseFile(page, '12345工单-再次.csv', CSV)
    await page.getByTestId('import-dry-run').uncheck()
    expect(await page.getByTestId('import-run').innerText()).toMatch(/导\s*入/)
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('import-file-name').innerText()).toContain('再次')
    await page.locator('[data-testid="import-result"][data-dry-run="0"]').waitFor()
    await expect.poll(() => count(page, 'import-count-duplicates')).toBe('3')
    expect(await count(page, 'import-count-created')).toBe('0')
    expect((await api('GET', '/api/cases?channel=hotline12345')).body.total).toBe(2)
    // the skipped rows name the cases they already are
    expect(await page.getByTestId('import-duplicates').innerText()).toContain(created[0]!)
  })

  it('a case opens from the result', async () => {
    await page.getByTestId('import-duplicates').getByRole('link', { name: created[0]! }).first().click()
    await expect.poll(() => page.getByTestId('case-number').innerText()).toBe(created[0])
    expect(await page.getByTestId('case-state').innerText()).toBe('待甄别')
  })
})

describe('repeat petitions at registration', () => {
  let online = ''
  let walkIn = ''
  it('an earlier online petition of the same person is shown while typing, with why; linked on registering', async () => {
    const ch = (await (await fetch(server.url + '/api/public/challenge')).json()) as { token: string; difficulty: number }
    const r = await fetch(server.url + '/api/public/galutu/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        form: { petitionerName: '王大妈', phone: '13912345678', village: '文化社区', summary: '小区供暖长期不达标', requests: '尽快修复', acceptsProxy: true },
        submissionId: 'browser-sub-0001',
        challenge: ch.token,
        solution: solve(ch.token, ch.difficulty),
      }),
    })
    expect(r.status).toBe(201)
    online = ((await r.json()) as { number: string }).number

    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_petitionerName').waitFor()
    expect(await page.getByTestId('similar-panel').innerText()).toContain('自动查找')
    await page.fill('#intake_petitionerName', '王大妈')
    await page.fill('#intake_phone', '13912345678')
    await page.locator('#intake_phone').blur()
    const item = page.getByTestId(`similar-${online}`)
    await item.waitFor({ timeout: 10_000 })
    expect(await item.innerText()).toContain('网上信访')
    expect(await page.getByTestId(`similar-reasons-${online}`).innerText()).toContain('联系电话相同')
    await page.getByTestId(`similar-link-${online}`).check()
    await expect.poll(() => page.getByTestId('similar-chosen').innerText()).toContain('1')
    await shot(page, 'register-similar')
  })

  it('offers today’s on-duty cadre as the officer, labelled 今日值班', async () => {
    const strip = page.getByTestId('duty-suggestion')
    await strip.waitFor()
    const text = await strip.innerText()
    expect(text).toContain('今日值班')
    expect(text).toContain('值班干部甲')
    expect(text).toContain('带班领导乙')
    expect(await page.getByTestId('duty-person-duty1').innerText()).toContain('值班')
    await page.getByTestId('duty-fill-duty1').click()
    const officerBox = page.locator('#intake_officer').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
    await expect.poll(() => officerBox.innerText()).toContain('值班干部甲')
    // what was typed stays, and the earlier case stays chosen
    expect(await page.inputValue('#intake_petitionerName')).toBe('王大妈')
    expect(await page.getByTestId(`similar-link-${online}`).isChecked()).toBe(true)
    // the same names are the officer pick-list's first options
    await page.locator('#intake_officer').click()
    const listed = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    await listed.first().waitFor()
    const options = await listed.evaluateAll((os) => os.map((o) => o.getAttribute('title')))
    await page.keyboard.press('Escape')
    expect(options.slice(0, 2).sort()).toEqual(['值班干部甲', '带班领导乙'].sort())
  })

  it('registers the walk-in petition and shows the link on the case page as 多头访', async () => {
    await select(page, 'intake_sex', '女')
    await select(page, 'intake_village', '文化社区')
    await select(page, 'intake_channel', '来访')
    await page.fill('#intake_summary', '小区供暖仍不达标，再次来访反映')
    await page.fill('#intake_requests', '尽快修复')
    await select(page, 'intake_category', '物业管理')
    await select(page, 'intake_level', '涉及嘎查村（社区）')
    await page.getByTestId('submit-intake').click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    walkIn = (await page.getByTestId('case-number').innerText()).trim()
    const card = page.getByTestId('linked-cases')
    await card.getByTestId(`linked-${online}`).waitFor()
    expect(await card.innerText()).toContain('多头访') // walk-in after an online petition
    expect(await card.getByTestId(`linked-${online}`).innerText()).toContain('首次')
    const c = await api('GET', `/api/cases/${walkIn}`)
    expect((c.body.summary as { officer: string }).officer).toBe('值班干部甲')
    expect((c.body.summary as { linked: string[] }).linked).toHaveLength(1)
    await shot(page, 'case-linked')
    // the earlier case shows it too, from its side
    await card.getByTestId(`linked-${online}`).getByText(online).click()
    await expect.poll(() => page.getByTestId('case-number').innerText()).toBe(online)
    await page.getByTestId('linked-cases').getByTestId(`linked-${walkIn}`).waitFor()
    expect(await page.getByTestId(`linked-${walkIn}`).innerText()).toContain('多头访')
  })

  it('the repeat counts show it per village and month, opening the case', async () => {
    await page.goto(`${server.url}/#/intake/repeats?year=2026`)
    await page.getByTestId('repeats-table').waitFor()
    const cell = page.getByTestId('repeats-文化社区-2026-03-multi')
    expect((await cell.innerText()).trim()).toBe('1')
    await cell.click()
    await expect.poll(() => page.getByTestId('repeats-cases').innerText()).toContain(walkIn)
    expect(await page.getByTestId('repeats-cases').innerText()).toContain(online)
    await shot(page, 'intake-repeats')
    await page.getByTestId(`repeats-case-${walkIn}`).click()
    await expect.poll(() => page.getByTestId('case-number').innerText()).toBe(walkIn)
  })

  it('unlinks from the case page; the counts follow', async () => {
    await page.getByTestId(`unlink-${online}`).click()
    await page.locator('.ant-popconfirm .ant-btn-primary').click()
    await expect.poll(() => page.getByTestId('linked-cases').innerText()).toContain('没有关联的案件')
    // still a possible repeat: offered to link again
    await page.getByTestId('link-candidates-toggle').click()
    await page.getByTestId(`link-${online}`).waitFor()
    const rep = await api('GET', '/api/reports/galutu/repeats?year=2026')
    expect(rep.body.items).toEqual([])
    await page.getByTestId(`link-${online}`).click()
    await page.getByTestId('linked-cases').getByTestId(`linked-${online}`).waitFor()
    expect(((await api('GET', '/api/reports/galutu/repeats?year=2026')).body.items as unknown[]).length).toBe(1)
  })
})

describe('notification bell', () => {
  it('shows a case another officer assigned to me; clicking opens it and marks it read', async () => {
    await page.goto(`${server.url}/#/`)
    await page.getByTestId('notification-bell').waitFor()
    const before = Number(await page.getByTestId('notification-bell').getAttribute('data-unread'))
    const c = await api(
      'POST',
      '/api/cases',
      {
        form: {
          petitionerName: '孙七',
          sex: '男',
          village: '团结社区',
          channel: 'visit',
          summary: '宅基地边界纠纷',
          requests: '调解',
          receivedOn: TODAY,
          category: '邻里小纠纷',
          level: 'village',
          officer: '李代办',
        },
      },
      'zhao',
    )
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const number = c.body.number as string
    // the bell asks again when the window regains focus
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread'), { timeout: 10_000 }).toBe(String(before + 1))
    expect(await page.getByTestId('notification-count').innerText()).toContain(String(before + 1))
    await page.getByTestId('notification-bell').click()
    const item = page.getByTestId('notification-list').locator('[data-kind="assigned"][data-read="0"]', { hasText: number })
    await item.waitFor()
    expect(await item.innerText()).toContain('指派给我')
    await shot(page, 'notification-bell', false)
    await item.click()
    await expect.poll(() => page.getByTestId('case-number').innerText()).toBe(number)
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread')).toBe(String(before))
  })

  it('nothing left the server, and the pages threw nothing', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
