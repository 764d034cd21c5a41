/**
 * The holiday calendar in the browser, as a town administrator who never opens the JSON: the
 * definitions' provisional year (2027 when written: statutory days only, 暂定) is replaced by
 * pasting the State Council's notice. The 2027 notice was not available when this was written, so
 * the text is tests/cases/calendar-notices/2027-example.txt, a realistic notice written by the 2025
 * principles on 2027's dates (see cases.json). A broken copy (2月30日) is refused with its line and
 * nothing is written; the real paste is shown for confirmation, then the draft holds exactly the
 * parsed days (no longer provisional) and the year view marks them.
 * Screenshots (1366×768): test-output/screenshots/visual-calendar.png, visual-calendar-notice.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { open, settled, SHOTS, type Session } from './session'
import { parseHolidayNotice } from '../../engine/calendar/notice'
import { noticeOptions, withNotice, yearsOf, type CalendarDoc } from '../../designer/src/visual/calendar/model'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const FILE = 'calendar.json'

let s: Session
let page: Page

const draftText = async (file: string): Promise<string> => (await s.draftFile(file)).text

describe.skipIf(!E2E)('the holiday calendar, visually', () => {
  beforeAll(async () => {
    s = await open()
    page = s.page
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await page.screenshot({ path: `test-output/visual-calendar-failed.png` }).catch(() => {})
  })

  afterAll(async () => s?.close())

  it('replaces the provisional year by pasting the notice: refused on a bad line, then written as parsed', async () => {
    const published = await readFile(`${s.server.defsDir}/galutu/${FILE}`, 'utf8')
    const doc = JSON.parse(published) as CalendarDoc
    const year = yearsOf(doc).find((y) => doc.years[y]!.provisional)
    expect(year, 'the definitions have a provisional year to replace').toBeDefined()
    const noticeText = await readFile('tests/cases/calendar-notices/2027-example.txt', 'utf8')
    expect(noticeText).toContain(`关于${year}年部分节假日安排的通知`)

    await page.locator(`[data-testid="file-list"] [data-file="${FILE}"]`).click()
    const editor = page.locator(`[data-testid="visual-editor"][data-kind="calendar"]`)
    await editor.locator('[data-testid="calendar-editor"]').waitFor({ timeout: 30_000 })
    // it opens on the provisional year, which says so
    expect(await editor.locator('[data-testid="year-view"]').getAttribute('data-year')).toBe(year)
    expect(await editor.locator(`[data-testid="year-tab"][data-year="${year}"]`).innerText()).toContain('暂定')
    await editor.locator('[data-testid="year-provisional"]').waitFor()

    // a copy with an impossible date: refused with its line, nothing written
    await editor.getByTestId('year-replace').click()
    const box = page.getByTestId('notice-text')
    await box.fill(noticeText.replace('2月20日（周六）上班', '2月30日（周六）上班'))
    await expect.poll(() => page.getByTestId('notice-errors').innerText()).toContain('第5行：2月30日不存在')
    expect(await page.getByTestId('notice-confirm').isDisabled()).toBe(true)

    // the notice as it is: shown for confirmation
    await box.fill(noticeText)
    const n = parseHolidayNotice(noticeText, noticeOptions(doc, Number(year)))
    expect(n.errors).toEqual([])
    await expect
      .poll(() => page.getByTestId('notice-summary').innerText())
      .toBe(`将写入 ${year} 年：${n.holidays.length} 个放假日、${n.workdays.length} 个调休上班日`)
    expect(await page.getByTestId('notice-preview').innerText()).toContain(`替换 ${year} 年的暂定安排`)
    expect(await page.getByTestId('notice-items').innerText()).toContain('2月5日–13日')
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-calendar-notice.png` })
    expect(await draftText(FILE)).toBe(published)
    await page.getByTestId('notice-confirm').click()

    // the draft holds exactly the parsed days, in the file's shape, no longer provisional; other years untouched
    await expect.poll(async () => (await draftText(FILE)) !== published, { timeout: 20_000 }).toBe(true)
    await page.locator('[data-testid="saved"]').waitFor({ timeout: 20_000 })
    const text = await draftText(FILE)
    const written = JSON.parse(text) as CalendarDoc
    expect(written).toEqual(withNotice(doc, n))
    expect(written.years[year!]).toEqual({ source: `国务院办公厅关于${year}年部分节假日安排的通知（2026-11-10）`, holidays: n.holidays, workdays: n.workdays })
    for (const y of yearsOf(doc).filter((x) => x !== year)) expect(written.years[y]).toEqual(doc.years[y])
    // the unchanged years keep their text, line for line
    expect(text.slice(0, text.indexOf(`"${year}": {`))).toBe(published.slice(0, published.indexOf(`"${year}": {`)))
    await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 30_000 })

    // what the administrator sees: the year view marks the notice's days, the 暂定 mark is gone
    const festival = n.holidays.find((d) => d.date === `${year}-02-09`)!
    const day = editor.locator(`[data-testid="cal-day"][data-date="${festival.date}"]`)
    expect(await day.getAttribute('data-kind')).toBe('holiday')
    expect(await editor.locator(`[data-testid="cal-day"][data-date="${year}-02-20"]`).getAttribute('data-kind')).toBe('makeup')
    expect(await editor.locator('[data-testid="year-view"] [data-kind="holiday"]').count()).toBe(n.holidays.length)
    expect(await editor.locator('[data-testid="year-view"] [data-kind="makeup"]').count()).toBe(n.workdays.length)
    expect(await editor.locator(`[data-testid="year-tab"][data-year="${year}"]`).innerText()).not.toContain('暂定')
    expect(await editor.locator('[data-testid="year-provisional"]').count()).toBe(0)
    await day.hover()
    await expect.poll(() => page.locator('.ant-tooltip').last().innerText()).toContain(`${festival.date} 周二 · ${festival.name}`)
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-calendar.png` })

    // the JSON view shows exactly what was written
    await page.mouse.move(5, 700)
    await page.getByTestId('mode-json').click()
    await page.waitForFunction(() => !!(window as any).__daibanEditor?.getModel()?.uri.toString().endsWith('/calendar.json'), undefined, { timeout: 30_000 })
    expect(await page.evaluate(() => (window as any).__daibanEditor.getModel().getValue())).toBe(text)
    expect(s.errors).toEqual([])
  })
})
