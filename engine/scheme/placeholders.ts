/**
 * Numbers in prose bound to the definitions (issue #16): a text says `{{clock.service_complaint.limit}}`
 * where it used to say "15个工作日", so changing the limit cannot leave the notice board, a form's
 * description or a scoring explanation saying the old one. The compiled scheme holds the texts with
 * their placeholders filled; the definitions as written (what the designer edits, diff and fork
 * compare) keep the placeholders.
 *
 * Bindings:
 *   {{clock.<id>.days}}      15                     the number of days
 *   {{clock.<id>.unit}}      工作日 / 日             {{clock.<id>.unitEn}}  working days / calendar days
 *   {{clock.<id>.limit}}     15个工作日 / 15日       {{clock.<id>.limitEn}} 15 working days / 15 calendar days
 *   {{clock.<id>.warnBefore}}                      days before due the reminder comes
 *   {{scoring.<id>.max}}     100                    full marks of a scoring definition
 *
 * @example
 *   "description": "投诉在{{clock.service_complaint.limit}}内答复"  →  "投诉在15个工作日内答复"
 */
import type { SchemeDefinitions } from './types'
import type { Origins } from './origins'
import type { Problem } from '../util/problem'
import { escapePointerToken } from '../util/problem'
import { problem } from '../i18n/messages'

export const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g

type Binding = (defs: SchemeDefinitions, args: string[]) => string | number | undefined

/** Placeholder roots: `clock.<id>.<what>`, `scoring.<id>.<what>`. */
const BINDINGS: Record<string, Binding> = {
  clock: (defs, [id, what]) => {
    const c = defs.deadlines?.clocks?.find((x) => x.id === id)
    if (!c) return undefined
    const work = c.unit === 'workday'
    switch (what) {
      case 'days':
        return c.days
      case 'warnBefore':
        return c.warnBefore
      case 'unit':
        return work ? '工作日' : '日'
      case 'unitEn':
        return work ? 'working days' : 'calendar days'
      case 'limit':
        return work ? `${c.days}个工作日` : `${c.days}日`
      case 'limitEn':
        return `${c.days} ${work ? 'working' : 'calendar'} day${c.days === 1 ? '' : 's'}`
      default:
        return undefined
    }
  },
  scoring: (defs, [id, what]) => {
    const sc = defs.scoring?.scorings?.find((x) => x.id === id)
    return sc && what === 'max' ? sc.max : undefined
  },
}

/** The value of one placeholder (`clock.remedy.days`), or undefined when it names nothing. */
export function placeholderValue(defs: SchemeDefinitions, path: string): string | undefined {
  const [root, ...args] = path.split('.')
  const b = root ? BINDINGS[root] : undefined
  const v = b ? b(defs, args) : undefined
  return v === undefined ? undefined : String(v)
}

/** A text with its placeholders filled; the unknown ones left as written and listed. */
export function fillPlaceholders(defs: SchemeDefinitions, text: string, unknown: string[] = []): string {
  return text.replace(PLACEHOLDER, (whole, path: string) => {
    const v = placeholderValue(defs, path)
    if (v === undefined) {
      unknown.push(path)
      return whole
    }
    return v
  })
}

/**
 * The definitions with every placeholder filled, sharing every object that holds none (only the
 * objects on the way to a filled text are copied, each copy keeping its original's origin, so the
 * checks still name the file and pointer). An unknown placeholder is a problem at its text.
 */
export function resolvePlaceholders(defs: SchemeDefinitions, origins: Origins): { defs: SchemeDefinitions; problems: Problem[] } {
  const problems: Problem[] = []
  const visit = (node: unknown, owner: unknown, ptr: string, depth: number): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return node
      const unknown: string[] = []
      const filled = fillPlaceholders(defs, node, unknown)
      for (const u of unknown) {
        const loc = origins.at(owner, ptr)
        problems.push(
          problem(
            'UNKNOWN_PLACEHOLDER',
            loc.pointer,
            { placeholder: `{{${u}}}`, known: 'clock.<id>.days|unit|unitEn|limit|limitEn|warnBefore, scoring.<id>.max' },
            loc.file,
          ),
        )
      }
      return filled
    }
    if (!node || typeof node !== 'object' || depth > 200) return node
    // a node with an origin of its own is where the pointers of what it holds start
    const own = origins.get(node) ? node : undefined
    let copy: Record<string, unknown> | unknown[] | null = null
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node)
    for (const [k, v] of entries) {
      const sub = own ? `/${escapePointerToken(k)}` : `${ptr}/${escapePointerToken(k)}`
      const r = visit(v, own ?? owner, sub, depth + 1)
      if (r !== v) {
        copy ??= Array.isArray(node) ? [...node] : { ...(node as Record<string, unknown>) }
        ;(copy as Record<string | number, unknown>)[k] = r
      }
    }
    if (!copy) return node
    const o = origins.get(node)
    if (o) origins.set(copy, o)
    return copy
  }
  const out = visit(defs, defs, '', 0) as SchemeDefinitions
  return { defs: out, problems }
}
