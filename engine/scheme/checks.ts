/**
 * Cross-reference checks beyond JSON Schema. Each problem names the file and JSON pointer of the
 * offending element. All checks run; every problem is returned.
 */
import type { CompiledScheme } from './compiled'
import type { Origins } from './origins'
import { escapePointerToken, type Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { OPTION_SOURCES } from './options'
import { DEFAULT_OPERATORS, OPERATOR_DECORATORS } from '../rules/ruleset'
import type { DutyBind, DutyDefinition, RuleCondition, RuleSetDefinition, WorkflowMachineDefinition } from './types'
import { collectTransitions, pathKey } from '../workflow/statetree'
import { ACTIONS, DELAYS, GUARDS } from '../workflow/registry'
import { Validator } from '../validate/validator'
import { checkFormula } from '../formula/formula'
import { collectTitles } from '../scoring/score'
import { unsafePattern } from '../validate/redos'
import { patternRefusal, UnsupportedPatternError } from '../validate/regexp'
import { canEvaluateSync, evaluateSync } from '../rules/sync-eval'

const paramsValidator = new Validator()

export async function checkScheme(s: CompiledScheme, o: Origins, options: { quick?: boolean } = {}): Promise<Problem[]> {
  const out: Problem[] = []
  const at = (obj: unknown, sub: string, code: string, params: Record<string, unknown>) => {
    const loc = o.at(obj, sub)
    out.push(problem(code, loc.pointer, params, loc.file))
  }
  const { org } = s.defs
  const unitIds = new Set(org.units.map((u) => u.id))
  const villageIds = new Set(org.villages.map((v) => v.id))
  const roleIds = new Set(org.roles.map((r) => r.id))

  // ---- org
  for (const u of org.units) {
    if (u.village && !villageIds.has(u.village)) at(u, '/village', 'SCHEMA', { detail: `未知的嘎查村（社区）"${u.village}"`, detailEn: `Unknown village "${u.village}"` })
    if (u.parent && !unitIds.has(u.parent)) at(u, '/parent', 'UNKNOWN_UNIT', { id: u.parent })
  }
  const catGroups = new Map<string, string[]>()
  for (const g of org.groups) {
    g.units.forEach((u, i) => { if (!unitIds.has(u)) at(g, `/units/${i}`, 'UNKNOWN_UNIT', { id: u }) })
    if (g.leader.role && !roleIds.has(g.leader.role)) at(g, '/leader/role', 'SCHEMA', { detail: `未知的角色 "${g.leader.role}"`, detailEn: `Unknown role "${g.leader.role}"` })
    for (const c of g.categories) catGroups.set(c, [...(catGroups.get(c) ?? []), g.name])
  }
  for (const g of org.groups) {
    g.categories.forEach((c, i) => {
      const gs = catGroups.get(c)!
      if (gs.length > 1 && gs[0] !== g.name) at(g, `/categories/${i}`, 'CATEGORY_DUPLICATE', { category: c, groups: gs })
    })
  }
  for (const ch of org.channels) {
    if (ch.public && !s.form(ch.public.form)) at(ch, '/public/form', 'UNKNOWN_FORM', { id: ch.public.form })
    if (ch.import) {
      const f = s.form(ch.import.form)
      if (!f) at(ch, '/import/form', 'UNKNOWN_FORM', { id: ch.import.form })
      else {
        for (const field of Object.keys(ch.import.columns)) if (!f.fields.has(field)) at(ch, `/import/columns/${field}`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field })
        for (const field of Object.keys(ch.import.values ?? {})) if (!f.fields.has(field)) at(ch, `/import/values/${field}`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field })
      }
    }
  }
  for (const st of org.staffing ?? []) if (!roleIds.has(st.role)) at(st, '/role', 'SCHEMA', { detail: `未知的角色 "${st.role}"`, detailEn: `Unknown role "${st.role}"` })

  // ---- forms: option sources and patterns
  /**
   * Patterns run on RE2 (validate/regexp.ts), so a pattern without an RE2 form (backreference,
   * lookaround) cannot be used at all; the ReDoS check then refuses the classic catastrophic
   * shapes early and by name, though RE2 would run them in linear time.
   */
  const checkPattern = (obj: unknown, ptr: string, pattern: string) => {
    const refusal = patternRefusal(pattern)
    if (refusal) at(obj, ptr, 'UNSUPPORTED_PATTERN', { pattern, detail: refusal.reason, detailEn: refusal.reasonEn })
    else {
      const why = unsafePattern(pattern)
      if (why) at(obj, ptr, 'UNSAFE_PATTERN', { pattern, detail: why })
    }
  }
  const checkPatterns = (obj: unknown, schema: unknown, base: string) =>
    walkSchema(schema, base, (node, ptr) => {
      if (typeof node.pattern === 'string') checkPattern(obj, `${ptr}/pattern`, node.pattern)
      const pp = node.patternProperties
      if (pp && typeof pp === 'object' && !Array.isArray(pp)) for (const key of Object.keys(pp)) checkPattern(obj, `${ptr}/patternProperties/${escapePointerToken(key)}`, key)
    })
  for (const f of s.defs.forms.forms) {
    walkSchema(f.schema, '/schema', (node, ptr) => {
      const src = node['x-daiban-options']
      if (typeof src === 'string' && !OPTION_SOURCES[src]) at(f, `${ptr}/x-daiban-options`, 'UNKNOWN_OPTIONS_SOURCE', { source: src, known: Object.keys(OPTION_SOURCES).join(', ') })
    })
    checkPatterns(f, f.schema, '/schema')
  }

  // ---- rules
  const produces = new Map<string, RuleSetDefinition[]>()
  for (const rs of s.defs.rules.ruleSets) produces.set(rs.produces, [...(produces.get(rs.produces) ?? []), rs])
  for (const kind of ['outcome', 'group'] as const) {
    if (!produces.get(kind)?.length) {
      const loc = o.at(s.defs.rules, '/ruleSets')
      out.push(problem('MISSING_RULESET', loc.pointer, { id: kind === 'outcome' ? 'produces: outcome（甄别）' : 'produces: group（分流）' }, loc.file))
    }
  }
  for (const [kind, list] of produces) {
    list.slice(1).forEach((rs) => at(rs, '/produces', 'DUPLICATE_ID', { id: `produces: ${kind}`, other: list[0]!.id }))
  }
  const operators = new Set([...DEFAULT_OPERATORS, ...s.customOperators().map((c) => c.name)])
  for (const rs of s.defs.rules.ruleSets) {
    const form = s.form(rs.factsForm)
    if (!form) {
      at(rs, '/factsForm', 'UNKNOWN_FORM', { id: rs.factsForm })
      continue
    }
    const outcomes = new Set((rs.outcomes ?? []).map((x) => x.id))
    const checkEvent = (ev: { type: string; params: Record<string, unknown> }, obj: unknown, ptr: string) => {
      if (ev.type !== rs.produces) at(obj, `${ptr}/type`, 'SCHEMA', { detail: `事件类型应为 "${rs.produces}"`, detailEn: `Event type must be "${rs.produces}"` })
      if (rs.produces === 'outcome' && !outcomes.has(String(ev.params.outcome))) at(obj, `${ptr}/params/outcome`, 'UNKNOWN_OUTCOME', { outcome: String(ev.params.outcome) })
      if (rs.produces === 'group' && !s.groupsById.has(String(ev.params.group))) at(obj, `${ptr}/params/group`, 'UNKNOWN_GROUP', { id: String(ev.params.group) })
      if (rs.produces === 'clock' && !s.clocks.has(String(ev.params.clock))) at(obj, `${ptr}/params/clock`, 'UNKNOWN_CLOCK', { id: String(ev.params.clock) })
      if (rs.produces === 'escalation' && typeof ev.params.to !== 'string') at(obj, `${ptr}/params/to`, 'SCHEMA', { detail: '缺少上报对象 to', detailEn: 'Missing escalation target "to"' })
    }
    if (rs.produces === 'outcome' && !rs.outcomes?.length) at(rs, '', 'SCHEMA', { detail: '甄别规则集须声明 outcomes', detailEn: 'A triage rule set must declare its outcomes' })
    if (rs.default) checkEvent(rs.default.event, rs, '/default/event')
    rs.rules.forEach((r, i) => {
      checkEvent(r.event, rs, `/rules/${i}/event`)
      walkCondition(r.conditions, `/rules/${i}/conditions`, (c, ptr) => {
        if (c.fact !== undefined) {
          const types = form.fields.get(c.fact)
          if (!types) at(rs, `${ptr}/fact`, 'UNKNOWN_FORM_FIELD', { form: rs.factsForm, field: c.fact })
          else if (c.path !== undefined && !types.some((t) => t === 'object' || t === 'array')) at(rs, `${ptr}/path`, 'PATH_ON_SCALAR', { field: c.fact })
          if (c.operator !== undefined) {
            const parts = c.operator.split(':')
            const op = parts.pop()!
            if (!operators.has(op) || parts.some((p) => !OPERATOR_DECORATORS.includes(p))) at(rs, `${ptr}/operator`, 'UNKNOWN_OPERATOR', { operator: c.operator })
            if (op === 'inCategoriesOf' && !s.groupsById.has(String(c.value))) at(rs, `${ptr}/value`, 'UNKNOWN_GROUP', { id: String(c.value) })
          }
        }
      })
    })
  }

  // Every category routes to exactly one group.
  const routing = s.ruleSetFor('group')
  if (routing && s.form(routing.def.factsForm)) {
    groups: for (const g of org.groups) {
      for (let i = 0; i < g.categories.length; i++) {
        const category = g.categories[i]!
        if (catGroups.get(category)!.length > 1) continue
        let r
        try {
          r = await routing.run({ category })
        } catch (e) {
          const loc = o.at(routing.def)
          out.push(problem('RULES_FAILED', loc.pointer, { detail: e instanceof Error ? e.message : String(e) }, loc.file))
          break groups
        }
        const groups = [...new Set(r.fired.map((f) => String(f.event.params.group)))]
        if (groups.length === 0) at(g, `/categories/${i}`, 'CATEGORY_UNROUTED', { category })
        else if (groups.length > 1) at(g, `/categories/${i}`, 'CATEGORY_OVERLAP', { category, groups: groups.map((x) => s.groupName(x) ?? x) })
        else if (groups[0] !== g.id && s.groupsById.has(groups[0]!)) at(g, `/categories/${i}`, 'CATEGORY_MISROUTED', { category, group: g.name, routed: s.groupName(groups[0]) ?? groups[0] })
      }
    }
  }
  // Every level selects exactly one clock.
  const levels = s.ruleSetFor('clock')
  if (levels && s.form(levels.def.factsForm)) {
    for (const lv of org.levels) {
      try {
        const r = await levels.run({ level: lv.id })
        if (!r.winner) at(lv, '', 'LEVEL_WITHOUT_CLOCK', { level: lv.id })
      } catch (e) {
        at(levels.def, '', 'RULES_FAILED', { detail: e instanceof Error ? e.message : String(e) })
        break
      }
    }
  }
  // Triage: every outcome reachable, every rule can win.
  const triage = s.ruleSetFor('outcome')
  if (triage && !options.quick && s.form(triage.def.factsForm)) await checkTriageReachability(s, triage.def, o, out)

  // ---- deadlines
  for (const c of s.defs.deadlines.clocks) {
    const m = s.machineDefs.get(c.machine)
    if (!m) {
      at(c, '/machine', 'UNKNOWN_MACHINE', { id: c.machine })
      continue
    }
    const { states } = collectTransitions(m.config, '')
    const stateKnown = (x: string) => states.has(x)
    c.start.events?.forEach((e, i) => {
      if (!m.events[e]) at(c, `/start/events/${i}`, 'UNKNOWN_EVENT', { machine: m.id, event: e })
      else if (c.start.dateField) {
        const f = m.events[e]!.form ? s.form(m.events[e]!.form!) : undefined
        if (f && !f.fields.has(c.start.dateField)) at(c, '/start/dateField', 'UNKNOWN_FORM_FIELD', { form: f.def.id, field: c.start.dateField })
      }
    })
    if (c.start.state && !stateKnown(c.start.state)) at(c, '/start/state', 'UNKNOWN_STATE', { machine: m.id, state: c.start.state })
    c.stop.events?.forEach((e, i) => { if (!m.events[e]) at(c, `/stop/events/${i}`, 'UNKNOWN_EVENT', { machine: m.id, event: e }) })
    c.stop.states?.forEach((st, i) => { if (!stateKnown(st)) at(c, `/stop/states/${i}`, 'UNKNOWN_STATE', { machine: m.id, state: st }) })
    if (c.selectedBy) {
      const rs = s.ruleSets.get(c.selectedBy)
      if (!rs) at(c, '/selectedBy', 'UNKNOWN_RULESET', { id: c.selectedBy })
      else if (rs.def.produces !== 'clock') at(c, '/selectedBy', 'SCHEMA', { detail: `规则集 "${c.selectedBy}" 不产出时限（produces 应为 clock）`, detailEn: `Rule set "${c.selectedBy}" does not produce clocks` })
    }
    if (!c.start.events?.length && !c.start.state) at(c, '/start', 'SCHEMA', { detail: '须指定开始计时的事件或状态', detailEn: 'Give the event or state that starts the clock' })
  }

  // ---- workflow
  const triageOutcomes = new Set((triage?.def.outcomes ?? []).map((x) => x.id))
  const handled = new Set<string>()
  for (const m of s.defs.workflow.machines) {
    const { states, transitions } = collectTransitions(m.config, '')
    for (const [ev, e] of Object.entries(m.events)) {
      if (e.form && !s.form(e.form)) at(m, `/events/${ev}/form`, 'UNKNOWN_FORM', { id: e.form })
      e.roles?.forEach((r, i) => { if (!roleIds.has(r)) at(m, `/events/${ev}/roles/${i}`, 'SCHEMA', { detail: `未知的角色 "${r}"`, detailEn: `Unknown role "${r}"` }) })
      if (e.decide && !triage) at(m, `/events/${ev}/decide`, 'MISSING_RULESET', { id: 'produces: outcome' })
      e.notify?.forEach((n, i) => {
        const f = e.form ? s.form(e.form) : undefined
        if (n.when && f && !f.fields.has(n.when.field)) at(m, `/events/${ev}/notify/${i}/when/field`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field: n.when.field })
        if (n.when && !e.form) at(m, `/events/${ev}/notify/${i}/when`, 'SCHEMA', { detail: '该事件没有表单，不能按字段判断', detailEn: 'The event carries no form to test' })
      })
    }
    for (const [k, ev] of Object.entries(m.entry ?? {})) if (ev !== undefined && !m.events[ev]) at(m, `/entry/${k}`, 'UNKNOWN_EVENT', { machine: m.id, event: ev })
    for (const key of Object.keys(m.stateInfo ?? {})) if (!states.has(key)) at(m, `/stateInfo/${key}`, 'UNKNOWN_STATE', { machine: m.id, state: key })
    for (const st of states.values()) {
      const initial = st.node.initial
      if (typeof initial === 'string' && !states.has(pathKey([...st.path, initial]))) at(m, `/config${st.pointer}/initial`, 'UNKNOWN_STATE', { machine: m.id, state: initial })
      const after = st.node.after
      if (after && typeof after === 'object') for (const name of Object.keys(after)) if (!(name in DELAYS)) at(m, `/config${st.pointer}/after/${name}`, 'UNKNOWN_DELAY', { name })
      for (const key of ['entry', 'exit'] as const) checkActions(st.node[key], `/config${st.pointer}/${key}`)
      if (st.node.invoke) at(m, `/config${st.pointer}/invoke`, 'SCHEMA', { detail: '定义中不能调用外部服务（invoke）', detailEn: 'Definitions cannot invoke services' })
      if (st.node.always) at(m, `/config${st.pointer}/always`, 'SCHEMA', { detail: '暂不支持 always 转移', detailEn: '"always" transitions are not supported' })
    }
    for (const t of transitions) {
      const ptr = `/config${t.pointer}`
      if (!m.events[t.event]) at(m, ptr, 'UNKNOWN_EVENT', { machine: m.id, event: t.event })
      if (t.target === undefined) at(m, `${ptr}/target`, 'UNKNOWN_STATE', { machine: m.id, state: t.targetText ?? '' })
      if (t.transition.guard !== undefined) checkGuard(t.transition.guard, `${ptr}/guard`)
      checkActions(t.transition.actions, `${ptr}/actions`)
    }
    function checkGuard(g: unknown, ptr: string): void {
      const guard = (typeof g === 'string' ? { type: g } : g) as { type?: string; params?: Record<string, unknown> }
      const impl = guard?.type ? GUARDS[guard.type] : undefined
      if (!impl) {
        at(m, ptr, 'UNKNOWN_GUARD', { name: String(guard?.type), known: Object.keys(GUARDS).join(', ') })
        return
      }
      const errs = paramsValidator.validate(impl.params, guard.params ?? {})
      if (errs.length) at(m, `${ptr}/params`, 'BAD_PARAMS', { name: guard.type, detail: errs.map((e) => `${e.field} ${e.message}`).join('；') })
      if (guard.type === 'triageIs') {
        const oc = String(guard.params?.outcome)
        if (!triageOutcomes.has(oc)) at(m, `${ptr}/params/outcome`, 'UNKNOWN_OUTCOME', { outcome: oc })
        handled.add(oc)
      }
      if (['allOf', 'anyOf'].includes(guard.type!)) (guard.params?.guards as unknown[] | undefined)?.forEach((x, i) => checkGuard(x, `${ptr}/params/guards/${i}`))
      if (guard.type === 'not' && guard.params?.guard) checkGuard(guard.params.guard, `${ptr}/params/guard`)
    }
    function checkActions(a: unknown, ptr: string): void {
      if (a === undefined) return
      const list = Array.isArray(a) ? a : [a]
      list.forEach((x, i) => {
        const act = (typeof x === 'string' ? { type: x } : x) as { type?: string; params?: Record<string, unknown> }
        const impl = act?.type ? ACTIONS[act.type] : undefined
        const p = Array.isArray(a) ? `${ptr}/${i}` : ptr
        if (!impl) {
          at(m, p, 'UNKNOWN_ACTION', { name: String(act?.type), known: Object.keys(ACTIONS).join(', ') })
          return
        }
        const errs = paramsValidator.validate(impl.params, act.params ?? {})
        if (errs.length) at(m, `${p}/params`, 'BAD_PARAMS', { name: act.type, detail: errs.map((e) => `${e.field} ${e.message}`).join('；') })
      })
    }
  }
  for (const oc of triageOutcomes) {
    if (!handled.has(oc) && triage) {
      const idx = triage.def.outcomes!.findIndex((x) => x.id === oc)
      at(triage.def, `/outcomes/${idx}`, 'UNHANDLED_OUTCOME', { outcome: oc })
    }
  }

  // ---- scoring
  for (const sc of s.defs.scoring.scorings) {
    const known = new Set(collectTitles(sc.inputs, '', new Map()).keys())
    checkPatterns(sc, sc.inputs, '/inputs')
    try {
      paramsValidator.compile(sc.inputs)
    } catch (e) {
      if (!(e instanceof UnsupportedPatternError)) at(sc, '/inputs', 'INVALID_FORM_SCHEMA', { detail: e instanceof Error ? e.message : String(e) })
    }
    const file = o.at(sc).file
    const base = o.at(sc).pointer
    sc.checks?.forEach((c, i) => out.push(...checkFormula(c.when, known, file, `${base}/checks/${i}/when`)))
    sc.variables.forEach((v, i) => {
      out.push(...checkFormula(v.formula, known, file, `${base}/variables/${i}/formula`))
      known.add(v.id)
    })
    let sum = 0
    sc.sections.forEach((sec, si) => {
      sum += sec.max
      sec.items.forEach((it, ii) => out.push(...checkFormula(it.formula, known, file, `${base}/sections/${si}/items/${ii}/formula`)))
    })
    if (Math.abs(sum - sc.max) > 1e-9) at(sc, '/max', 'MAX_MISMATCH', { sum, max: sc.max })
    sc.vetoes.forEach((v, i) => {
      out.push(...checkFormula(v.when, known, file, `${base}/vetoes/${i}/when`))
      if (!sc.grades.some((g) => g.name === v.grade)) at(sc, `/vetoes/${i}/grade`, 'GRADE_BANDS', { detail: `未知等次 "${v.grade}"` })
    })
    sc.letters?.forEach((l, i) => {
      out.push(...checkFormula(l.when, known, file, `${base}/letters/${i}/when`))
      if (l.count !== undefined) out.push(...checkFormula(l.count, known, file, `${base}/letters/${i}/count`))
    })
    sc.grades.forEach((g, i) => {
      const last = i === sc.grades.length - 1
      if (last && g.min !== null) at(sc, `/grades/${i}/min`, 'GRADE_BANDS', { detail: '最后一档的 min 应为 null（兜底等次）' })
      if (!last && g.min === null) at(sc, `/grades/${i}/min`, 'GRADE_BANDS', { detail: '只有最后一档的 min 可以为 null' })
      const prev = sc.grades[i - 1]
      if (prev && prev.min !== null && g.min !== null && g.min >= prev.min) at(sc, `/grades/${i}/min`, 'GRADE_BANDS', { detail: '等次须从高到低排列，下限递减' })
    })
  }
  if (s.defs.duty) checkDuty(s, s.defs.duty, at)
  return out
}

