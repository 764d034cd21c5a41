/** The real Galutu definitions as the designer's parsed draft (DraftFiles), for the org and workflow editors' tests. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { DraftFiles } from '../../designer/src/visual/kit'

export const GALUTU = 'definitions/galutu'

export function galutuDraft(replace: Record<string, unknown> = {}): DraftFiles {
  const files = readdirSync(GALUTU)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const doc = file in replace ? replace[file] : JSON.parse(readFileSync(path.join(GALUTU, file), 'utf8'))
      return { file, kind: typeof doc?.kind === 'string' ? (doc.kind as string) : null, doc }
    })
  return { files, docsOf: <T>(kind: string) => files.filter((f) => f.kind === kind && f.doc).map((f) => f.doc as T) }
}

export const fileOf = (kind: string) => galutuDraft().files.find((f) => f.kind === kind)!

/** The value at a JSON pointer. */
export function at(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc)
}

/** Pointers of every leaf that differs between a and b (added, removed or changed). */
export function changedLeaves(a: unknown, b: unknown, p = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)])
    return [...keys].flatMap((k) =>
      changedLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    )
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [p]
}
