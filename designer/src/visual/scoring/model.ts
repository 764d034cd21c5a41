/**
 * The scorecard's model, apart from React: what a scoring's formulas read (inputs and variables,
 * with titles and ranges), the formula patterns the table shows as columns, their readable text,
 * and the highest score a formula can give (to mark an item that can exceed its points).
 *
 * A pattern is recognised only when writing it back gives the very same json-logic: anything else
 * is a free formula, edited as text. So the table never rewrites a formula it did not understand.
 */
import { checkFormula, evaluate, formatFormula } from '../../../../engine/formula/formula'

export type Formula = unknown
type Obj = Record<string, unknown>

// ---------------------------------------------------------------- what formulas read

export interface Operand {
  /** `counts.proxied` for an input, `proxyRate` for a variable */
  path: string
  title: string
  type: 'boolean' | 'integer' | 'number'
  source: 'input' | 'variable'
  /** Numeric range; ±Infinity when the schema leaves it open. */
  lo: number
  hi: number
  /** A variable written as rate(…): a share, read as 0–100 %. */
  rate?: boolean
}

export interface Catalogue {
  operands: Operand[]
  byPath: Map<string, Operand>
  label(path: string): string
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
export const tidy = (x: number) => Math.round(x * 1e9) / 1e9

/** The leaves of a scoring's `inputs` schema and its variables, in file order. */
export function catalogue(scoring: Obj, lang: 'zh-CN' | 'en' = 'zh-CN'): Catalogue {
  const operands: Operand[] = []
  const walk = (schema: unknown, prefix: string) => {
    if (!isObj(schema) || !isObj(schema.properties)) return
    for (const [k, sub] of Object.entries(schema.properties)) {
      if (!isObj(sub)) continue
      const path = prefix ? `${prefix}.${k}` : k
      const title = typeof sub.title === 'string' ? sub.title : path
      if (sub.type === 'object') walk(sub, path)
      else if (sub.type === 'boolean') operands.push({ path, title, type: 'boolean', source: 'input', lo: 0, hi: 1 })
      else if (sub.type === 'integer' || sub.type === 'number') {
        operands.push({
          path,
          title,
          type: sub.type,
          source: 'input',
          lo: num(sub.minimum) ? sub.minimum : -Infinity,
          hi: num(sub.maximum) ? sub.maximum : Infinity,
        })
      }
    }
  }
  walk(scoring.inputs, '')
  const byPath = new Map(operands.map((o) => [o.path, o]))
  const variables = Array.isArray(scoring.variables) ? scoring.variables : []
  for (const v of variables) {
    if (!isObj(v) || typeof v.id !== 'string') continue
    const title = (lang === 'en' && typeof v.nameEn === 'string' ? v.nameEn : typeof v.name === 'string' ? v.name : v.id) as string
    const r = ratePattern(v.formula)
    let op: Operand
    if (r) op = { path: v.id, title, type: 'number', source: 'variable', lo: Math.min(0, r.whenZero), hi: Math.max(1, r.whenZero), rate: true }
    else {
      // Any other variable: the range its formula takes over its own inputs' extremes.
      const b = gridBound(v.formula, { operands, byPath, label: (p) => byPath.get(p)?.title ?? p })
      op = { path: v.id, title, type: 'number', source: 'variable', lo: b?.lo ?? -Infinity, hi: b?.hi ?? Infinity }
    }
    operands.push(op)
    byPath.set(op.path, op)
  }
  return { operands, byPath, label: (p) => byPath.get(p)?.title ?? p }
}

// ---------------------------------------------------------------- patterns

export interface Term {
  var: string
  /** Points per unit; always positive (a deduction's sign is its pattern's) */
  per: number
  /** Written as the bare variable (per 1): min(x, 10) rather than min(x × 1, 10) */
  bare?: boolean
}

export type Pattern =
  /** if(x, points, 0): fixed points for a yes */
  | { kind: 'bool'; var: string; points: number }
  /** min(r ÷ threshold, 1) × points ("full marks from 70 %, else pro rata"), or if(r ≥ threshold, points, 0) */
  | { kind: 'rate'; var: string; threshold: number; points: number; below: 'scaled' | 'zero' }
  /** Σ count × per, capped at `cap` */
  | { kind: 'count'; terms: Term[]; cap: number | null }
  /** −Σ count × per, at most `cap` deducted */
  | { kind: 'deduct'; terms: Term[]; cap: number | null }
  /** −per for each of the rates below the threshold */
  | { kind: 'below'; vars: string[]; threshold: number; per: number }

export type PatternKind = Pattern['kind'] | 'free'
export const PATTERN_KINDS: PatternKind[] = ['bool', 'rate', 'count', 'deduct', 'below', 'free']

const V = (path: string) => ({ var: path })
const varOf = (f: unknown): string | null => (isObj(f) && Object.keys(f).length === 1 && typeof f.var === 'string' ? f.var : null)
const op1 = (f: unknown, name: string): unknown[] | null => {
  if (!isObj(f) || Object.keys(f).length !== 1 || !(name in f)) return null
  const a = f[name]
  return Array.isArray(a) ? a : null
}

/** The json-logic the engine runs for a pattern, in the shapes scoring files use. */
export function writePattern(p: Pattern): Formula {
  switch (p.kind) {
    case 'bool':
      return { if: [V(p.var), p.points, 0] }
    case 'rate':
      if (p.below === 'zero') return { if: [{ '>=': [V(p.var), p.threshold] }, p.points, 0] }
      return { '*': [{ min: [p.threshold === 1 ? V(p.var) : { '/': [V(p.var), p.threshold] }, 1] }, p.points] }
    case 'count': {
      const terms = p.terms.map((t) => (t.per === 1 && t.bare !== false ? V(t.var) : { '*': [V(t.var), t.per] }))
      const sum = terms.length === 1 ? terms[0] : { '+': terms }
      return p.cap === null ? sum : { min: [sum, p.cap] }
    }
    case 'deduct': {
      const terms = p.terms.map((t) => ({ '*': [V(t.var), -t.per] }))
      const sum = terms.length === 1 ? terms[0] : { '+': terms }
      return p.cap === null ? sum : { max: [sum, -p.cap] }
    }
    case 'below': {
      const c = { count: p.vars.map((v) => ({ '<': [V(v), p.threshold] })) }
      return p.per === 1 ? { '-': [c] } : { '*': [c, -p.per] }
    }
  }
}

function guess(f: Formula): Pattern | null {
  // bool: if(x, P, 0)
  const iff = op1(f, 'if')
  if (iff && iff.length === 3 && iff[2] === 0 && num(iff[1])) {
    const x = varOf(iff[0])
    if (x) return { kind: 'bool', var: x, points: iff[1] }
    const ge = op1(iff[0], '>=')
    if (ge && ge.length === 2 && varOf(ge[0]) && num(ge[1])) return { kind: 'rate', var: varOf(ge[0])!, threshold: ge[1], points: iff[1], below: 'zero' }
  }
  // rate: min(r [÷ T], 1) × P
  const mul = op1(f, '*')
  if (mul && mul.length === 2 && num(mul[1])) {
    const m = op1(mul[0], 'min')
    if (m && m.length === 2 && m[1] === 1) {
      const r = varOf(m[0])
      if (r) return { kind: 'rate', var: r, threshold: 1, points: mul[1], below: 'scaled' }
      const d = op1(m[0], '/')
      if (d && d.length === 2 && varOf(d[0]) && num(d[1])) return { kind: 'rate', var: varOf(d[0])!, threshold: d[1], points: mul[1], below: 'scaled' }
    }
    // below, per ≠ 1: count(r < T, …) × −per
    const b = belowOf(mul[0])
    if (b && mul[1] < 0) return { kind: 'below', ...b, per: -mul[1] }
  }
  // below, per 1: −count(r < T, …)
  const neg = op1(f, '-')
  if (neg && neg.length === 1) {
    const b = belowOf(neg[0])
    if (b) return { kind: 'below', ...b, per: 1 }
  }
  // count / deduct, with or without a cap
  const capMin = op1(f, 'min')
  const capMax = op1(f, 'max')
  const capped = capMin ?? capMax
  if (capped && capped.length === 2 && num(capped[1])) {
    const s = sumOf(capped[0])
    if (s?.sign === 1 && capMin) return { kind: 'count', terms: s.terms, cap: capped[1] }
    if (s?.sign === -1 && capMax) return { kind: 'deduct', terms: s.terms, cap: -capped[1] }
    return null
  }
  const s = sumOf(f)
  if (s) return s.sign === 1 ? { kind: 'count', terms: s.terms, cap: null } : { kind: 'deduct', terms: s.terms, cap: null }
  return null
}

function belowOf(f: unknown): { vars: string[]; threshold: number } | null {
  const c = op1(f, 'count')
  if (!c || !c.length) return null
  const vars: string[] = []
  let threshold: number | null = null
  for (const a of c) {
    const lt = op1(a, '<')
    if (!lt || lt.length !== 2 || !varOf(lt[0]) || !num(lt[1])) return null
    if (threshold !== null && lt[1] !== threshold) return null
    threshold = lt[1]
    vars.push(varOf(lt[0])!)
  }
  return { vars, threshold: threshold! }
}

/** x, x × k, or a sum of them, all of one sign. */
function sumOf(f: unknown): { terms: Term[]; sign: 1 | -1 } | null {
  const plus = op1(f, '+')
  const parts = plus && plus.length >= 2 ? plus : [f]
  const terms: Term[] = []
  let sign: 1 | -1 | 0 = 0
  for (const p of parts) {
    const x = varOf(p)
    let t: Term
    let s: 1 | -1
    if (x) {
      t = { var: x, per: 1, bare: true }
      s = 1
    } else {
      const m = op1(p, '*')
      if (!m || m.length !== 2 || !varOf(m[0]) || !num(m[1]) || m[1] === 0) return null
      s = m[1] > 0 ? 1 : -1
      t = { var: varOf(m[0])!, per: Math.abs(m[1]) }
      if (m[1] === 1) t.bare = false
    }
    if (sign && s !== sign) return null
    sign = s
    terms.push(t)
  }
  return sign ? { terms, sign } : null
}

/** The pattern a formula is written in, or null (a free formula). Only shapes that write back unchanged. */
export function recognise(f: Formula): Pattern | null {
  const p = guess(f)
  return p && deepEqual(writePattern(p), f) ? p : null
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** The number that reads as the item's full marks in a pattern (kept in step with `max`). */
export function fullMarks(p: Pattern): number | null {
  if (p.kind === 'bool' || p.kind === 'rate') return p.points
  if (p.kind === 'count' || p.kind === 'deduct') return p.cap
  return null
}

export function withFullMarks(p: Pattern, n: number): Pattern {
  if (p.kind === 'bool' || p.kind === 'rate') return { ...p, points: n }
  if (p.kind === 'count' || p.kind === 'deduct') return p.cap === null ? p : { ...p, cap: n }
  return p
}

/**
 * An item with a new `max`: when the formula's full marks were the old max, they follow it, so
 * "2 points" → "3 points" changes both `max` and the formula's 2. A cleared max removes the member.
 */
export function setItemMax(item: Obj, max: number | null): Obj {
  const next = { ...item }
  const p = recognise(item.formula)
  const full = p ? fullMarks(p) : null
  if (p && full !== null && num(item.max) && full === item.max && max !== null) next.formula = writePattern(withFullMarks(p, max))
  if (max === null) delete next.max
  else next.max = max
  return next
}

/** A pattern of `kind` for an item, starting from what it reads now and the catalogue's first fitting operand. */
export function defaultPattern(kind: Pattern['kind'], item: Obj, cat: Catalogue): Pattern {
  const reads = [...variablesIn(item.formula)]
  const pick = (ok: (o: Operand) => boolean) =>
    reads.map((r) => cat.byPath.get(r)).find((o) => o && ok(o))?.path ?? cat.operands.find(ok)?.path ?? reads[0] ?? ''
  const max = num(item.max) ? item.max : null
  switch (kind) {
    case 'bool':
      return { kind, var: pick((o) => o.type === 'boolean'), points: max ?? 1 }
    case 'rate':
      return { kind, var: pick((o) => !!o.rate) || pick((o) => o.type !== 'boolean'), threshold: 1, points: max ?? 10, below: 'scaled' }
    case 'count':
      return { kind, terms: [{ var: pick((o) => o.type === 'integer'), per: 1, bare: true }], cap: max }
    case 'deduct':
      return { kind, terms: [{ var: pick((o) => o.type === 'integer'), per: 1 }], cap: null }
    case 'below':
      return { kind, vars: cat.operands.filter((o) => o.rate).map((o) => o.path), threshold: 0.5, per: 1 }
  }
}

// ---------------------------------------------------------------- readable text

const pct = (x: number) => `${tidy(x * 100)}%`
const n = (x: number) => String(tidy(x))

export function readable(f: Formula, label: (p: string) => string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const p = recognise(f)
  if (!p) return formatFormula(f, label)
  return readablePattern(p, label, lang)
}

export function readablePattern(p: Pattern, label: (p: string) => string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const en = lang === 'en'
  switch (p.kind) {
    case 'bool':
      return en ? `${label(p.var)}: ${n(p.points)} points if yes, 0 if not` : `${label(p.var)}：是得 ${n(p.points)} 分，否得 0 分`
    case 'rate':
      if (p.below === 'zero')
        return en
          ? `${label(p.var)} ≥ ${pct(p.threshold)}: full ${n(p.points)} points, else 0`
          : `${label(p.var)} ≥ ${pct(p.threshold)} 得满分 ${n(p.points)} 分，否则 0 分`
      return en
        ? `${label(p.var)} ≥ ${pct(p.threshold)}: full ${n(p.points)} points, else pro rata`
        : `${label(p.var)} ≥ ${pct(p.threshold)} 得满分 ${n(p.points)} 分，否则按比例`
    case 'count': {
      const t = p.terms.map((x) => (en ? `${n(x.per)} per ${label(x.var)}` : `${label(x.var)} 每 1 计 ${n(x.per)} 分`)).join(en ? ' + ' : '，')
      return p.cap === null ? t : en ? `${t}, at most ${n(p.cap)}` : `${t}，最高 ${n(p.cap)} 分`
    }
    case 'deduct': {
      const t = p.terms.map((x) => (en ? `−${n(x.per)} per ${label(x.var)}` : `${label(x.var)} 每 1 减 ${n(x.per)} 分`)).join(en ? ', ' : '，')
      return p.cap === null ? t : en ? `${t}, at most ${n(p.cap)} deducted` : `${t}，最多减 ${n(p.cap)} 分`
    }
    case 'below':
      return en
        ? `−${n(p.per)} for each of ${p.vars.map(label).join(', ')} below ${pct(p.threshold)}`
        : `${p.vars.map(label).join('、')} 每有一项低于 ${pct(p.threshold)} 减 ${n(p.per)} 分`
  }
}

/** A formula as one line of JSON, the way scoring files write small formulas. */
export function formulaText(f: Formula): string {
  return JSON.stringify(f).replace(/([:,])(?=\S)/g, '$1 ')
}

/** Parse the text of a formula text area: the value, or the parse error to show on the control. */
export function parseFormula(text: string): { ok: true; value: Formula } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Formula }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

// ---------------------------------------------------------------- ranges and the exceed mark

export interface Bound {
  lo: number
  hi: number
  /** analytic: from the pattern; grid: the formula evaluated on every combination of input extremes */
  method: 'analytic' | 'grid'
  /** grid: how many combinations were evaluated */
  points?: number
  /** grid: open-ended inputs were tried at this value */
  big?: number
}

/** Open-ended counts are tried at this value on the grid. */
export const BIG = 1000
const MAX_GRID = 4096

export function variablesIn(f: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(f)) f.forEach((x) => variablesIn(x, out))
  else if (isObj(f)) {
    for (const [k, v] of Object.entries(f)) {
      if (k === 'var' && typeof v === 'string') out.add(v)
      else variablesIn(v, out)
    }
  }
  return out
}

