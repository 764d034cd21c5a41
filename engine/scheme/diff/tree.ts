/**
 * How definitions are compared and merged: elements of lists are matched by a stable key, never
 * by position — `id` where elements have one, else the key fields a kind names (grades by `name`,
 * calendar days by `date`, staffing by unit type and role); lists of plain values a kind names
 * (categories, member units, `required`…) as sets; values a kind names (formulas, rule conditions)
 * whole — a change inside one is a change of it. Any other list is a single value too. The kinds
 * declare all of this in their modules (../kinds); LIST_RULES gathers it.
 */
import { LIST_RULES } from '../kinds/index'
import { eq, isObj, orderedUnion, type Change, type Seg } from './paths'

export type ListMode = { mode: 'keyed'; by: string; keyOf: (el: unknown) => string } | { mode: 'set' } | { mode: 'atomic' }

/** Lists of plain values compared as sets (order and duplicates do not matter). */
export const SET_KEYS: ReadonlySet<string> = LIST_RULES.sets
/** Values compared whole: formulas and rule conditions. */
export const ATOMIC_KEYS: ReadonlySet<string> = LIST_RULES.atomic

function keyedBy(arrays: unknown[][], keyOf: (el: unknown) => string | undefined): boolean {
  for (const arr of arrays) {
    const seen = new Set<string>()
    for (const el of arr) {
      const k = keyOf(el)
      if (k === undefined || seen.has(k)) return false
      seen.add(k)
    }
  }
  return true
}

/** An element's key made of `fields` (joined by `/`), or undefined when one is not a string. */
const keyFields = (fields: readonly string[]) => (el: unknown) => {
  if (!isObj(el)) return undefined
  const parts = fields.map((f) => el[f])
  return parts.every((p) => typeof p === 'string') ? parts.join('/') : undefined
}

/** How the list under `key` is matched, looking at every version of it at once. */
export function listMode(key: string, arrays: unknown[][]): ListMode {
  const named = LIST_RULES.elementKeys.get(key)
  const candidates: Array<readonly string[]> = named ? [named, ['id']] : [['id']]
  for (const fields of candidates) {
    const keyOf = keyFields(fields)
    if (keyedBy(arrays, keyOf)) return { mode: 'keyed', by: fields.join('/'), keyOf: (el) => keyOf(el)! }
  }
  if (
    SET_KEYS.has(key) &&
    arrays.every((a) => a.every((x) => typeof x === 'string' || typeof x === 'number') && new Set(a.map((x) => JSON.stringify(x))).size === a.length)
  )
    return { mode: 'set' }
  return { mode: 'atomic' }
}

/** Two-way structural difference, elements matched by key (see `listMode`). */
export function diffValues(a: unknown, b: unknown, path: Seg[] = [], out: Change[] = []): Change[] {
  if (eq(a, b)) return out
  const last = path[path.length - 1]
  const key = last?.t === 'key' ? last.key : ''
  if (a === undefined) {
    out.push({ op: 'added', path, new: b })
    return out
  }
  if (b === undefined) {
    out.push({ op: 'removed', path, old: a })
    return out
  }
  if (!ATOMIC_KEYS.has(key) && isObj(a) && isObj(b)) {
    for (const k of orderedUnion(Object.keys(a), Object.keys(b))) diffValues(a[k], b[k], [...path, { t: 'key', key: k }], out)
    return out
  }
  if (!ATOMIC_KEYS.has(key) && Array.isArray(a) && Array.isArray(b)) {
    const mode = listMode(key, [a, b])
    if (mode.mode === 'keyed') {
      const am = new Map(a.map((el, i) => [mode.keyOf(el), i]))
      const bm = new Map(b.map((el, i) => [mode.keyOf(el), i]))
      for (const id of orderedUnion([...am.keys()], [...bm.keys()])) {
        const ia = am.get(id)
        const ib = bm.get(id)
        diffValues(
          ia === undefined ? undefined : a[ia],
          ib === undefined ? undefined : b[ib],
          [...path, { t: 'el', list: key, id, by: mode.by, idx: { a: ia, b: ib } }],
          out,
        )
      }
      return out
    }
    if (mode.mode === 'set') {
      const as = new Set(a.map((x) => JSON.stringify(x)))
      const bs = new Set(b.map((x) => JSON.stringify(x)))
      for (const x of a)
        if (!bs.has(JSON.stringify(x))) out.push({ op: 'removed', path: [...path, { t: 'member', list: key, value: x as string | number }], old: x })
      for (const x of b)
        if (!as.has(JSON.stringify(x))) out.push({ op: 'added', path: [...path, { t: 'member', list: key, value: x as string | number }], new: x })
      return out
    }
  }
  out.push({ op: 'changed', path, old: a, new: b })
  return out
}

export * from './paths'
