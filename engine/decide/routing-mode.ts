/**
 * How a scheme's routing rule set decides (issue #16 §3). `"first"`: the matching rule of the
 * highest priority (then definition order) decides, so an override ("a collective petition goes to
 * the comprehensive-governance group whatever its category") is one rule with a higher priority.
 * `"all"`: every matching rule counts, and exactly one group must be among them.
 *
 * The first edition of the format accepted `"first"` on a routing rule set and routed by every
 * match all the same; a first-edition scheme (../scheme/edition.ts) keeps routing as it did, and
 * `daiban migrate-scheme` writes `"all"` there. Other rule sets always took the first match.
 */
import type { CompiledScheme } from '../scheme/compiled'
import type { RuleSetDefinition } from '../scheme/types'
import { schemeEdition } from '../scheme/edition'

export function routingMode(scheme: CompiledScheme, rs: RuleSetDefinition): 'first' | 'all' {
  return rs.mode === 'first' && schemeEdition(scheme.source) === 2 ? 'first' : 'all'
}
