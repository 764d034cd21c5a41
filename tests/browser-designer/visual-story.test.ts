/**
 * Issue #17's story, as a town official with no JSON, in headless chromium at 1366×768:
 * an "old" town-level case exists → in the designer's visual editors only: a required 民族 field
 * (a list of options) on the intake form, a category moved to another task group, the town-level
 * limit 15 → 10 working days, next year's holidays pasted from the State Council's notice, a
 * scoring item's points and a grade band → after each step the draft holds exactly what was done
 * (every file compared with its expected document) → published with a note (the recount step lists
 * the old case; it is not recounted) → the staff app's intake form shows 民族 required with its
 * options, a new case is routed to the new group with a due date of 10 working days on the new
 * calendar (expected from the engine on the published definitions), the yearly assessment scores
 * the new points and band, the old case keeps its version and due date → rolled back to the first
 * version in 版本历史, a new case follows the original rules again.
 * Screenshots: test-output/screenshots/story-<kind>.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { changedLeaves, open, SHOTS, type Session } from './session'
import { apiCall } from '../browser/helpers'
import { decide, type CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { parseHolidayNotice } from '../../engine/calendar/notice'
import { noticeOptions, withNotice, yearsOf, type CalendarDoc } from '../../designer/src/visual/calendar/model'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const OPTIONS = ['汉族', '蒙古族', '回族', '其他']

/** A valid intake (designer.test.ts's), town-level. */
const intake = (over: Record<string, unknown> = {}) => ({
  petitionerName: '张三',
  sex: '男',
  phone: '13800000000',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇未发放',
  requests: '尽快发放',
  receivedOn: '2026-11-02',
  category: '教育',
  level: 'town',
  officer: '李四',
  ...over,
})
/** The grade of a total under these bands: the first whose minimum it reaches. */
const gradeOf = (grades: any[], total: number): string => grades.find((g) => g.min === null || total >= g.min).name
const numberIn = (scope: Locator, testId: string) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
async function pickOption(page: Page, select: Locator, text: string) {
  await select.click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click()
}
const shift = (date: string, days: number) => new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10)

async function load(dir: string): Promise<CompiledScheme> {
  const r = await loadSchemeDir(dir)
  if (!r.scheme) throw new Error(`${dir} does not load: ${JSON.stringify(r.problems.slice(0, 5))}`)
  return r.scheme
}
async function decided(scheme: CompiledScheme, facts: Record<string, unknown>) {
  const d = await decide(scheme, facts)
  if (!d.ok) throw new Error(JSON.stringify(d.problems))
  return d.decision
}

