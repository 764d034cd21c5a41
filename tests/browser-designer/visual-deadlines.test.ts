/**
 * The time-limit table in the browser, as a town administrator who never opens the JSON: the
 * town-level limit (the clock the rules pick for a town-level matter, found by its Chinese name)
 * goes from 15 to 10 working days in the table. The draft on the server then differs from the
 * published file in that one value on one line, the JSON view shows the same text, and the row's
 * example and the deadline calculator count 10 working days on the draft's calendar.
 * Screenshot: test-output/screenshots/visual-deadlines.png (1366×768).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { open, settled, SHOTS, type Session } from './session'
import { decide, type ClockDefinition } from '../../engine'
import { loadGalutu } from '../helpers/scheme'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const FILE = 'deadlines.json'

let s: Session
let page: Page

const draftText = async (file: string): Promise<string> => (await s.draftFile(file)).text
/** The browser's local date (the row's example counts from it). */
const browserToday = () =>
  page.evaluate(() => {
    const d = new Date()
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  })

describe.skipIf(!E2E)('time limits, visually', () => {
  beforeAll(async () => {
    s = await open()
    page = s.page
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await page.screenshot({ path: `test-output/visual-deadlines-failed.png` }).catch(() => {})
  })

  afterAll(async () => s?.close())

  it('changes the town-level limit from 15 to 10 working days in the table: one value on one line', async () => {
    // the clock a town-level matter runs on, by the definitions' rules; the table shows it by name
    const scheme = await loadGalutu()
    const d = await decide(scheme, { receivedOn: '2026-11-02', level: 'town', category: '教育', channel: 'visit', village: '团结社区' })
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    const published = await readFile(`${s.server.defsDir}/galutu/${FILE}`, 'utf8')
    const town = (JSON.parse(published) as { clocks: ClockDefinition[] }).clocks.find((c) => c.id === d.decision.clock)!
    expect([town.days, town.unit]).toEqual([15, 'workday'])

    await page.locator(`[data-testid="file-list"] [data-file="${FILE}"]`).click()
    const editor = page.locator(`[data-testid="visual-editor"][data-kind="deadlines"]`)
    await editor.locator('[data-testid="clocks-editor"]').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('view-mode').locator('.ant-segmented-item-selected').innerText()).toBe('可视化')

    const rows = editor.locator('[data-testid="clock-row"]')
    const names = await rows.locator('input[data-testid="clock-name"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    const at = names.indexOf(town.name)
    expect(at, `a row named ${town.name} in ${names.join(', ')}`).toBeGreaterThanOrEqual(0)
    const row = rows.nth(at)
    const days = row.locator('[data-testid="clock-days"] input').or(row.locator('input[data-testid="clock-days"]')).first()
    expect(await days.inputValue()).toBe('15')
    await days.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('10', { delay: 60 })
    await page.keyboard.press('Tab')

    // saved to the server draft: the published text with that one value changed, on its line
    await expect.poll(async () => (await draftText(FILE)) !== published, { timeout: 20_000 }).toBe(true)
    await page.locator('[data-testid="saved"]').waitFor({ timeout: 20_000 })
    const text = await draftText(FILE)
    const before = published.split('\n')
    const after = text.split('\n')
    expect(after.length).toBe(before.length)
    const changed = after.map((l, i) => [before[i]!, l] as const).filter(([a, b]) => a !== b)
    expect(changed).toHaveLength(1)
    expect(changed[0]![0]).toContain(`"name": "${town.name}"`)
    expect(changed[0]![1]).toBe(changed[0]![0].replace('"days": 15,', '"days": 10,'))
    expect(JSON.parse(text)).toEqual({
      ...JSON.parse(published),
      clocks: (JSON.parse(published) as { clocks: ClockDefinition[] }).clocks.map((c) => (c.id === town.id ? { ...c, days: 10 } : c)),
    })

    // what the administrator sees: the row's example on the draft's calendar …
    const today = await browserToday()
    const due = scheme.calendar.addWorkdays(today, 10)
    await expect.poll(() => row.locator('[data-testid="clock-example"]').getAttribute('data-due'), { timeout: 15_000 }).toBe(due)
    expect(await row.locator('[data-testid="clock-example"]').innerText()).toBe(`例：今日登记并甄别受理 → ${due} 到期`)
    // … and the deadline calculator beside it, on the same clock
    await page.locator('.ant-tabs-tab', { hasText: '时限计算' }).click()
    const calc = page.locator('[data-testid="deadline-calc"]')
    await calc.waitFor()
    await calc.locator('.ant-select', { hasText: '按时限带入' }).click()
    await page.locator('.ant-select-item-option', { hasText: `${town.name}（10` }).click()
    await expect.poll(async () => (await calc.locator('[data-testid="calc-due"]').innerText()).trim(), { timeout: 10_000 }).toBe(due)

    // the row open on its steps, for the picture
    await row.locator('.ant-table-row-expand-icon').click()
    await editor.locator('[data-testid="clock-details"]').first().waitFor()
    expect(await editor.locator('[data-testid="clock-details"]').first().locator('[data-testid="clock-start-events"]').innerText()).toContain('登记并甄别受理')
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-deadlines.png` })

    // the JSON view shows exactly what was written
    await page.getByTestId('mode-json').click()
    await page.waitForFunction(() => !!(window as any).__daibanEditor?.getModel()?.uri.toString().endsWith('/deadlines.json'), undefined, { timeout: 30_000 })
    expect(await page.evaluate(() => (window as any).__daibanEditor.getModel().getValue())).toBe(text)
    expect(s.errors).toEqual([])
  })
})
