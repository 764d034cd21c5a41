/** Which definition kind a file holds, and which form an editor position is in. */
import { pointerAt, splitPointer, type JsonIndex } from './json-index'

/** The file's top-level `kind`, from a parse or, for a broken text, from its first `"kind": "…"`. */
export function kindOf(text: string): string | null {
  try {
    const v = JSON.parse(text) as unknown
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).kind === 'string') return (v as Record<string, string>).kind!
  } catch {
    const m = /"kind"\s*:\s*"([A-Za-z]+)"/.exec(text)
    if (m) return m[1]!
  }
  return null
}

/** In a `forms` file: the id of the form at the offset, or null. */
export function formIdAt(index: JsonIndex, offset: number): string | null {
  const ptr = pointerAt(index, offset)
  const t = splitPointer(ptr)
  if (t[0] !== 'forms' || t[1] === undefined) return null
  const idLoc = index.nodes.get(`/forms/${t[1]}/id`)
  if (!idLoc || idLoc.kind !== 'string') return null
  try {
    return JSON.parse(index.text.slice(idLoc.start, idLoc.end)) as string
  } catch {
    return null
  }
}

/** In a `workflow` file: the id of the machine at the offset, or null. */
export function machineIdAt(index: JsonIndex, offset: number): string | null {
  const t = splitPointer(pointerAt(index, offset))
  if (t[0] !== 'machines' || t[1] === undefined) return null
  const idLoc = index.nodes.get(`/machines/${t[1]}/id`)
  if (!idLoc || idLoc.kind !== 'string') return null
  try {
    return JSON.parse(index.text.slice(idLoc.start, idLoc.end)) as string
  } catch {
    return null
  }
}
