/**
 * Channels: the public pages' API (no sign-in: online intake, challenge, status lookup, rate
 * limited per real client address), imports from the hotline and platforms, repeat detection and
 * linking, staff notifications, the repeat-petition report.
 */
import express, { Router, type Request, type Response, type NextFunction } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { SchemeRegistry } from '../schemes/registry'
import type { Store } from '../store'
import type { PublicService } from '../channels/public'
import type { ChallengeService } from '../channels/challenge'
import type { ImportService } from '../channels/import'
import { errorReportCsv } from '../channels/import'
import type { SimilarService } from '../channels/similar'
import { repeatKind } from '../channels/similar'
import type { NotificationService } from '../channels/notifications'
import type { Policy } from '../auth/policy'
import { ServiceError } from '../cases/errors'
import { HttpError } from './errors'

export interface ChannelDeps {
  schemes: SchemeRegistry
  store: Store
  publicService: PublicService
  challenges: ChallengeService
  imports: ImportService
  similar: SimilarService
  notifications: NotificationService
  actorOf: (req: Request) => { id: string }
  /** Who may read which case (the similar-case lookup lists only those) */
  policy: () => Policy
  defaultScheme: string
  /** Requests per window per client address for the public routes (tests raise or lower them). */
  limits?: { submitPerHour?: number; lookupPer10Min?: number }
}

