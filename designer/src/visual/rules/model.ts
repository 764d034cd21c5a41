/**
 * The rule sets as the decision tables show them, and the edits the tables make. Pure functions
 * over the parsed rules.json (and org.json for routing), each returning changed copies: members
 * the tables do not show (reasons, sources, descriptions, event params other than the outcome)
 * are carried over untouched.
 */
import type { OrgDefinition, RuleDefinition, RuleSetDefinition, RulesDefinition } from '../../../../engine/scheme/types'
import { toConditions, toRow, type ComplexRow, type TableRow } from './conditions'

export type Produces = RuleSetDefinition['produces']

/** The event param a rule set's outcome column edits. */
export const OUTCOME_PARAM: Record<Produces, string> = { outcome: 'outcome', group: 'group', clock: 'clock', escalation: 'to' }

export const priorityOf = (r: RuleDefinition): number => (typeof r.priority === 'number' ? r.priority : 1)

/**
 * The rules' indices in the order they decide: in mode `first` the highest priority first, the
 * file order within a priority (as engine/rules/ruleset.ts); in mode `all` the file order.
 */
export function decisionOrder(rs: Pick<RuleSetDefinition, 'mode' | 'rules'>): number[] {
  const idx = rs.rules.map((_, i) => i)
  if (rs.mode !== 'first') return idx
  return idx.sort((a, b) => priorityOf(rs.rules[b]!) - priorityOf(rs.rules[a]!) || a - b)
}

/** `obj` with `key` set to `value` (or removed when undefined); a new key goes right after `after`. */
export function withKey<T extends object>(obj: T, key: string, value: unknown, after?: string): T {
  const src = obj as Record<string, unknown>
  if (value === undefined) {
    const { [key]: _drop, ...rest } = src
    return rest as T
  }
  if (key in src || !after || !(after in src)) return { ...src, [key]: value } as T
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(src)) {
    out[k] = v
    if (k === after) out[key] = value
  }
  return out as T
}

/**
 * Put the rule at `lower` just above the rule at `upper` (its neighbour in decision order): rules
 * of one priority swap places in the file (the file order decides between them), rules of
 * different priorities swap their priorities (the file order is kept).
 */
export function swapInOrder(rules: RuleDefinition[], upper: number, lower: number): RuleDefinition[] {
  const a = rules[upper]!
  const b = rules[lower]!
  const out = rules.slice()
  if (priorityOf(a) === priorityOf(b)) {
    out[upper] = b
    out[lower] = a
  } else {
    out[upper] = withKey(a, 'priority', b.priority, 'name')
    out[lower] = withKey(b, 'priority', a.priority, 'name')
  }
  return out
}

/** Move a rule one place up (-1) or down (+1) among `shown` (indices in decision order). */
export function moveRule(rs: RuleSetDefinition, shown: number[], index: number, dir: -1 | 1): RuleDefinition[] | null {
  const pos = shown.indexOf(index)
  const other = shown[pos + dir]
  if (pos < 0 || other === undefined) return null
  return dir < 0 ? swapInOrder(rs.rules, other, index) : swapInOrder(rs.rules, index, other)
}

export type RowModel = (TableRow | ComplexRow) & { index: number }

/** Every rule of a rule set as a table row or a "too complex" row. */
export function ruleRows(rs: RuleSetDefinition, title: (fact: string) => string): RowModel[] {
  return rs.rules.map((r, index) => ({ ...toRow(r.conditions, title), index }))
}

/** The facts the table rows read, in the order they first appear (decision order). */
export function tableFacts(rows: RowModel[], order: number[]): string[] {
  const seen: string[] = []
  for (const i of order) {
    const row = rows.find((r) => r.index === i)
    if (row?.kind === 'table') for (const f of row.order) if (!seen.includes(f)) seen.push(f)
  }
  return seen
}

/** The document with one rule's conditions replaced by the row's. */
export function writeRow(doc: RulesDefinition, rsIndex: number, ruleIndex: number, row: TableRow): RulesDefinition {
  return updateRule(doc, rsIndex, ruleIndex, (r) => ({ ...r, conditions: toConditions(row) }))
}

export function updateRule(doc: RulesDefinition, rsIndex: number, ruleIndex: number, fn: (r: RuleDefinition) => RuleDefinition): RulesDefinition {
  return updateRuleSet(doc, rsIndex, (rs) => ({ ...rs, rules: rs.rules.map((r, i) => (i === ruleIndex ? fn(r) : r)) }))
}

export function updateRuleSet(doc: RulesDefinition, rsIndex: number, fn: (rs: RuleSetDefinition) => RuleSetDefinition): RulesDefinition {
  return { ...doc, ruleSets: doc.ruleSets.map((rs, i) => (i === rsIndex ? fn(rs) : rs)) }
}

/** The rule's event with its outcome param set (other params kept). */
export function withOutcome(ev: RuleDefinition['event'] | undefined, produces: Produces, value: string): RuleDefinition['event'] {
  return { type: ev?.type ?? produces, params: { ...(ev?.params ?? {}), [OUTCOME_PARAM[produces]]: value } }
}

/** An id not yet taken: `${base}_${n}`. */
export function freshId(taken: Iterable<string>, base: string): string {
  const set = new Set(taken)
  for (let n = set.size + 1; ; n++) if (!set.has(`${base}_${n}`)) return `${base}_${n}`
}

