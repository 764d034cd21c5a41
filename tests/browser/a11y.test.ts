/**
 * Accessibility (issue #19) of what the language walk (language-walk.test.ts, which runs axe-core on
 * every screen) does not reach: the sign-in screen, the 404 and no-access screens, the forms where
 * a screen's work happens (the register form, a transition form, the change-password dialog), the
 * public page's results; and the keyboard paths, as the person concerned: the skip link is the first
 * thing Tab reaches and lands on the screen's heading, navigation moves focus to the new screen's
 * <h1>, a successful submit moves it to the result. Any critical or serious axe violation fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, newPage, select, shot, signIn, startServer, type Server } from './helpers'
import { expectAccessible, formatCounts } from './axe'

const TODAY = '2026-03-10'
const OFFICER = '李代办'
const LI = { username: 'li', password: 'li-daiban-2026!' }
const AUDIT = { username: 'audit', password: 'audit-only-2026!' }
let server: Server
let browser: Browser
const external: string[] = []
const pageErrors: string[] = []
/** moderate/minor counts per place, printed at the end (they do not fail) */
const counts: string[] = []

async function check(page: Page, where: string) {
  const r = await expectAccessible(page, where)
  counts.push(`${where}: ${formatCounts(r.counts)}`)
}

/** What has focus: its tag, test id and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null
    return { tag: e?.tagName ?? '', testId: e?.dataset.testid ?? '', text: (e?.innerText ?? '').trim() }
  })

/** The texts of a select's options, opened and closed again. */
async function optionTexts(page: Page, id: string): Promise<string[]> {
  await page.locator(`#${id}`).click()
  const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
  await list.first().waitFor()
  const texts = (await list.allInnerTexts()).map((t) => t.trim())
  await page.keyboard.press('Escape')
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  return texts
}

/** One <main> and exactly one <h1>, visible or not. */
const structure = (page: Page) =>
  page.evaluate(() => ({ main: document.querySelectorAll('main, [role=main]').length, h1: document.querySelectorAll('h1').length }))

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
})

afterAll(async () => {
  if (counts.length) console.log(`axe (moderate/minor are counted, not failed):\n  ${counts.join('\n  ')}`)
  await browser?.close()
  await server?.stop()
})

describe('staff app, as the town officer', () => {
  let page: Page
  beforeAll(async () => {
    page = await newPage(browser, server, { external, pageErrors })
  })

  it('the sign-in screen has a main region, one heading and no serious violation', async () => {
    await page.goto(`${server.url}/`)
    await page.getByTestId('sign-in').waitFor()
    await check(page, 'sign-in')
    expect(await structure(page)).toEqual({ main: 1, h1: 1 })
  })

  it('the skip link is the first stop of Tab, says so, and moves focus to the screen’s heading', async () => {
    await signIn(page, LI.username, LI.password)
    await page.locator('#main-content h1').filter({ hasText: '工作台' }).waitFor()
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('Tab')
    expect(await focused(page)).toEqual({ tag: 'A', testId: 'skip-link', text: '跳到主要内容' })
    // shown when focused (it sits above the page otherwise)
    const box = await page.getByTestId('skip-link').boundingBox()
    expect(box && box.y >= 0 && box.height > 0).toBe(true)
    await shot(page, 'a11y-skip-link', false)
    await page.keyboard.press('Enter')
    expect(await focused(page)).toMatchObject({ tag: 'H1', text: '工作台' })
    // the hash router's route is left alone
    expect(new URL(page.url()).hash).not.toContain('main-content')
    await check(page, '工作台')
  })

  it('moves focus to the new screen’s heading when the menu opens another screen', async () => {
    await page.getByTestId('nav').getByText('案件', { exact: true }).click()
    await expect.poll(() => focused(page), { timeout: 15_000 }).toMatchObject({ tag: 'H1', text: '案件' })
    await page.getByTestId('nav').getByText('提醒', { exact: true }).click()
    await expect.poll(() => focused(page), { timeout: 15_000 }).toMatchObject({ tag: 'H1', text: '提醒' })
    expect(await structure(page)).toEqual({ main: 1, h1: 1 })
  })

  it('the 404 screen has its heading and no serious violation', async () => {
    await page.goto(`${server.url}/#/no-such-screen`)
    await page.getByTestId('not-found').waitFor()
    expect(await page.locator('#main-content h1').innerText()).toBe('页面不存在')
    expect(await structure(page)).toEqual({ main: 1, h1: 1 })
    await check(page, '404')
  })

  it('the register form: no serious violation; once registered, focus is on the new case’s heading', async () => {
    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_petitionerName').waitFor()
    await check(page, '登记 (empty form)')
    // a required select (信访渠道) offers no blank first option; an optional one (性别) keeps it, to clear the answer
    expect((await optionTexts(page, 'intake_channel'))[0]).not.toBe('')
    expect((await optionTexts(page, 'intake_sex'))[0]).toBe('')
    await page.fill('#intake_petitionerName', '张三')
    await select(page, 'intake_sex', '男')
    await page.fill('#intake_phone', '13800000000')
    await select(page, 'intake_village', '团结社区')
    await select(page, 'intake_channel', '来访')
    await page.fill('#intake_summary', '养老保险待遇自今年一月起未发放')
    await select(page, 'intake_officer', OFFICER)
    await select(page, 'intake_category', '养老及其他农村牧区社会保险')
    await select(page, 'intake_level', '涉及嘎查村（社区）')
    await page.getByTestId('decide-group').waitFor({ timeout: 10_000 })
    await check(page, '登记 (filled, with the routing preview)')
    await page.getByTestId('submit-intake').click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ tag: 'H1', testId: 'case-number' })
    expect((await focused(page)).text).toMatch(/^GLT-2026-\d{6}$/)
    await check(page, '案件页 (registered)')
  })

  it('a transition form (处置单) open: no serious violation; once sent, focus is on the case’s heading', async () => {
    const action = page.getByTestId('action-DISPATCH')
    if (!(await action.isVisible())) await page.getByTestId('action-more').click()
    await action.click()
    await page.locator('[data-testid="action-form-DISPATCH"] form').waitFor()
    await check(page, '案件页 (处置单 open)')
    await page.fill('#disposal_matter', '请核实张三养老保险待遇发放情况并答复')
    await page.fill('#disposal_requirement', '5个工作日内书面答复')
    // focus is in the form when it is sent
    await page.locator('#disposal_requirement').focus()
    await page.getByTestId('action-form-DISPATCH').getByTestId('submit-disposal').click()
    await page.locator('[data-testid="case-page"][data-version="2"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ tag: 'H1', testId: 'case-number' })
    await shot(page, 'a11y-case-after-dispatch', false)
  })

  it('the change-password dialog: no serious violation', async () => {
    await page.getByTestId('user-button').click()
    await page.getByTestId('change-password-item').click()
    await page.locator('.ant-modal').waitFor()
    await check(page, 'change-password dialog')
    await page.keyboard.press('Escape')
  })

  it('a screen the role may not open (accounts, as the auditor): its heading, no serious violation', async () => {
    const p = await newPage(browser, server, { external, pageErrors })
    await p.goto(`${server.url}/`)
    await signIn(p, AUDIT.username, AUDIT.password)
    await p.getByTestId('user-button').waitFor()
    await p.goto(`${server.url}/#/admin/accounts`)
    await p.getByTestId('admin-no-access').waitFor()
    expect(await structure(p)).toEqual({ main: 1, h1: 1 })
    await check(p, 'accounts (no access)')
    await p.context().close()
  })
})

