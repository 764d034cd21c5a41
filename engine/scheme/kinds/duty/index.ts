/**
 * Duty (optional): the service around the cases — the roster (带班/值班 shifts by role), grid
 * workers' days at their point, recurring obligations with their evidence form, the officers'
 * assessment, complaints about the service, the public notice board — and which assessment inputs
 * the records earn. A scheme without a duty file still loads (a fork made before it existed).
 */
import { dutySchema } from '../../schemas/duty'
import type { DutyBind, DutyDefinition, WorkflowMachineDefinition } from '../../types'
import { defineKind } from '../kind'
import { inputLeaves, type CheckContext } from '../check-kit'
import { addRemove, renamed, shape, type Handler } from '../diff-kit'

/**
 * The roles, units, forms, fields, clocks and events it names exist, and every binding names a
 * real yes/no input of the assessment scoring (the first scoring definition, the one the village
 * assessment uses).
 */
function check(duty: DutyDefinition, { s, at, roleIds, unitIds }: CheckContext): void {
  const role = (obj: unknown, ptr: string, id: string) => {
    if (!roleIds.has(id)) at(obj, ptr, 'UNKNOWN_ROLE', { id })
  }
  const assessment = s.scoring()
  const assessmentInputs = assessment ? inputLeaves(assessment.inputs) : new Map<string, string>()
  const checkBinds = (obj: unknown, ptr: string, binds: DutyBind[] | undefined) => {
    binds?.forEach((b, i) => {
      if (assessmentInputs.get(b.input) !== 'boolean')
        at(obj, `${ptr}/${i}/input`, 'UNKNOWN_SCORING_INPUT', { scoring: assessment?.id ?? '', input: b.input, type: '是/否', typeEn: 'yes/no' })
    })
  }
  const formField = (obj: unknown, ptr: string, formId: string, field: string, type?: 'array' | 'string'): boolean => {
    const f = s.form(formId)
    if (!f) return false
    const types = f.fields.get(field)
    if (!types) {
      at(obj, ptr, 'UNKNOWN_FORM_FIELD', { form: formId, field })
      return false
    }
    if (type && !types.includes(type))
      at(obj, ptr, 'FIELD_TYPE', { form: formId, field, type: type === 'array' ? '数组' : '文字', typeEn: type === 'array' ? 'an array' : 'a string' })
    return true
  }
  const machineOf = (obj: unknown, ptr: string, id: string) => {
    const m = s.machineDefs.get(id)
    if (!m) at(obj, ptr, 'UNKNOWN_MACHINE', { id })
    return m
  }
  const event = (obj: unknown, ptr: string, m: WorkflowMachineDefinition | undefined, ev: string | undefined) => {
    if (m && ev !== undefined && !m.events[ev]) at(obj, ptr, 'UNKNOWN_EVENT', { machine: m.id, event: ev })
  }

  if (duty.roster) {
    const r = duty.roster
    if (!unitIds.has(r.unit)) at(r, '/unit', 'UNKNOWN_UNIT', { id: r.unit })
    const seen = new Set<string>()
    r.shifts.forEach((sh, i) => {
      role(r, `/shifts/${i}/role`, sh.role)
      if (seen.has(sh.id)) at(r, `/shifts/${i}/id`, 'DUPLICATE_ID', { id: sh.id, other: `/roster/shifts` })
      seen.add(sh.id)
    })
  }
  if (duty.gridAttendance) role(duty.gridAttendance, '/role', duty.gridAttendance.role)
  if (duty.staffing) checkBinds(duty.staffing, '/binds', duty.staffing.binds)

  const obligations = new Map(duty.obligations.map((ob) => [ob.id, ob]))
  for (const ob of duty.obligations) {
    if (!s.form(ob.form)) at(ob, '/form', 'UNKNOWN_FORM', { id: ob.form })
    else {
      formField(ob, '/dateField', ob.form, ob.dateField, 'string')
      if (ob.attendance) formField(ob, '/attendance/field', ob.form, ob.attendance.field, 'array')
    }
    ob.roles?.forEach((r, i) => role(ob, `/roles/${i}`, r))
    ob.attendance?.roles.forEach((r, i) => role(ob, `/attendance/roles/${i}`, r))
    checkBinds(ob, '/binds', ob.binds)
  }

  const oa = duty.officerAssessment
  if (oa) {
    const sc = s.scoring(oa.scoring)
    if (!sc) at(oa, '/scoring', 'UNKNOWN_SCORING', { id: oa.scoring })
    oa.roles.forEach((r, i) => role(oa, `/roles/${i}`, r))
    const m = machineOf(oa, '/machine', oa.machine ?? 'case')
    oa.urgeEvents?.forEach((e, i) => event(oa, `/urgeEvents/${i}`, m, e))
    if (sc) {
      const leaves = inputLeaves(sc.inputs)
      for (const path of Object.keys(oa.statistics)) {
        const t = leaves.get(path)
        if (t !== 'integer' && t !== 'number')
          at(oa, `/statistics/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'UNKNOWN_SCORING_INPUT', {
            scoring: sc.id,
            input: path,
            type: '数值',
            typeEn: 'numeric',
          })
      }
      if (oa.marksForm) {
        const f = s.form(oa.marksForm)
        if (!f) at(oa, '/marksForm', 'UNKNOWN_FORM', { id: oa.marksForm })
        else
          for (const field of f.fields.keys()) {
            const path = `${oa.marksInput ?? 'marks'}.${field}`
            if (!leaves.has(path)) at(oa, '/marksForm', 'UNKNOWN_SCORING_INPUT', { scoring: sc.id, input: path, type: '对应的', typeEn: 'matching' })
          }
      }
    }
    const usesTraining = Object.values(oa.statistics).some((v) => v === 'trainingsHeld' || v === 'trainingsAttended')
    if (oa.trainingObligation) {
      const ob = obligations.get(oa.trainingObligation)
      if (!ob) at(oa, '/trainingObligation', 'UNKNOWN_OBLIGATION', { id: oa.trainingObligation })
      else if (!ob.attendance)
        at(oa, '/trainingObligation', 'SCHEMA', {
          detail: `定期工作 "${ob.id}" 没有点名（attendance），无法统计参训`,
          detailEn: `Obligation "${ob.id}" has no roll call (attendance) to count training from`,
        })
    } else if (usesTraining)
      at(oa, '/statistics', 'SCHEMA', { detail: '统计参训次数须指定 trainingObligation', detailEn: 'Training statistics need a trainingObligation' })
  }

  const sup = duty.supervision
  if (sup) {
    const m = machineOf(sup, '/machine', sup.machine)
    event(sup, '/registerEvent', m, sup.registerEvent)
    event(sup, '/assignEvent', m, sup.assignEvent)
    event(sup, '/replyEvent', m, sup.replyEvent)
    if (sup.clock) {
      const c = s.clocks.get(sup.clock)
      if (!c) at(sup, '/clock', 'UNKNOWN_CLOCK', { id: sup.clock })
      else if (c.machine !== sup.machine && s.machineDefs.has(c.machine))
        at(sup, '/clock', 'SCHEMA', {
          detail: `时限 "${c.id}" 属于流程 "${c.machine}"，不是 "${sup.machine}"`,
          detailEn: `Clock "${c.id}" belongs to workflow "${c.machine}", not "${sup.machine}"`,
        })
    }
    const regForm = m?.events[sup.registerEvent]?.form
    if (sup.public && regForm && s.form(regForm)) {
      formField(sup, '/public/dateField', regForm, sup.public.dateField)
      for (const [field, value] of Object.entries(sup.public.fixed ?? {})) {
        if (formField(sup, `/public/fixed/${field}`, regForm, field)) {
          const fieldSchema = (s.form(regForm)!.schema.properties as Record<string, Record<string, unknown>>)[field]!
          if (s.validator.validate(fieldSchema, value).length)
            at(sup, `/public/fixed/${field}`, 'SCHEMA', {
              detail: `"${value}" 不是表单 "${regForm}" 字段 "${field}" 的有效取值`,
              detailEn: `"${value}" is not a valid value of field "${field}" of form "${regForm}"`,
            })
        }
      }
    }
    // the assign form's officer field is a declared role, checked with the others (field-roles.ts)
  }

  const n = duty.notice
  if (n) {
    // Stages are not checked against the workflow: the notice publishes those the workflow has,
    // so removing a stage from the workflow never invalidates the scheme.
    machineOf(n, '/machine', n.machine)
    n.officerRoles.forEach((r, i) => role(n, `/officerRoles/${i}`, r))
  }
}

// ---------------------------------------------------------------- diff
const CADENCE: Record<string, string> = { 1: '每月', 2: '每两个月', 3: '每季度', 4: '每四个月', 6: '每半年', 12: '每年' }
const cadence = (v: unknown) => CADENCE[String(v)] ?? `每 ${String(v)} 个月`

const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  const obligation = () => `定期工作「${n.name(c.path.slice(0, 2))}」`
  const shift = () => `班次「${n.name(c.path.slice(0, 3))}」`
  if (sh === 'obligations/[]') return addRemove(c, n)
  if (sh === 'roster/shifts/[]') return addRemove(c, n, '值班安排')
  if (sh === 'obligations/[]/name' || sh === 'roster/shifts/[]/name') return renamed(c, n)
  if (sh === 'obligations/[]/every') return n.entry(c, `${obligation()}周期：${cadence(c.old)} → ${cadence(c.new)}`)
  if (sh === 'obligations/[]/remindBefore') return n.entry(c, `${obligation()}到期前提醒：${String(c.old)} → ${String(c.new)} 天`)
  if (sh === 'obligations/[]/form') return n.entry(c, `${obligation()}佐证表单：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'obligations/[]/roles/{}') return n.entry(c, `${obligation()}${c.op === 'added' ? '新增' : '去掉'}负责角色 ${String(c.new ?? c.old)}`)
  if (sh === 'roster/shifts/[]/count') return n.entry(c, `${shift()}每个工作日人数：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'roster/shifts/[]/role') return n.entry(c, `${shift()}轮值角色：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'roster/unit') return n.entry(c, `值班单位：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'gridAttendance/minDaysPerWeek') return n.entry(c, `网格员每周在点天数：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'officerAssessment/every') return n.entry(c, `代办员考核周期：${cadence(c.old)} → ${cadence(c.new)}`)
  return null
}

export const duty = defineKind<DutyDefinition, 'duty'>({
  kind: 'duty',
  presence: 'optional',
  title: { zh: '值班与监督', en: 'Duty' },
  schema: dutySchema,
  lists: ['obligations'],
  sets: ['roles'],
  check,
  diff: { nouns: { obligations: '定期工作', shifts: '班次' }, words },
  docs: {
    files: '`duty.json`, `forms-duty.json`',
    holds:
      "the service around the cases: the duty roster (带班/值班 shifts by role, grid workers' days at their point), recurring obligations with cadence and evidence form (training with roll call, meetings, self-evaluation, survey, officer assessment), the half-yearly officer assessment, complaints about the service, the public notice board, and which 组织落实/制度建设 scoring inputs the records earn",
  },
})
