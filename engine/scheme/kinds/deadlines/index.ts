/** Deadlines: the clocks — which events or states start and stop them, the date they count from, days and unit, warning and urging. */
import { deadlinesSchema } from '../../schemas/deadlines'
import type { DeadlinesDefinition } from '../../types'
import { collectTransitions } from '../../../workflow/statetree'
import { defineKind } from '../kind'
import type { CheckContext } from '../check-kit'
import { renamed, resolve, shape, type Handler } from '../diff-kit'

function check(def: DeadlinesDefinition, { s, at }: CheckContext): void {
  for (const c of def.clocks) {
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
    c.stop.events?.forEach((e, i) => {
      if (!m.events[e]) at(c, `/stop/events/${i}`, 'UNKNOWN_EVENT', { machine: m.id, event: e })
    })
    c.stop.states?.forEach((st, i) => {
      if (!stateKnown(st)) at(c, `/stop/states/${i}`, 'UNKNOWN_STATE', { machine: m.id, state: st })
    })
    if (c.selectedBy) {
      const rs = s.ruleSets.get(c.selectedBy)
      if (!rs) at(c, '/selectedBy', 'UNKNOWN_RULESET', { id: c.selectedBy })
      else if (rs.def.produces !== 'clock')
        at(c, '/selectedBy', 'SCHEMA', {
          detail: `规则集 "${c.selectedBy}" 不产出时限（produces 应为 clock）`,
          detailEn: `Rule set "${c.selectedBy}" does not produce clocks`,
        })
    }
    if (!c.start.events?.length && !c.start.state)
      at(c, '/start', 'SCHEMA', { detail: '须指定开始计时的事件或状态', detailEn: 'Give the event or state that starts the clock' })
  }
}

// ---------------------------------------------------------------- diff
const unitWord = (u: unknown) => (u === 'calendar' ? '个自然日' : '个工作日')
const unitName = (u: unknown) => (u === 'calendar' ? '自然日' : u === 'workday' ? '工作日' : String(u))

const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  const clockPath = c.path.slice(0, 2)
  const clock = () => `「${n.name(clockPath)}」`
  if (sh === 'clocks/[]' && c.op !== 'changed') {
    const ck = (c.op === 'added' ? c.new : c.old) as { name: string; days: number; unit: string }
    const id = (c.path[1] as { id: string }).id
    return n.entry(c, c.op === 'added' ? `新增时限「${ck.name}」（${id}）：${ck.days} ${unitWord(ck.unit)}` : `删除时限「${ck.name}」（${id}）`)
  }
  if (sh === 'clocks/[]/name') return renamed(c, n)
  const a = resolve(n.a, clockPath) as Record<string, unknown> | undefined
  const b = resolve(n.b, clockPath) as Record<string, unknown> | undefined
  if (sh === 'clocks/[]/days') {
    if (a?.unit !== b?.unit) return n.entry(c, `${clock()}${String(c.old)} ${unitWord(a?.unit)} → ${String(c.new)} ${unitWord(b?.unit)}`)
    return n.entry(c, `${clock()}${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  }
  if (sh === 'clocks/[]/unit') {
    if (a?.days !== b?.days) return [] // told with the days
    return n.entry(c, `${clock()}计日方式：${unitName(c.old)} → ${unitName(c.new)}（${String(b?.days)} 日）`)
  }
  if (sh === 'clocks/[]/warnBefore') return n.entry(c, `${clock()}临期提醒：到期前 ${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  if (sh === 'clocks/[]/urge/every') return n.entry(c, `${clock()}催办间隔：每 ${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  if (sh === 'clocks/[]/urge/after') return n.entry(c, `${clock()}超期后首次催办：${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}后`)
  if (sh === 'clocks/[]/start/events/{}' || sh === 'clocks/[]/stop/events/{}') {
    const which = sh.includes('start') ? '开始计时' : '停止计时'
    return n.entry(c, `${clock()}${which}事件${c.op === 'added' ? '新增' : '去掉'} ${String(c.new ?? c.old)}`)
  }
  if (sh === 'clocks/[]/start/dateField') return n.entry(c, `${clock()}起算日期字段：${String(c.old ?? '（事件日期）')} → ${String(c.new ?? '（事件日期）')}`)
  if (sh === 'clocks/[]/start/state') return n.entry(c, `${clock()}开始计时的状态：${String(c.old ?? '（无）')} → ${String(c.new ?? '（无）')}`)
  if (sh === 'clocks/[]/selectedBy') return n.entry(c, `${clock()}由规则集选定：${String(c.old ?? '（总是）')} → ${String(c.new ?? '（总是）')}`)
  return null
}

export const deadlines = defineKind<DeadlinesDefinition, 'deadlines'>({
  kind: 'deadlines',
  presence: 'required',
  title: { zh: '时限', en: 'Deadlines' },
  schema: deadlinesSchema,
  lists: ['clocks'],
  sets: ['events', 'states'],
  atomic: ['when'],
  compile(s, def) {
    for (const c of def.clocks) s.clocks.set(c.id, c)
    return []
  },
  check,
  diff: { nouns: { clocks: '时限' }, words },
  docs: {
    files: '`deadlines.json`',
    holds: 'clocks: which events start/stop them, the date field they count from, working or calendar days, when to warn and urge',
  },
  designer: { preview: 'deadline', openFirst: true },
})
