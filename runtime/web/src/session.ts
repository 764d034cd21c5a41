/**
 * The signed-in session, kept in memory: who is signed in, the schemes (towns) they work in and
 * the one they are working in now, what they may do there (`can`) and the CSRF token sent on every
 * write. The session cookie itself is httpOnly; a 401 from any request puts the app back on the
 * sign-in screen.
 */
import { useSyncExternalStore } from 'react'
import type { SessionInfo, SessionScheme, SessionUser } from './api'
import { clearDrafts, purgeLegacyDrafts } from '../kit/drafts'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired?: boolean }
  | {
      status: 'signedIn'
      user: SessionUser
      /** What the user may do in the current scheme (in any scheme, from a server without `schemes`) */
      can: Record<string, boolean>
      /** The schemes the user works in, the first being where the workspace opens */
      schemes: SessionScheme[]
      /** The scheme being worked in now (null: the server did not say; the app's default applies) */
      scheme: string | null
    }

const SCHEME_KEY = 'daiban.scheme'
const stored = (): string | null => {
  try {
    return localStorage.getItem(SCHEME_KEY)
  } catch {
    return null
  }
}

let state: SessionState = { status: 'loading' }
let csrf: string | null = null
const listeners = new Set<() => void>()
const emit = () => {
  for (const l of listeners) l()
}

export const csrfToken = (): string | null => csrf
export const sessionState = (): SessionState => state

export function signedIn(info: SessionInfo): void {
  csrf = info.csrfToken
  // drafts kept before they belonged to a user were shared by everyone (review finding 14)
  purgeLegacyDrafts()
  const schemes = info.schemes ?? []
  const want = stored()
  const scheme = schemes.find((s) => s.id === want)?.id ?? schemes[0]?.id ?? null
  state = { status: 'signedIn', user: info.user, schemes, scheme, can: schemes.find((s) => s.id === scheme)?.can ?? info.can ?? {} }
  emit()
}

/** Work in another of the user's schemes (remembered on this device). */
export function setCurrentScheme(id: string): void {
  if (state.status !== 'signedIn' || state.scheme === id) return
  const s = state.schemes.find((x) => x.id === id)
  if (!s) return
  try {
    localStorage.setItem(SCHEME_KEY, id)
  } catch {
    /* private mode: for this page only */
  }
  state = { ...state, scheme: id, can: s.can }
  emit()
}

/**
 * Signed out (`expired`: the server no longer knows the session). Signing out on purpose also
 * removes the user's unfinished forms from this browser; after an expiry they stay, for the same
 * user to find after signing in again (nobody else's screen reads them).
 */
export function signedOut(expired = false): void {
  csrf = null
  if (!expired && state.status === 'signedIn') clearDrafts(state.user.username)
  if (state.status === 'signedOut' && !!state.expired === expired) return
  state = { status: 'signedOut', ...(expired ? { expired } : {}) }
  emit()
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    sessionState,
    sessionState,
  )
}

/** May the signed-in user do `action` in the scheme they work in? (Hides what they may not do; the server still checks.) */
export function useCan(): (action: string) => boolean {
  const s = useSession()
  return (action) => s.status === 'signedIn' && s.can[action] === true
}
