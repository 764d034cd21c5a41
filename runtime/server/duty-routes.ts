/**
 * Duty, training and supervision over HTTP: the roster and swaps, who is on duty, staffing,
 * grid workers' days at their point, recurring obligations with their evidence, the officer
 * assessment, service complaints, office phones, and the two public routes (the notice board and
 * online complaints behind the proof-of-work challenge). Thin: validate the request's shape, call
 * the duty service, map the result; errors go through the app's one error table.
 */
import { Router, type Request, type Response, type NextFunction } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { ChallengeService } from '../channels/challenge'
import type { DutyService } from '../duty/service'
import { RosterService, monthDays } from '../duty/roster'
import { ServiceError } from '../cases/errors'
import { HttpError } from './errors'

export interface DutyRouterDeps {
  duty: DutyService
  /** The same challenge service the public petition page uses (GET /api/public/challenge issues them) */
  challenges: ChallengeService
  actorOf: (req: Request) => { id: string }
  /** Per client address: public complaints per hour (default 10), notice-board reads per 10 minutes (default 60) */
  limits?: { complaintsPerHour?: number; noticePer10Min?: number }
}

const body = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {})
const only = (b: Record<string, unknown>, allowed: string[]) => {
  const extra = Object.keys(b).filter((k) => !allowed.includes(k))
  if (extra.length) throw new ServiceError('INVALID_INPUT', `未知字段：${extra.join('、')}`, extra.map((k) => ({ code: 'UNKNOWN_FIELD', pointer: `/${k}`, message: `未知字段 "${k}"` })))
}
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

