/** The acting user until accounts exist: a name kept in localStorage, sent as X-Daiban-User. */
import { useSyncExternalStore } from 'react'

export const DEFAULT_USER = '代办员'
const KEY = 'daiban.user'
const RECENT = 'daiban.recentUsers'
const listeners = new Set<() => void>()

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function currentUser(): string {
  const v = read(KEY)?.trim()
  return v ? v : DEFAULT_USER
}

export function recentUsers(): string[] {
  try {
    const list = JSON.parse(read(RECENT) ?? '[]') as unknown
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').slice(0, 8) : []
  } catch {
    return []
  }
}

export function setUser(name: string): void {
  const v = name.trim().slice(0, 64)
  if (!v) return
  try {
    localStorage.setItem(KEY, v)
    localStorage.setItem(RECENT, JSON.stringify([v, ...recentUsers().filter((x) => x !== v)].slice(0, 8)))
  } catch {
    /* storage unavailable: keeps working for this page */
  }
  for (const l of listeners) l()
}

export function useUser(): string {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb)
      const onStorage = (e: StorageEvent) => e.key === KEY && cb()
      window.addEventListener('storage', onStorage)
      return () => {
        listeners.delete(cb)
        window.removeEventListener('storage', onStorage)
      }
    },
    currentUser,
    () => DEFAULT_USER,
  )
}
