/**
 * Where to go after signing in, from the sign-in page's `next` (review finding 7: an open
 * redirect). `#/login?next=/%09/host/x` used to reach `location.assign('/\t/host/x')`, which the
 * URL parser reads as `//host/x`: another site. Only two kinds of target are accepted now:
 *
 * - a screen of this app, `/cases/GLT-2026-000001`, followed as a hash route (it never leaves the page);
 * - the designer on this server, `/designer/?scheme=galutu` (where the designer sends a visitor
 *   to sign in from), followed with `location.assign`.
 *
 * Anything else (another origin, a scheme, `//`, a backslash, a control or space character, a `#`,
 * an unknown first segment, a dot segment, in the value or in its percent-decoded form) goes home.
 *
 * @example
 * afterSignIn('/cases?officer=x') // { route: '/cases?officer=x' }
 * afterSignIn('/%09/evil.example/x') // { route: '/' }
 */
import { SCREEN_ROOTS } from './routes'

export type AfterSignIn = { route: string } | { app: string }

/** The first path segments of this app's screens, from its route table (not `login` or `setup`). */
const ROUTES = SCREEN_ROOTS
/** Other apps served by this server, left with a full page load. */
const APPS = new Set(['designer'])

const HOME: AfterSignIn = { route: '/' }
const MAX = 2048
// C0 and C1 controls, DEL, and any whitespace (the URL parser drops tabs and newlines anywhere)
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\s\\]/

/** The value and each of its percent-decodings (up to 3 rounds): all must pass. null when it does not decode. */
function decodings(v: string): string[] | null {
  const out = [v]
  let cur = v
  for (let i = 0; i < 3 && cur.includes('%'); i++) {
    try {
      cur = decodeURIComponent(cur)
    } catch {
      return null
    }
    out.push(cur)
  }
  return out
}

function safeForm(v: string): boolean {
  if (!v.startsWith('/') || v.includes('//') || UNSAFE.test(v)) return false
  const path = v.split('?', 1)[0]!
  return !path.split('/').some((s) => s === '.' || s === '..')
}

/** The target of a sign-in page's `next` (already taken from the query string): a screen, the designer, or home. */
export function afterSignIn(next: string | null | undefined): AfterSignIn {
  // a `#` would start a hash inside the hash route; neither the app nor the designer makes one
  if (!next || next.length > MAX || next.includes('#')) return HOME
  const forms = decodings(next)
  if (!forms || !forms.every(safeForm)) return HOME
  const first = next.slice(1).split(/[/?]/, 1)[0]!
  if (ROUTES.has(first)) return { route: next }
  if (APPS.has(first)) return { app: next }
  return HOME
}
