/** The app's API instance, the scheme caches (forms at a version hash never change) and a fetch hook. */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { createApi, type Api, type FormDef, type SchemeInfo, type WorkflowDef } from './api'
import { csrfToken, sessionState, signedOut, useSession } from './session'
import { storedLang, translate } from './i18n'

/**
 * The scheme a workspace runs when the server names none (a single-town server, before sign-in):
 * the server's default scheme unless configured at build time. New code asks `useSchemeId()`.
 */
export const SCHEME_ID: string = (import.meta.env?.VITE_DAIBAN_SCHEME as string | undefined) ?? 'galutu'

/**
 * The scheme the signed-in user works in: the first they hold grants in, or the one they switched
 * to (header switcher, remembered per device). Screens ask this hook rather than reading
 * SCHEME_ID, so that a server running several schemes shows each town's staff their own.
 */
export function useSchemeId(): string {
  const s = useSession()
  return s.status === 'signedIn' && s.scheme ? s.scheme : SCHEME_ID
}

/** The same, outside React (event handlers, loaders). */
export function currentSchemeId(): string {
  const s = sessionState()
  return s.status === 'signedIn' && s.scheme ? s.scheme : SCHEME_ID
}

export const api: Api = createApi({
  csrf: csrfToken,
  onUnauthorized: () => signedOut(true),
  lang: storedLang,
  messages: {
    network: () => translate(storedLang(), 'error.network'),
    http: (status) => translate(storedLang(), 'error.http', { status }),
  },
})

const cache = new Map<string, Promise<unknown>>()

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key)
  if (hit) return hit as Promise<T>
  const p = load()
  cache.set(key, p)
  p.catch(() => cache.delete(key))
  return p
}

export interface SchemeBundle {
  scheme: SchemeInfo
  forms: FormDef[]
  workflows: WorkflowDef[]
}

/** A scheme's summary, forms and workflows at a version (hash), or the newest when none is given. */
export function loadScheme(id: string = SCHEME_ID, version?: string): Promise<SchemeBundle> {
  return cached(`scheme:${id}:${version ?? 'latest'}`, async () => {
    const [scheme, forms, workflows] = await Promise.all([api.scheme(id, version), api.forms(id, version), api.workflows(id, version)])
    const bundle = { scheme, forms: forms.items, workflows: workflows.items }
    // the newest version is also that hash: share it
    if (!version) cache.set(`scheme:${id}:${scheme.hash}`, Promise.resolve(bundle))
    return bundle
  })
}

export function loadSchemeSummary(id: string = SCHEME_ID): Promise<SchemeInfo> {
  return cached(`summary:${id}`, () => api.scheme(id))
}

export function loadToday(): Promise<string> {
  return cached('today', async () => (await api.health()).today)
}

export interface Async<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
  setData(d: T): void
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true })
  const [n, setN] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  useEffect(() => {
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: null }))
    loadRef.current(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, error: null, loading: false }),
      (error: unknown) => !ctl.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    )
    return () => ctl.abort()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n])
  const reload = useCallback(() => setN((x) => x + 1), [])
  const setData = useCallback((data: T) => setState({ data, error: null, loading: false }), [])
  return { ...state, reload, setData }
}
