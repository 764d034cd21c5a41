/**
 * The route table: every /api route of the server, gathered from the areas. The express routes,
 * the access checks, request validation, the OpenAPI document and the clients' types are derived
 * from this list (see ../contract/).
 */
import type { RouteDeps } from './deps'
import { caseRoutes } from './cases'
import { authRoutes } from './auth'
import { reportRoutes } from './reports'
import { designerRoutes } from './designer'
import { channelRoutes } from './channels'
import { dutyRoutes } from './duty'
import { systemRoutes } from './system'
import { officerRoutes } from './officers'
import { exportRoutes } from './export'
import { intakeRoutes } from './intake'

export function apiRoutes(d: RouteDeps) {
  return [
    ...authRoutes(d),
    ...caseRoutes(d),
    ...reportRoutes(d),
    ...designerRoutes(d),
    ...channelRoutes(d),
    ...dutyRoutes(d),
    ...systemRoutes(d),
    ...officerRoutes(d),
    ...exportRoutes(d),
    ...intakeRoutes(d),
  ]
}

/** Every route's declaration, as the clients' types see them */
export type ApiRoute = ReturnType<typeof apiRoutes>[number]
