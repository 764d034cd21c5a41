/**
 * Reading definition files: JSON text → value, with a location for syntax errors, and a guard
 * against prototype-pollution keys (`__proto__`, `constructor`, `prototype` as object keys).
 */
import { problem } from '../i18n/messages'
import type { Problem } from '../util/problem'

const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** Deeper nesting than any definition needs; refusing it keeps every later walk (and JSON.stringify) safe. */
export const MAX_NESTING = 200

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let last = -1
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++
      last = i
    }
  return { line, column: offset - last }
}

/**
 * What parseJson refuses in a parsed value: nesting past MAX_NESTING, a forbidden key (own keys
 * `JSON.parse` makes, e.g. `"__proto__"`). For a definition handed over already parsed, too.
 */
export function parsedValueProblems(value: unknown, file: string | undefined): Problem[] {
  const deep = tooDeep(value, MAX_NESTING)
  if (deep !== null) return [problem('TOO_DEEP', deep, { max: MAX_NESTING }, file)]
  const bad = findForbiddenKey(value, '')
  if (bad !== null) return [problem('SCHEMA', bad, FORBIDDEN_KEY_WORDS, file)]
  return []
}

export const FORBIDDEN_KEY_WORDS = {
  detail: '不允许的键名（__proto__、constructor、prototype）',
  detailEn: 'Forbidden key (__proto__, constructor, prototype)',
}

/**
 * Has the value a forbidden key anywhere (an own `__proto__`, `constructor` or `prototype`)? The
 * quick test of data that passed its schema (findForbiddenKey names where); iterative.
 */
export function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length) {
    const v = stack.pop()
    if (!v || typeof v !== 'object') continue
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') stack.push(x)
      continue
    }
    if (Object.hasOwn(v, '__proto__') || Object.hasOwn(v, 'constructor') || Object.hasOwn(v, 'prototype')) return true
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k]
      if (x && typeof x === 'object') stack.push(x)
    }
  }
  return false
}

/** Parse JSON text; on failure return a JSON_SYNTAX problem naming line and column. */
export function parseJson(text: string, file: string): { value?: unknown; problems: Problem[] } {
  try {
    const value = JSON.parse(text) as unknown
    const problems = parsedValueProblems(value, file)
    return problems.length ? { problems } : { value, problems }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const m = /position (\d+)/.exec(msg)
    let detail = msg
    let detailEn = msg
    if (m) {
      const { line, column } = lineColumn(text, Number(m[1]))
      const what = msg.replace(/ in JSON at position \d+.*$/, '')
      detail = `第 ${line} 行第 ${column} 列附近：${what}`
      detailEn = `near line ${line}, column ${column}: ${what}`
    } else if (text.trim() === '') {
      detail = '文件为空'
      detailEn = 'the file is empty'
    }
    return { problems: [problem('JSON_SYNTAX', '', { detail, detailEn }, file)] }
  }
}

/** A node met in a walk, with the way to it; its pointer is built only when it is the answer (most walks find nothing). */
interface Step {
  v: unknown
  up: Step | null
  key: string
  depth: number
}

function pointerOf(s: Step, base: string): string {
  const keys: string[] = []
  for (let x: Step | null = s; x?.up; x = x.up) keys.push(x.key.replace(/~/g, '~0').replace(/\//g, '~1'))
  return (
    base +
    keys
      .reverse()
      .map((k) => `/${k}`)
      .join('')
  )
}

/** Push the children of an object or array in the walk's order (the stack pops the last first). */
function pushChildren(stack: Step[], s: Step): void {
  const v = s.v
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push({ v: v[i], up: s, key: String(i), depth: s.depth + 1 })
  else for (const k of Object.keys(v as object)) stack.push({ v: (v as Record<string, unknown>)[k], up: s, key: k, depth: s.depth + 1 })
}

/** The pointer of the first forbidden key, or null. Iterative, so hostile depth cannot overflow the stack. */
export function findForbiddenKey(value: unknown, base: string): string | null {
  const stack: Step[] = [{ v: value, up: null, key: '', depth: 0 }]
  while (stack.length) {
    const s = stack.pop()!
    const v = s.v
    if (!v || typeof v !== 'object') continue
    if (!Array.isArray(v)) for (const k of Object.keys(v)) if (BAD_KEYS.has(k)) return pointerOf({ v: null, up: s, key: k, depth: 0 }, base)
    pushChildren(stack, s)
  }
  return null
}

/** The pointer (cut at the limit) of a value nested deeper than `max`, or null. Iterative. */
export function tooDeep(value: unknown, max: number): string | null {
  const stack: Step[] = [{ v: value, up: null, key: '', depth: 0 }]
  while (stack.length) {
    const s = stack.pop()!
    if (!s.v || typeof s.v !== 'object') continue
    if (s.depth >= max) return pointerOf(s, '')
    pushChildren(stack, s)
  }
  return null
}

/**
 * Canonical JSON (sorted keys): the basis of content hashes, so formatting never changes a hash.
 * Recursive while the value nests at most CANONICAL_RECURSION deep (a parsed definition nests at
 * most MAX_NESTING), iterative past it (`canonicalJsonIterative`, the same text): the recursive
 * walk builds the text three times faster, and hashing a scheme's files was 8 % of a CLI decision.
 */
export function canonicalJson(value: unknown): string {
  try {
    return canon(value, 0)
  } catch (e) {
    if (e === TOO_DEEP) return canonicalJsonIterative(value)
    throw e
  }
}

const CANONICAL_RECURSION = 256
const TOO_DEEP = Symbol('too deep')

function canon(v: unknown, depth: number): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (depth > CANONICAL_RECURSION) throw TOO_DEEP
  if (Array.isArray(v)) {
    let s = '['
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canon(v[i], depth + 1)
    return s + ']'
  }
  const keys = Object.keys(v).sort()
  let s = '{'
  for (let i = 0; i < keys.length; i++) s += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + canon((v as Record<string, unknown>)[keys[i]!], depth + 1)
  return s + '}'
}

/** canonicalJson without recursion, for values nested deeper than CANONICAL_RECURSION. */
export function canonicalJsonIterative(value: unknown): string {
  const out: string[] = []
  const stack: unknown[] = [value]
  const CLOSE = Symbol('close')
  while (stack.length) {
    const v = stack.pop()
    if (typeof v === 'string' && v.startsWith('\u0000')) {
      out.push(v.slice(1))
      continue
    }
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null')
      continue
    }
    if ((v as { [CLOSE]?: string })[CLOSE]) continue
    // Push in reverse so items come out in order; literal tokens are marked with a NUL prefix.
    if (Array.isArray(v)) {
      const parts: unknown[] = ['\u0000[']
      v.forEach((x, i) => {
        if (i) parts.push('\u0000,')
        parts.push(x)
      })
      parts.push('\u0000]')
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i])
    } else {
      const keys = Object.keys(v).sort()
      const parts: unknown[] = ['\u0000{']
      keys.forEach((k, i) => {
        parts.push(`\u0000${i ? ',' : ''}${JSON.stringify(k)}:`)
        parts.push((v as Record<string, unknown>)[k])
      })
      parts.push('\u0000}')
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i])
    }
  }
  return out.join('')
}
