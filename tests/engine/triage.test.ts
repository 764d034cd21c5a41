/**
 * Triage (甄别受理) in the order of scheme.md (revised 2026-12): not proxied (三级终结, 正在办理,
 * 无理) → judicial process (its “但” exception, coordinate, relaxes only the judicial exclusion)
 * → answer on the spot → legal channel → declined → proxy. Cases in tests/cases/triage.json.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { decide, type CompiledScheme } from '../../engine'
import { factsOf, loadGalutu, readCases, type ExpectedInputProblem } from '../helpers/scheme'
import { loadSchemeDir } from '../../runtime/schemes/files'

interface Case {
  name: string
  facts: Record<string, unknown>
  omit?: string[]
  expect: {
    outcome: string
    rule: string | null
    group: string | null
    dueDate: string | null
    escalateTo: string | null
    clock?: string
    reasonIncludes?: string
  }
}
interface Table {
  base: Record<string, unknown>
  cases: Case[]
  errors: Array<{ name: string; facts: Record<string, unknown>; omit?: string[]; problems: ExpectedInputProblem[] }>
}
const table = await readCases<Table>('triage.json')
let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

const ROUTING = new Set(['proxy', 'coordinate'])
/** The outcomes the definition marks timed: they get the level's clock and due date. */
const timedOutcomes = () => new Set((scheme.ruleSetFor('outcome')!.def.outcomes ?? []).filter((o) => o.timed).map((o) => o.id))

describe('triage decision order', () => {
  it('covers every outcome of the scheme', () => {
    expect(new Set(table.cases.map((c) => c.expect.outcome))).toEqual(
      new Set(['proxy', 'coordinate', 'excluded', 'answer_on_spot', 'legal_channel', 'declined']),
    )
  })

  it.each(table.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const input = factsOf(table.base, c.facts, c.omit)
    const before = JSON.stringify(input)
    const d = await decide(scheme, input)
    if (!d.ok) throw new Error(JSON.stringify(d.problems, null, 1))
    const x = d.decision
    const e = c.expect
    expect(x.outcome).toBe(e.outcome)
    expect(x.trace[0]!.ruleSet).toBe('triage')
    expect(x.trace[0]!.winner).toBe(e.rule)
    expect(x.group).toBe(e.group)
    if (ROUTING.has(e.outcome)) expect(x.group).not.toBeNull()
    else expect(x.groupId).toBeNull()
    expect(x.dueDate).toBe(e.dueDate)
    if (!timedOutcomes().has(e.outcome)) {
      expect(x.dueDate).toBeNull()
      expect(x.clock).toBeNull()
    } else expect(x.clock).not.toBeNull()
    if (e.clock !== undefined) expect(x.clock).toBe(e.clock)
    expect(x.escalateTo).toBe(e.escalateTo)
    // escalation concerns matters the town takes on (outcomes that route)
    expect(x.escalateTo).toBe(input.crossJurisdiction === true && ROUTING.has(e.outcome) ? 'city' : null)
    expect(x.reasons.length).toBeGreaterThan(0)
    for (const r of x.reasons) expect(r.trim().length).toBeGreaterThan(0)
    expect(x.reasonsEn).toHaveLength(x.reasons.length)
    expect(x.outcomeName.length).toBeGreaterThan(0)
    if (e.reasonIncludes)
      expect(
        x.reasons.some((r) => r.includes(e.reasonIncludes!)),
        x.reasons.join(' | '),
      ).toBe(true)
    // decide is pure: the input is left as it was.
    expect(JSON.stringify(input)).toBe(before)
  })

  it('issue 16: every proxied outcome states whether it has a time limit, in the definition', async () => {
    for (const dir of ['definitions/galutu', 'definitions/wulan']) {
      const s = dir.endsWith('galutu') ? scheme : (await loadSchemeDir(dir)).scheme!
      for (const o of s.ruleSetFor('outcome')!.def.outcomes ?? []) {
        if (!o.proxied) continue
        expect(typeof o.timed, `${dir} ${o.id}`).toBe('boolean')
        // and says so in words where it is not obvious
        if (o.id !== 'proxy') expect(o.description ?? '', `${dir} ${o.id}`).toMatch(/时限/)
      }
      expect(timedOutcomes().has('coordinate')).toBe(true)
    }
  })

  it('notes a village that is not in the town register, and does not for one that is', async () => {
    const listed = await decide(scheme, factsOf(table.base, {}))
    const unlisted = await decide(scheme, factsOf(table.base, { village: '新建村' }))
    if (!listed.ok || !unlisted.ok) throw new Error('decide failed')
    expect(unlisted.decision.reasons.length).toBe(listed.decision.reasons.length + 1)
    expect(listed.decision.reasons.some((r) => r.includes('团结社区'))).toBe(false)
  })

  it.each(table.errors.map((c) => [c.name, c] as const))('refuses: %s', async (_n, c) => {
    const d = await decide(scheme, factsOf(table.base, c.facts, c.omit))
    expect(d.ok).toBe(false)
    if (d.ok) return
    for (const e of c.problems) {
      expect(
        d.problems.some((p) => (e.codes ?? [e.code]).includes(p.code) && p.pointer === e.pointer),
        JSON.stringify(d.problems),
      ).toBe(true)
    }
    for (const p of d.problems) {
      expect(p.file).toBe('input')
      expect(p.message.length).toBeGreaterThan(0)
    }
  })

  it.each([null, [], 'facts', 42])('refuses a non-object input (%j)', async (input) => {
    const d = await decide(scheme, input)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.problems[0]!.code).toBe('INPUT_INVALID')
  })
})
