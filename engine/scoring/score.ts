/**
 * `score(input)`: the assessment computed from the scoring definition, with every item's value,
 * formula and inputs, section caps, deduction base and floor, rounding, grade band and vetoes.
 */
import type { CompiledScheme } from '../scheme/compiled'
import type { ScoringDefinition } from '../scheme/types'
import type { Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { evaluate, formatFormula, roundHalfUp, variablesOf, FormulaError } from '../formula/formula'

export interface ScoredItem {
  id: string
  section: string
  name: string
  value: number
  max: number | null
  formula: string
  inputs: Record<string, unknown>
  explain?: string
}

export interface ScoredSection {
  id: string
  name: string
  /** Sum of the items before the cap/base */
  raw: number
  value: number
  max: number
  capped: boolean
  note: string
}

export interface ScoreResult {
  scoring: string
  total: number
  /** Sum before rounding */
  unrounded: number
  max: number
  grade: string
  gradeReason: string
  vetoed: string[]
  variables: Array<{ id: string; name: string; value: number; formula: string; explain?: string }>
  sections: ScoredSection[]
  items: ScoredItem[]
  letters: Array<{ id: string; letter: string; name: string; count: number }>
}

export type ScoreOutcome = { ok: true; result: ScoreResult } | { ok: false; problems: Problem[] }

type Fill = (value: unknown) => unknown

/**
 * Fills schema defaults into the input so formulas never meet an undefined variable: the schema
 * walked once into a plan, which then copies each input as the plain walk did.
 */
function defaultsFiller(schema: Record<string, unknown>): Fill {
  if (schema.type !== 'object' || !schema.properties) return (value) => value
  const steps = Object.entries(schema.properties as Record<string, Record<string, unknown>>).map(([key, sub]) => ({
    key,
    hasDefault: 'default' in sub,
    value: sub.default,
    inner: sub.type === 'object' ? defaultsFiller(sub) : null,
  }))
  return (value) => {
    const obj = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {}
    for (const s of steps) {
      if (obj[s.key] === undefined) {
        if (s.hasDefault) obj[s.key] = s.value
        else if (s.inner) obj[s.key] = s.inner(undefined)
      } else if (s.inner) obj[s.key] = s.inner(obj[s.key])
    }
    return obj
  }
}

/** What a scoring definition's breakdown needs that does not depend on the input, worked out once per definition. */
interface Prepared {
  fill: Fill
  /** Formatted formulas of the variables, by index */
  variables: string[]
  /** Per section, per item: the formatted formula and the variables it reads (dotted path split) */
  items: Array<Array<{ formula: string; reads: Array<[name: string, path: string[]]> }>>
}

const preparedDefs = new WeakMap<ScoringDefinition, Prepared>()

function prepare(def: ScoringDefinition): Prepared {
  let p = preparedDefs.get(def)
  if (p) return p
  const labels = new Map<string, string>()
  collectTitles(def.inputs, '', labels)
  for (const v of def.variables) labels.set(v.id, v.name)
  const label = (n: string) => labels.get(n) ?? n
  p = {
    fill: defaultsFiller(def.inputs),
    variables: def.variables.map((v) => formatFormula(v.formula, label)),
    items: def.sections.map((s) =>
      s.items.map((it) => ({
        formula: formatFormula(it.formula, label),
        reads: [...variablesOf(it.formula)].map((n): [string, string[]] => [n, n.split('.')]),
      })),
    ),
  }
  preparedDefs.set(def, p)
  return p
}

export function score(scheme: CompiledScheme, input: unknown, scoringId?: string): ScoreOutcome {
  const def = scheme.scoring(scoringId)
  if (!def) return { ok: false, problems: [problem('UNKNOWN_SCORING', '', { id: scoringId ?? '' }, 'input')] }
  const errs = scheme.validator.validate(def.inputs, input)
  if (errs.length) {
    return {
      ok: false,
      problems: errs.map((e) =>
        problem(
          e.code === 'UNKNOWN_FIELD' ? 'UNKNOWN_FIELD' : 'INPUT_INVALID',
          e.field === '/' ? '' : e.field,
          { field: e.field.slice(1), detail: `${e.field.slice(1) || '输入'}：${e.message}`, detailEn: `${e.field.slice(1) || 'input'}: ${e.messageEn}` },
          'input',
        ),
      ),
    }
  }
  const prep = prepare(def)
  const data = prep.fill(input) as Record<string, unknown>
  try {
    return { ok: true, result: compute(def, prep, data) }
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, problems: [problem('FORMULA_ERROR', '', { detail: e.message }, 'input')] }
    if (e instanceof InputCheckError) return { ok: false, problems: e.problems }
    throw e
  }
}

