/**
 * Workflows: XState v5 machine configs in JSON, with the event catalogue (the form each event
 * carries, who may send it, what it notifies) and the entry events; guards, actions and delays by
 * name from engine/workflow/registry.ts.
 */
import { workflowSchema } from '../../schemas/workflow'
import type { WorkflowDefinition, WorkflowMachineDefinition } from '../../types'
import { collectTransitions, pathKey } from '../../../workflow/statetree'
import { ACTIONS, DELAYS, GUARDS } from '../../../workflow/registry'
import { defineKind } from '../kind'
import { Validator } from '../../../validate/validator'
import type { CheckContext } from '../check-kit'
import { addRemove, fmt, isObj, renamed, renderPath, resolve, shape, type Handler } from '../diff-kit'

type Guard = { type?: string; params?: Record<string, unknown> }

/** Every guard of a machine, nested ones (allOf, anyOf, not) included, with its pointer in the machine. */
export function walkGuards(m: WorkflowMachineDefinition, fn: (guard: Guard, ptr: string) => void): void {
  const visit = (g: unknown, ptr: string) => {
    const guard = (typeof g === 'string' ? { type: g } : g) as Guard
    fn(guard, ptr)
    if (!guard?.type || !GUARDS[guard.type]) return
    if (['allOf', 'anyOf'].includes(guard.type)) (guard.params?.guards as unknown[] | undefined)?.forEach((x, i) => visit(x, `${ptr}/params/guards/${i}`))
    if (guard.type === 'not' && guard.params?.guard) visit(guard.params.guard, `${ptr}/params/guard`)
  }
  for (const t of collectTransitions(m.config, '').transitions) if (t.transition.guard !== undefined) visit(t.transition.guard, `/config${t.pointer}/guard`)
}

/** Guard and action params schemas are written in code (tests/engine/lazy-schemas.test.ts checks them against the meta-schema). */
const params = new Validator({ checkSchemas: false })

