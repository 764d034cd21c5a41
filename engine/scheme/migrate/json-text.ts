/**
 * Editing a hand-written JSON file in place: find the text of the value at a JSON pointer and
 * change only that, so a migrated definition file keeps its layout, its one-line rules and its
 * key order, and `git diff` shows the annotation or the placeholder and nothing else.
 *
 * @example
 *   const text = '{ "a": { "b": 1 } }'
 *   applyEdits(text, [insertFirst(text, '/a', 'x', 'y')!]) // '{ "a": { "x": "y", "b": 1 } }'
 */

/** The text of one value: `text.slice(start, end)`. */
export interface Span {
  start: number
  end: number
}

/** Replace `text.slice(start, end)` with `insert`. */
export interface TextEdit extends Span {
  insert: string
}

const WS = new Set([' ', '\t', '\n', '\r'])

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text[i]!)) i++
  return i
}

/** The end of the string literal starting at `i` (just past its closing quote). */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]
    if (c === '\\') j++
    else if (c === '"') return j + 1
  }
  throw new SyntaxError(`unterminated string at ${i}`)
}

/** The end of the value starting at `i` (objects and arrays by their balanced brackets). */
function endOfValue(text: string, i: number): number {
  const c = text[i]
  if (c === '"') return endOfString(text, i)
  if (c === '{' || c === '[') {
    let depth = 0
    for (let j = i; j < text.length; j++) {
      const d = text[j]
      if (d === '"') j = endOfString(text, j) - 1
      else if (d === '{' || d === '[') depth++
      else if (d === '}' || d === ']') {
        depth--
        if (depth === 0) return j + 1
      }
    }
    throw new SyntaxError(`unbalanced ${c} at ${i}`)
  }
  let j = i
  while (j < text.length && !WS.has(text[j]!) && text[j] !== ',' && text[j] !== '}' && text[j] !== ']') j++
  return j
}

const unescapeToken = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~')

/**
 * The span of the value at `pointer` (RFC 6901) in JSON `text`, or undefined when there is none.
 * The text must be valid JSON (the loader has parsed it); an object key that appears twice is
 * found at its last occurrence, as `JSON.parse` keeps the last.
 */
export function spanAt(text: string, pointer: string): Span | undefined {
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken)
  let i = skipWs(text, 0)
  for (const token of tokens) {
    const c = text[i]
    let found: number | undefined
    if (c === '{') {
      let j = skipWs(text, i + 1)
      while (text[j] === '"') {
        const keyEnd = endOfString(text, j)
        const key = JSON.parse(text.slice(j, keyEnd)) as string
        const v = skipWs(text, skipWs(text, keyEnd) + 1) // past the colon
        if (key === token) found = v
        j = skipWs(text, endOfValue(text, v))
        if (text[j] === ',') j = skipWs(text, j + 1)
      }
    } else if (c === '[') {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined
      let j = skipWs(text, i + 1)
      for (let n = 0; text[j] !== ']' && j < text.length; n++) {
        if (n === Number(token)) {
          found = j
          break
        }
        j = skipWs(text, endOfValue(text, j))
        if (text[j] === ',') j = skipWs(text, j + 1)
      }
    }
    if (found === undefined) return undefined
    i = found
  }
  return { start: i, end: endOfValue(text, i) }
}

/**
 * An edit that adds `"key": value` as the first member of the object at `pointer`, in the
 * object's own layout: on a line of its own at its members' indentation when the object is spread
 * over lines, inline otherwise. Undefined when there is no object there.
 */
export function insertFirst(text: string, pointer: string, key: string, value: unknown): TextEdit | undefined {
  const span = spanAt(text, pointer)
  if (!span || text[span.start] !== '{') return undefined
  const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`
  const open = span.start + 1
  const first = skipWs(text, open)
  if (text[first] === '}') return { start: open, end: first, insert: ` ${member} ` }
  const gap = text.slice(open, first)
  const nl = gap.lastIndexOf('\n')
  if (nl < 0) return { start: first, end: first, insert: `${member}, ` }
  // spread over lines: the new member goes on the line before the first, indented like it
  return { start: open + nl, end: open + nl, insert: `\n${gap.slice(nl + 1)}${member},` }
}

/** An edit that replaces the value at `pointer` with `value` (as compact JSON). */
export function replaceValue(text: string, pointer: string, value: unknown): TextEdit | undefined {
  const span = spanAt(text, pointer)
  return span && { ...span, insert: JSON.stringify(value) }
}

/** Apply edits that do not overlap (in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end)
  let out = text
  let limit = Infinity
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}–${e.end}: make one edit per value`)
    out = out.slice(0, e.start) + e.insert + out.slice(e.end)
    limit = e.start
  }
  return out
}
