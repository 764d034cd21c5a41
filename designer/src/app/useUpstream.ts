/** A fork's upstream: checked on opening a scheme, after publishing or merging, and when the tab comes back. */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, type UpstreamStatus } from '../api'

export function useUpstream(schemeId: string) {
  const [upstream, setUpstream] = useState<UpstreamStatus | null>(null)
  const [drawerOpen, setDrawerOpen] = useState(false)
  const req = useRef(0)
  const checkUpstream = useCallback(() => {
    const seq = ++req.current
    if (!schemeId) return
    api.upstream(schemeId).then(
      (u) => seq === req.current && setUpstream(u),
      () => seq === req.current && setUpstream(null),
    )
  }, [schemeId])
  useEffect(() => {
    setUpstream(null)
    checkUpstream()
    const onVisible = () => document.visibilityState === 'visible' && checkUpstream()
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener('focus', onVisible)
    return () => {
      document.removeEventListener('visibilitychange', onVisible)
      window.removeEventListener('focus', onVisible)
    }
  }, [checkUpstream])
  return { upstream, checkUpstream, drawerOpen, setDrawerOpen }
}