function check(def: WorkflowDefinition, { s, at, roleIds }: CheckContext): void {
  const triage = s.ruleSetFor('outcome')
  const triageOutcomes = new Set((triage?.def.outcomes ?? []).map((x) => x.id))
  for (const m of def.machines) {
    const { states, transitions } = collectTransitions(m.config, '')
    for (const [ev, e] of Object.entries(m.events)) {
      if (e.form && !s.form(e.form)) at(m, `/events/${ev}/form`, 'UNKNOWN_FORM', { id: e.form })
      e.roles?.forEach((r, i) => {
        if (!roleIds.has(r)) at(m, `/events/${ev}/roles/${i}`, 'SCHEMA', { detail: `未知的角色 "${r}"`, detailEn: `Unknown role "${r}"` })
      })
      if (e.decide && !triage) at(m, `/events/${ev}/decide`, 'MISSING_RULESET', { id: 'produces: outcome' })
      e.notify?.forEach((n, i) => {
        const f = e.form ? s.form(e.form) : undefined
        if (n.when && f && !f.fields.has(n.when.field))
          at(m, `/events/${ev}/notify/${i}/when/field`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field: n.when.field })
        if (n.when && !e.form)
          at(m, `/events/${ev}/notify/${i}/when`, 'SCHEMA', { detail: '该事件没有表单，不能按字段判断', detailEn: 'The event carries no form to test' })
      })
    }
    for (const [k, ev] of Object.entries(m.entry ?? {}))
      if (ev !== undefined && !m.events[ev]) at(m, `/entry/${k}`, 'UNKNOWN_EVENT', { machine: m.id, event: ev })
    for (const key of Object.keys(m.stateInfo ?? {})) if (!states.has(key)) at(m, `/stateInfo/${key}`, 'UNKNOWN_STATE', { machine: m.id, state: key })
    const checkActions = (a: unknown, ptr: string): void => {
      if (a === undefined) return
      const list = Array.isArray(a) ? a : [a]
      list.forEach((x, i) => {
        const act = (typeof x === 'string' ? { type: x } : x) as Guard
        const impl = act?.type ? ACTIONS[act.type] : undefined
        const p = Array.isArray(a) ? `${ptr}/${i}` : ptr
        if (!impl) {
          at(m, p, 'UNKNOWN_ACTION', { name: String(act?.type), known: Object.keys(ACTIONS).join(', ') })
          return
        }
        const errs = params.validate(impl.params, act.params ?? {})
        if (errs.length)
          at(m, `${p}/params`, 'BAD_PARAMS', {
            name: act.type,
            detail: errs.map((e) => `${e.field} ${e.message}`).join('；'),
            detailEn: errs.map((e) => `${e.field} ${e.messageEn}`).join('; '),
          })
      })
    }
    for (const st of states.values()) {
      const initial = st.node.initial
      if (typeof initial === 'string' && !states.has(pathKey([...st.path, initial])))
        at(m, `/config${st.pointer}/initial`, 'UNKNOWN_STATE', { machine: m.id, state: initial })
      const after = st.node.after
      if (after && typeof after === 'object')
        for (const name of Object.keys(after)) if (!(name in DELAYS)) at(m, `/config${st.pointer}/after/${name}`, 'UNKNOWN_DELAY', { name })
      for (const key of ['entry', 'exit'] as const) checkActions(st.node[key], `/config${st.pointer}/${key}`)
      if (st.node.invoke)
        at(m, `/config${st.pointer}/invoke`, 'SCHEMA', { detail: '定义中不能调用外部服务（invoke）', detailEn: 'Definitions cannot invoke services' })
      if (st.node.always) at(m, `/config${st.pointer}/always`, 'SCHEMA', { detail: '暂不支持 always 转移', detailEn: '"always" transitions are not supported' })
    }
    for (const t of transitions) {
      const ptr = `/config${t.pointer}`
      if (!m.events[t.event]) at(m, ptr, 'UNKNOWN_EVENT', { machine: m.id, event: t.event })
      if (t.target === undefined) at(m, `${ptr}/target`, 'UNKNOWN_STATE', { machine: m.id, state: t.targetText ?? '' })
      checkActions(t.transition.actions, `${ptr}/actions`)
    }
    walkGuards(m, (guard, ptr) => {
      const impl = guard?.type ? GUARDS[guard.type] : undefined
      if (!impl) {
        at(m, ptr, 'UNKNOWN_GUARD', { name: String(guard?.type), known: Object.keys(GUARDS).join(', ') })
        return
      }
      const errs = params.validate(impl.params, guard.params ?? {})
      if (errs.length)
        at(m, `${ptr}/params`, 'BAD_PARAMS', {
          name: guard.type,
          detail: errs.map((e) => `${e.field} ${e.message}`).join('；'),
          detailEn: errs.map((e) => `${e.field} ${e.messageEn}`).join('; '),
        })
      if (guard.type === 'triageIs' && !triageOutcomes.has(String(guard.params?.outcome)))
        at(m, `${ptr}/params/outcome`, 'UNKNOWN_OUTCOME', { outcome: String(guard.params?.outcome) })
    })
  }
}

