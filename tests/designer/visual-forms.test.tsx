// @vitest-environment jsdom
/**
 * The form builder in jsdom on galutu's forms, behind a host that keeps what it writes (as App
 * does): the 民族 story through the controls, problems at the control, refusals, conditions,
 * the form picker telling the host which form it shows.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useState } from 'react'
import { readdirSync, readFileSync } from 'node:fs'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import FormBuilder from '../../designer/src/visual/forms/FormBuilder'
import { ProblemsProvider, type DraftFiles, type VisualEditorProps } from '../../designer/src/visual/kit'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import type { Problem } from '../../designer/src/lib/problems'
import type { FormsDoc } from '../../designer/src/visual/forms/model'

beforeAll(() => {
  Object.defineProperty(window, 'matchMedia', {
    value: (q: string) => ({
      matches: false,
      media: q,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }),
  })
  ;(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
})
afterEach(cleanup)

const DIR = 'definitions/galutu'
const FILE = 'forms-intake.json'
const original = () => JSON.parse(readFileSync(`${DIR}/${FILE}`, 'utf8')) as FormsDoc
function draftWith(doc: FormsDoc): DraftFiles {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const d = file === FILE ? doc : JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'))
      return { file, kind: typeof d?.kind === 'string' ? (d.kind as string) : null, doc: d }
    })
  return { files, docsOf: <T,>(kind: string) => files.filter((f) => f.kind === kind && f.doc).map((f) => f.doc as T) }
}
const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })

function mount(opts: { problems?: Problem[]; lang?: Lang } = {}) {
  const writes: Array<{ doc: FormsDoc; label: string; key?: string }> = []
  const openJson = vi.fn()
  const focus = vi.fn()
  let current = original()
  function Host() {
    const [doc, setDoc] = useState(current)
    const props: VisualEditorProps<FormsDoc> = {
      file: FILE,
      doc,
      problems: opts.problems ?? [],
      draft: draftWith(doc),
      info: null,
      client: {} as VisualEditorProps['client'],
      i18n: i18n(opts.lang ?? 'zh-CN'),
      openJson,
      onChange: (next, label, o) => {
        writes.push({ doc: next, label, key: o?.coalesceKey })
        current = next
        setDoc(next)
      },
      onFocusElement: focus,
    }
    return (
      <ProblemsProvider problems={props.problems} lang={opts.lang ?? 'zh-CN'}>
        <FormBuilder {...props} />
      </ProblemsProvider>
    )
  }
  const r = render(<Host />)
  return { r, writes, openJson, focus, doc: () => current }
}

async function pick(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.querySelector('.ant-select-content, .ant-select-selector') ?? select)
  const option = await waitFor(() => {
    const hit = Array.from(document.querySelectorAll<HTMLElement>('.ant-select-item-option')).filter((o) => o.textContent === label)
    if (!hit.length) throw new Error(`no option ${label}`)
    return hit[hit.length - 1]!
  })
  fireEvent.click(option)
}
const row = (id: string) => document.querySelector<HTMLElement>(`[data-testid="fb-field"][data-field="${id}"]`)!
const editor = (id: string) => document.querySelector<HTMLElement>(`[data-testid="fb-field-editor"][data-field="${id}"]`)!

describe('FormBuilder', { timeout: 180_000 }, () => {
  it('adds a required 民族 choice and places it after 性别, through the controls only', async () => {
    const { writes, doc } = mount()
    expect(screen.getAllByTestId('fb-field')).toHaveLength(31)
    fireEvent.click(screen.getByTestId('fb-add'))
    const id = 'field_1'
    await waitFor(() => expect(editor(id)).toBeTruthy())
    fireEvent.change(within(editor(id)).getByTestId('fb-title'), { target: { value: '民族' } })
    await pick(within(editor(id)).getByTestId('fb-type'), '单选（列表）')
    const values = () => within(editor(id)).getAllByTestId('fb-option-value') as HTMLInputElement[]
    fireEvent.change(values()[0]!, { target: { value: '汉族' } })
    for (const v of ['蒙古族', '回族', '其他']) {
      fireEvent.click(within(editor(id)).getByTestId('fb-option-add'))
      fireEvent.change(values().at(-1)!, { target: { value: v } })
    }
    fireEvent.click(within(editor(id)).getByTestId('fb-required'))
    fireEvent.click(within(editor(id)).getByTestId('fb-advanced'))
    await pick(await within(editor(id)).findByTestId('fb-move-after'), '性别（sex）')

    const form = doc().forms[0]!
    expect(form.schema.properties[id]).toEqual({ type: 'string', title: '民族', enum: ['汉族', '蒙古族', '回族', '其他'] })
    expect(form.schema.required).toContain(id)
    const order = form.uiSchema!['ui:order'] as string[]
    expect(order.slice(order.indexOf('sex'), order.indexOf('sex') + 2)).toEqual(['sex', id])
    // the list shows it where it went, with its required mark
    const ids = screen.getAllByTestId('fb-field').map((el) => el.dataset.field)
    expect(ids.slice(1, 3)).toEqual(['sex', id])
    expect(within(row(id)).getByTestId('fb-required-mark')).toBeTruthy()
    expect(within(row(id)).getByTestId('fb-field-title').textContent).toBe('民族')
    // typing in one input is one undo step per input (coalesced), each step labelled
    expect(writes.filter((w) => w.key === `title:intake:${id}`).length).toBe(1)
    expect(writes.map((w) => w.label)).toContain('添加字段')
  })

  it("shows the worker's problems on the row and on the control, and marks each row with its pointer", async () => {
    const p: Problem = { code: 'X', file: FILE, pointer: '/forms/0/schema/properties/sex/title', message: '标题有误', messageEn: 'Bad title' }
    mount({ problems: [p] })
    expect(document.querySelector('[data-pointer="/forms/0/schema/properties/sex"]')).toBeTruthy()
    expect(document.querySelector('[data-pointer="/forms/0/schema/then/properties/representatives"]')).toBeTruthy()
    expect(within(row('sex')).getByTestId('fb-field-problem')).toBeTruthy()
    expect(within(row('phone')).queryByTestId('fb-field-problem')).toBeNull()
    fireEvent.click(within(row('sex')).getByTestId('fb-field-toggle'))
    await waitFor(() => expect(editor('sex').textContent).toContain('标题有误'))
    expect(editor('sex').querySelector('[data-pointer="/forms/0/schema/properties/sex/title"] .ant-form-item-has-error')).toBeTruthy()
  })

  it('lists problems of the form no field shows (a ui:order missing a field), with a way to the JSON', async () => {
    const p: Problem = { code: 'UI_ORDER_MISSING', file: FILE, pointer: '/forms/0/uiSchema/ui:order', message: '表单 "intake" 的 ui:order 缺少字段 "x"' }
    const { openJson } = mount({ problems: [p] })
    const box = screen.getByTestId('fb-form-problems')
    expect(box.textContent).toContain('ui:order 缺少字段')
    fireEvent.click(within(box).getByText('在 JSON 中查看'))
    expect(openJson).toHaveBeenCalledWith('/forms/0/uiSchema/ui:order')
  })

  it('refuses to remove a field with a role, saying which role, and writes nothing', async () => {
    const { writes } = mount()
    expect(within(row('receivedOn')).getByTestId('fb-role').textContent).toBe('角色：受理日期')
    fireEvent.click(within(row('receivedOn')).getByTestId('fb-remove'))
    const msg = await screen.findByTestId('fb-refusal')
    expect(msg.textContent).toContain('不能删除「受理日期」')
    expect(msg.textContent).toContain('受理日期')
    fireEvent.click(within(row('petitionerCount')).getByTestId('fb-remove'))
    await waitFor(() => expect(screen.getAllByTestId('fb-refusal').some((m) => m.textContent!.includes('集体访（信访人数5人以上）'))).toBe(true))
    expect(writes).toHaveLength(0)
  })

  it('removes a field after asking, naming other files that read it', async () => {
    const { doc } = mount()
    fireEvent.click(within(row('inJudicialProcess')).getByTestId('fb-remove'))
    const ok = await screen.findByTestId('fb-remove-ok')
    expect(document.body.textContent).toContain('rules.json')
    fireEvent.click(ok)
    await waitFor(() => expect(doc().forms[0]!.schema.properties.inJudicialProcess).toBeUndefined())
    expect(doc().forms[0]!.uiSchema!['ui:order']).not.toContain('inJudicialProcess')
  })

  it('makes 交办或上报单位 shown only when 事项来源 is 旗信访代办服务中心交办', async () => {
    const { doc } = mount()
    fireEvent.click(within(row('sourceUnit')).getByTestId('fb-field-toggle'))
    const ed = () => editor('sourceUnit')
    await pick(within(ed()).getByTestId('fb-cond-mode'), '仅当…时显示')
    await pick(await within(ed()).findByTestId('fb-cond-field'), '事项来源')
    await pick(within(ed()).getByTestId('fb-cond-value'), '旗信访代办服务中心交办')
    fireEvent.click(within(ed()).getByTestId('fb-cond-apply'))
    await waitFor(() => expect(doc().forms[0]!.schema.allOf).toBeDefined())
    expect(doc().forms[0]!.schema.allOf[0].if).toEqual({
      description: '事项来源为旗信访代办服务中心交办',
      properties: { source: { const: 'banner_assigned' } },
      required: ['source'],
    })
    expect(Object.keys(doc().forms[0]!.schema.allOf[0].then.properties)).toEqual(['sourceUnit'])
    expect(within(row('sourceUnit')).getByTestId('fb-cond-tag')).toBeTruthy()
    // the row now edits the field where it moved
    expect(document.querySelector('[data-pointer="/forms/0/schema/allOf/0/then/properties/sourceUnit"]')).toBeTruthy()
  })

  it('offers only the types a role allows, and patterns by name', async () => {
    mount()
    fireEvent.click(within(row('phone')).getByTestId('fb-field-toggle'))
    const ed = editor('phone')
    expect(ed.textContent).toContain('此字段担任角色“联系电话”')
    expect(within(ed).getByTestId('fb-pattern').textContent).toContain('手机或固定电话')
    fireEvent.mouseDown(within(ed).getByTestId('fb-type').querySelector('.ant-select-content, .ant-select-selector')!)
    const opts = await waitFor(() => {
      const o = Array.from(document.querySelectorAll<HTMLElement>('.ant-select-item-option'))
      if (!o.length) throw new Error('no options')
      return o
    })
    const enabled = opts.filter((o) => !o.className.includes('disabled')).map((o) => o.textContent)
    expect(enabled).toEqual(['单行文字', '多行文字', '单选（列表）', '单选（组织机构）'])
  })

  it('picks a form by name and tells the host which one it shows', async () => {
    const { focus } = mount()
    expect(focus).toHaveBeenLastCalledWith('intake')
    await pick(screen.getByTestId('fb-form'), '网上信访事项登记（publicIntake）· 12 个字段')
    expect(focus).toHaveBeenLastCalledWith('publicIntake')
    expect(screen.getAllByTestId('fb-field')).toHaveLength(12)
  })

  it('speaks English when asked', () => {
    mount({ lang: 'en' })
    expect(screen.getByTestId('fb-add').textContent).toContain('Add a field')
    expect(within(row('receivedOn')).getByTestId('fb-role').textContent).toBe('Role: received date')
  })
})
