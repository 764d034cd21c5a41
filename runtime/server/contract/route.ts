/**
 * One route of the HTTP API, declared once: method, path, who may call it, where its scheme comes
 * from, the JSON Schemas of its params, query, body and responses, and its handler. The express
 * routes, the access checks, request validation, the OpenAPI document and the clients' types are
 * all derived from these declarations (./mount.ts, ./openapi.ts, ./client.ts) — nothing else
 * mounts a route under /api.
 */
import type { Request, Response } from 'express'
import type { Static, TSchema } from '@sinclair/typebox'
import type { Action, Principal } from '../../auth/policy'
import type { CaseRecord, CaseSummary } from '../../store'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Named rate limits, configured in the app's dependencies; applied before the body is read. */
export type RateLimitName = 'signIn' | 'publicSubmit' | 'publicLookup' | 'publicComplaint' | 'publicNotice'

/**
 * Who may call a route. There is no default: a route without an access declaration is refused
 * when the app is built (deny by default).
 * - `public`: no session (health, sign-in, the public pages);
 * - `session`: any signed-in user (their own session, tasks, notifications);
 * - `scheme`: the permission in the scheme named by the path parameter `param` (default `id`);
 *   an unknown scheme answers 404;
 * - `anyScheme`: the permission in at least one scheme the user works in — the handler narrows
 *   what it returns per scheme (lists);
 * - `case`: the case named by `:caseId` (id or number) must be one the user may `case.read` in
 *   its scheme and jurisdiction (404 otherwise, as for a case that does not exist), and the user
 *   must hold `permission` on it (403 otherwise).
 */
export type Access =
  | { kind: 'public'; rateLimit?: RateLimitName }
  | { kind: 'session' }
  | { kind: 'scheme'; permission: Action; param?: string }
  | { kind: 'anyScheme'; permission: Action }
  | { kind: 'case'; permission: Action }

export const access = {
  public: (rateLimit?: RateLimitName): Access => (rateLimit ? { kind: 'public', rateLimit } : { kind: 'public' }),
  session: (): Access => ({ kind: 'session' }),
  scheme: (permission: Action, param = 'id'): Access => ({ kind: 'scheme', permission, param }),
  anyScheme: (permission: Action): Access => ({ kind: 'anyScheme', permission }),
  onCase: (permission: Action): Access => ({ kind: 'case', permission }),
}

/** A response that is not JSON (a file download): its media type, described in the OpenAPI document. */
export interface FileResponse {
  file: string
  description?: string
}

export type ResponseSpec = TSchema | FileResponse

/** Body kinds: a JSON body checked against a schema, or an upload read as raw bytes (imports). */
export type BodySpec = TSchema | { upload: string[]; maxBytes?: number }

type StaticOr<S, D> = S extends TSchema ? Static<S> : D
/** The parameter names of an express path: `/api/cases/:caseId/links/:otherId` → 'caseId' | 'otherId' */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never
type ParamsOf<P extends string, PS> = PS extends TSchema ? Static<PS> : { [K in PathParams<P>]: string }
type BodyOf<B> = B extends TSchema ? Static<B> : B extends { upload: string[] } ? Buffer : undefined
// a success without a body schema: the handler returns nothing
type SuccessOf<R> = {
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  [K in keyof R]: K extends 200 | 201 | 202 ? (R[K] extends TSchema ? Static<R[K]> : void) : never
}[keyof R]

export interface HandlerContext<P, Q, B> {
  req: Request
  res: Response
  params: P
  query: Q
  body: B
  /** The signed-in user (undefined only on public routes) */
  principal: Principal | undefined
  /** The user's principal, asserted: use on routes that are not public */
  user: Principal
  /** For `case` access: the summary of the case the route is about, already checked */
  case: CaseSummary | undefined
  /** For `case` access: the case as read for that check, the handler's own copy (CaseService.get/send take it instead of reading it again) */
  caseRecord: CaseRecord | undefined
  /** For `scheme` access: the scheme id from the path */
  schemeId: string | undefined
  /** The request's language */
  locale: 'zh-CN' | 'en'
  /** The acting user id for audit entries ('public' on public routes) */
  actor: { id: string }
}

export interface RouteDef<
  M extends Method = Method,
  P extends string = string,
  PS extends TSchema | undefined = TSchema | undefined,
  QS extends TSchema | undefined = TSchema | undefined,
  BS extends BodySpec | undefined = BodySpec | undefined,
  RS extends Partial<Record<number, ResponseSpec>> = Partial<Record<number, ResponseSpec>>,
> {
  /** The OpenAPI operationId (camelCase, unique) */
  id: string
  method: M
  /** Express path, `/api/...`, parameters as `:name` */
  path: P
  summary: string
  /** OpenAPI tag (the area) */
  tag: string
  access: Access
  params?: PS
  query?: QS
  body?: BS
  /** The success responses by status, and the error statuses this route can answer beyond the derived ones */
  responses: RS
  /**
   * The success response in other media types, and the query that asks for each (a report's
   * .xlsx workbook with `format=xlsx`): described in the OpenAPI document beside the JSON.
   */
  alsoAs?: Record<string, string>
  errors?: number[]
  handler: (
    ctx: HandlerContext<ParamsOf<P, PS>, StaticOr<QS, Record<string, never>>, BodyOf<BS>>,
  ) => Promise<SuccessOf<RS> | undefined> | SuccessOf<RS> | undefined
}

// eslint-style note: handlers are typed at their declaration; the table holds them erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<Method, string, any, any, any, any>

/** Declares a route with its types inferred from the schemas. */
export function route<
  const M extends Method,
  const P extends string,
  PS extends TSchema | undefined = undefined,
  QS extends TSchema | undefined = undefined,
  BS extends BodySpec | undefined = undefined,
  const RS extends Partial<Record<number, ResponseSpec>> = Partial<Record<number, ResponseSpec>>,
>(def: RouteDef<M, P, PS, QS, BS, RS>): RouteDef<M, P, PS, QS, BS, RS> {
  return def
}

export function isFileResponse(r: ResponseSpec | undefined): r is FileResponse {
  return !!r && typeof (r as FileResponse).file === 'string'
}

export function isUpload(b: BodySpec | undefined): b is { upload: string[]; maxBytes?: number } {
  return !!b && Array.isArray((b as { upload?: unknown }).upload)
}

/** The success status of a route: the first 2xx it declares. */
export function successStatus(r: AnyRoute): number {
  const s = Object.keys(r.responses)
    .map(Number)
    .filter((n) => n >= 200 && n < 300)
    .sort()
  return s[0] ?? 200
}
