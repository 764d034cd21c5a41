/** What the route handlers are given: the app's services, with the defaults resolved. */
import type { AppDeps } from '../app'

export type RouteDeps = Omit<AppDeps, 'defaultScheme'> & {
  /** The scheme used where a request names none */
  defaultScheme: string
  /** The OpenAPI document generated from the route table */
  openapi: () => unknown
  /** The acting user of a request ('public' on public routes) */
  actorOf: (req: import('express').Request) => { id: string }
}
