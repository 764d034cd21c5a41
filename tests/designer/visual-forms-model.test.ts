/**
 * The form builder's model (designer/src/visual/forms/model.ts) on galutu's real forms: what it
 * reads from each field (table tests/cases/visual-forms/fields.json), and every edit checked by the
 * engine the designer runs (its worker's host: no problem in the draft), by the engine's form
 * validation (the server's verdict on data), and against the file (nothing else changes).
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { EngineHost } from '../../designer/src/engine/host'
import { loadScheme } from '../../engine/index'
import { writeJson } from '../../engine/scheme/json-edit'
import { formFields } from '../../engine/scheme/form-fields'
import {
  addField,
  blocksOf,
  conditionsUsing,
  fieldsOf,
  isRefusal,
  moveField,
  removeField,
  renameField,
  setHelp,
  setKind,
  setOptions,
  setPattern,
  setPlacement,
  setRequired,
  setSensitive,
  setSource,
  setTitle,
  type FormsDoc,
} from '../../designer/src/visual/forms/model'
import { PATTERN_PRESETS } from '../../engine'

const DIR = 'definitions/galutu'
const text = (f: string) => readFileSync(`${DIR}/${f}`, 'utf8')
const docOf = (f: string) => JSON.parse(text(f)) as FormsDoc
const files = () =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: text(f) }))
const withDoc = (file: string, next: FormsDoc) => files().map((f) => (f.file === file ? { file, text: writeJson(f.text, next) } : f))
const problemsWith = async (file: string, next: FormsDoc) => (await new EngineHost().load(withDoc(file, next))).problems
const schemeWith = async (file: string, next: FormsDoc) => {
  const r = await loadScheme(withDoc(file, next), { quick: true })
  expect(r.problems).toEqual([])
  return r.scheme!
}
const fi = (d: FormsDoc, id: string) => d.forms.findIndex((f) => f.id === id)
const field = (d: FormsDoc, form: string, id: string) => fieldsOf(d.forms[fi(d, form)]!).find((f) => f.id === id)
const ok = (r: ReturnType<typeof removeField>) => {
  if (isRefusal(r)) throw new Error(`refused: ${r.refused} ${JSON.stringify(r.params)}`)
  return r.doc
}

interface Case {
  file: string
  form: string
  field: string
  kind: string
  required: boolean
  mode: string
  role?: string
  hidden?: boolean
}
const CASES = (JSON.parse(readFileSync('tests/cases/visual-forms/fields.json', 'utf8')) as { cases: Case[] }).cases

describe('reading galutu forms', () => {
  it.each(CASES.map((c) => [`${c.form}.${c.field}`, c] as const))('%s', (_n, c) => {
    const f = field(docOf(c.file), c.form, c.field)!
    expect(f).toBeDefined()
    expect({ kind: f.kind, required: f.required, mode: f.placement.mode, role: f.role, hidden: f.hidden }).toEqual({
      kind: c.kind,
      required: c.required,
      mode: c.mode,
      role: c.role,
      hidden: c.hidden ?? false,
    })
  })

  it('lists every field a form may show, in the order rjsf shows it', () => {
    for (const file of ['forms-intake.json', 'forms-handling.json', 'forms-duty.json']) {
      for (const form of docOf(file).forms) {
        const ids = fieldsOf(form).map((f) => f.id)
        expect(new Set(ids)).toEqual(new Set(Object.keys(formFields(form.schema))))
        const order = form.uiSchema?.['ui:order'] as string[] | undefined
        if (order && !order.includes('*')) expect(ids).toEqual(order)
      }
    }
    // publicIntake: "*" stands for the hidden channel, receivedOn and sourceId, in properties' order
    const pub = docOf('forms-intake.json').forms[1]!
    expect(
      fieldsOf(pub)
        .map((f) => f.id)
        .slice(-4),
    ).toEqual(['acceptsProxy', 'channel', 'receivedOn', 'sourceId'])
  })

  it('reads the collective-petition condition as a condition on 信访人数 ≥ 5', () => {
    const d = docOf('forms-intake.json')
    const blocks = blocksOf(d.forms[0]!.schema)
    expect(blocks).toEqual([{ at: [], cond: { field: 'petitionerCount', op: 'gte', value: 5 }, description: '集体访（信访人数5人以上）' }])
  })
})

describe('the 民族 story: add a required choice after 性别', () => {
  it('writes properties, required and ui:order in step, and nothing else', async () => {
    const d0 = docOf('forms-intake.json')
    const k = fi(d0, 'intake')
    const added = addField(d0, k, { title: '新字段 32' })
    const id = added.id
    expect(id).toBe('field_1')
    let d = setTitle(added.doc, k, id, '民族')
    d = setKind(d, k, id, 'choice')
    d = setOptions(
      d,
      k,
      id,
      ['汉族', '蒙古族', '回族', '其他'].map((value) => ({ value })),
    )
    d = setRequired(d, k, id, true)
    const at = fieldsOf(d.forms[k]!).findIndex((f) => f.id === 'sex') + 1
    d = moveField(d, k, id, at)

    const form = d.forms[k]!
    expect(form.schema.properties[id]).toEqual({ type: 'string', title: '民族', enum: ['汉族', '蒙古族', '回族', '其他'] })
    expect(form.schema.required).toContain(id)
    const order = form.uiSchema!['ui:order'] as string[]
    expect(order[order.indexOf('sex') + 1]).toBe(id)
    expect(fieldsOf(form).map((f) => f.id)).toEqual(order)
    // nothing else changed
    const strip = (x: FormsDoc) => {
      const c = structuredClone(x)
      const f = c.forms[k]!
      delete f.schema.properties[id]
      f.schema.required = f.schema.required.filter((r: string) => r !== id)
      f.uiSchema!['ui:order'] = (f.uiSchema!['ui:order'] as string[]).filter((r) => r !== id)
      return c
    }
    expect(strip(d)).toEqual(d0)
    // the file keeps its text outside the members written
    const before = text('forms-intake.json')
    const after = writeJson(before, d)
    expect(JSON.parse(after)).toEqual(d)
    const tail = before.slice(before.indexOf('"id": "publicIntake"'))
    expect(after.endsWith(tail)).toBe(true)

    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    const scheme = await schemeWith('forms-intake.json', d)
    const data = { petitionerName: '张三', village: '团结社区', channel: 'visit', summary: '养老保险待遇未发放', receivedOn: '2026-11-02' }
    expect(scheme.validateForm('intake', data).map((e) => [e.field, e.code])).toEqual([[`/${id}`, 'REQUIRED']])
    expect(scheme.validateForm('intake', { ...data, [id]: '蒙古族' })).toEqual([])
    expect(scheme.validateForm('intake', { ...data, [id]: '满族' }).map((e) => e.field)).toEqual([`/${id}`])
  })
})

describe('removing a field', () => {
  it('takes it out of properties, required, ui:order and the uiSchema', async () => {
    const d0 = docOf('forms-intake.json')
    // 来文单位: no role, no condition reads it
    expect(d0.forms[0]!.uiSchema!['ui:order']).toContain('sourceUnit')
    const d = ok(removeField(d0, 0, 'sourceUnit'))
    const f = d.forms[0]!
    expect(f.schema.properties.sourceUnit).toBeUndefined()
    expect(f.uiSchema!['ui:order']).not.toContain('sourceUnit')
    expect(f.uiSchema!.sourceUnit).toBeUndefined()
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    const req = ok(removeField(d0, 0, 'representatives')) // a conditional, required field: its branch goes with it
    expect(req.forms[0]!.schema.then).toBeUndefined()
    expect(req.forms[0]!.schema.if).toEqual(d0.forms[0]!.schema.if)
    expect(req.forms[0]!.uiSchema!['ui:order']).not.toContain('representatives')
    expect(await problemsWith('forms-intake.json', req)).toEqual([])
  })

  it('is refused for a field with a role — the engine refuses the scheme without it', async () => {
    const d0 = docOf('forms-intake.json')
    const r = removeField(d0, 0, 'receivedOn')
    expect(isRefusal(r) && r).toMatchObject({ refused: 'role', params: { field: 'receivedOn', role: 'receivedOn' } })
    // what validate says when it goes anyway (the property and its mentions removed by hand)
    const forced = structuredClone(d0)
    delete forced.forms[0]!.schema.properties.receivedOn
    forced.forms[0]!.schema.required = forced.forms[0]!.schema.required.filter((x: string) => x !== 'receivedOn')
    forced.forms[0]!.uiSchema!['ui:order'] = (forced.forms[0]!.uiSchema!['ui:order'] as string[]).filter((x) => x !== 'receivedOn')
    const codes = (await problemsWith('forms-intake.json', forced)).map((p) => p.code)
    expect(codes).toContain('MISSING_FIELD_ROLE')
  })

  it('is refused for a field a condition reads, naming the condition', () => {
    const r = removeField(docOf('forms-intake.json'), 0, 'petitionerCount')
    expect(isRefusal(r) && r).toMatchObject({ refused: 'condition', params: { conditions: '集体访（信访人数5人以上）' } })
    expect(conditionsUsing(docOf('forms-intake.json').forms[0]!.schema, 'sex')).toEqual([])
  })
})

describe('conditions: shown or required only when another field says so', () => {
  it('交办或上报单位 shown only when the source is one of the assigning ones: an allOf entry beside the collective petition', async () => {
    const d0 = docOf('forms-intake.json')
    const cond = { field: 'source', op: 'in' as const, value: ['banner_assigned', 'joint_office_assigned', 'point_reported'] }
    const d = setPlacement(d0, 0, 'sourceUnit', 'shownWhen', cond, '事项由上级交办或服务点上报')
    const s = d.forms[0]!.schema
    expect(s.properties.sourceUnit).toBeUndefined()
    expect(s.allOf).toEqual([
      {
        if: { description: '事项由上级交办或服务点上报', properties: { source: { enum: cond.value } }, required: ['source'] },
        then: { properties: { sourceUnit: d0.forms[0]!.schema.properties.sourceUnit } },
      },
    ])
    expect(s.if).toEqual(d0.forms[0]!.schema.if) // the existing condition untouched
    expect(d.forms[0]!.uiSchema!['ui:order']).toEqual(d0.forms[0]!.uiSchema!['ui:order'])
    expect(field(d, 'intake', 'sourceUnit')!.placement).toEqual({ mode: 'shownWhen', block: 1 })
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    const scheme = await schemeWith('forms-intake.json', d)
    const data = { petitionerName: '张三', village: '团结社区', channel: 'visit', summary: '摘要', receivedOn: '2026-11-02' }
    expect(scheme.validateForm('intake', { ...data, source: 'banner_assigned', sourceUnit: 'banner_center' })).toEqual([])
    expect(scheme.validateForm('intake', { ...data, source: 'direct', sourceUnit: 'banner_center' }).map((e) => e.code)).toEqual(['NOT_APPLICABLE'])
    // and back: the file is as it was
    const back = setPlacement(d, 0, 'sourceUnit', 'always', null)
    expect(back).toEqual(d0)
  })

  it('a field required only when: the field stays, the condition requires it', async () => {
    const d0 = docOf('forms-intake.json')
    const d = setPlacement(d0, 0, 'requests', 'requiredWhen', { field: 'source', op: 'eq', value: 'banner_assigned' }, '旗信访代办服务中心交办')
    expect(d.forms[0]!.schema.properties.requests).toEqual(d0.forms[0]!.schema.properties.requests)
    expect(d.forms[0]!.schema.allOf).toEqual([
      {
        if: { description: '旗信访代办服务中心交办', properties: { source: { const: 'banner_assigned' } }, required: ['source'] },
        then: { required: ['requests'] },
      },
    ])
    expect(field(d, 'intake', 'requests')!.placement.mode).toBe('requiredWhen')
    const scheme = await schemeWith('forms-intake.json', d)
    const data = { petitionerName: '张三', village: '团结社区', channel: 'visit', summary: '摘要', receivedOn: '2026-11-02' }
    expect(scheme.validateForm('intake', { ...data, source: 'direct' })).toEqual([])
    const e = scheme.validateForm('intake', { ...data, source: 'banner_assigned' })
    expect(e.map((x) => [x.field, x.code])).toEqual([['/requests', 'REQUIRED']])
    expect(e[0]!.message).toContain('旗信访代办服务中心交办时必填')
  })

  it('joins an existing condition with the same field and value (推选的代表 ← 集体访), and leaves its words', () => {
    const d0 = docOf('forms-intake.json')
    const d = setPlacement(d0, 0, 'address', 'shownWhen', { field: 'petitionerCount', op: 'gte', value: 5 }, 'unused')
    expect(d.forms[0]!.schema.allOf).toBeUndefined()
    expect(Object.keys(d.forms[0]!.schema.then.properties)).toEqual(['representatives', 'address'])
    expect(d.forms[0]!.schema.if.description).toBe('集体访（信访人数5人以上）')
  })

  it('on a form without a uiSchema and with additionalProperties false: ui:order is written, unevaluatedProperties takes its place', async () => {
    const d0 = docOf('forms-handling.json')
    const k = fi(d0, 'delay')
    const d = setPlacement(d0, k, 'expectedOn', 'shownWhen', { field: 'method', op: 'eq', value: '信函' }, '告知方式为信函')
    const f = d.forms[k]!
    expect(f.uiSchema).toEqual({ 'ui:order': ['reason', 'method', 'expectedOn'] })
    expect(f.schema.additionalProperties).toBeUndefined()
    expect(f.schema.unevaluatedProperties).toBe(false)
    expect(Object.keys(f.schema).indexOf('unevaluatedProperties')).toBe(Object.keys(d0.forms[k]!.schema).indexOf('additionalProperties'))
    expect(await problemsWith('forms-handling.json', d)).toEqual([])
    const scheme = await schemeWith('forms-handling.json', d)
    expect(scheme.validateForm('delay', { reason: '材料不全', method: '信函', expectedOn: '2026-12-01' })).toEqual([])
    expect(scheme.validateForm('delay', { reason: '材料不全', method: '电话', expectedOn: '2026-12-01' }).map((e) => e.code)).toEqual(['NOT_APPLICABLE'])
    expect(scheme.validateForm('delay', { reason: '材料不全', method: '电话', other: 1 }).map((e) => e.code)).toEqual(['UNKNOWN_FIELD'])
  })

  it('a conditional field made unconditional keeps required (推选的代表: always, required)', async () => {
    const d0 = docOf('forms-intake.json')
    const d = setPlacement(d0, 0, 'representatives', 'always', null)
    const s = d.forms[0]!.schema
    expect(s.properties.representatives).toEqual(d0.forms[0]!.schema.then.properties.representatives)
    expect(s.required).toContain('representatives')
    expect(s.then).toBeUndefined()
    expect(s.else).toEqual(d0.forms[0]!.schema.else)
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
  })
})

describe('other edits', () => {
  it('renames a field everywhere in its form, keeping its place; the condition follows', async () => {
    const d0 = docOf('forms-intake.json')
    const d = ok(renameField(d0, 0, 'petitionerCount', 'headcount'))
    const f = d.forms[0]!
    expect(f.schema.properties.headcount).toEqual(d0.forms[0]!.schema.properties.petitionerCount)
    expect(Object.keys(f.schema.properties).indexOf('headcount')).toBe(Object.keys(d0.forms[0]!.schema.properties).indexOf('petitionerCount'))
    expect(f.schema.if.properties.headcount).toBeDefined()
    expect(f.schema.if.required).toEqual(['headcount'])
    expect((f.uiSchema!['ui:order'] as string[]).indexOf('headcount')).toBe((d0.forms[0]!.uiSchema!['ui:order'] as string[]).indexOf('petitionerCount'))
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    expect(renameField(d0, 0, 'sex', 'phone')).toMatchObject({ refused: 'idTaken' })
    expect(renameField(d0, 0, 'sex', '性别')).toMatchObject({ refused: 'idBad' })
    // a form without ui:order gets one, so the renamed field keeps its place on screen
    const h0 = docOf('forms-handling.json')
    const h = ok(renameField(h0, fi(h0, 'delay'), 'reason', 'why'))
    expect(h.forms[fi(h0, 'delay')]!.uiSchema).toEqual({ 'ui:order': ['why', 'method', 'expectedOn'] })
  })

  it('moves within an order with "*": the fields it stands for stay under it', async () => {
    const d0 = docOf('forms-intake.json')
    const d = moveField(d0, 1, 'channel', 0)
    expect(d.forms[1]!.uiSchema!['ui:order']).toEqual([
      'channel',
      'petitionerName',
      'phone',
      'idNumber',
      'village',
      'address',
      'category',
      'summary',
      'requests',
      'acceptsProxy',
      '*',
    ])
    expect(
      fieldsOf(d.forms[1]!)
        .map((f) => f.id)
        .slice(-3),
    ).toEqual(['acceptsProxy', 'receivedOn', 'sourceId'])
    const e = moveField(d0, 1, 'phone', 9) // after the starred ones' start: listed by name, "*" kept
    expect(fieldsOf(e.forms[1]!).map((f) => f.id)[9]).toBe('phone')
    expect(e.forms[1]!.uiSchema!['ui:order']).toContain('*')
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    expect(await problemsWith('forms-intake.json', e)).toEqual([])
  })

  it("changes the type: the old type's keys go, title, help, role and unknown keys stay", async () => {
    const d0 = docOf('forms-intake.json')
    const withUnknown = structuredClone(d0)
    withUnknown.forms[0]!.schema.properties.requests['x-note'] = 'kept'
    const d = setKind(withUnknown, 0, 'requests', 'choice')
    expect(d.forms[0]!.schema.properties.requests).toEqual({ type: 'string', enum: ['选项1'], title: '诉求', 'x-daiban-role': 'requests', 'x-note': 'kept' })
    expect(d.forms[0]!.uiSchema!.requests).toBeUndefined() // the textarea widget went with the long text
    const m = setKind(d0, 0, 'sex', 'multi') // options carry over to several choices
    expect(m.forms[0]!.schema.properties.sex).toEqual({ type: 'array', uniqueItems: true, items: { type: 'string', enum: ['男', '女'] }, title: '性别' })
    expect(m.forms[0]!.uiSchema!.sex).toEqual({ 'ui:widget': 'checkboxes' })
    const o = setSource(setKind(d0, 0, 'requests', 'org'), 0, 'requests', 'levels')
    expect(o.forms[0]!.schema.properties.requests).toEqual({ type: 'string', 'x-daiban-options': 'levels', title: '诉求', 'x-daiban-role': 'requests' })
    expect(await problemsWith('forms-intake.json', m)).toEqual([])
    expect(await problemsWith('forms-intake.json', o)).toEqual([])
  })

  it('labelled options are written as oneOf (事项来源 keeps its consts and titles)', () => {
    const d0 = docOf('forms-intake.json')
    const src = field(d0, 'intake', 'source')!
    expect(src.kind).toBe('choice')
    const opts = [
      ...(d0.forms[0]!.schema.properties.source.oneOf as Array<{ const: string; title: string }>).map((o) => ({ value: o.const, label: o.title })),
      { value: 'grid', label: '网格员排查' },
    ]
    const d = setOptions(d0, 0, 'source', opts)
    expect(d.forms[0]!.schema.properties.source.oneOf.at(-1)).toEqual({ const: 'grid', title: '网格员排查' })
    expect(d.forms[0]!.schema.properties.source.enum).toBeUndefined()
    const plain = setOptions(d0, 0, 'sex', [{ value: '男' }, { value: '女' }, { value: '未说明' }])
    expect(plain.forms[0]!.schema.properties.sex.enum).toEqual(['男', '女', '未说明'])
  })

  it('help, sensitive and patterns from the presets; unknown keys are kept', async () => {
    const d0 = docOf('forms-intake.json')
    let d = setHelp(d0, 0, 'sex', '按身份证填写')
    d = setSensitive(d, 0, 'sex', true)
    expect(d.forms[0]!.schema.properties.sex).toEqual({ ...d0.forms[0]!.schema.properties.sex, description: '按身份证填写', 'x-sensitive': true })
    d = setHelp(d, 0, 'promisedDueDate', '') // its help is ui:help
    expect(d.forms[0]!.uiSchema!.promisedDueDate).toBeUndefined()
    const mobile = PATTERN_PRESETS.find((p) => p.id === 'mobile')!
    d = setPattern(d, 0, 'petitionerName', mobile.pattern)
    expect(d.forms[0]!.schema.properties.petitionerName).toMatchObject({
      minLength: 1,
      maxLength: 50,
      'x-daiban-role': 'petitionerName',
      pattern: mobile.pattern,
    })
    expect(await problemsWith('forms-intake.json', d)).toEqual([])
    // the presets accept their examples and are the patterns galutu already writes where it has them
    for (const p of PATTERN_PRESETS) expect(new RegExp(p.pattern).test(p.example)).toBe(true)
    expect(PATTERN_PRESETS.map((p) => p.pattern)).toEqual(
      expect.arrayContaining([d0.forms[0]!.schema.properties.phone.pattern, d0.forms[0]!.schema.properties.idNumber.pattern]),
    )
  })

  it("a pattern the engine cannot run is reported at the field's pattern", async () => {
    const d = setPattern(docOf('forms-intake.json'), 0, 'sex', '^(a+)+\\1$')
    const p = await problemsWith('forms-intake.json', d)
    expect(p.map((x) => x.pointer)).toContain('/forms/0/schema/properties/sex/pattern')
  })
})
