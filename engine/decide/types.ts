import type { RuleTrace } from '../rules/ruleset'

/**
 * A fact a rule decided (a rule's `set`, issue #16): a collective petition's level set to the town
 * level, say. The case's record keeps the value typed; the decision keeps both, and the rule.
 */
export interface DerivedFact {
  /** The facts form's field. */
  field: string
  /** The role the field plays (`level`, `category`, …; engine/scheme/field-roles.ts), or null. */
  role: string | null
  /** The value in the record: what was typed (null when nothing was). */
  typed: unknown
  /** The value decided: what the later rule sets, the case's guards and its summary read. */
  value: unknown
  /** The rule set and the rule that decided it. */
  ruleSet: string
  rule: string
  ruleName: string
}

/** The decision contract (stable: other systems call it). */
export interface Decision {
  outcome: string
  outcomeName: string
  /** Task group name, for outcomes that route */
  group: string | null
  groupId: string | null
  /** The time limit selected by the level rules */
  clock: string | null
  /** Due date; null while the clock has not started (e.g. no solutionSettledOn yet) */
  dueDate: string | null
  escalateTo: string | null
  /** Non-empty, human-readable (Chinese) */
  reasons: string[]
  reasonsEn: string[]
  /**
   * Each rule set run: the rule that decided (null: none, or the default), for a `first` rule set
   * the other matching rules it outranked (by priority, then definition order; absent when none),
   * and every rule with its conditions.
   */
  trace: Array<{ ruleSet: string; winner: string | null; outranked?: string[]; rules: RuleTrace[] }>
  /** The facts rules decided (absent when none did), in the order they were decided. */
  derived?: DerivedFact[]
}
