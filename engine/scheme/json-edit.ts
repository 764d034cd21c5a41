/**
 * Write a changed value back into a definition file's text, changing only what changed: each
 * differing member is replaced in place (jsonc-parser's `modify`), so the rest of the file keeps
 * its layout, comments-free compact lines and all. Used by the designer's visual editors (their
 * JSON tab shows exactly what they wrote) and by the fork merge (a merge of one value is a
 * one-line change, not a reformatted file).
 */
import { findNodeAtLocation, parse, parseTree, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const isObj = (v: unknown): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v)

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]))
  }
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

/** The indentation the file uses (first indented line), two spaces by default. */
export function detectFormatting(text: string): FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text)
  const indent = m?.[1] ?? '  '
  return indent.includes('\t')
    ? { insertSpaces: false, tabSize: 1, eol: text.includes('\r\n') ? '\r\n' : '\n' }
    : { insertSpaces: true, tabSize: indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' }
}

interface Change {
  path: JSONPath
  value: unknown
  insert?: boolean
}

/** The minimal list of in-place changes that turn `a` into `b`, in an order safe to apply one by one. */
function changes(a: unknown, b: unknown, path: JSONPath, out: Change[]): void {
  if (same(a, b)) return
  if (isObj(a) && isObj(b)) {
    for (const k of Object.keys(a)) if (!(k in b)) out.push({ path: [...path, k], value: undefined })
    for (const k of Object.keys(b)) {
      if (!(k in a)) out.push({ path: [...path, k], value: b[k] })
      else changes(a[k], b[k], [...path, k], out)
    }
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) {
      a.forEach((x, i) => changes(x, b[i], [...path, i], out))
      return
    }
    // One contiguous run inserted or removed (add a row, delete a row): touch only that run.
    let pre = 0
    while (pre < a.length && pre < b.length && same(a[pre], b[pre])) pre++
    let suf = 0
    while (suf < a.length - pre && suf < b.length - pre && same(a[a.length - 1 - suf], b[b.length - 1 - suf])) suf++
    if (pre + suf === a.length) {
      // insertion of b[pre .. b.length - suf)
      for (let i = pre; i < b.length - suf; i++) out.push({ path: [...path, i], value: b[i], insert: true })
      return
    }
    if (pre + suf === b.length) {
      // removal of a[pre .. a.length - suf): from the end so indexes stay right
      for (let i = a.length - suf - 1; i >= pre; i--) out.push({ path: [...path, i], value: undefined })
      return
    }
  }
  out.push({ path, value: b })
}

