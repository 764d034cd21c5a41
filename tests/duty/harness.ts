/**
 * The duty routes on a real runtime: FileStore in a temp folder, the real Galutu definitions, real
 * accounts, a ManualClock, and the app as the server builds it (the route table: session, access
 * check, validation, the app's error table) — so staff routes need a signed-in user and the two
 * public routes do not.
 */
import { readFileSync } from 'node:fs'
import request from 'supertest'
import { harness, signIn, TEST_PASSWORD, type Client, type Harness } from '../runtime/harness'
import type { DutyService } from '../../runtime/duty'

export const PEOPLE = JSON.parse(readFileSync('tests/cases/duty/people.json', 'utf8')) as {
  accounts: Array<{ username: string; displayName: string; grants: Array<{ role: string; village?: string; unit?: string }> }>
}

export interface DutyHarness extends Harness {
  duty: DutyService
  /** The app, no session */
  pub: ReturnType<typeof request>
  /**
   * The app, signed in as "officer1" (every role) or one of the people of
   * tests/cases/duty/people.json. Signs in again whenever the clock moved (sessions last 12 hours).
   */
  user(username?: string): Promise<Client>
}

export async function dutyHarness(opts: { start?: string } = {}): Promise<DutyHarness> {
  const limits = { dutyLimits: { complaintsPerHour: 1000, noticePer10Min: 1000 }, publicLimits: { submitPerHour: 1000, lookupPer10Min: 1000 } }
  const h = (await harness({ start: opts.start ?? '2026-01-05', app: limits })) as DutyHarness
  // side by side: each create hashes its password with scrypt on the thread pool (35 in a row took a minute under load)
  await Promise.all(PEOPLE.accounts.map((a) => h.rt.accounts.create({ ...a, password: TEST_PASSWORD })))
  h.duty = h.rt.duty
  h.pub = request(h.app)
  const sessions = new Map<string, Client>()
  h.user = async (username = 'officer1') => {
    const key = `${username}@${h.clock.now().getTime()}`
    if (!sessions.has(key)) sessions.set(key, await signIn(h.app, username))
    return sessions.get(key)!
  }
  return h
}
