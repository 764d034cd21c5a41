/**
 * The form builder, as an administrator with no JSON: open forms-intake.json, add a required
 * 民族 field to the intake form (a choice of 汉族, 蒙古族, 回族, 其他), drag it to right after 性别;
 * the preview beside it shows it with its required mark; the draft holds exactly that — the
 * property, its place in `required` and in `ui:order` right after the sex field — and nothing else
 * of the file changed. Screenshot at 1366×768: test-output/screenshots/visual-forms.png.
 * Then a field's title typed key by key reaches the preview and the draft. (The keystroke → preview
 * time over many edits, against the JSON view, is measured by bench/form-builder.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Locator, Page } from 'playwright-core'
import { open, settled, SHOTS, type Session } from './session'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const FILE = 'forms-intake.json'
const before = JSON.parse(readFileSync(`definitions/galutu/${FILE}`, 'utf8'))
const OPTIONS = ['汉族', '蒙古族', '回族', '其他']
async function pickOption(page: Page, select: Locator, text: string) {
  await select.click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click()
}

/**
 * Drag a row by its handle until it shows right after `afterId`, as a person does with a mouse
 * (dnd-kit's pointer sensor): hold the list's edge while it scrolls itself (dnd-kit's auto-scroll),
 * then move in small steps watching where the rows make room, and let go there.
 */
async function dragAfter(page: Page, list: Locator, id: string, afterId: string) {
  const handle = list.locator(`[data-testid="fb-field"][data-field="${id}"] [data-testid="fb-drag"]`)
  const target = list.locator(`[data-testid="fb-field"][data-field="${afterId}"]`)
  await handle.scrollIntoViewIfNeeded()
  const h = (await handle.boundingBox())!
  const x = h.x + h.width / 2
  let y = h.y + h.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  y -= 12
  await page.mouse.move(x, y, { steps: 4 }) // past the 4 px activation distance
  const box = (await list.boundingBox())!
  for (let i = 0; i < 200; i++) {
    const t = await target.boundingBox()
    if (t && t.y > box.y + 40) break
    y = box.y + 4 + (i % 2)
    await page.mouse.move(x, y, { steps: 2 })
    await page.waitForTimeout(50)
  }
  // the rows in the order they show now (the dragged one where it would land)
  const shown = () =>
    list.locator('[data-testid="fb-field"]').evaluateAll((els) =>
      els
        .map((e) => ({ id: e.getAttribute('data-field')!, y: e.getBoundingClientRect().top }))
        .sort((a, b) => a.y - b.y)
        .map((r) => r.id),
    )
  for (let i = 0; i < 120; i++) {
    const o = await shown()
    const d = o.indexOf(id) - (o.indexOf(afterId) + 1)
    if (d === 0) break
    y += d > 0 ? -3 : 3
    await page.mouse.move(x, y, { steps: 1 })
    await page.waitForTimeout(40)
  }
  await page.waitForTimeout(200)
  await page.mouse.up()
}

