import type { RuleTrace } from '../rules/ruleset'

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
  trace: Array<{ ruleSet: string; winner: string | null; rules: RuleTrace[] }>
}
