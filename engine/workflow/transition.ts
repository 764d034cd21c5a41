/**
 * One step of a case, as data: prepare the event (form validated by ajv, rules decided), restore
 * the persisted snapshot, check the event is allowed, transition, persist. Nothing here touches a
 * store or a clock; the runtime's case service calls it and writes the result.
 */
import { createActor, type AnyStateMachine, type Snapshot } from 'xstate'
import type { CompiledScheme } from '../scheme/compiled'
import type { Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { decide } from '../decide/decide'
import { decisionFacts } from '../decide/facts'
import { CalendarError } from '../calendar/calendar'
import { isDate } from '../calendar/date'
import type { CaseContext, CaseEvent } from './context'
import { collectTransitions, pathKey } from './statetree'

export interface EventInput {
  type: string
  at: string
  by: string
  form?: unknown
}

export type Prepared = { ok: true; event: CaseEvent } | { ok: false; problems: Problem[] }

export interface StepResult {
  snapshot: unknown
  /** Dotted state path, e.g. "closed.excluded" */
  state: string
  context: CaseContext
  done: boolean
}

export type Step = { ok: true; result: StepResult } | { ok: false; problems: Problem[] }

export function stateToPath(value: unknown): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? []
    if (k === undefined) return ''
    const rest = stateToPath(v)
    return rest ? `${k}.${rest}` : k
  }
  return ''
}

/** Validate the event's form and, for deciding events, attach the rules' decision. */
export async function prepareEvent(scheme: CompiledScheme, machineId: string, context: CaseContext | null, input: EventInput): Promise<Prepared> {
  const def = scheme.machineDefs.get(machineId)
  if (!def) return { ok: false, problems: [problem('UNKNOWN_MACHINE', '/machine', { id: machineId }, 'input')] }
  const evDef = Object.prototype.hasOwnProperty.call(def.events, input.type) ? def.events[input.type] : undefined
  if (!evDef) return { ok: false, problems: [problem('UNKNOWN_EVENT', '/type', { machine: machineId, event: input.type }, 'input')] }
  if (!isDate(input.at)) return { ok: false, problems: [problem('BAD_DATE', '/at', { value: input.at }, 'input')] }
  const event: CaseEvent = { type: input.type, at: input.at, by: input.by }
  if (evDef.form) {
    const form = input.form ?? {}
    const errors = scheme.validateForm(evDef.form, form)
    if (errors.length) {
      return {
        ok: false,
        problems: errors.map((e) => {
          const p = problem('INPUT_INVALID', '/form' + (e.field === '/' ? '' : e.field), { field: e.field.slice(1), detail: e.message, detailEn: e.messageEn }, 'input')
          p.params = { ...p.params, keyword: e.code }
          return p
        }),
      }
    }
    event.form = form as Record<string, unknown>
  } else if (input.form !== undefined && Object.keys(input.form as object).length) {
    return { ok: false, problems: [problem('UNKNOWN_FIELD', '/form', { field: 'form' }, 'input')] }
  }
  if (evDef.decide) {
    const d = await decide(scheme, decisionFacts(scheme, context?.facts, event.form))
    if (!d.ok) return { ok: false, problems: d.problems.map((p) => ({ ...p, pointer: '/form' + p.pointer })) }
    event.decision = d.decision
  }
  return { ok: true, event }
}

function restore(machine: AnyStateMachine, persisted: unknown) {
  let error: unknown = null
  const actor = persisted === null ? createActor(machine) : createActor(machine, { snapshot: persisted as Snapshot<unknown> })
  actor.subscribe({ error: (e) => { error = e } })
  actor.start()
  return { actor, error: () => error ?? ((actor.getSnapshot() as { status: string }).status === 'error' ? (actor.getSnapshot() as { error?: unknown }).error ?? 'error' : null) }
}

/** The events a state accepts (ignoring guards), for the UI and for refusals. */
/** Per compiled scheme (immutable): machine → state path → the events accepted there. */
const acceptedMemo = new WeakMap<CompiledScheme, Map<string, Map<string, readonly string[]>>>()

export function acceptedEvents(scheme: CompiledScheme, machineId: string, statePath: string): string[] {
  let byMachine = acceptedMemo.get(scheme)
  if (!byMachine) acceptedMemo.set(scheme, (byMachine = new Map()))
  let byState = byMachine.get(machineId)
  if (!byState) byMachine.set(machineId, (byState = new Map()))
  let hit = byState.get(statePath)
  if (!hit) {
    const def = scheme.machineDefs.get(machineId)
    if (!def) return []
    const { transitions } = collectTransitions(def.config, '')
    const out = new Set<string>()
    for (const t of transitions) {
      const src = pathKey(t.source)
      if (src === '' || statePath === src || statePath.startsWith(src + '.')) out.add(t.event)
    }
    hit = Object.freeze([...out])
    byState.set(statePath, hit)
  }
  return [...hit]
}

