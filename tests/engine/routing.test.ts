/**
 * Routing (分流): every category of the six task groups, as the scheme.md table (seed 附件1) words
 * it, goes to exactly its group; a category outside the table is refused at /category.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { decide, type CompiledScheme } from '../../engine'
import { factsOf, loadGalutu, readCases } from '../helpers/scheme'

interface Table {
  base: Record<string, unknown>
  routes: Array<{ category: string; group: string; groupId: string }>
  refused: Array<{ name: string; category: string; codes: string[]; pointer: string }>
}
const table = await readCases<Table>('routing.json')
let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

describe('routing to the six task groups', () => {
  it('the table lists 60 categories, each once, over six groups', () => {
    const cats = table.routes.map((r) => r.category)
    expect(new Set(cats).size).toBe(cats.length)
    expect(cats.length).toBe(16 + 8 + 4 + 17 + 10 + 5)
    expect(new Set(table.routes.map((r) => r.group)).size).toBe(6)
  })

  it('the intake form offers exactly the categories of the table', () => {
    const prop = (scheme.form('intake')!.schema.properties as Record<string, { enum?: string[] }>).category!
    expect([...prop.enum!].sort()).toEqual(table.routes.map((r) => r.category).sort())
  })

  it.each(table.routes.map((r) => [r.category, r.group, r] as const))('%s → %s', async (_c, _g, r) => {
    const d = await decide(scheme, factsOf(table.base, { category: r.category }))
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    expect(d.decision.outcome).toBe('proxy')
    expect(d.decision.group).toBe(r.group)
    expect(d.decision.groupId).toBe(r.groupId)
    // Routing adds its reason, naming the category.
    expect(d.decision.reasons.some((x) => x.includes(r.category))).toBe(true)
    // Town level, accepted Monday 2026-03-02: 15 working days → Monday 2026-03-23 (no holiday in between).
    expect(d.decision.dueDate).toBe('2026-03-23')
    const routing = d.decision.trace.find((t) => t.ruleSet === 'routing')!
    expect(routing.rules.filter((x) => x.matched)).toHaveLength(1)
  })

  it('routes a coordinate outcome the same way', async () => {
    const d = await decide(scheme, factsOf(table.base, { category: '地下水超采', inEnforcementStage: true }))
    expect(d.ok && d.decision.outcome).toBe('coordinate')
    expect(d.ok && d.decision.group).toBe('综合执法组')
  })

  it.each(table.refused.map((r) => [r.name, r] as const))('refuses %s', async (_n, r) => {
    const d = await decide(scheme, factsOf(table.base, { category: r.category }))
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(
      d.problems.some((p) => r.codes.includes(p.code) && p.pointer === r.pointer),
      JSON.stringify(d.problems),
    ).toBe(true)
    for (const p of d.problems) expect(p.file).toBe('input')
  })
})
