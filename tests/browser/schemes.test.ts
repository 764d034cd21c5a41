/**
 * Several schemes (towns) on one server, in Debian's chromium (issue #9 part 4: each case belongs
 * to a scheme; staff see their town's). The server runs Galutu (the default scheme) and Wulan, its
 * fork with another structure (a required 户籍类型 field, other groups and time limits, its own
 * case-number prefix). A Wulan-only officer sees Wulan's town, form, numbers and cases only, and a
 * Galutu case is not found; an officer of both towns switches between them in the header, the
 * choice surviving a reload. Accounts come from fixtures/server.ts (DAIBAN_BROWSER_SCHEMES).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn as signInAs, startServer, type Server } from './helpers'

const TODAY = '2026-03-10'
/** The accounts fixtures/server.ts creates when Wulan is loaded (and li, Galutu's officer) */
const USERS = {
  li: { password: 'li-daiban-2026!' },
  bater: { password: 'bater-wulan-2026!' },
  wang: { password: 'wang-two-towns-2026!' },
} as const
type UserName = keyof typeof USERS
const GALUTU = { id: 'galutu', town: '嘎鲁图镇' }
const WULAN = { id: 'wulan', town: '乌兰陶勒盖镇' }

let server: Server
let browser: Browser
const external: string[] = []
const pageErrors: string[] = []
/** The Galutu case registered over HTTP, and the Wulan case registered in the browser */
let galutuNumber = ''
let wulanNumber = ''

const api = (method: string, url: string, user: UserName, body?: unknown) =>
  apiCall<Record<string, unknown>>(server, { username: user, password: USERS[user].password }, method, url, body)

async function signIn(p: Page, user: UserName) {
  await p.goto(`${server.url}/`)
  await signInAs(p, user, USERS[user].password)
  await p.getByTestId('user-button').waitFor()
}

const brand = (p: Page) => p.locator('.brand').innerText()

/** The case numbers on the case list (#/cases), once it has loaded. */
async function listedNumbers(p: Page): Promise<string[]> {
  // another screen first, so the list mounts afresh; then wait for its answer, not for a spinner
  // that may not have started yet (the list was read empty under load)
  await p.goto(`${server.url}/#/tasks`)
  const answered = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/cases' && r.request().method() === 'GET' && r.ok())
  await p.goto(`${server.url}/#/cases`)
  await answered
  const table = p.getByTestId('case-table')
  await table.waitFor()
  await p.waitForFunction(() => !document.querySelector('[data-testid="case-table"] .ant-spin-spinning'))
  await p.waitForLoadState('networkidle')
  return (await table.locator('tbody tr.ant-table-row td:first-child').allInnerTexts()).map((s) => s.trim())
}

/** Chooses a town in the header's switcher. */
async function switchTo(p: Page, schemeId: string) {
  await p.getByTestId('scheme-switcher').click()
  await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTestId(`scheme-option-${schemeId}`).click()
}

