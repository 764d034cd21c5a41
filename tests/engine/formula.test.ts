/**
 * The formula gate: allow-listed operators with their arity, `var` only on declared names and never
 * through __proto__/constructor/prototype, bounded depth and size, division by zero an error, and
 * readable printing for the assessment sheet.
 */
import { describe, expect, it } from 'vitest'
import { MAX_DEPTH, MAX_NODES, OPERATORS, checkFormula, evaluate, formatFormula } from '../../engine'

const vars = new Set(['a', 'b', 'c', 'x', 'y', 'flag', 'counts.petitions'])
const check = (f: unknown, v: ReadonlySet<string> = vars) => checkFormula(f, v, 'scoring.json', '/f')
const codes = (f: unknown, v?: ReadonlySet<string>) => check(f, v).map((p) => p.code)
const nest = (n: number, op = '+'): unknown => {
  let f: unknown = 1
  for (let i = 0; i < n; i++) f = { [op]: [f] }
  return f
}
const fromJson = (s: string) => JSON.parse(s) as unknown

describe('allowed operators', () => {
  const data = { a: 2, b: 3, c: 4, x: 0, y: 0, flag: true, counts: { petitions: 10 } }
  it.each([
    ['+', { '+': [1, 2, 3] }, 6],
    ['- (binary)', { '-': [5, 2] }, 3],
    ['- (unary)', { '-': [4] }, -4],
    ['*', { '*': [2, 3.5] }, 7],
    ['/', { '/': [7, 2] }, 3.5],
    ['min', { min: [3, 1, 2] }, 1],
    ['max', { max: [3, 1, 2] }, 3],
    ['if', { if: [false, 1, { '==': [1, 1] }, 3, 4] }, 3],
    ['==', { '==': [{ var: 'a' }, 2] }, true],
    ['!=', { '!=': [1, 2] }, true],
    ['<', { '<': [1, 2] }, true],
    ['< (between)', { '<': [1, { var: 'a' }, 3] }, true],
    ['<=', { '<=': [2, 2] }, true],
    ['>', { '>': [1, 2] }, false],
    ['>=', { '>=': [2, 2] }, true],
    ['and', { and: [true, false] }, false],
    ['or', { or: [false, true] }, true],
    ['!', { '!': [{ var: 'flag' }] }, false],
    ['var (dotted)', { var: 'counts.petitions' }, 10],
    ['rate', { rate: [1, 4, 1] }, 0.25],
    ['rate (empty denominator)', { rate: [0, { var: 'x' }, 1] }, 1],
    ['round (half up)', { round: [1.005, 2] }, 1.01],
    ['round (half away from zero)', { round: [-2.5] }, -3],
    ['floor', { floor: [2.7] }, 2],
    ['ceil', { ceil: [2.1] }, 3],
    ['count', { count: [true, false, { '<': [{ var: 'a' }, 3] }] }, 2],
  ])('%s', (_name, f, expected) => {
    expect(check(f)).toEqual([])
    expect(evaluate(f, data)).toBe(expected)
  })

  it('the table above exercises every operator', () => {
    expect(Object.keys(OPERATORS).sort()).toEqual(
      ['!', '!=', '*', '+', '-', '/', '<', '<=', '==', '>', '>=', 'and', 'ceil', 'count', 'floor', 'if', 'max', 'min', 'or', 'rate', 'round', 'var'].sort(),
    )
  })
})

describe('evaluation errors', () => {
  it('division by zero is an error, not Infinity or NaN', () => {
    expect(() => evaluate({ '/': [1, 0] }, {})).toThrow(/除数为零/)
    expect(() => evaluate({ '/': [{ var: 'x' }, { var: 'y' }] }, { x: 0, y: 0 })).toThrowError(expect.objectContaining({ code: 'DIVISION_BY_ZERO' }))
  })

  it('a non-numeric result is an error', () => {
    expect(() => evaluate({ var: 'a' }, { a: 'text' })).toThrowError(expect.objectContaining({ code: 'NOT_A_NUMBER' }))
  })

  it('even unchecked, reaching __proto__ or constructor never yields a value', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'a.constructor']) expect(() => evaluate({ var: name }, { a: 1 }), name).toThrow()
  })
})

