/** Problems (the engine's `{code, file, pointer, message}`) as editor markers and as a list. */
import { indexJson, locate, positionAt, type JsonIndex } from './json-index'

export interface Problem {
  code: string
  file?: string
  pointer: string
  message: string
  /** English sentence (added by the designer's engine worker) */
  messageEn?: string
  params?: Record<string, unknown>
}

export interface MarkerData {
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
  message: string
  /** Monaco's MarkerSeverity numbers: 8 error, 4 warning */
  severity: 8 | 4
  code: string
  source: string
}

export type Locale = 'zh-CN' | 'en'

export const problemText = (p: Problem, locale: Locale) => (locale === 'en' && p.messageEn ? p.messageEn : p.message)

/** Where a problem sits in its file's text: offsets, and whether the pointer was found exactly. */
export function problemRange(index: JsonIndex, p: Problem): { start: number; end: number; exact: boolean } {
  if (p.code === 'JSON_SYNTAX') {
    const at = index.error?.offset ?? 0
    return { start: at, end: Math.min(index.text.length, at + 1) || at, exact: !!index.error }
  }
  const r = locate(index, p.pointer)
  return { start: r.start, end: r.end, exact: r.exact }
}

/**
 * The markers of one file. `index` is reused when given (it is rebuilt per text otherwise).
 * A pointer that no longer exists falls back to its nearest ancestor (the message then names the
 * missing part), so every problem of the file is visible somewhere.
 */
export function problemsToMarkers(problems: Problem[], file: string, text: string, locale: Locale = 'zh-CN', index: JsonIndex = indexJson(text)): MarkerData[] {
  const out: MarkerData[] = []
  for (const p of problems) {
    if (p.file !== file) continue
    const r = problemRange(index, p)
    const a = positionAt(index, r.start)
    const b = positionAt(index, Math.max(r.end, r.start))
    let message = problemText(p, locale)
    if (!r.exact && p.code !== 'JSON_SYNTAX' && p.pointer) message += `\n(${p.pointer})`
    out.push({
      startLineNumber: a.line,
      startColumn: a.column,
      endLineNumber: b.line,
      endColumn: b.line === a.line && b.column === a.column ? a.column + 1 : b.column,
      message,
      severity: 8,
      code: p.code,
      source: 'daiban',
    })
  }
  return out
}

/** Problems grouped per file, files in the order given, unknown files (e.g. a missing kind) last. */
export function groupByFile(problems: Problem[], files: string[]): Array<{ file: string; problems: Problem[] }> {
  const map = new Map<string, Problem[]>()
  for (const p of problems) {
    const f = p.file ?? ''
    if (!map.has(f)) map.set(f, [])
    map.get(f)!.push(p)
  }
  const known = files.filter((f) => map.has(f)).map((f) => ({ file: f, problems: map.get(f)! }))
  const other = [...map.keys()]
    .filter((f) => !files.includes(f))
    .sort()
    .map((f) => ({ file: f, problems: map.get(f)! }))
  return [...known, ...other]
}
