/**
 * The app's API instance, its read cache and the fetch hook. Reads stay fresh two ways:
 *
 * - a write (any successful non-GET call but the read-like POSTs below) refreshes every mounted
 *   `useAsync` that read from the API: the hook notes the GET paths and cache keys its loader
 *   starts, and `invalidate(prefix)` reloads the hooks holding a key under the prefix;
 * - a cached value that can change (the scheme summary, today's date, the newest scheme) has a
 *   max age (`MAX_AGE`): after it the next read loads it again, and a hook showing it reloads
 *   when the page is shown again. A scheme at a version hash never changes and is kept.
 */
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

/** How long a value that can change is served from the cache (ms) */
export const MAX_AGE = 60_000

// ---- what the loader of a hook reads: collected while it starts (its synchronous part)

let collecting: Set<string> | null = null
const track = (key: string) => collecting?.add(key)

/** Runs `f` noting the keys it starts reading into `into` (null: noting nothing). */
function collect<T>(into: Set<string> | null, f: () => T): T {
  const outer = collecting
  collecting = into
  try {
    return f()
  } finally {
    collecting = outer
  }
}

/** POSTs that only compute an answer: they change nothing, so they refresh nothing. */
const READ_POSTS = [/^\/api\/schemes\/[^/]+\/(decide|score|similar)$/, /^\/api\/public\/status$/, /^\/api\/auth\/reset\/check$/]

/** After a write: the API reads of mounted hooks are stale (the write may touch lists, tasks, queues…). */
export function afterWrite(method: string, path: string): void {
  if (method === 'POST' && READ_POSTS.some((r) => r.test(path))) return
  invalidate('GET ')
}

export const api: Api = createApi({
  csrf: csrfToken,
  onUnauthorized: () => signedOut(true),
  lang: storedLang,
  messages: {
    network: () => translate(storedLang(), 'error.network'),
    http: (status) => translate(storedLang(), 'error.http', { status }),
  },
  fetch: (input, init) => {
    if ((init?.method ?? 'GET') === 'GET') track(`GET ${String(input).split('?', 1)[0]}`)
    return fetch(input, init)
  },
  onWrite: afterWrite,
})

// ---- the cache

interface Entry {
  p: Promise<unknown>
  at: number
  maxAge: number
}
const cache = new Map<string, Entry>()
/** The clock of the cache (tests replace it) */
export const clock = { now: () => Date.now() }

/**
 * A value loaded once per key and shared, for `maxAge` ms (Infinity: it never changes, e.g. a
 * scheme at a version hash). A failed load is forgotten at once.
 */
export function cached<T>(key: string, load: () => Promise<T>, maxAge: number = MAX_AGE): Promise<T> {
  if (maxAge !== Infinity) track(key)
  const hit = cache.get(key)
  if (hit && clock.now() - hit.at < hit.maxAge) return hit.p as Promise<T>
  // the entry keeps its own freshness: what its loader reads is not the hook's
  const p = collect(null, load)
  const entry = { p, at: clock.now(), maxAge }
  cache.set(key, entry)
  p.catch(() => cache.get(key) === entry && cache.delete(key))
  return p
}

const listeners = new Set<(prefix: string) => void>()

/**
 * Drops the changeable cached values whose key starts with `prefix` and reloads the mounted hooks
 * that read one (keys: a cache key such as `summary:galutu`, or `GET /api/cases/…` for an API read).
 */
export function invalidate(prefix: string): void {
  for (const [k, e] of cache) if (e.maxAge !== Infinity && k.startsWith(prefix)) cache.delete(k)
  for (const l of [...listeners]) l(prefix)
}

export interface SchemeBundle {
  scheme: SchemeInfo
  forms: FormDef[]
  workflows: WorkflowDef[]
}

/** A scheme's summary, forms and workflows at a version (hash), or the newest when none is given. */
export function loadScheme(id: string = SCHEME_ID, version?: string): Promise<SchemeBundle> {
  return cached(
    `scheme:${id}:${version ?? 'latest'}`,
    async () => {
      const [scheme, forms, workflows] = await Promise.all([api.scheme(id, version), api.forms(id, version), api.workflows(id, version)])
      const bundle = { scheme, forms: forms.items, workflows: workflows.items }
      // the newest version is also that hash, which never changes: share it
      if (!version) cache.set(`scheme:${id}:${scheme.hash}`, { p: Promise.resolve(bundle), at: clock.now(), maxAge: Infinity })
      return bundle
    },
    version ? Infinity : MAX_AGE,
  )
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
  /** What the latest load read, and when it started */
  const readsRef = useRef<{ keys: Set<string>; at: number }>({ keys: new Set(), at: 0 })
  useEffect(() => {
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: null }))
    const keys = new Set<string>()
    readsRef.current = { keys, at: clock.now() }
    let p: Promise<T>
    try {
      p = collect(keys, () => loadRef.current(ctl.signal))
    } catch (e) {
      p = Promise.reject(e)
    }
    p.then(
      (data) => !ctl.signal.aborted && setState({ data, error: null, loading: false }),
      (error: unknown) => !ctl.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    )
    return () => ctl.abort()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n])
  useEffect(() => {
    const reloadIf = (prefix: string) => {
      for (const k of readsRef.current.keys) if (k.startsWith(prefix)) return setN((x) => x + 1)
    }
    // back on a page left open: values past their age are read again
    const onShow = () => {
      if (document.visibilityState === 'visible' && readsRef.current.keys.size && clock.now() - readsRef.current.at >= MAX_AGE) setN((x) => x + 1)
    }
    listeners.add(reloadIf)
    document.addEventListener('visibilitychange', onShow)
    return () => {
      listeners.delete(reloadIf)
      document.removeEventListener('visibilitychange', onShow)
    }
  }, [])
  const reload = useCallback(() => setN((x) => x + 1), [])
  const setData = useCallback((data: T) => setState({ data, error: null, loading: false }), [])
  return { ...state, reload, setData }
}
