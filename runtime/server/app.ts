/**
 * The HTTP API (express 5). Thin (style.md §11): handlers validate the request's shape, call a
 * service and map the result; every error goes through the one table in ./errors.
 */
import express, { type Request, type Response, type NextFunction } from 'express'
import path from 'node:path'
import { existsSync } from 'node:fs'
import { decide, score, addCalendarDays, formatProblem } from '../../engine'
import type { Store, CaseFilter, Page, CaseSummary } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import type { CaseService } from '../cases/service'
import type { Scheduler } from '../scheduler/scheduler'
import { today, type Clock } from '../clock'
import { errorHandler, HttpError, problemsToFields } from './errors'
import { openapi } from './openapi'
import { ServiceError } from '../cases/errors'
import type { DraftService } from '../drafts/service'
import type { ReportService } from '../reports/service'
import { applyReportFilters } from '../reports/case-filters'
import helmet from 'helmet'
import type { AccountService } from '../auth/accounts'
import type { AuditService } from '../auth/audit'
import type { Policy } from '../auth/policy'
import { authenticate } from '../auth/http'
import { authRouter } from './auth-routes'
import type { DutyService } from '../duty/service'
import { allVisible, apiAccess, caseGuard, listVisible, visibleFilters } from './access'
import { maskView, sensitiveFields } from '../cases/masking'
import type { ForkService } from '../drafts/forks'
import type { Runtime } from './deps'

export interface AppDeps {
  store: Store
  accounts: AccountService
  /** The audit log as each reader may see it */
  audit: AuditService
  /** The policy table over the roles of every scheme's org definition (grants name their scheme) */
  policy: () => Policy
  /** Mark the session cookie Secure (behind HTTPS) */
  secureCookies?: boolean
  /** The role given to the first administrator (setup token) */
  adminRole?: string
  schemes: SchemeRegistry
  cases: CaseService
  scheduler: Scheduler
  clock: Clock
  /** Static web apps to serve: mount path → built folder */
  staticDirs?: Array<{ mount: string; dir: string }>
  log?: (msg: string, err?: unknown) => void
  bodyLimit?: string
  defaultScheme?: string
  drafts?: DraftService
  /** Forks from the designer and their upstream's changes (needs `drafts`) */
  forks?: ForkService
  duty?: DutyService
  reports?: ReportService
  /** The channels' services (public pages, imports, repeats, notifications): their routes are mounted when given */
  channels?: Runtime['channels']
  /** Public petitions per hour and status lookups (and challenges, public info) per 10 minutes, per client address */
  publicLimits?: { submitPerHour?: number; lookupPer10Min?: number }
  /** Number of reverse proxies in front (for the real client address in rate limits); never `true`. */
  trustProxy?: number
  /** Sign-in attempts per client address per 15 minutes */
  signInLimit?: number
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Refuses prototype-pollution keys while parsing, so they never reach a handler. */
function reviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`forbidden key "${key}"`)
  return value
}

const wrap = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve(fn(req, res)).catch(next)
}

/** The acting user: the signed-in principal (public routes act as "public"). */
function actorOf(req: Request): { id: string } {
  return { id: req.principal?.username ?? 'public' }
}

function locale(req: Request): 'zh-CN' | 'en' {
  return req.get('accept-language')?.startsWith('en') ? 'en' : 'zh-CN'
}

const LIST_SORTS = new Set<keyof CaseSummary>(['receivedOn', 'number', 'dueDate', 'updatedAt', 'createdAt', 'village', 'group', 'stage'])
const STR = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

