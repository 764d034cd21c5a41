/**
 * A synchronous evaluation of json-rules-engine conditions for the plain operators, used only by
 * the scheme check's exhaustive triage enumeration (hundreds of combinations at load time).
 * Decisions themselves always go through json-rules-engine; anything this cannot evaluate
 * exactly (paths, fact-valued comparisons, decorators, custom operators) returns undefined and the
 * check falls back to the engine.
 */
import type { RuleCondition } from '../scheme/types'

const OPS: Record<string, (a: unknown, b: unknown) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => Array.isArray(b) && b.includes(a),
  notIn: (a, b) => Array.isArray(b) && !b.includes(a),
  contains: (a, b) => Array.isArray(a) && a.includes(b),
  doesNotContain: (a, b) => Array.isArray(a) && !a.includes(b),
  lessThan: (a, b) => typeof a === 'number' && typeof b === 'number' && a < b,
  lessThanInclusive: (a, b) => typeof a === 'number' && typeof b === 'number' && a <= b,
  greaterThan: (a, b) => typeof a === 'number' && typeof b === 'number' && a > b,
  greaterThanInclusive: (a, b) => typeof a === 'number' && typeof b === 'number' && a >= b,
}

export function canEvaluateSync(c: RuleCondition): boolean {
  if (c.all) return c.all.every(canEvaluateSync)
  if (c.any) return c.any.every(canEvaluateSync)
  if (c.not) return canEvaluateSync(c.not)
  if (c.path !== undefined || c.params !== undefined) return false
  if (c.value && typeof c.value === 'object' && !Array.isArray(c.value)) return false
  return typeof c.operator === 'string' && c.operator in OPS
}

export function evaluateSync(c: RuleCondition, facts: Record<string, unknown>): boolean {
  if (c.all) return c.all.every((x) => evaluateSync(x, facts))
  if (c.any) return c.any.some((x) => evaluateSync(x, facts))
  if (c.not) return !evaluateSync(c.not, facts)
  return OPS[c.operator!]!(facts[c.fact!], c.value)
}
