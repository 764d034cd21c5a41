/**
 * The ids each reference target offers (`x-daiban-ref` in the kind schemas, schemas/common.ts),
 * read from a scheme's files as they are (parsed, not compiled: the designer asks while the user
 * types, when the draft may not compile). Used by the designer's JSON view to offer the ids that fit.
 */
import { REF_KEYWORD, type RefTarget } from './schemas/common'

export interface RefChoice {
  id: string
  name?: string
  nameEn?: string
}

type Doc = Record<string, unknown>
const listOf = (docs: Doc[], key: string): RefChoice[] =>
  docs
    .flatMap((d) => (Array.isArray(d[key]) ? (d[key] as Doc[]) : []))
    .filter((e) => e && typeof e.id === 'string')
    .map((e) => ({ id: e.id as string, name: typeof e.name === 'string' ? e.name : undefined, nameEn: typeof e.nameEn === 'string' ? e.nameEn : undefined }))

/** Where each target's ids live: the kind and its element list. */
const SOURCES: Record<RefTarget, { kind: string; list: string }> = {
  form: { kind: 'forms', list: 'forms' },
  clock: { kind: 'deadlines', list: 'clocks' },
  machine: { kind: 'workflow', list: 'machines' },
  unit: { kind: 'org', list: 'units' },
  village: { kind: 'org', list: 'villages' },
  role: { kind: 'org', list: 'roles' },
}

export const REF_TARGETS = Object.keys(SOURCES) as RefTarget[]

/** The choices of every target, from the files (any order; several files of a kind are merged). */
export function refChoices(files: ReadonlyArray<{ kind: string | null; doc: unknown }>): Record<RefTarget, RefChoice[]> {
  const out = {} as Record<RefTarget, RefChoice[]>
  for (const t of REF_TARGETS) {
    const { kind, list } = SOURCES[t]
    const docs = files.filter((f) => f.kind === kind && f.doc && typeof f.doc === 'object').map((f) => f.doc as Doc)
    const seen = new Set<string>()
    out[t] = listOf(docs, list).filter((c) => !seen.has(c.id) && !!seen.add(c.id))
  }
  return out
}

/** The target a schema node declares, if any. */
export const refTargetOf = (node: unknown): RefTarget | null => {
  const v = node && typeof node === 'object' ? (node as Record<string, unknown>)[REF_KEYWORD] : undefined
  return typeof v === 'string' && (REF_TARGETS as string[]).includes(v) ? (v as RefTarget) : null
}