export function createApp(deps: AppDeps): express.Express {
  const app = express()
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(m, e instanceof Error ? e.message : (e ?? '')))
  app.disable('x-powered-by')
  // Security headers with a CSP the apps (Monaco's workers and antd's runtime styles included) work under.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          // ajv (rjsf's validator, the designer's engine worker) compiles schemas with new Function.
          'script-src': ["'self'", "'unsafe-eval'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'worker-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: deps.secureCookies ? undefined : false,
    }),
  )
  app.set('query parser', 'simple')
  app.set('trust proxy', deps.trustProxy ?? 0)
  app.use('/api', express.json({ limit: deps.bodyLimit ?? '1mb', reviver, strict: true, type: ['application/json', 'application/*+json'] }))
  app.use('/api', (req, _res, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && req.headers['content-length'] !== '0' && req.body === undefined && req.headers['content-type'] && !req.is('application/json')) {
      next(new HttpError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 application/json'))
      return
    }
    next()
  })

  app.use('/api', authenticate(deps.accounts))
  app.use('/api', apiAccess(deps.policy, async (id) => (await deps.schemes.schemeIds()).includes(id)))
  app.use(authRouter({ accounts: deps.accounts, audit: deps.audit, policy: deps.policy, store: deps.store, schemes: deps.schemes, secureCookies: deps.secureCookies ?? false, adminRole: deps.adminRole ?? 'admin', ...(deps.signInLimit ? { signInPer15Min: deps.signInLimit } : {}) }))
  app.use('/api/cases/:caseId', caseGuard({ store: deps.store, policy: deps.policy }))
  const canPii = (req: Request, c: Pick<CaseSummary, 'village' | 'units'>) => deps.policy().canOnCase(req.principal!, 'case.pii', c)
  const present = async (req: Request, view: Awaited<ReturnType<CaseService['get']>>) =>
    canPii(req, view.summary) ? view : maskView(view, await sensitiveFields(deps.schemes, view.schemeId, view.schemeHash))

  const schemeOf = async (req: Request) => {
    const id = String(req.params.id ?? deps.defaultScheme ?? 'galutu')
    const ref = STR(req.query.version) ?? 'latest'
    const v = await deps.schemes.find(id, ref)
    return { v, scheme: await deps.schemes.get(id, v.hash) }
  }

  app.get('/api/health', wrap(async (_req, res) => {
    const ids = await deps.schemes.schemeIds()
    const warnings: string[] = []
    for (const id of ids) {
      const v = await deps.schemes.latest(id)
      const s = await deps.schemes.get(id, v.hash)
      const horizon = addCalendarDays(today(deps.clock), 90)
      if (!s.calendar.covers(horizon)) warnings.push(`方案 ${id} 的工作日历只到 ${s.calendar.to}，请尽快补充下一年度的节假日安排`)
      else if (s.calendar.provisionalYears.some((y) => y <= horizon.slice(0, 4))) {
        warnings.push(`方案 ${id} 的 ${s.calendar.provisionalYears.join('、')} 年日历为暂定（仅法定节日，不含调休）；国务院公布节假日安排后，请用 daiban calendar-seed 或设计器更新，再用 daiban migrate-cases 重算落在该年的截止日期`)
      }
    }
    res.json({ status: 'ok', today: today(deps.clock), schemes: ids, warnings })
  }))

  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi)
  })

  // ---- schemes
  app.get('/api/schemes', wrap(async (req, res) => {
    const out = []
    // The schemes the user works in (grants that apply there), in the order of their grants.
    const ids = new Set(await deps.schemes.schemeIds())
    for (const id of deps.policy().schemesOf(req.principal!).filter((x) => ids.has(x))) {
      const v = await deps.schemes.latest(id)
      const s = await deps.schemes.get(id, v.hash)
      out.push({ id, name: s.manifest.name, town: s.manifest.town, version: v.version, hash: v.hash, seq: v.seq, forkedFrom: s.manifest.forkedFrom ?? null })
    }
    res.json({ items: out })
  }))
  app.get('/api/schemes/:id', wrap(async (req, res) => {
    const { v, scheme } = await schemeOf(req)
    const m = scheme.manifest
    res.json({
      id: m.id, name: m.name, nameEn: m.nameEn, town: m.town, version: v.version, hash: v.hash, seq: v.seq, description: m.description, source: m.source,
      caseNumberPrefix: m.caseNumberPrefix,
      org: scheme.defs.org,
      calendar: { from: scheme.calendar.from, to: scheme.calendar.to, provisional: [...scheme.calendar.provisionalYears] },
      clocks: scheme.defs.deadlines.clocks,
    })
  }))
  app.get('/api/schemes/:id/versions', wrap(async (req, res) => {
    const idx = await deps.schemes.versionIndex(String(req.params.id))
    if (!idx.versions.length) throw new ServiceError('NOT_FOUND', `未找到方案 "${String(req.params.id)}"`)
    res.json({ items: idx.versions })
  }))
  app.get('/api/schemes/:id/forms', wrap(async (req, res) => {
    const { v, scheme } = await schemeOf(req)
    res.json({ hash: v.hash, items: [...scheme.forms.values()].map((f) => ({ id: f.def.id, name: f.def.name, nameEn: f.def.nameEn, printTitle: f.def.printTitle, schema: f.schema, uiSchema: f.uiSchema })) })
  }))
  app.get('/api/schemes/:id/forms/:formId', wrap(async (req, res) => {
    const { v, scheme } = await schemeOf(req)
    const f = scheme.form(String(req.params.formId))
    if (!f) throw new ServiceError('NOT_FOUND', `未找到表单 "${String(req.params.formId)}"`)
    res.json({ hash: v.hash, id: f.def.id, name: f.def.name, nameEn: f.def.nameEn, printTitle: f.def.printTitle, description: f.def.description, schema: f.schema, uiSchema: f.uiSchema })
  }))
  app.get('/api/schemes/:id/workflows', wrap(async (req, res) => {
    const { v, scheme } = await schemeOf(req)
    res.json({ hash: v.hash, items: scheme.defs.workflow.machines.map((m) => ({ id: m.id, name: m.name, events: m.events, entry: m.entry ?? {}, stateInfo: m.stateInfo ?? {} })) })
  }))
  app.post('/api/schemes/:id/decide', wrap(async (req, res) => {
    const { scheme } = await schemeOf(req)
    const d = await decide(scheme, req.body)
    if (!d.ok) throw new ServiceError('INVALID_INPUT', '输入有误', d.problems)
    res.json(d.decision)
  }))
  app.post('/api/schemes/:id/score', wrap(async (req, res) => {
    const { scheme } = await schemeOf(req)
    const s = score(scheme, req.body, STR(req.query.scoring))
    if (!s.ok) throw new ServiceError('INVALID_INPUT', '输入有误', s.problems)
    res.json(s.result)
  }))

  // ---- cases
  app.post('/api/cases', wrap(async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError('BAD_REQUEST', '请求体应为 JSON 对象 {schemeId?, type?, form}')
    const extra = Object.keys(body).filter((k) => !['schemeId', 'type', 'form', 'machine'].includes(k))
    if (extra.length) throw new ServiceError('INVALID_INPUT', `未知字段：${extra.join('、')}`, extra.map((k) => ({ code: 'UNKNOWN_FIELD', pointer: `/${k}`, message: `未知字段 "${k}"`, params: { field: k } })))
    // A case is registered in a scheme the user may register in: the one asked for, else their first.
    const policy = deps.policy()
    const p = req.principal!
    const schemeId = STR(body.schemeId) ?? policy.schemesOf(p).find((s) => policy.can(p, 'case.register', undefined, s)) ?? deps.defaultScheme ?? 'galutu'
    if (!policy.can(p, 'case.register', undefined, schemeId)) throw new HttpError('FORBIDDEN', `您不能在方案 ${schemeId} 中登记事项 / you may not register cases in scheme ${schemeId}`)
    const machine = STR(body.machine) ?? 'case'
    const village = (body.form as { village?: unknown } | undefined)?.village
    if (!policy.canOnCase(p, 'case.register', { schemeId, village: typeof village === 'string' ? village : null, units: [] })) {
      throw new HttpError('FORBIDDEN', '只能登记本人辖区（嘎查村、社区）的事项')
    }
    const type = STR(body.type)
    const view = await deps.cases.create(schemeId, { ...(type ? { type } : { entry: 'register' }), form: body.form, machine }, actorOf(req))
    res.status(201).json(await present(req, view))
  }))
  app.get('/api/cases', wrap(async (req, res) => {
    const q = req.query as Record<string, string | undefined>
    const t = today(deps.clock)
    const filter: CaseFilter = {}
    for (const k of ['state', 'stage', 'village', 'group', 'channel', 'officer', 'unit', 'q', 'receivedFrom', 'receivedTo'] as const) {
      const v = STR(q[k])
      if (v !== undefined) filter[k] = v
    }
    if (q.status === 'active' || q.status === 'done' || q.status === 'error') filter.status = q.status
    // Only the schemes (and, in each, the villages and units) the user holds grants for.
    const visible = visibleFilters(deps.policy(), req.principal!, 'case.read', STR(q.schemeId))
    if (q.overdue === '1' || q.overdue === 'true') {
      filter.dueOnOrBefore = addCalendarDays(t, -1)
      filter.status = 'active'
    } else if (q.dueSoon !== undefined && q.dueSoon !== '0') {
      const days = /^\d{1,3}$/.test(q.dueSoon) ? Number(q.dueSoon) : 3
      filter.dueOnOrBefore = addCalendarDays(t, days)
      filter.status = 'active'
    }
    // the reports' click-through: online / proxied / concluded / … as the scheme defines them
    const bad = await applyReportFilters(filter, q, async () => {
      const id = STR(q.schemeId) ?? deps.defaultScheme ?? 'galutu'
      return deps.schemes.get(id, (await deps.schemes.find(id, 'latest')).hash)
    })
    if (bad.length) throw new HttpError('BAD_REQUEST', bad.map((b) => b.message).join('；'), { fields: bad })
    const offset = q.offset === undefined ? 0 : Number(q.offset)
    const limit = q.limit === undefined ? 20 : Number(q.limit)
    if (!Number.isInteger(offset) || offset < 0) throw new HttpError('BAD_REQUEST', 'offset 应为非负整数')
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError('BAD_REQUEST', 'limit 应为 1–200 的整数')
    const page: Page = { offset, limit }
    if (q.sort) {
      if (!LIST_SORTS.has(q.sort as keyof CaseSummary)) throw new HttpError('BAD_REQUEST', `不能按 ${q.sort} 排序`)
      page.sort = q.sort as keyof CaseSummary
    }
    if (q.order === 'asc' || q.order === 'desc') page.order = q.order
    const r = await listVisible(deps.store, visible, filter, page)
    res.json({ ...r, offset, limit })
  }))
  app.get('/api/cases/:caseId', wrap(async (req, res) => {
    res.json(await present(req, await deps.cases.get(String(req.params.caseId))))
  }))
  app.get('/api/cases/:caseId/petitioner', wrap(async (req, res) => {
    const view = await deps.cases.get(String(req.params.caseId))
    if (!canPii(req, view.summary)) throw new HttpError('FORBIDDEN', '您的角色不能查看信访人的完整信息')
    const fields = await sensitiveFields(deps.schemes, view.schemeId, view.schemeHash)
    const facts = view.context.facts ?? {}
    const details = Object.fromEntries(Object.keys(facts).filter((k) => fields.has(k) || k === 'petitionerName' || k === 'address').map((k) => [k, facts[k]]))
    // Viewing a petitioner's full details is recorded.
    await deps.store.appendAudit([{ at: deps.clock.now().toISOString(), actor: req.principal!.username, caseId: view.id, schemeId: view.schemeId, action: 'pii.view', changes: { fields: Object.keys(details) } }])
    res.json({ caseId: view.id, number: view.number, details })
  }))
  app.post('/api/cases/:caseId/events', wrap(async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string') throw new HttpError('BAD_REQUEST', '请求体应为 {type, form?, expectedVersion?}')
    const extra = Object.keys(body).filter((k) => !['type', 'form', 'expectedVersion'].includes(k))
    if (extra.length) throw new ServiceError('INVALID_INPUT', `未知字段：${extra.join('、')}`, extra.map((k) => ({ code: 'UNKNOWN_FIELD', pointer: `/${k}`, message: `未知字段 "${k}"`, params: { field: k } })))
    if (body.expectedVersion !== undefined && !Number.isInteger(body.expectedVersion)) throw new HttpError('BAD_REQUEST', 'expectedVersion 应为整数')
    const input: { type: string; form?: unknown; expectedVersion?: number } = { type: body.type }
    if (body.form !== undefined) input.form = body.form
    if (body.expectedVersion !== undefined) input.expectedVersion = body.expectedVersion as number
    // The workflow definition says which roles may send each event.
    const summary = (req as Request & { caseSummary?: CaseSummary }).caseSummary!
    const scheme = await deps.schemes.get(summary.schemeId, summary.schemeHash ?? '')
    const roles = scheme.machineDefs.get(summary.machine ?? 'case')?.events[body.type]?.roles
    if (!deps.policy().canOnCase(req.principal!, 'case.event', summary, roles)) throw new HttpError('FORBIDDEN', `您的角色不能进行“${scheme.machineDefs.get(summary.machine ?? 'case')?.events[body.type]?.name ?? body.type}”`)
    res.json(await present(req, await deps.cases.send(String(req.params.caseId), input, actorOf(req))))
  }))
  app.get('/api/cases/:caseId/audit', wrap(async (req, res) => {
    res.json({ items: await deps.audit.ofCase(req.principal!, String(req.params.caseId)) })
  }))

  // ---- tasks and reminders
  app.get('/api/my/tasks', wrap(async (req, res) => {
    const p = req.principal!
    const officer = STR(req.query.officer) ?? p.displayName
    const t = today(deps.clock)
    const visible = visibleFilters(deps.policy(), p, 'case.read', STR(req.query.schemeId))
    const names = STR(req.query.officer) ? [officer] : [...new Set([p.displayName, p.username])]
    const items = (await Promise.all(names.map((o) => allVisible(deps.store, visible, { officer: o, status: 'active' })))).flat()
    items.sort((a, b) => (a.dueDate ?? '9999') < (b.dueDate ?? '9999') ? -1 : 1)
    const overdue = items.filter((s) => s.dueDate !== null && s.dueDate < t).length
    const dueSoonLimit = addCalendarDays(t, 3)
    const dueSoon = items.filter((s) => s.dueDate !== null && s.dueDate >= t && s.dueDate <= dueSoonLimit).length
    res.json({ officer, today: t, counts: { total: items.length, overdue, dueSoon }, items: items.slice(0, 200) })
  }))
  app.get('/api/reminders', wrap(async (req, res) => {
    const filter: { caseId?: string; open?: boolean } = {}
    if (STR(req.query.caseId)) filter.caseId = String(req.query.caseId)
    if (req.query.open === '1' || req.query.open === 'true') filter.open = true
    let items = await deps.store.listReminders(filter)
    // the cases the user may see (in one scheme with ?schemeId=), and the recurring duties
    // (`duty:<scheme>:…`) of the schemes where they may read duty
    const only = STR(req.query.schemeId)
    const filters = visibleFilters(deps.policy(), req.principal!, 'case.read', only)
    const dutyScheme = (caseId: string) => /^duty:([^:]+):/.exec(caseId)?.[1]
    const dutyOk = (id: string) => (only === undefined || id === only) && deps.policy().can(req.principal!, 'duty.read', undefined, id)
    if (!(filters.length === 1 && Object.keys(filters[0]!).length === 0)) {
      const visible = new Set((await allVisible(deps.store, filters)).map((s) => s.id))
      items = items.filter((r) => {
        const d = dutyScheme(r.caseId)
        return d ? dutyOk(d) : visible.has(r.caseId)
      })
    } else items = items.filter((r) => {
      const d = dutyScheme(r.caseId)
      return !d || dutyOk(d)
    })
    res.json({ items })
  }))
  app.post('/api/reminders/:id/ack', wrap(async (req, res) => {
    // only a reminder the user may see: of a case in their schemes and jurisdiction, or of a
    // recurring duty of a scheme where they read duty (reminder ids begin with the case id or `duty:<scheme>:`)
    const id = String(req.params.id)
    const duty = /^duty:([^:]+):/.exec(id)
    const visible = duty
      ? deps.policy().can(req.principal!, 'duty.read', undefined, duty[1])
      : await deps.store.getCase(id.split(':')[0] ?? '').then((rec) => !!rec && deps.policy().canOnCase(req.principal!, 'case.read', rec.summary))
    if (!visible) throw new ServiceError('NOT_FOUND', '未找到提醒')
    const ok = await deps.store.acknowledgeReminder(id, actorOf(req).id)
    if (!ok) throw new ServiceError('NOT_FOUND', '未找到提醒')
    res.json({ ok: true })
  }))
  app.post('/api/scheduler/tick', wrap(async (_req, res) => {
    const raised = await deps.scheduler.tick()
    res.json({ raised: raised.length, items: raised })
  }))


  app.use('/api', (req, _res, next) => next(new ServiceError('NOT_FOUND', `没有接口 ${req.method} ${req.path}`)))

  for (const s of deps.staticDirs ?? []) {
    if (!existsSync(s.dir)) continue
    app.use(s.mount, express.static(s.dir, { index: 'index.html', maxAge: '1h' }))
    app.get(`${s.mount === '/' ? '' : s.mount}/{*rest}`, (req, res, next) => {
      if (req.path.startsWith('/api/')) return next()
      res.sendFile(path.join(s.dir, 'index.html'))
    })
  }

  app.use(errorHandler(log))
  void formatProblem
  void problemsToFields
  return app
}
