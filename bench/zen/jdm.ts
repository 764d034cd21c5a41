/**
 * The Galutu decision as a GoRules JDM graph (bench/zen/galutu.json), generated from the scheme's
 * definitions: the facts form's defaults, every rule set of rules.json as a decision table (triage
 * and levels first-hit in priority order, routing collect, escalation first-hit), org.json's
 * categories per group for `inCategoriesOf`, and the outcomes' `routes`/`timed` flags. The last
 * node assembles what decide() returns: outcome, groupId, clock, escalateTo, and the clock's start
 * day, length and unit; the due date is then counted on the scheme's calendar in JS (ZEN's
 * expressions cannot compare date strings or hold a holiday table without rebuilding it per call).
 *
 *   node bin/run-ts.js bench/zen/jdm.ts --write     # regenerate bench/zen/galutu.json
 *
 * bench/decide.ts refuses a galutu.json that differs from what the definitions generate.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CompiledScheme } from '../../engine/index'

type Cond = { all?: Cond[]; any?: Cond[]; not?: Cond; fact?: string; operator?: string; value?: unknown }
interface RuleDef {
  id: string
  name?: string
  priority?: number
  conditions: Cond
  event: { params: Record<string, unknown> }
}
interface RuleSetDef {
  id: string
  produces: string
  mode?: string
  rules: RuleDef[]
  default?: { event: { params: Record<string, unknown> } }
  outcomes?: Array<{ id: string; routes?: boolean; timed?: boolean }>
}

export const JDM_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'galutu.json')

const lit = (v: unknown): string => JSON.stringify(v ?? null)
const ident = (f: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f)) throw new Error(`fact "${f}" is not a plain field name`)
  return f
}

/** A json-rules-engine condition as one ZEN boolean expression. */
function expr(c: Cond, scheme: CompiledScheme): string {
  if (c.all) return c.all.length ? `(${c.all.map((x) => expr(x, scheme)).join(' and ')})` : 'true'
  if (c.any) return c.any.length ? `(${c.any.map((x) => expr(x, scheme)).join(' or ')})` : 'false'
  if (c.not) return `not ${expr(c.not, scheme)}`
  const f = ident(String(c.fact))
  switch (c.operator) {
    case 'equal':
      return `${f} == ${lit(c.value)}`
    case 'notEqual':
      return `${f} != ${lit(c.value)}`
    case 'in':
      return `${f} in ${lit(c.value)}`
    case 'notIn':
      return `not (${f} in ${lit(c.value)})`
    case 'lessThan':
      return `${f} < ${lit(c.value)}`
    case 'lessThanInclusive':
      return `${f} <= ${lit(c.value)}`
    case 'greaterThan':
      return `${f} > ${lit(c.value)}`
    case 'greaterThanInclusive':
      return `${f} >= ${lit(c.value)}`
    case 'inCategoriesOf': {
      const g = scheme.defs.org.groups.find((x) => x.id === c.value)
      if (!g) throw new Error(`inCategoriesOf: no group "${String(c.value)}"`)
      return `${f} in ${lit(g.categories)}`
    }
    default:
      throw new Error(`operator "${String(c.operator)}" has no ZEN translation here`)
  }
}

/** Rules in the order a first-hit table must list them: priority, then definition order. */
function ordered(rs: RuleSetDef): RuleDef[] {
  return rs.rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i)
    .map((x) => x.r)
}

let x = 0
const node = (type: string, name: string, content: Record<string, unknown>) => ({
  id: `${type}-${name}`,
  type,
  name,
  position: { x: (x += 260), y: 100 },
  content,
})
const settings = { passThrough: true, inputField: null, outputPath: null, executionMode: 'single' }

function table(
  name: string,
  hitPolicy: 'first' | 'collect',
  outputs: Array<[string, string]>,
  rows: Array<{ id: string; when: string; then: string[] }>,
  outputPath: string | null = null,
) {
  return node('decisionTableNode', name, {
    ...settings,
    outputPath,
    hitPolicy,
    inputs: [{ id: 'when', name: 'when' }],
    outputs: outputs.map(([id, field]) => ({ id, name: field, field })),
    rules: rows.map((r) => ({ _id: r.id, when: r.when, ...Object.fromEntries(outputs.map(([id], i) => [id, r.then[i]!])) })),
  })
}

