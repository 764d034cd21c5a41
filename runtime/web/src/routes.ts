/**
 * The app's route table: every screen's hash path, as App.tsx dispatches on it. Patterns as the
 * router matches them (`/cases/:id`); `under` also takes every path below (an area routes inside
 * its prefix). What the sign-in page may go on to (nextRoute.ts) is derived from this table.
 */
import { match } from './router'

export type ScreenId = 'tasks' | 'register' | 'cases' | 'reminders' | 'reports' | 'intake' | 'duty' | 'admin' | 'case' | 'print' | 'reportsPrint' | 'dutyPrint'
export type OpenId = 'login' | 'setup' | 'reset'

interface RouteDef<Id> {
  id: Id
  path: string
  under?: boolean
}

/** The signed-in screens, first match wins. */
export const SCREENS: ReadonlyArray<RouteDef<ScreenId>> = [
  { id: 'tasks', path: '/' },
  { id: 'tasks', path: '/tasks' },
  { id: 'register', path: '/register' },
  { id: 'cases', path: '/cases' },
  { id: 'reminders', path: '/reminders' },
  { id: 'reports', path: '/reports', under: true },
  { id: 'intake', path: '/intake', under: true },
  { id: 'duty', path: '/duty', under: true },
  { id: 'admin', path: '/admin', under: true },
  { id: 'print', path: '/cases/:id/print/:kind' },
  { id: 'print', path: '/cases/:id/print/:kind/:part' },
  { id: 'case', path: '/cases/:id' },
  { id: 'reportsPrint', path: '/print/reports', under: true },
  { id: 'dutyPrint', path: '/print/duty', under: true },
]

/** The pages open without a session (sign-in, first setup, password reset). */
export const OPEN: ReadonlyArray<RouteDef<OpenId>> = [
  { id: 'login', path: '/login' },
  { id: 'setup', path: '/setup' },
  { id: 'reset', path: '/reset' },
]

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`)

function find<Id>(table: ReadonlyArray<RouteDef<Id>>, path: string): { id: Id; params: Record<string, string> } | null {
  for (const r of table) {
    if (r.under) {
      if (under(path, r.path)) return { id: r.id, params: {} }
      continue
    }
    const params = match(r.path, path)
    if (params) return { id: r.id, params }
  }
  return null
}

/** The screen of a hash path and its parameters; null: no such page. */
export const screenOf = (path: string) => find(SCREENS, path)
/** The open page of a hash path, or null. */
export const openPageOf = (path: string) => find(OPEN, path)

/** The first path segments of the screens ('' for the home screen): where a sign-in may go on to. */
export const SCREEN_ROOTS: ReadonlySet<string> = new Set(SCREENS.map((r) => r.path.split('/')[1] ?? ''))
