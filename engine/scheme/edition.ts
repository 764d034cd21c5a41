/**
 * Editions of the definition format (issue #16). A scheme written before the second edition — a
 * town's own, a fork made with `daiban fork`, or a published version older cases are pinned to —
 * declares no field role (`x-daiban-role`). It keeps working as written: the platform reads its
 * fields by the names it always read (./field-roles.ts), and the checks that only concern what the
 * second edition added (a cross check's `since: 2`, ./checks.ts) leave it alone.
 * `daiban migrate-scheme` (./migrate) rewrites it to the second edition.
 */
import type { SchemeDefinitions } from './types'
import { declaresRoles } from './field-roles'

export type Edition = 1 | 2

const cache = new WeakMap<SchemeDefinitions, Edition>()

/**
 * 2 when any form declares a field role (on any field, at any depth), else 1.
 * @example schemeEdition(galutu.defs) // 2
 */
export function schemeEdition(defs: SchemeDefinitions): Edition {
  let e = cache.get(defs)
  if (e === undefined) {
    e = declaresRoles(defs) ? 2 : 1
    cache.set(defs, e)
  }
  return e
}
