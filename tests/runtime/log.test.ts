/**
 * Structured logs (runtime/log.ts): one JSON line per request with its id, path, status, time and
 * user; petitioners' ID numbers, phones and names never reach a line; the failures the scheduler
 * and the duty pass used to swallow are logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import express from 'express'
import request from 'supertest'
import { createLogger, httpLogger, requestIdOf, scrubLine, REDACTED, type Logger } from '../../runtime/log'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Scheduler } from '../../runtime/scheduler/scheduler'
import { createRuntime } from '../../runtime/server/deps'
import { ManualClock } from '../../runtime/clock'
import { harness, intake, signIn, type Harness } from './harness'

const ID_NUMBER = '150626198001011234'
const PHONE = '13812345678'
const NAME = '王小明'

/** A logger whose lines land in an array, parsed. */
function capture(level: 'debug' | 'info' = 'info'): { logger: Logger; lines: Array<Record<string, any>>; raw: string[] } {
  const raw: string[] = []
  const logger = createLogger({ level, destination: { write: (s: string) => void raw.push(s) } })
  return {
    logger,
    raw,
    get lines() {
      return raw.map((l) => JSON.parse(l))
    },
  }
}

const settle = () => new Promise((r) => setTimeout(r, 20))

let h: Harness
beforeAll(async () => {
  h = await harness({ officers: ['李四'] })
})
afterAll(async () => h.close())

