/**
 * The HTTP API (express 5): security headers, the request log, the route table (./routes, mounted
 * by ./contract/mount — the only place an /api route exists), the static web apps, and the one
 * error table in ./errors. Handlers are thin (style.md §11): the table validates the request,
 * the handler calls a service and returns the result.
 */
import express, { type Request } from 'express'
import { existsSync } from 'node:fs'
import type { Store } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import type { CaseService } from '../cases/service'
import type { Scheduler } from '../scheduler/scheduler'
import type { Clock } from '../clock'
import { errorHandler, HttpError } from './errors'
import { compressResponses } from './compress'
import { webApp } from './static'
import { ServiceError } from '../errors'
import type { DraftService } from '../drafts/service'
import type { ReportService } from '../reports/service'
import helmet from 'helmet'
import type { AccountService } from '../auth/accounts'
import type { AuditService } from '../auth/audit'
import type { Policy } from '../auth/policy'
import type { DutyService } from '../duty/service'
import type { ForkService } from '../drafts/forks'
import { rateLimit } from 'express-rate-limit'
import { httpLogger, type Logger } from '../log'
import { locale, mountRoutes } from './contract/mount'
import { buildOpenApi } from './contract/openapi'
import { apiRoutes } from './routes'
import type { RateLimitName } from './contract/route'
import { sharedRateLimits } from '../store/shared'
import type { RouteDeps } from './routes/deps'
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
  /** Static web apps to serve: mount path → built folder (./static.ts: cache headers, precompressed copies) */
  staticDirs?: Array<{ mount: string; dir: string }>
  /** True once the server is shutting down: /api/ready answers 503 (main.ts) */
  stopping?: () => boolean
  log?: (msg: string, err?: unknown) => void
  /** Structured logs (runtime/log.ts): one line per request, and 500s with their stacks */
  logger?: Logger
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
  /** Public complaints per hour and notice-board reads per 10 minutes, per client address */
  dutyLimits?: { complaintsPerHour?: number; noticePer10Min?: number }
  /** Check every JSON response against its declared schema (tests; also DAIBAN_CHECK_RESPONSES=1) */
  checkResponses?: boolean
  /** Tests only: `x-daiban-probe: access` answers 204 right after the access check (the generated access matrix) */
  accessProbe?: boolean
  /** Bench only: skip request validation to measure its cost (bench/validation.ts) */
  validateRequests?: boolean
}

/** The API's version in the OpenAPI document */
const API_VERSION = '2.0.0'

function parseBytes(v: string | number): number {
  if (typeof v === 'number') return v
  const m = /^(\d+)\s*(kb|mb|b)?$/i.exec(v.trim())
  if (!m) throw new Error(`bodyLimit "${v}" is not a size like 1mb`)
  const n = Number(m[1])
  const unit = (m[2] ?? 'b').toLowerCase()
  return unit === 'mb' ? n * 1024 * 1024 : unit === 'kb' ? n * 1024 : n
}

/** The acting user: the signed-in principal (public routes act as "public"). */
function actorOf(req: Request): { id: string } {
  return { id: req.principal?.username ?? 'public' }
}

export function createApp(deps: AppDeps): express.Express {
  const app = express()
  // `/api/DESIGNER/…` or `/api/cases/` must not reach `/api/designer/…` or `/api/cases`
  app.set('case sensitive routing', true)
  app.set('strict routing', true)
  const log = deps.log ?? (() => {})
  app.disable('x-powered-by')
  // one JSON line per request (request id, also sent back as x-request-id; user; status)
  if (deps.logger) app.use(httpLogger(deps.logger))
  app.use(compressResponses())
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
  const routeDeps: RouteDeps = { ...deps, defaultScheme: deps.defaultScheme ?? 'galutu', openapi: () => doc, actorOf }
  const routes = apiRoutes(routeDeps)
  const doc = buildOpenApi(routes, { version: API_VERSION })
  // several instances on one database count together (runtime/store/shared.ts); else in memory
  const shared = sharedRateLimits(deps.store)
  const limiter = (name: RateLimitName, limit: number, windowMs: number, zh: string) =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(shared ? { store: shared.rateLimitStore(name) } : {}),
      handler: (req, _res, next) =>
        next(new HttpError('RATE_LIMITED', req.get('accept-language')?.startsWith('en') ? 'too many requests, please try again later' : zh)),
    })
  mountRoutes(app, routes, {
    accounts: deps.accounts,
    policy: deps.policy,
    store: deps.store,
    schemeExists: async (id) => (await deps.schemes.schemeIds()).includes(id),
    bodyLimit: parseBytes(deps.bodyLimit ?? '1mb'),
    checkResponses: deps.checkResponses ?? process.env.DAIBAN_CHECK_RESPONSES === '1',
    accessProbe: deps.accessProbe ?? false,
    ...(deps.validateRequests === false ? { validateRequests: false } : {}),
    rateLimits: {
      signIn: limiter('signIn', deps.signInLimit ?? 30, 15 * 60_000, '登录尝试过于频繁，请稍后再试'),
      publicSubmit: limiter('publicSubmit', deps.publicLimits?.submitPerHour ?? 10, 60 * 60_000, '请求过于频繁，请稍后再试'),
      publicLookup: limiter('publicLookup', deps.publicLimits?.lookupPer10Min ?? 30, 10 * 60_000, '请求过于频繁，请稍后再试'),
      publicComplaint: limiter('publicComplaint', deps.dutyLimits?.complaintsPerHour ?? 10, 60 * 60_000, '请求过于频繁，请稍后再试'),
      publicNotice: limiter('publicNotice', deps.dutyLimits?.noticePer10Min ?? 60, 10 * 60_000, '请求过于频繁，请稍后再试'),
    },
  })

  // the table, for tests and tools that walk it (the generated access matrix)
  app.locals.routes = routes
  app.locals.openapi = doc

  // Anything else under /api is no route: a JSON 404 (the table's paths are case-sensitive and strict).
  app.use('/api', (req, _res, next) =>
    next(
      new ServiceError(
        'NOT_FOUND',
        locale(req) === 'en' ? `no route ${req.method} ${req.originalUrl.split('?')[0]}` : `没有接口 ${req.method} ${req.originalUrl.split('?')[0]}`,
      ),
    ),
  )

  for (const s of deps.staticDirs ?? []) {
    // the public page per town, /public/<id>/, for the schemes this server has loaded only (#19)
    const known = async (id: string) => (await deps.schemes.schemeIds()).includes(id)
    if (existsSync(s.dir)) app.use(s.mount, webApp(s.dir, { schemePages: { folder: 'public', known } }))
  }

  app.use(errorHandler(log, deps.logger))
  return app
}