// ---------------------------------------------------------------- diff
const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  const mPath = c.path.slice(0, 2)
  const machine = () => `流程「${n.name(mPath)}」`
  if (sh === 'machines/[]') return addRemove(c, n)
  if (sh === 'machines/[]/name') return renamed(c, n)
  const segs = c.path
  const eventLabel = (ev: string) => {
    const e = n.el([...mPath, { t: 'key', key: 'events' }, { t: 'key', key: ev }])
    return typeof e?.name === 'string' ? `${ev}（${e.name}）` : ev
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'events' && segs[3]?.t === 'key') {
    const ev = segs[3].key
    if (segs.length === 4 && c.op !== 'changed') return n.entry(c, `${machine()}${c.op === 'added' ? '新增' : '删除'}事件 ${eventLabel(ev)}`)
    const rest = shape(segs.slice(4))
    if (rest === 'roles/{}') return n.entry(c, `${machine()}事件 ${eventLabel(ev)}${c.op === 'added' ? '新增' : '去掉'}可操作角色 ${String(c.new ?? c.old)}`)
    if (rest === 'form') return n.entry(c, `${machine()}事件 ${eventLabel(ev)}的表单：${fmt(c.old)} → ${fmt(c.new)}`)
    return n.entry(c, `${machine()}事件 ${eventLabel(ev)} › ${renderPath(segs.slice(4))}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'config') {
    // config/states/a/states/b/... → state a.b
    const names: string[] = []
    let i = 3
    while (segs[i]?.t === 'key' && (segs[i] as { key: string }).key === 'states' && segs[i + 1]?.t === 'key') {
      names.push((segs[i + 1] as { key: string }).key)
      i += 2
    }
    if (!names.length) return null
    const state = names.join('.')
    const info = (root: unknown) => resolve(root, [...mPath, { t: 'key', key: 'stateInfo' }, { t: 'key', key: state }]) as { name?: string } | undefined
    const label = info(n.b)?.name ?? info(n.a)?.name
    const stateText = label ? `${state}（${label}）` : state
    if (i === segs.length && c.op !== 'changed') return n.entry(c, `${machine()}${c.op === 'added' ? '新增' : '删除'}状态 ${stateText}`)
    const rest = segs.slice(i)
    if (rest[0]?.t === 'key' && rest[0].key === 'on' && rest[1]?.t === 'key') {
      const ev = rest[1].key
      const more = renderPath(rest.slice(2))
      if (rest.length === 2 && c.op !== 'changed') return n.entry(c, `${machine()}状态 ${stateText}${c.op === 'added' ? '新增' : '删除'}对事件 ${ev} 的转移`)
      return n.entry(c, `${machine()}状态 ${stateText}收到 ${ev} 时的转移${more ? ` › ${more}` : ''}：${fmt(c.old)} → ${fmt(c.new)}`)
    }
    return n.entry(c, `${machine()}状态 ${stateText} › ${renderPath(rest)}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  if (
    segs[2]?.t === 'key' &&
    segs[2].key === 'stateInfo' &&
    segs.length === 5 &&
    segs[4]?.t === 'key' &&
    (segs[4].key === 'name' || segs[4].key === 'stage') &&
    c.op === 'changed'
  ) {
    return n.entry(c, `${machine()}状态 ${(segs[3] as { key: string }).key} 的${segs[4].key === 'name' ? '名称' : '环节'}：${String(c.old)} → ${String(c.new)}`)
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'stateInfo' && segs.length === 4) {
    const state = (segs[3] as { key: string }).key
    // A state added or removed together with its label is told once, with the state.
    const statePath = (root: unknown) => {
      const cfg = resolve(root, [...mPath, { t: 'key', key: 'config' }])
      let cur: unknown = cfg
      for (const part of state.split('.')) cur = isObj(cur) && isObj(cur.states) ? cur.states[part] : undefined
      return cur
    }
    if ((statePath(n.a) === undefined) !== (statePath(n.b) === undefined)) return []
  }
  return null
}

export const workflow = defineKind<WorkflowDefinition, 'workflow'>({
  kind: 'workflow',
  presence: 'required',
  title: { zh: '流程', en: 'Workflow' },
  schema: workflowSchema,
  lists: ['machines'],
  sets: ['roles', 'events', 'states'],
  atomic: ['when'],
  compile(s, def) {
    for (const m of def.machines) s.machineDefs.set(m.id, m)
    return []
  },
  check,
  diff: { nouns: { machines: '流程' }, words },
  docs: {
    files: '`workflow.json`',
    holds:
      'XState v5 machine configs in JSON with an event catalogue (which form each event carries, who may send it, which in-app notices it sends — `notify`), the events that start a case (`entry`: staff registration, online submission, import); guards and actions by name',
  },
  designer: { preview: 'workflow', element: 'machines' },
})