type At = (obj: unknown, sub: string, code: string, params: Record<string, unknown>) => void

/** Leaves of a JSON Schema of inputs: dotted path → JSON type. */
function inputLeaves(schema: Record<string, unknown>, prefix = '', out = new Map<string, string>(), depth = 0): Map<string, string> {
  if (depth > 16) return out
  for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const p = prefix ? `${prefix}.${k}` : k
    if (sub.type === 'object') inputLeaves(sub, p, out, depth + 1)
    else out.set(p, typeof sub.type === 'string' ? sub.type : 'unknown')
  }
  return out
}

/**
 * The duty kind (optional): the roles, units, forms, fields, clocks and events it names exist,
 * and every binding names a real yes/no input of the assessment scoring (the first scoring
 * definition, the one the village assessment uses).
 */
function checkDuty(s: CompiledScheme, duty: DutyDefinition, at: At): void {
  const roleIds = new Set(s.defs.org.roles.map((r) => r.id))
  const unitIds = new Set(s.defs.org.units.map((u) => u.id))
  const role = (obj: unknown, ptr: string, id: string) => { if (!roleIds.has(id)) at(obj, ptr, 'UNKNOWN_ROLE', { id }) }
  const assessment = s.scoring()
  const assessmentInputs = assessment ? inputLeaves(assessment.inputs) : new Map<string, string>()
  const checkBinds = (obj: unknown, ptr: string, binds: DutyBind[] | undefined) => {
    binds?.forEach((b, i) => {
      if (assessmentInputs.get(b.input) !== 'boolean') at(obj, `${ptr}/${i}/input`, 'UNKNOWN_SCORING_INPUT', { scoring: assessment?.id ?? '', input: b.input, type: '是/否', typeEn: 'yes/no' })
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
    if (type && !types.includes(type)) at(obj, ptr, 'FIELD_TYPE', { form: formId, field, type: type === 'array' ? '数组' : '文字', typeEn: type === 'array' ? 'an array' : 'a string' })
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
        if (t !== 'integer' && t !== 'number') at(oa, `/statistics/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'UNKNOWN_SCORING_INPUT', { scoring: sc.id, input: path, type: '数值', typeEn: 'numeric' })
      }
      if (oa.marksForm) {
        const f = s.form(oa.marksForm)
        if (!f) at(oa, '/marksForm', 'UNKNOWN_FORM', { id: oa.marksForm })
        else for (const field of f.fields.keys()) {
          const path = `${oa.marksInput ?? 'marks'}.${field}`
          if (!leaves.has(path)) at(oa, '/marksForm', 'UNKNOWN_SCORING_INPUT', { scoring: sc.id, input: path, type: '对应的', typeEn: 'matching' })
        }
      }
    }
    const usesTraining = Object.values(oa.statistics).some((v) => v === 'trainingsHeld' || v === 'trainingsAttended')
    if (oa.trainingObligation) {
      const ob = obligations.get(oa.trainingObligation)
      if (!ob) at(oa, '/trainingObligation', 'UNKNOWN_OBLIGATION', { id: oa.trainingObligation })
      else if (!ob.attendance) at(oa, '/trainingObligation', 'SCHEMA', { detail: `定期工作 "${ob.id}" 没有点名（attendance），无法统计参训`, detailEn: `Obligation "${ob.id}" has no roll call (attendance) to count training from` })
    } else if (usesTraining) at(oa, '/statistics', 'SCHEMA', { detail: '统计参训次数须指定 trainingObligation', detailEn: 'Training statistics need a trainingObligation' })
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
      else if (c.machine !== sup.machine && s.machineDefs.has(c.machine)) at(sup, '/clock', 'SCHEMA', { detail: `时限 "${c.id}" 属于流程 "${c.machine}"，不是 "${sup.machine}"`, detailEn: `Clock "${c.id}" belongs to workflow "${c.machine}", not "${sup.machine}"` })
    }
    const regForm = m?.events[sup.registerEvent]?.form
    if (sup.public && regForm && s.form(regForm)) {
      formField(sup, '/public/dateField', regForm, sup.public.dateField)
      for (const [field, value] of Object.entries(sup.public.fixed ?? {})) {
        if (formField(sup, `/public/fixed/${field}`, regForm, field)) {
          const fieldSchema = (s.form(regForm)!.schema.properties as Record<string, Record<string, unknown>>)[field]!
          if (s.validator.validate(fieldSchema, value).length) at(sup, `/public/fixed/${field}`, 'SCHEMA', { detail: `"${value}" 不是表单 "${regForm}" 字段 "${field}" 的有效取值`, detailEn: `"${value}" is not a valid value of field "${field}" of form "${regForm}"` })
        }
      }
    }
    const assignForm = sup.assignEvent ? m?.events[sup.assignEvent]?.form : undefined
    if (assignForm && s.form(assignForm)) formField(sup, '/assignEvent', assignForm, 'officer', 'string')
  }

  const n = duty.notice
  if (n) {
    // Stages are not checked against the workflow: the notice publishes those the workflow has,
    // so removing a stage from the workflow never invalidates the scheme.
    machineOf(n, '/machine', n.machine)
    n.officerRoles.forEach((r, i) => role(n, `/officerRoles/${i}`, r))
  }
}

function walkCondition(c: RuleCondition, ptr: string, fn: (c: RuleCondition, ptr: string) => void): void {
  fn(c, ptr)
  c.all?.forEach((x, i) => walkCondition(x, `${ptr}/all/${i}`, fn))
  c.any?.forEach((x, i) => walkCondition(x, `${ptr}/any/${i}`, fn))
  if (c.not) walkCondition(c.not, `${ptr}/not`, fn)
}

function walkSchema(node: unknown, ptr: string, fn: (n: Record<string, unknown>, ptr: string) => void, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 64) return
  if (Array.isArray(node)) {
    node.forEach((x, i) => walkSchema(x, `${ptr}/${i}`, fn, depth + 1))
    return
  }
  fn(node as Record<string, unknown>, ptr)
  for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walkSchema(v, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, fn, depth + 1)
}

/**
 * Enumerate the values of the facts the triage rules read (booleans both ways; enums each value)
 * and run the rules on every combination: an outcome no combination yields, or a rule that never
 * decides, is reported. Bounded: at most 2^14 combinations, else skipped (the designer says so).
 */
async function checkTriageReachability(s: CompiledScheme, rs: RuleSetDefinition, o: Origins, out: Problem[]): Promise<void> {
  const compiled = s.ruleSets.get(rs.id)!
  const form = s.form(rs.factsForm)!
  const props = (form.schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const domains: Array<[string, unknown[]]> = []
  for (const f of compiled.facts) {
    const p = props[f]
    if (!p) return
    const dom = domainOf(p)
    if (!dom) return // a free-text or numeric fact: enumeration is not exhaustive; skip
    domains.push([f, dom])
  }
  const total = domains.reduce((a, [, d]) => a * d.length, 1)
  if (total > 1 << 14) return
  const winners = new Set<string>()
  const outcomes = new Set<string>()
  const idx = new Array(domains.length).fill(0)
  // Plain conditions are evaluated synchronously here (same semantics, no per-run engine cost);
  // anything else goes through json-rules-engine.
  const sync = rs.rules.every((r) => canEvaluateSync(r.conditions))
  const ordered = [...rs.rules].map((r, i) => ({ r, i })).sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i).map((x) => x.r)
  for (let n = 0; n < total; n++) {
    const facts: Record<string, unknown> = {}
    domains.forEach(([f, d], i) => { facts[f] = d[idx[i]] })
    let winner: { id: string | null; event: { params: Record<string, unknown> } } | null
    if (sync) {
      let hit
      try {
        // Every rule, as the engine runs them all: one that throws fails the run whatever others matched.
        const matched = ordered.map((r) => evaluateSync(r.conditions, facts))
        hit = ordered[matched.indexOf(true)]
      } catch {
        return // the rules cannot run on these facts (json-rules-engine would reject too)
      }
      winner = hit ? { id: hit.id, event: hit.event } : rs.default ? { id: null, event: rs.default.event } : null
    } else {
      try {
        winner = (await compiled.run(facts)).winner
      } catch {
        return // the rules cannot run (an unknown operator…): already reported by the rule checks
      }
    }
    if (winner) {
      winners.add(winner.id ?? '(default)')
      outcomes.add(String(winner.event.params.outcome))
    }
    for (let i = 0; i < idx.length; i++) {
      idx[i]++
      if (idx[i] < domains[i]![1].length) break
      idx[i] = 0
    }
  }
  rs.rules.forEach((r, i) => {
    if (!winners.has(r.id)) {
      const loc = o.at(rs, `/rules/${i}`)
      out.push(problem('UNREACHABLE_RULE', loc.pointer, { rule: r.id }, loc.file))
    }
  })
  rs.outcomes?.forEach((oc, i) => {
    if (!outcomes.has(oc.id)) {
      const loc = o.at(rs, `/outcomes/${i}`)
      out.push(problem('UNREACHABLE_OUTCOME', loc.pointer, { outcome: oc.id, detail: '没有任何事实组合会得到该结果', detailEn: 'no combination of facts yields it' }, loc.file))
    }
  })
}

function domainOf(p: Record<string, unknown>): unknown[] | null {
  if (p.type === 'boolean') return [false, true]
  if (Array.isArray(p.enum)) return p.enum as unknown[]
  const alts = (p.oneOf ?? p.anyOf) as Array<Record<string, unknown>> | undefined
  if (alts && alts.every((a) => 'const' in a || a.type === 'null')) return alts.map((a) => ('const' in a ? a.const : null))
  return null
}