function constantsIn(f: unknown, out = new Set<number>()): Set<number> {
  if (num(f)) out.add(f)
  else if (Array.isArray(f)) f.forEach((x) => constantsIn(x, out))
  else if (isObj(f)) for (const [k, v] of Object.entries(f)) if (k !== 'var') constantsIn(v, out)
  return out
}

const range = (cat: Catalogue, path: string) => cat.byPath.get(path) ?? { lo: -Infinity, hi: Infinity, type: 'number' as const }
/** a × b where 0 × ∞ is 0 (a term with no weight adds nothing however large its count). */
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b)

/** The lowest and highest a recognised pattern gives over the operands' ranges, worked out directly. */
export function patternBound(p: Pattern, cat: Catalogue): Bound {
  const span = (xs: number[]) => ({ lo: Math.min(...xs), hi: Math.max(...xs), method: 'analytic' as const })
  switch (p.kind) {
    case 'bool':
      return span([0, p.points])
    case 'rate': {
      const r = range(cat, p.var)
      if (p.below === 'zero') return span([...(r.hi >= p.threshold ? [p.points] : []), ...(r.lo < p.threshold ? [0] : [])])
      // min(r ÷ T, 1) × P is monotone in r
      const at = (x: number) => mul(Math.min(x / p.threshold, 1), p.points)
      return span([at(r.lo), at(r.hi)])
    }
    case 'count':
    case 'deduct': {
      const s = p.kind === 'count' ? 1 : -1
      let lo = 0
      let hi = 0
      for (const t of p.terms) {
        const r = range(cat, t.var)
        const a = mul(s * t.per, r.lo)
        const b = mul(s * t.per, r.hi)
        lo += Math.min(a, b)
        hi += Math.max(a, b)
      }
      if (p.cap !== null && p.kind === 'count') return { lo: Math.min(lo, p.cap), hi: Math.min(hi, p.cap), method: 'analytic' }
      if (p.cap !== null) return { lo: Math.max(lo, -p.cap), hi: Math.max(hi, -p.cap), method: 'analytic' }
      return { lo, hi, method: 'analytic' }
    }
    case 'below': {
      let always = 0
      let can = 0
      for (const v of p.vars) {
        const r = range(cat, v)
        if (r.lo < p.threshold) can++
        if (r.hi < p.threshold) always++
      }
      return span([-p.per * can, -p.per * always])
    }
  }
}

