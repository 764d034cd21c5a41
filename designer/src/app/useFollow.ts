/**
 * What the previews follow: the form (machine) under the JSON editor's cursor in a forms (workflow)
 * file, else the file's first one; in a visual view, the element the editor shows. The preview tab
 * follows the kind of the file opened.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { kindOf, elementIdAt, elementOf, PREVIEW_OF_KIND, type PreviewTab } from '../lib/kinds'
import { indexJson, type JsonIndex } from '../lib/json-index'
import type { Mode } from './useMode'
import type { Texts } from './useDraft'

// Which preview follows which kind, the elements the previews follow: the kinds say (engine/scheme/kinds).
const FORM_ELEMENT = elementOf('form')
const MACHINE_ELEMENT = elementOf('workflow')

export function useFollow(o: { texts: Texts; textsRef: RefObject<Texts>; active: string; mode: Mode }) {
  const { texts, textsRef, active, mode } = o
  const [tab, setTab] = useState<PreviewTab>('form')
  const [cursor, setCursor] = useState<{ file: string; offset: number } | null>(null)
  const indexCache = useRef<{ text: string; index: JsonIndex } | null>(null)
  const cursorIndex = useCallback(
    (file: string) => {
      const text = texts[file] ?? ''
      if (indexCache.current?.text !== text) indexCache.current = { text, index: indexJson(text) }
      return indexCache.current.index
    },
    [texts],
  )
  // In a forms (workflow) file: the form (machine) under the cursor, else the file's first one.
  const underCursor = useCallback(
    (element: { kind: string; list: string } | null) => {
      if (!element || !active || kindOf(texts[active] ?? '') !== element.kind) return null
      const at = (idx: JsonIndex, offset: number) => elementIdAt(idx, offset, element.list)
      const idx = cursorIndex(active)
      if (cursor?.file === active) {
        const id = at(idx, cursor.offset)
        if (id) return id
      }
      const first = idx.nodes.get(`/${element.list}/0`)
      return first ? at(idx, first.start) : null
    },
    [active, texts, cursor, cursorIndex],
  )
  // In a visual view the previews follow the element the editor shows (onFocusElement), else the cursor.
  const [visualElement, setVisualElement] = useState<{ file: string; id: string } | null>(null)
  const visualId = mode === 'visual' && visualElement?.file === active ? visualElement.id : null
  const cursorFormId = useMemo(
    () => (visualId && kindOf(texts[active] ?? '') === FORM_ELEMENT?.kind ? visualId : underCursor(FORM_ELEMENT)),
    [underCursor, visualId, texts, active],
  )
  const cursorMachineId = useMemo(
    () => (visualId && kindOf(texts[active] ?? '') === MACHINE_ELEMENT?.kind ? visualId : underCursor(MACHINE_ELEMENT)),
    [underCursor, visualId, texts, active],
  )
  /** The visual editor of `file` shows the element `id`. */
  const focusElement = useCallback((file: string, id: string) => setVisualElement((v) => (v?.file === file && v.id === id ? v : { file, id })), [])

  // The preview tab follows the kind of the file being edited.
  useEffect(() => {
    const k = kindOf(textsRef.current[active] ?? '')
    const tb = k ? PREVIEW_OF_KIND[k] : undefined
    if (tb) setTab(tb)
  }, [active, textsRef])
  return { tab, setTab, setCursor, cursorFormId, cursorMachineId, focusElement }
}
