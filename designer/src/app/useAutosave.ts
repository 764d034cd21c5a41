/**
 * Saving the working copy: each changed file PUT in turn (one save at a time), after a pause in
 * editing (autosave) or at once (Ctrl+S, `flush` before an action that needs the server's copy).
 * Leaving the page with unsaved changes asks first.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../api'
import { debounce } from '../panels/ctx'
import type { DraftState } from './useDraft'

export type SaveState = { kind: 'idle' | 'saving' | 'error'; msg?: string }

export function useAutosave(schemeId: string, draft: Pick<DraftState, 'textsRef' | 'dirtyNow' | 'markSaved' | 'setMeta'>) {
  const { textsRef, dirtyNow, markSaved, setMeta } = draft
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' })
  const saveChain = useRef<Promise<void>>(Promise.resolve())
  const saveNow = useCallback((): Promise<void> => {
    const next = saveChain.current.then(async () => {
      const dirty = dirtyNow()
      if (!dirty.length || !schemeId) return
      setSaveState({ kind: 'saving' })
      try {
        for (const f of dirty) {
          const text = textsRef.current[f] ?? ''
          const r = await api.putFile(schemeId, f, text)
          markSaved(f, text)
          const { files: _x, ...m } = r.draft
          void _x
          setMeta(m)
        }
        setSaveState({ kind: 'idle' })
      } catch (e) {
        setSaveState({ kind: 'error', msg: (e as Error).message })
        throw e
      }
    })
    saveChain.current = next.catch(() => {})
    return next
  }, [schemeId, dirtyNow, markSaved, setMeta, textsRef])
  const autosave = useMemo(() => debounce(() => void saveNow().catch(() => {}), 1200), [saveNow])
  useEffect(() => () => autosave.cancel(), [autosave])
  const flush = useCallback(async () => {
    autosave.cancel()
    await saveNow()
  }, [autosave, saveNow])

  useEffect(() => {
    const h = (e: BeforeUnloadEvent) => {
      if (dirtyNow().length) e.preventDefault()
    }
    window.addEventListener('beforeunload', h)
    const k = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        void flush().catch(() => {})
      }
    }
    window.addEventListener('keydown', k)
    return () => {
      window.removeEventListener('beforeunload', h)
      window.removeEventListener('keydown', k)
    }
  }, [flush, dirtyNow])
  return { saveState, saveNow, autosave, flush }
}
