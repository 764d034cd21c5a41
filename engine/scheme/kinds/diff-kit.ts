/**
 * The wording of differences, shared by the kinds: each kind's `diff` facet turns the structural
 * changes of its definition (./../diff/tree) into sentences in the scheme's own terms; what it
 * leaves unsaid falls back to `「old」改名为「new」` for a renamed element and to the generic
 * `kind › element[id] › path: old → new`.
 */
import type { SchemeDefinitions } from '../types'
import { fmt, isObj, renderPath, type Change, type Seg } from '../diff/paths'

export interface DiffEntry {
  /** Definition kind: scheme, org, forms, rules, deadlines, calendar, scoring, workflow, duty, … */
  kind: string
  op: 'added' | 'removed' | 'changed' | 'moved'
  /** Readable path with element ids */
  path: string
  old?: unknown
  new?: unknown
  text: string
}

/** A change's sentence(s); `[]` leaves it unsaid (told with another change), null lets the fallback tell it. */
export type Handler = (c: Change, n: Namer) => DiffEntry | DiffEntry[] | null

export interface DiffWording {
  /** Nouns of the kind's keyed lists (list key → noun), for added, removed and renamed elements. */
  nouns?: Record<string, string>
  /** The handler of one diff (made per diff, so it may look at both versions as a whole). */
  words?(a: SchemeDefinitions, b: SchemeDefinitions): Handler
  /** Sentences about the kind as a whole (a category moved between groups), told after the others. */
  extra?(a: SchemeDefinitions, b: SchemeDefinitions): DiffEntry[]
  /** Whether a renamed element is told as such when `words` says nothing (default: yes). */
  renames?: boolean
}

function findEl(arr: unknown, seg: Extract<Seg, { t: 'el' }>): unknown {
  if (!Array.isArray(arr)) return undefined
  const fields = seg.by.split('/')
  return arr.find((el) => isObj(el) && (fields.length === 1 ? el[fields[0]!] === seg.id : fields.map((f) => String(el[f])).join('/') === seg.id))
}

/** The value at a path (by keys) in one version, or undefined. */
export function resolve(root: unknown, path: Seg[]): unknown {
  let cur = root
  for (const s of path) {
    if (s.t === 'key') cur = isObj(cur) ? cur[s.key] : undefined
    else if (s.t === 'el') cur = findEl(cur, s)
    else return cur
    if (cur === undefined) return undefined
  }
  return cur
}

/** The path's shape: `clocks/[]/urge/every`, `groups/[]/categories/{}`. */
export const shape = (path: Seg[]) => path.map((s) => (s.t === 'key' ? s.key : s.t === 'el' ? '[]' : '{}')).join('/')

/** Looks things up in both versions while a kind's changes are told. */
export class Namer {
  /**
   * `a`, `b`: the kind's root in the old and new definitions; `defsA`, `defsB`: all of them, for
   * cross-references; `kind` and its nouns name elements.
   */
  constructor(
    readonly kind: string,
    readonly a: unknown,
    readonly b: unknown,
    readonly defsA: SchemeDefinitions,
    readonly defsB: SchemeDefinitions,
    private readonly nouns: Record<string, string> = {},
  ) {}
  /** The element at `path` in the new version, else in the old. */
  el(path: Seg[]): Record<string, unknown> | undefined {
    const v = resolve(this.b, path) ?? resolve(this.a, path)
    return isObj(v) ? v : undefined
  }
  name(path: Seg[]): string {
    const e = this.el(path)
    const last = path[path.length - 1]
    return typeof e?.name === 'string' ? e.name : last?.t === 'el' ? last.id : '?'
  }
  noun(list: string): string {
    return this.nouns[list] ?? list
  }
  entry(c: Change, text: string): DiffEntry {
    const e: DiffEntry = { kind: this.kind, op: c.op, path: renderPath(c.path), text }
    if (c.old !== undefined) e.old = c.old
    if (c.new !== undefined) e.new = c.new
    return e
  }
}

/** The fallback sentence: `kind › path: old → new`. */
export function generic(n: Namer, c: Change): DiffEntry {
  const path = renderPath(c.path)
  const where = path ? `${n.kind} › ${path}` : n.kind
  if (c.op === 'added') return n.entry(c, `${where}: 新增 ${fmt(c.new)}`)
  if (c.op === 'removed') return n.entry(c, `${where}: 删除（原为 ${fmt(c.old)}）`)
  return n.entry(c, `${where}: ${fmt(c.old)} → ${fmt(c.new)}`)
}

/** Added or removed element of a keyed list: `新增时限「…」（id）`, with its container for nested lists. */
export function addRemove(c: Change, n: Namer, container = ''): DiffEntry | null {
  const last = c.path[c.path.length - 1]
  if (last?.t !== 'el' || c.op === 'changed') return null
  const el = (c.op === 'added' ? c.new : c.old) as Record<string, unknown> | undefined
  const label = typeof el?.name === 'string' ? `「${el.name}」（${last.id}）` : `「${last.id}」`
  return n.entry(c, `${container}${c.op === 'added' ? '新增' : '删除'}${n.noun(last.list)}${label}`)
}

/** A renamed element: `时限「old」（id）改名为「new」`. */
export function renamed(c: Change, n: Namer): DiffEntry | null {
  const last = c.path[c.path.length - 1]
  const el = c.path[c.path.length - 2]
  if (c.op !== 'changed' || last?.t !== 'key' || last.key !== 'name' || el?.t !== 'el') return null
  return n.entry(c, `${n.noun(el.list)}「${String(c.old)}」（${el.id}）改名为「${String(c.new)}」`)
}

export { fmt, isObj, renderPath, type Change, type Seg }