export function dutyRouter(d: DutyRouterDeps): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const scheme = (req: Request) => d.duty.scheme(String(req.params.id))
  const limited = (limit: number, windowMs: number) =>
    rateLimit({
      windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError('RATE_LIMITED', '请求过于频繁，请稍后再试 / too many requests')),
    })
  const complaintLimit = limited(d.limits?.complaintsPerHour ?? 10, 60 * 60_000)
  // The notice reads every account: bounded per client, as it needs no session.
  const noticeLimit = limited(d.limits?.noticePer10Min ?? 60, 10 * 60_000)

  // ---- public (no session)
  r.get('/api/public/:id/notice', noticeLimit, wrap(async (req, res) => {
    res.json(await d.duty.notice(await scheme(req)))
  }))
  r.post('/api/public/:id/complaints', complaintLimit, wrap(async (req, res) => {
    const b = body(req)
    only(b, ['form', 'challenge', 'solution', 'submissionId'])
    res.status(201).json(await d.challenges.redeem(b.challenge, b.solution, () => d.duty.complaints.submitPublic(String(req.params.id), b.form, b.submissionId)))
  }))

  // ---- the definition
  r.get('/api/duty/:id', wrap(async (req, res) => {
    const s = await scheme(req)
    const duty = s.defs.duty
    if (!duty) throw new ServiceError('NOT_FOUND', `方案 "${s.manifest.id}" 没有值班、培训与监督定义（duty）`)
    res.json({ schemeId: s.manifest.id, duty })
  }))

  // ---- roster
  r.post('/api/duty/:id/roster/:month', wrap(async (req, res) => {
    const b = body(req)
    only(b, ['replace'])
    if (b.replace !== undefined && typeof b.replace !== 'boolean') throw new HttpError('BAD_REQUEST', 'replace 应为布尔值')
    const roster = await d.duty.roster.generate(await scheme(req), String(req.params.month), d.actorOf(req).id, d.duty.nowIso(), { replace: b.replace === true })
    res.status(201).json({ ...roster, counts: RosterService.counts(roster) })
  }))
  r.get('/api/duty/:id/roster/:month', wrap(async (req, res) => {
    const s = await scheme(req)
    const roster = await d.duty.roster.get(s.manifest.id, String(req.params.month))
    if (!roster) throw new ServiceError('NOT_FOUND', `${String(req.params.month)} 的排班尚未生成`)
    const names = Object.fromEntries((await d.duty.people(s.manifest.id)).map((p) => [p.username, p.displayName]))
    res.json({ ...roster, counts: RosterService.counts(roster), names })
  }))
  r.get('/api/duty/:id/calendar/:month', wrap(async (req, res) => {
    const month = String(req.params.month)
    res.json({ month, days: monthDays(await scheme(req), month) })
  }))
  r.post('/api/duty/:id/swaps', wrap(async (req, res) => {
    res.status(201).json(await d.duty.roster.swap(await scheme(req), req.body, d.actorOf(req).id, d.duty.nowIso()))
  }))
  r.get('/api/duty/:id/today', wrap(async (req, res) => {
    const s = await scheme(req)
    const date = str(req.query.date) ?? d.duty.today(s)
    res.json(await d.duty.roster.onDuty(s, date))
  }))

  // ---- staffing
  r.get('/api/duty/:id/staffing', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json({ date: d.duty.today(s), ...(await d.duty.staffing(s)), checks: (await d.duty.staffingRecords.list(s.manifest.id)).slice(-10) })
  }))
  r.post('/api/duty/:id/staffing/checks', wrap(async (req, res) => {
    res.status(201).json(await d.duty.recordStaffing(await scheme(req), d.actorOf(req).id))
  }))

  // ---- grid workers at their point
  r.post('/api/duty/:id/attendance', wrap(async (req, res) => {
    const s = await scheme(req)
    const out = await d.duty.attendance.record(s, req.body, d.actorOf(req).id, d.duty.today(s), d.duty.nowIso())
    res.status(out.created ? 201 : 200).json(out.record)
  }))
  r.get('/api/duty/:id/attendance/week', wrap(async (req, res) => {
    const s = await scheme(req)
    const t = d.duty.today(s)
    res.json(await d.duty.attendance.week(s, str(req.query.date) ?? t, t))
  }))

  // ---- recurring obligations
  r.get('/api/duty/:id/obligations', wrap(async (req, res) => {
    const s = await scheme(req)
    const t = d.duty.today(s)
    const y = str(req.query.year) ?? t.slice(0, 4)
    if (!/^\d{4}$/.test(y)) throw new HttpError('BAD_REQUEST', 'year 应为 YYYY')
    const status = str(req.query.status)
    if (status && !['open', 'done', 'overdue'].includes(status)) throw new HttpError('BAD_REQUEST', 'status 应为 open、done 或 overdue')
    const items = await d.duty.obligations.list(s, Number(y), t, d.duty.nowIso(), { status, obligation: str(req.query.obligation), village: str(req.query.village) })
    res.json({ year: Number(y), today: t, counts: { open: items.filter((i) => i.status === 'open').length, done: items.filter((i) => i.status === 'done').length, overdue: items.filter((i) => i.status === 'overdue').length }, items })
  }))
  r.get('/api/duty/:id/obligations/:occurrence', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json(await d.duty.obligations.get(s, String(req.params.occurrence), d.duty.today(s), d.duty.nowIso()))
  }))
  r.post('/api/duty/:id/obligations/:occurrence/evidence', wrap(async (req, res) => {
    const s = await scheme(req)
    const b = body(req)
    only(b, ['form'])
    res.status(201).json(await d.duty.obligations.record(s, String(req.params.occurrence), b.form, d.actorOf(req).id, d.duty.today(s), d.duty.nowIso()))
  }))
  r.post('/api/duty/tick', wrap(async (_req, res) => {
    const raised = await d.duty.tick()
    res.json({ raised: raised.length, items: raised })
  }))

  // ---- officer assessment
  r.get('/api/duty/:id/officers', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json(await d.duty.officers.assess(s, req.query.period, d.duty.today(s), str(req.query.officer)))
  }))
  r.put('/api/duty/:id/officers/:username/marks', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json(await d.duty.officers.setMarks(s, req.query.period, String(req.params.username), req.body, d.actorOf(req).id, d.duty.nowIso()))
  }))

  // ---- service complaints (staff side; assign and reply through /api/cases/:id/events)
  r.post('/api/duty/:id/complaints', wrap(async (req, res) => {
    res.status(201).json(await d.duty.complaints.register(String(req.params.id), req.body, d.actorOf(req)))
  }))
  r.get('/api/duty/:id/complaints', wrap(async (req, res) => {
    const status = str(req.query.status)
    if (status && !['open', 'overdue', 'replied'].includes(status)) throw new HttpError('BAD_REQUEST', 'status 应为 open、overdue 或 replied')
    res.json(await d.duty.complaints.list(String(req.params.id), status))
  }))

  // ---- office phones (published on the notice board; one per person, whatever the scheme)
  r.get('/api/duty/:id/contacts', wrap(async (req, res) => {
    const s = await scheme(req)
    const people = await d.duty.people(s.manifest.id)
    const phones = await d.duty.contacts.phones(people.map((p) => p.username))
    res.json({ items: people.map((p) => ({ username: p.username, name: p.displayName, officePhone: phones.get(p.username) ?? null })) })
  }))
  r.put('/api/duty/:id/contacts/:username', wrap(async (req, res) => {
    const s = await scheme(req)
    const b = body(req)
    only(b, ['officePhone'])
    const username = String(req.params.username)
    if (!(await d.duty.people(s.manifest.id)).some((p) => p.username === username)) throw new ServiceError('NOT_FOUND', `未找到账号 "${username}"`)
    res.json(await d.duty.contacts.set(username, b.officePhone ?? null, d.actorOf(req).id, d.duty.nowIso(), s.manifest.id))
  }))

  return r
}
