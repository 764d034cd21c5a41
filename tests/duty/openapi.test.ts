/** `dutyPaths` in runtime/server/openapi.ts describes exactly the routes `dutyRouter` creates. */
import { expect, it } from 'vitest'
import express from 'express'
import { dutyRouter } from '../../runtime/server/duty-routes'
import { dutyPaths } from '../../runtime/server/openapi'
import type { DutyService } from '../../runtime/duty'
import type { ChallengeService } from '../../runtime/channels/challenge'

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
function mountedRoutes(app: unknown): string[] {
  const out: string[] = []
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.handle?.stack) walk(layer.handle.stack)
      if (!layer.route || !layer.route.path.startsWith('/api/')) continue
      for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`)
    }
  }
  walk((app as { router: { stack: Layer[] } }).router.stack)
  return out.sort()
}

it('every duty route is described, and every described duty route exists', () => {
  const app = express()
  app.use(dutyRouter({ duty: {} as DutyService, challenges: {} as ChallengeService, actorOf: () => ({ id: 'x' }) }))
  const described = Object.entries(dutyPaths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort()
  expect(mountedRoutes(app)).toEqual(described)
})

it('the public routes are under /api/public/ (open without a session), the rest under /api/duty/', () => {
  for (const p of Object.keys(dutyPaths)) expect(p).toMatch(/^\/api\/(public|duty)\//)
  expect(Object.keys(dutyPaths).filter((p) => p.startsWith('/api/public/')).sort()).toEqual(['/api/public/{id}/complaints', '/api/public/{id}/notice'])
})
