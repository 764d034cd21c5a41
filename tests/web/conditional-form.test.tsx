// @vitest-environment jsdom
/**
 * Issue #16, conditional fields as staff see them: rjsf renders galutu's intake with the fields
 * its condition shows — one petitioner: "能够直接答复、当场解决", no representatives; a collective
 * petition: the representatives, and not the on-the-spot answer — and the apps' validator asks for
 * the representatives of a collective petition before the server would.
 */
import './dom'
import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { render } from '@testing-library/react'
import type { RJSFSchema } from '@rjsf/utils'
import SchemaForm, { validatorFor } from '../../runtime/web/src/forms/SchemaForm'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { expandOptions } from '../../engine/scheme/options'
import type { FormDef } from '../../runtime/web/src/api'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8'))
const def = (JSON.parse(readFileSync('definitions/galutu/forms-intake.json', 'utf8')) as { forms: FormDef[] }).forms.find((f) => f.id === 'intake')!
const form: FormDef = { ...def, schema: expandOptions(def.schema, org) as FormDef['schema'] }

function shown(initialData: Record<string, unknown>): string {
  const r = render(
    <I18nProvider initial="zh">
      <SchemaForm form={form} initialData={initialData} onSubmit={vi.fn()} />
    </I18nProvider>,
  )
  const text = document.body.textContent ?? ''
  r.unmount()
  return text
}

describe('issue #16: the intake form shows the fields its condition applies', () => {
  it('one petitioner: the on-the-spot answer is offered, no representatives', () => {
    const text = shown({ petitionerCount: 1 })
    expect(text).toContain('信访人数')
    expect(text).toContain('能够直接答复、当场解决')
    expect(text).not.toContain('推选的代表')
  })

  it('a collective petition: the representatives, and no on-the-spot answer', () => {
    const text = shown({ petitionerCount: 6 })
    expect(text).toContain('推选的代表（不超过5人）')
    expect(text).not.toContain('能够直接答复、当场解决')
  })

  it("the apps' validator asks for the representatives of a collective petition, and refuses an on-the-spot answer", () => {
    const base = { petitionerName: '张三', village: '团结社区', channel: 'visit', summary: '反映的问题', receivedOn: '2026-09-29' }
    const v = validatorFor('zh')
    const schema = form.schema as RJSFSchema
    expect(v.validateFormData({ ...base, petitionerCount: 6 }, schema).errors.map((e) => e.property?.replace(/^\./, ''))).toContain('representatives')
    expect(v.validateFormData({ ...base, petitionerCount: 6, representatives: '甲', answerableOnSpot: true }, schema).errors.length).toBeGreaterThan(0)
    expect(v.validateFormData({ ...base, petitionerCount: 6, representatives: '甲' }, schema).errors).toEqual([])
    expect(v.validateFormData({ ...base, petitionerCount: 1, answerableOnSpot: true }, schema).errors).toEqual([])
  })
})