/** Candidate values of one operand: its ends, and both sides of every constant the formula compares with. */
function candidates(o: { lo: number; hi: number; type: string }, consts: number[]): unknown[] {
  if (o.type === 'boolean') return [false, true]
  const lo = Number.isFinite(o.lo) ? o.lo : -BIG
  const hi = Number.isFinite(o.hi) ? o.hi : Math.max(BIG, lo + BIG)
  const out = [lo, hi]
  const add = (x: number) => {
    if (x > lo && x < hi && !out.includes(x)) out.push(x)
  }
  for (const c of consts) {
    if (o.type === 'integer') {
      add(Math.floor(c))
      add(Math.ceil(c))
      add(Math.floor(c) - 1)
      add(Math.ceil(c) + 1)
    } else {
      add(c)
      add(c - 1e-6)
      add(c + 1e-6)
    }
  }
  return out.slice(0, 10)
}

function nest(values: Map<string, unknown>): Obj {
  const root: Obj = {}
  for (const [path, v] of values) {
    const segs = path.split('.')
    let cur = root
    segs.slice(0, -1).forEach((s) => {
      if (!isObj(cur[s])) cur[s] = {}
      cur = cur[s] as Obj
    })
    cur[segs[segs.length - 1]!] = v
  }
  return root
}

