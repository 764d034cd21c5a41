/**
 * The workflow visual editor, as an administrator with no JSON: rename a step and change who may
 * send one event. Asserts the draft's JSON changed only those members (the rest of the text as it
 * was) and that the diagram in the preview shows the new name. Screenshot at 1366×768.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { changedLeaves, lineDiff, open, settled, SHOTS, type Session } from './session'

const E2E = !!process.env.DAIBAN_E2E_DESIGNER
const original = readFileSync('definitions/galutu/workflow.json', 'utf8')
const wf = JSON.parse(original)

describe.skipIf(!E2E)('workflow visual editor in the browser', () => {
  let s: Session
  beforeAll(async () => {
    s = await open()
  })
  afterAll(async () => s?.close())

  it('renames a step and lets one more role urge; the draft and the diagram follow', async () => {
    const { page } = s
    await page.locator('[data-testid="file-list"] [data-file="workflow.json"]').click()
    const editor = page.locator('[data-testid="visual-editor"][data-kind="workflow"] [data-testid="workflow-editor"]')
    await editor.waitFor({ timeout: 30_000 })
    const diagram = page.getByTestId('preview')
    await diagram.getByText('事项办理', { exact: true }).first().waitFor({ timeout: 20_000 })

    // Rename the step 事项办理.
    const handling = editor.locator('[data-testid="wf-state"][data-state="handling"]')
    await handling.getByTestId('wf-state-name').fill('事项办理中')
    // Open its panel (by its header, not the input) and let the task group leader urge too.
    await handling.getByTestId('wf-state-path').click()
    const urge = editor.locator('tr[data-event="URGE"]')
    await urge.waitFor()
    await urge.getByTestId('wf-event-roles').click()
    await page.keyboard.type('专班组组长')
    await page.locator('.ant-select-item-option', { hasText: '专班组组长' }).first().click()
    await page.keyboard.press('Escape')
    await expect.poll(() => urge.getByTestId('wf-event-roles').innerText()).toContain('专班组组长')

    // The clocks URGE does not start are shown read-only where CONCLUDE stops them.
    expect(await editor.locator('tr[data-event="CONCLUDE"] [data-testid="wf-clock"]').count()).toBe(5)

    // The diagram follows the draft.
    await diagram.getByText('事项办理中', { exact: true }).first().waitFor({ timeout: 20_000 })
    await handling.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await settled(page)
    await page.screenshot({ path: `${SHOTS}/visual-workflow.png` })

    await page.locator('[data-testid="saved"]').waitFor({ timeout: 20_000 })
    await expect.poll(async () => (await s.draftFile('workflow.json')).doc.machines[0].events.URGE.roles, { timeout: 20_000 }).toContain('group_leader')
    const { text, doc } = await s.draftFile('workflow.json')
    const roles = wf.machines[0].events.URGE.roles
    expect(doc.machines[0].stateInfo.handling.name).toBe('事项办理中')
    expect(doc.machines[0].events.URGE.roles).toEqual([...roles, 'group_leader'])
    expect(changedLeaves(wf, doc).sort()).toEqual(['/machines/0/stateInfo/handling/name', `/machines/0/events/URGE/roles/${roles.length}`].sort())
    // Two lines of the file changed, each in place.
    const d = lineDiff(original, text)
    expect(d.removed).toHaveLength(2)
    expect(d.added).toHaveLength(2)
    expect(d.added.join('\n')).toContain('"事项办理中"')
    expect(d.added.join('\n')).toContain('"group_leader"')
    expect(s.errors).toEqual([])
  })
})
