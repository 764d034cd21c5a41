/**
 * Rules: json-rules-engine rule sets — triage (`produces: outcome`), routing to a task group
 * (`group`), a level's time limit (`clock`), escalation. Whether every category routes, every level
 * selects a clock and every triage outcome is reachable are cross-kind checks (../../checks.ts).
 */
import { rulesSchema } from '../../schemas/rules'
import type { RuleSetDefinition, RulesDefinition } from '../../types'
import type { CompiledScheme } from '../../compiled'
import { problem } from '../../../i18n/messages'
import { CompiledRuleSet, DEFAULT_OPERATORS, OPERATOR_DECORATORS } from '../../../rules/ruleset'
import { defineKind } from '../kind'
import { walkCondition, type CheckContext } from '../check-kit'
import { addRemove, fmt, isObj, renamed, resolve, shape, type Handler } from '../diff-kit'
import { formFields } from '../../form-fields'
import { allowedValues, shortList } from '../../consistency/schema-walk'
import { escapePointerToken } from '../../../util/problem'
import { routingMode } from '../../../decide/routing-mode'

function check(def: RulesDefinition, { s, o, out, at }: CheckContext): void {
  const produces = new Map<string, RuleSetDefinition[]>()
  for (const rs of def.ruleSets) produces.set(rs.produces, [...(produces.get(rs.produces) ?? []), rs])
  for (const kind of ['outcome', 'group'] as const) {
    if (!produces.get(kind)?.length) {
      const loc = o.at(def, '/ruleSets')
      out.push(problem('MISSING_RULESET', loc.pointer, { id: kind === 'outcome' ? 'produces: outcome（甄别）' : 'produces: group（分流）' }, loc.file))
    }
  }
  for (const [kind, list] of produces) {
    list.slice(1).forEach((rs) => at(rs, '/produces', 'DUPLICATE_ID', { id: `produces: ${kind}`, other: list[0]!.id }))
  }
  const operators = new Set([...DEFAULT_OPERATORS, ...s.customOperators().map((c) => c.name)])
  for (const rs of def.ruleSets) {
    const form = s.form(rs.factsForm)
    if (!form) {
      at(rs, '/factsForm', 'UNKNOWN_FORM', { id: rs.factsForm })
      continue
    }
    const outcomes = new Set((rs.outcomes ?? []).map((x) => x.id))
    const checkEvent = (ev: { type: string; params: Record<string, unknown> }, obj: unknown, ptr: string) => {
      if (ev.type !== rs.produces)
        at(obj, `${ptr}/type`, 'SCHEMA', { detail: `事件类型应为 "${rs.produces}"`, detailEn: `Event type must be "${rs.produces}"` })
      if (rs.produces === 'outcome' && !outcomes.has(String(ev.params.outcome)))
        at(obj, `${ptr}/params/outcome`, 'UNKNOWN_OUTCOME', { outcome: String(ev.params.outcome) })
      if (rs.produces === 'group' && !s.groupsById.has(String(ev.params.group)))
        at(obj, `${ptr}/params/group`, 'UNKNOWN_GROUP', { id: String(ev.params.group) })
      if (rs.produces === 'clock' && !s.clocks.has(String(ev.params.clock))) at(obj, `${ptr}/params/clock`, 'UNKNOWN_CLOCK', { id: String(ev.params.clock) })
      if (rs.produces === 'escalation' && typeof ev.params.to !== 'string')
        at(obj, `${ptr}/params/to`, 'SCHEMA', { detail: '缺少上报对象 to', detailEn: 'Missing escalation target "to"' })
    }
    if (rs.produces === 'outcome' && !rs.outcomes?.length)
      at(rs, '', 'SCHEMA', { detail: '甄别规则集须声明 outcomes', detailEn: 'A triage rule set must declare its outcomes' })
    if (rs.default) checkEvent(rs.default.event, rs, '/default/event')
    rs.rules.forEach((r, i) => {
      checkEvent(r.event, rs, `/rules/${i}/event`)
      if (r.set) checkSet(s, def, rs, i, at)
      walkCondition(r.conditions, `/rules/${i}/conditions`, (c, ptr) => {
        if (c.fact !== undefined) {
          const types = form.fields.get(c.fact)
          if (!types) at(rs, `${ptr}/fact`, 'UNKNOWN_FORM_FIELD', { form: rs.factsForm, field: c.fact })
          else if (c.path !== undefined && !types.some((t) => t === 'object' || t === 'array')) at(rs, `${ptr}/path`, 'PATH_ON_SCALAR', { field: c.fact })
          if (c.operator !== undefined) {
            const parts = c.operator.split(':')
            const op = parts.pop()!
            if (!operators.has(op) || parts.some((p) => !OPERATOR_DECORATORS.includes(p)))
              at(rs, `${ptr}/operator`, 'UNKNOWN_OPERATOR', {
                operator: c.operator,
                known: [...operators].join(', '),
                decorators: OPERATOR_DECORATORS.join(', '),
              })
            if (op === 'inCategoriesOf' && !s.groupsById.has(String(c.value))) at(rs, `${ptr}/value`, 'UNKNOWN_GROUP', { id: String(c.value) })
          }
        }
      })
    })
  }
}

