/**
 * What a user may do on a case now — one function for the list the case page shows and the check
 * before an event is sent (a refusal on the send says the same thing the list implied). An action
 * is offered when: the case's state accepts the event; the user holds a role the workflow lists on
 * it, in the case's scheme and jurisdiction (the policy); it is not an entry event of the public
 * page or an import; and its conditions can still hold on the case as it stands (恢复计时 only with
 * a paused clock, 登记部门答复 only once something was dispatched). Conditions that read the form
 * are left to the send.
 */
import type { CompiledScheme } from '../../engine'
import { offers, type EventOffer } from '../../engine/workflow/available'
import type { Policy, Principal } from '../auth/policy'
import type { CaseView } from './service'

export type CaseAction = CaseView['actions'][number]

export type Verdict =
  | { kind: 'allowed'; offer: EventOffer }
  /** not the user's to do: 403 */
  | { kind: 'forbidden'; message: string; messageEn: string }
  /** the case rules it out now: 409 GUARD_REFUSED */
  | { kind: 'unmet'; message: string; messageEn: string }
  /** unknown, or not accepted in this state: the engine refuses it with its own message */
  | { kind: 'absent' }

type ViewPart = Pick<CaseView, 'machine' | 'state' | 'done' | 'context' | 'summary' | 'schemeId'>

/** Why one event is or is not the user's to send on this case now. */
export function actionVerdict(policy: Policy, user: Principal, scheme: CompiledScheme, view: ViewPart, type: string, offer?: EventOffer): Verdict {
  const def = scheme.machineDefs.get(view.machine)
  const ev = def && Object.prototype.hasOwnProperty.call(def.events, type) ? def.events[type] : undefined
  if (!def || !ev) return { kind: 'absent' }
  const name = ev.name
  const nameEn = ev.nameEn ?? ev.name
  const entry = def.entry ?? {}
  if ((type === entry.submit || type === entry.import) && type !== entry.register) {
    return {
      kind: 'forbidden',
      message: `“${name}”只由网上信访页面或导入产生，不是办理操作`,
      messageEn: `"${nameEn}" comes only from the public page or an import; it is not a handling action`,
    }
  }
  if (!policy.canOnCase(user, 'case.event', { ...view.summary, schemeId: view.schemeId }, ev.roles)) {
    return { kind: 'forbidden', message: `您的角色不能进行“${name}”`, messageEn: `your role may not do "${nameEn}"` }
  }
  if (view.done) return { kind: 'absent' }
  const o = offer ?? offers(scheme, view.machine, view.state, view.context).find((x) => x.type === type)
  if (!o) return { kind: 'absent' }
  if (!o.open) {
    return {
      kind: 'unmet',
      message: `当前不能进行“${name}”${o.unmet.length ? `（条件未满足：${o.unmet.map((u) => u.zh).join('；')}）` : ''}`,
      messageEn: `"${nameEn}" is not possible now${o.unmet.length ? ` (condition not met: ${o.unmet.map((u) => u.en).join('; ')})` : ''}`,
    }
  }
  return { kind: 'allowed', offer: o }
}

/**
 * The actions the user may take now, in the definition's order, and the suggested next step: the
 * first that moves the case on to another state; else the first the case's record calls for (a
 * condition that holds, or one on the form such as the unit replying — not a clock control); else
 * the first.
 */
export function caseActions(policy: Policy, user: Principal, scheme: CompiledScheme, view: ViewPart): { actions: CaseAction[]; suggested: string | null } {
  if (view.done) return { actions: [], suggested: null }
  const def = scheme.machineDefs.get(view.machine)
  if (!def) return { actions: [], suggested: null }
  const allowed = offers(scheme, view.machine, view.state, view.context).filter((o) => actionVerdict(policy, user, scheme, view, o.type, o).kind === 'allowed')
  const actions = allowed.map((o) => {
    const e = def.events[o.type]!
    const a: CaseAction = { type: o.type, name: e.name }
    if (e.nameEn) a.nameEn = e.nameEn
    if (e.form) a.form = e.form
    return a
  })
  const pick = allowed.find((o) => o.forward) ?? allowed.find((o) => o.called && !def.events[o.type]!.clockControl) ?? allowed[0]
  return { actions, suggested: pick?.type ?? null }
}
