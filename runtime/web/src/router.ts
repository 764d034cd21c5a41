/** A small hash router: `#/cases/GLT-2026-000001?tab=x`. Works from any static mount without server routes. */
import { useSyncExternalStore } from 'react'

export interface Location {
  path: string
  query: URLSearchParams
}

function read(): string {
  return window.location.hash.replace(/^#/, '') || '/'
}

export function parse(hash: string): Location {
  const [path = '/', qs = ''] = hash.split('?', 2)
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(qs) }
}

export function useLocation(): Location {
  const hash = useSyncExternalStore(
    (cb) => {
      window.addEventListener('hashchange', cb)
      return () => window.removeEventListener('hashchange', cb)
    },
    read,
    () => '/',
  )
  return parse(hash)
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const target = `#${to}`
  if (opts.replace) {
    window.history.replaceState(null, '', target)
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  } else window.location.hash = to
}

/** `/cases/:id/print/disposal/:d` against a path: the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const s = path.split('/').filter(Boolean)
  if (p.length !== s.length) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!
    const b = s[i]!
    if (a.startsWith(':')) out[a.slice(1)] = decodeURIComponent(b)
    else if (a !== b) return null
  }
  return out
}

export const href = (path: string) => `#${path}`
