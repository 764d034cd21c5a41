/**
 * Issue #16 §3: routing with an order and rules that set a derived fact, on the second-town test
 * scheme (tests/fixtures/schemes/second-town), table-driven from tests/cases/routing-priority.json.
 * A routing rule set in mode `first` is decided by its first matching rule by priority (the trace
 * names it and the rules it outranked); a collective petition's rule sets the level to the town
 * level, the decision keeps the typed and the decided value with the rule; the coverage check runs
 * the routing rules on every combination of the facts they read, not the category alone.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decide, diffSchemes, fieldRoles, formatProblem, ROLE_KEYWORD, type CompiledScheme, type Decision, type Problem } from '../../engine'
import { storedDecision } from '../../engine/workflow/machine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import {
  describeProblems,
  factsOf,
  makeScheme,
  matches,
  readCases,
  removeTempSchemes,
  REPO_ROOT,
  type BrokenCase,
  type ExpectedProblem,
} from '../helpers/scheme'

const SECOND_TOWN = path.join(REPO_ROOT, 'tests/fixtures/schemes/second-town')

interface Expected {
  outcome?: string
  group?: string
  groupId?: string | null
  clock?: string | null
  dueDate?: string | null
  escalateTo?: string | null
  /** The routing rule set's winner and the rules it outranked (null: none) */
  winner?: string
  outranked?: string[] | null
  /** null: no fact derived */
  derived?: Array<Record<string, unknown>> | null
  /** Substrings, each found in one reason */
  reasons?: string[]
  reasonsEn?: string[]
}
interface DecisionCase {
  name: string
  facts: Record<string, unknown>
  omit?: string[]
  expect?: Expected
  refused?: Array<{ code: string; pointer: string }>
}
interface Table {
  base: Record<string, unknown>
  decisions: DecisionCase[]
  broken: Array<BrokenCase & { absent?: ExpectedProblem[] }>
  clean: Array<{ name: string; patch: BrokenCase['patch']; facts: Record<string, unknown>; expect: Expected }>
}

const table = await readCases<Table>('routing-priority.json')

function checkDecision(d: Decision, e: Expected): void {
  for (const k of ['outcome', 'group', 'groupId', 'clock', 'dueDate', 'escalateTo'] as const) if (k in e) expect(d[k], k).toBe(e[k])
  const routing = d.trace.find((t) => t.ruleSet === 'routing')
  if ('winner' in e) expect(routing?.winner).toBe(e.winner)
  if ('outranked' in e) expect(routing?.outranked ?? null).toEqual(e.outranked)
  if ('derived' in e) {
    if (e.derived === null) expect(d.derived).toBeUndefined()
    else expect(d.derived).toMatchObject(e.derived!)
  }
  for (const r of e.reasons ?? [])
    expect(
      d.reasons.some((x) => x.includes(r)),
      `${r} in\n${d.reasons.join('\n')}`,
    ).toBe(true)
  for (const r of e.reasonsEn ?? [])
    expect(
      d.reasonsEn.some((x) => x.includes(r)),
      `${r} in\n${d.reasonsEn.join('\n')}`,
    ).toBe(true)
}

let scheme: CompiledScheme
beforeAll(async () => {
  const r = await loadSchemeDir(SECOND_TOWN)
  if (!r.scheme) throw new Error(`second-town does not load:\n${describeProblems(r.problems)}`)
  scheme = r.scheme
})
afterAll(removeTempSchemes)

describe('issue 16 §3: routing with an order and derived facts (second-town)', () => {
  it('the scheme routes in mode first, with one override of a higher priority that sets the level', () => {
    const routing = scheme.ruleSetFor('group')!.def
    expect(routing.mode).toBe('first')
    const override = routing.rules.filter((r) => r.set)
    expect(override.map((r) => [r.id, r.priority, r.set])).toEqual([['collective_petition', 10, { level: 'township' }]])
    // no negated guard on the other groups' rules: they read the category alone
    for (const r of routing.rules.filter((x) => !x.set)) expect(JSON.stringify(r.conditions)).not.toContain('petitionerCount')
  })

  it.each(table.decisions.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const d = await decide(scheme, factsOf(table.base, c.facts, c.omit))
    if (c.refused) {
      expect(d.ok).toBe(false)
      if (d.ok) return
      expect(d.problems.map((p) => [p.code, p.pointer])).toEqual(c.refused.map((p) => [p.code, p.pointer]))
      return
    }
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    checkDecision(d.decision, c.expect!)
  })

  it('the decision a case keeps holds the derived facts and the outranked rules', async () => {
    const d = await decide(scheme, factsOf(table.base, { petitionerCount: 6, representatives: '张三' }))
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    const kept = storedDecision(d.decision)
    expect(kept.derived).toEqual(d.decision.derived)
    expect(kept.trace.find((t) => t.ruleSet === 'routing')).toMatchObject({ winner: 'collective_petition', outranked: ['to_livelihood'] })
    // json round trip (a case's record is plain JSON)
    expect(JSON.parse(JSON.stringify(kept))).toEqual(kept)
  })
})

