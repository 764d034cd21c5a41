/**
 * Issue #16 §1: one function builds a case's decision facts from its record. Before, four copies
 * (transition, migrate-cases, the impact replay, the designer's rule tester) each filtered the
 * facts and left out `promisedDueDate` in their own way. On the table of records in
 * tests/cases/decision-facts.json: the deciding events decide on exactly the expected facts, and
 * the record they leave gives the same facts to the callers that decide it again — through the
 * compiled scheme (migrate-cases, impact) and through the facts form the designer's worker sends.
 * tests/runtime/decision-facts.test.ts runs the same records through the real runtime callers.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { decide, decisionFacts, initialSnapshot, prepareEvent, transition, type CaseContext, type CompiledScheme, type Decision } from '../../engine'
import { EngineHost } from '../../designer/src/engine/host'
import { loadGalutu, readCases } from '../helpers/scheme'

export interface FactsRecord {
  name: string
  register: { at: string; form: Record<string, unknown> }
  reroute?: { at: string; form: Record<string, unknown> }
  stored?: Record<string, unknown>
  expect: Record<string, unknown>
}

let scheme: CompiledScheme
let designerForm: { schema: Record<string, unknown> }
let records: FactsRecord[]
beforeAll(async () => {
  scheme = await loadGalutu()
  records = (await readCases<{ records: FactsRecord[] }>('decision-facts.json')).records
  const host = new EngineHost()
  const files = readdirSync('definitions/galutu')
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))
  const r = await host.load(files)
  designerForm = r.info!.forms.find((f) => f.id === r.info!.factsForm)!
})

/** The record's deciding events through prepareEvent + transition: each decision, and the context they leave. */
async function play(rec: FactsRecord): Promise<{ decisions: Decision[]; context: CaseContext }> {
  let snapshot: unknown = initialSnapshot(scheme, 'case')
  let context: CaseContext | null = null
  const decisions: Decision[] = []
  for (const [type, ev] of [
    ['REGISTER', rec.register],
    ['REROUTE', rec.reroute],
  ] as const) {
    if (!ev) continue
    const prepared = await prepareEvent(scheme, 'case', context, { type, at: ev.at, by: 'officer1', form: ev.form })
    if (!prepared.ok) throw new Error(`${rec.name}: ${type} refused: ${JSON.stringify(prepared.problems)}`)
    decisions.push(prepared.event.decision!)
    const step = transition(scheme, 'case', snapshot, prepared.event)
    if (!step.ok) throw new Error(`${rec.name}: ${type} refused: ${JSON.stringify(step.problems)}`)
    snapshot = step.result.snapshot
    context = step.result.context
  }
  return { decisions, context: { ...context!, facts: { ...context!.facts, ...rec.stored } } }
}

async function decided(facts: Record<string, unknown>): Promise<Decision> {
  const d = await decide(scheme, facts)
  if (!d.ok) throw new Error(JSON.stringify(d.problems))
  return d.decision
}

describe('one function builds a case’s decision facts (issue #16 §1)', () => {
  it('the table covers a promised due date, a reroute and facts an older version left', () => {
    expect(records.some((r) => 'promisedDueDate' in r.register.form)).toBe(true)
    expect(records.some((r) => r.reroute)).toBe(true)
    expect(records.some((r) => r.stored)).toBe(true)
  })

  it('the deciding event (transition) decides on the expected facts', async () => {
    for (const rec of records) {
      const { decisions } = await play(rec)
      expect(decisions.at(-1), rec.name).toEqual(await decided(rec.expect))
      // The event's own facts: the record before it, its form over them.
      const before = rec.reroute ? { ...rec.register.form } : {}
      const last = rec.reroute ?? rec.register
      expect(decisionFacts(scheme, before, last.form), rec.name).toEqual(rec.expect)
    }
  })

  it('the record the events leave gives the same facts to migrate-cases and the impact replay (the compiled scheme) and to the designer (its facts form)', async () => {
    for (const rec of records) {
      const { decisions, context } = await play(rec)
      const fromScheme = decisionFacts(scheme, context.facts)
      const fromDesigner = decisionFacts(designerForm, context.facts)
      expect(fromScheme, rec.name).toEqual(rec.expect)
      expect(fromDesigner, rec.name).toEqual(rec.expect)
      // Deciding again on the record gives the decision its last deciding event made.
      expect(await decided(fromScheme), rec.name).toEqual(decisions.at(-1))
    }
  })

  it('read-only fields and fields the facts form lacks are never facts; the event form wins over the record', () => {
    expect(decisionFacts(scheme, { category: '教育', promisedDueDate: '2026-03-09', household: 'x' }, { level: 'town', reason: 'r' })).toEqual({
      category: '教育',
      level: 'town',
    })
    expect(decisionFacts(scheme, { level: 'village' }, { level: 'town' })).toEqual({ level: 'town' })
    expect(decisionFacts(scheme, null, undefined)).toEqual({})
    expect(decisionFacts(undefined, { level: 'town' })).toEqual({})
  })

  it('no caller builds decision facts by hand any more', () => {
    for (const file of ['engine/workflow/transition.ts', 'runtime/cases/migrate.ts', 'runtime/drafts/service.ts', 'designer/src/panels/RuleTester.tsx']) {
      const text = readFileSync(file, 'utf8')
      expect(text, file).toContain('decisionFacts(')
      expect(text, file).not.toContain('promisedDueDate')
    }
  })
})
