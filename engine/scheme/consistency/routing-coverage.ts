/**
 * Every category routes to exactly one task group — on every combination of the other facts the
 * routing rules read (issue #16). The check used to run the routing rules on the category alone,
 * so a rule reading another fact (a collective petition of 5 or more people goes to the
 * comprehensive-governance group whatever its category) overlapped or left a gap that only showed
 * when a case was decided.
 *
 * The other facts take the values consistency/fact-domains.ts gives (yes/no and lists: every
 * value; numbers and free text: the boundary values of the rules' constants), plus "not given"
 * when the facts form has no default for them, which is what `decide` sees then. Per category:
 * - `all` rule sets: exactly one group among the matching rules, on every combination
 *   (CATEGORY_UNROUTED / CATEGORY_OVERLAP when it fails whatever the other facts,
 *   CATEGORY_UNROUTED_WHEN / CATEGORY_OVERLAP_WHEN naming the first combination that fails);
 * - `first` rule sets (../../decide/routing-mode.ts): a rule (or the default) decides on every combination, and never one tied in
 *   priority with a matching rule of another group (ROUTING_TIE: only the file order would decide);
 * - either: the category reaches the group that lists it on some combination (CATEGORY_MISROUTED);
 *   an override that takes it elsewhere on other combinations is what priorities are for.
 * A first-edition scheme (../edition.ts) is checked as it always was, on the category alone, so a
 * scheme that validated keeps validating; `daiban migrate-scheme` brings it to the full check.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import type { Fired, RuleSetResult } from '../../rules/ruleset'
import { problem } from '../../i18n/messages'
import { categoryGroups } from '../kinds/org/index'
import { fieldRoles } from '../field-roles'
import { formFields } from '../form-fields'
import { factDomain } from './fact-domains'
import { routingMode } from '../../decide/routing-mode'
import { schemeEdition } from '../edition'

export const routingCovers: CrossCheck = {
  name: 'every category routes to exactly one group, whatever the other facts',
  kinds: ['org', 'rules', 'forms'],
  run: routesEveryCategory,
}

/** Combinations of the other facts tried per category. */
const MAX_COMBINATIONS = 1 << 12

type Combo = Record<string, unknown>

