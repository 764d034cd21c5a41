/**
 * Issue #18 §2 and §5 in the staff app, as the roles concerned, against a real server (fixed clock,
 * the Galutu definitions): a department officer's case page offers only 登记部门答复 and records
 * the reply; a village officer sees the suggested step as the primary button and the rest under
 * 更多操作, 暂停计时 turning into 恢复计时; a case registered six weeks late brings its officer one
 * overdue notice, not one per missed urge; the village officer's reminders are their village's
 * only. Accounts are made through the API by the fixture's administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn, startServer, type Server } from './helpers'

const TODAY = '2026-03-20'
const ADMIN = { username: 'li', password: 'li-daiban-2026!' }
const PASSWORD = 'role-test-pass-2026!'
const PEOPLE = {
  dept: { username: 'dept_shsw', displayName: '社会事务办代办员', grants: [{ role: 'department_officer', unit: 'shehuishiwu' }] },
  tuanjie: { username: 'vo_tuanjie', displayName: '团结代办', grants: [{ role: 'village_officer', village: '团结社区' }] },
  wenhua: { username: 'vo_wenhua', displayName: '文化代办', grants: [{ role: 'village_officer', village: '文化社区' }] },
} as const

let server: Server
let browser: Browser
const external: string[] = []
const pageErrors: string[] = []
const api = (method: string, url: string, body?: unknown) => apiCall<Record<string, any>>(server, ADMIN, method, url, body)
const intake = (over: Record<string, unknown>) => ({
  petitionerName: '王五',
  sex: '男',
  phone: '13800000000',
  channel: 'visit',
  summary: '低保金发放延迟',
  receivedOn: TODAY,
  category: '困难人员生活保障',
  level: 'village',
  ...over,
})
/** the cases: dispatched (团结社区), back-dated (团结社区), back-dated in another village (文化社区) */
const cases = { dispatched: '', backDated: '', otherVillage: '' }

async function pageAs(who: keyof typeof PEOPLE, hash = '/'): Promise<Page> {
  const page = await newPage(browser, server, { external, pageErrors })
  await page.goto(`${server.url}/`)
  await signIn(page, PEOPLE[who].username, PASSWORD)
  await page.getByTestId('user-button').waitFor()
  if (hash !== '/') await page.goto(`${server.url}/#${hash}`)
  return page
}

async function openCase(page: Page, number: string) {
  await page.goto(`${server.url}/#/cases/${number}`)
  await page.getByTestId('case-page').waitFor()
  await page.getByTestId('actions').locator('.action-buttons button').first().waitFor()
}

const buttons = (page: Page) => page.getByTestId('actions').locator('.action-buttons button')

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  for (const p of Object.values(PEOPLE)) expect((await api('POST', '/api/accounts', { ...p, password: PASSWORD })).status).toBe(201)
  const reg = async (form: Record<string, unknown>) => {
    const r = await api('POST', '/api/cases', { form: intake(form) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body
  }
  const d = await reg({ village: '团结社区', officer: '团结代办' })
  expect(
    (
      await api('POST', `/api/cases/${d.id}/events`, {
        type: 'DISPATCH',
        form: { sentOn: TODAY, units: ['shehuishiwu'], matter: '请核实低保金发放情况并答复' },
      })
    ).status,
  ).toBe(200)
  cases.dispatched = d.number
  cases.backDated = (await reg({ village: '团结社区', petitionerName: '赵六', receivedOn: '2026-02-02', officer: '团结代办' })).number
  cases.otherVillage = (await reg({ village: '文化社区', petitionerName: '孙七', receivedOn: '2026-02-02', officer: '文化代办' })).number
  // the scheduler's pass as the server runs it every minute
  expect((await api('POST', '/api/scheduler/tick')).status).toBe(200)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  expect(external).toEqual([])
  expect(pageErrors).toEqual([])
})