/**
 * The lowest and highest value of any formula, by evaluating it with the engine's own evaluator on
 * every combination of its operands' candidate values (ends of each range and both sides of each
 * constant; booleans both ways). Null when the formula does not pass the engine's checks or never
 * gives a number.
 */
export function gridBound(f: Formula, cat: Catalogue): Bound | null {
  const reads = [...variablesIn(f)]
  if (checkFormula(f, new Set(cat.byPath.keys()), undefined, '').length) return null
  const consts = [...constantsIn(f)]
  let cands = reads.map((r) => candidates(range(cat, r), consts))
  const size = () => cands.reduce((a, c) => a * c.length, 1)
  if (size() > MAX_GRID) cands = cands.map((c) => c.slice(0, 2))
  const total = Math.min(size(), MAX_GRID)
  let lo = Infinity
  let hi = -Infinity
  let evaluated = 0
  for (let k = 0; k < total; k++) {
    const values = new Map<string, unknown>()
    let rest = k
    reads.forEach((r, i) => {
      const c = cands[i]!
      values.set(r, c[rest % c.length])
      rest = Math.floor(rest / c.length)
    })
    let v: number | boolean
    try {
      v = evaluate(f, nest(values))
    } catch {
      continue
    }
    const x = typeof v === 'boolean' ? Number(v) : v
    evaluated++
    lo = Math.min(lo, x)
    hi = Math.max(hi, x)
  }
  if (!evaluated) return null
  const open = reads.some((r) => {
    const o = range(cat, r)
    return o.type !== 'boolean' && (!Number.isFinite(o.lo) || !Number.isFinite(o.hi))
  })
  const b: Bound = { lo: tidy(lo), hi: tidy(hi), method: 'grid', points: evaluated }
  if (open) b.big = BIG
  return b
}

