/**
 * A rule set over json-rules-engine (≥ 7.3.1, past CVE-2024-21534). One long-lived Engine per
 * rule set and scheme version; a fresh almanac per run (the library's own design).
 *
 * Quirks guarded here:
 * - a missing fact throws in json-rules-engine: every referenced fact is always passed, `null`
 *   when the caller gave none;
 * - a `path` on a fact that is not an object matches the raw value: the scheme check refuses a
 *   `path` on any field whose form type is not object/array;
 * - results are memoised per distinct tuple of referenced fact values (bounded), since the rules
 *   are pure functions of those facts. This is what lets `decide` run well past the library's
 *   raw speed on real traffic, where a few hundred tuples recur.
 */
import { Engine, type RuleProperties, type RuleResult } from 'json-rules-engine'
import type { RuleCondition, RuleSetDefinition } from '../scheme/types'
import { fill } from '../i18n/messages'

export interface ConditionTrace {
  fact: string
  operator: string
  value: unknown
  factValue: unknown
  result: boolean
}

export interface RuleTrace {
  id: string
  name: string
  priority: number
  matched: boolean
  conditions: ConditionTrace[]
}

export interface Fired {
  id: string | null
  name: string
  /** The rule's priority (1 when it names none; 0 for the default, which only decides when nothing matched). */
  priority: number
  event: { type: string; params: Record<string, unknown> }
  /** The derived facts the rule decides (RuleDefinition.set). */
  set?: Record<string, unknown>
  reason: string
  reasonEn: string
}

export interface RuleSetResult {
  ruleSet: string
  /** Matching rules, highest priority first (definition order within a priority). */
  fired: Fired[]
  /** For mode `first`: the deciding rule (or the default). */
  winner: Fired | null
  /** For mode `first`: the other matching rules, which the winner outranked (by priority, then definition order). Shared when empty: read only. */
  outranked: readonly Fired[]
  trace: RuleTrace[]
}

export const DEFAULT_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
]
export const OPERATOR_DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not']

/** Facts named anywhere in a condition tree. */
export function factsOf(cond: RuleCondition, out = new Set<string>()): Set<string> {
  if (cond.all) cond.all.forEach((c) => factsOf(c, out))
  if (cond.any) cond.any.forEach((c) => factsOf(c, out))
  if (cond.not) factsOf(cond.not, out)
  if (cond.fact) out.add(cond.fact)
  if (cond.value && typeof cond.value === 'object' && 'fact' in (cond.value as object)) out.add(String((cond.value as { fact: unknown }).fact))
  return out
}

export interface CustomOperator {
  name: string
  evaluate: (factValue: unknown, value: unknown) => boolean
}

interface Cached {
  matched: Set<string>
  trace: RuleTrace[]
  /** The whole result, when it depends on the key's facts alone (see `pure`): shared and frozen. */
  result?: RuleSetResult
}

const CACHE_LIMIT = 20_000
const NONE: Fired[] = []
const PLACEHOLDER = /\{(\w+)\}/g

export class CompiledRuleSet {
  readonly def: RuleSetDefinition
  readonly facts: string[]
  private readonly engine: Engine
  private readonly cache = new Map<string, Cached>()
  private readonly order: Map<string, number>
  /**
   * Whether every placeholder of the reasons names a fact the rules read: then a result is a
   * function of the key alone (a placeholder reads the tuple's value, never undefined) and is
   * cached whole, so a repeated tuple costs one key and one lookup.
   */
  private readonly pure: boolean