describe.skipIf(!E2E)('the issue #17 story: a town official changes the scheme without JSON', () => {
  let s: Session
  let page: Page
  const api = (method: string, url: string, body?: unknown) => s.api(method, url, body)
  /** The published files as they were, parsed, by file name; and what the draft should hold now. */
  const original: Record<string, any> = {}
  const expected: Record<string, any> = {}
  let originalScheme: CompiledScheme
  // facts from the definitions
  let intakeForm: any, routing: any, from: any, to: any, moved: string, townClock: any, townIndex: number
  let sc: any, section: number, itemIx: number, item: any, pass: number
  let notice: ReturnType<typeof parseHolidayNotice>, noticeText: string, year: string
  /** The received date of the story's cases: six days before the notice's first make-up workday (10 working days span it). */
  let received: string
  const village = '团结社区'
  let oldCase: any
  let before: { total: number; grade: string; value: number }
  let newMin: number
  let fieldId = ''
  let v1: any

  /** The yearly assessment of `village` (the staff app's 年汇总): its total, grade and the changed item's points. */
  const yearly = async () => {
    const r = await api('GET', `/api/reports/galutu/yearly?year=2026`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const v = r.body.annual.details.find((d: any) => d.village === village)
    expect(v, `${village} in the yearly assessment`).toBeTruthy()
    return { total: v.result.total as number, grade: v.result.grade as string, value: v.result.items.find((i: any) => i.id === item.id).value as number }
  }

  /** Every file of the draft on the server equals what the story expects (the changed leaves first: readable failures). */
  const draftHolds = async () => {
    const files = async () =>
      ((await s.get('/api/designer/schemes/galutu/draft')).files as Array<{ file: string; text: string }>).map((f) => ({
        file: f.file,
        doc: JSON.parse(f.text),
      }))
    const leaves = async () =>
      Object.fromEntries((await files()).map((f) => [f.file, changedLeaves(original[f.file], f.doc).sort()]).filter(([, l]) => l!.length))
    const want = Object.fromEntries(
      Object.keys(original)
        .map((f) => [f, changedLeaves(original[f], expected[f]).sort()])
        .filter(([, l]) => l!.length),
    )
    await expect.poll(leaves, { timeout: 40_000 }).toEqual(want)
    for (const f of await files()) expect(f.doc, f.file).toEqual(expected[f.file])
  }

  beforeAll(async () => {
    s = await open()
    page = s.page
    const dir = path.join(s.server.defsDir, 'galutu')
    for (const f of (await readdir(dir)).filter((x) => x.endsWith('.json'))) {
      original[f] = JSON.parse(await readFile(path.join(dir, f), 'utf8'))
      expected[f] = structuredClone(original[f])
    }
    originalScheme = await load(dir)
    intakeForm = original['forms-intake.json'].forms[0]
    routing = original['rules.json'].ruleSets.find((r: any) => r.produces === 'group')
    ;[from, to] = original['org.json'].groups
    moved = from.categories[0]
    const town = await decided(originalScheme, intake())
    townIndex = original['deadlines.json'].clocks.findIndex((c: any) => c.id === town.clock)
    townClock = original['deadlines.json'].clocks[townIndex]
    expect([townClock.days, townClock.unit]).toEqual([15, 'workday'])
    sc = original['scoring.json'].scorings[0]
    section = sc.sections.findIndex((x: any) => x.items.some((it: any) => it.formula?.if))
    itemIx = sc.sections[section].items.findIndex((it: any) => it.formula?.if)
    item = sc.sections[section].items[itemIx]
    pass = sc.grades.findIndex((g: any) => g.name === '合格')
    const cal = original['calendar.json'] as CalendarDoc
    year = yearsOf(cal).find((y) => cal.years[y]!.provisional)!
    expect(year, 'the definitions have a provisional year').toBeDefined()
    noticeText = await readFile('tests/cases/calendar-notices/2027-example.txt', 'utf8')
    notice = parseHolidayNotice(noticeText, noticeOptions(cal, Number(year)))
    expect(notice.errors).toEqual([])
    received = shift(notice.workdays[0]!.date, -6)
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await page.screenshot({ path: 'test-output/visual-story-failed.png' }).catch(() => {})
  })
  afterAll(async () => s?.close())

  it('before any change: an old town-level case and the yearly assessment', async () => {
    const r = await api('POST', '/api/cases', { form: intake({ receivedOn: received }) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    oldCase = r.body
    expect(oldCase.summary.schemeVersion).toBe(original['scheme.json'].version)
    expect(oldCase.summary.dueDate).toBe((await decided(originalScheme, intake({ receivedOn: received }))).dueDate)
    expect(oldCase.summary.dueDate).toBe(originalScheme.calendar.addWorkdays(received, 15))
    // the yes/no item the story reweights, entered for one village by an assessor
    const assessor = { username: 'story_assessor', password: 'story-assessor-2026!' }
    expect((await api('POST', '/api/accounts', { ...assessor, displayName: '考核员', grants: [{ role: 'assessor' }] })).status).toBe(201)
    const e = await apiCall(s.server, assessor, 'POST', '/api/assessment/galutu/entries', {
      village,
      item: item.formula.if[0].var,
      value: true,
      date: '2026-12-01',
      note: '队伍稳定，职责已明确（考核组核实）',
    })
    expect(e.status, JSON.stringify(e.body)).toBe(201)
    before = await yearly()
    expect(before.value).toBe(item.max)
    expect(before.grade).toBe(gradeOf(sc.grades, before.total))
  })

  it('forms: a required 民族 with a list of options on the intake form', async () => {
    await page.locator('[data-testid="file-list"] [data-file="forms-intake.json"]').click()
    const builder = page.locator('[data-testid="visual-editor"][data-kind="forms"]').getByTestId('form-builder')
    await builder.waitFor({ timeout: 60_000 })
    expect(await builder.getAttribute('data-form')).toBe(intakeForm.id)
    const rows = () => builder.getByTestId('fb-field').evaluateAll((els) => els.map((e) => e.getAttribute('data-field') ?? ''))
    const known = await rows()
    await builder.getByTestId('fb-add').click()
    await expect.poll(async () => (fieldId = (await rows()).find((x) => !known.includes(x)) ?? ''), { timeout: 30_000 }).not.toBe('')
    const ed = builder.locator(`[data-testid="fb-field-editor"][data-field="${fieldId}"]`)
    await ed.waitFor({ timeout: 30_000 })
    await ed.getByTestId('fb-title').fill('民族')
    await pickOption(page, ed.getByTestId('fb-type'), '单选（列表）')
    await ed.getByTestId('fb-option-value').first().fill(OPTIONS[0]!)
    for (const o of OPTIONS.slice(1)) {
      await ed.getByTestId('fb-option-add').click()
      await ed.getByTestId('fb-option-value').last().fill(o)
    }
    await ed.getByTestId('fb-required').check()
    await expect.poll(() => builder.locator(`[data-testid="fb-field"][data-field="${fieldId}"]`).getByTestId('fb-required-mark').count()).toBe(1)
    const label = page.getByTestId('form-preview').locator(`label[for="root_${fieldId}"]`)
    await label.waitFor({ timeout: 30_000 })
    await label.scrollIntoViewIfNeeded()
    await ed.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/story-forms.png` })

    const f = expected['forms-intake.json'].forms[0]
    f.schema.properties[fieldId] = { type: 'string', title: '民族', enum: OPTIONS }
    f.schema.required.push(fieldId)
    f.uiSchema['ui:order'].push(fieldId)
    await draftHolds()
  })

  it('rules: a category moved to another task group in the routing grid', async () => {
    await page.locator('[data-testid="file-list"] [data-file="rules.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="rules"]')
    await editor.getByTestId('rules-editor').waitFor({ timeout: 60_000 })
    await editor.getByTestId(`ruleset-tab-${routing.id}`).click()
    const grid = editor.getByTestId(`routing-grid-${routing.id}`)
    await grid.waitFor()
    expect(await grid.getByTestId(`route-cell-${moved}-${from.id}`).getAttribute('data-on')).toBe('1')
    await pickOption(page, grid.getByTestId(`route-select-${moved}`), to.name)
    await expect.poll(() => grid.getByTestId(`route-cell-${moved}-${to.id}`).getAttribute('data-on'), { timeout: 30_000 }).toBe('1')
    expect(await grid.getByTestId(`route-cell-${moved}-${from.id}`).getAttribute('data-on')).toBe('0')
    await grid.getByTestId(`route-row-${moved}`).scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/story-rules.png` })

    // galutu routes by the org's group lists: the category leaves one list for the other, in org.json only
    const g = expected['org.json'].groups
    g[0].categories = g[0].categories.filter((c: string) => c !== moved)
    g[1].categories.push(moved)
    await draftHolds()
  })

  it('deadlines: the town-level limit from 15 to 10 working days', async () => {
    await page.locator('[data-testid="file-list"] [data-file="deadlines.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="deadlines"]')
    await editor.getByTestId('clocks-editor').waitFor({ timeout: 60_000 })
    const rows = editor.getByTestId('clock-row')
    const names = await rows.locator('input[data-testid="clock-name"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    const row = rows.nth(names.indexOf(townClock.name))
    const days = row.locator('[data-testid="clock-days"] input').or(row.locator('input[data-testid="clock-days"]')).first()
    expect(await days.inputValue()).toBe('15')
    await days.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('10', { delay: 60 })
    await page.keyboard.press('Tab')
    await expect.poll(() => row.getByTestId('clock-example').innerText(), { timeout: 30_000 }).toContain('到期')
    await page.screenshot({ path: `${SHOTS}/story-deadlines.png` })

    expected['deadlines.json'].clocks[townIndex].days = 10
    await draftHolds()
  })

  it(`calendar: next year's holidays by pasting the State Council's notice`, async () => {
    await page.locator('[data-testid="file-list"] [data-file="calendar.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="calendar"]')
    await editor.getByTestId('calendar-editor').waitFor({ timeout: 60_000 })
    expect(await editor.getByTestId('year-view').getAttribute('data-year')).toBe(year)
    await editor.getByTestId('year-replace').click()
    await page.getByTestId('notice-text').fill(noticeText)
    await expect
      .poll(() => page.getByTestId('notice-summary').innerText(), { timeout: 30_000 })
      .toBe(`将写入 ${year} 年：${notice.holidays.length} 个放假日、${notice.workdays.length} 个调休上班日`)
    await page.getByTestId('notice-confirm').click()
    await expect
      .poll(() => editor.locator(`[data-testid="cal-day"][data-date="${notice.workdays[0]!.date}"]`).getAttribute('data-kind'), { timeout: 30_000 })
      .toBe('makeup')
    await page.screenshot({ path: `${SHOTS}/story-calendar.png` })

    expected['calendar.json'] = withNotice(original['calendar.json'], notice)
    await draftHolds()
  })

  it("scoring: an item's points and the 合格 band", async () => {
    await page.locator('[data-testid="file-list"] [data-file="scoring.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="scoring"] [data-testid="scorecard"]')
    await editor.waitFor({ timeout: 60_000 })
    const points = item.max + 2
    const row = editor.getByTestId(`item-${item.id}`)
    await numberIn(row, 'item-max').fill(String(points))
    await expect.poll(() => row.getByTestId('readable').innerText(), { timeout: 30_000 }).toContain(`是得 ${points} 分`)
    // the band moves across the village's new total, so its grade changes: up to 合格 when it failed, else down
    const total = before.total + 2
    newMin = total < sc.grades[pass].min ? Math.floor(total) : Math.floor(total) + 1
    await numberIn(editor.getByTestId(`grade-${pass}`), 'grade-min').fill(String(newMin))
    await page.keyboard.press('Tab')
    await row.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/story-scoring.png` })

    const e = expected['scoring.json'].scorings[0]
    e.sections[section].items[itemIx] = { ...item, max: points, formula: { if: [item.formula.if[0], points, 0] } }
    e.grades[pass].min = newMin
    await draftHolds()
  })

  it('publishes through the dialog with a note; the recount step lists the old case, which is not recounted', async () => {
    await page.locator('[data-testid="saved"]').waitFor({ timeout: 30_000 })
    await page.getByTestId('publish-open').click()
    await page.locator('.ant-modal [data-testid="impact-summary"]').waitFor({ timeout: 60_000 })
    await page.getByTestId('publish-note').fill('登记增加民族；调整分流；镇级时限15→10个工作日；录入2027年节假日；调整考核分值与等次')
    await page.screenshot({ path: `${SHOTS}/story-publish.png` })
    await page.getByTestId('publish-confirm').click()
    const list = page.getByTestId('recount-list')
    await list.waitFor({ timeout: 60_000 })
    const oldRow = list.locator('tr', { hasText: oldCase.number })
    expect(await oldRow.getByTestId('recount-due').innerText()).toContain(oldCase.summary.dueDate)
    await page.screenshot({ path: `${SHOTS}/story-recount.png` })
    await page.getByTestId('publish-done').click()
    await page.locator('[data-testid="draft-state"]').getByText('与已发布版本一致').waitFor({ timeout: 30_000 })
    const versions = (await s.get('/api/schemes/galutu/versions')).items
    expect(versions).toHaveLength(2)
    v1 = versions[1]
    expect(await readFile(path.join(s.server.defsDir, 'galutu/deadlines.json'), 'utf8')).toContain('"days": 10,')
  })

  it('each change takes effect in the staff app and the API; the old case keeps its version and due date', async () => {
    const published = await load(path.join(s.server.defsDir, 'galutu'))
    expect(published.manifest.version).toBe(v1.version)

    // the staff app's intake form: 民族 with its * mark and its options
    await page.goto(`${s.server.url}/#/register`)
    const input = page.locator(`#${intakeForm.id}_${fieldId}`)
    await input.waitFor({ timeout: 60_000 })
    const label = page.locator(`label[for="${intakeForm.id}_${fieldId}"]`)
    expect(await label.innerText()).toBe('民族')
    expect(await label.evaluate((el) => el.classList.contains('ant-form-item-required') && getComputedStyle(el, '::before').content.includes('*'))).toBe(true)
    await input.click()
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option')
    await options.first().waitFor()
    // (the staff app's select also offers an empty choice first)
    expect((await options.allInnerTexts()).filter((x) => x.trim())).toEqual(OPTIONS)
    await page.screenshot({ path: `${SHOTS}/story-staff-register.png` })
    await page.keyboard.press('Escape')

    // without 民族 a case is refused, naming the field
    const refused = await api('POST', '/api/cases', { form: intake({ category: moved, receivedOn: received }) })
    expect(refused.status).toBe(422)
    expect(JSON.stringify(refused.body)).toContain(fieldId)
    // a new town-level case of the moved category: the new group, 10 working days on the new calendar
    const facts = intake({ category: moved, receivedOn: received, [fieldId]: '蒙古族', petitionerName: '乌力吉' })
    const fresh = await api('POST', '/api/cases', { form: facts })
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201)
    const want = await decided(published, facts)
    expect(want.groupId).toBe(to.id)
    expect(want.dueDate).toBe(published.calendar.addWorkdays(received, 10))
    // the notice's make-up workday counts: the old calendar would give another date
    expect(want.dueDate).not.toBe(originalScheme.calendar.addWorkdays(received, 10))
    expect(fresh.body.summary).toMatchObject({ schemeVersion: v1.version, group: to.name, dueDate: want.dueDate })

    // the yearly assessment: the new points, the grade under the new band
    const after = await yearly()
    expect(after.value).toBe(item.max + 2)
    expect(after.total).toBe(before.total + 2)
    const grades = expected['scoring.json'].scorings[0].grades
    expect(after.grade).toBe(gradeOf(grades, after.total))
    expect(after.grade).not.toBe(before.grade)

    // the old case: its version and due date
    const old = await api('GET', `/api/cases/${oldCase.id}`)
    expect(old.body.summary).toMatchObject({ schemeVersion: oldCase.summary.schemeVersion, dueDate: oldCase.summary.dueDate })
  })

  it('rolls back to the first version in 版本历史; a new case follows the original rules again', async () => {
    await page.goto(`${s.server.url}/designer/?scheme=galutu`)
    await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 60_000 })
    await page.getByRole('menuitem', { name: '版本历史' }).click()
    const first = (await s.get('/api/schemes/galutu/versions')).items[0]
    const row = page.locator(`[data-testid="versions-table"] tr[data-row-key="${first.hash}"]`)
    await row.getByRole('button', { name: '回滚到此版本' }).click()
    const dialog = page.getByRole('dialog').filter({ hasText: '当前草稿将被该版本的文件替换' })
    await dialog.waitFor()
    await page.screenshot({ path: `${SHOTS}/story-versions.png` })
    await dialog.getByRole('button', { name: '回滚到此版本' }).click()
    await page.getByText(/已回滚，新版本/).waitFor({ timeout: 60_000 })
    const versions = (await s.get('/api/schemes/galutu/versions')).items
    expect(versions).toHaveLength(3)
    expect(versions[2].note).toContain(`回滚到版本 ${first.version}`)

    // 民族 is gone from the form and not asked for; routing, limit and calendar as they were
    const facts = intake({ category: moved, receivedOn: received, petitionerName: '巴特尔' })
    const fresh = await api('POST', '/api/cases', { form: facts })
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201)
    const want = await decided(originalScheme, facts)
    expect(want.dueDate).toBe(originalScheme.calendar.addWorkdays(received, 15))
    expect(fresh.body.summary).toMatchObject({ schemeVersion: versions[2].version, group: from.name, dueDate: want.dueDate })
    const again = await yearly()
    expect(again).toEqual(before)
    await page.goto(`${s.server.url}/#/register`)
    await page.locator(`#${intakeForm.id}_petitionerName`).waitFor({ timeout: 60_000 })
    expect(await page.locator(`#${intakeForm.id}_${fieldId}`).count()).toBe(0)
    // the old case still as registered
    const old = await api('GET', `/api/cases/${oldCase.id}`)
    expect(old.body.summary).toMatchObject({ schemeVersion: oldCase.summary.schemeVersion, dueDate: oldCase.summary.dueDate })
    expect(s.errors.filter((e) => !/status of (401|422)/.test(e))).toEqual([])
  })
})