/** Null when the formula reads something the scoring does not declare (the engine marks that on the cell). */
export function formulaBound(f: Formula, cat: Catalogue): Bound | null {
  for (const v of variablesIn(f)) if (!cat.byPath.has(v)) return null
  const p = recognise(f)
  return p ? patternBound(p, cat) : gridBound(f, cat)
}

export interface Exceed {
  bound: Bound
  /** The item only deducts: its `max` is the most it may take away. */
  deduction: boolean
  /** What the formula can reach: the highest score, or the most deducted (after the section's floor). */
  reach: number
  max: number
  exceeds: boolean
}

/**
 * Can the item's formula give more than its `max` (or, for a deduction, take more)? A deduction
 * inside a section with a base and a floor can take at most base − floor. Null when the item has
 * no `max` or its formula cannot be bounded.
 */
export function checkExceed(item: Obj, section: Obj, cat: Catalogue): Exceed | null {
  if (!num(item.max)) return null
  const bound = formulaBound(item.formula, cat)
  if (!bound) return null
  const deduction = bound.hi <= 0 && bound.lo < 0
  let reach: number
  if (deduction) {
    const floor = num(section.base) && num(section.floor) ? section.floor - section.base : -Infinity
    reach = -Math.max(bound.lo, floor)
  } else reach = bound.hi
  return { bound, deduction, reach, max: item.max, exceeds: reach > item.max + 1e-9 }
}

