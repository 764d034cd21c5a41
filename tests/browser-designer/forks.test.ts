/**
 * Forks in the designer, end to end (a real server in a child process on a temp copy of
 * definitions/, the built designer, Debian's chromium): the administrator forks galutu from the
 * designer's header as a new town; the new scheme opens, with an "up to date" upstream badge; an
 * upstream publish turns the badge into "upstream has changes"; the drawer explains the changes
 * and the merge plan, and merging puts only the upstream's changes into the fork's draft.
 *
 * Screenshots go to test-output/screenshots/designer-fork-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { open, settled, SHOTS, type Api, type Session } from './session'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
let s: Session
let page: Page
const call: Api = (method, url, body) => s.api(method, url, body)

/** Edit one file of a scheme's draft over HTTP and publish it (an upstream town's administrator at work). */
async function publishEdit(scheme: string, file: string, fn: (v: any) => void, note: string) {
  const d = await call('GET', `/api/designer/schemes/${scheme}/draft`)
  const f = (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === file)!
  const v = JSON.parse(f.text)
  fn(v)
  expect((await call('PUT', `/api/designer/schemes/${scheme}/draft/files/${file}`, { text: JSON.stringify(v, null, 2) + '\n' })).status).toBe(200)
  const p = await call('POST', `/api/designer/schemes/${scheme}/draft/publish`, { note })
  expect(p.status, JSON.stringify(p.body).slice(0, 300)).toBe(201)
}
const clockOf = (d: { clocks: Array<{ id: string; days: number }> }, id: string) => d.clocks.find((x) => x.id === id)!

async function shot(name: string) {
  await settled(page)
  await page.screenshot({ path: `${SHOTS}/designer-fork-${name}.png` })
}

describe.skipIf(!E2E)('forks in the designer', () => {
  beforeAll(async () => {
    s = await open({ viewport: { width: 1600, height: 950 } })
    page = s.page
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: `test-output/designer-fork-failed-${ctx.task.name.slice(0, 30).replace(/[^\w]+/g, '-')}.png` }).catch(() => {})
  })

  afterAll(async () => s?.close())

  it('lists only the schemes the administrator works in; galutu is not a fork', async () => {
    // admin holds grants without a scheme: the default scheme (galutu) only, not wulan.
    await page.getByTestId('scheme-select').click()
    const options = await page.locator('.ant-select-item-option').allInnerTexts()
    expect(options).toEqual(['嘎鲁图镇信访代办制'])
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('upstream-badge').count()).toBe(0)
  })

  it('forks galutu from the header: a bad id is refused at its field, then the new scheme opens', async () => {
    await page.getByTestId('fork-open').click()
    await page.getByTestId('fork-id').fill('Hai Lin')
    await page.getByTestId('fork-town').fill('海林镇')
    await page.getByTestId('fork-confirm').click()
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '方案标识' }).waitFor()
    await shot('refused')
    await page.getByTestId('fork-id').fill('hailin')
    await page.getByTestId('fork-confirm').click()
    await page.waitForURL((u) => u.search.includes('scheme=hailin'))
    await page.locator('.ant-message').getByText('已创建方案 海林镇信访代办制').waitFor()
    await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 60_000 })
    await expect.poll(() => page.getByTestId('scheme-select').innerText()).toContain('海林镇信访代办制')
    const badge = page.getByTestId('upstream-badge')
    await badge.waitFor()
    expect(await badge.getAttribute('data-state')).toBe('current')
    expect(await badge.innerText()).toContain('与上游一致')
    // Written as `daiban fork` writes it: the fork record beside the definitions.
    const record = JSON.parse(await readFile(path.join(s.server.defsDir, 'hailin/.daiban/upstream.json'), 'utf8'))
    expect(record).toMatchObject({ id: 'galutu', path: '../galutu' })
    expect(existsSync(path.join(s.server.defsDir, 'hailin/.daiban/base/scheme.json'))).toBe(true)
    // Usable at once: a case registers in it.
    const c = await call('POST', '/api/cases', {
      schemeId: 'hailin',
      form: {
        petitionerName: '海林甲',
        sex: '男',
        phone: '13800000000',
        village: '团结社区',
        channel: 'visit',
        summary: '养老保险待遇未发放',
        requests: '尽快发放',
        receivedOn: '2026-11-02',
        category: '养老及其他农村牧区社会保险',
        level: 'village',
      },
    })
    expect(c.status, JSON.stringify(c.body).slice(0, 300)).toBe(201)
    expect(c.body.number).toMatch(/^HAI-/)
    await shot('forked')
  })

  it('shows "upstream has changes" after galutu publishes, explains them and merges into the draft', async () => {
    // The fork keeps its own village limit; upstream then changes the town and the multi-department limits.
    await publishEdit(
      'hailin',
      'deadlines.json',
      (d) => {
        clockOf(d, 'handling_village').days = 3
      },
      '本镇村级时限',
    )
    await publishEdit(
      'galutu',
      'deadlines.json',
      (d) => {
        clockOf(d, 'handling_town').days = 10
        clockOf(d, 'handling_multi_department').days = 25
      },
      '上游调整时限',
    )
    // Coming back to the tab re-checks the upstream.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    const badge = page.locator('[data-testid="upstream-badge"][data-state="changes"]')
    await badge.waitFor({ timeout: 20_000 })
    expect(await badge.innerText()).toContain('上游有更新')
    await shot('badge')
    await badge.click()
    const drawer = page.getByTestId('upstream-drawer')
    await drawer.waitFor()
    const changes = await page.getByTestId('upstream-changes').innerText()
    expect(changes).toContain('镇级事项办理时限')
    expect(changes).toContain('25')
    expect(await page.getByTestId('plan-taken').innerText()).toContain('clocks[handling_town] › days：15 → 10')
    expect(await page.getByTestId('plan-conflicts').innerText()).toBe('无')
    await shot('drawer')
    await page.getByTestId('upstream-merge').click()
    await page.locator('.ant-message').getByText('已合并到草稿').waitFor()
    await page.locator('[data-testid="upstream-badge"][data-state="merged"]').waitFor()
    await expect.poll(() => page.getByTestId('draft-state').innerText()).toContain('草稿已修改')
    // Into the draft only: the village limit stays the fork's, upstream's limits come in, nothing published.
    const draft = await call('GET', '/api/designer/schemes/hailin/draft')
    const dl = JSON.parse(draft.body.files.find((f: { file: string }) => f.file === 'deadlines.json').text)
    expect([clockOf(dl, 'handling_village').days, clockOf(dl, 'handling_town').days, clockOf(dl, 'handling_multi_department').days]).toEqual([3, 10, 25])
    expect((await call('GET', '/api/schemes/hailin/versions')).body.items).toHaveLength(2)
    await shot('merged')
  })

  it('logged no errors in the page', () => {
    // The refused fork (a bad id: HTTP 422) is logged by the browser as a failed resource, once.
    expect(s.errors.filter((e) => /status of 422/.test(e))).toHaveLength(1)
    expect(s.errors.filter((e) => !/status of 422/.test(e))).toEqual([])
  })
})
