/** A real runtime (FileStore in a temp folder, the real Galutu definitions) behind supertest, signed in. */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp, type AppDeps } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import type { RoleGrant } from '../../runtime/auth/policy'
import { seedOfficers, type TestOfficer } from '../helpers/officers'

/** The roles a test user holds unless a test says otherwise: enough to do everything, in every scheme the server runs. */
export const ALL_GRANTS: RoleGrant[] = [
  { role: 'admin' },
  { role: 'town_officer' },
  { role: 'leader' },
  { role: 'group_leader' },
  { role: 'assessor' },
  { role: 'auditor' },
  { role: 'banner_reviewer' },
].map((g) => ({ ...g, scheme: '*' }))
export const TEST_PASSWORD = 'correct horse battery staple'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
/** A supertest client that carries a session cookie and its CSRF token on every request. */
export type Client = Record<Method, (url: string) => request.Test> & { csrf: string; cookie: string }

export async function signIn(app: Parameters<typeof request>[0], username: string, password = TEST_PASSWORD): Promise<Client> {
  const r = await request(app).post('/api/auth/login').send({ username, password })
  if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`)
  const cookie = String(r.headers['set-cookie']?.[0] ?? '').split(';')[0]!
  const csrf = r.body.csrfToken as string
  const make = (m: Method) => (url: string) => request(app)[m](url).set('cookie', cookie).set('x-csrf-token', csrf)
  return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete'), csrf, cookie }
}

/** Create (if needed) an account and sign it in. */
export async function userClient(rt: Runtime, app: Parameters<typeof request>[0], username: string, grants: RoleGrant[] = ALL_GRANTS): Promise<Client> {
  if (!(await rt.accounts.get(username))) await rt.accounts.create({ username, displayName: username, password: TEST_PASSWORD, grants })
  return signIn(app, username)
}

export interface Harness {
  rt: Runtime
  app: ReturnType<typeof createApp>
  clock: ManualClock
  dir: string
  /** Signed in as "officer1", holding every role */
  http: Client
  /** Signed in as another user (created with the given roles) */
  as(username: string, grants?: RoleGrant[]): Promise<Client>
  /** No session at all */
  anon: ReturnType<typeof request>
  reopen(): Promise<void>
  close(): Promise<void>
}

/**
 * `officers`: the officer accounts the test's forms name (display names, town officers of every
 * scheme unless given otherwise): the server accepts only a real officer account (#18 §4).
 */
export async function harness(
  opts: { start?: string; schemeDirs?: string[]; dir?: string; app?: Partial<AppDeps>; officers?: Array<TestOfficer | string> } = {},
): Promise<Harness> {
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'daiban-test-')))
  const clock = new ManualClock(opts.start ?? '2026-03-02')
  const schemeDirs = opts.schemeDirs ?? ['definitions/galutu']
  const h = {} as Harness
  const open = async () => {
    h.rt = await createRuntime({ dataDir: dir, schemeDirs, clock, log: () => {}, challengeDifficulty: 8 })
    h.app = createApp({ ...h.rt, log: () => {}, signInLimit: 10_000, ...opts.app })
    h.anon = request(h.app)
    h.http = await userClient(h.rt, h.app, 'officer1')
    if (opts.officers) await seedOfficers(h.rt, opts.officers, TEST_PASSWORD)
  }
  await open()
  h.clock = clock
  h.dir = dir
  h.as = (username, grants) => userClient(h.rt, h.app, username, grants)
  h.reopen = async () => {
    await h.rt.close()
    await open()
  }
  h.close = async () => {
    await h.rt.close()
    if (!opts.dir) await rm(dir, { recursive: true, force: true })
  }
  return h
}

export const intake = (over: Record<string, unknown> = {}) => ({
  petitionerName: '张三',
  sex: '男',
  phone: '13800000000',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇未发放',
  requests: '尽快发放',
  receivedOn: '2026-03-02',
  category: '养老及其他农村牧区社会保险',
  level: 'village',
  ...over,
})

export interface PathStep {
  at: string
  type: string
  form: Record<string, unknown>
  expect?: Record<string, unknown>
  refused?: string
}

/**
 * Runs one path of tests/cases/…/workflow-paths.json over HTTP and checks every step's expectations;
 * returns the case id and its last version. Shared by the file-store and PostgreSQL suites.
 */
export async function runPath(
  h: Pick<Harness, 'http' | 'clock'>,
  steps: PathStep[],
  register: (form: Record<string, unknown>) => Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const { expect } = await import('vitest')
  let id: string | null = null
  let version = 0
  for (const [i, step] of steps.entries()) {
    h.clock.set(step.at)
    const res: request.Response =
      id === null
        ? await h.http.post('/api/cases').send(register(step.form))
        : await h.http.post(`/api/cases/${id}/events`).send({ type: step.type, form: step.form, expectedVersion: version })
    const where = `step ${i} ${step.type}`
    if (step.refused) {
      expect(res.status, where).toBe(409)
      expect(res.body.code, where).toBe(step.refused)
      const after = await h.http.get(`/api/cases/${id}`)
      expect(after.body.version, `${where}: a refusal changes nothing`).toBe(version)
      continue
    }
    expect(res.status, `${where}: ${JSON.stringify(res.body).slice(0, 400)}`).toBe(id === null ? 201 : 200)
    id = res.body.id
    version = res.body.version
    const e = step.expect ?? {}
    const c = res.body
    if ('state' in e) expect(c.state, where).toBe(e.state)
    if ('status' in e) expect(c.status, where).toBe(e.status)
    if ('outcome' in e) expect(c.context.decision?.outcome, where).toBe(e.outcome)
    if ('group' in e) expect(c.summary.group, where).toBe(e.group)
    if ('dueDate' in e) expect(c.summary.dueDate, where).toBe(e.dueDate)
    if ('officer' in e) expect(c.summary.officer, where).toBe(e.officer)
    if ('units' in e) expect(c.summary.units, where).toEqual(e.units)
    if ('escalateTo' in e) expect(c.context.decision?.escalateTo, where).toBe(e.escalateTo)
    if ('escalatedTo' in e) expect(c.context.outcome.escalatedTo, where).toBe(e.escalatedTo)
    // issue #16: the level as decided (a rule may set it), and the facts rules decided beside the typed ones
    if ('level' in e) expect(c.summary.level, where).toBe(e.level)
    if ('derived' in e) {
      const derived = (e.derived as unknown[]) ?? []
      expect(c.context.decision?.derived ?? [], where).toMatchObject(derived)
      expect(c.summary.derived ?? [], where).toMatchObject(
        derived.map((d) => {
          const { ruleSet: _r, ...rest } = d as Record<string, unknown>
          return rest
        }),
      )
    }
  }
  return { id: id!, version }
}

/**
 * A runtime over a writable copy of definitions/galutu (so drafts can be published into it), with
 * an "admin" client holding every role. For the designer's server-side tests.
 */
export async function editableRuntime(clock = new ManualClock('2026-03-02')): Promise<{ rt: Runtime; http: Client; defs: string; close(): Promise<void> }> {
  const defs = await mkdtemp(path.join(os.tmpdir(), 'daiban-defs-'))
  const data = await mkdtemp(path.join(os.tmpdir(), 'daiban-data-'))
  await cp('definitions/galutu', path.join(defs, 'galutu'), { recursive: true })
  const rt = await createRuntime({ dataDir: data, definitionsDir: defs, clock, log: () => {} })
  const http = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'admin')
  return {
    rt,
    http,
    defs,
    async close() {
      await rt.close()
      await rm(defs, { recursive: true, force: true })
      await rm(data, { recursive: true, force: true })
    },
  }
}
