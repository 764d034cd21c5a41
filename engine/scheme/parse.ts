/**
 * Reading definition files: JSON text → value, with a location for syntax errors, and a guard
 * against prototype-pollution keys (`__proto__`, `constructor`, `prototype` as object keys).
 */
import { problem } from '../i18n/messages'
import type { Problem } from '../util/problem'

const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let last = -1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i }
  return { line, column: offset - last }
}

/** Parse JSON text; on failure return a JSON_SYNTAX problem naming line and column. */
export function parseJson(text: string, file: string): { value?: unknown; problems: Problem[] } {
  try {
    const value = JSON.parse(text) as unknown
    const bad = findForbiddenKey(value, '')
    if (bad !== null) return { problems: [problem('SCHEMA', bad, { detail: '不允许的键名（__proto__、constructor、prototype）', detailEn: 'Forbidden key (__proto__, constructor, prototype)' }, file)] }
    return { value, problems: [] }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const m = /position (\d+)/.exec(msg)
    let detail = msg
    if (m) {
      const { line, column } = lineColumn(text, Number(m[1]))
      detail = `第 ${line} 行第 ${column} 列附近：${msg.replace(/ in JSON at position \d+.*$/, '')}`
    } else if (text.trim() === '') detail = '文件为空'
    return { problems: [problem('JSON_SYNTAX', '', { detail }, file)] }
  }
}

/** The pointer of the first forbidden key, or null. Iterative, so hostile depth cannot overflow the stack. */
export function findForbiddenKey(value: unknown, base: string): string | null {
  const stack: Array<[unknown, string]> = [[value, base]]
  while (stack.length) {
    const [v, ptr] = stack.pop()!
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${ptr}/${i}`]))
      else for (const k of Object.keys(v)) {
        const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`
        if (BAD_KEYS.has(k)) return p
        stack.push([(v as Record<string, unknown>)[k], p])
      }
    }
  }
  return null
}

/** Canonical JSON (sorted keys): the basis of content hashes, so formatting never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']'
  const keys = Object.keys(value).sort()
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson((value as Record<string, unknown>)[k])).join(',') + '}'
}
