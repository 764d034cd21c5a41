// @vitest-environment jsdom
/**
 * Required yes/no answers (issue #18 "Must be right": 矛盾已化解, 信访人满意, 申请复查, 申请有理 feed
 * the scored 化解率): rendered with neither answer chosen, and what is clicked is what is submitted.
 * Every required boolean without a default in the real Galutu forms is checked, both answers.
 */
import './dom'
import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import SchemaForm from '../../runtime/web/src/forms/SchemaForm'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { expandOptions } from '../../engine/scheme/options'
import type { FormDef } from '../../runtime/web/src/api'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
const forms = (JSON.parse(readFileSync('definitions/galutu/forms-handling.json', 'utf8')) as { forms: FormDef[] }).forms
type Prop = { type?: string; default?: unknown; const?: unknown; title?: string }
const questions = forms.flatMap((f) => {
  const s = f.schema as { required?: string[]; properties?: Record<string, Prop> }
  return Object.entries(s.properties ?? {})
    .filter(([k, p]) => p.type === 'boolean' && s.required?.includes(k) && p.default === undefined && !('const' in p))
    .map(([k, p]) => ({ form: f.id, field: k, title: p.title ?? k }))
})

describe('required yes/no answers', () => {
  it('the Galutu forms have the four scored questions among them', () => {
    expect(questions.map((q) => q.title)).toEqual(expect.arrayContaining(['矛盾已化解', '信访人满意', '申请复查', '申请有理']))
  })

  describe.each(questions.map((q) => [`${q.form}.${q.field} ${q.title}`, q] as const))('%s', (_n, q) => {
    const def = forms.find((f) => f.id === q.form)!
    const form = { ...def, schema: expandOptions(def.schema, org) as FormDef['schema'] }
    it.each([
      ['是', true],
      ['否', false],
    ] as const)('starts unanswered; clicking %s submits %s', async (label, value) => {
      const onSubmit = vi.fn()
      const onChange = vi.fn()
      render(
        <I18nProvider initial="zh">
          <SchemaForm form={form} onSubmit={onSubmit} onChange={onChange} />
        </I18nProvider>,
      )
      const cell =
        document.getElementById(`${q.form}_${q.field}`)?.closest('.rjsf-cell') ?? document.querySelector(`[id^="${q.form}_${q.field}"]`)!.closest('.rjsf-cell')!
      const radios = Array.from(cell.querySelectorAll<HTMLInputElement>('input[type=radio]'))
      expect(radios.length, cell.outerHTML.slice(0, 300)).toBe(2)
      expect(
        radios.filter((r) => r.checked).map((r) => r.closest('label')?.textContent),
        cell.innerHTML,
      ).toHaveLength(0)
      const target = radios.find((r) => r.closest('label')?.textContent?.trim() === label)!
      expect(target, `no radio labelled ${label}`).toBeTruthy()
      await act(async () => fireEvent.click(target))
      await waitFor(() => expect(target.checked).toBe(true))
      // the form's data (what a submit sends) holds the answer clicked
      await waitFor(() => expect(onChange.mock.lastCall?.[0]?.[q.field]).toBe(value))
      expect(radios.filter((r) => r.checked)).toEqual([target])
    })
  })
})
