/**
 * The working copy of the scheme's files: their order, the texts being edited and the texts last
 * saved (state for rendering, refs for callbacks that must see the latest), the file open, and the
 * draft's undo history. A draft from the server (another scheme, discard, import, merge, rollback)
 * replaces it whole.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, type Draft } from '../api'
import { kindOf, OPEN_FIRST_KIND } from '../lib/kinds'
import { DraftHistory } from '../draft/history'

export type DraftMeta = Omit<Draft, 'files'>
export type Texts = Record<string, string>

export function useDraft(schemeId: string, onFatal: (msg: string) => void) {
  const [meta, setMeta] = useState<DraftMeta | null>(null)
  const [order, setOrder] = useState<string[]>([])
  const [texts, setTextsState] = useState<Texts>({})
  const [saved, setSavedState] = useState<Texts>({})
  const textsRef = useRef(texts)
  const savedRef = useRef(saved)
  const orderRef = useRef(order)
  textsRef.current = texts
  savedRef.current = saved
  orderRef.current = order
  const [active, setActive] = useState('')
  /** Bumped when the texts came from elsewhere: the JSON editor reloads its models. */
  const [resetNonce, setResetNonce] = useState(0)
  const draftHistory = useRef(new DraftHistory())
  const [, setHistTick] = useState(0)
  const historyChanged = useCallback(() => setHistTick((n) => n + 1), [])

  /** The texts being edited, now (the ref at once, the state for the next render). */
  const setTexts = useCallback((next: Texts) => {
    textsRef.current = next
    setTextsState(next)
  }, [])
  /** One file's text reached the server. */
  const markSaved = useCallback((file: string, text: string) => {
    savedRef.current = { ...savedRef.current, [file]: text }
    setSavedState(savedRef.current)
  }, [])

  const fileAsked = useRef<string | null>(new URLSearchParams(location.search).get('file'))
  const applyDraft = useCallback(
    (d: Draft, keepActive = true) => {
      const files = d.files.map((f) => f.file)
      const map = Object.fromEntries(d.files.map((f) => [f.file, f.text]))
      const { files: _f, ...m } = d
      void _f
      setMeta(m)
      setOrder(files)
      orderRef.current = files
      setTextsState(map)
      textsRef.current = map
      setSavedState(map)
      savedRef.current = map
      // a link naming a file (`?file=org.json`, e.g. from the staff app's 组织机构) opens it, once
      const asked = fileAsked.current
      fileAsked.current = null
      setActive((a) =>
        keepActive && files.includes(a)
          ? a
          : asked && files.includes(asked)
            ? asked
            : (files.find((f) => OPEN_FIRST_KIND !== undefined && kindOf(map[f] ?? '') === OPEN_FIRST_KIND) ?? files[0] ?? ''),
      )
      setResetNonce((n) => n + 1)
      // The texts came from elsewhere (another scheme, discard, import, merge, rollback): nothing to undo.
      draftHistory.current.clear()
      historyChanged()
    },
    [historyChanged],
  )

  const reloadDraft = useCallback(
    async (keepActive = true) => {
      if (!schemeId) return
      const d = await api.draft(schemeId)
      applyDraft(d, keepActive)
    },
    [schemeId, applyDraft],
  )

  useEffect(() => {
    if (!schemeId) return
    const u = new URL(location.href)
    u.searchParams.set('scheme', schemeId)
    u.searchParams.delete('file')
    history.replaceState(null, '', u)
    reloadDraft(false).catch((e: Error) => onFatal(e.message))
  }, [schemeId, reloadDraft, onFatal])

  const dirtyFiles = order.filter((f) => texts[f] !== saved[f])
  /** Files whose text differs from the saved one, from the refs (for callbacks). */
  const dirtyNow = useCallback(() => orderRef.current.filter((f) => textsRef.current[f] !== savedRef.current[f]), [])

  return {
    meta,
    setMeta,
    order,
    texts,
    saved,
    textsRef,
    orderRef,
    active,
    setActive,
    resetNonce,
    draftHistory: draftHistory.current,
    historyChanged,
    setTexts,
    markSaved,
    applyDraft,
    reloadDraft,
    dirtyFiles,
    dirtyNow,
  }
}
export type DraftState = ReturnType<typeof useDraft>
