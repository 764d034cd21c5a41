/**
 * Decision tables (issue #17): the order rules decide in and moving a rule, routing as categories ×
 * groups written where the scheme keeps them, and the facts' titles and labels — on the real
 * definitions (galutu: groups' lists in org.json; second-town: a priority rule beside them) and,
 * for decisions, through the engine itself.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { decisionOrder, moveCategory, moveRule, newRule, routingGrid, swapInOrder, withKey } from '../../designer/src/visual/rules/model'
import { factCatalog, valueLabel } from '../../designer/src/visual/rules/facts'
import { expandOptions } from '../../engine/scheme/options'
import { EngineHost } from '../../designer/src/engine/host'
import type { FormsDefinition, OrgDefinition, RuleSetDefinition, RulesDefinition } from '../../engine/scheme/types'

const read = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T
const GALUTU = 'definitions/galutu'
const SECOND = 'tests/fixtures/schemes/second-town'
const rulesOf = (dir: string) => read<RulesDefinition>(`${dir}/rules.json`)
const orgOf = (dir: string) => read<OrgDefinition>(`${dir}/org.json`)
const files = (dir: string, replace: Record<string, unknown> = {}) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: f in replace ? JSON.stringify(replace[f], null, 2) : readFileSync(`${dir}/${f}`, 'utf8') }))

describe('decision order and moving a rule', () => {
  const triage = rulesOf(GALUTU).ruleSets.find((r) => r.produces === 'outcome')!

  it('mode first: highest priority first, the file order within a priority; mode all: the file order', () => {
    const rule = (id: string, priority?: number) => ({
      id,
      name: id,
      ...(priority === undefined ? {} : { priority }),
      conditions: { all: [] },
      event: { type: 'outcome', params: { outcome: 'proxy' } },
      reason: '',
    })
    const rs: RuleSetDefinition = { ...triage, rules: [rule('a', 5), rule('b'), rule('c', 5), rule('d', 1)] }
    expect(decisionOrder(rs).map((i) => rs.rules[i]!.id)).toEqual(['a', 'c', 'b', 'd'])
    expect(decisionOrder({ ...rs, mode: 'all' })).toEqual([0, 1, 2, 3])
  })

  it('moving a rule up above one of a higher priority swaps the two priorities and nothing else', () => {
    const order = decisionOrder(triage)
    const last = order[order.length - 1]!
    const above = order[order.length - 2]!
    const rules = moveRule(triage, order, last, -1)!
    expect(rules[last]!.priority).toBe(triage.rules[above]!.priority)
    expect(rules[above]!.priority).toBe(triage.rules[last]!.priority)
    expect(rules.map((r) => r.id)).toEqual(triage.rules.map((r) => r.id))
    rules.forEach((r, i) => {
      if (i !== last && i !== above) expect(r).toBe(triage.rules[i])
    })
    const after = decisionOrder({ ...triage, rules })
    expect(after.slice(-2)).toEqual([last, above])
    expect(moveRule(triage, order, order[0]!, -1)).toBeNull()
  })

  it('rules of one priority swap places in the file; a priority given to a rule without one goes after its name', () => {
    const rules = [
      { id: 'x', name: 'X', conditions: { all: [] }, event: { type: 'group', params: { group: 'g' } }, reason: '' },
      { id: 'y', name: 'Y', conditions: { all: [] }, event: { type: 'group', params: { group: 'h' } }, reason: '' },
    ]
    expect(swapInOrder(rules, 0, 1).map((r) => r.id)).toEqual(['y', 'x'])
    const mixed = swapInOrder([{ ...rules[0]!, priority: 10 }, rules[1]!], 0, 1)
    expect(mixed[0]!.priority).toBeUndefined()
    expect(Object.keys(mixed[1]!)).toEqual(['id', 'name', 'priority', 'conditions', 'event', 'reason'])
    expect(mixed[1]!.priority).toBe(10)
    expect(Object.keys(withKey({ a: 1, b: 2 }, 'c', 3, 'a'))).toEqual(['a', 'c', 'b'])
  })

  it('a new rule in a priority table goes last, with an unused id', () => {
    const r = newRule(triage, 'proxy', '新规则')
    expect(r.priority).toBe(Math.min(...triage.rules.map((x) => x.priority ?? 1)) - 1)
    expect(triage.rules.map((x) => x.id)).not.toContain(r.id)
    expect(r.event).toEqual({ type: 'outcome', params: { outcome: 'proxy' } })
  })
})

describe('routing grid', () => {
  it('galutu: every org category in exactly its group, all rules in the grid (their lists are in org.json)', () => {
    const rules = rulesOf(GALUTU)
    const org = orgOf(GALUTU)
    const rs = rules.ruleSets.find((r) => r.produces === 'group')!
    const grid = routingGrid(rs, org.groups)
    expect(grid.fact).toBe('category')
    expect(grid.columns.map((c) => c.id)).toEqual(org.groups.map((g) => g.id))
    expect(grid.columns.every((c) => c.source?.type === 'org')).toBe(true)
    expect(grid.gridRules).toEqual(rs.rules.map((_, i) => i))
    const all = org.groups.flatMap((g) => g.categories)
    expect(grid.rows.map((r) => r.category)).toEqual(all)
    for (const g of org.groups) for (const c of g.categories) expect(grid.rows.find((r) => r.category === c)!.groups).toEqual([g.id])
  })

  it('second-town: the collective-petition rule is not in the grid', () => {
    const rs = rulesOf(SECOND).ruleSets.find((r) => r.produces === 'group')!
    const grid = routingGrid(rs, orgOf(SECOND).groups)
    const other = rs.rules.map((_, i) => i).filter((i) => !grid.gridRules.includes(i))
    expect(other.map((i) => rs.rules[i]!.set)).toEqual([expect.objectContaining({})])
    expect(grid.rows.every((r) => r.groups.length === 1)).toBe(true)
  })

  for (const dir of [GALUTU, SECOND]) {
    it(`${dir}: moving the first category of the first group writes only org.json, and the engine routes it to the new group`, async () => {
      const rules = rulesOf(dir)
      const org = orgOf(dir)
      const rsIndex = rules.ruleSets.findIndex((r) => r.produces === 'group')
      const from = org.groups[0]!
      const to = org.groups[1]!
      const category = from.categories[0]!
      const next = moveCategory(rules, rsIndex, org, category, to.id)
      expect(next.rules).toBeUndefined()
      const changed = next.org!
      expect(changed.groups[0]!.categories).toEqual(from.categories.slice(1))
      expect(changed.groups[1]!.categories).toEqual([...to.categories, category])
      expect({ ...changed, groups: changed.groups.slice(2) }).toEqual({ ...org, groups: org.groups.slice(2) })
      expect(routingGrid(rules.ruleSets[rsIndex]!, changed.groups).rows.find((r) => r.category === category)!.groups).toEqual([to.id])

      const host = new EngineHost()
      const loaded = await host.load(files(dir, { 'org.json': changed }))
      expect(loaded.problems).toEqual([])
      const facts = { receivedOn: '2026-09-29', level: org.levels[0]!.id, category, channel: org.channels[0]!.id, village: org.villages[0]!.name }
      const d = await host.decide(facts)
      expect(d.ok && d.decision.group).toBe(to.name)
    })
  }

  it("a group whose rule lists its categories (operator in): the move edits the two rules' lists, not org.json", () => {
    const rules = rulesOf(GALUTU)
    const org = orgOf(GALUTU)
    const rsIndex = rules.ruleSets.findIndex((r) => r.produces === 'group')
    const rs = rules.ruleSets[rsIndex]!
    const inLists: RulesDefinition = {
      ...rules,
      ruleSets: rules.ruleSets.map((x, i) =>
        i !== rsIndex
          ? x
          : {
              ...x,
              rules: x.rules.map((r) => ({
                ...r,
                conditions: { all: [{ fact: 'category', operator: 'in', value: org.groups.find((g) => g.id === r.event.params.group)!.categories }] },
              })),
            },
      ),
    }
    const category = org.groups[0]!.categories[0]!
    const next = moveCategory(inLists, rsIndex, org, category, org.groups[2]!.id)
    expect(next.org).toBeUndefined()
    const after = next.rules!.ruleSets[rsIndex]!.rules
    expect(after[0]!.conditions.all![0]!.value).toEqual(org.groups[0]!.categories.slice(1))
    expect(after[2]!.conditions.all![0]!.value).toEqual([...org.groups[2]!.categories, category])
    after.forEach((r, i) => {
      if (i !== 0 && i !== 2) expect(r).toEqual(inLists.ruleSets[rsIndex]!.rules[i])
    })
    expect(rs.rules.length).toBe(after.length)
  })
})

describe('facts', () => {
  it('titles and labelled choices from the facts form, with the org lists expanded', () => {
    const forms = read<FormsDefinition>(`${GALUTU}/forms-intake.json`)
    const org = orgOf(GALUTU)
    const intake = forms.forms.find((f) => f.id === 'intake')!
    const cat = factCatalog(expandOptions(intake.schema, org) as Record<string, unknown>)
    const props = intake.schema.properties as Record<string, { title: string }>
    expect(cat.get('inJudicialProcess')!.title).toBe(props.inJudicialProcess!.title)
    expect(cat.get('inJudicialProcess')!.type).toBe('boolean')
    // a field only its conditional branch declares is a fact too
    expect(cat.get('answerableOnSpot')!.type).toBe('boolean')
    const level = cat.get('level')!
    expect(level.options!.map((o) => o.value)).toEqual(org.levels.map((l) => l.id))
    expect(valueLabel(level, org.levels[0]!.id)).toBe(org.levels[0]!.name)
    const legal = cat.get('legalChannel')!
    expect(legal.options![0]).toEqual({ value: null, label: '否' })
    expect(cat.get('category')!.options!.map((o) => o.value)).toEqual(org.groups.flatMap((g) => g.categories))
    expect(cat.get('petitionerCount')!.type).toBe('number')
    expect(cat.get('village')!.suggestions).toBe(true)
  })
})
