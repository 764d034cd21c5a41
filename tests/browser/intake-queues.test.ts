/**
 * Intake queues, nothing retyped (issue #18 §3), in Debian's chromium against a real server with
 * the Galutu definitions (fixed clock): a petition filed on the public page (phone size) appears in
 * the town officer's 待甄别 as 网上信访, and 甄别 opens the 代办单 with the petitioner's name, phone,
 * village, summary and channel filled and 受理日期 = the submission date; registered from there, the
 * case leaves 待甄别. A row imported from the 12345 hotline waits as 导入 and opens with its source's
 * date. A 处置单 sent to a unit appears in 部门待复 for that unit's officer, signed in as them.
 * Screenshots: test-output/screenshots/intake-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn, startServer, type Server } from './helpers'

const TODAY = '2026-03-10'
const TOWN = { username: 'li', password: 'li-daiban-2026!' }
const OFFICER = '李代办'
const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
  villages: Array<{ name: string }>
  units: Array<{ id: string; name: string }>
  channels: Array<{ id: string; name: string; public?: unknown; import?: { idColumn: string; columns: Record<string, string> } }>
}
const VILLAGE = org.villages[2]!.name
const UNIT = org.units.find((u) => u.id === 'pingan')!
const ONLINE = org.channels.find((c) => c.public)!
const HOTLINE = org.channels.find((c) => c.id === 'hotline12345')!
const DEPT = { username: 'dept1', password: 'dept-officer-2026!', displayName: '部门代办甲' }
const PETITION = { petitionerName: '乌日娜', phone: '13912340001', summary: '牧道被围栏挡住，转场无法通行' }
const IMPORT_DATE = '2026-03-05'

let server: Server
let browser: Browser
const external: string[] = []
const pageErrors: string[] = []
const api = (method: string, url: string, body?: unknown) => apiCall<Record<string, any>>(server, TOWN, method, url, body)
let petitionNumber = ''
let importedNumber = ''

/** The text an antd select shows for the rjsf field `id`. */
const selectText = (p: Page, id: string) => p.locator(`#${id}`).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()
const queueCard = (p: Page, id: string) => p.locator(`[data-queue="${id}"]`)
const queueCount = async (p: Page, id: string) => Number((await queueCard(p, id).locator('.ant-statistic-content').innerText()).replace(/\D/g, ''))

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  expect((await api('POST', '/api/accounts', { ...DEPT, grants: [{ role: 'department_officer', unit: UNIT.id }] })).status).toBe(201)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('intake queues', () => {
  it('a petition filed on the public page waits in the town officer’s 待甄别, and 甄别 opens the 代办单 filled', async () => {
    const pub = await newPage(browser, server, { external, pageErrors }, { width: 375 })
    await pub.goto(`${server.url}/public/`)
    await pub.locator('#pub_petitionerName').waitFor()
    await pub.locator('#pub_petitionerName').fill(PETITION.petitionerName)
    await pub.locator('#pub_phone').fill(PETITION.phone)
    await pub.locator('#pub_village').fill(VILLAGE)
    await pub.locator('#pub_summary').fill(PETITION.summary)
    await pub.getByTestId('petition-submit').click()
    await pub.getByTestId('receipt').waitFor({ timeout: 60_000 })
    petitionNumber = /GLT-2026-\d{6}/.exec(await pub.getByTestId('receipt').innerText())![0]
    await pub.context().close()

    // an imported hotline row, dated by its source
    const row: Record<string, string> = { [HOTLINE.import!.idColumn]: 'RX-BROWSER-1' }
    const values: Record<string, string> = {
      petitionerName: '热线来电人',
      phone: '13912340002',
      village: VILLAGE,
      address: '三组',
      summary: '自来水停供三天无人处理',
      requests: '恢复供水',
      receivedOn: IMPORT_DATE,
    }
    for (const [field, column] of Object.entries(HOTLINE.import!.columns)) row[column] = values[field] ?? ''
    const csv = [Object.keys(row).join(','), Object.values(row).join(',')].join('\n')
    const imp = await apiImport(csv)
    expect(imp.status, JSON.stringify(imp.body)).toBe(200)
    importedNumber = imp.body.created[0].number

    const page = await newPage(browser, server, { external, pageErrors })
    await page.goto(`${server.url}/`)
    await signIn(page, TOWN.username, TOWN.password)
    await queueCard(page, 'triage').waitFor()
    expect(await queueCount(page, 'triage')).toBe(2)
    await queueCard(page, 'triage').click()
    const item = page.locator(`[data-testid="task-item"][data-number="${petitionNumber}"]`)
    await item.waitFor()
    expect(await item.innerText()).toContain(PETITION.petitionerName)
    expect(await item.innerText()).toContain('网上信访')
    expect(await page.locator(`[data-testid="task-item"][data-number="${importedNumber}"]`).innerText()).toContain('导入')
    await shot(page, 'intake-queue-triage')

    await item.locator('xpath=..').getByTestId('triage-open').click()
    await page.locator('#intake_petitionerName').waitFor()
    expect(await page.locator('h1').first().innerText()).toContain(petitionNumber)
    expect(await page.inputValue('#intake_petitionerName')).toBe(PETITION.petitionerName)
    expect(await page.inputValue('#intake_phone')).toBe(PETITION.phone)
    expect(await page.inputValue('#intake_summary')).toBe(PETITION.summary)
    expect(await selectText(page, 'intake_village')).toContain(VILLAGE)
    expect(await selectText(page, 'intake_channel')).toContain(ONLINE.name)
    expect(await page.inputValue('#intake_receivedOn')).toBe(TODAY)
    expect(await page.getByTestId('triage-hint').innerText()).toContain(TODAY)
    await shot(page, 'intake-triage-form')

    // completed and submitted: the case is registered from the submission, and leaves 待甄别
    await select(page, 'intake_category', '养老及其他农村牧区社会保险')
    await select(page, 'intake_level', '涉及嘎查村（社区）')
    await select(page, 'intake_officer', OFFICER)
    await page.getByTestId('submit-intake').click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    expect((await page.getByTestId('case-number').innerText()).trim()).toBe(petitionNumber)
    const c = await api('GET', `/api/cases/${petitionNumber}`)
    expect(c.body.state).not.toBe('intake')
    expect(c.body.summary).toMatchObject({ receivedOn: TODAY, petitionerName: PETITION.petitionerName, village: VILLAGE, channel: ONLINE.id, officer: OFFICER })
    expect(c.body.context.facts.phone).toBe(PETITION.phone)

    await page.goto(`${server.url}/#/`)
    await queueCard(page, 'triage').waitFor()
    await expect.poll(() => queueCount(page, 'triage')).toBe(1)
    // 我的待办 now holds it: the 工作台 opens on it
    expect(await queueCount(page, 'mine')).toBe(1)
    await page.locator(`[data-testid="task-item"][data-number="${petitionNumber}"]`).waitFor()

    // the imported row opens with its source's date, not today's
    await page.goto(`${server.url}/#/register?triage=${importedNumber}`)
    await page.locator('#intake_petitionerName').waitFor()
    expect(await page.inputValue('#intake_petitionerName')).toBe('热线来电人')
    expect(await selectText(page, 'intake_channel')).toContain(HOTLINE.name)
    expect(await page.inputValue('#intake_receivedOn')).toBe(IMPORT_DATE)
    await page.context().close()
  })

  it('a 处置单 sent to a unit appears in 部门待复 for that unit’s officer', async () => {
    const c = await api('GET', `/api/cases/${petitionNumber}`)
    const d = await api('POST', `/api/cases/${c.body.id}/events`, {
      type: 'DISPATCH',
      expectedVersion: c.body.version,
      form: { sentOn: TODAY, units: [UNIT.id], matter: '核实围栏位置并协调拆除' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(200)

    const page = await newPage(browser, server, { external, pageErrors })
    await page.goto(`${server.url}/`)
    await signIn(page, DEPT.username, DEPT.password)
    await queueCard(page, 'unitReplies').waitFor()
    expect(await queueCount(page, 'unitReplies')).toBe(1)
    // a department officer neither triages nor holds cases as officer
    expect(await queueCard(page, 'triage').count()).toBe(0)
    expect(await page.getByTestId('count-all').count()).toBe(0)
    const item = page.locator(`[data-testid="task-item"][data-number="${petitionNumber}"]`)
    await item.waitFor()
    expect(await item.innerText()).toContain(UNIT.name)
    await shot(page, 'intake-queue-unit')
    // in English the queues' names are English
    await page.getByTestId('lang-button').click()
    await expect.poll(() => queueCard(page, 'unitReplies').locator('.ant-statistic-title').innerText()).toBe('Awaiting our reply')
    for (const id of ['dueSoon', 'overdue']) expect(await queueCard(page, id).locator('.ant-statistic-title').innerText()).toMatch(/^[\x20-\x7e]+$/)
    await page.getByTestId('lang-button').click()
    await expect.poll(() => queueCard(page, 'unitReplies').locator('.ant-statistic-title').innerText()).toBe('部门待复')
    await item.click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    expect((await page.getByTestId('case-number').innerText()).trim()).toBe(petitionNumber)
    await page.context().close()
  })

  it('loaded nothing from outside the server and threw no page errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})

/** The import route takes the file itself as the body. */
async function apiImport(csv: string): Promise<{ status: number; body: Record<string, any> }> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TOWN) })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const res = await fetch(`${server.url}/api/schemes/galutu/import/${HOTLINE.id}?filename=hotline.csv`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', cookie, 'x-csrf-token': csrfToken },
    body: csv,
  })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}
