/**
 * One step of a case, as data: prepare the event (form validated by ajv, rules decided), restore
 * the persisted snapshot, check the event is allowed, transition, persist. Nothing here touches a
 * store or a clock; the runtime's case service calls it and writes the result. No actor is made:
 * xstate's machine restores and transitions snapshots as pure functions (its actions are all
 * `assign`s), so a request restores its case once and steps from that.
 */
import { createActor, initialTransition as pureInitial, type AnyMachineSnapshot, type AnyStateMachine, type Snapshot } from 'xstate'
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
          const p = problem(
            'INPUT_INVALID',
            '/form' + (e.field === '/' ? '' : e.field),
            { field: e.field.slice(1), detail: e.message, detailEn: e.messageEn },
            'input',
          )
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

/**
 * A case's machine state restored from its persisted snapshot: what it is (state, context, done)
 * and xstate's snapshot to step from. Restored once per request; `step` moves it on without an
 * actor (xstate's pure transition), so nothing is started, subscribed to or stopped.
 */
export interface Restored extends StepResult {
  /** xstate's machine snapshot (immutable): pass it back to `step` */
  readonly live: AnyMachineSnapshot
}

export type Restore = { ok: true; result: Restored } | { ok: false; problems: Problem[] }

/**
 * The actor scope xstate's own pure `transition` builds on every call (it constructs an actor,
 * which computes the machine's initial state): made once per machine here. Every action of a
 * built machine is an `assign`, applied inside the transition; anything else would be handed to
 * `actionExecutor`, which collects it so `step` can refuse it rather than drop a side effect.
 */
interface Scope {
  scope: Parameters<AnyStateMachine['transition']>[2]
  pending: unknown[]
}
const scopes = new WeakMap<AnyStateMachine, Scope>()
function scopeOf(machine: AnyStateMachine): Scope {
  let s = scopes.get(machine)
  if (!s) {
    const self = createActor(machine)
    const pending: unknown[] = []
    const scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      defer: () => {},
      logger: () => {},
      stopChild: () => {},
      emit: () => {},
      actionExecutor: (a: unknown) => {
        pending.push(a)
      },
    } as unknown as Scope['scope']
    scopes.set(machine, (s = { scope, pending }))
  }
  return s
}

function result(live: AnyMachineSnapshot, persisted: unknown): Restored {
  return { live, snapshot: persisted, state: stateToPath(live.value), context: live.context as CaseContext, done: live.status === 'done' }
}

function missing(detail: unknown): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [problem('STATE_MISSING', '/state', { detail: String(detail) }, 'case')] }
}

/** Restore a persisted snapshot (null: the machine's initial state); refuses a state the machine no longer has. */
export function restore(scheme: CompiledScheme, machineId: string, persisted: unknown): Restore {
  const machine = scheme.machine(machineId)
  if (persisted === null || persisted === undefined) return { ok: true, result: initialState(machine) }
  let live: AnyMachineSnapshot
  try {
    live = machine.restoreSnapshot(persisted as Snapshot<unknown>, scopeOf(machine).scope) as AnyMachineSnapshot
  } catch (e) {
    return missing(e)
  }
  if (live.status === 'error') return missing(live.error ?? 'error')
  return { ok: true, result: result(live, persisted) }
}

/** Per machine (immutable once built): its initial state. */
const initials = new WeakMap<AnyStateMachine, Restored>()
function initialState(machine: AnyStateMachine): Restored {
  let hit = initials.get(machine)
  if (!hit) {
    const [live, actions] = pureInitial(machine)
    if (actions.length) throw new Error(`initial state runs ${actions.length} action(s) that are not assign`)
    initials.set(machine, (hit = result(live as AnyMachineSnapshot, machine.getPersistedSnapshot(live))))
  }
  return hit
}

export function initialSnapshot(scheme: CompiledScheme, machineId: string): unknown {
  return initialState(scheme.machine(machineId)).snapshot
}

/** Send one event to a restored case: the next state, context and persisted snapshot, or why not. */
export function step(scheme: CompiledScheme, machineId: string, from: Restored, event: CaseEvent): Step {
  const machine = scheme.machine(machineId)
  const before = from.live
  const statePath = from.state
  if (before.status === 'done')
    return {
      ok: false,
      problems: [
        problem(
          'EVENT_NOT_ALLOWED',
          '/type',
          { ...names(scheme, machineId, event.type, statePath, []), event: event.type, state: statePath, allowed: '' },
          'input',
        ),
      ],
    }
  if (!before.can(event)) {
    const accepted = acceptedEvents(scheme, machineId, statePath)
    const code = accepted.includes(event.type) ? 'GUARD_REFUSED' : 'EVENT_NOT_ALLOWED'
    return {
      ok: false,
      problems: [
        problem(
          code,
          '/type',
          { ...names(scheme, machineId, event.type, statePath, accepted), event: event.type, state: statePath, allowed: accepted.join('、') },
          'input',
        ),
      ],
    }
  }
  const { scope, pending } = scopeOf(machine)
  pending.length = 0
  let after: AnyMachineSnapshot
  try {
    after = machine.transition(before, event, scope) as AnyMachineSnapshot
  } catch (err) {
    return failed(err)
  }
  if (after.status === 'error') return failed(after.error)
  if (pending.length) {
    const n = pending.length
    pending.length = 0
    return failed(new Error(`the transition has ${n} action(s) that are not assign: refused rather than skipped`))
  }
  return {
    ok: true,
    result: {
      snapshot: machine.getPersistedSnapshot(after),
      state: stateToPath(after.value),
      context: after.context as CaseContext,
      done: after.status === 'done',
    },
  }
}

function failed(err: unknown): { ok: false; problems: Problem[] } {
  if (err instanceof CalendarError) return { ok: false, problems: [{ ...err.problem, file: 'input', pointer: '/at' }] }
  return { ok: false, problems: [problem('TRANSITION_FAILED', '/type', { detail: err instanceof Error ? err.message : String(err) }, 'input')] }
}

/** Restore and step in one go (a caller that has not restored the case already). */
export function transition(scheme: CompiledScheme, machineId: string, persisted: unknown, event: CaseEvent): Step {
  const r = restore(scheme, machineId, persisted ?? null)
  return r.ok ? step(scheme, machineId, r.result, event) : r
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
  for (let p = statePath; p && !st; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '')
    st = own(def?.stateInfo as Record<string, { name?: string; nameEn?: string }> | undefined, p)
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
  const r = restore(scheme, machineId, persisted)
  return r.ok ? { ok: true, result: { snapshot: r.result.snapshot, state: r.result.state, context: r.result.context, done: r.result.done } } : r
}
