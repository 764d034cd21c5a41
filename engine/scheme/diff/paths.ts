/**
 * Paths into definitions and how they read: the steps of a path (an object key, a list element by
 * its key, a member of a set), values for messages, and JSON text in the style of the hand-written
 * definitions. Shared by the diff (./tree, ./index), the kinds' diff wording and the runtime's
 * three-way merge. Pure.
 */
import { canonicalJson } from '../parse'

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** One step of a path: an object key, a list element (by its key), or a member of a set. */
export type Seg =
  | { t: 'key'; key: string }
  | { t: 'el'; list: string; id: string; by: string; idx: Record<string, number | undefined> }
  | { t: 'member'; list: string; value: string | number }

export interface Change {
  op: 'added' | 'removed' | 'changed'
  path: Seg[]
  old?: unknown
  new?: unknown
}

export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
export const eq = (a: unknown, b: unknown): boolean => a === b || (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b))

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
