/**
 * The route table: every /api route of the server, gathered from the areas. The express routes,
 * the access checks, request validation, the OpenAPI document and the clients' types are derived
 * from this list (see ../contract/).
 */
import type { RouteDeps } from './deps'
import { caseRoutes } from './cases'
import { reportRoutes } from './reports'
import { designerRoutes } from './designer'

export function apiRoutes(d: RouteDeps) {
  return [...caseRoutes(d), ...reportRoutes(d), ...designerRoutes(d)]
}

/** Every route's declaration, as the clients' types see them */
export type ApiRoute = ReturnType<typeof apiRoutes>[number]
