/**
 * A case view as a user may see it: sensitive fields masked unless they hold case.pii on the case,
 * and only the actions this user may take now, with the suggested next step (runtime/cases/actions.ts).
 */
import type { Principal } from '../../auth/policy'
import type { CaseView } from '../../cases/service'
import { caseActions } from '../../cases/actions'
import { maskView, sensitiveFields } from '../../cases/masking'
import type { RouteDeps } from './deps'

export type PresentedCase = CaseView & { suggested: string | null }

export function presenter(d: Pick<RouteDeps, 'policy' | 'schemes'>) {
  return async (p: Principal, view: CaseView): Promise<PresentedCase> => {
    const policy = d.policy()
    const shown = policy.canOnCase(p, 'case.pii', view.summary) ? view : await maskView(view, await sensitiveFields(d.schemes, view.schemeId, view.schemeHash))
    if (view.error) return { ...shown, actions: [], suggested: null }
    const scheme = await d.schemes.get(view.schemeId, view.schemeHash)
    return { ...shown, ...caseActions(policy, p, scheme, view) }
  }
}
