/**
 * The range a formula can take, by interval arithmetic over the ranges of its variables: what a
 * scoring item can reach, told before any village is scored. Sound, not tight: the true range is
 * always inside the one returned (a bound may be wider than any real input reaches).
 *
 * @example
 *   formulaBounds({ '*': [{ min: [{ var: 'rate' }, 1] }, 10] }, new Map([['rate', { lo: 0, hi: Infinity }]]))
 *   // → { lo: 0, hi: 10 }
 */
export interface Interval {
  lo: number
  hi: number
  /** Only whole numbers (an integer input, a count): a non-zero value is then at least 1 away from 0. */
  integer?: boolean
}

export const UNBOUNDED: Interval = { lo: -Infinity, hi: Infinity }
const BOOL: Interval = { lo: 0, hi: 1, integer: true }
const point = (x: number): Interval => ({ lo: x, hi: x, integer: Number.isInteger(x) })
const union = (a: Interval, b: Interval): Interval => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), integer: !!a.integer && !!b.integer })

/** Products of bounds, with 0 × ∞ taken as 0 (the product of a zero and any finite value). */
function mulBound(a: number, b: number): number {
  if (a === 0 || b === 0) return 0
  return a * b
}

function mul(a: Interval, b: Interval): Interval {
  const c = [mulBound(a.lo, b.lo), mulBound(a.lo, b.hi), mulBound(a.hi, b.lo), mulBound(a.hi, b.hi)]
  return { lo: Math.min(...c), hi: Math.max(...c), integer: !!a.integer && !!b.integer }
}

/** a ÷ b for the non-zero values of b (division by zero is an error at run time, or `rate`'s answer). */
function div(a: Interval, b: Interval): Interval {
  let { lo, hi } = b
  if (b.integer) {
    if (lo === 0) lo = 1
    if (hi === 0) hi = -1
  }
  if (lo > hi) return { lo: Infinity, hi: -Infinity } // b is always 0: no value
  if (lo <= 0 && hi >= 0) {
    // b crosses zero: |1/b| is unbounded unless b is whole (then |b| ≥ 1 when non-zero)
    if (!b.integer) return UNBOUNDED
    const pos = hi >= 1 ? div(a, { lo: 1, hi }) : null
    const neg = lo <= -1 ? div(a, { lo, hi: -1 }) : null
    return pos && neg ? union(pos, neg) : (pos ?? neg ?? { lo: Infinity, hi: -Infinity })
  }
  const inv: Interval = { lo: 1 / hi, hi: 1 / lo }
  return mul(a, inv)
}

function monotone(a: Interval, f: (x: number) => number, integer = a.integer): Interval {
  return { lo: f(a.lo), hi: f(a.hi), integer }
}

/** The range of `formula`; `vars` gives each variable's range (an unknown variable is unbounded). */
export function formulaBounds(formula: unknown, vars: ReadonlyMap<string, Interval>, depth = 0): Interval {
  const r = bounds(formula, vars, depth)
  // ∞ − ∞ and the like: nothing is known
  return { lo: Number.isNaN(r.lo) ? -Infinity : r.lo, hi: Number.isNaN(r.hi) ? Infinity : r.hi, integer: r.integer }
}

function bounds(formula: unknown, vars: ReadonlyMap<string, Interval>, depth: number): Interval {
  if (depth > 64) return UNBOUNDED
  if (typeof formula === 'number') return point(formula)
  if (typeof formula === 'boolean') return point(formula ? 1 : 0)
  if (formula === null) return point(0)
  if (!formula || typeof formula !== 'object' || Array.isArray(formula)) return UNBOUNDED
  const [op] = Object.keys(formula)
  const raw = (formula as Record<string, unknown>)[op!]
  const args = Array.isArray(raw) ? raw : [raw]
  const b = (x: unknown) => formulaBounds(x, vars, depth + 1)
  switch (op) {
    case 'var': {
      const name = String(args[0])
      return vars.get(name) ?? UNBOUNDED
    }
    case '+':
      return args.map(b).reduce((acc, x) => ({ lo: acc.lo + x.lo, hi: acc.hi + x.hi, integer: !!acc.integer && !!x.integer }), point(0))
    case '-': {
      if (args.length === 1) {
        const a = b(args[0])
        return { lo: -a.hi, hi: -a.lo, integer: a.integer }
      }
      const [x, y] = [b(args[0]), b(args[1])]
      return { lo: x.lo - y.hi, hi: x.hi - y.lo, integer: !!x.integer && !!y.integer }
    }
    case '*':
      return args.map(b).reduce(mul, point(1))
    case '/':
      return div(b(args[0]), b(args[1]))
    case 'rate': {
      const [n, d, z] = args.map(b) as [Interval, Interval, Interval]
      const ratio = div(n, d)
      // rate answers `whenZero` when the denominator is 0
      return d.lo <= 0 && d.hi >= 0 ? (ratio.lo > ratio.hi ? z : union(ratio, z)) : ratio
    }
    case 'min': {
      const xs = args.map(b)
      return { lo: Math.min(...xs.map((x) => x.lo)), hi: Math.min(...xs.map((x) => x.hi)), integer: xs.every((x) => x.integer) }
    }
    case 'max': {
      const xs = args.map(b)
      return { lo: Math.max(...xs.map((x) => x.lo)), hi: Math.max(...xs.map((x) => x.hi)), integer: xs.every((x) => x.integer) }
    }
    case 'if': {
      // if(c1, v1, c2, v2, …, else): any value branch may be taken
      const values = args.filter((_x, i) => i % 2 === 1 || i === args.length - 1).map(b)
      // with no final else, a condition none holds gives null, counted as 0
      if (args.length % 2 === 0) values.push(point(0))
      return values.reduce(union)
    }
    case 'round': {
      const dec = typeof args[1] === 'number' ? args[1] : 0
      const f = 10 ** dec
      return monotone(b(args[0]), (x) => (Number.isFinite(x) ? Math.round(x * f) / f : x), dec === 0)
    }
    case 'floor':
      return monotone(b(args[0]), Math.floor, true)
    case 'ceil':
      return monotone(b(args[0]), Math.ceil, true)
    case 'count':
      return { lo: 0, hi: args.length, integer: true }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'and':
    case 'or':
    case '!':
      return BOOL
    default:
      return UNBOUNDED
  }
}

/**
 * The range of each input leaf of a scoring inputs schema: yes/no 0–1, numbers within their
 * `minimum`/`maximum` (and exclusive bounds), whole numbers flagged; anything else unbounded.
 */
export function inputBounds(schema: Record<string, unknown>, prefix = '', out = new Map<string, Interval>(), depth = 0): Map<string, Interval> {
  if (depth > 16) return out
  for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const p = prefix ? `${prefix}.${k}` : k
    if (sub.type === 'object') inputBounds(sub, p, out, depth + 1)
    else if (sub.type === 'boolean') out.set(p, BOOL)
    else if (sub.type === 'integer' || sub.type === 'number') {
      const num = (v: unknown, dflt: number) => (typeof v === 'number' ? v : dflt)
      out.set(p, {
        lo: Math.max(num(sub.minimum, -Infinity), num(sub.exclusiveMinimum, -Infinity)),
        hi: Math.min(num(sub.maximum, Infinity), num(sub.exclusiveMaximum, Infinity)),
        integer: sub.type === 'integer',
      })
    } else out.set(p, UNBOUNDED)
  }
  return out
}
