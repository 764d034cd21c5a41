/**
 * What a case's state offers before any form is filled in: for each event the state accepts,
 * whether its conditions can still hold (a guard that reads the case alone is decided now — 恢复计时
 * only with a paused clock; one that reads the form is left to the send), whether it moves the case
 * on to another state, and which conditions fail. Pure; the runtime adds who may send it.
 */
import type { CompiledScheme } from '../scheme/compiled'
import type { CaseContext } from './context'
import { GUARDS } from './registry'
import { collectTransitions, enterLeaf, pathKey, type TransitionInfo } from './statetree'

export interface EventOffer {
  type: string
  /** Some transition's condition holds or depends on the form (false: the case rules it out now) */
  open: boolean
  /** An open transition leads to another state (the case moves on) */
  forward: boolean
  /** An open transition has a condition that holds or depends on the form: the case's record calls for it (a reply to a dispatch) */
  called: boolean
  /** When closed: the descriptions of the conditions that fail (zh / en) */
  unmet: Array<{ zh: string; en: string }>
}

type Guard = { type: string; params?: Record<string, unknown> }

interface Candidate {
  guard: Guard | undefined
  forward: boolean
}

/** Per compiled scheme: machine → state path → event → its candidate transitions, deepest state first. */
const memo = new WeakMap<CompiledScheme, Map<string, Map<string, Map<string, Candidate[]>>>>()

function candidates(scheme: CompiledScheme, machineId: string, statePath: string): Map<string, Candidate[]> {
  let byMachine = memo.get(scheme)
  if (!byMachine) memo.set(scheme, (byMachine = new Map()))
  let byState = byMachine.get(machineId)
  if (!byState) byMachine.set(machineId, (byState = new Map()))
  let hit = byState.get(statePath)
  if (hit) return hit
  hit = new Map()
  const def = scheme.machineDefs.get(machineId)
  if (def) {
    const { states, transitions } = collectTransitions(def.config, '')
    const mine = transitions.filter((t) => {
      const src = pathKey(t.source)
      return src === '' || statePath === src || statePath.startsWith(src + '.')
    })
    // deeper sources first, as XState tries them
    mine.sort((a, b) => b.source.length - a.source.length)
    for (const t of mine) {
      const list = hit.get(t.event) ?? []
      list.push({ guard: guardOf(t), forward: leadsElsewhere(t, statePath, states) })
      hit.set(t.event, list)
    }
  }
  byState.set(statePath, hit)
  return hit
}

function guardOf(t: TransitionInfo): Guard | undefined {
  const g = t.transition.guard
  if (typeof g === 'string') return { type: g }
  if (g && typeof g === 'object' && typeof (g as Guard).type === 'string') return g as Guard
  return undefined
}

function leadsElsewhere(t: TransitionInfo, statePath: string, states: Parameters<typeof enterLeaf>[0]): boolean {
  if (!t.target) return false
  return pathKey(enterLeaf(states, t.target)) !== statePath
}

/** A guard's value before the form is known: true, false, or undefined (the form decides). */
export function settleGuard(ctx: CaseContext, g: unknown): boolean | undefined {
  const guard = g as Guard
  const impl = GUARDS[guard.type]
  if (!impl?.settle) return undefined
  return impl.settle(ctx, guard.params ?? {}, (sub) => settleGuard(ctx, sub))
}

/** The failing conditions of a guard, as their registry descriptions (for a refusal that says why). */
function unmetOf(ctx: CaseContext, g: Guard): Array<{ zh: string; en: string }> {
  const impl = GUARDS[g.type]
  if (g.type === 'allOf') return (g.params?.guards as Guard[]).filter((x) => settleGuard(ctx, x) === false).flatMap((x) => unmetOf(ctx, x))
  if (!impl) return []
  const [zh = impl.description, en = impl.description] = impl.description.split(' / ')
  return [{ zh, en }]
}

/**
 * The events the state accepts, in the order the definition lists them, with what the case says
 * about each before its form.
 * @example offers(scheme, 'case', 'handling', ctx).find((o) => o.type === 'RESUME_CLOCK')?.open // false while no clock is paused
 */
export function offers(scheme: CompiledScheme, machineId: string, statePath: string, ctx: CaseContext): EventOffer[] {
  const out: EventOffer[] = []
  for (const [type, list] of candidates(scheme, machineId, statePath)) {
    const settled = list.map((c) => ({ c, v: c.guard ? settleGuard(ctx, c.guard) : true }))
    const open = settled.filter((x) => x.v !== false)
    out.push({
      type,
      open: open.length > 0,
      forward: open.some((x) => x.c.forward),
      called: open.some((x) => x.c.guard !== undefined),
      unmet: open.length ? [] : settled.flatMap((x) => (x.c.guard ? unmetOf(ctx, x.c.guard) : [])),
    })
  }
  return out
}