describe.skipIf(!E2E)('form builder in the browser', () => {
  let s: Session
  beforeAll(async () => {
    s = await open()
  })
  afterAll(async () => s?.close())

  it('adds a required 民族 after 性别; the preview shows it required; the draft holds exactly that', async () => {
    const { page } = s
    await page.locator(`[data-testid="file-list"] [data-file="${FILE}"]`).click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="forms"]')
    const builder = editor.getByTestId('form-builder')
    await builder.waitFor({ timeout: 30_000 })
    expect(await builder.getAttribute('data-form')).toBe('intake')
    const preview = page.getByTestId('form-preview')
    await preview.waitFor({ timeout: 30_000 })
    const sexTitle = before.forms[0].schema.properties.sex.title as string

    // add, name it, make it a choice of four, required
    await builder.getByTestId('fb-add').click()
    const id = 'field_1'
    const row = builder.locator(`[data-testid="fb-field"][data-field="${id}"]`)
    const ed = builder.locator(`[data-testid="fb-field-editor"][data-field="${id}"]`)
    await ed.waitFor()
    await ed.getByTestId('fb-title').fill('民族')
    await pickOption(page, ed.getByTestId('fb-type'), '单选（列表）')
    await ed.getByTestId('fb-option-value').first().fill(OPTIONS[0]!)
    for (const o of OPTIONS.slice(1)) {
      await ed.getByTestId('fb-option-add').click()
      await ed.getByTestId('fb-option-value').last().fill(o)
    }
    await ed.getByTestId('fb-required').check()
    await expect.poll(() => row.getByTestId('fb-required-mark').count()).toBe(1)

    // close it and drag it onto the field after 性别 (it lands in that field's place: right after 性别)
    await row.getByTestId('fb-field-toggle').click()
    const order = () => builder.getByTestId('fb-field').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))
    await dragAfter(page, editor, id, 'sex')
    await expect
      .poll(
        async () => {
          const o = await order()
          return o[o.indexOf('sex') + 1]
        },
        { timeout: 10_000 },
      )
      .toBe(id)

    // the preview (rjsf, from the worker's validated draft) shows it, required
    const label = preview.locator(`label[for="root_${id}"]`)
    await label.waitFor({ timeout: 30_000 })
    expect(await label.innerText()).toBe('民族')
    expect(await label.evaluate((el) => el.classList.contains('ant-form-item-required') && getComputedStyle(el, '::before').content.includes('*'))).toBe(true)
    // in its place once the moved draft is validated
    await expect
      .poll(
        async () => {
          const labels = await preview.locator('label[for^="root_"]').evaluateAll((els) => els.map((e) => e.textContent))
          return labels[labels.indexOf(sexTitle) + 1]
        },
        { timeout: 30_000 },
      )
      .toBe('民族')
    await row.getByTestId('fb-field-toggle').click()
    await ed.waitFor()
    await row.scrollIntoViewIfNeeded()
    await label.scrollIntoViewIfNeeded()
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-forms.png` })

    // the draft on the server
    let after: any
    await expect
      .poll(
        async () => {
          after = (await s.draftFile(FILE)).doc
          const f = after.forms[0]
          const o = f.uiSchema['ui:order'] as string[]
          return [f.schema.properties[id]?.title, f.schema.required.includes(id), o[o.indexOf('sex') + 1]]
        },
        { timeout: 20_000 },
      )
      .toEqual(['民族', true, id])
    const f = after.forms[0]
    expect(f.schema.properties[id]).toEqual({ type: 'string', title: '民族', enum: OPTIONS })
    const stripped = structuredClone(after)
    const g = stripped.forms[0]
    delete g.schema.properties[id]
    g.schema.required = g.schema.required.filter((x: string) => x !== id)
    g.uiSchema['ui:order'] = g.uiSchema['ui:order'].filter((x: string) => x !== id)
    expect(stripped).toEqual(before)
    expect(s.errors).toEqual([])
  })

  it('typing in a field title updates the preview and the draft, keystroke by keystroke', async () => {
    const { page } = s
    const builder = page.getByTestId('form-builder')
    // the first field of the form's order with a title
    const form = before.forms[0]
    const field = (form.uiSchema['ui:order'] as string[]).find((k) => typeof form.schema.properties[k]?.title === 'string')!
    const title = form.schema.properties[field].title as string
    const row = builder.locator(`[data-testid="fb-field"][data-field="${field}"]`)
    if ((await row.getAttribute('data-open')) !== '1') await row.getByTestId('fb-field-toggle').click()
    const input = builder.locator(`[data-testid="fb-field-editor"][data-field="${field}"] [data-testid="fb-title"]`)
    expect(await input.inputValue()).toBe(title)
    const label = page.getByTestId('form-preview').locator(`label[for="root_${field}"]`)
    const start = (await s.draftFile(FILE)).doc
    const withTitle = (t: string) => {
      const d = structuredClone(start)
      d.forms[0].schema.properties[field].title = t
      return d
    }
    await input.click()
    await input.press('End')
    // each keystroke reaches the preview
    const typed: Array<[string, string]> = [
      ['a', title + 'a'],
      ['b', title + 'ab'],
      ['Backspace', title + 'a'],
    ]
    for (const [key, want] of typed) {
      await page.keyboard.press(key)
      expect(await input.inputValue()).toBe(want)
      await expect.poll(() => label.innerText(), { timeout: 20_000 }).toBe(want)
    }
    // autosaved: the draft holds the title as typed, the rest as it was
    await expect.poll(async () => (await s.draftFile(FILE)).doc, { timeout: 20_000 }).toEqual(withTitle(title + 'a'))
    await page.keyboard.press('Backspace')
    await expect.poll(() => label.innerText(), { timeout: 20_000 }).toBe(title)
    await expect.poll(async () => (await s.draftFile(FILE)).doc, { timeout: 20_000 }).toEqual(start)
    expect(s.errors).toEqual([])
  })
})
