/**
 * Issue #16 §1: engine/rules/sync-eval.ts re-implements json-rules-engine's operators for the
 * triage reachability check. Every operator and decorator the library registers is run on a table
 * of values through both, and must give the same result (or both refuse), so the two cannot drift.
 */
import { describe, expect, it } from 'vitest'
import { Engine } from 'json-rules-engine'
import { canEvaluateSync, evaluateSync, SYNC_DECORATORS, SYNC_OPERATORS, syncOperator } from '../../engine/rules/sync-eval'
import { DEFAULT_OPERATORS, OPERATOR_DECORATORS } from '../../engine/rules/ruleset'
import type { RuleCondition } from '../../engine'

/** Fact values and condition values: strings, numbers, null, undefined, arrays, mixed types. */
const VALUES: unknown[] = [
  'a',
  'abc',
  '',
  '5',
  '10',
  ' 7 ',
  '5abc',
  'b,c',
  0,
  5,
  10,
  -1,
  2.5,
  NaN,
  true,
  false,
  null,
  undefined,
  [],
  ['a'],
  ['a', 'b'],
  [5, 10],
  ['5'],
  [null],
  [[5]],
  ['a', 5, null],
]
const show = (v: unknown) => (v === undefined ? 'undefined' : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : JSON.stringify(v))

/** The library's registered operators and decorators, read from an engine instance. */
function libraryNames(): { operators: string[]; decorators: string[] } {
  const map = (new Engine() as unknown as { operators: { operators: Map<string, unknown>; decorators: Map<string, unknown> } }).operators
  return { operators: [...map.operators.keys()], decorators: [...map.decorators.keys()] }
}

type Outcome = boolean | 'throws'

/**
 * One engine per condition tree, run once per fact value, configured as CompiledRuleSet does
 * (undefined facts refused, so the fact is always passed).
 */
async function library(conditions: RuleCondition, facts: Record<string, unknown>): Promise<Outcome> {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false, replaceFactsInEventParams: false })
  engine.addRule({ name: 'r', conditions: conditions as never, event: { type: 't' } })
  try {
    const r = await engine.run(facts)
    return r.results.length === 1
  } catch {
    return 'throws'
  }
}

function sync(conditions: RuleCondition, facts: Record<string, unknown>): Outcome {
  try {
    return evaluateSync(conditions, facts)
  } catch {
    return 'throws'
  }
}

/** Every pair of the table through both; the pairs where they differ. */
async function drift(operator: string): Promise<string[]> {
  const out: string[] = []
  for (const value of VALUES) {
    const cond: RuleCondition = { all: [{ fact: 'x', operator, value }] }
    if (!canEvaluateSync(cond)) {
      if (!(value && typeof value === 'object' && !Array.isArray(value))) out.push(`${operator} ${show(value)}: not evaluated synchronously`)
      continue
    }
    for (const fact of VALUES) {
      // Facts and rule values come from different JSON documents: never the same array object.
      const [a, b] = [await library(cond, { x: structuredClone(fact) }), sync(cond, { x: structuredClone(fact) })]
      if (a !== b) out.push(`${show(fact)} ${operator} ${show(value)}: library ${String(a)}, sync-eval ${String(b)}`)
    }
  }
  return out
}

describe('sync-eval agrees with json-rules-engine (issue #16 §1)', () => {
  it('knows exactly the operators and decorators the library registers by default', () => {
    const lib = libraryNames()
    expect([...SYNC_OPERATORS].sort()).toEqual([...lib.operators].sort())
    expect([...SYNC_DECORATORS].sort()).toEqual([...lib.decorators].sort())
    // The scheme check's list of valid operators is the library's too.
    expect([...DEFAULT_OPERATORS].sort()).toEqual([...lib.operators].sort())
    expect([...OPERATOR_DECORATORS].sort()).toEqual([...lib.decorators].sort())
  })

  for (const operator of libraryNames().operators) {
    it(`operator ${operator}: the same result on every pair of values`, async () => {
      expect(await drift(operator)).toEqual([])
    })
  }

  it('every decorator over every operator: the same result on every pair of values', async () => {
    const { operators, decorators } = libraryNames()
    const differences: string[] = []
    for (const d of decorators) for (const op of operators) differences.push(...(await drift(`${d}:${op}`)))
    expect(differences).toEqual([])
  })

  it('decorators stacked: the same result', async () => {
    const differences: string[] = []
    for (const name of ['not:someFact:equal', 'someFact:not:in', 'everyValue:swap:contains', 'not:swap:lessThan', 'someValue:someFact:equal'])
      differences.push(...(await drift(name)))
    expect(differences).toEqual([])
  })

  it('condition trees: empty all/any, not, priorities, and a condition that throws beside one that matches', async () => {
    const trees: RuleCondition[] = [
      { all: [] },
      { any: [] },
      { not: { fact: 'x', operator: 'equal', value: 5 } },
      {
        any: [
          { fact: 'x', operator: 'equal', value: 5 },
          { fact: 'x', operator: 'in', value: null },
        ],
      },
      {
        all: [
          { fact: 'x', operator: 'equal', value: 4 },
          { fact: 'x', operator: 'in', value: null },
        ],
      },
      // Higher priority decides first; the throwing condition in a later set is never reached.
      { any: [{ fact: 'x', operator: 'equal', value: 5, priority: 2 } as RuleCondition, { fact: 'x', operator: 'in', value: null }] },
      { all: [{ fact: 'x', operator: 'equal', value: 4, priority: 3 } as RuleCondition, { fact: 'x', operator: 'in', value: null }] },
      { all: [{ any: [] }, { not: { all: [] } }] },
      {
        any: [
          {
            all: [
              { fact: 'x', operator: 'greaterThan', value: 1 },
              { fact: 'y', operator: 'contains', value: 'a' },
            ],
          },
          { not: { fact: 'y', operator: 'in', value: 'abc' } },
        ],
      },
    ]
    const differences: string[] = []
    for (const t of trees) {
      expect(canEvaluateSync(t), JSON.stringify(t)).toBe(true)
      for (const x of [5, 4, '5', null]) {
        for (const y of [['a'], 'b', null]) {
          const [a, b] = [await library(t, { x, y }), sync(t, { x, y })]
          if (a !== b) differences.push(`${JSON.stringify(t)} on x=${show(x)} y=${show(y)}: library ${String(a)}, sync-eval ${String(b)}`)
        }
      }
    }
    expect(differences).toEqual([])
  })

  it('leaves to the library what it cannot evaluate exactly', () => {
    expect(canEvaluateSync({ fact: 'x', operator: 'equal', value: { fact: 'y' } })).toBe(false)
    expect(canEvaluateSync({ fact: 'x', operator: 'equal', value: 1, path: '$.a' })).toBe(false)
    expect(canEvaluateSync({ fact: 'x', operator: 'equal', value: 1, params: {} })).toBe(false)
    expect(canEvaluateSync({ fact: 'x', operator: 'inCategoriesOf', value: 'g' })).toBe(false)
    expect(canEvaluateSync({ fact: 'x', operator: 'nope:equal', value: 1 })).toBe(false)
    expect(canEvaluateSync({ fact: 'x', operator: 'constructor', value: 1 })).toBe(false)
    expect(syncOperator('toString')).toBeNull()
  })
})