/** The order `decide` runs rule sets in: a derived fact is read by the rule sets after the one that sets it. */
const DECIDE_ORDER: ReadonlyArray<RuleSetDefinition['produces']> = ['outcome', 'group', 'clock', 'escalation']

/**
 * A rule's derived facts (`set`, issue #16): only in a `first` rule set (one rule decides, so one
 * value); each a field of the facts form, with a value the field allows; and none read by this rule
 * set or one `decide` runs before it, which would have decided on the typed value.
 */
function checkSet(s: CompiledScheme, def: RulesDefinition, rs: RuleSetDefinition, i: number, at: CheckContext['at']): void {
  const ptr = `/rules/${i}/set`
  if ((rs.produces === 'group' ? routingMode(s, rs) : rs.mode) !== 'first') at(rs, ptr, 'DERIVED_FACT_MODE', { ruleSet: rs.id, rule: rs.rules[i]!.id })
  const form = s.form(rs.factsForm)!
  const props = formFields(form.schema)
  const before = def.ruleSets.filter((x) => DECIDE_ORDER.indexOf(x.produces) <= DECIDE_ORDER.indexOf(rs.produces))
  for (const [field, value] of Object.entries(rs.rules[i]!.set!)) {
    const fp = `${ptr}/${escapePointerToken(field)}`
    const prop = props[field]
    if (!prop || typeof prop !== 'object') {
      at(rs, fp, 'UNKNOWN_FORM_FIELD', { form: rs.factsForm, field })
      continue
    }
    const known = allowedValues(prop as Record<string, unknown>, s.defs.org)
    if (known && !known.some((k) => k === value)) at(rs, fp, 'STALE_VALUE', { value: String(value), form: rs.factsForm, field, known: shortList(known) })
    else {
      const errors = s.validator.validate(prop as object, value)
      if (errors.length) at(rs, fp, 'SCHEMA', { detail: `${field}：${errors[0]!.message}`, detailEn: `${field}: ${errors[0]!.messageEn}` })
    }
    const readers = before.filter((x) => s.ruleSets.get(x.id)?.facts.includes(field))
    if (readers.length) at(rs, fp, 'DERIVED_FACT_TOO_LATE', { field, ruleSet: rs.id, readers: readers.map((x) => x.id) })
  }
}

/** One long-lived json-rules-engine per rule set (after forms: a rule set falls back to its facts form's defaults). */
function compile(s: CompiledScheme, def: RulesDefinition) {
  for (const rs of def.ruleSets) {
    const form = s.forms.get(rs.factsForm)
    s.ruleSets.set(rs.id, new CompiledRuleSet(rs, s.customOperators(), form?.defaults ?? {}))
  }
  return []
}

// ---------------------------------------------------------------- diff
const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  const rsName = () => `规则集「${n.name(c.path.slice(0, 2))}」`
  if (sh === 'ruleSets/[]') return addRemove(c, n)
  if (sh === 'ruleSets/[]/rules/[]' || sh === 'ruleSets/[]/outcomes/[]') return addRemove(c, n, rsName())
  if (sh === 'ruleSets/[]/name' || sh === 'ruleSets/[]/rules/[]/name' || sh === 'ruleSets/[]/outcomes/[]/name') return renamed(c, n)
  const rule = () => `${rsName()}规则「${n.name(c.path.slice(0, 4))}」`
  const nameIn = (root: unknown, list: string, id: unknown) => {
    const el = resolve(root, [
      { t: 'key', key: list },
      { t: 'el', list, id: String(id), by: 'id', idx: {} },
    ])
    return isObj(el) && typeof el.name === 'string' ? el.name : String(id)
  }
  if (sh === 'ruleSets/[]/rules/[]/event/params/clock')
    return n.entry(c, `${rule()}选定的时限：「${nameIn(n.defsA.deadlines, 'clocks', c.old)}」 → 「${nameIn(n.defsB.deadlines, 'clocks', c.new)}」`)
  if (sh === 'ruleSets/[]/rules/[]/event/params/group')
    return n.entry(c, `${rule()}分流到：${nameIn(n.defsA.org, 'groups', c.old)} → ${nameIn(n.defsB.org, 'groups', c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/priority') return n.entry(c, `${rule()}优先级：${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/conditions') return n.entry(c, `${rule()}条件：${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/reason') return n.entry(c, `${rule()}理由：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'ruleSets/[]/mode') return n.entry(c, `${rsName()}判定方式：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/set') return n.entry(c, `${rule()}设定的派生事实：${fmt(c.old)} → ${fmt(c.new)}`)
  return null
}

export const rules = defineKind<RulesDefinition, 'rules'>({
  kind: 'rules',
  presence: 'required',
  title: { zh: '规则', en: 'Rules' },
  schema: rulesSchema,
  lists: ['ruleSets'],
  atomic: ['conditions', 'set'],
  compile,
  check,
  diff: { nouns: { ruleSets: '规则集', rules: '规则', outcomes: '甄别结果' }, words },
  docs: {
    files: '`rules.json`',
    holds:
      "json-rules-engine rule sets: triage (in the decision order of scheme.md), routing (`inCategoriesOf` a group; in mode `first` an override is one rule of a higher priority), level → time limit, escalation (三跨三分离); a rule may `set` a derived fact (a collective petition's level)",
  },
  designer: { preview: 'rules' },
})
