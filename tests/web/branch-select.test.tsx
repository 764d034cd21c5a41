// @vitest-environment jsdom
/**
 * Every select of the staff app's forms has a name (axe: label). A field with oneOf/anyOf branches
 * that are not plain choices gets rjsf's branch select, whose id is not the one the field's label
 * points at: the web kit's select names it by the field's title (the designer's preview uses the
 * same widget). Galutu's choice fields with a "none" alternative (legalChannel) stay one select,
 * named by its label.
 */
import './dom'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { render } from '@testing-library/react'
import SchemaForm from '../../runtime/web/src/forms/SchemaForm'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { expandOptions } from '../../engine/scheme/options'
import type { FormDef } from '../../runtime/web/src/api'
import { SchemaForm as DesignerForm } from '../../designer/src/rjsf'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
const intake = (JSON.parse(readFileSync('definitions/galutu/forms-intake.json', 'utf8')) as { forms: FormDef[] }).forms.find((f) => f.id === 'intake')!

function renderForm(form: FormDef) {
  render(
    <I18nProvider initial="zh">
      <SchemaForm form={form} onSubmit={() => {}} />
    </I18nProvider>,
  )
}

/** The accessible name of a form control, as far as these forms give one: aria-label, aria-labelledby, or a <label for>. */
function nameOf(el: Element): string {
  const aria = el.getAttribute('aria-label')
  if (aria) return aria
  const by = el.getAttribute('aria-labelledby')
  if (by)
    return by
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim()
  return el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() ?? '') : ''
}

describe('the names of the staff app form selects', () => {
  it('a oneOf field with branches: its branch select is named by the field title', () => {
    const form = {
      id: 'contact',
      title: 'contact',
      schema: {
        type: 'object',
        properties: {
          reachedBy: {
            title: '联系方式',
            oneOf: [
              { title: '电话', type: 'object', properties: { phone: { type: 'string', title: '号码' } } },
              { title: '来访', type: 'object', properties: { visitedOn: { type: 'string', format: 'date', title: '日期' } } },
            ],
          },
        },
      },
      uiSchema: {},
    } as unknown as FormDef
    renderForm(form)
    const branch = document.querySelector('[id$="__oneof_select"]')
    expect(branch, document.body.innerHTML.slice(0, 500)).not.toBeNull()
    expect(nameOf(branch!)).toBe('联系方式')
  })

  it('Galutu intake legalChannel (choices with a none alternative): one select, named by its label', () => {
    const title = (intake.schema as { properties: Record<string, { title: string }> }).properties.legalChannel!.title
    renderForm({ ...intake, schema: expandOptions(intake.schema, org) as FormDef['schema'] })
    expect(document.querySelector('[id^="intake_legalChannel__"][id$="of_select"]')).toBeNull()
    const select = document.getElementById('intake_legalChannel')!
    expect(select.getAttribute('role')).toBe('combobox')
    expect(nameOf(select)).toContain(title)
  })

  it("the designer's preview, on Galutu's intake form as written: legalChannel's branch select is named by its title", () => {
    const title = (intake.schema as { properties: Record<string, { title: string }> }).properties.legalChannel!.title
    render(
      <DesignerForm lang="zh-CN" schema={expandOptions(intake.schema, org) as Record<string, unknown>} uiSchema={intake.uiSchema as Record<string, unknown>} />,
    )
    const branch = document.querySelector('[id*="legalChannel"][id$="__oneof_select"]')
    expect(branch, document.body.innerHTML.slice(0, 300)).not.toBeNull()
    expect(nameOf(branch!)).toBe(title)
  })
})