// ---------------------------------------------------------------- variables written as rate(n, d, whenZero)

export interface RatePattern {
  numerator: string
  denominator: string
  whenZero: number
}

export function ratePattern(f: unknown): RatePattern | null {
  const r = op1(f, 'rate')
  if (!r || r.length !== 3 || !varOf(r[0]) || !varOf(r[1]) || !num(r[2])) return null
  const p = { numerator: varOf(r[0])!, denominator: varOf(r[1])!, whenZero: r[2] }
  return deepEqual(writeRate(p), f) ? p : null
}

export const writeRate = (p: RatePattern): Formula => ({ rate: [V(p.numerator), V(p.denominator), p.whenZero] })

export function readableRate(p: RatePattern, label: (p: string) => string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  return lang === 'en'
    ? `${label(p.numerator)} ÷ ${label(p.denominator)} (${pct(p.whenZero)} when ${label(p.denominator)} is 0)`
    : `${label(p.numerator)} ÷ ${label(p.denominator)}（${label(p.denominator)}为 0 时按 ${pct(p.whenZero)} 计）`
}

// ---------------------------------------------------------------- ids

/** A new id `prefix_N` not among `taken`. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  let i = 1
  while (used.has(`${prefix}_${i}`)) i++
  return `${prefix}_${i}`
}
