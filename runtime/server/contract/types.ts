/**
 * The API's types as the clients see them — the staff app, the public page and the designer —
 * derived from the route table and its schemas, never from the services behind them. Types only:
 * every import here is `import type`, so nothing of the server reaches a browser bundle.
 *
 * @example
 * import type { Case, ApiResponse } from '../../server/contract/types'
 * type Bulletin = ApiResponse<'get', '/api/reports/:id/bulletin'>
 */
import type { Static, TSchema } from '@sinclair/typebox'
import type { ApiRoute } from '../routes/index'
import type { FileResponse, PathParams } from './route'
import type * as Models from './models'
import type { ErrorBody as ErrorBodySchema, OkBody as OkBodySchema, PageOf } from './schemas'

// ---- the shared models (components of the OpenAPI document)

export type Case = Static<typeof Models.Case>
export type CaseSummary = Static<typeof Models.CaseSummary>
export type CaseContext = Static<typeof Models.CaseContext>
export type CaseAction = Static<typeof Models.CaseAction>
export type ClockSummary = Static<typeof Models.ClockSummary>
export type ClockState = Static<typeof Models.ClockState>
export type Decision = Static<typeof Models.Decision>
export type Dispatch = Static<typeof Models.Dispatch>
export type EventRecord = Static<typeof Models.EventRecord>
export type AuditEntry = Static<typeof Models.AuditEntry>
export type Reminder = Static<typeof Models.Reminder>
export type SchemeRef = Static<typeof Models.SchemeRef>
export type FormDef = Static<typeof Models.FormDef>
export type ImportProgress = Static<typeof Models.ImportProgress>
/** Every refusal's body: `{code, message, fields?, requestId?}` */
export type ErrorBody = Static<typeof ErrorBodySchema>
export type OkBody = Static<typeof OkBodySchema>
/** A page of a list: `{items, total, offset, limit}` */
export type Page<T> = Omit<Static<ReturnType<typeof PageOf>>, 'items'> & { items: T[] }

// ---- per route: what it takes and what it answers

/** Every declared route */
export type { ApiRoute }
export type ApiMethod = ApiRoute['method']
/** The declared paths of a method, as templates: `'/api/cases/:caseId'` */
export type ApiPath<M extends ApiMethod = ApiMethod> = Extract<ApiRoute, { method: M }>['path']
/** The declaration of one route */
export type ApiRouteAt<M extends ApiMethod, P extends string> = Extract<ApiRoute, { method: M; path: P }>

type StaticOf<S> = [S] extends [never] ? never : S extends TSchema ? Static<S> : never

/** A route's path parameters: its params schema, else each `:name` of its path as a string */
export type ApiParams<M extends ApiMethod, P extends string> =
  NonNullable<ApiRouteAt<M, P>['params']> extends infer S ? ([S] extends [never] ? { [K in PathParams<P>]: string } : StaticOf<S>) : never

/** A route's query (never: it reads none) */
export type ApiQuery<M extends ApiMethod, P extends string> = StaticOf<NonNullable<ApiRouteAt<M, P>['query']>>

/** What a client sends for an upload (the server reads the bytes as they are) */
export type UploadBody = Blob | ArrayBuffer | Uint8Array

/** A route's body: JSON checked against its schema, or the bytes of an upload (never: it takes none) */
export type ApiBody<M extends ApiMethod, P extends string> =
  NonNullable<ApiRouteAt<M, P>['body']> extends infer B
    ? [B] extends [never]
      ? never
      : B extends TSchema
        ? Static<B>
        : B extends { upload: string[] }
          ? UploadBody
          : never
    : never

/**
 * What a route answers on success (its 2xx JSON response; undefined for 204). A file response is
 * `never` here: read it with `raw: true`.
 */
export type ApiResponse<M extends ApiMethod, P extends string> = SuccessOf<ApiRouteAt<M, P>['responses']>

type SuccessOf<RS> = {
  [K in keyof RS]-?: K extends 200 | 201 | 202
    ? RS[K] extends TSchema
      ? Static<RS[K]>
      : RS[K] extends FileResponse
        ? never
        : never
    : K extends 204
      ? undefined
      : never
}[keyof RS]

/**
 * One line of an import streamed as NDJSON (`POST /api/schemes/:id/import/:channel?progress=1`):
 * progress counts as rows settle, then the result, or an error once the stream has started.
 */
export type ImportLine =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'result'; result: ApiResponse<'post', '/api/schemes/:id/import/:channel'> }
  | { type: 'error'; code: string; message: string }