describe('public page at phone size, no sign-in', () => {
  let page: Page
  beforeAll(async () => {
    page = await newPage(browser, server, { external, pageErrors }, { width: 375 })
  })

  it('filing form: skip link first, no serious violation; once filed, focus is on the receipt’s heading', async () => {
    await page.goto(`${server.url}/public/`)
    await page.locator('#pub_petitionerName').waitFor()
    expect(await structure(page)).toEqual({ main: 1, h1: 1 })
    await page.keyboard.press('Tab')
    expect(await focused(page)).toEqual({ tag: 'A', testId: 'skip-link', text: '跳到主要内容' })
    await page.keyboard.press('Enter')
    expect(await focused(page)).toMatchObject({ tag: 'MAIN' })
    await check(page, '网上信访 (form)')
    // nothing filled: the messages against the fields
    await page.getByTestId('petition-submit').click()
    await page.locator('.ant-form-item-explain-error').first().waitFor()
    await check(page, '网上信访 (refused, messages shown)')
    for (const [k, v] of Object.entries({ petitionerName: '张三', phone: '13912345678', village: '文化社区', summary: '村里道路破损，雨天无法通行' }))
      await page.locator(`#pub_${k}`).fill(v)
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 60_000 })
    await expect.poll(() => focused(page), { timeout: 10_000 }).toEqual({ tag: 'H2', testId: 'receipt-title', text: '提交成功' })
    await check(page, '网上信访 (receipt)')
  })

  it('status lookup: a miss and a hit each take focus; no serious violation', async () => {
    const code = (await page.getByTestId('tracking-code').innerText()).trim()
    await page.getByTestId('go-status').click()
    await page.getByTestId('lookup-phone').fill('0000')
    await page.getByTestId('lookup-submit').click()
    await page.getByTestId('lookup-error').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.querySelector('[data-testid=lookup-error]'))).toBe(true)
    await check(page, '查询进度 (not found)')
    await page.getByTestId('lookup-phone').fill('5678')
    expect(await page.getByTestId('lookup-code').inputValue()).toBe(code)
    await page.getByTestId('lookup-submit').click()
    await page.getByTestId('status-card').waitFor({ timeout: 15_000 })
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'H2', testId: 'status-title' })
    await check(page, '查询进度 (status card)')
    await shot(page, 'a11y-public-status', false)
  })

  it('loaded nothing from outside and threw no errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
