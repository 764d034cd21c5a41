/** Reading the scheme's forms for display and for rjsf: generic rules, checked on the Galutu forms. */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { cleanData, displayValue, formRows, initialData, orderedFields, prepareForm, stageInfo, stagesOf, stateInfoOf } from '../../runtime/web/src/schemaUtil'
import { makeI18n } from '../../runtime/web/src/i18n'
import type { FormDef, JsonSchema, WorkflowDef } from '../../runtime/web/src/api'

const read = (f: string) => JSON.parse(readFileSync(`definitions/galutu/${f}`, 'utf8')) as { forms: FormDef[] }
const forms = [...read('forms-intake.json').forms, ...read('forms-handling.json').forms]
const form = (id: string) => forms.find((f) => f.id === id)!
const i18n = makeI18n('zh')

describe('prepareForm', () => {
  it('makes a oneOf with a "none" choice one select: const null and the constants’ types', () => {
    const { schema } = prepareForm(form('intake'))
    const lc = schema.properties!.legalChannel!
    expect(lc.oneOf![0]).toMatchObject({ type: 'null', const: null, title: '否' })
    expect(lc.type).toEqual(['null', 'string'])
    // the definition itself is untouched
    expect('const' in form('intake').schema.properties!.legalChannel!.oneOf![0]!).toBe(false)
    const pause = prepareForm(form('pause')).schema.properties!.reason!
    expect(pause.type).toBe('string')
  })

  it('asks required yes/no questions with two radio buttons, and leaves the others as checkboxes', () => {
    const { uiSchema } = prepareForm(form('feedback'))
    expect(uiSchema.satisfied).toMatchObject({ 'ui:widget': 'radio' })
    expect(uiSchema.reviewRequested).toMatchObject({ 'ui:widget': 'radio' })
    const intake = prepareForm(form('intake')).uiSchema
    expect(intake.acceptsProxy).toBeUndefined()
    // a must-tick item (const true) stays a checkbox
    expect(prepareForm(form('archive')).uiSchema.intakeForm).toBeUndefined()
    expect(intake['ui:submitButtonOptions']).toEqual({ norender: true })
  })
})

describe('initialData and cleanData', () => {
  it('starts from the defaults, with today in required dates', () => {
    const d = initialData(form('intake').schema, '2026-03-10')
    expect(d.receivedOn).toBe('2026-03-10')
    expect(d.acceptsProxy).toBe(true)
    expect(d.legalChannel).toBeNull()
    expect(d.solutionSettledOn).toBeUndefined()
    expect(d.promisedDueDate).toBeUndefined()
    expect(initialData(form('disposal').schema, null)).toEqual({})
  })
  it('drops empty strings, read-only fields and empty optional lists before sending', () => {
    expect(cleanData(form('intake').schema, { petitionerName: '张三', address: '', promisedDueDate: '2026-03-09', legalChannel: null })).toEqual({
      petitionerName: '张三',
      legalChannel: null,
    })
    expect(cleanData(form('conclude').schema, { measures: [], result: 'x' })).toEqual({ result: 'x' })
    expect(cleanData(form('disposal').schema, { units: [] })).toEqual({ units: [] })
  })
})

describe('display', () => {
  it('shows choice titles, 是/否, and lists joined', () => {
    const s: JsonSchema = {
      type: 'array',
      items: {
        type: 'string',
        oneOf: [
          { const: 'a', title: '甲' },
          { const: 'b', title: '乙' },
        ],
      },
    }
    expect(displayValue(s, ['a', 'b'], i18n)).toBe('甲、乙')
    expect(displayValue({ type: 'boolean' }, false, i18n)).toBe('否')
    expect(displayValue(form('intake').schema.properties!.legalChannel, null, i18n)).toBe('否')
    expect(displayValue(form('intake').schema.properties!.legalChannel, 'arbitration', i18n)).toBe('仲裁')
  })
  it('rows follow ui:order, titles from the schema, defaults when asked', () => {
    const f = form('intake')
    expect(orderedFields(f.schema, f.uiSchema).slice(0, 3)).toEqual(['petitionerName', 'sex', 'idNumber'])
    const rows = formRows(f, { petitionerName: '张三', summary: '事项', extra: 'kept' }, i18n)
    expect(rows.map((r) => [r.title, r.value])).toEqual([
      ['信访人姓名', '张三'],
      ['信访事项摘要', '事项'],
      ['extra', 'kept'],
    ])
    expect(rows[1]!.long).toBe(true)
    const all = formRows(f, { petitionerName: '张三' }, i18n, true, true)
    expect(all.find((r) => r.field === 'acceptsProxy')!.value).toBe('是')
    expect(all.find((r) => r.field === 'address')!.value).toBe('')
  })
})

describe('workflow labels', () => {
  const wf = (JSON.parse(readFileSync('definitions/galutu/workflow.json', 'utf8')) as { machines: WorkflowDef[] }).machines[0]!
  it('labels states through their parents and stages by their states', () => {
    expect(stateInfoOf(wf, 'closed.excluded').name).toBe('不予代办')
    expect(stateInfoOf(wf, 'handling')).toMatchObject({ name: '事项办理', stage: 'handling' })
    expect(stageInfo(wf, 'archive').name).toBe('整理归档')
    expect(stagesOf(wf)).toEqual(['intake', 'handling', 'feedback', 'review', 'followUp', 'archive', 'closed', 'archived'])
  })
})