beforeAll(async () => {
  server = await startServer(TODAY, { env: { DAIBAN_BROWSER_SCHEMES: 'galutu,wulan' } })
  browser = await launch()
  // a Galutu case, registered over HTTP by Galutu's officer
  const c = await api('POST', '/api/cases', 'li', {
    form: {
      petitionerName: '王五',
      village: '文化社区',
      channel: 'phone',
      summary: '低保金发放延迟',
      receivedOn: TODAY,
      category: '困难人员生活保障',
      level: 'village',
      officer: '李代办',
    },
  })
  expect(c.status).toBe(201)
  galutuNumber = c.body.number as string
  expect(galutuNumber).toMatch(/^GLT-2026-\d{6}$/)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('several schemes (towns) on one server', () => {
  it('a Wulan officer works in Wulan only: its town, its intake form, its case numbers, its cases', async () => {
    const page = await newPage(browser, server, { external, pageErrors }) // a fresh context: its own storage
    await signIn(page, 'bater')
    await expect.poll(() => brand(page)).toContain(WULAN.town)
    expect(await brand(page)).not.toContain(GALUTU.town)
    await page.waitForLoadState('networkidle')
    // one town: no switcher
    expect(await page.getByTestId('scheme-switcher').count()).toBe(0)
    const me = await api('GET', '/api/auth/me', 'bater')
    expect((me.body.schemes as Array<{ id: string }>).map((s) => s.id)).toEqual([WULAN.id])

    // Wulan's intake form: its extra required 户籍类型 (household) field
    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_household').waitFor()
    expect(await page.getByTestId('register-form').innerText()).toContain('户籍类型')
    await page.fill('#intake_petitionerName', '其木格')
    await select(page, 'intake_village', '乌兰社区')
    await select(page, 'intake_channel', '来访')
    await page.fill('#intake_summary', '邻居在公共通道堆放杂物，影响通行')
    await select(page, 'intake_category', '邻里小纠纷') // a category only Wulan has
    await select(page, 'intake_level', '嘎查村（社区）层面办理')
    await select(page, 'intake_officer', '巴特尔')
    // without the household the form is not sent: the field is marked as required
    await page.getByTestId('submit-intake').click()
    const householdItem = page.locator('.rjsf-cell', { has: page.locator('#intake_household') })
    await expect.poll(() => householdItem.innerText(), { timeout: 10_000 }).toContain('必填')
    expect(await page.getByTestId('case-page').count()).toBe(0)
    await select(page, 'intake_household', '本镇农牧业户籍')
    await page.locator('#intake_household').blur() // checked again on leaving the field
    await expect.poll(() => householdItem.innerText()).not.toContain('必填')
    // Wulan's routing and its own 3-workday limit for village-level matters (Galutu's is 5)
    await expect.poll(() => page.getByTestId('decide-group').innerText(), { timeout: 10_000 }).toBe('平安法治组')
    await expect.poll(() => page.getByTestId('decide-due').innerText()).toBe('2026-03-13')
    await shot(page, 'schemes-wulan-register')

    await page.getByTestId('submit-intake').click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    wulanNumber = (await page.getByTestId('case-number').innerText()).trim()
    expect(wulanNumber).toMatch(/^WLT-2026-\d{6}$/)
    expect(await page.getByTestId('case-group').innerText()).toBe('平安法治组')
    const created = await api('GET', `/api/cases/${wulanNumber}`, 'bater')
    expect(created.body.schemeId).toBe(WULAN.id)
    expect((created.body.context as { facts: Record<string, unknown> }).facts.household).toBe('本镇农牧业户籍')

    // the case list: Wulan's case, not Galutu's
    const listed = await listedNumbers(page)
    expect(listed).toContain(wulanNumber)
    expect(listed).not.toContain(galutuNumber)
    expect(listed.every((n) => n.startsWith('WLT-'))).toBe(true)
    await shot(page, 'schemes-wulan-cases')

    // Galutu's case, opened by its address: not found
    await page.goto(`${server.url}/#/cases/${galutuNumber}`)
    await expect.poll(() => page.locator('.ant-result-404').innerText(), { timeout: 10_000 }).toContain('未找到案件')
    expect(await page.getByTestId('case-page').count()).toBe(0)
    expect((await api('GET', `/api/cases/${galutuNumber}`, 'bater')).status).toBe(404)
  })

  it('an officer of both towns switches between them; the choice survives a reload', async () => {
    expect(wulanNumber).not.toBe('')
    const page = await newPage(browser, server, { external, pageErrors }) // a fresh context: its own storage
    await signIn(page, 'wang')
    // opens in the default scheme, with the switcher offered
    await expect.poll(() => brand(page)).toContain(GALUTU.town)
    await page.getByTestId('scheme-switcher').waitFor()
    let listed = await listedNumbers(page)
    expect(listed).toContain(galutuNumber)
    expect(listed).not.toContain(wulanNumber)

    await switchTo(page, WULAN.id)
    await expect.poll(() => brand(page)).toContain(WULAN.town)
    expect(await brand(page)).not.toContain(GALUTU.town)
    expect(await page.evaluate(() => localStorage.getItem('daiban.scheme'))).toBe(WULAN.id)
    listed = await listedNumbers(page)
    expect(listed).toContain(wulanNumber)
    expect(listed).not.toContain(galutuNumber)
    // Wulan's intake form, too
    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_household').waitFor()
    await shot(page, 'schemes-switched-register')

    // a reload keeps Wulan
    await page.reload()
    await page.getByTestId('user-button').waitFor()
    await expect.poll(() => brand(page)).toContain(WULAN.town)
    await page.locator('#intake_household').waitFor()
    listed = await listedNumbers(page)
    expect(listed).toContain(wulanNumber)
    expect(listed).not.toContain(galutuNumber)

    // and back to Galutu: its form (no household field) and its cases
    await switchTo(page, GALUTU.id)
    await expect.poll(() => brand(page)).toContain(GALUTU.town)
    expect(await page.evaluate(() => localStorage.getItem('daiban.scheme'))).toBe(GALUTU.id)
    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_summary').waitFor()
    expect(await page.locator('#intake_household').count()).toBe(0)
    listed = await listedNumbers(page)
    expect(listed).toContain(galutuNumber)
    expect(listed).not.toContain(wulanNumber)
    await shot(page, 'schemes-switched-back')
  })

  it('made no external request and raised no page error', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