/** A new rule: matches everything until cells are set, producing `outcome`; lowest priority in mode first. */
export function newRule(rs: RuleSetDefinition, outcome: string, name: string): RuleDefinition {
  const r: RuleDefinition = {
    id: freshId(
      rs.rules.map((x) => x.id),
      'rule',
    ),
    name,
    conditions: { all: [] },
    event: withOutcome(undefined, rs.produces, outcome),
    reason: name,
  }
  if (rs.mode === 'first' && rs.rules.some((x) => typeof x.priority === 'number')) {
    const lowest = Math.min(...rs.rules.map(priorityOf))
    if (lowest > 1) return withKey(r, 'priority', lowest - 1, 'name')
  }
  return r
}

// ---------------------------------------------------------------- routing

/** Where a group's categories are written: its org entry (rule `inCategoriesOf` the group) or the rule's `in` list. */
export type Membership = { type: 'org'; rule: number } | { type: 'rule'; rule: number }

export interface GroupColumn {
  id: string
  name: string
  nameEn?: string
  /** null: no rule routes to this group by category (the grid cannot put a category there). */
  source: Membership | null
}

export interface RoutingGrid {
  /** The fact the category rules read. */
  fact: string
  columns: GroupColumn[]
  /** Every category (the org's lists, then any only a rule names), with the groups it routes to. */
  rows: Array<{ category: string; groups: string[] }>
  /** The rules the grid shows (one per group); the others are shown as a table. */
  gridRules: number[]
}

/** A rule that routes by category alone: `{all: [{fact, operator: inCategoriesOf|in, value}]}` to one group. */
export function categoryRule(r: RuleDefinition): { fact: string; group: string; source: 'org' | 'rule'; values?: string[] } | null {
  const c = r.conditions as Record<string, unknown>
  if (!c || Object.keys(c).length !== 1 || !Array.isArray(c.all) || c.all.length !== 1) return null
  const leaf = c.all[0] as Record<string, unknown>
  if (!leaf || typeof leaf !== 'object' || Object.keys(leaf).some((k) => !['fact', 'operator', 'value'].includes(k)) || typeof leaf.fact !== 'string')
    return null
  const group = r.event?.params?.group
  if (typeof group !== 'string') return null
  if (leaf.operator === 'inCategoriesOf' && leaf.value === group) return { fact: leaf.fact, group, source: 'org' }
  if (leaf.operator === 'in' && Array.isArray(leaf.value) && leaf.value.every((v) => typeof v === 'string'))
    return { fact: leaf.fact, group, source: 'rule', values: leaf.value as string[] }
  return null
}

export function routingGrid(rs: RuleSetDefinition, groups: OrgDefinition['groups']): RoutingGrid {
  const columns: GroupColumn[] = groups.map((g) => ({ id: g.id, name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}), source: null }))
  const gridRules: number[] = []
  let fact: string | null = null
  rs.rules.forEach((r, i) => {
    const c = categoryRule(r)
    if (!c || (fact !== null && c.fact !== fact)) return
    const col = columns.find((x) => x.id === c.group)
    if (!col || col.source) return
    fact ??= c.fact
    col.source = { type: c.source, rule: i }
    gridRules.push(i)
  })
  const members = new Map<string, string[]>()
  const order: string[] = []
  const add = (cat: string, group: string | null) => {
    if (!members.has(cat)) {
      members.set(cat, [])
      order.push(cat)
    }
    if (group && !members.get(cat)!.includes(group)) members.get(cat)!.push(group)
  }
  for (const g of groups) {
    const col = columns.find((x) => x.id === g.id)!
    for (const cat of g.categories ?? []) add(cat, col.source?.type === 'org' ? g.id : null)
  }
  for (const col of columns) {
    if (col.source?.type !== 'rule') continue
    for (const cat of categoryRule(rs.rules[col.source.rule]!)!.values!) add(cat, col.id)
  }
  return { fact: fact ?? 'category', columns, rows: order.map((category) => ({ category, groups: members.get(category)! })), gridRules }
}

/**
 * Put `category` in group `to` only: out of every other group's list, into `to`'s (appended),
 * where each group's list is written (org or the rule). Returns the changed documents only.
 */
export function moveCategory(
  rules: RulesDefinition,
  rsIndex: number,
  org: OrgDefinition,
  category: string,
  to: string,
): { rules?: RulesDefinition; org?: OrgDefinition } {
  const rs = rules.ruleSets[rsIndex]!
  const grid = routingGrid(rs, org.groups)
  const target = grid.columns.find((c) => c.id === to)
  if (!target?.source) throw new Error(`group ${to} has no category rule in rule set ${rs.id}`)
  let nextOrg: OrgDefinition | undefined
  let nextRules: RulesDefinition | undefined
  const setOrgList = (group: string, fn: (list: string[]) => string[]) => {
    const base = nextOrg ?? org
    nextOrg = { ...base, groups: base.groups.map((g) => (g.id === group ? { ...g, categories: fn(g.categories ?? []) } : g)) }
  }
  const setRuleList = (ruleIndex: number, fn: (list: string[]) => string[]) => {
    nextRules = updateRule(nextRules ?? rules, rsIndex, ruleIndex, (r) => {
      const leaf = r.conditions.all![0] as Record<string, unknown>
      return { ...r, conditions: { ...r.conditions, all: [{ ...leaf, value: fn(leaf.value as string[]) }] } }
    })
  }
  for (const col of grid.columns) {
    if (!col.source) continue
    const has = grid.rows.find((r) => r.category === category)?.groups.includes(col.id) ?? false
    const want = col.id === to
    if (has === want) continue
    const fn = want ? (l: string[]) => [...l, category] : (l: string[]) => l.filter((c) => c !== category)
    if (col.source.type === 'org') setOrgList(col.id, fn)
    else setRuleList(col.source.rule, fn)
  }
  return { ...(nextRules ? { rules: nextRules } : {}), ...(nextOrg ? { org: nextOrg } : {}) }
}
