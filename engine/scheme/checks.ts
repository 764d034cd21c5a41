/**
 * Checks beyond JSON Schema. Each kind checks its own references and consistency (its `check` in
 * ./kinds/<kind>); what spans kinds is checked here, once every kind has: every category routes
 * to exactly one group (whatever the other facts the routing rules read), every level selects a
 * clock, every triage outcome is reachable and handled by the workflow. Each problem names the
 * file and JSON pointer of the offending element; all checks run and every problem is returned.
 */
import type { CompiledScheme } from './compiled'
import type { Origins } from './origins'
import type { RuleSetDefinition } from './types'
import type { Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { canEvaluateSync, evaluateSync } from '../rules/sync-eval'
import { KIND_MODULES } from './kinds/index'
import { definitionOf } from './kinds/kind'
import { checkContext, type CheckContext } from './kinds/check-kit'
import { walkGuards } from './kinds/workflow/index'
import { uiOrder } from './consistency/ui-order'
import { requiredNames } from './consistency/form-required'
import { realDates } from './consistency/calendar-dates'
import { itemsWithinMax } from './consistency/score-bounds'
import { importValues } from './consistency/import-values'
import { conditionValues } from './consistency/condition-values'
import { proseNumbers } from './consistency/prose-numbers'
import { clockDates } from './consistency/clock-dates'
import { factDomain } from './consistency/fact-domains'
import { routingCovers } from './consistency/routing-coverage'
import { formFields } from './form-fields'
import { checkFieldRoles, fieldRoles } from './field-roles'
import { schemeEdition, type Edition } from './edition'

/** A check that spans kinds: it runs after every kind's own checks. */
export interface CrossCheck {
  name: string
  /** The kinds it reads, for the docs. */
  kinds: readonly string[]
  /**
   * 2: it checks what the second edition of the format added, so a first-edition scheme (a
   * town's own, or a published version older cases are pinned to) is not held to it and keeps
   * loading as written; `daiban migrate-scheme` makes the change (./edition.ts).
   */
  since?: Edition
  run(ctx: CheckContext): void | Promise<void>
}

export async function checkScheme(s: CompiledScheme, o: Origins, options: { quick?: boolean } = {}): Promise<Problem[]> {
  const ctx = checkContext(s, o, options)
  for (const k of KIND_MODULES) {
    const def = definitionOf(s.defs, k)
    if (def !== undefined && k.check) await k.check(def, ctx)
  }
  const edition = schemeEdition(s.source)
  for (const c of CROSS_CHECKS) if ((c.since ?? 1) <= edition) await c.run(ctx)
  return ctx.out
}

export const CROSS_CHECKS: readonly CrossCheck[] = [
  routingCovers,
  { name: 'every level selects exactly one clock', kinds: ['org', 'rules', 'deadlines'], run: levelsSelectClocks },
  { name: 'every triage outcome and rule is reachable', kinds: ['rules', 'forms'], run: triageReachable },
  { name: 'every triage outcome is handled by the workflow', kinds: ['rules', 'workflow'], run: outcomesHandled },
  {
    name: 'the fields the platform reads have their declared roles',
    kinds: ['forms', 'org', 'rules', 'workflow', 'duty'],
    run: ({ s, at }) => checkFieldRoles(s, at),
  },
  uiOrder,
  requiredNames,
  realDates,
  itemsWithinMax,
  importValues,
  conditionValues,
  proseNumbers,
  clockDates,
]

async function levelsSelectClocks({ s, at }: CheckContext): Promise<void> {
  const levels = s.ruleSetFor('clock')
  const field = levels && fieldRoles(s).form(levels.def.factsForm).level
  if (!levels || !s.form(levels.def.factsForm) || !field) return
  for (const lv of s.defs.org.levels) {
    try {
      const r = await levels.run({ [field]: lv.id })
      if (!r.winner) at(lv, '', 'LEVEL_WITHOUT_CLOCK', { level: lv.id })
    } catch (e) {
      at(levels.def, '', 'RULES_FAILED', { detail: e instanceof Error ? e.message : String(e) })
      return
    }
  }
}

async function triageReachable({ s, o, out, options }: CheckContext): Promise<void> {
  const triage = s.ruleSetFor('outcome')
  if (triage && !options.quick && s.form(triage.def.factsForm)) await checkTriageReachability(s, triage.def, o, out)
}

function outcomesHandled({ s, at }: CheckContext): void {
  const triage = s.ruleSetFor('outcome')
  if (!triage) return
  const handled = new Set<string>()
  for (const m of s.defs.workflow.machines)
    walkGuards(m, (g) => {
      if (g?.type === 'triageIs') handled.add(String(g.params?.outcome))
    })
  triage.def.outcomes?.forEach((oc, idx) => {
    if (!handled.has(oc.id)) at(triage.def, `/outcomes/${idx}`, 'UNHANDLED_OUTCOME', { outcome: oc.id })
  })
}

/**
 * Enumerate the values of the facts the triage rules read (booleans both ways; enums each value;
 * numbers and free text by the boundary values of the rules' constants, consistency/fact-domains.ts)
 * and run the rules on every combination: an outcome no combination yields, or a rule that never
 * decides, is reported. Bounded: at most 2^14 combinations; past that, or with a fact whose values
 * cannot be enumerated, the check says it could not decide (REACHABILITY_UNCHECKED), never silently.
 */
async function checkTriageReachability(s: CompiledScheme, rs: RuleSetDefinition, o: Origins, out: Problem[]): Promise<void> {
  const compiled = s.ruleSets.get(rs.id)!
  const form = s.form(rs.factsForm)!
  const props = formFields(form.schema) // conditional fields too (issue #16)
  const domains: Array<[string, unknown[]]> = []
  const unchecked = (detail: string, detailEn: string) => {
    const loc = o.at(rs)
    out.push(problem('REACHABILITY_UNCHECKED', loc.pointer, { ruleSet: rs.id, detail, detailEn }, loc.file))
  }
  for (const f of compiled.facts) {
    const p = props[f]
    if (!p) return // not a field of the facts form: reported by the rule checks
    const dom = factDomain(p, f, rs.rules)
    if (!('values' in dom)) return unchecked(dom.reason, dom.reasonEn)
    domains.push([f, dom.values])
  }
  const total = domains.reduce((a, [, d]) => a * d.length, 1)
  if (total > 1 << 14) return unchecked(`事实取值组合 ${total} 种，超过 ${1 << 14} 种`, `${total} combinations of fact values, more than ${1 << 14}`)
  const winners = new Set<string>()
  const outcomes = new Set<string>()
  const idx = new Array(domains.length).fill(0)
  // Plain conditions are evaluated synchronously here (same semantics, no per-run engine cost);
  // anything else goes through json-rules-engine.
  const sync = rs.rules.every((r) => canEvaluateSync(r.conditions))
  const ordered = [...rs.rules]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i)
    .map((x) => x.r)
  for (let n = 0; n < total; n++) {
    const facts: Record<string, unknown> = {}
    domains.forEach(([f, d], i) => {
      facts[f] = d[idx[i]]
    })
    let winner: { id: string | null; event: { params: Record<string, unknown> } } | null
    if (sync) {
      let hit
      try {
        // Every rule, as the engine runs them all: one that throws fails the run whatever others matched.
        const matched = ordered.map((r) => evaluateSync(r.conditions, facts))
        hit = ordered[matched.indexOf(true)]
      } catch {
        return // the rules cannot run on these facts (json-rules-engine would reject too)
      }
      winner = hit ? { id: hit.id, event: hit.event } : rs.default ? { id: null, event: rs.default.event } : null
    } else {
      try {
        winner = (await compiled.run(facts)).winner
      } catch {
        return // the rules cannot run (an unknown operator…): already reported by the rule checks
      }
    }
    if (winner) {
      winners.add(winner.id ?? '(default)')
      outcomes.add(String(winner.event.params.outcome))
    }
    for (let i = 0; i < idx.length; i++) {
      idx[i]++
      if (idx[i] < domains[i]![1].length) break
      idx[i] = 0
    }
  }
  rs.rules.forEach((r, i) => {
    if (!winners.has(r.id)) {
      const loc = o.at(rs, `/rules/${i}`)
      out.push(problem('UNREACHABLE_RULE', loc.pointer, { rule: r.id }, loc.file))
    }
  })
  rs.outcomes?.forEach((oc, i) => {
    if (!outcomes.has(oc.id)) {
      const loc = o.at(rs, `/outcomes/${i}`)
      out.push(
        problem(
          'UNREACHABLE_OUTCOME',
          loc.pointer,
          { outcome: oc.id, detail: '没有任何事实组合会得到该结果', detailEn: 'no combination of facts yields it' },
          loc.file,
        ),
      )
    }
  })
}
