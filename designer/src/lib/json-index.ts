/**
 * A small, tolerant JSON scanner that maps every JSON pointer of a text to its offsets, so a
 * problem's `file + pointer` becomes an editor range and a cursor offset becomes a pointer.
 * It never throws: on a syntax error it keeps what it has read and reports where it stopped.
 */

export interface JsonLoc {
  pointer: string
  /** Offset of the value's first character */
  start: number
  /** Offset just past the value (for an unfinished container: where scanning stopped) */
  end: number
  /** For object members: the key's offsets (with its quotes) */
  keyStart?: number
  keyEnd?: number
  kind: 'object' | 'array' | 'string' | 'number' | 'literal'
}

export interface JsonIndex {
  text: string
  nodes: Map<string, JsonLoc>
  /** Nodes in document order (parents before children) */
  order: JsonLoc[]
  /** Where scanning stopped on malformed JSON */
  error: { offset: number; message: string } | null
  /** Offsets where each line starts */
  lineStarts: number[]
}

export const escapeToken = (t: string | number) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')
export const unescapeToken = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~')

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return []
  return pointer.replace(/^\//, '').split('/').map(unescapeToken)
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message)
  }
}

export function lineStartsOf(text: string): number[] {
  const out = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1)
  return out
}

export function indexJson(text: string): JsonIndex {
  const nodes = new Map<string, JsonLoc>()
  const order: JsonLoc[] = []
  let i = 0
  const n = text.length
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++
      else break
    }
  }
  const add = (loc: JsonLoc) => {
    nodes.set(loc.pointer, loc)
    order.push(loc)
    return loc
  }
  const str = (): string => {
    const s = i
    if (text[i] !== '"') throw new Stop(i, 'expected a string')
    i++
    while (i < n) {
      const c = text[i]
      if (c === '\\') i += 2
      else if (c === '"') {
        i++
        try {
          return JSON.parse(text.slice(s, i)) as string
        } catch {
          throw new Stop(s, 'invalid string')
        }
      } else if (c === '\n') throw new Stop(i, 'unterminated string')
      else i++
    }
    throw new Stop(n, 'unterminated string')
  }
  const value = (pointer: string, key?: { start: number; end: number }): JsonLoc => {
    ws()
    if (i >= n) throw new Stop(i, 'unexpected end of text')
    const start = i
    const c = text[i]
    const base = key ? { keyStart: key.start, keyEnd: key.end } : {}
    if (c === '{') {
      const loc = add({ pointer, start, end: n, kind: 'object', ...base })
      i++
      ws()
      if (text[i] === '}') {
        i++
        loc.end = i
        return loc
      }
      for (;;) {
        ws()
        const ks = i
        let k: string
        try {
          k = str()
        } catch (e) {
          loc.end = i
          throw e
        }
        const ke = i
        ws()
        if (text[i] !== ':') {
          loc.end = i
          throw new Stop(i, "expected ':'")
        }
        i++
        try {
          value(`${pointer}/${escapeToken(k)}`, { start: ks, end: ke })
        } catch (e) {
          loc.end = e instanceof Stop ? e.offset : i
          throw e
        }
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          loc.end = i
          return loc
        }
        loc.end = i
        throw new Stop(i, "expected ',' or '}'")
      }
    }
    if (c === '[') {
      const loc = add({ pointer, start, end: n, kind: 'array', ...base })
      i++
      ws()
      if (text[i] === ']') {
        i++
        loc.end = i
        return loc
      }
      for (let k = 0; ; k++) {
        try {
          value(`${pointer}/${k}`)
        } catch (e) {
          loc.end = e instanceof Stop ? e.offset : i
          throw e
        }
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          loc.end = i
          return loc
        }
        loc.end = i
        throw new Stop(i, "expected ',' or ']'")
      }
    }
    if (c === '"') {
      str()
      return add({ pointer, start, end: i, kind: 'string', ...base })
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64))
    if (!m) throw new Stop(i, 'unexpected character')
    i += m[0].length
    return add({ pointer, start, end: i, kind: /^[-\d]/.test(m[0]) ? 'number' : 'literal', ...base })
  }
  let error: JsonIndex['error'] = null
  try {
    value('')
    ws()
    if (i < n) throw new Stop(i, 'unexpected text after the end')
  } catch (e) {
    if (e instanceof Stop) error = { offset: Math.min(e.offset, n), message: e.message }
    else throw e
  }
  return { text, nodes, order, error, lineStarts: lineStartsOf(text) }
}

/** 1-based line and column (UTF-16 units, as Monaco counts) of an offset. */
export function positionAt(index: Pick<JsonIndex, 'lineStarts'>, offset: number): { line: number; column: number } {
  const ls = index.lineStarts
  let lo = 0
  let hi = ls.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ls[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - ls[lo]! + 1 }
}

/** Offset of a 1-based line/column. */
export function offsetAt(index: Pick<JsonIndex, 'lineStarts' | 'text'>, line: number, column: number): number {
  const start = index.lineStarts[Math.max(0, Math.min(index.lineStarts.length - 1, line - 1))] ?? 0
  return Math.min(index.text.length, start + column - 1)
}

export interface Located {
  start: number
  end: number
  /** True when the pointer itself was found; false when it fell back to the nearest ancestor */
  exact: boolean
  /** The pointer actually found */
  found: string
}

/**
 * The range to mark for a pointer. Found: a scalar member from its key to its value; a container
 * by its key (or its first line), not the whole block. Missing (e.g. a required property that is
 * absent): the nearest existing ancestor, marked the same way.
 */
export function locate(index: JsonIndex, pointer: string): Located {
  const tokens = splitPointer(pointer)
  for (let k = tokens.length; k >= 0; k--) {
    const p = tokens
      .slice(0, k)
      .map((t) => '/' + escapeToken(t))
      .join('')
    const loc = index.nodes.get(p)
    if (!loc) continue
    const exact = k === tokens.length
    const container = loc.kind === 'object' || loc.kind === 'array'
    if (loc.keyStart !== undefined && loc.keyEnd !== undefined) {
      return { start: loc.keyStart, end: container ? loc.keyEnd : loc.end, exact, found: p }
    }
    if (!container) return { start: loc.start, end: loc.end, exact, found: p }
    // A container without a key (array element, root): its first line.
    const nl = index.text.indexOf('\n', loc.start)
    const lineEnd = nl < 0 ? loc.end : Math.min(nl, loc.end)
    return { start: loc.start, end: Math.max(loc.start + 1, trimEnd(index.text, loc.start, lineEnd)), exact, found: p }
  }
  return { start: 0, end: Math.min(1, index.text.length), exact: false, found: '' }
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end
  while (e > start + 1 && /\s/.test(text[e - 1]!)) e--
  return e
}

/** The deepest pointer whose value (or key) contains the offset. */
export function pointerAt(index: JsonIndex, offset: number): string {
  let best: JsonLoc | null = null
  for (const loc of index.order) {
    const s = loc.keyStart ?? loc.start
    // Document order puts parents before children: the last container of the offset is the deepest.
    if (offset >= s && offset <= loc.end) best = loc
  }
  return best?.pointer ?? ''
}