describe('checkFormula refuses', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'counts.__proto__', 'a.constructor', 'counts.prototype.x'])('var "%s", even when declared', (name) => {
    const declared = new Set([...vars, name, name.split('.')[0]!])
    const p = check({ '+': [{ var: name }, 1] }, declared)
    expect(p.map((x) => x.code)).toEqual(['UNKNOWN_VARIABLE'])
    expect(p[0]!.pointer).toBe('/f/+/0/var')
    expect(p[0]!.file).toBe('scoring.json')
  })

  it('an undeclared variable, and a malformed name', () => {
    expect(codes({ var: 'z' })).toEqual(['UNKNOWN_VARIABLE'])
    expect(codes({ var: 'a b' })).toEqual(['UNKNOWN_VARIABLE'])
    expect(codes({ var: '' })).toEqual(['FORMULA_BAD_NODE'])
  })

  it.each([
    ['method', { method: [{ var: 'a' }, 'toString'] }],
    ['log', { log: [1] }],
    ['substr', { substr: ['abc', 1] }],
    ['cat', { cat: ['a', 'b'] }],
    ['in', { in: ['a', 'abc'] }],
    ['merge', { merge: [[1], [2]] }],
    ['constructor', fromJson('{"constructor": [1]}')],
    ['__proto__', fromJson('{"__proto__": [1]}')],
    ['hasOwnProperty', { hasOwnProperty: [1] }],
  ])('the function %s', (name, f) => {
    const p = check(f)
    expect(p.map((x) => x.code)).toEqual(['UNKNOWN_FUNCTION'])
    expect(p[0]!.params?.name).toBe(name)
  })

  it('wrong arity', () => {
    expect(codes({ '/': [1] })).toEqual(['FORMULA_ARITY'])
    expect(codes({ rate: [1, 2] })).toEqual(['FORMULA_ARITY'])
    expect(codes({ var: ['a', 0] })).toEqual(['FORMULA_ARITY'])
  })

  it('bad nodes: text, a bare list, two operators in one node, a non-finite number', () => {
    expect(codes('abc')).toEqual(['FORMULA_BAD_NODE'])
    expect(codes([1, 2])).toEqual(['FORMULA_BAD_NODE'])
    expect(codes({ '+': [1, 2], '-': [1] })).toEqual(['FORMULA_BAD_NODE'])
    expect(codes({ '+': [Infinity, 1] })).toEqual(['FORMULA_BAD_NODE'])
  })

  it(`depth: ${MAX_DEPTH} levels pass (and evaluate), one more is too deep`, () => {
    expect(check(nest(MAX_DEPTH))).toEqual([])
    expect(evaluate(nest(MAX_DEPTH), {})).toBe(1)
    expect(codes(nest(MAX_DEPTH + 1))).toEqual(['FORMULA_TOO_DEEP'])
  })

  it('a formula nested 10,000 deep is refused once, without a crash', () => {
    const p = check(nest(10_000))
    expect(p.map((x) => x.code)).toEqual(['FORMULA_TOO_DEEP'])
    expect(p[0]!.pointer.startsWith('/f/+/0/+/0')).toBe(true)
  })

  it(`size: more than ${MAX_NODES} nodes is too large, reported once`, () => {
    const wide = { '+': Array.from({ length: 20 }, () => ({ '+': Array.from({ length: 50 }, () => 1) })) }
    expect(codes(wide)).toEqual(['FORMULA_TOO_LARGE'])
  })

  it('reports every problem of a formula at once', () => {
    expect(codes({ '+': [{ var: 'z' }, { log: [1] }, { '/': [1] }] })).toEqual(['UNKNOWN_VARIABLE', 'UNKNOWN_FUNCTION', 'FORMULA_ARITY'])
  })
})

describe('formatFormula', () => {
  const label = (n: string) => ({ proxyRate: '代办率', onlineRate: '网访占比率', 'organization.stableTeam': '队伍稳定' })[n] ?? n
  it.each([
    [{ '*': [{ min: [{ var: 'proxyRate' }, 1] }, 10] }, 'min(代办率, 1) × 10'],
    [{ '*': [{ min: [{ '/': [{ var: 'onlineRate' }, 0.7] }, 1] }, 10] }, 'min(网访占比率 ÷ 0.7, 1) × 10'],
    [{ '+': [{ '*': [{ var: 'a' }, 2] }, 1] }, 'a × 2 + 1'],
    [{ '*': [{ '+': [{ var: 'a' }, 1] }, 2] }, '(a + 1) × 2'],
    [{ if: [{ var: 'organization.stableTeam' }, 2, 0] }, '（如果 队伍稳定 则 2，否则 0）'],
    [{ '-': [{ var: 'a' }] }, '−a'],
    [{ '!': [{ var: 'flag' }] }, '非 flag'],
    [{ '<': [{ var: 'proxyRate' }, 0.5] }, '代办率 < 0.5'],
    [{ rate: [{ var: 'a' }, { var: 'b' }, 1] }, 'rate(a, b, 1)'],
    [true, '是'],
  ])('%j → %s', (f, text) => {
    expect(formatFormula(f, label)).toBe(text)
  })

  // The right operand of − and ÷ at the same precedence keeps its brackets: a − (b + 1).
  it.each([
    [{ '-': [{ var: 'a' }, { '+': [{ var: 'b' }, 1] }] }, 'a − (b + 1)'],
    [{ '/': [{ var: 'a' }, { '*': [{ var: 'b' }, { var: 'c' }] }] }, 'a ÷ (b × c)'],
  ])('%j → %s', (f, text) => {
    expect(formatFormula(f)).toBe(text)
  })
})
