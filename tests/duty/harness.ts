/**
 * The duty routes on a real runtime: FileStore in a temp folder, the real Galutu definitions, real
 * accounts, a ManualClock. The duty router is mounted in front of the app the way it goes inside
 * createApp: JSON body, session, the access table, the router, then the app's error table — so
 * staff routes need a signed-in user and the two public routes do not.
 */
import { readFileSync } from 'node:fs'
import express, { type Request } from 'express'
import request from 'supertest'
import { harness, signIn, TEST_PASSWORD, type Client, type Harness } from '../runtime/harness'
import { DutyService } from '../../runtime/duty'
import { dutyRouter } from '../../runtime/server/duty-routes'
import { errorHandler } from '../../runtime/server/errors'
import { authenticate } from '../../runtime/auth/http'
import { apiAccess } from '../../runtime/server/access'

export const PEOPLE = JSON.parse(readFileSync('tests/cases/duty/people.json', 'utf8')) as {
  accounts: Array<{ username: string; displayName: string; grants: Array<{ role: string; village?: string; unit?: string }> }>
}

export interface DutyHarness extends Harness {
  duty: DutyService
  /** The app with the duty routes, no session */
  pub: ReturnType<typeof request>
  /**
   * The app with the duty routes, signed in as "officer1" (every role) or one of the people of
   * tests/cases/duty/people.json. Signs in again whenever the clock moved (sessions last 12 hours).
   */
  user(username?: string): Promise<Client>
}

export async function dutyHarness(opts: { start?: string } = {}): Promise<DutyHarness> {
  const h = (await harness({ start: opts.start ?? '2026-01-05' })) as DutyHarness
  for (const a of PEOPLE.accounts) await h.rt.accounts.create({ ...a, password: TEST_PASSWORD })
  h.duty = new DutyService({ store: h.rt.store, schemes: h.rt.schemes, cases: h.rt.cases, clock: h.clock, accounts: h.rt.accounts })
  const app = express()
  app.use('/api', express.json())
  app.use('/api', authenticate(h.rt.accounts))
  app.use('/api', apiAccess(h.rt.policy))
  app.use(dutyRouter({ duty: h.duty, challenges: h.rt.channels.challenges, actorOf: (req: Request) => ({ id: req.principal?.username ?? 'public' }), limits: { complaintsPerHour: 1000 } }))
  app.use(h.app)
  app.use(errorHandler(() => {}))
  h.pub = request(app)
  const sessions = new Map<string, Client>()
  h.user = async (username = 'officer1') => {
    const key = `${username}@${h.clock.now().getTime()}`
    if (!sessions.has(key)) sessions.set(key, await signIn(app, username))
    return sessions.get(key)!
  }
  return h
}
