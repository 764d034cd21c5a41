/** The draft's files parsed once per text (visual editors and search read them; JSON.parse of every file on each keystroke would not do). */
import type { DraftFiles } from '../visual/kit'

const cache = new Map<string, unknown>()
const MAX = 64

function parseCached(text: string): unknown {
  if (cache.has(text)) return cache.get(text)
  let v: unknown = null
  try {
    v = JSON.parse(text)
  } catch {
    v = null
  }
  if (cache.size >= MAX) cache.delete(cache.keys().next().value!)
  cache.set(text, v)
  return v
}

export function parsedDraft(order: readonly string[], texts: Readonly<Record<string, string>>): DraftFiles {
  const files = order.map((file) => {
    const doc = parseCached(texts[file] ?? '')
    const kind =
      doc && typeof doc === 'object' && !Array.isArray(doc) && typeof (doc as Record<string, unknown>).kind === 'string'
        ? ((doc as Record<string, string>).kind as string)
        : null
    return { file, kind, doc }
  })
  return {
    files,
    docsOf: <T>(kind: string) => files.filter((f) => f.kind === kind && f.doc).map((f) => f.doc as T),
  }
}
