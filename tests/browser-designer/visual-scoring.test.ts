/**
 * The scorecard visual editor, as an administrator with no JSON: with a fixed input in the scoring
 * simulator (every count zero, one yes ticked), raise that item's points and the 合格 band's minimum
 * through the table; the draft holds exactly those members (parsed compare; two lines of text), and
 * the simulator shows the new total and grade. Then a formula typed as text: invalid JSON is marked and
 * not written; a formula that can give more than the item's points is written and marked, with how it
 * was bounded in the tooltip. Screenshot at 1366×768.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Locator } from 'playwright-core'
import { changedLeaves, lineDiff, open, settled, SHOTS, type Session } from './session'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const original = readFileSync('definitions/galutu/scoring.json', 'utf8')
const scoring = JSON.parse(original)
const sc = scoring.scorings[0]
// The first yes/no item of the first section, and the band called 合格.
const section = sc.sections.findIndex((s: any) => s.items.some((it: any) => it.formula?.if))
const itemIx = sc.sections[section].items.findIndex((it: any) => it.formula?.if)
const item = sc.sections[section].items[itemIx]
const input = sc.inputs.properties[item.formula.if[0].var.split('.')[0]].properties[item.formula.if[0].var.split('.')[1]]
const pass = sc.grades.findIndex((g: any) => g.name === '合格')
/** The grade of a total under these bands: the first whose minimum it reaches. */
const gradeOf = (grades: any[], total: number) => grades.find((g) => g.min === null || total >= g.min).name
/** The number input marked `testId` inside `scope` (antd puts the test id on the input or around it). */
const numberIn = (scope: Locator, testId: string) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()

describe.skipIf(!E2E)('scorecard visual editor in the browser', () => {
  let s: Session
  beforeAll(async () => {
    s = await open()
  })
  afterAll(async () => s?.close())

  it("changes an item's points and a grade band through the table; the draft and the simulator follow", async () => {
    const { page } = s
    await page.locator('[data-testid="file-list"] [data-file="scoring.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="scoring"] [data-testid="scorecard"]')
    await editor.waitFor({ timeout: 30_000 })

    // A fixed input in the simulator: the sample (every count 0) with this one yes ticked.
    await page.locator('.ant-tabs-tab', { hasText: '考核模拟' }).click()
    const sim = page.getByTestId('scoring-sim')
    const total = sim.getByTestId('score-total')
    await total.waitFor({ timeout: 30_000 })
    const before = Number(await total.innerText())
    await sim.getByText(input.title, { exact: true }).click()
    await expect.poll(async () => Number(await total.innerText()), { timeout: 20_000 }).toBe(before + item.max)
    const t0 = before + item.max
    expect(await sim.getByTestId('score-grade').innerText()).toBe(gradeOf(sc.grades, t0))

    // The item's points: +2 through the table.
    const row = editor.getByTestId(`item-${item.id}`)
    const points = item.max + 2
    await numberIn(row, 'item-max').fill(String(points))
    await expect.poll(() => row.getByTestId('readable').innerText()).toContain(`是得 ${points} 分`)
    // 合格 from its minimum to one above the new total: the same input no longer passes.
    const t1 = t0 + 2
    const newMin = t1 + 1
    await numberIn(editor.getByTestId(`grade-${pass}`), 'grade-min').fill(String(newMin))

    const grades = sc.grades.map((g: any, i: number) => (i === pass ? { ...g, min: newMin } : g))
    await expect.poll(async () => Number(await total.innerText()), { timeout: 20_000 }).toBe(t1)
    await expect.poll(() => sim.getByTestId('score-grade').innerText(), { timeout: 20_000 }).toBe(gradeOf(grades, t1))
    expect(gradeOf(grades, t1)).not.toBe(gradeOf(sc.grades, t1))

    // The draft (autosaved): exactly these members, two lines of text.
    const base = `/scorings/0/sections/${section}/items/${itemIx}`
    await expect
      .poll(async () => changedLeaves(scoring, (await s.draftFile('scoring.json')).doc), { timeout: 20_000 })
      .toEqual([`${base}/max`, `${base}/formula/if/1`, `/scorings/0/grades/${pass}/min`])
    const { text, doc } = await s.draftFile('scoring.json')
    expect(doc.scorings[0].sections[section].items[itemIx]).toStrictEqual({ ...item, max: points, formula: { if: [item.formula.if[0], points, 0] } })
    expect(doc.scorings[0].grades[pass].min).toBe(newMin)
    const diff = lineDiff(original, text)
    expect(diff.added.length).toBe(2)
    expect(diff.removed.length).toBe(2)
    expect(s.errors).toEqual([])
  })

  it('a formula typed as text: invalid JSON is marked, not written; one above the points is marked', async () => {
    const { page } = s
    const editor = page.locator('[data-testid="visual-editor"][data-kind="scoring"] [data-testid="scorecard"]')
    // An item scored per count with a cap: its points and what it reads, from the file.
    const bonus = sc.sections.findIndex((x: any) => x.items.some((it: any) => it.formula?.min && !it.formula.min[0]['+']))
    const target = sc.sections[bonus].items.find((it: any) => it.formula?.min && !it.formula.min[0]['+'])
    const reads = target.formula.min[0].var
    const row = editor.getByTestId(`item-${target.id}`)
    await row.scrollIntoViewIfNeeded()
    await row.getByTestId('item-pattern').click()
    await page.locator('.ant-select-item-option', { hasText: '自定义公式' }).click()
    const area = row.getByTestId('formula-text')
    await area.waitFor()
    expect(JSON.parse(await area.inputValue())).toStrictEqual(target.formula)

    // Half a formula: marked on the control, the draft keeps the old one.
    await area.fill(`{"if": [{">=": [{"var": "${reads}"}, 3]}, ${target.max + 1}`)
    await row.getByText('不是有效的 JSON，未写入').waitFor()
    await page.waitForTimeout(1500)
    expect((await s.draftFile('scoring.json')).doc.scorings[0].sections[bonus].items.find((it: any) => it.id === target.id).formula).toStrictEqual(
      target.formula,
    )
    await expect(row.getByTestId('exceed-mark').count()).resolves.toBe(0)

    // 3 or more: one point above full marks; fewer: one point each.
    const formula = { if: [{ '>=': [{ var: reads }, 3] }, target.max + 1, { var: reads }] }
    await area.fill(JSON.stringify(formula))
    const mark = row.getByTestId('exceed-mark')
    await mark.waitFor()
    expect(await mark.getAttribute('data-method')).toBe('grid')
    await expect
      .poll(async () => (await s.draftFile('scoring.json')).doc.scorings[0].sections[bonus].items.find((it: any) => it.id === target.id).formula, {
        timeout: 20_000,
      })
      .toStrictEqual(formula)
    await mark.hover()
    const tip = page.locator('.ant-tooltip', { hasText: '种组合代入公式算出' })
    await tip.waitFor()
    expect(await tip.innerText()).toContain(`公式最高可得 ${target.max + 1} 分，超过满分 ${target.max} 分`)
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-scoring.png` })
    expect(s.errors).toEqual([])
  })
})
