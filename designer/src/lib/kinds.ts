/**
 * Which definition kind a file holds, what the designer does with each kind, and which element an
 * editor position is in. The kinds come from the engine's registry, through its generated catalog
 * (plain data: the checks and compile steps stay in the worker), so a new kind needs nothing here.
 */
import { KIND_CATALOG } from '../../../engine/scheme/kinds/catalog.generated'
import type { DesignerPreview } from '../../../engine/scheme/kinds/kind'
import { pointerAt, splitPointer, type JsonIndex } from './json-index'

export type PreviewTab = DesignerPreview

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

/** The preview that follows a file of each kind. */
export const PREVIEW_OF_KIND: Readonly<Record<string, PreviewTab>> = Object.fromEntries(
  KIND_CATALOG.flatMap((k) => (k.designer.preview ? [[k.kind, k.designer.preview]] : [])),
)

/** The kind whose file the designer opens first. */
export const OPEN_FIRST_KIND: string | undefined = KIND_CATALOG.find((k) => k.designer.openFirst)?.kind

/** The kind (and its element list) whose element under the cursor a preview follows: the form preview a form, the workflow diagram a machine. */
export function elementOf(preview: PreviewTab): { kind: string; list: string } | null {
  const k = KIND_CATALOG.find((x) => x.designer.preview === preview && x.designer.element)
  return k ? { kind: k.kind, list: k.designer.element! } : null
}

/** The id of the element of `list` (e.g. `forms`, `machines`) at the offset, or null. */
export function elementIdAt(index: JsonIndex, offset: number, list: string): string | null {
  const t = splitPointer(pointerAt(index, offset))
  if (t[0] !== list || t[1] === undefined) return null
  const idLoc = index.nodes.get(`/${list}/${t[1]}/id`)
  if (!idLoc || idLoc.kind !== 'string') return null
  try {
    return JSON.parse(index.text.slice(idLoc.start, idLoc.end)) as string
  } catch {
    return null
  }
}

/** In a `forms` file: the id of the form at the offset, or null. */
export function formIdAt(index: JsonIndex, offset: number): string | null {
  return elementIdAt(index, offset, elementOf('form')?.list ?? 'forms')
}

/** In a `workflow` file: the id of the machine at the offset, or null. */
export function machineIdAt(index: JsonIndex, offset: number): string | null {
  return elementIdAt(index, offset, elementOf('workflow')?.list ?? 'machines')
}