describe('issue 16 §3: validate covers routing on every fact it reads, and derived facts (second-town variants)', () => {
  it('second-town validates as written', async () => {
    const r = await loadSchemeDir(SECOND_TOWN)
    expect(r.problems, describeProblems(r.problems)).toEqual([])
  })

  it.each(table.broken.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const r = await loadSchemeDir(await makeScheme(c.patch, SECOND_TOWN))
    const listing = describeProblems(r.problems)
    expect(r.scheme, 'a broken scheme must not compile').toBeNull()
    for (const e of c.expect)
      expect(
        r.problems.some((p) => matches(p, e)),
        `expected ${e.code} at ${e.file} ${e.pointer}; got:\n${listing}`,
      ).toBe(true)
    for (const e of c.absent ?? [])
      expect(
        r.problems.some((p) => matches(p, e)),
        `not expected ${e.code} at ${e.file} ${e.pointer}`,
      ).toBe(false)
    if (c.exact) expect(r.problems.length, listing).toBe(c.expect.length)
    for (const p of r.problems) expectRenders(p)
  })

  it.each(table.clean.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const r = await loadSchemeDir(await makeScheme(c.patch, SECOND_TOWN))
    expect(r.problems, describeProblems(r.problems)).toEqual([])
    const d = await decide(r.scheme!, factsOf(table.base, c.facts))
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    checkDecision(d.decision, c.expect)
  })
})

describe('issue 16 §3: a change of mode, priority or derived fact reads in a diff', () => {
  it('tells the rule, old and new', async () => {
    const a = await loadSchemeDir(SECOND_TOWN)
    const b = await loadSchemeDir(
      await makeScheme(
        [
          { op: 'set', file: 'rules.json', pointer: '/ruleSets/1/rules/0/set/level', value: 'complex' },
          { op: 'set', file: 'rules.json', pointer: '/ruleSets/1/rules/0/priority', value: 20 },
        ],
        SECOND_TOWN,
      ),
    )
    const text = diffSchemes(a.definitions!, b.definitions!).map((e) => e.text)
    expect(text).toContain('规则集「分流到代办专班组」规则「集体访」设定的派生事实：{"level":"township"} → {"level":"complex"}')
    expect(text).toContain('规则集「分流到代办专班组」规则「集体访」优先级：10 → 20')
  })
})

describe('issue 16 §3: a first-edition scheme routes and validates as it did', () => {
  // second-town with its role annotations taken out (so a first-edition scheme) and the override's set:
  // its routing rule set still says "first", which the first edition accepted and ignored
  const firstEdition = async () => {
    const dir = await makeScheme([{ op: 'remove', file: 'rules.json', pointer: '/ruleSets/1/rules/0/set' }], SECOND_TOWN)
    for (const f of (await fs.readdir(dir)).filter((x) => x.endsWith('.json'))) {
      const text = await fs.readFile(path.join(dir, f), 'utf8')
      await fs.writeFile(
        path.join(dir, f),
        JSON.stringify(
          JSON.parse(text, (k, v) => (k === ROLE_KEYWORD ? undefined : v)),
          null,
          2,
        ),
      )
    }
    return dir
  }

  it('validates as before (routing checked on the category alone) and routes by every match: a collective petition overlaps', async () => {
    const r = await loadSchemeDir(await firstEdition())
    expect(r.problems, describeProblems(r.problems)).toEqual([])
    expect(fieldRoles(r.scheme!).inferred).toBe(true)
    const one = await decide(r.scheme!, table.base)
    expect(one.ok && [one.decision.groupId, one.decision.clock]).toEqual(['livelihood', 'limit_local'])
    const many = await decide(r.scheme!, factsOf(table.base, { petitionerCount: 6, representatives: '张三' }))
    expect(many.ok).toBe(false)
    if (!many.ok) expect(many.problems.map((p) => [p.code, p.pointer])).toEqual([['CATEGORY_OVERLAP', '/category']])
  })
})

/** Every problem renders in both languages with no placeholder left, the English with no Chinese prose. */
function expectRenders(p: Problem): void {
  for (const locale of ['zh-CN', 'en'] as const) expect(formatProblem(p, locale), p.code).not.toMatch(/\{\w+\}/)
  let en = formatProblem(p, 'en')
  const words = Object.entries(p.params ?? {})
    .filter(([k]) => !/^(detail|why)$/.test(k))
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
  for (const v of words.filter((x): x is string => typeof x === 'string' && !!x).sort((a, b) => b.length - a.length)) en = en.split(v).join('')
  expect(en.replace(/"[^"]*"/g, ''), `${p.code}: ${formatProblem(p, 'en')}`).not.toMatch(/[\u3400-\u9fff]/)
}