class InputCheckError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; '))
  }
}

function get(data: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = data
  for (const seg of path) {
    if (!cur || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined
    cur = (cur as Record<string, unknown>)[seg]
  }
  return cur
}

function roundTo(x: number, decimals: number, mode: ScoringDefinition['rounding']['mode']): number {
  const f = 10 ** decimals
  if (mode === 'floor') return Math.floor(x * f + 1e-9) / f
  if (mode === 'halfEven') {
    const v = x * f
    const r = Math.round(v)
    return (Math.abs(v % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r) / f
  }
  return roundHalfUp(x, decimals)
}

const tidy = (x: number) => Math.round(x * 1e9) / 1e9

function compute(def: ScoringDefinition, prep: Prepared, data: Record<string, unknown>): ScoreResult {
  const failed = (def.checks ?? []).filter((c) => evaluate(c.when, data) !== true)
  if (failed.length)
    throw new InputCheckError(failed.map((c) => problem('INPUT_INVALID', '/counts', { detail: c.name, detailEn: c.nameEn ?? c.name }, 'input')))

  const env: Record<string, unknown> = { ...data }
  const variables: ScoreResult['variables'] = []
  def.variables.forEach((v, i) => {
    const value = Number(evaluate(v.formula, env))
    env[v.id] = value
    const out: ScoreResult['variables'][number] = { id: v.id, name: v.name, value: tidy(value), formula: prep.variables[i]! }
    if (v.explain) out.explain = v.explain
    variables.push(out)
  })

  const items: ScoredItem[] = []
  const sections: ScoredSection[] = []
  def.sections.forEach((s, si) => {
    let raw = 0
    s.items.forEach((it, ii) => {
      const value = tidy(Number(evaluate(it.formula, env)))
      raw += value
      const pi = prep.items[si]![ii]!
      const inputs: Record<string, unknown> = {}
      for (const [name, path] of pi.reads) inputs[name] = get(env, path)
      const item: ScoredItem = { id: it.id, section: s.id, name: it.name, value, max: it.max ?? null, formula: pi.formula, inputs }
      if (it.explain) item.explain = it.explain
      items.push(item)
    })
    raw = tidy(raw)
    let value: number
    let note: string
    if (s.base !== undefined) {
      const floor = s.floor ?? Number.NEGATIVE_INFINITY
      value = Math.min(s.max, Math.max(floor, tidy(s.base + raw)))
      note = `基础分 ${s.base} 分，扣减 ${tidy(-raw)} 分${value === floor && s.base + raw < floor ? `，减完为止（不低于 ${floor} 分）` : ''}`
    } else {
      value = Math.min(s.max, raw)
      note = raw > s.max ? `合计 ${raw} 分，封顶 ${s.max} 分` : `合计 ${raw} 分`
    }
    sections.push({ id: s.id, name: s.name, raw, value: tidy(value), max: s.max, capped: value !== (s.base !== undefined ? tidy(s.base + raw) : raw), note })
  })
  const unrounded = tidy(sections.reduce((a, s) => a + s.value, 0))
  const total = roundTo(unrounded, def.rounding.decimals, def.rounding.mode)
  const vetoed = def.vetoes.filter((v) => evaluate(v.when, env) === true)
  let grade: string
  let gradeReason: string
  if (vetoed.length) {
    grade = vetoed[0]!.grade
    gradeReason = `${vetoed.map((v) => v.name).join('、')}：等次定为${grade}，不论得分`
  } else {
    const band = def.grades.find((g) => g.min === null || total >= g.min)!
    grade = band.name
    gradeReason = band.min === null ? `总分 ${total} 分，低于所有等次下限` : `总分 ${total} 分，达到“${band.name}”下限 ${band.min} 分`
  }
  const letters = (def.letters ?? [])
    .filter((l) => evaluate(l.when, env) === true)
    .map((l) => ({ id: l.id, letter: l.letter, name: l.name, count: l.count === undefined ? 1 : Number(evaluate(l.count, env)) }))
  return { scoring: def.id, total, unrounded, max: def.max, grade, gradeReason, vetoed: vetoed.map((v) => v.id), variables, sections, items, letters }
}

/** Every declared input path (dotted) with its title, for the formula labels and the variable check. */
export function collectTitles(schema: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (!schema || typeof schema !== 'object') return out
  const props = (schema as { properties?: Record<string, unknown> }).properties
  if (!props) return out
  for (const [k, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${k}` : k
    const title = (sub as { title?: string }).title
    out.set(path, title ? (prefix && out.get(prefix) ? `${title}` : title) : path)
    collectTitles(sub, path, out)
  }
  return out
}
