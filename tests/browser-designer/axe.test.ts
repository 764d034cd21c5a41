/**
 * Accessibility of every designer screen, checked by axe-core (issue #19): the file list, each
 * visual editor, the JSON-only files, the JSON editor (Monaco), each preview, impact and versions,
 * the publish dialog, the fork dialog, a fork with its upstream badge and the upstream drawer, and
 * the file list in English. Any critical or serious violation fails its screen, with the failing
 * elements in the message; each screen's violations go to test-output/axe-designer.json.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { open, settled, type Session } from './session'
import { axeViolations, formatViolations, type AxeViolation } from './axe'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
let s: Session
let page: Page
const counts: Record<string, { violations: number; nodes: number; rules: string[]; detail: AxeViolation[] }> = {}

async function check(screen: string, opts: { exclude?: string[] } = {}) {
  await settled(page)
  const vs: AxeViolation[] = await axeViolations(page, opts)
  counts[screen] = { violations: vs.length, nodes: vs.reduce((n, v) => n + v.nodes.length, 0), rules: vs.map((v) => `${v.impact}:${v.id}`), detail: vs }
  expect(vs, `${screen}: critical or serious axe violations:\n${formatViolations(vs)}`).toEqual([])
}
async function openFile(file: string) {
  await page.locator(`[data-testid="file-list"] [data-file="${file}"]`).click()
}
async function openVisual(file: string) {
  await openFile(file)
  const mode = page.getByTestId('mode-visual')
  if (await mode.count()) await mode.click()
  await page.locator(`[data-testid="visual-editor"][data-file="${file}"]`).waitFor()
  // the lazy editor has painted (its Suspense spinner is gone; a table's idle spinner is not spinning)
  await page.locator(`[data-testid="visual-editor"][data-file="${file}"] .ant-spin-spinning`).first().waitFor({ state: 'detached', timeout: 60_000 })
}
async function previewTab(name: string) {
  await page.locator('[data-testid="preview"]').locator('xpath=..').getByRole('tab', { name }).click()
}

/** The visual editors by file, the kinds the designer has one for (designer/src/visual/index.ts). */
const VISUAL_FILES = ['forms-intake.json', 'forms-handling.json', 'rules.json', 'deadlines.json', 'calendar.json', 'org.json', 'scoring.json', 'workflow.json']

describe.skipIf(!E2E)('the designer passes axe (no critical or serious violation)', () => {
  beforeAll(async () => {
    s = await open({ viewport: { width: 1366, height: 768 } })
    page = s.page
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: `test-output/designer-axe-failed-${ctx.task.name.slice(0, 30).replace(/[^\w]+/g, '-')}.png` }).catch(() => {})
  })
  afterAll(async () => {
    await mkdir('test-output', { recursive: true })
    await writeFile('test-output/axe-designer.json', JSON.stringify(counts, null, 2) + '\n')
    await s?.close()
  })

  it('the file list (the first file open)', async () => {
    await page.getByTestId('visual-editor').waitFor()
    await check('file list')
  })

  for (const file of VISUAL_FILES) {
    it(`the visual editor of ${file}`, async () => {
      await openVisual(file)
      await check(`visual ${file}`)
    })
  }

  it('a file without a visual editor (scheme.json, in the JSON editor)', async () => {
    await openFile('scheme.json')
    await page.locator('[data-testid="editor"] .monaco-editor').waitFor({ timeout: 60_000 })
    await check('json scheme.json')
  })

  it('the JSON editor of a file that has a visual one', async () => {
    await openFile('workflow.json')
    await page.getByTestId('mode-json').click()
    await page.locator('[data-testid="editor"] .monaco-editor').waitFor({ timeout: 60_000 })
    await check('json workflow.json')
    await page.getByTestId('mode-visual').click()
  })

  for (const [tab, name] of [
    ['form', '表单预览'],
    ['rules', '规则测试'],
    ['workflow', '流程图'],
    ['deadline', '时限计算'],
    ['scoring', '考核模拟'],
  ] as const) {
    it(`the ${tab} preview`, async () => {
      await previewTab(name)
      await page
        .locator('[data-testid="preview"] .ant-spin')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => {})
      await check(`preview ${tab}`)
    })
  }

  it('the impact view', async () => {
    await page.getByRole('menuitem', { name: '影响预览' }).click()
    await page
      .locator('.ant-spin-spinning')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {})
    await check('impact')
  })

  it('the versions view', async () => {
    await page.getByRole('menuitem', { name: '版本历史' }).click()
    await page.locator('.ant-table').first().waitFor()
    await check('versions')
    await page.getByRole('menuitem', { name: '编辑' }).click()
  })

  it('the publish dialog', async () => {
    await page.getByTestId('publish-open').click()
    await page.locator('.ant-modal').waitFor()
    await page
      .locator('.ant-modal .ant-spin-spinning')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {})
    try {
      await check('publish dialog')
    } finally {
      // closed whatever the check found, so the next screens are not behind it
      await page.locator('.ant-modal .ant-modal-close').click()
      await page.locator('.ant-modal').waitFor({ state: 'detached' })
    }
  })

  it('the fork dialog', async () => {
    await page.getByTestId('fork-open').click()
    await page.getByTestId('fork-id').waitFor()
    await page.getByTestId('fork-intro').filter({ hasText: /\d/ }).waitFor()
    await check('fork dialog')
  })

  it('a fork: the new scheme with its upstream badge', async () => {
    await page.getByTestId('fork-id').fill('axelin')
    await page.getByTestId('fork-town').fill('无障碍镇')
    await page.getByTestId('fork-confirm').click()
    await page.waitForURL((u) => u.search.includes('scheme=axelin'))
    await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 60_000 })
    await page.locator('[data-testid="upstream-badge"][data-state="current"]').waitFor()
    // the success message fades; it is not what is checked here
    await page
      .locator('.ant-message-notice')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {})
    await check('fork upstream badge')
  })

  it('the upstream drawer', async () => {
    const d = await s.api('GET', '/api/designer/schemes/galutu/draft')
    const f = (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === 'deadlines.json')!
    const v = JSON.parse(f.text)
    v.clocks[0].days += 1
    expect((await s.api('PUT', '/api/designer/schemes/galutu/draft/files/deadlines.json', { text: JSON.stringify(v, null, 2) + '\n' })).status).toBe(200)
    expect((await s.api('POST', '/api/designer/schemes/galutu/draft/publish', { note: 'axe' })).status).toBe(201)
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    const badge = page.locator('[data-testid="upstream-badge"][data-state="changes"]')
    await badge.waitFor({ timeout: 20_000 })
    await badge.click()
    await page.getByTestId('upstream-drawer').waitFor()
    await page.getByTestId('upstream-changes').waitFor()
    try {
      await check('upstream drawer')
    } finally {
      await page.locator('.ant-drawer .ant-drawer-close').first().click()
      await page.locator('.ant-drawer-content-wrapper').first().waitFor({ state: 'hidden' })
    }
  })

  it('the file list in English', async () => {
    await page.getByTestId('lang-switch').click()
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor()
    await check('file list (en)')
  })

  it('logged no errors in the page', () => {
    expect(s.errors).toEqual([])
  })
})