export function galutuJdm(scheme: CompiledScheme): unknown {
  x = 0
  const sets = scheme.defs.rules.ruleSets as unknown as RuleSetDef[]
  const by = (p: string) => {
    const rs = sets.find((s) => s.produces === p)
    if (!rs) throw new Error(`no rule set produces "${p}"`)
    return rs
  }
  const triage = by('outcome')
  const routing = by('group')
  const levels = by('clock')
  const escalation = sets.find((s) => s.produces === 'escalation')
  if (triage.mode !== 'first' || levels.mode !== 'first' || (routing.mode ?? 'all') !== 'all')
    throw new Error('the generator expects triage/levels in mode first and routing in mode all')
  const form = scheme.form(scheme.ruleSetFor('outcome')!.def.factsForm)!
  const flag = (o: string, k: 'routes' | 'timed') => triage.outcomes?.find((d) => d.id === o)?.[k] === true
  const triageRow = (id: string, when: string, outcome: string) => ({
    id,
    when,
    then: [lit(outcome), lit(flag(outcome, 'routes')), lit(flag(outcome, 'timed'))],
  })
  const clockRow = (r: RuleDef) => {
    const c = scheme.clocks.get(String(r.event.params.clock))
    if (!c) throw new Error(`rule ${r.id}: no clock ${String(r.event.params.clock)}`)
    const start = c.start.dateField ?? 'receivedOn'
    return { id: r.id, when: expr(r.conditions, scheme), then: [lit(c.id), ident(start), lit(c.days), lit(c.unit)] }
  }
  const nodes = [
    node('inputNode', 'facts', {}),
    node('expressionNode', 'defaults', {
      ...settings,
      expressions: Object.entries(form.defaults).map(([k, v]) => ({ id: k, key: k, value: `${ident(k)} ?? ${lit(v)}` })),
    }),
    table(
      triage.id,
      'first',
      [
        ['outcome', 'outcome'],
        ['routes', 'routes'],
        ['timed', 'timed'],
      ],
      [
        ...ordered(triage).map((r) => triageRow(r.id, expr(r.conditions, scheme), String(r.event.params.outcome))),
        ...(triage.default ? [triageRow('default', '', String(triage.default.event.params.outcome))] : []),
      ],
    ),
    table(
      routing.id,
      'collect',
      [['group', 'group']],
      routing.rules.map((r) => ({ id: r.id, when: expr(r.conditions, scheme), then: [lit(r.event.params.group)] })),
      'routing',
    ),
    table(
      levels.id,
      'first',
      [
        ['clock', 'clock'],
        ['startOn', 'startOn'],
        ['days', 'days'],
        ['unit', 'unit'],
      ],
      ordered(levels).map(clockRow),
    ),
    ...(escalation
      ? [
          table(
            escalation.id,
            'first',
            [['escalateTo', 'escalateTo']],
            ordered(escalation).map((r) => ({ id: r.id, when: expr(r.conditions, scheme), then: [lit(r.event.params.to)] })),
          ),
        ]
      : []),
    node('expressionNode', 'decision', {
      ...settings,
      passThrough: false,
      expressions: [
        ['outcome', 'outcome'],
        ['groupId', 'routes and len(routing) == 1 ? routing[0].group : null'],
        ['routingMatches', 'routes ? len(routing) : null'],
        ['clock', 'timed ? clock : null'],
        ['startOn', 'timed ? startOn : null'],
        ['days', 'timed ? days : null'],
        ['unit', 'timed ? unit : null'],
        ['escalateTo', 'routes ? escalateTo : null'],
      ].map(([key, value]) => ({ id: key, key, value })),
    }),
    node('outputNode', 'decision-out', {}),
  ]
  const edges = nodes.slice(1).map((n, i) => ({ id: `edge-${i}`, type: 'edge', sourceId: nodes[i]!.id, targetId: n.id }))
  return { contentType: 'application/vnd.gorules.decision', nodes, edges }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const { loadSchemeDir } = await import('../../runtime/schemes/files')
  const { GALUTU } = await import('../lib')
  const loaded = await loadSchemeDir(GALUTU)
  if (!loaded.scheme) throw new Error('galutu does not load')
  await fs.writeFile(JDM_FILE, JSON.stringify(galutuJdm(loaded.scheme), null, 2) + '\n')
  console.log(`wrote ${JDM_FILE}`)
}
