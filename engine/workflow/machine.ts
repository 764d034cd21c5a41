/**
 * Building the XState v5 machine of a workflow definition. The JSON config is used as written;
 * guards and actions come from the registry by name; and the builder adds the bookkeeping every
 * transition needs, so definitions stay about the process:
 * - `daiban.facts`: events marked `facts: true` merge their form into the case facts;
 * - `daiban.decision`: events marked `decide: true` carry the rules' decision, stored on the case;
 * - `daiban.clocks`: the deadlines definition's start/stop/pause rules, with the statically known
 *   target state of the transition;
 * - `daiban.record`: every accepted event is appended to the case's record.
 */
import { assign, setup, type AnyStateMachine } from 'xstate'
import type { CompiledScheme } from '../scheme/compiled'
import type { WorkflowMachineDefinition } from '../scheme/types'
import { ACTIONS, GUARDS } from './registry'
import { emptyContext, type CaseContext, type CaseEvent } from './context'
import { collectTransitions, enterLeaf, pathKey } from './statetree'
import { applyClocks, mergedFacts } from './clocks'
import { fieldRoles, roleValue, type RoleId } from '../scheme/field-roles'
import type { Decision } from '../decide/types'

/**
 * What a case keeps of a decision: outcome, group, clock, due date, reasons, and of the trace only
 * the rules that matched, with their conditions. The rules that did not match were most of the
 * snapshot; they can be recomputed at any time from the pinned scheme version and the case's facts.
 */
export function storedDecision(d: Decision): Decision {
  return { ...d, trace: d.trace.map((t) => ({ ...t, rules: t.rules.filter((r) => r.matched) })) }
}

type Guard = { type: string; params?: Record<string, unknown> }

export function buildMachine(scheme: CompiledScheme, def: WorkflowMachineDefinition): AnyStateMachine {
  const config = structuredClone(def.config) as Record<string, unknown>
  const { states, transitions } = collectTransitions(config, '')
  // Inject bookkeeping into every transition of the (cloned) config.
  for (const t of transitions) {
    const target = t.target ? pathKey(enterLeaf(states, t.target)) : null
    const actions = t.transition.actions === undefined ? [] : Array.isArray(t.transition.actions) ? t.transition.actions : [t.transition.actions]
    const injected = [
      { type: 'daiban.facts' },
      { type: 'daiban.decision' },
      ...actions,
      { type: 'daiban.clocks', params: { target, source: pathKey(t.source) } },
      { type: 'daiban.record', params: { target: target ?? pathKey(t.source) } },
    ]
    t.transition.actions = injected
  }
  rebuildOn(config, transitions)
  config.context = emptyContext()

  const evalGuard =
    (ctx: CaseContext, ev: CaseEvent) =>
    (g: unknown): boolean => {
      const guard = g as Guard
      const impl = GUARDS[guard.type]
      if (!impl) throw new Error(`Unknown guard "${guard.type}" (the scheme check should have refused it)`)
      return impl.check(ctx, ev, guard.params ?? {}, evalGuard(ctx, ev))
    }

  const guards: Record<string, (args: { context: CaseContext; event: CaseEvent }, params: Record<string, unknown>) => boolean> = {}
  for (const [name, impl] of Object.entries(GUARDS)) {
    guards[name] = ({ context, event }, params) => impl.check(context, event, params ?? {}, evalGuard(context, event))
  }

  // Actions read their event's form by field role: the roles its form declares (field-roles.ts).
  const roles = fieldRoles(scheme)
  const reader = (event: CaseEvent) => {
    const map = roles.form(def.events[event.type]?.form)
    return (role: RoleId) => roleValue(event.form, map, role)
  }
  const actions: Record<string, unknown> = {}
  for (const [name, impl] of Object.entries(ACTIONS)) {
    actions[name] = assign(({ context, event }: { context: CaseContext; event: CaseEvent }, params: Record<string, unknown>) =>
      impl.run(context, event, params ?? {}, reader(event)),
    )
  }
  actions['daiban.facts'] = assign(({ context, event }: { context: CaseContext; event: CaseEvent }) =>
    def.events[event.type]?.facts && event.form ? { facts: mergedFacts(context.facts, event.form) } : {},
  )
  actions['daiban.decision'] = assign(({ event }: { context: CaseContext; event: CaseEvent }) =>
    event.decision ? { decision: storedDecision(event.decision) } : {},
  )
  actions['daiban.clocks'] = assign(({ context, event }: { context: CaseContext; event: CaseEvent }, params: { target: string | null; source: string }) => ({
    clocks: applyClocks(scheme, def, context, event, params.target),
  }))
  actions['daiban.record'] = assign(({ context, event }: { context: CaseContext; event: CaseEvent }, params: { target: string }) => {
    const rec: CaseContext['records'][number] = { seq: context.records.length + 1, event: event.type, at: event.at, by: event.by, state: params.target }
    if (event.form) rec.form = event.form
    return { records: [...context.records, rec] }
  })

  return setup({
    types: {} as { context: CaseContext; events: CaseEvent },
    guards: guards as never,
    actions: actions as never,
  }).createMachine(config as never) as unknown as AnyStateMachine
}

/** Write the (mutated) transition objects back so string shorthands become objects. */
function rebuildOn(config: Record<string, unknown>, transitions: ReturnType<typeof collectTransitions>['transitions']): void {
  const byNode = new Map<string, Map<string, Array<Record<string, unknown>>>>()
  for (const t of transitions) {
    const key = pathKey(t.source)
    const m = byNode.get(key) ?? new Map<string, Array<Record<string, unknown>>>()
    const list = m.get(t.event) ?? []
    list.push(t.transition)
    m.set(t.event, list)
    byNode.set(key, m)
  }
  const visit = (node: Record<string, unknown>, path: string[]) => {
    const m = byNode.get(pathKey(path))
    if (m) node.on = Object.fromEntries([...m.entries()].map(([ev, list]) => [ev, list]))
    const sub = node.states as Record<string, Record<string, unknown>> | undefined
    if (sub) for (const [k, child] of Object.entries(sub)) visit(child, [...path, k])
  }
  visit(config, [])
}
