/**
 * Issue #18 §1 in the staff app, from an empty server (the Galutu definitions): the first
 * administrator is signed in by setup and lands on the 工作台; in 账号管理 they create a village
 * officer for a village chosen from the org's select; that officer sees only their village's
 * cases, no 账号管理 menu, and a 403 from the accounts API; a one-time reset link works once and
 * ends the officer's sessions; a session is ended from the list; disabling blocks sign-in; 组织机构
 * shows the groups, units and villages of definitions/galutu and who holds which role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn, spawnServer, type ServerProcess } from './helpers'

const TODAY = '2026-03-20'
interface Named {
  id: string
  name: string
}
const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
  villages: Named[]
  units: Array<Named & { type: string }>
  groups: Array<Named & { units: string[]; categories: string[] }>
  roles: Array<Named & { scope: string; permissions: string[] }>
}
const roleName = (id: string) => org.roles.find((r) => r.id === id)!.name
const [V1, V2] = [org.villages[0]!.name, org.villages[1]!.name]
const CATEGORY = org.groups[0]!.categories[0]!
const ADMIN = { username: 'zhanzhang', displayName: '斯琴站长', password: 'first-admin-pass-2026!' }
const OFFICER = { username: 'batu', displayName: '巴特尔', password: 'village-officer-2026!' }
const TOWN = { username: 'wangfang', displayName: '王芳', password: 'town-officer-2026!' }
const NEW_PASSWORD = 'reset-by-link-2026!'

let server: ServerProcess
let browser: Browser
let admin: Page
const external: string[] = []
const pageErrors: string[] = []
const cases: Record<string, string> = {}

const watch = { external, pageErrors }
async function signedInPage(who: { username: string; password: string }): Promise<Page> {
  const p = await newPage(browser, server, watch)
  await p.goto(`${server.url}/`)
  await signIn(p, who.username, who.password)
  await p.getByTestId('user-button').waitFor()
  return p
}
/** The page's own session asks the server who it is: 200 or 401. */
const meStatus = (p: Page) => p.evaluate(async () => (await fetch('/api/auth/me')).status)
const navTexts = async (p: Page) =>
  (await p.getByTestId('nav').innerText())
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-accounts-'))
  server = await spawnServer('tests/browser/fixtures/empty-server.ts', [path.join(dir, 'data'), '0', TODAY], { cleanup: dir })
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('accounts and organisation, as the administrator', () => {
  it('setup creates the first administrator and lands signed in on the 工作台', async () => {
    const token = /SETUP (\S+)/.exec(server.stderr())?.[1]
    expect(token).toBeTruthy()
    admin = await newPage(browser, server, watch, { width: 1366 })
    await admin.goto(`${server.url}/#/setup`)
    await admin.getByTestId('setup').waitFor()
    await admin.getByTestId('setup-token').fill(token!)
    await admin.getByTestId('setup-username').fill(ADMIN.username)
    await admin.getByTestId('setup-displayName').fill(ADMIN.displayName)
    await admin.getByTestId('setup-password').fill(ADMIN.password)
    await admin.getByTestId('setup-submit').click()
    // no second login: the shell with the administrator's name and menu
    await admin.getByTestId('user-button').waitFor()
    expect(await admin.getByTestId('user-button').innerText()).toContain(ADMIN.displayName)
    expect(new URL(admin.url()).hash).toBe('#/')
    expect(await admin.getByTestId('sign-in').count()).toBe(0)
    const nav = await navTexts(admin)
    expect(nav).toContain('账号管理')
    expect(nav).toContain('组织机构')
    await shot(admin, 'accounts-first-admin')
  })

  it('creates a village officer with the village chosen from the org', async () => {
    await admin.getByRole('link', { name: '账号管理' }).click()
    await admin.getByTestId('accounts').waitFor()
    // the administrator is listed with the role named by the org
    expect(await admin.getByTestId(`account-row-${ADMIN.username}`).innerText()).toContain(roleName('admin'))
    await admin.getByTestId('account-new').click()
    await admin.getByTestId('account-form').waitFor()
    await admin.getByTestId('account-username').fill(OFFICER.username)
    await admin.getByTestId('account-displayName').fill(OFFICER.displayName)
    await admin.getByTestId('account-password').fill(OFFICER.password)
    await select(admin, 'grants_0_role', roleName('village_officer'))
    // a village role asks for a village: saving without one is refused in words naming it
    await admin.getByTestId('account-save').click()
    await admin.getByText('请选择嘎查村（社区）').waitFor()
    // the village select offers exactly the org's villages
    await admin.locator('#grants_0_village').click()
    const offered = await admin
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title')))
    expect(offered).toEqual(org.villages.map((v) => v.name).slice(0, offered.length))
    await admin.keyboard.press('Escape')
    await select(admin, 'grants_0_village', V1)
    await shot(admin, 'accounts-create', false)
    await admin.getByTestId('account-save').click()
    const row = admin.getByTestId(`account-row-${OFFICER.username}`)
    await row.waitFor()
    expect(await row.innerText()).toContain(`${roleName('village_officer')} · ${V1}`)
    expect(await row.innerText()).toContain(OFFICER.displayName)
    // stored as chosen
    const stored = (await apiCall(server, ADMIN, 'GET', '/api/accounts')).body.items.find((a: { username: string }) => a.username === OFFICER.username)
    expect(stored.grants).toEqual([{ role: 'village_officer', scheme: 'galutu', village: V1 }])
    // search by village finds them, by another village not
    const search = admin.locator('input[data-testid="accounts-search"], [data-testid="accounts-search"] input').first()
    await search.fill(V1)
    await row.waitFor()
    await search.fill(V2)
    await row.waitFor({ state: 'detached' })
    await search.fill('')
    await row.waitFor()
    await shot(admin, 'accounts-list')
  })

  it('the village officer sees only their village’s work, no 账号管理, and 403 from the accounts API', async () => {
    // a town officer (made through the API as the administrator) registers a case in each village
    expect((await apiCall(server, ADMIN, 'POST', '/api/accounts', { ...TOWN, grants: [{ role: 'town_officer', scheme: 'galutu' }] })).status).toBe(201)
    for (const v of [V1, V2]) {
      const r = await apiCall(server, TOWN, 'POST', '/api/cases', {
        form: {
          petitionerName: `信访人${v}`,
          sex: '男',
          phone: '13800000000',
          channel: 'visit',
          summary: `${v}的事项`,
          receivedOn: TODAY,
          village: v,
          category: CATEGORY,
          level: 'village',
        },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      cases[v] = r.body.number
    }
    const vo = await signedInPage(OFFICER)
    const nav = await navTexts(vo)
    expect(nav).not.toContain('账号管理')
    expect(nav).not.toContain('组织机构')
    await vo.goto(`${server.url}/#/cases`)
    const table = vo.getByTestId('case-table')
    await table.getByText(cases[V1]!).waitFor()
    expect(await table.innerText()).not.toContain(cases[V2]!)
    // the screen itself refuses, and so does the server
    await vo.goto(`${server.url}/#/admin/accounts`)
    await vo.getByTestId('admin-no-access').waitFor()
    expect(await vo.evaluate(async () => (await fetch('/api/accounts')).status)).toBe(403)
    await vo.context().close()
  })

  it('a reset link works once and ends the officer’s sessions', async () => {
    const vo = await signedInPage(OFFICER)
    await admin.getByTestId(`account-reset-${OFFICER.username}`).click()
    await admin.getByTestId('reset-generate').click()
    const link = await admin.getByTestId('reset-link').inputValue()
    expect(link).toContain('#/reset?token=')
    await shot(admin, 'accounts-reset-link', false)
    await admin.getByTestId('reset-close').click()
    // the officer opens it in another browser
    const p = await newPage(browser, server, watch, { width: 390 })
    await p.goto(link)
    await p.getByTestId('reset-page').waitFor()
    await p.getByTestId('reset-for').waitFor()
    expect(await p.getByTestId('reset-for').innerText()).toContain(OFFICER.displayName)
    await p.getByTestId('reset-password').fill(NEW_PASSWORD)
    await p.getByTestId('reset-again').fill(NEW_PASSWORD)
    await p.getByTestId('reset-submit').click()
    await p.getByTestId('reset-done').waitFor()
    await shot(p, 'accounts-reset-done')
    // the session signed in before is over
    expect(await meStatus(vo)).toBe(401)
    await vo.context().close()
    await p.context().close()
    OFFICER.password = NEW_PASSWORD
    // the link again: refused in words
    const later = await newPage(browser, server, watch)
    await later.goto(link)
    await later.getByTestId('reset-error').waitFor()
    expect(await later.getByTestId('reset-error').innerText()).toContain('已使用或已过期')
    expect(await later.getByTestId('reset-submit').isDisabled()).toBe(true)
    await later.context().close()
    const again = await signedInPage(OFFICER)
    await again.context().close()
  })

  it('lists the officer’s sessions and ends one', async () => {
    const vo = await signedInPage(OFFICER)
    expect(await meStatus(vo)).toBe(200)
    await admin.getByTestId(`account-sessions-${OFFICER.username}`).click()
    const table = admin.getByTestId('sessions-table')
    await table.locator('tbody tr.ant-table-row').first().waitFor()
    const rows = table.locator('tbody tr.ant-table-row')
    expect(await rows.count()).toBeGreaterThanOrEqual(1)
    // the client in short (Chromium on Linux here) and the sign-in time in Asia/Shanghai
    expect(await rows.first().innerText()).toContain('Chrome')
    await shot(admin, 'accounts-sessions', false)
    const n = await rows.count()
    for (let i = 0; i < n; i++) {
      await rows.first().getByTestId('session-end').click()
      await admin.locator('[data-testid="confirm-end-session"]:visible').click()
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(n - i - 1)
    }
    expect(await meStatus(vo)).toBe(401)
    await admin.getByTestId('sessions-close').click()
    await vo.context().close()
  })

  it('disabling blocks sign-in; enabling lets them back', async () => {
    await admin.getByTestId(`account-disable-${OFFICER.username}`).click()
    await admin.locator('[data-testid="confirm-disable"]:visible').click()
    await admin.getByTestId(`account-enable-${OFFICER.username}`).waitFor()
    expect(await admin.getByTestId(`account-row-${OFFICER.username}`).innerText()).toContain('已停用')
    const p = await newPage(browser, server, watch)
    await p.goto(`${server.url}/`)
    await signIn(p, OFFICER.username, OFFICER.password)
    await p.getByTestId('login-error').waitFor()
    await admin.getByTestId(`account-enable-${OFFICER.username}`).click()
    await admin.getByTestId(`account-disable-${OFFICER.username}`).waitFor()
    await p.getByTestId('login-submit').click()
    await p.getByTestId('user-button').waitFor()
    await p.context().close()
  })

  it('组织机构 shows the groups, units, villages and roles of the definitions and who holds each role', async () => {
    await admin.getByRole('link', { name: '组织机构' }).click()
    await admin.getByTestId('org').waitFor()
    const groups = await admin.getByTestId('org-groups').innerText()
    for (const g of org.groups) {
      expect(groups).toContain(g.name)
      for (const u of g.units) expect(groups).toContain(org.units.find((x) => x.id === u)!.name)
    }
    const units = await admin.getByTestId('org-units').innerText()
    for (const u of org.units) expect(units).toContain(u.name)
    const villages = await admin.getByTestId('org-villages').innerText()
    for (const v of org.villages) expect(villages).toContain(v.name)
    // who holds which role, by display name (never a login name)
    const roles = admin.getByTestId('org-roles')
    for (const r of org.roles) expect(await roles.innerText()).toContain(r.name)
    expect(await admin.getByTestId('org-role-village_officer').innerText()).toContain(`${OFFICER.displayName} · ${V1}`)
    expect(await admin.getByTestId('org-role-town_officer').innerText()).toContain(TOWN.displayName)
    expect(await admin.getByTestId('org-role-admin').innerText()).toContain(ADMIN.displayName)
    expect(await admin.getByTestId('org-role-department_officer').innerText()).toContain('无')
    expect(await roles.innerText()).not.toContain(OFFICER.username)
    // the village's own people, on its row
    expect(await admin.getByTestId('org-villages').locator('tr', { hasText: V1 }).innerText()).toContain(OFFICER.displayName)
    // changes go through the designer, on this scheme
    expect(await admin.getByTestId('org-designer-link').getAttribute('href')).toBe('/designer/?scheme=galutu&file=org.json')
    await shot(admin, 'accounts-org')
    // in English: the area's words and the org's English names, no Chinese of the area left
    await admin.getByTestId('lang-button').click()
    await admin.getByRole('heading', { name: 'Organisation' }).waitFor()
    expect(await navTexts(admin)).toEqual(expect.arrayContaining(['Accounts', 'Organisation']))
    const enRoles = await admin.getByTestId('org-roles').innerText()
    for (const r of org.roles as Array<Named & { nameEn?: string }>) if (r.nameEn) expect(enRoles).toContain(r.nameEn)
    expect(enRoles).toContain('Whole town')
    await admin.getByRole('link', { name: 'Accounts' }).click()
    await admin.getByRole('heading', { name: 'Accounts' }).waitFor()
    const header = await admin.locator('.ant-table-thead').first().innerText()
    expect(header).not.toMatch(/[\u4e00-\u9fa5]/)
    await shot(admin, 'accounts-list-en')
    await admin.getByTestId('lang-button').click()
  })

  it('no request left the server and no page error', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
