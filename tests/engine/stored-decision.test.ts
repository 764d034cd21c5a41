/**
 * What a case keeps of a decision (engine/workflow/machine.ts `storedDecision`): everything but the
 * rules that did not match. The outcome, reasons and each rule set's winner stay as decided.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { decide, type CompiledScheme } from '../../engine'
import { storedDecision } from '../../engine/workflow/machine'
import { factsOf, loadGalutu, readCases } from '../helpers/scheme'

interface Table {
  base: Record<string, unknown>
  routes: Array<{ category: string; group: string; groupId: string }>
}
const table = await readCases<Table>('routing.json')
let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

describe('the decision stored on a case', () => {
  it.each(table.routes.filter((_, i) => i % 10 === 0).map((r) => [r.category] as const))(
    '%s: keeps outcome, reasons and the matched rules only',
    async (category) => {
      const d = await decide(scheme, factsOf(table.base, { category }))
      if (!d.ok) throw new Error(JSON.stringify(d.problems))
      const kept = storedDecision(d.decision)
      const { trace: fullTrace, ...rest } = d.decision
      const { trace, ...keptRest } = kept
      expect(keptRest).toEqual(rest)
      expect(trace.map((t) => [t.ruleSet, t.winner])).toEqual(fullTrace.map((t) => [t.ruleSet, t.winner]))
      for (const [i, t] of trace.entries()) {
        expect(t.rules).toEqual(fullTrace[i]!.rules.filter((r) => r.matched))
        // the winning rule (when a rule, not the default, decided) is among those kept
        if (t.winner && fullTrace[i]!.rules.some((r) => r.id === t.winner)) expect(t.rules.map((r) => r.id)).toContain(t.winner)
      }
      // the routing table has dozens of rules; one matched
      expect(JSON.stringify(kept).length).toBeLessThan(JSON.stringify(d.decision).length / 2)
      // the decision handed to the caller is not changed
      expect(fullTrace.find((t) => t.ruleSet === 'routing')!.rules.length).toBeGreaterThan(1)
    },
  )
})