export function initialSnapshot(scheme: CompiledScheme, machineId: string): unknown {
  const machine = scheme.machine(machineId)
  const { actor } = restore(machine, null)
  const snap = actor.getPersistedSnapshot()
  actor.stop()
  return snap
}

export function transition(scheme: CompiledScheme, machineId: string, persisted: unknown, event: CaseEvent): Step {
  const machine = scheme.machine(machineId)
  let restored: ReturnType<typeof restore>
  try {
    restored = restore(machine, persisted ?? null)
  } catch (e) {
    return { ok: false, problems: [problem('STATE_MISSING', '/state', { detail: e instanceof Error ? e.message : String(e) }, 'case')] }
  }
  const { actor } = restored
  try {
    if (restored.error()) {
      return { ok: false, problems: [problem('STATE_MISSING', '/state', { detail: String(restored.error()) }, 'case')] }
    }
    const before = actor.getSnapshot()
    const statePath = stateToPath(before.value)
    if (before.status === 'done') return { ok: false, problems: [problem('EVENT_NOT_ALLOWED', '/type', { ...names(scheme, machineId, event.type, statePath, []), event: event.type, state: statePath, allowed: '' }, 'input')] }
    if (!before.can(event)) {
      const accepted = acceptedEvents(scheme, machineId, statePath)
      const code = accepted.includes(event.type) ? 'GUARD_REFUSED' : 'EVENT_NOT_ALLOWED'
      return { ok: false, problems: [problem(code, '/type', { ...names(scheme, machineId, event.type, statePath, accepted), event: event.type, state: statePath, allowed: accepted.join('、') }, 'input')] }
    }
    actor.send(event)
    const err = restored.error()
    if (err) {
      if (err instanceof CalendarError) return { ok: false, problems: [{ ...err.problem, file: 'input', pointer: '/at' }] }
      return { ok: false, problems: [problem('TRANSITION_FAILED', '/type', { detail: err instanceof Error ? err.message : String(err) }, 'input')] }
    }
    const after = actor.getSnapshot()
    return { ok: true, result: { snapshot: actor.getPersistedSnapshot(), state: stateToPath(after.value), context: after.context as CaseContext, done: after.status === 'done' } }
  } finally {
    actor.stop()
  }
}

/**
 * The titles a refusal shows, from the workflow definition (events' and states' name / nameEn):
 * users see 恢复计时, never RESUME_CLOCK. A nested state without its own entry takes its parent's.
 */
function names(scheme: CompiledScheme, machineId: string, type: string, statePath: string, allowed: readonly string[]): Record<string, string> {
  const def = scheme.machineDefs.get(machineId)
  const own = <T>(o: Record<string, T> | undefined, k: string): T | undefined => (o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined)
  const ev = (t: string) => own(def?.events, t)
  let st: { name?: string; nameEn?: string } | undefined
  for (let p = statePath; p && !st; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') st = own(def?.stateInfo as Record<string, { name?: string; nameEn?: string }> | undefined, p)
  const zh = (t: string) => ev(t)?.name ?? t
  const en = (t: string) => ev(t)?.nameEn ?? zh(t)
  return {
    eventName: zh(type),
    eventNameEn: en(type),
    stateName: st?.name ?? statePath,
    stateNameEn: st?.nameEn ?? st?.name ?? statePath,
    allowedNames: allowed.map(zh).join('、') || '无',
    allowedNamesEn: allowed.map(en).join(', ') || 'nothing',
  }
}

/** Read a persisted snapshot without sending anything; refuses a state the machine no longer has. */
export function inspect(scheme: CompiledScheme, machineId: string, persisted: unknown): Step {
  const machine = scheme.machine(machineId)
  try {
    const { actor, error } = restore(machine, persisted)
    try {
      if (error()) return { ok: false, problems: [problem('STATE_MISSING', '/state', { detail: String(error()) }, 'case')] }
      const s = actor.getSnapshot()
      return { ok: true, result: { snapshot: persisted, state: stateToPath(s.value), context: s.context as CaseContext, done: s.status === 'done' } }
    } finally {
      actor.stop()
    }
  } catch (e) {
    return { ok: false, problems: [problem('STATE_MISSING', '/state', { detail: e instanceof Error ? e.message : String(e) }, 'case')] }
  }
}
