/**
 * The deadlines definition applied to one transition: pause/resume/restart, stop, start. Pure:
 * the day comes on the event; due dates from the scheme's calendar (a date past the calendar's
 * end throws CalendarError, which puts the transition in error and changes nothing).
 */
import type { CompiledScheme } from '../scheme/compiled'
import type { ClockDefinition, WorkflowMachineDefinition } from '../scheme/types'
import type { CaseContext, CaseEvent, ClockState } from './context'
import { within } from './statetree'

/**
 * `{ ...a, ...b }` without the two-spread literal (V8 builds a dictionary object for it, measured
 * 30–40× slower in decide). Object.assign sets rather than defines: an own `__proto__` key would set
 * the prototype, so such input keeps the literal.
 */
export function mergedFacts(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  return Object.prototype.hasOwnProperty.call(b, '__proto__') ? { ...a, ...b } : Object.assign({}, a, b)
}

export function applyClocks(
  scheme: CompiledScheme,
  def: WorkflowMachineDefinition,
  ctx: CaseContext,
  ev: CaseEvent,
  target: string | null,
): Record<string, ClockState> {
  const clocks: Record<string, ClockState> = { ...ctx.clocks }
  const cal = scheme.calendar
  const eventDef = def.events[ev.type]
  const decision = ev.decision ?? ctx.decision
  const facts = eventDef?.facts && ev.form ? mergedFacts(ctx.facts, ev.form) : ctx.facts
  const mine = [...scheme.clocks.values()].filter((c) => c.machine === def.id)

  const control = eventDef?.clockControl
  if (control === 'pause') {
    for (const [id, c] of Object.entries(clocks)) {
      if (c.status !== 'running') continue
      clocks[id] = { ...c, status: 'paused', pausedSince: ev.at, pauses: [...c.pauses, { from: ev.at, to: null, reason: String(ev.form?.reason ?? '') }] }
    }
  } else if (control === 'resume') {
    for (const [id, c] of Object.entries(clocks)) {
      if (c.status !== 'paused' || !c.pausedSince) continue
      const paused = c.unit === 'workday' ? Math.max(0, cal.workdaysBetween(c.pausedSince, ev.at)) : Math.max(0, daysBetween(c.pausedSince, ev.at))
      clocks[id] = {
        ...c,
        status: 'running',
        pausedSince: null,
        pausedDays: c.pausedDays + paused,
        dueDate: paused ? cal.addDays(c.dueDate, paused, c.unit) : c.dueDate,
        pauses: c.pauses.map((p, i) => (i === c.pauses.length - 1 ? { ...p, to: ev.at } : p)),
      }
    }
  }

  // Stop
  for (const c of mine) {
    const st = clocks[c.id]
    if (!st || st.status === 'stopped') continue
    const byEvent = c.stop.events?.includes(ev.type)
    const byState = target !== null && (c.stop.states ?? []).some((s) => within(target, s))
    if (byEvent || byState) clocks[c.id] = { ...st, status: 'stopped', stoppedOn: ev.at, late: ev.at > st.dueDate }
  }

  // Restart (re-routing): the selected limit starts again from today; others no longer apply.
  if (control === 'restart') {
    for (const c of mine) {
      if (!c.selectedBy) continue
      if (clocks[c.id] && clocks[c.id]!.status !== 'stopped') delete clocks[c.id]
      if (decision?.clock === c.id && (!c.start.dateField || facts[c.start.dateField])) clocks[c.id] = startClock(scheme, c, ev.at, ev.at)
    }
  }

  // Start
  for (const c of mine) {
    const byEvent = c.start.events?.includes(ev.type) ?? false
    const byState = c.start.state !== undefined && target !== null && within(target, c.start.state)
    if (!byEvent && !byState) continue
    if (c.selectedBy && decision?.clock !== c.id) continue
    if (c.start.when && ev.form?.[c.start.when.field] !== c.start.when.equals) continue
    let startOn: unknown = ev.at
    if (c.start.dateField) {
      startOn = ev.form?.[c.start.dateField] ?? facts[c.start.dateField]
      if (typeof startOn !== 'string' || !startOn) continue
    } else if (c.start.dateFrom) {
      startOn = dateOf(ctx, ev, c.start.dateFrom)
      if (startOn === undefined) continue
    }
    clocks[c.id] = startClock(scheme, c, String(startOn), ev.at)
  }
  return clocks
}

/**
 * A date field of another event's form: of this event when it is that event, else of the latest
 * record of it (issue #16: the follow-up counted from the conclusion date, not from the day the
 * feedback was recorded).
 */
function dateOf(ctx: CaseContext, ev: CaseEvent, from: { event: string; field: string }): string | undefined {
  const pick = (form: Record<string, unknown> | undefined) => {
    const v = form?.[from.field]
    return typeof v === 'string' && v ? v : undefined
  }
  if (ev.type === from.event) return pick(ev.form)
  for (let i = ctx.records.length - 1; i >= 0; i--) {
    const r = ctx.records[i]!
    if (r.event === from.event) return pick(r.form)
  }
  return undefined
}

function startClock(scheme: CompiledScheme, c: ClockDefinition, startedOn: string, setOn: string): ClockState {
  return {
    clock: c.id,
    name: c.name,
    status: 'running',
    startedOn,
    setOn,
    days: c.days,
    unit: c.unit,
    dueDate: scheme.calendar.addDays(startedOn, c.days, c.unit),
    pausedDays: 0,
    pausedSince: null,
    pauses: [],
    stoppedOn: null,
    late: null,
  }
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
}
