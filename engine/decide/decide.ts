/**
 * `decide(facts)`: triage, routing, the level's time limit and the due date, escalation — with
 * the reasons and a trace of which rules fired. Pure: the scheme and the facts in, data out.
 */
import type { CompiledScheme } from '../scheme/compiled'
import type { Decision } from './types'
import type { Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { CalendarError } from '../calendar/calendar'
import { isDate } from '../calendar/date'
import { fieldRoles, type RoleId } from '../scheme/field-roles'

export type DecideResult = { ok: true; decision: Decision } | { ok: false; problems: Problem[] }

/**
 * Validate decision facts against the facts form's field types (not its `required`, since other
 * systems send only what decisions need): unknown fields and wrong types are refused.
 */
export function checkFacts(scheme: CompiledScheme, formId: string, facts: unknown): Problem[] {
  if (!facts || typeof facts !== 'object' || Array.isArray(facts)) {
    return [problem('INPUT_INVALID', '', { detail: '输入应为 JSON 对象', detailEn: 'The input must be a JSON object' }, 'input')]
  }
  const form = scheme.form(formId)!
  const relaxed = { ...form.schema, required: [] as string[] }
  // The same object each time keeps ajv's cache effective.
  const schema = (relaxedCache.get(form.schema) ?? relaxedCache.set(form.schema, relaxed).get(form.schema))!
  return scheme.validator.validate(schema, facts).map((e) => {
    const p = problem(e.code === 'UNKNOWN_FIELD' ? 'UNKNOWN_FIELD' : 'INPUT_INVALID', e.field, { field: e.field.slice(1), detail: `${e.field.slice(1)}：${e.message}`, detailEn: `${e.field.slice(1)}: ${e.messageEn}` }, 'input')
    return p
  })
}
const relaxedCache = new WeakMap<object, object>()

export async function decide(scheme: CompiledScheme, input: unknown): Promise<DecideResult> {
  const triage = scheme.ruleSetFor('outcome')!
  const formId = triage.def.factsForm
  const problems = checkFacts(scheme, formId, input)
  if (problems.length) return { ok: false, problems }
  const facts: Record<string, unknown> = { ...scheme.form(formId)!.defaults, ...(input as Record<string, unknown>) }
  // The facts form says which of its fields are the received date, category, level and village.
  const roles = fieldRoles(scheme).form(formId)
  const field = (r: RoleId) => roles[r] ?? r
  const receivedOn = field('receivedOn')
  if (!isDate(facts[receivedOn])) {
    return { ok: false, problems: [problem('MISSING_FACT', `/${receivedOn}`, { field: receivedOn, why: '受理日期是计算时限的起点', whyEn: 'the acceptance date is where time limits start' }, 'input')] }
  }

  const reasons: string[] = []
  const reasonsEn: string[] = []
  const trace: Decision['trace'] = []
  const t = await triage.run(facts)
  trace.push({ ruleSet: t.ruleSet, winner: t.winner?.id ?? null, rules: t.trace })
  const outcome = String(t.winner?.event.params.outcome ?? '')
  const outcomeDef = triage.def.outcomes?.find((o) => o.id === outcome)
  if (t.winner) {
    reasons.push(t.winner.reason)
    reasonsEn.push(t.winner.reasonEn)
  }

  const decision: Decision = { outcome, outcomeName: outcomeDef?.name ?? outcome, group: null, groupId: null, clock: null, dueDate: null, escalateTo: null, reasons, reasonsEn, trace }
  const routes = outcomeDef?.routes === true
  const timed = outcomeDef?.timed === true

  if (routes) {
    const need: Array<[string, string, string]> = []
    if (typeof facts[field('category')] !== 'string') need.push([field('category'), '代办事项须有类别才能分流到专班组', 'a proxied matter needs a category to be routed'])
    if (timed && typeof facts[field('level')] !== 'string') need.push([field('level'), '代办事项须有层级才能确定办理时限', 'a proxied matter needs a level to set its time limit'])
    if (need.length) return { ok: false, problems: need.map(([field, why, whyEn]) => problem('MISSING_FACT', `/${field}`, { field, why, whyEn }, 'input')) }

    const routing = scheme.ruleSetFor('group')!
    const r = await routing.run(facts)
    trace.push({ ruleSet: r.ruleSet, winner: r.fired[0]?.id ?? null, rules: r.trace })
    const groups = [...new Set(r.fired.map((f) => String(f.event.params.group)))]
    if (groups.length !== 1) {
      return { ok: false, problems: [problem(groups.length ? 'CATEGORY_OVERLAP' : 'UNKNOWN_CATEGORY', `/${field('category')}`, { category: facts[field('category')], groups: groups.map((g) => scheme.groupName(g)) }, 'input')] }
    }
    decision.groupId = groups[0]!
    decision.group = scheme.groupName(groups[0]!)
    reasons.push(r.fired[0]!.reason)
    reasonsEn.push(r.fired[0]!.reasonEn)
  }

  if (timed) {
    const levels = scheme.ruleSetFor('clock')
    if (levels) {
      const l = await levels.run(facts)
      trace.push({ ruleSet: l.ruleSet, winner: l.winner?.id ?? null, rules: l.trace })
      if (l.winner) {
        decision.clock = String(l.winner.event.params.clock)
        reasons.push(l.winner.reason)
        reasonsEn.push(l.winner.reasonEn)
        const clock = scheme.clocks.get(decision.clock)!
        const startField = clock.start.dateField
        const start = facts[startField ?? receivedOn]
        if (isDate(start)) {
          try {
            decision.dueDate = scheme.calendar.addDays(start, clock.days, clock.unit)
          } catch (e) {
            if (e instanceof CalendarError) return { ok: false, problems: [{ ...e.problem, file: 'input', pointer: `/${startField ?? receivedOn}` }] }
            throw e
          }
          reasons.push(`自 ${start} 起 ${clock.days} 个${clock.unit === 'workday' ? '工作日' : '自然日'}（起始日不计），应于 ${decision.dueDate} 前办结`)
          reasonsEn.push(`${clock.days} ${clock.unit === 'workday' ? 'working' : 'calendar'} days from ${start} (start day not counted): due ${decision.dueDate}`)
          if (clock.unit === 'workday' && scheme.calendar.isProvisional(decision.dueDate)) {
            const y = decision.dueDate.slice(0, 4)
            reasons.push(`${y} 年节假日安排尚未公布，该截止日按暂定日历（仅法定节日，不含调休）计算，公布后以更新的日历为准`)
            reasonsEn.push(`The ${y} holiday schedule is not yet published: this due date uses the provisional calendar (statutory days only, no 调休)`)
          }
        } else {
          reasons.push(`时限自“${fieldTitle(scheme, formId, startField)}”起算，该日期尚未确定，暂不计时`)
          reasonsEn.push(`The clock starts on "${startField}", which is not set yet: not running`)
        }
      }
    }
  }

  // Escalation (三跨三分离) concerns matters the town takes on: outcomes that route to a group.
  const esc = scheme.ruleSetFor('escalation')
  if (esc && routes) {
    const e = await esc.run(facts)
    trace.push({ ruleSet: e.ruleSet, winner: e.winner?.id ?? null, rules: e.trace })
    if (e.winner) {
      decision.escalateTo = String(e.winner.event.params.to)
      reasons.push(e.winner.reason)
      reasonsEn.push(e.winner.reasonEn)
    }
  }

  const village = facts[field('village')]
  if (typeof village === 'string' && !scheme.defs.org.villages.some((v) => v.name === village || v.id === village)) {
    reasons.push(`嘎查村（社区）“${village}”不在本镇名录中，按原文记录`)
    reasonsEn.push(`Village "${village}" is not in the town's register; kept as written`)
  }
  return { ok: true, decision }
}

function fieldTitle(scheme: CompiledScheme, formId: string, field: string | undefined): string {
  if (!field) return '受理日期'
  const p = (scheme.form(formId)?.schema.properties as Record<string, { title?: string }> | undefined)?.[field]
  return p?.title ?? field
}
