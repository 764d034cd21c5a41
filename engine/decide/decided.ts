/**
 * A case's facts as decided (issue #16): the record keeps what was typed, and a decision's derived
 * facts (a rule's `set`, e.g. a collective petition's level set to the town level) stand over it
 * wherever the platform reads a fact of a decided case — the workflow's `factIn` guard, the case's
 * summary (and so the stores, reports and the case page).
 */
import type { Decision } from './types'

/**
 * @example
 *   decidedFacts({ level: 'local', petitionerCount: 6 }, { …, derived: [{ field: 'level', typed: 'local', value: 'township', … }] })
 *   // → { level: 'township', petitionerCount: 6 }
 */
export function decidedFacts(facts: Record<string, unknown>, decision: Pick<Decision, 'derived'> | null | undefined): Record<string, unknown> {
  if (!decision?.derived?.length) return facts
  const out = { ...facts }
  for (const d of decision.derived) out[d.field] = d.value
  return out
}
