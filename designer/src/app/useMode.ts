/** Visual editor or JSON for kinds that have one, remembered across files and visits; why the JSON view was opened from a visual editor. */
import { useCallback, useState } from 'react'

export type Mode = 'visual' | 'json'
const KEY = 'daiban.designer.mode'

const stored = (): string | null => {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

export function useMode() {
  const [mode, setModeState] = useState<Mode>(() => (stored() === 'json' ? 'json' : 'visual'))
  const setMode = useCallback((m: Mode) => {
    setModeState(m)
    try {
      localStorage.setItem(KEY, m)
    } catch {
      /* private mode */
    }
  }, [])
  /** Why the JSON view was opened from a visual editor (a rule too complex for the table…) */
  const [jsonNote, setJsonNote] = useState<string | null>(null)
  return { mode, setMode, jsonNote, setJsonNote }
}
