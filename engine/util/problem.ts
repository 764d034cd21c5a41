/**
 * Errors are data with a location (style.md §3). A definition problem names the file and the
 * JSON pointer inside it; a form or input problem names the field. Sentences are made at the
 * edge by {@link formatProblem}, in Chinese by default.
 */
export interface Problem {
  /** Stable code, e.g. `UNKNOWN_GROUP`; the HTTP layer and the UI key on it. */
  code: string
  /** The definition file (relative to the scheme folder), or `input` for caller data. */
  file?: string
  /** RFC 6901 JSON pointer inside `file`, or to the offending input field. */
  pointer: string
  /** Ready-made Chinese sentence (the default locale). */
  message: string
  /** Values the message was made from, for other locales and for tools. */
  params?: Record<string, unknown>
}

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

export function pointerOf(...tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('')
}

export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + pointerOf(...tokens)
}

/** Thrown only across an API boundary that promises to throw (e.g. the CLI's input parsing). */
export class ProblemError extends Error {
  readonly problems: Problem[]
  readonly code: string
  constructor(problems: Problem[]) {
    super(problems.map((p) => `${p.file ? p.file + ' ' : ''}${p.pointer || '/'}: ${p.message}`).join('\n'))
    this.name = 'ProblemError'
    this.problems = problems
    this.code = problems[0]?.code ?? 'INVALID'
  }
}