  constructor(def: RuleSetDefinition, operators: CustomOperator[], defaults: Record<string, unknown>) {
    this.def = def
    const facts = new Set<string>()
    def.rules.forEach((r) => factsOf(r.conditions, facts))
    this.facts = [...facts].sort()
    this.defaults = defaults
    this.engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false, replaceFactsInEventParams: false })
    for (const op of operators) this.engine.addOperator(op.name, op.evaluate as (a: unknown, b: unknown) => boolean)
    this.order = new Map(def.rules.map((r, i) => [r.id, i]))
    for (const r of def.rules) {
      const props: RuleProperties = {
        name: r.id,
        priority: r.priority ?? 1,
        conditions: r.conditions as RuleProperties['conditions'],
        event: r.event,
      }
      this.engine.addRule(props)
    }
    const texts = [...def.rules, ...(def.default ? [def.default] : [])].flatMap((r) => [r.reason ?? '', r.reasonEn ?? ''])
    this.pure = texts.every((t) => [...t.matchAll(PLACEHOLDER)].every((m) => facts.has(m[1]!)))
  }

  private readonly defaults: Record<string, unknown>

  /** The value a rule reads for fact `f`: from `facts`, falling back to the form default, then null. */
  private valueOf(facts: Record<string, unknown>, f: string): unknown {
    const v = Object.prototype.hasOwnProperty.call(facts, f) ? facts[f] : undefined
    return v === undefined ? (this.defaults[f] === undefined ? null : this.defaults[f]) : v
  }

  /** The facts the rules read, from `facts`, falling back to the form defaults, then null. */
  factTuple(facts: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const f of this.facts) out[f] = this.valueOf(facts, f)
    return out
  }

  private keyOf(facts: Record<string, unknown>): string {
    const values = new Array<unknown>(this.facts.length)
    for (let i = 0; i < values.length; i++) values[i] = this.valueOf(facts, this.facts[i]!)
    return JSON.stringify(values)
  }

  /** The result without running anything, when these facts' tuple was decided before; else undefined (then `run`). */
  cached(facts: Record<string, unknown>): RuleSetResult | undefined {
    return this.pure ? this.cache.get(this.keyOf(facts))?.result : undefined
  }

  async run(facts: Record<string, unknown>): Promise<RuleSetResult> {
    const key = this.keyOf(facts)
    let hit = this.cache.get(key)
    if (hit?.result) return hit.result
    const tuple = this.factTuple(facts)
    if (!hit) {
      const res = await this.engine.run(tuple)
      const trace: RuleTrace[] = []
      const matched = new Set<string>()
      const add = (r: RuleResult, ok: boolean) => {
        const id = String(r.name)
        if (ok) matched.add(id)
        trace.push({
          id,
          name: this.def.rules[this.order.get(id) ?? 0]?.name ?? id,
          priority: r.priority ?? 1,
          matched: ok,
          conditions: flatten(r.conditions as unknown),
        })
      }
      res.results.forEach((r) => add(r, true))
      res.failureResults.forEach((r) => add(r, false))
      trace.sort((a, b) => b.priority - a.priority || this.order.get(a.id)! - this.order.get(b.id)!)
      // Cached results are shared by every later decision on the same facts: frozen, so no caller can alter another's.
      for (const t of trace) {
        for (const c of t.conditions) Object.freeze(c)
        Object.freeze(t.conditions)
        Object.freeze(t)
      }
      Object.freeze(trace)
      hit = { matched, trace }
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string)
      this.cache.set(key, hit)
    }
    // the facts a reason's placeholders read, merged once and only when a reason has a placeholder
    let params: Record<string, unknown> | undefined
    const fill2 = (t: string | undefined, fallback: string) => (t === undefined ? fallback : t.includes('{') ? fill(t, (params ??= { ...facts, ...tuple })) : t)
    const fired: Fired[] = hit.trace
      .filter((t) => t.matched)
      .map((t) => {
        const r = this.def.rules[this.order.get(t.id)!]!
        const reason = fill2(r.reason, r.name)
        const f: Fired = { id: r.id, name: r.name, priority: t.priority, event: r.event, reason, reasonEn: fill2(r.reasonEn, reason) }
        if (r.set) f.set = r.set
        return f
      })
    let winner: Fired | null = fired[0] ?? null
    if (!winner && this.def.default) {
      const d = this.def.default
      const reason = fill2(d.reason, '')
      winner = { id: null, name: '默认', priority: 0, event: d.event, reason, reasonEn: fill2(d.reasonEn, reason) }
    }
    const result: RuleSetResult = {
      ruleSet: this.def.id,
      fired,
      winner,
      outranked: this.def.mode === 'first' && fired.length > 1 ? fired.slice(1) : NONE,
      trace: hit.trace,
    }
    if (this.pure) {
      for (const f of fired) Object.freeze(f)
      if (winner) Object.freeze(winner)
      Object.freeze(fired)
      Object.freeze(result.outranked)
      hit.result = Object.freeze(result)
    }
    return result
  }
}

function flatten(cond: unknown, out: ConditionTrace[] = []): ConditionTrace[] {
  if (!cond || typeof cond !== 'object') return out
  const c = cond as Record<string, unknown>
  for (const k of ['all', 'any']) if (Array.isArray(c[k])) (c[k] as unknown[]).forEach((x) => flatten(x, out))
  if (c.not) flatten(c.not, out)
  if (typeof c.fact === 'string') {
    out.push({ fact: c.fact, operator: String(c.operator), value: c.value, factValue: c.factResult, result: Boolean(c.result) })
  }
  return out
}
