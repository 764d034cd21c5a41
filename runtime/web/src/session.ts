/**
 * The signed-in session, kept in memory: who is signed in, what they may do (`can`) and the CSRF
 * token sent on every write. The session cookie itself is httpOnly; a 401 from any request puts
 * the app back on the sign-in screen.
 */
import { useSyncExternalStore } from 'react'
import type { SessionInfo, SessionUser } from './api'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired?: boolean }
  | { status: 'signedIn'; user: SessionUser; can: Record<string, boolean> }

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
  state = { status: 'signedIn', user: info.user, can: info.can ?? {} }
  emit()
}

export function signedOut(expired = false): void {
  csrf = null
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

/** May the signed-in user do `action` at all? (Hides what they may not do; the server still checks.) */
export function useCan(): (action: string) => boolean {
  const s = useSession()
  return (action) => s.status === 'signedIn' && s.can[action] === true
}

/** A safe place to go after signing in: a same-origin path only. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null
  return next
}
