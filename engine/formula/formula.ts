/**
 * The safe formula language: JSON Logic (json-logic-engine, interpreted mode) behind a gate.
 *
 * Why this shape: formulas stay JSON (editable in the designer with schema help, diffable by id),
 * json-logic-engine is maintained and never compiles to JS in `run` mode, and the gate below
 * refuses everything the scheme does not need before the library sees it: only allow-listed
 * operators, `var` only on declared variable names (no `__proto__`, `constructor`, `prototype`),
 * bounded depth and size. Division by zero and non-finite results are errors, not NaN.
 */
import { LogicEngine } from 'json-logic-engine'
import { problem } from '../i18n/messages'
import type { Problem } from '../util/problem'

export const MAX_DEPTH = 32
export const MAX_NODES = 500

interface Op {
  arity: [number, number]
  infix?: string
  label: string
}

/** The allowed operators, with arity and how they print. */
export const OPERATORS: Record<string, Op> = {
  '+': { arity: [1, 50], infix: ' + ', label: '加' },
  '-': { arity: [1, 2], infix: ' − ', label: '减' },
  '*': { arity: [2, 50], infix: ' × ', label: '乘' },
  '/': { arity: [2, 2], infix: ' ÷ ', label: '除' },
  min: { arity: [1, 50], label: '最小值' },
  max: { arity: [1, 50], label: '最大值' },
  if: { arity: [3, 51], label: '如果' },
  '==': { arity: [2, 2], infix: ' = ', label: '等于' },
  '!=': { arity: [2, 2], infix: ' ≠ ', label: '不等于' },
  '<': { arity: [2, 3], infix: ' < ', label: '小于' },
  '<=': { arity: [2, 3], infix: ' ≤ ', label: '不大于' },
  '>': { arity: [2, 2], infix: ' > ', label: '大于' },
  '>=': { arity: [2, 2], infix: ' ≥ ', label: '不小于' },
  and: { arity: [1, 50], infix: ' 且 ', label: '且' },
  or: { arity: [1, 50], infix: ' 或 ', label: '或' },
  '!': { arity: [1, 1], label: '非' },
  var: { arity: [1, 1], label: '变量' },
  /** rate(numerator, denominator, whenZero): a ratio with an explicit answer for an empty denominator. */
  rate: { arity: [3, 3], label: '比率' },
  /** round(x, decimals): half away from zero. */
  round: { arity: [1, 2], label: '四舍五入' },
  floor: { arity: [1, 1], label: '向下取整' },
  ceil: { arity: [1, 1], label: '向上取整' },
  /** count(bool, …): how many are true. */
  count: { arity: [1, 50], label: '计数' },
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor'])

export class FormulaError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'FormulaError'
  }
}

function roundHalfUp(x: number, decimals: number): number {
  const f = 10 ** decimals
  // The epsilon guards binary artefacts such as 1.005 * 100 = 100.49999…
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f
}

const engine = new LogicEngine(undefined, { maxDepth: MAX_DEPTH, disableInline: true } as never)
engine.addMethod(
  'rate',
  (args: unknown) => {
    const [n, d, z] = args as [number, number, number]
    if (!Number(d)) return Number(z)
    return Number(n) / Number(d)
  },
  { deterministic: true } as never,
)
engine.addMethod(
  'round',
  (args: unknown) => {
    const [x, dec] = args as [number, number | undefined]
    return roundHalfUp(Number(x), Number(dec ?? 0))
  },
  { deterministic: true } as never,
)
engine.addMethod('floor', (args: unknown) => Math.floor(Number((args as number[])[0])), { deterministic: true } as never)
engine.addMethod('ceil', (args: unknown) => Math.ceil(Number((args as number[])[0])), { deterministic: true } as never)
engine.addMethod('count', (args: unknown) => (args as unknown[]).filter(Boolean).length, { deterministic: true } as never)
engine.addMethod(
  '/',
  (args: unknown) => {
    const [a, b] = args as [number, number]
    if (Number(b) === 0) throw new FormulaError('DIVISION_BY_ZERO', '除数为零')
    return Number(a) / Number(b)
  },
  { deterministic: true } as never,
)

export { roundHalfUp }

/**
 * Check a formula before it is ever run: operators, arity, variables, depth and size.
 * `variables` is the set of names `var` may use (dotted paths allowed when their root is listed).
 */
