/** The schemes the user may work on, and the one open (from `?scheme=`, else the first listed). */
import { useCallback, useEffect, useState } from 'react'
import { api, type SchemeListItem } from '../api'

export function useSchemes(onFatal: (msg: string) => void) {
  const [schemes, setSchemes] = useState<SchemeListItem[]>([])
  const [schemeId, setSchemeId] = useState<string>(() => new URLSearchParams(location.search).get('scheme') ?? '')
  const loadSchemes = useCallback(
    () =>
      api.schemes().then((r) => {
        setSchemes(r.items)
        // The schemes the user may work on (the server lists only those): keep the chosen one if it is there.
        setSchemeId((id) => (id && r.items.some((s) => s.id === id) ? id : r.items[0]?.id || id || ''))
      }),
    [],
  )
  useEffect(() => {
    loadSchemes().catch((e: Error) => onFatal(e.message))
  }, [loadSchemes, onFatal])
  return { schemes, schemeId, setSchemeId, loadSchemes }
}
