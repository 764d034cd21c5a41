/**
 * Mounts the route table on an express app — the only place an /api route is mounted. Per route,
 * in this order: its rate limit (public routes), the session and CSRF check, the access check
 * derived from its declaration (scheme, jurisdiction), reading and parsing the body (size and
 * nesting bounded, JSON only unless the route takes an upload), validation of params, query and
 * body, then the handler. Routing is case-sensitive and strict, so `/api/DESIGNER/...` or
 * `/api/cases/` reach no route and answer a JSON 404.
 */
import express, { type Express, type Request, type Response, type NextFunction, type RequestHandler } from 'express'
import type { TSchema } from '@sinclair/typebox'
import type { AccountService } from '../../auth/accounts'
import { authenticate, requireSession } from '../session-http'
import type { Policy } from '../../auth/policy'
import type { Store, CaseRecord } from '../../store'
import { fieldProblem, ServiceError } from '../../errors'
import { HttpError, problemsToFields } from '../errors'
import { findForbiddenKey } from '../../../engine/scheme/parse'
import { isFileResponse, isUpload, successStatus, type AnyRoute, type RateLimitName } from './route'
import { check, compile, toFieldProblems } from './validate'
import { Type } from './schemas'

export interface MountDeps {
  accounts: AccountService
  policy: () => Policy
  store: Pick<Store, 'getCase' | 'getCaseByNumber'>
  /** Whether the registry has a scheme (it may have one the policy has not learnt yet) */
  schemeExists: (id: string) => Promise<boolean>
  rateLimits: Partial<Record<RateLimitName, RequestHandler>>
  /** Largest JSON body in bytes */
  bodyLimit: number
  /** Deepest nesting of arrays and objects a JSON body may have */
  maxDepth?: number
  /** Check every JSON response against its declared schema (tests) */
  checkResponses?: boolean
  /**
   * Tests only: a request carrying `x-daiban-probe: access` stops right after the access check and
   * answers 204, so the generated access matrix can try every route, destructive ones included,
   * without running it.
   */
  accessProbe?: boolean
  /**
   * Bench only (bench/validation.ts): `false` skips the ajv checks of params, query and body, to
   * measure what they cost per request. Never set in a server.
   */
  validateRequests?: boolean
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
class ForbiddenKeyError extends SyntaxError {}
function reviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(`forbidden key "${key}"`)
  return value
}

/** The refusal of a body holding a forbidden key, naming where: parsed again without the reviver (own keys, nothing set) to find it. */
function forbiddenKeyRefusal(text: string, loc: 'zh-CN' | 'en'): HttpError {
  const pointer = findForbiddenKey(JSON.parse(text), '') ?? ''
  const key = pointer.slice(pointer.lastIndexOf('/') + 1)
  const p = fieldProblem('FORBIDDEN_KEY', pointer, { zh: `不允许的键名 "${key}"`, en: `forbidden key "${key}"` })
  return new HttpError(
    'BAD_JSON',
    { zh: `请求体含有不允许的键名 "${key}"（${pointer}）`, en: `The body holds a forbidden key "${key}" (${pointer})` },
    { fields: problemsToFields([p], loc) },
  )
}

