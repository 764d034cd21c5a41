/**
 * Officer accounts for tests that name a case's officer (#18 §4: the server refuses an officer who
 * is not an active account holding an officer role serving the case's village). Created through
 * the same account service the CLI and the admin page use.
 */
import type { AccountService } from '../../runtime/auth/accounts'

export interface TestOfficer {
  /** The display name: what a form's officer field holds */
  displayName: string
  username?: string
  /** An officer role of the scheme; town_officer (town-wide) by default */
  role?: string
  /** The village of a village-scoped role */
  village?: string
  /** The scheme of the grant; every scheme ('*') when left out */
  scheme?: string
}

let n = 0

/** Creates the accounts not there yet (by display name); returns the display names. */
export async function seedOfficers(
  rt: { accounts: AccountService },
  officers: Array<TestOfficer | string>,
  password = 'Officer-for-tests-7Qz!2026',
): Promise<string[]> {
  const existing = new Set((await rt.accounts.list()).map((a) => a.displayName))
  const names: string[] = []
  for (const o of officers.map((x) => (typeof x === 'string' ? { displayName: x } : x))) {
    names.push(o.displayName)
    if (existing.has(o.displayName)) continue
    const grant = { role: o.role ?? 'town_officer', ...(o.village ? { village: o.village } : {}), scheme: o.scheme ?? '*' }
    // the login name is the display name where it may be one (as userClient's accounts), so a test
    // reads the officer's notifications under the name its form gave
    const username = o.username ?? (/^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,32}$/.test(o.displayName) ? o.displayName : `officer${++n}`)
    await rt.accounts.create({ username, displayName: o.displayName, password, grants: [grant] })
    existing.add(o.displayName)
  }
  return names
}
