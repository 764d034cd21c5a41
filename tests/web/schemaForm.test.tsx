// @vitest-environment jsdom
/**
 * The rjsf form as staff see it: Chinese labels, buttons and messages; server refusals against
 * their fields until edited; typed text reaching the form on blur.
 */
import './dom'
import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import SchemaForm from '../../runtime/web/src/forms/SchemaForm'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { expandOptions } from '../../engine/scheme/options'
import type { FormDef } from '../../runtime/web/src/api'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
const defs = (JSON.parse(readFileSync('definitions/galutu/forms-handling.json', 'utf8')) as { forms: FormDef[] }).forms
const form = (id: string): FormDef => {
  const f = defs.find((x) => x.id === id)!
  return { ...f, schema: expandOptions(f.schema, org) as FormDef['schema'] }
}

function renderForm(props: Partial<Parameters<typeof SchemaForm>[0]> & { form: FormDef }, lang: 'zh' | 'en' = 'zh') {
  const onSubmit = vi.fn()
  const ui = (p: Partial<Parameters<typeof SchemaForm>[0]>) => (
    <I18nProvider initial={lang}>
      <SchemaForm onSubmit={onSubmit} {...props} {...p} />
    </I18nProvider>
  )
  const r = render(ui({}))
  return { ...r, onSubmit, rerenderWith: (p: Partial<Parameters<typeof SchemaForm>[0]>) => r.rerender(ui(p)) }
}

const fieldText = (id: string) => document.getElementById(id)!.closest('.rjsf-cell')!.textContent ?? ''

describe('SchemaForm', () => {
  it('renders the scheme’s form with its titles and a Chinese submit button', () => {
    renderForm({ form: form('disposal') })
    expect(document.body.textContent).toContain('派往单位')
    expect(document.body.textContent).toContain('社会事务办公室')
    const button = screen.getByTestId('submit-disposal')
    expect(button.textContent?.replace(/\s/g, '')).toBe('提交')
    expect(document.body.textContent).not.toMatch(/Submit|is a required property/)
  })

  it('refuses an incomplete form inline, in Chinese, without calling onSubmit', async () => {
    const { onSubmit } = renderForm({ form: form('reply') })
    await act(async () => fireEvent.click(screen.getByTestId('submit-reply')))
    await waitFor(() => expect(fieldText('reply_result')).toContain('必填'))
    expect(fieldText('reply_repliedOn')).toContain('必填')
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('checks a field when the user leaves it, without flagging the fields not reached yet', async () => {
    renderForm({ form: form('urge') })
    const content = document.getElementById('urge_content') as HTMLInputElement
    fireEvent.focus(content)
    fireEvent.change(content, { target: { value: '' } })
    fireEvent.blur(content)
    await waitFor(() => expect(fieldText('urge_content')).toContain('必填'))
    expect(fieldText('urge_unit')).not.toContain('必填')
    fireEvent.change(content, { target: { value: '请尽快答复' } })
    fireEvent.blur(content)
    await waitFor(() => expect(fieldText('urge_content')).not.toContain('必填'))
    // a submit shows everything still missing
    await act(async () => fireEvent.click(screen.getByTestId('submit-urge')))
    await waitFor(() => expect(fieldText('urge_unit')).toContain('必填'))
  })

  it('validates in English when the app is in English', async () => {
    renderForm({ form: form('reply') }, 'en')
    expect(screen.getByTestId('submit-reply').textContent).toBe('Submit')
    await act(async () => fireEvent.click(screen.getByTestId('submit-reply')))
    await waitFor(() => expect(fieldText('reply_result')).toContain('Required'))
  })

  it('submits the typed data: text reaches the form on blur', async () => {
    const { onSubmit } = renderForm({ form: form('instruction') })
    const leader = document.getElementById('instruction_leader') as HTMLInputElement
    const content = document.getElementById('instruction_content') as HTMLTextAreaElement
    fireEvent.change(leader, { target: { value: '镇长' } })
    fireEvent.blur(leader)
    fireEvent.change(content, { target: { value: '抓紧办理' } })
    fireEvent.blur(content)
    await act(async () => fireEvent.click(screen.getByTestId('submit-instruction')))
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1))
    expect(onSubmit.mock.calls[0]![0]).toEqual({ leader: '镇长', content: '抓紧办理' })
  })

  it('shows the server’s refusal under the field it names, and drops it once the field is edited', async () => {
    const start = { leader: '镇长', content: '抓紧办理' }
    const { rerenderWith } = renderForm({ form: form('instruction'), initialData: start })
    rerenderWith({
      refusal: {
        problems: [
          { field: 'content', code: 'INPUT_INVALID', message: 'content：批示内容不得含有联系方式' },
          { field: 'type', code: 'GUARD_REFUSED', message: '不能进行' },
        ],
        data: start,
      },
    })
    await waitFor(() => expect(fieldText('instruction_content')).toContain('批示内容不得含有联系方式'))
    expect(fieldText('instruction_content')).not.toContain('content：')
    expect(fieldText('instruction_leader')).not.toContain('批示内容')
    // the typed data is still there
    expect((document.getElementById('instruction_content') as HTMLTextAreaElement).value).toBe('抓紧办理')
    const content = document.getElementById('instruction_content') as HTMLTextAreaElement
    fireEvent.change(content, { target: { value: '请抓紧办理' } })
    fireEvent.blur(content)
    await waitFor(() => expect(fieldText('instruction_content')).not.toContain('批示内容不得含有联系方式'))
  })

  it('places an error on an item of a checkbox list on the list', async () => {
    const start = { sentOn: '2026-03-10', units: ['shehuishiwu'], matter: '核实' }
    const { rerenderWith } = renderForm({ form: form('disposal'), initialData: start })
    rerenderWith({ refusal: { problems: [{ field: 'units.0', code: 'INPUT_INVALID', message: '该单位已撤销' }], data: start } })
    await waitFor(() => expect(document.getElementById('disposal_units')!.closest('.rjsf-cell')!.textContent).toContain('该单位已撤销'))
  })
})