describe('request logs', () => {
  it('one line per request: request id, method, path without the query, status, time and the signed-in user; no PII anywhere', async () => {
    const cap = capture()
    // The real app behind the middleware: the auth middleware inside sets req.principal on the same request.
    const outer = express()
    outer.use(httpLogger(cap.logger))
    outer.use(h.app)
    const me = await signIn(outer, 'officer1')
    cap.raw.length = 0

    const r = await me.post('/api/cases').send({ form: intake({ officer: '李四', petitionerName: NAME, phone: PHONE, idNumber: ID_NUMBER }) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const found = await me.get(`/api/cases?q=${encodeURIComponent(NAME)}`)
    expect(found.status).toBe(200)
    await settle()
    expect(cap.raw).toHaveLength(2)
    const [line, search] = cap.lines
    expect(line!.req).toEqual({ method: 'POST', url: '/api/cases' })
    expect(line!.res).toEqual({ statusCode: 201 })
    expect(line!.user).toBe('officer1')
    expect(line!.reqId).toBe(r.headers['x-request-id'])
    expect(line!.reqId).toMatch(/^[0-9a-f-]{36}$/)
    expect(typeof line!.responseTime).toBe('number')
    expect(line!.level).toBe('info')
    // the path only: the query (a search for the petitioner's name) is not logged
    expect(search!.req).toEqual({ method: 'GET', url: '/api/cases' })
    for (const raw of cap.raw) for (const pii of [ID_NUMBER, PHONE, NAME, encodeURIComponent(NAME), 'cookie', me.csrf]) expect(raw).not.toContain(pii)
  })

  it('a line logged while handling a request with an ID number and a phone in its body shows them redacted', async () => {
    const cap = capture()
    const app = express()
    app.use(httpLogger(cap.logger))
    app.use(express.json())
    app.post('/api/cases', (req, res) => {
      // what a careless handler might log: the whole body, the headers, the number in a message
      req.log!.warn({ body: req.body, headers: req.headers }, `refused a registration for ${req.body.form.idNumber} (${req.body.form.phone})`)
      res.status(422).json({ code: 'INVALID_INPUT', requestId: requestIdOf(req) })
    })
    const r = await request(app)
      .post('/api/cases')
      .set('cookie', 'daiban_sid=secret-session')
      .set('x-csrf-token', 'secret-csrf')
      .send({
        form: { petitionerName: NAME, idNumber: ID_NUMBER, phone: PHONE },
        password: 'hunter2-password',
        note: `打电话 ${PHONE}，身份证 ${ID_NUMBER}`,
        n: Number(PHONE),
      })
    expect(r.status).toBe(422)
    await settle()
    expect(cap.raw).toHaveLength(2)
    const [warned, done] = cap.lines
    expect(warned!.body.form).toEqual({ petitionerName: REDACTED, idNumber: REDACTED, phone: REDACTED })
    expect(warned!.body.password).toBe(REDACTED)
    expect(warned!.body.note).toBe(`打电话 ${REDACTED}，身份证 ${REDACTED}`)
    expect(warned!.body.n).toBe(REDACTED)
    expect(warned!.headers.cookie).toBe(REDACTED)
    expect(warned!.headers['x-csrf-token']).toBe(REDACTED)
    expect(warned!.msg).toBe(`refused a registration for ${REDACTED} (${REDACTED})`)
    // the handler's line and the request line share the request id, which the error body carries
    expect(warned!.reqId).toBe(r.body.requestId)
    expect(done!.reqId).toBe(r.body.requestId)
    expect(done!.res.statusCode).toBe(422)
    expect(done!.level).toBe('info') // a user error is not a failure
    for (const l of cap.raw) for (const pii of [ID_NUMBER, PHONE, NAME, 'secret-session', 'secret-csrf', 'hunter2']) expect(l).not.toContain(pii)
  })

  it('reuses a short safe x-request-id and replaces any other with a UUID', async () => {
    const cap = capture()
    const app = express()
    app.use(httpLogger(cap.logger))
    app.get('/x', (_req, res) => void res.status(500).end())
    const ok = await request(app).get('/x').set('x-request-id', 'edge-7f3a.42')
    expect(ok.headers['x-request-id']).toBe('edge-7f3a.42')
    for (const bad of ['a'.repeat(65), 'a b', '<script>', `id-${ID_NUMBER}/../x`, '']) {
      const r = await request(app).get('/x').set('x-request-id', bad)
      expect(r.headers['x-request-id'], bad).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
    await settle()
    expect(cap.lines[0]!.reqId).toBe('edge-7f3a.42')
    expect(cap.lines[0]!.level).toBe('error') // 5xx
    expect(cap.lines[0]!.err).toBeUndefined() // the error handler logs the error itself
  })

  it('scrubbing keeps a line valid JSON and leaves times and UUIDs alone', () => {
    // an ID number written as a JSON number, as a careless client would send it: precision is lost, the digits still scrubbed
    const line =
      // eslint-disable-next-line no-loss-of-precision
      JSON.stringify({ time: 1767225600000, id: '123e4567-e89b-12d3-a456-426614174000', n: 110105194912310021, s: `x${ID_NUMBER.slice(0, 17)}Xy` }) + '\n'
    const out = scrubLine(line)
    expect(out.endsWith('\n')).toBe(true)
    expect(JSON.parse(out)).toEqual({ time: 1767225600000, id: '123e4567-e89b-12d3-a456-426614174000', n: REDACTED, s: `x${REDACTED}y` })
  })
})

describe('swallowed failures are logged', () => {
  it('scheduler: a failed notification after reminders were raised', async () => {
    const cap = capture()
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-02', phone: PHONE }) })
    expect(c.status).toBe(201)
    h.clock.set('2026-03-16') // overdue: reminders are raised
    const failing = new Scheduler(
      h.rt.store,
      h.rt.schemes,
      h.clock,
      () => {
        throw new Error(`notification channel down for ${PHONE}`)
      },
      cap.logger,
    )
    const raised = await failing.tick()
    expect(raised.length).toBeGreaterThan(0) // the reminders are stored all the same
    const line = cap.lines.find((l) => l.msg.startsWith('scheduler: notifying'))
    expect(line, JSON.stringify(cap.lines)).toBeDefined()
    expect(line!.level).toBe('error')
    expect(line!.err.message).toBe(`notification channel down for ${REDACTED}`)
    expect(line!.reminders).toBe(raised.length)
  })

  it('scheduler and duty of the runtime: a background pass over an unavailable store', async () => {
    const cap = capture()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-log-'))
    const rt = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock: new ManualClock('2026-03-02'), logger: cap.logger })
    await rt.store.close() // the store becomes unavailable under the running background passes
    rt.scheduler.start(3_600_000)
    rt.duty.start(3_600_000)
    try {
      await expect
        .poll(() => cap.lines.map((l) => l.msg))
        .toEqual(expect.arrayContaining(['scheduler: tick failed; retrying at the next one', 'duty: obligations pass failed; retrying at the next one']))
      const tick = cap.lines.find((l) => l.msg.startsWith('scheduler: tick failed'))!
      expect(tick.level).toBe('error')
      expect(tick.component).toBe('scheduler')
      expect(tick.err.type).toBe('StoreUnavailableError')
      expect(cap.lines.find((l) => l.msg.startsWith('duty:'))!.component).toBe('duty')
    } finally {
      await rt.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
