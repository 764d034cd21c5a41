/**
 * How definitions are compared and merged: elements of lists are matched by a stable key, never
 * by position. `id` where elements have one; grades by `name`; calendar days by `date`; staffing
 * by unit type and role; lists of strings such as categories, member units and `required` as sets.
 * Formulas and rule conditions are single values (a change inside one is a change of the whole).
 * Any other list is a single value too.
 */
import { canonicalJson } from '../../engine'

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** One step of a path: an object key, a list element (by its key), or a member of a set. */
export type Seg =
  | { t: 'key'; key: string }
  | { t: 'el'; list: string; id: string; by: string; idx: Record<string, number | undefined> }
  | { t: 'member'; list: string; value: string | number }

export type ListMode =
  | { mode: 'keyed'; by: string; keyOf: (el: unknown) => string }
  | { mode: 'set' }
  | { mode: 'atomic' }

/** Lists of plain values compared as sets (order and duplicates do not matter). */
export const SET_KEYS = new Set(['categories', 'units', 'required', 'permissions', 'roles', 'events', 'states', 'weekend', 'enum', 'ui:order'])
/** Values compared whole: formulas and rule conditions. */
export const ATOMIC_KEYS = new Set(['formula', 'when', 'count', 'conditions'])

export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
export const eq = (a: unknown, b: unknown): boolean => a === b || (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b))

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

const prop = (name: string) => (el: unknown) => (isObj(el) && typeof el[name] === 'string' ? (el[name] as string) : undefined)

/** How the list under `key` is matched, looking at every version of it at once. */
export function listMode(key: string, arrays: unknown[][]): ListMode {
  const candidates: Array<[string, (el: unknown) => string | undefined, boolean]> = [
    ['name', prop('name'), key === 'grades'],
    ['date', prop('date'), key === 'holidays' || key === 'workdays'],
    ['unitType/role', (el) => (isObj(el) && typeof el.unitType === 'string' && typeof el.role === 'string' ? `${el.unitType}/${el.role}` : undefined), key === 'staffing'],
    ['id', prop('id'), true],
  ]
  for (const [by, keyOf, applies] of candidates) {
    if (applies && keyedBy(arrays, keyOf)) return { mode: 'keyed', by, keyOf: (el) => keyOf(el)! }
  }
  if (SET_KEYS.has(key) && arrays.every((a) => a.every((x) => typeof x === 'string' || typeof x === 'number') && new Set(a.map((x) => JSON.stringify(x))).size === a.length)) return { mode: 'set' }
  return { mode: 'atomic' }
}

/** Keys of `ours` in order, with the keys only `theirs` has inserted after their predecessor in `theirs`. */
export function orderedUnion(ours: string[], theirs: string[]): string[] {
  const out = [...ours]
  const have = new Set(out)
  let lastPos = -1
  for (const k of theirs) {
    if (have.has(k)) {
      lastPos = out.indexOf(k)
      continue
    }
    out.splice(lastPos + 1, 0, k)
    have.add(k)
    lastPos++
  }
  return out
}

export const escapePointer = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1')

/** Readable path: `clocks[handling_village] › urge.every`. */
export function renderPath(path: Seg[]): string {
  const parts: string[] = []
  let cur = ''
  for (const s of path) {
    if (s.t === 'key') cur = cur ? `${cur}.${s.key}` : s.key
    else if (s.t === 'el') {
      parts.push(`${cur}[${s.id}]`)
      cur = ''
    } else {
      parts.push(`${cur}{${String(s.value)}}`)
      cur = ''
    }
  }
  if (cur) parts.push(cur)
  return parts.join(' › ')
}

/** A value for a message: numbers and booleans as they are, strings quoted, objects compact and cut. */
export function fmt(v: unknown, max = 120): string {
  if (v === undefined) return '（无）'
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/**
 * JSON text in the style of the hand-written definitions: an object or list that fits on one line
 * (within `width` columns at its indentation) stays on one line; larger ones are spread out.
 */
export function formatJson(value: unknown, width = 160): string {
  const render = (v: unknown, indent: string): string => {
    const flat = flatJson(v)
    if (flat.length + indent.length <= width || v === null || typeof v !== 'object') return flat
    const inner = indent + '  '
    if (Array.isArray(v)) return `[\n${v.map((x) => inner + render(x, inner)).join(',\n')}\n${indent}]`
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${render(x, inner)}`).join(',\n')}\n${indent}}`
  }
  return render(value, '') + '\n'
}

function flatJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return v.length ? `[${v.map(flatJson).join(', ')}]` : '[]'
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
  return entries.length ? `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${flatJson(x)}`).join(', ')} }` : '{}'
}

export interface Change {
  op: 'added' | 'removed' | 'changed'
  path: Seg[]
  old?: unknown
  new?: unknown
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
        diffValues(ia === undefined ? undefined : a[ia], ib === undefined ? undefined : b[ib], [...path, { t: 'el', list: key, id, by: mode.by, idx: { a: ia, b: ib } }], out)
      }
      return out
    }
    if (mode.mode === 'set') {
      const as = new Set(a.map((x) => JSON.stringify(x)))
      const bs = new Set(b.map((x) => JSON.stringify(x)))
      for (const x of a) if (!bs.has(JSON.stringify(x))) out.push({ op: 'removed', path: [...path, { t: 'member', list: key, value: x as string | number }], old: x })
      for (const x of b) if (!as.has(JSON.stringify(x))) out.push({ op: 'added', path: [...path, { t: 'member', list: key, value: x as string | number }], new: x })
      return out
    }
  }
  out.push({ op: 'changed', path, old: a, new: b })
  return out
}
