/** A case view as a user may see it: sensitive fields masked unless they hold case.pii on the case. */
import type { Principal } from '../../auth/policy'
import type { CaseView } from '../../cases/service'
import { maskView, sensitiveFields } from '../../cases/masking'
import type { RouteDeps } from './deps'

export function presenter(d: Pick<RouteDeps, 'policy' | 'schemes'>) {
  return async (p: Principal, view: CaseView): Promise<CaseView> =>
    d.policy().canOnCase(p, 'case.pii', view.summary) ? view : maskView(view, await sensitiveFields(d.schemes, view.schemeId, view.schemeHash))
}