/** One line, in the definitions' compact style: `{ "id": "x", "days": 5 }`, `["A", "B"]`. */
export function compactJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compactJson).join(', ')}]`
  if (isObj(v)) {
    const e = Object.entries(v).filter(([, x]) => x !== undefined)
    return e.length ? `{ ${e.map(([k, x]) => `${JSON.stringify(k)}: ${compactJson(x)}`).join(', ')} }` : '{}'
  }
  return JSON.stringify(v) ?? 'null'
}

const lineIndent = (text: string, offset: number): string => {
  const ls = text.lastIndexOf('\n', offset - 1) + 1
  return /^[ \t]*/.exec(text.slice(ls))![0]
}

/**
 * `v` in the style of `like` (the text of the value it replaces or sits beside): one line if that
 * was one line; a multi-line array or object keeps its shape per element (a list of one-line rows
 * stays a list of one-line rows); anything else as indented blocks from `indent`.
 */
function styled(v: unknown, like: string | null, indent: string, unit: string): string {
  if (like !== null && !like.includes('\n')) return compactJson(v)
  const node = like === null ? undefined : parseTree(like)
  const kids = node?.children ?? []
  const inner = indent + unit
  const textOf = (n: Node) => like!.slice(n.offset, n.offset + n.length)
  if (Array.isArray(v) && node?.type === 'array' && kids.length && v.length) {
    return `[\n${v.map((x, i) => inner + styled(x, textOf(kids[Math.min(i, kids.length - 1)]!), inner, unit)).join(',\n')}\n${indent}]`
  }
  if (isObj(v) && node?.type === 'object' && kids.length) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined)
    if (entries.length) {
      const valueOf = (k: string) => (kids.find((m) => m.children?.[0]?.value === k) ?? kids[kids.length - 1]!).children?.[1]
      return `{\n${entries
        .map(([k, x]) => {
          const n = valueOf(k)
          return `${inner}${JSON.stringify(k)}: ${styled(x, n ? textOf(n) : null, inner, unit)}`
        })
        .join(',\n')}\n${indent}}`
    }
  }
  return JSON.stringify(v, null, unit)
    .split('\n')
    .join('\n' + indent)
}

function applyChange(text: string, c: Change, unit: string, eol: string): string {
  // new text in the file's line ends (JSON strings hold no raw line breaks)
  const put = (from: number, to: number, piece: string) => text.slice(0, from) + (eol === '\n' ? piece : piece.replace(/\n/g, eol)) + text.slice(to)
  const root = parseTree(text)!
  const parentPath = c.path.slice(0, -1)
  const key = c.path[c.path.length - 1]!
  const parent = findNodeAtLocation(root, parentPath)
  if (!parent) throw new Error(`json-edit: no ${JSON.stringify(parentPath)}`)
  const members = parent.children ?? []
  const nodeText = (n: Node) => text.slice(n.offset, n.offset + n.length)
  if (c.value === undefined) {
    // removal: the member and one separating comma (the one before it, or after it when it is first)
    const idx = parent.type === 'array' ? (key as number) : members.findIndex((m) => m.children?.[0]?.value === key)
    if (idx < 0) return text
    const m = members[idx]!
    // the last member: the container becomes empty, written `{}` / `[]`
    if (members.length === 1) return text.slice(0, parent.offset + 1) + text.slice(parent.offset + parent.length - 1)
    let from = m.offset
    let to = m.offset + m.length
    if (idx > 0) {
      const prev = members[idx - 1]!
      from = prev.offset + prev.length
    } else if (members.length > 1) {
      to = members[1]!.offset
    }
    return text.slice(0, from) + text.slice(to)
  }
  const existing = findNodeAtLocation(root, c.path)
  if (existing && !c.insert) {
    return put(existing.offset, existing.offset + existing.length, styled(c.value, nodeText(existing), lineIndent(text, existing.offset), unit))
  }
  // insertion: like the siblings (on one line with them, or each on its own line)
  const member = (v: unknown, like: string | null, indent: string) =>
    (parent.type === 'array' ? '' : `${JSON.stringify(key)}: `) + styled(v, like, indent, unit)
  const at = parent.type === 'array' ? Math.min(key as number, members.length) : members.length
  if (members.length === 0) {
    const open = parent.offset + 1
    const close = parent.offset + parent.length - 1
    const multi = text.slice(open, close).includes('\n') || !isCompactParent(text, parent)
    if (!multi) return put(open, close, (parent.type === 'object' ? ' ' : '') + member(c.value, '', '') + (parent.type === 'object' ? ' ' : ''))
    const ind = lineIndent(text, parent.offset)
    return put(open, close, '\n' + ind + unit + member(c.value, null, ind + unit) + '\n' + ind)
  }
  const sib = members[Math.min(at, members.length - 1)]!
  const sibValue = parent.type === 'array' ? sib : (sib.children?.[1] ?? sib)
  const sameLine =
    !text.slice(members[0]!.offset, members[members.length - 1]!.offset).includes('\n') && !text.slice(parent.offset, members[0]!.offset).includes('\n')
  const sep = sameLine ? ', ' : ',\n' + lineIndent(text, sib.offset)
  const ind = sameLine ? lineIndent(text, parent.offset) : lineIndent(text, sib.offset)
  const txt = member(c.value, nodeText(sibValue), ind)
  if (at >= members.length) {
    const last = members[members.length - 1]!
    const end = last.offset + last.length
    return put(end, end, sep + txt)
  }
  return put(sib.offset, sib.offset, txt + sep)
}

/** An empty object or array written on one line (`{}` inside a compact line) stays on one line. */
function isCompactParent(text: string, parent: Node): boolean {
  return (
    !text.slice(parent.offset, parent.offset + parent.length).includes('\n') &&
    text.slice(text.lastIndexOf('\n', parent.offset) + 1, parent.offset).trim() !== ''
  )
}

/**
 * `text` rewritten so that it parses to `next`. Members that did not change keep their exact text;
 * new members follow their siblings' layout. A text that does not parse is replaced by `next`
 * pretty-printed.
 */
export function writeJson(text: string, next: unknown): string {
  const errors: ParseError[] = []
  const current = parse(text, errors, { allowTrailingComma: false, disallowComments: true }) as unknown
  const f = detectFormatting(text)
  const unit = f.insertSpaces ? ' '.repeat(f.tabSize ?? 2) : '\t'
  const whole = () => JSON.stringify(next, null, unit) + '\n'
  if (errors.length || current === undefined) return whole()
  const list: Change[] = []
  changes(current, next, [], list)
  let out = text
  for (const c of list) {
    if (c.path.length === 0) return whole()
    out = applyChange(out, c, unit, f.eol ?? '\n')
  }
  return out
}