describe('only what the user may do', () => {
  it('a department officer sees only 登记部门答复 on a case sent to their unit, and records the reply', async () => {
    const page = await pageAs('dept')
    await openCase(page, cases.dispatched)
    expect(await buttons(page).count()).toBe(1)
    const only = page.getByTestId('action-RECORD_REPLY')
    expect((await only.innerText()).trim()).toBe('登记部门答复')
    expect(await only.getAttribute('data-suggested')).toBe('true')
    expect(await page.getByTestId('action-more').count()).toBe(0)
    await shot(page, 'case-actions-department', false)
    await only.click()
    await page.locator('[data-testid="action-form-RECORD_REPLY"] form').waitFor()
    await select(page, 'reply_unit', '社会事务办公室')
    await page.fill('#reply_result', '经核实，低保金已于3月19日补发。')
    await page.getByTestId('action-form-RECORD_REPLY').getByTestId('submit-reply').click()
    await expect.poll(() => page.getByTestId('dispatch-D1').innerText(), { timeout: 15_000 }).toContain('已于3月19日补发')
    await page.context().close()
  })

  it('a village officer sees the suggested step as the primary button and the rest under 更多操作; 暂停计时 becomes 恢复计时', async () => {
    const page = await pageAs('tuanjie')
    await openCase(page, cases.backDated)
    const primary = buttons(page).first()
    expect(await primary.getAttribute('data-testid')).toBe('action-CONCLUDE')
    expect(await primary.getAttribute('class')).toContain('ant-btn-primary')
    expect((await primary.innerText()).replace(/\s/g, '')).toBe('办结') // antd spaces a two-character label
    expect(await buttons(page).count()).toBe(2) // 办结 and 更多操作
    await page.getByTestId('action-more').click()
    const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu')
    await menu.waitFor()
    const items = (await menu.locator('.ant-dropdown-menu-item').allInnerTexts()).map((s) => s.trim())
    expect(items).toEqual(['指定代办员', '派发处置单', '延期说明', '进展联系', '陪同信访', '暂停计时'])
    await shot(page, 'case-actions-village', false)
    await menu.getByTestId('action-PAUSE_CLOCK').click()
    await page.locator('[data-testid="action-form-PAUSE_CLOCK"] form').waitFor()
    await select(page, 'pause_reason', '等待信访人补充材料')
    const version = Number(await page.getByTestId('case-page').getAttribute('data-version'))
    await page.getByTestId('action-form-PAUSE_CLOCK').getByTestId('submit-pause').click()
    await page.locator(`[data-testid="case-page"][data-version="${version + 1}"]`).waitFor({ timeout: 15_000 })
    await page.getByTestId('action-more').click()
    await expect
      .poll(async () => (await menu.locator('.ant-dropdown-menu-item').allInnerTexts()).map((s) => s.trim()))
      .toEqual(['指定代办员', '派发处置单', '延期说明', '进展联系', '陪同信访', '恢复计时'])
    await page.keyboard.press('Escape')
    await page.context().close()
  })
})

describe('notifications people can live with', () => {
  it('a case registered six weeks late brings its officer one overdue notice, not one per missed urge', async () => {
    const page = await pageAs('tuanjie')
    await page.getByTestId('notification-bell').click()
    const list = page.getByTestId('notification-list')
    await list.waitFor()
    const items = list.locator('[data-kind]', { hasText: cases.backDated })
    await expect.poll(() => items.count()).toBeGreaterThan(0)
    const kinds = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(kinds.filter((k) => k === 'overdue')).toHaveLength(1)
    expect(kinds.filter((k) => k === 'urge')).toHaveLength(0)
    expect(await list.innerText()).not.toMatch(/第\s*\d+\s*次催办/)
    await shot(page, 'notifications-back-dated', false)
    await page.context().close()
  })

  it("a village officer's reminders are their village's: not another village's case", async () => {
    for (const [who, mine, theirs] of [
      ['tuanjie', cases.backDated, cases.otherVillage],
      ['wenhua', cases.otherVillage, cases.backDated],
    ] as const) {
      const page = await pageAs(who, '/reminders')
      const table = page.getByTestId('reminder-table')
      await table.locator('tbody tr.ant-table-row').first().waitFor()
      const text = await table.innerText()
      expect(text, who).toContain(mine)
      expect(text, who).not.toContain(theirs)
      expect(await table.locator('tbody tr.ant-table-row', { hasText: mine }).count(), `${who}: one overdue reminder`).toBe(1)
      if (who === 'tuanjie') await shot(page, 'reminders-village', false)
      await page.context().close()
    }
  })
})