export function checkFormula(formula: unknown, variables: ReadonlySet<string>, file: string | undefined, pointer: string): Problem[] {
  const problems: Problem[] = []
  let nodes = 0
  const walk = (node: unknown, ptr: string, depth: number): void => {
    if (problems.length > 20) return
    nodes++
    if (nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) problems.push(problem('FORMULA_TOO_LARGE', pointer, { max: MAX_NODES }, file))
      return
    }
    if (depth > MAX_DEPTH) {
      problems.push(problem('FORMULA_TOO_DEEP', ptr, { max: MAX_DEPTH }, file))
      return
    }
    if (node === null || typeof node === 'number' || typeof node === 'boolean') {
      if (typeof node === 'number' && !Number.isFinite(node)) problems.push(problem('FORMULA_BAD_NODE', ptr, { detail: String(node) }, file))
      return
    }
    if (typeof node === 'string') {
      problems.push(
        problem(
          'FORMULA_BAD_NODE',
          ptr,
          {
            detail: `文本 "${node.slice(0, 40)}" 不能作为数值；变量请写成 {"var": "名称"}`,
            detailEn: `text "${node.slice(0, 40)}" is not a number; write a variable as {"var": "name"}`,
          },
          file,
        ),
      )
      return
    }
    if (Array.isArray(node)) {
      problems.push(problem('FORMULA_BAD_NODE', ptr, { detail: '列表只能作为函数的参数', detailEn: 'a list can only be the arguments of a function' }, file))
      return
    }
    if (typeof node !== 'object') {
      problems.push(problem('FORMULA_BAD_NODE', ptr, { detail: typeof node }, file))
      return
    }
    const keys = Object.keys(node)
    if (keys.length !== 1) {
      problems.push(
        problem(
          'FORMULA_BAD_NODE',
          ptr,
          { detail: `每个节点只能有一个运算符，实际有 ${keys.length} 个`, detailEn: `a node has exactly one operator, this one has ${keys.length}` },
          file,
        ),
      )
      return
    }
    const op = keys[0]!
    const spec = Object.prototype.hasOwnProperty.call(OPERATORS, op) ? OPERATORS[op] : undefined
    if (!spec) {
      problems.push(problem('UNKNOWN_FUNCTION', ptr, { name: op, known: Object.keys(OPERATORS).join(' ') }, file))
      return
    }
    const raw = (node as Record<string, unknown>)[op]
    const args = Array.isArray(raw) ? raw : [raw]
    const here = ptr + '/' + op.replace(/~/g, '~0').replace(/\//g, '~1')
    if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
      problems.push(
        problem(
          'FORMULA_ARITY',
          here,
          { name: op, expected: spec.arity[0] === spec.arity[1] ? spec.arity[0] : `${spec.arity[0]}–${spec.arity[1]}`, actual: args.length },
          file,
        ),
      )
      return
    }
    if (op === 'var') {
      const name = args[0]
      if (typeof name !== 'string' || name === '') {
        problems.push(problem('FORMULA_BAD_NODE', here, { detail: 'var 需要变量名', detailEn: 'var needs a variable name' }, file))
        return
      }
      const segments = name.split('.')
      if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s))) {
        problems.push(problem('UNKNOWN_VARIABLE', here, { name }, file))
        return
      }
      if (!variables.has(name)) problems.push(problem('UNKNOWN_VARIABLE', here, { name }, file))
      return
    }
    args.forEach((a, i) => walk(a, Array.isArray(raw) ? `${here}/${i}` : here, depth + 1))
  }
  walk(formula, pointer, 0)
  return problems
}

/** Evaluate a checked formula. Throws FormulaError on division by zero or a non-finite result. */
export function evaluate(formula: unknown, data: Record<string, unknown>): number | boolean {
  let value: unknown
  try {
    value = engine.run(formula as never, data)
  } catch (e) {
    if (e instanceof FormulaError) throw e
    throw new FormulaError('FORMULA_ERROR', e instanceof Error ? e.message : String(e))
  }
  if (typeof value === 'boolean') return value
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FormulaError('NOT_A_NUMBER', `结果不是有限数值：${String(value)}`)
  return value
}

/** Names of the variables a formula reads. */
export function variablesOf(formula: unknown, out = new Set<string>()): Set<string> {
  if (formula && typeof formula === 'object' && !Array.isArray(formula)) {
    const [op] = Object.keys(formula)
    const raw = (formula as Record<string, unknown>)[op!]
    if (op === 'var') {
      if (typeof raw === 'string') out.add(raw)
      else if (Array.isArray(raw) && typeof raw[0] === 'string') out.add(raw[0])
    } else (Array.isArray(raw) ? raw : [raw]).forEach((a) => variablesOf(a, out))
  }
  return out
}

/** Print a formula as readable infix text, naming variables by their labels. */
export function formatFormula(formula: unknown, label: (name: string) => string = (n) => n, parent = 0): string {
  if (formula === null) return 'null'
  if (typeof formula !== 'object') return typeof formula === 'boolean' ? (formula ? '是' : '否') : String(formula)
  if (Array.isArray(formula)) return formula.map((f) => formatFormula(f, label)).join(', ')
  const [op] = Object.keys(formula)
  const raw = (formula as Record<string, unknown>)[op!]
  const args = Array.isArray(raw) ? raw : [raw]
  if (op === 'var') return label(String(args[0]))
  const spec = OPERATORS[op!]
  if (op === 'if') {
    const parts: string[] = []
    for (let i = 0; i + 1 < args.length; i += 2)
      parts.push(`${i === 0 ? '如果' : '否则如果'} ${formatFormula(args[i], label)} 则 ${formatFormula(args[i + 1], label)}`)
    if (args.length % 2 === 1) parts.push(`否则 ${formatFormula(args[args.length - 1], label)}`)
    return `（${parts.join('，')}）`
  }
  if (op === '!') return `非 ${formatFormula(args[0], label, 9)}`
  if (op === '-' && args.length === 1) return `−${formatFormula(args[0], label, 9)}`
  if (spec?.infix) {
    const prec = op === '*' || op === '/' ? 3 : op === '+' || op === '-' ? 2 : 1
    // Right operands of − and ÷ need brackets at equal precedence: a − (b + 1), a ÷ (b × c).
    const s = args.map((a, i) => formatFormula(a, label, i > 0 && (op === '-' || op === '/') ? prec + 0.5 : prec)).join(spec.infix)
    return prec < parent ? `(${s})` : s
  }
  return `${op}(${args.map((a) => formatFormula(a, label)).join(', ')})`
}
