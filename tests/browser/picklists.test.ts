/**
 * Issue #18 §4 in the staff app against a real server (the Galutu definitions): the officer is
 * chosen from the accounts holding an officer role in the case's jurisdiction, shown by display
 * name and saved as such; the 处置单 starts with the routed group's member units ticked; a village
 * typed outside the org's list cannot be entered at registration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, shot, signIn, startServer, type Server } from './helpers'

const TODAY = '2026-03-20'
const ADMIN = { username: 'li', password: 'li-daiban-2026!' }
const PASSWORD = 'picklist-pass-2026!'
const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
  villages: Array<{ name: string }>
  units: Array<{ id: string; name: string }>
  groups: Array<{ id: string; units: string[]; categories: string[] }>
}
const [V1, V2] = [org.villages[3]!.name, org.villages[4]!.name]
const CATEGORY = org.groups[3]!.categories[0]!
const ROUTED = org.groups[3]!.units.map((u) => org.units.find((x) => x.id === u)!.name)
const PEOPLE = {
  town: { username: 'to_wangfang', displayName: '王芳', grants: [{ role: 'town_officer' }], offered: true },
  local: { username: 'vo_batu', displayName: '巴特尔', grants: [{ role: 'village_officer', village: V1 }], offered: true },
  other: { username: 'vo_qiqige', displayName: '其其格', grants: [{ role: 'village_officer', village: V2 }], offered: false },
  dept: { username: 'do_shsw', displayName: '部门代办员甲', grants: [{ role: 'department_officer', unit: org.units[4]!.id }], offered: false },
}

let server: Server
let browser: Browser
let caseNumber = ''
const external: string[] = []
const pageErrors: string[] = []
const api = (method: string, url: string, body?: unknown) => apiCall<Record<string, any>>(server, ADMIN, method, url, body)

async function pageAsTownOfficer(): Promise<Page> {
  const page = await newPage(browser, server, { external, pageErrors })
  await page.goto(`${server.url}/`)
  await signIn(page, PEOPLE.town.username, PASSWORD)
  await page.getByTestId('user-button').waitFor()
  return page
}

async function openAction(p: Page, type: string) {
  const action = p.getByTestId(`action-${type}`)
  if (!(await action.isVisible())) await p.getByTestId('action-more').click()
  await action.click()
  await p.locator(`[data-testid="action-form-${type}"] form`).waitFor()
}

const openOptions = (p: Page) => p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  for (const { offered: _o, ...p } of Object.values(PEOPLE)) expect((await api('POST', '/api/accounts', { ...p, password: PASSWORD })).status).toBe(201)
  const r = await api('POST', '/api/cases', {
    form: {
      petitionerName: '王五',
      sex: '男',
      phone: '13800000000',
      channel: 'visit',
      summary: '低保金发放延迟',
      receivedOn: TODAY,
      village: V1,
      category: CATEGORY,
      level: 'village',
    },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  caseNumber = r.body.number
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  expect(external).toEqual([])
  expect(pageErrors).toEqual([])
})

describe('pick-lists from the org', () => {
  it('the officer select lists the jurisdiction’s officers by display name, and saves the one chosen', async () => {
    const page = await pageAsTownOfficer()
    await page.goto(`${server.url}/#/cases/${caseNumber}`)
    await page.getByTestId('case-page').waitFor()
    await openAction(page, 'ASSIGN_OFFICER')
    await page.locator('#assign_officer').click()
    await openOptions(page).first().waitFor()
    const labels = await openOptions(page).allInnerTexts()
    for (const p of Object.values(PEOPLE)) {
      expect(
        labels.some((l) => l.startsWith(p.displayName)),
        p.displayName,
      ).toBe(p.offered)
      expect(labels.join('\n')).not.toContain(p.username)
    }
    // the village's own officer first
    expect(labels[0]).toContain('巴特尔')
    await shot(page, 'picklist-officer', false)
    await openOptions(page).filter({ hasText: '巴特尔' }).click()
    const version = Number(await page.getByTestId('case-page').getAttribute('data-version'))
    await page.getByTestId('action-form-ASSIGN_OFFICER').getByTestId('submit-assign').click()
    await page.locator(`[data-testid="case-page"][data-version="${version + 1}"]`).waitFor({ timeout: 15_000 })
    const saved = await api('GET', `/api/cases/${caseNumber}`)
    expect(saved.body.summary.officer).toBe('巴特尔')
    await page.close()
  })

  it('the 处置单 starts with the routed group’s member units ticked', async () => {
    const page = await pageAsTownOfficer()
    await page.goto(`${server.url}/#/cases/${caseNumber}`)
    await page.getByTestId('case-page').waitFor()
    await openAction(page, 'DISPATCH')
    const form = page.getByTestId('action-form-DISPATCH')
    const ticked = (await form.locator('label.ant-checkbox-wrapper-checked').allInnerTexts()).map((t) => t.trim())
    expect(ticked.sort()).toEqual([...ROUTED].sort())
    expect(await form.locator('label.ant-checkbox-wrapper').count()).toBe(org.units.length)
    await shot(page, 'picklist-disposal', false)
    await form.locator('#disposal_matter').fill('请核实低保金发放情况并答复')
    const version = Number(await page.getByTestId('case-page').getAttribute('data-version'))
    await form.getByTestId('submit-disposal').click()
    await page.locator(`[data-testid="case-page"][data-version="${version + 1}"]`).waitFor({ timeout: 15_000 })
    const saved = await api('GET', `/api/cases/${caseNumber}`)
    expect(saved.body.context.dispatches.map((d: { unit: string }) => d.unit).sort()).toEqual([...org.groups[3]!.units].sort())
    await page.close()
  })

  it('a village typed outside the org cannot be entered at registration', async () => {
    const page = await pageAsTownOfficer()
    await page.goto(`${server.url}/#/register`)
    const box = page.locator('#intake_village')
    await box.waitFor()
    await box.click()
    await page.keyboard.type('团结村')
    await page.waitForTimeout(200)
    expect(await openOptions(page).count()).toBe(0)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    const field = box.locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
    expect(await field.innerText()).not.toContain('团结村')
    // the org's villages are what it offers
    await box.click()
    await page.keyboard.type(V1.slice(0, 2))
    await openOptions(page).first().waitFor()
    expect(await openOptions(page).allInnerTexts()).toContain(V1)
    await page.close()
  })
})