export function channelsRouter(d: ChannelDeps): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const limited = (limit: number, windowMs: number) =>
    rateLimit({
      windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError('RATE_LIMITED', '请求过于频繁，请稍后再试 / too many requests')),
    })
  const submitLimit = limited(d.limits?.submitPerHour ?? 10, 60 * 60_000)
  const lookupLimit = limited(d.limits?.lookupPer10Min ?? 30, 10 * 60_000)
  const scheme = (req: Request) => (typeof req.params.id === 'string' ? req.params.id : d.defaultScheme)
  /** The case behind `:caseId` (an id or a number), as the app's case guard loaded it. */
  const caseIdOf = (req: Request) => (req as Request & { caseSummary?: { id: string } }).caseSummary?.id ?? String(req.params.caseId)
  const readable = (req: Request) => d.policy().caseFilter(req.principal!, 'case.read')

  // ---- public (no session)
  r.get('/api/public/:id/info', wrap(async (req, res) => {
    res.json(await d.publicService.publicInfo(scheme(req)))
  }))
  r.get('/api/public/challenge', lookupLimit, (_req, res) => {
    res.json(d.challenges.issue())
  })
  r.post('/api/public/:id/petitions', submitLimit, wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    const extra = Object.keys(b).filter((k) => !['form', 'challenge', 'solution', 'submissionId'].includes(k))
    if (extra.length) throw new ServiceError('INVALID_INPUT', `未知字段：${extra.join('、')}`)
    res.status(201).json(await d.challenges.redeem(b.challenge, b.solution, () => d.publicService.submit(scheme(req), b.form, b.submissionId)))
  }))
  r.post('/api/public/status', lookupLimit, wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    res.json(await d.publicService.status(b.code, b.phoneLast4))
  }))

  // ---- staff
  r.post('/api/schemes/:id/import/:channel', express.raw({ type: () => true, limit: '20mb' }), wrap(async (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError('BAD_REQUEST', '请上传 CSV 或 .xlsx 文件作为请求体')
    const name = typeof req.query.filename === 'string' ? req.query.filename : req.is('text/csv') ? 'import.csv' : 'import.xlsx'
    const result = await d.imports.run(scheme(req), String(req.params.channel), req.body, name, d.actorOf(req).id, req.query.dryRun === '1')
    if (req.query.report === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8')
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('导入错误报告.csv')}`)
      res.send(errorReportCsv(result.errors))
      return
    }
    res.json(result)
  }))
  r.post('/api/schemes/:id/similar', wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    if (typeof b !== 'object' || Array.isArray(b)) throw new HttpError('BAD_REQUEST', '请求体应为事实对象')
    res.json(await d.similar.find(scheme(req), b, { visible: readable(req) }))
  }))
  r.get('/api/cases/:caseId/similar', wrap(async (req, res) => {
    const rec = await d.store.getCase(String(req.params.caseId))
    if (!rec) throw new ServiceError('NOT_FOUND', '未找到案件')
    const facts = (rec.snapshot as { context?: { facts?: Record<string, unknown> } }).context?.facts ?? {}
    res.json(await d.similar.find(rec.summary.schemeId, facts, { exclude: rec.summary.id, visible: readable(req) }))
  }))
  r.get('/api/cases/:caseId/links', wrap(async (req, res) => {
    res.json(await d.similar.linkedOf(caseIdOf(req)))
  }))
  r.post('/api/cases/:caseId/links', wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    if (typeof b.caseId !== 'string') throw new ServiceError('INVALID_INPUT', '缺少 caseId', [{ code: 'REQUIRED', pointer: '/caseId', message: '缺少 caseId' }])
    res.json({ linked: await d.similar.link(caseIdOf(req), b.caseId, d.actorOf(req).id) })
  }))
  r.delete('/api/cases/:caseId/links/:otherId', wrap(async (req, res) => {
    res.json({ linked: await d.similar.unlink(caseIdOf(req), String(req.params.otherId), d.actorOf(req).id) })
  }))
  r.get('/api/reports/:id/repeats', wrap(async (req, res) => {
    const year = typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) ? req.query.year : new Date().toISOString().slice(0, 4)
    const all = await d.store.allSummaries({ schemeId: scheme(req) })
    const byId = new Map(all.map((s) => [s.id, s]))
    const rows = new Map<string, { village: string; month: string; repeat: number; multi: number }>()
    // the counted cases themselves, so a count can be opened (the case list has no "linked" filter)
    const cases: Array<{ caseId: string; number: string; village: string; month: string; kind: 'repeat' | 'multi'; receivedOn: string; channel: string | null; linked: string[] }> = []
    for (const s of all) {
      if (!s.linked?.length || !s.receivedOn?.startsWith(year)) continue
      const kind = repeatKind(s, byId)
      if (!kind) continue
      const key = `${s.village}|${s.receivedOn.slice(0, 7)}`
      const row = rows.get(key) ?? { village: s.village ?? '', month: s.receivedOn.slice(0, 7), repeat: 0, multi: 0 }
      row[kind]++
      rows.set(key, row)
      cases.push({ caseId: s.id, number: s.number, village: s.village ?? '', month: s.receivedOn.slice(0, 7), kind, receivedOn: s.receivedOn, channel: s.channel, linked: s.linked.map((id) => byId.get(id)?.number ?? id) })
    }
    cases.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.number.localeCompare(b.number))
    res.json({ year, items: [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.village.localeCompare(b.village, 'zh-CN')), cases })
  }))
  // A case names its officer as the intake form has it (a display name or a user name), so the
  // signed-in user reads the notifications kept under either.
  const inboxes = (req: Request) => [...new Set([d.actorOf(req).id, req.principal?.displayName].filter((x): x is string => !!x))]
  r.get('/api/my/notifications', wrap(async (req, res) => {
    const list = await d.notifications.listAll(inboxes(req))
    res.json({ unread: list.filter((n) => !n.read).length, items: list.slice(0, 100) })
  }))
  r.post('/api/my/notifications/read', wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    const ids = b.all === true ? 'all' : Array.isArray(b.ids) && b.ids.every((x) => typeof x === 'string') ? (b.ids as string[]) : null
    if (!ids) throw new HttpError('BAD_REQUEST', '请提供 ids（字符串数组）或 all: true')
    let marked = 0
    for (const inbox of inboxes(req)) marked += await d.notifications.markRead(inbox, ids)
    res.json({ marked })
  }))
  return r
}
