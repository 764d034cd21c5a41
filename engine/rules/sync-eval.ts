/**
 * A synchronous evaluation of json-rules-engine conditions, used only by the scheme check's
 * exhaustive triage enumeration (hundreds of combinations at load time). Decisions themselves
 * always go through json-rules-engine; anything this cannot evaluate exactly (paths, params,
 * fact-valued comparisons, condition references, custom operators) is refused by
 * `canEvaluateSync` and the check falls back to the engine.
 *
 * Every operator and decorator here is a copy of json-rules-engine 7's own, with its fact-value
 * validator, so the results cannot drift: the library's `in` on a string value is a substring
 * test, its number operators take a numeric string fact and compare with JavaScript's coercion,
 * an empty `any` is true. Where the library throws (an `in` whose value is null), so does this;
 * tests/engine/sync-eval.test.ts runs both on a table of values, operator by operator.
 */
import type { RuleCondition } from '../scheme/types'

type Evaluate = (factValue: unknown, jsonValue: unknown) => boolean
interface Op {
  cb: Evaluate
  /** The library's factValueValidator: when it fails, the operator is false without calling cb. */
  valid?: (factValue: unknown) => boolean
}
interface Decorator {
  cb: (factValue: unknown, jsonValue: unknown, next: Evaluate) => boolean
  valid?: (factValue: unknown) => boolean
}

// The library calls these methods on whatever it is given (and throws when they are missing).
type Indexable = { indexOf(x: unknown): number }
type Listing = { some(f: (x: unknown) => boolean): boolean; every(f: (x: unknown) => boolean): boolean }
/** json-rules-engine's numberValidator, verbatim. */
const numeric = (factValue: unknown) => Number.parseFloat(factValue as string).toString() !== 'NaN'
/** JavaScript's relational comparison, as the library's `a < b`. */
type Cmp = (a: never, b: never) => boolean

/** json-rules-engine's engine-default-operators.js. */
const OPERATORS: Record<string, Op> = {
  equal: { cb: (a, b) => a === b },
  notEqual: { cb: (a, b) => a !== b },
  in: { cb: (a, b) => (b as Indexable).indexOf(a) > -1 },
  notIn: { cb: (a, b) => (b as Indexable).indexOf(a) === -1 },
  contains: { cb: (a, b) => (a as Indexable).indexOf(b) > -1, valid: Array.isArray },
  doesNotContain: { cb: (a, b) => (a as Indexable).indexOf(b) === -1, valid: Array.isArray },
  lessThan: { cb: ((a: number, b: number) => a < b) as Cmp as Evaluate, valid: numeric },
  lessThanInclusive: { cb: ((a: number, b: number) => a <= b) as Cmp as Evaluate, valid: numeric },
  greaterThan: { cb: ((a: number, b: number) => a > b) as Cmp as Evaluate, valid: numeric },
  greaterThanInclusive: { cb: ((a: number, b: number) => a >= b) as Cmp as Evaluate, valid: numeric },
}

/** json-rules-engine's engine-default-operator-decorators.js. */
const DECORATORS: Record<string, Decorator> = {
  someFact: { cb: (f, j, next) => (f as Listing).some((x) => next(x, j)), valid: Array.isArray },
  someValue: { cb: (f, j, next) => (j as Listing).some((x) => next(f, x)) },
  everyFact: { cb: (f, j, next) => (f as Listing).every((x) => next(x, j)), valid: Array.isArray },
  everyValue: { cb: (f, j, next) => (j as Listing).every((x) => next(f, x)) },
  swap: { cb: (f, j, next) => next(j, f) },
  not: { cb: (f, j, next) => !next(f, j) },
}

/** The operators (undecorated) evaluated here: the library's defaults. */
export const SYNC_OPERATORS: readonly string[] = Object.keys(OPERATORS)
/** The decorators evaluated here: the library's defaults. */
export const SYNC_DECORATORS: readonly string[] = Object.keys(DECORATORS)

const resolved = new Map<string, Evaluate | null>()

/**
 * The evaluation of an operator name with its decorators (`not:someFact:equal`), as the library's
 * OperatorMap builds it: the innermost operator first, each decorator wrapping the one after it.
 * Null when a part is unknown.
 */
export function syncOperator(name: string): Evaluate | null {
  const hit = resolved.get(name)
  if (hit !== undefined) return hit
  const own = <T>(table: Record<string, T>, key: string): T | null => (Object.prototype.hasOwnProperty.call(table, key) ? table[key]! : null)
  const parts = name.split(':')
  const base = own(OPERATORS, parts.pop()!)
  let op: Evaluate | null = base && withValidator(base.cb, base.valid)
  for (let i = parts.length - 1; i >= 0 && op; i--) {
    const d = own(DECORATORS, parts[i]!)
    const next: Evaluate = op
    op = d && withValidator((f, j) => d.cb(f, j, next), d.valid)
  }
  resolved.set(name, op)
  return op
}

function withValidator(cb: Evaluate, valid?: (factValue: unknown) => boolean): Evaluate {
  return valid ? (f, j) => valid(f) && cb(f, j) : cb
}

/** Whether every condition of the tree can be evaluated here exactly. */
export function canEvaluateSync(c: RuleCondition): boolean {
  const keys = ['all', 'any', 'not'].filter((k) => (c as Record<string, unknown>)[k] !== undefined)
  if (keys.length > 1) return false
  if (c.all) return Array.isArray(c.all) && c.all.every(canEvaluateSync)
  if (c.any) return Array.isArray(c.any) && c.any.every(canEvaluateSync)
  if (c.not) return canEvaluateSync(c.not)
  if ((c as Record<string, unknown>).condition !== undefined) return false
  if (c.path !== undefined || c.params !== undefined || typeof c.fact !== 'string') return false
  // An object value may be a fact reference ({fact: …}), which the library resolves first.
  if (c.value && typeof c.value === 'object' && !Array.isArray(c.value)) return false
  return typeof c.operator === 'string' && syncOperator(c.operator) !== null
}

/**
 * The condition tree's result on `facts`, as json-rules-engine gives it: conditions grouped by
 * priority (highest first), every condition of a group evaluated (so one that throws throws,
 * whatever the others gave), later groups skipped once the result is known; an empty `all` or
 * `any` is true. Throws where the library's run rejects. Only for trees `canEvaluateSync` accepts.
 */
export function evaluateSync(c: RuleCondition, facts: Record<string, unknown>): boolean {
  if (c.all) return prioritized(c.all, 'all', facts)
  if (c.any) return prioritized(c.any, 'any', facts)
  if (c.not) return !prioritized([c.not], 'not', facts)
  return syncOperator(c.operator!)!(facts[c.fact!], c.value)
}

function prioritized(conditions: RuleCondition[], op: 'all' | 'any' | 'not', facts: Record<string, unknown>): boolean {
  if (conditions.length === 0) return true
  if (conditions.length === 1) return evaluateSync(conditions[0]!, facts)
  // The library's prioritizeConditions: sets by priority (default 1), highest first.
  const byPriority = new Map<number, RuleCondition[]>()
  for (const c of conditions) {
    const p = Number.parseInt(String((c as { priority?: unknown }).priority), 10) || 1
    byPriority.set(p, [...(byPriority.get(p) ?? []), c])
  }
  let result = op === 'all'
  for (const p of [...byPriority.keys()].sort((a, b) => b - a)) {
    if (op === 'any' ? result : !result) break
    const results = byPriority.get(p)!.map((c) => evaluateSync(c, facts))
    result = op === 'any' ? results.some((r) => r === true) : results.every((r) => r === true)
  }
  return result
}