async function routesEveryCategory({ s, o, out, at }: CheckContext): Promise<void> {
  const routing = s.ruleSetFor('group')
  // the facts form's field playing the category role (a missing role is reported by checkFieldRoles)
  const field = routing && fieldRoles(s).form(routing.def.factsForm).category
  const form = routing && s.form(routing.def.factsForm)
  if (!routing || !form || !field) return
  const rs = routing.def
  const mode = routingMode(s, rs) // a first-edition scheme routes by every match, whatever its mode says
  const props = formFields(form.schema)
  const ruleAt = (code: string, detail: string, detailEn: string) => {
    const loc = o.at(rs)
    out.push(problem(code, loc.pointer, { ruleSet: rs.id, detail, detailEn }, loc.file))
  }

  // ---- the values of the other facts (a first-edition scheme is checked as it always was: on the category alone)
  const domains: Array<[string, unknown[]]> = []
  for (const f of schemeEdition(s.source) === 2 ? routing.facts : []) {
    if (f === field) continue
    const p = props[f]
    if (!p || typeof p !== 'object') return // not a field of the facts form: reported by the rule checks
    const dom = factDomain(p as Record<string, unknown>, f, rs.rules)
    if (!('values' in dom)) return ruleAt('ROUTING_UNCHECKED', dom.reason, dom.reasonEn)
    domains.push([f, form.defaults[f] === undefined ? [...dom.values, null] : dom.values])
  }
  const total = domains.reduce((a, [, d]) => a * d.length, 1)
  if (total > MAX_COMBINATIONS)
    return ruleAt(
      'ROUTING_UNCHECKED',
      `每个类别要试 ${total} 种其他事实的取值组合，超过 ${MAX_COMBINATIONS} 种`,
      `${total} combinations of the other facts per category, more than ${MAX_COMBINATIONS}`,
    )
  const combos: Combo[] = []
  const idx = new Array<number>(domains.length).fill(0)
  for (let n = 0; n < total; n++) {
    combos.push(Object.fromEntries(domains.map(([f, d], i) => [f, d[idx[i]!]])))
    for (let i = 0; i < idx.length; i++) {
      if (++idx[i]! < domains[i]![1].length) break
      idx[i] = 0
    }
  }
  const title = (f: string) => {
    const t = (props[f] as { title?: unknown } | undefined)?.title
    return typeof t === 'string' ? t : f
  }
  const when = (c: Combo) => ({
    when:
      Object.entries(c)
        .map(([f, v]) => `${title(f)}为${v === null ? '空' : v === true ? '“是”' : v === false ? '“否”' : typeof v === 'number' ? v : `“${String(v)}”`}`)
        .join('、') || '只看类别',
    whenEn:
      Object.entries(c)
        .map(([f, v]) => `${f} is ${v === null ? 'not given' : JSON.stringify(v)}`)
        .join(', ') || 'on the category alone',
  })
  const groupOf = (f: Fired) => String(f.event.params.group)
  const name = (g: string) => s.groupName(g) ?? g

  // ---- every category listed once (a category listed twice is CATEGORY_DUPLICATE)
  const catGroups = categoryGroups(s.defs.org)
  for (const g of s.defs.org.groups) {
    for (let i = 0; i < g.categories.length; i++) {
      const category = g.categories[i]!
      if (catGroups.get(category)!.length > 1) continue
      const reached = new Set<string>()
      const unrouted: Combo[] = []
      const overlaps: Array<[Combo, string[]]> = []
      let tie: [Combo, Fired[]] | null = null
      for (const combo of combos) {
        let r: RuleSetResult
        try {
          r = await routing.run({ ...combo, [field]: category })
        } catch (e) {
          return ruleAt('RULES_FAILED', e instanceof Error ? e.message : String(e), e instanceof Error ? e.message : String(e))
        }
        if (mode === 'first') {
          const w = r.winner
          if (!w) {
            unrouted.push(combo)
            continue
          }
          reached.add(groupOf(w))
          const tied = r.outranked.filter((x) => x.priority === w.priority && groupOf(x) !== groupOf(w))
          if (tied.length && !tie) tie = [combo, [w, ...tied]]
        } else {
          const groups = [...new Set(r.fired.map(groupOf))]
          if (groups.length === 0) unrouted.push(combo)
          else if (groups.length > 1) overlaps.push([combo, groups])
          else reached.add(groups[0]!)
        }
      }
      const ptr = `/categories/${i}`
      // whatever the other facts: the plain codes, as when the rules read the category alone
      if (unrouted.length === combos.length) at(g, ptr, 'CATEGORY_UNROUTED', { category })
      else if (unrouted.length) at(g, ptr, 'CATEGORY_UNROUTED_WHEN', { category, ...when(unrouted[0]!) })
      if (overlaps.length === combos.length) at(g, ptr, 'CATEGORY_OVERLAP', { category, groups: overlaps[0]![1].map(name) })
      else if (overlaps.length) at(g, ptr, 'CATEGORY_OVERLAP_WHEN', { category, groups: overlaps[0]![1].map(name), ...when(overlaps[0]![0]) })
      if (tie) {
        const [combo, rules] = tie
        at(g, ptr, 'ROUTING_TIE', {
          category,
          priority: rules[0]!.priority,
          rules: rules.map((x) => x.id ?? '默认'),
          groups: [...new Set(rules.map((x) => name(groupOf(x))))],
          ...when(combo),
        })
      }
      if (reached.size && !reached.has(g.id)) {
        const known = [...reached].filter((x) => s.groupsById.has(x))
        if (known.length) at(g, ptr, 'CATEGORY_MISROUTED', { category, group: g.name, routed: known.map(name) })
      }
    }
  }
}