export const locale = (req: Request): 'zh-CN' | 'en' => (req.get('accept-language')?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN')

/**
 * The nesting depth of a JSON text, found in one pass without parsing (strings skipped), stopping
 * as soon as it passes `max`: a megabyte of `[[[[…` is refused in microseconds, never parsed.
 */
export function jsonDepthExceeds(buf: Buffer, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped byte
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

const PATH_PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g
export const pathParams = (p: string) => [...p.matchAll(PATH_PARAM)].map((m) => m[1]!)

/** Checks the table before anything is mounted: every route declares its access, ids and paths are unique. */
export function checkTable(routes: AnyRoute[]): void {
  const ids = new Set<string>()
  const keys = new Set<string>()
  const KINDS = new Set(['public', 'session', 'scheme', 'anyScheme', 'case'])
  for (const r of routes) {
    const where = `route ${r.method?.toUpperCase()} ${r.path} (${r.id})`
    if (!r.access || !KINDS.has((r.access as { kind?: string }).kind ?? ''))
      throw new Error(
        `${where} declares no access: every route must say who may call it (access.public(), access.session(), access.scheme(...), access.anyScheme(...), access.onCase(...))`,
      )
    if ((r.access.kind === 'scheme' || r.access.kind === 'anyScheme' || r.access.kind === 'case') && !r.access.permission)
      throw new Error(`${where} declares ${r.access.kind} access without a permission`)
    if (!r.path.startsWith('/api/')) throw new Error(`${where}: API paths begin with /api/`)
    if (!/^[a-z0-9/._-]+$/.test(r.path.replace(PATH_PARAM, ''))) throw new Error(`${where}: paths are lower case letters, digits, '-', '.', '_' and parameters`)
    if (!r.id || ids.has(r.id)) throw new Error(`${where}: operation id missing or used twice`)
    ids.add(r.id)
    const key = `${r.method} ${r.path.replace(PATH_PARAM, ':')}`
    if (keys.has(key)) throw new Error(`${where}: another route has the same method and path`)
    keys.add(key)
    if (r.access.kind === 'scheme' && !pathParams(r.path).includes(r.access.param ?? 'id'))
      throw new Error(`${where}: scheme access reads :${r.access.param ?? 'id'}, which the path does not have`)
    if (r.access.kind === 'case' && !pathParams(r.path).includes('caseId')) throw new Error(`${where}: case access needs :caseId in the path`)
    const declared = r.params ? Object.keys((r.params as { properties?: object }).properties ?? {}) : null
    if (declared && declared.sort().join() !== pathParams(r.path).sort().join())
      throw new Error(`${where}: params schema (${declared.join(', ')}) does not match the path's parameters`)
    if (!Object.keys(r.responses).some((s) => Number(s) >= 200 && Number(s) < 300)) throw new Error(`${where} declares no success response`)
  }
}

/** The params schema of a route: declared, or every path parameter as a non-empty string. */
export function paramsSchema(r: AnyRoute): TSchema | undefined {
  if (r.params) return r.params as TSchema
  const names = pathParams(r.path)
  if (!names.length) return undefined
  const s = Type.Object(Object.fromEntries(names.map((n) => [n, Type.String({ minLength: 1, maxLength: 200 })])), { additionalProperties: false })
  ;(r as { params?: TSchema }).params = s
  return s
}

const EMPTY = Type.Object({}, { additionalProperties: false })

export function mountRoutes(app: Express, routes: AnyRoute[], deps: MountDeps): void {
  checkTable(routes)
  // express reads these when its router is first made: the app must set them before anything is used
  if (!app.enabled('case sensitive routing') || !app.enabled('strict routing'))
    throw new Error("set 'case sensitive routing' and 'strict routing' right after express(), before any app.use")
  const maxDepth = deps.maxDepth ?? 32
  const auth = authenticate(deps.accounts)

  const readJson = express.raw({ type: () => true, limit: deps.bodyLimit })
  const parseJson: RequestHandler = (req, _res, next) => {
    const buf = req.body as unknown
    if (!Buffer.isBuffer(buf) || buf.length === 0) {
      req.body = undefined
      return next()
    }
    if (!req.is(['application/json', 'application/*+json']))
      return next(new HttpError('UNSUPPORTED_MEDIA_TYPE', locale(req) === 'en' ? 'the request body must be application/json' : '请求体须为 application/json'))
    if (jsonDepthExceeds(buf, maxDepth))
      return next(
        new HttpError('BAD_JSON', locale(req) === 'en' ? `the JSON body is nested more than ${maxDepth} levels deep` : `请求体嵌套超过 ${maxDepth} 层`),
      )
    const text = buf.toString('utf8')
    try {
      req.body = JSON.parse(text, reviver)
    } catch (e) {
      if (e instanceof ForbiddenKeyError) return next(forbiddenKeyRefusal(text, locale(req)))
      return next(new HttpError('BAD_JSON', locale(req) === 'en' ? 'malformed JSON body' : '请求体不是有效的 JSON'))
    }
    next()
  }

  for (const r of routes) {
    const chain: RequestHandler[] = []
    const a = r.access
    if (a.kind === 'public') {
      if (a.rateLimit) {
        const lim = deps.rateLimits[a.rateLimit]
        if (!lim) throw new Error(`route ${r.id}: rate limit "${a.rateLimit}" is not configured`)
        chain.push(lim)
      }
      // A public route still learns who is signed in (the staff app's own use of public pages).
      chain.push(auth)
    } else {
      chain.push(auth, requireSession as RequestHandler, accessCheck(r, deps))
    }
    if (deps.accessProbe) chain.push((req, res, next) => (req.get('x-daiban-probe') === 'access' ? void res.status(204).end() : next()))
    const hasBody = r.method !== 'get'
    if (hasBody) {
      if (isUpload(r.body)) {
        const types = r.body.upload
        chain.push(express.raw({ type: types, limit: r.body.maxBytes ?? 20 * 1024 * 1024 }), (req, _res, next) => {
          if (!Buffer.isBuffer(req.body))
            return next(
              new HttpError('UNSUPPORTED_MEDIA_TYPE', locale(req) === 'en' ? `upload one of: ${types.join(', ')}` : `请上传以下类型之一：${types.join('、')}`),
            )
          next()
        })
      } else chain.push(readJson, parseJson)
    }
    chain.push(handle(r, deps))
    app[r.method](r.path, ...chain)
  }
}

function accessCheck(r: AnyRoute, deps: MountDeps): RequestHandler {
  const a = r.access
  return (req: Request, _res: Response, next: NextFunction) => {
    const p = req.principal!
    const policy = deps.policy()
    const en = locale(req) === 'en'
    const refuse = (scheme?: string) =>
      next(
        new HttpError(
          'FORBIDDEN',
          scheme
            ? en
              ? `not allowed in scheme ${scheme}`
              : `您在方案 ${scheme} 中没有此项操作的权限`
            : en
              ? 'you are not allowed to do this'
              : '您没有此项操作的权限',
        ),
      )
    switch (a.kind) {
      case 'session':
        return next()
      case 'anyScheme':
        return policy.can(p, a.permission) ? next() : refuse()
      case 'scheme': {
        const id = String(req.params[a.param ?? 'id'] ?? '')
        if (policy.hasScheme(id)) return policy.can(p, a.permission, undefined, id) ? next() : refuse(id)
        // A scheme the policy does not know: refused if the registry has it after all (published by
        // another instance, grants not learnt yet), otherwise it does not exist.
        deps
          .schemeExists(id)
          .then((exists) => (exists ? refuse(id) : next(new ServiceError('NOT_FOUND', en ? `no scheme "${id}"` : `未找到方案 "${id}"`))), next)
        return
      }
      case 'case': {
        // Without the permission anywhere the action itself is refused; with it, a case outside the
        // reader's schemes and jurisdiction is answered exactly as a missing one.
        if (!policy.can(p, 'case.read') || !policy.can(p, a.permission)) return refuse()
        const id = String(req.params.caseId ?? '')
        const notFound = () => next(new ServiceError('NOT_FOUND', en ? `no case "${id}"` : `未找到案件 "${id}"`))
        const load = /^[A-Z]{2,8}-/.test(id) ? deps.store.getCaseByNumber(id) : deps.store.getCase(id)
        load.then((rec) => {
          // Outside the reader's schemes and jurisdiction a case is answered exactly as a missing one.
          if (!rec || !policy.canOnCase(p, 'case.read', rec.summary)) return notFound()
          ;(req as Request & { caseRecord?: CaseRecord }).caseRecord = rec
          if (a.permission !== 'case.read' && !policy.canOnCase(p, a.permission, rec.summary)) return refuse()
          next()
        }, next)
        return
      }
      default:
        return refuse()
    }
  }
}

function handle(r: AnyRoute, deps: MountDeps): RequestHandler {
  const ps = paramsSchema(r)
  const qs = (r.query as TSchema | undefined) ?? EMPTY
  const bs = r.body && !isUpload(r.body) ? (r.body as TSchema) : r.method === 'get' || isUpload(r.body) ? undefined : EMPTY
  const status = successStatus(r)
  const out = r.responses[status]
  return async (req: Request, res: Response) => {
    const loc = locale(req)
    const on = deps.validateRequests !== false
    const params = ps && on ? (check(ps, 'params', { ...req.params }, loc) as Record<string, unknown>) : { ...req.params }
    const query = on ? check(qs, 'query', { ...(req.query as object) }, loc) : { ...(req.query as object) }
    let body: unknown = req.body
    if (bs && on) body = check(bs, 'body', body === undefined ? {} : body, loc)
    const ctx = {
      req,
      res,
      params,
      query,
      body,
      principal: req.principal,
      get user() {
        if (!req.principal) throw new HttpError('UNAUTHENTICATED', loc === 'en' ? 'please sign in' : '请先登录')
        return req.principal
      },
      case: (req as Request & { caseRecord?: CaseRecord }).caseRecord?.summary,
      caseRecord: (req as Request & { caseRecord?: CaseRecord }).caseRecord,
      schemeId: r.access.kind === 'scheme' ? String(req.params[r.access.param ?? 'id']) : undefined,
      locale: loc,
      actor: { id: req.principal?.username ?? 'public' },
    }
    const result = await r.handler(ctx)
    if (res.headersSent || res.writableEnded) return
    if (isFileResponse(out)) throw new Error(`route ${r.id} declares a file response but its handler did not send one`)
    if (deps.checkResponses && out) {
      const fn = compile(out as TSchema, 'response')
      const plain = result === undefined ? undefined : JSON.parse(JSON.stringify(result))
      if (!fn(plain)) {
        const problems = toFieldProblems(fn.errors ?? [], out as TSchema, 'body', 'en')
        res
          .status(500)
          .json({ code: 'RESPONSE_SCHEMA', message: `response of ${r.id} does not match its declared schema`, fields: problems, errors: fn.errors })
        return
      }
    }
    res.status(status)
    if (result === undefined) res.end()
    else res.json(result)
  }
}
