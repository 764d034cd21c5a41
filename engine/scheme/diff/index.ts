/**
 * `daiban diff`: the differences between two schemes, in the scheme's own terms. Works on the
 * loaded (merged) definitions, so how a kind is split across files does not matter; elements are
 * matched by their stable keys (./tree), never by position. Every kind of the registry is compared,
 * in its order, and its changes are worded by the kind's own `diff` facet; what it leaves unsaid
 * falls back to `「old」改名为「new」` and then to `kind › element[id] › path: old → new`.
 */
import type { SchemeDefinitions } from '../types'
import { KIND_MODULES } from '../kinds/index'
import { definitionOf } from '../kinds/kind'
import { generic, Namer, renamed, type DiffEntry } from '../kinds/diff-kit'
import { diffValues } from './tree'

/** The kinds a diff compares, in its order: every kind of the registry. */
export const DIFF_KINDS: readonly string[] = KIND_MODULES.map((k) => k.kind)

/** The differences between two loaded schemes, in the order of the kinds. */
export function diffSchemes(a: SchemeDefinitions, b: SchemeDefinitions): DiffEntry[] {
  const out: DiffEntry[] = []
  for (const k of KIND_MODULES) {
    const ra = definitionOf(a, k)
    const rb = definitionOf(b, k)
    const changes = diffValues(ra, rb)
    const wording = k.diff ?? {}
    if (changes.length) {
      const namer = new Namer(k.kind, ra, rb, a, b, wording.nouns)
      const words = wording.words?.(a, b)
      for (const c of changes) {
        const r = words?.(c, namer) ?? (wording.renames !== false ? renamed(c, namer) : null) ?? generic(namer, c)
        out.push(...(Array.isArray(r) ? r : [r]))
      }
    }
    if (wording.extra) out.push(...wording.extra(a, b))
  }
  return out
}

export type { DiffEntry } from '../kinds/diff-kit'
