/**
 * Issue #17 in the designer, end to end (a real server in a child process on a temp copy of
 * definitions/, the built designer, Debian's chromium at 1366×768): the impact preview says that
 * publishing leaves running cases on their version; after publishing a shorter town-level time
 * limit, the publish dialog lists the running town case with its due date old → new, and the
 * recount is its own confirmed step — the case is then on the new version with the new date, the
 * village case untouched. The fork dialog names the version just published, and the deadline
 * calculator marks a due date in the provisional 2027 暂定.
 *
 * Screenshots: test-output/screenshots/designer-recount-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { open, settled, SHOTS, type Api, type Session } from './session'
import { writeJson } from '../../engine/scheme/json-edit'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
let s: Session
let page: Page
const call: Api = (method, url, body) => s.api(method, url, body)
const intake = (over: Record<string, unknown> = {}) => ({
  petitionerName: '张三',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇未发放',
  receivedOn: '2026-11-02',
  category: '养老及其他农村牧区社会保险',
  level: 'village',
  officer: '李四',
  ...over,
})
async function shot(name: string) {
  await settled(page)
  await page.screenshot({ path: `${SHOTS}/designer-recount-${name}.png` })
}

describe.skipIf(!E2E)('recount after publishing, in the designer', () => {
  const cases: Record<string, any> = {}

  beforeAll(async () => {
    // cases and the draft first: the designer opens on them
    s = await open({
      prepare: async ({ api }) => {
        for (const [k, over] of [
          ['town', { level: 'town', petitionerName: '赵六' }],
          ['village', {}],
        ] as const) {
          const c = await api('POST', '/api/cases', { form: intake(over) })
          expect(c.status, JSON.stringify(c.body).slice(0, 300)).toBe(201)
          cases[k] = c.body
        }
        expect(cases.town.summary.dueDate).toBe('2026-11-23')
        // The draft: the town-level limit 15 → 10 working days (as the time-limit editor writes it)
        const d = await api('GET', '/api/designer/schemes/galutu/draft')
        const f = (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === 'deadlines.json')!
        const v = JSON.parse(f.text)
        v.clocks.find((c: { id: string }) => c.id === 'handling_town').days = 10
        expect((await api('PUT', '/api/designer/schemes/galutu/draft/files/deadlines.json', { text: writeJson(f.text, v) })).status).toBe(200)
      },
    })
    page = s.page
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: `test-output/designer-recount-failed-${ctx.task.name.slice(0, 30).replace(/[^\w]+/g, '-')}.png` }).catch(() => {})
  })

  afterAll(async () => s?.close())

  it('the impact preview says running cases stay on their version; nothing to recount before publishing', async () => {
    await page.getByRole('menuitem', { name: '影响预览' }).click()
    await expect(page.locator('[data-testid="impact-stays"]').innerText()).resolves.toContain('发布新版本不会改动在办案件')
    await page.locator('[data-testid="impact-run"]').click()
    const table = page.locator('[data-testid="impact-cases"]')
    await table.waitFor({ timeout: 30_000 })
    expect(await table.innerText()).toContain(cases.town.number)
    await page.locator('[data-testid="recount-none"]').waitFor({ timeout: 30_000 })
    await shot('impact')
  })

  it('after publishing, lists the town case 2026-11-23 → 2026-11-16 and recounts it as its own step', async () => {
    await page.locator('[data-testid="publish-open"]').click()
    await page.locator('[data-testid="publish-note"]').fill('镇级事项办理时限由15个工作日调整为10个工作日')
    await page.locator('[data-testid="publish-confirm"]').click()
    const list = page.locator('.ant-modal [data-testid="recount-list"]')
    await list.waitFor({ timeout: 30_000 })
    const text = await list.innerText()
    expect(text).toContain(cases.town.number)
    expect(text).toContain('2026-11-23')
    expect(text).toContain('2026-11-16')
    expect(text).toContain('15 → 10 天')
    expect(text).not.toContain(cases.village.number)
    expect(await page.locator('.ant-modal').innerText()).toContain('新版本 1.0.1 已发布')
    await shot('after-publish')
    // published, not yet recounted: the case is still on 1.0.0 with its date
    expect((await call('GET', `/api/cases/${cases.town.id}`)).body.summary).toMatchObject({ schemeVersion: '1.0.0', dueDate: '2026-11-23' })

    await page.locator('[data-testid="recount-run"]').click()
    await page.locator('[data-testid="recount-confirm"]').click()
    await expect(page.locator('[data-testid="recount-result"]').innerText({ timeout: 30_000 })).resolves.toContain('已重算 1 件')
    await page.locator('.ant-modal [data-testid="recount-none"]').waitFor({ timeout: 30_000 })
    await shot('recounted')
    const after = (await call('GET', `/api/cases/${cases.town.id}`)).body
    expect(after.summary).toMatchObject({ schemeVersion: '1.0.1', dueDate: '2026-11-16' })
    expect(after.context.clocks.handling_town.days).toBe(10)
    expect((await call('GET', `/api/cases/${cases.village.id}`)).body.summary).toMatchObject({ schemeVersion: '1.0.0', dueDate: '2026-11-09' })

    await page.locator('[data-testid="publish-done"]').click()
    await page.getByText(/已发布版本 1\.0\.1/).waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="draft-state"]').getByText('与已发布版本一致').waitFor({ timeout: 30_000 })
  })

  it('the fork dialog names the version just published', async () => {
    await page.getByRole('menuitem', { name: '编辑' }).click()
    await page.locator('[data-testid="fork-open"]').click()
    const intro = page.locator('[data-testid="fork-intro"]')
    await expect.poll(() => intro.innerText(), { timeout: 20_000 }).toContain('1.0.1')
    expect(await intro.innerText()).not.toContain('1.0.0')
    await shot('fork')
    await page.locator('.ant-modal .ant-modal-close').click()
    await page.locator('.ant-modal').waitFor({ state: 'hidden' })
  })

  it('the deadline calculator marks a due date in the provisional 2027 暂定', async () => {
    await page.locator('.ant-tabs-tab', { hasText: '时限计算' }).click()
    const calc = page.locator('[data-testid="deadline-calc"]')
    await calc.waitFor()
    await calc.locator('.ant-picker input').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2026-12-28')
    await page.keyboard.press('Enter')
    await calc.locator('[data-testid="calc-due"]', { hasText: /^2027-/ }).waitFor({ timeout: 10_000 })
    await expect(calc.locator('[data-testid="calc-provisional"]').innerText()).resolves.toBe('暂定')
    await shot('deadline-provisional')
    await calc.locator('.ant-picker input').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2026-06-01')
    await page.keyboard.press('Enter')
    await calc.locator('[data-testid="calc-due"]', { hasText: /^2026-06/ }).waitFor({ timeout: 10_000 })
    expect(await calc.locator('[data-testid="calc-provisional"]').count()).toBe(0)
    expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([])
  })
})
