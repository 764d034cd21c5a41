/**
 * The duty routes are declared in the route table (runtime/server/routes/duty.ts), with the access
 * they had before the table (the RULES of runtime/server/access.ts), and described in the OpenAPI
 * document generated from it — which tests/runtime/openapi.test.ts checks route by route.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { harness, type Harness } from '../runtime/harness'
import type { AnyRoute } from '../../runtime/server/contract/route'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(async () => h.close())

const dutyRoutes = () => (h.app.locals.routes as AnyRoute[]).filter((r) => r.tag === 'duty' || /^\/api\/public\/:id\/(notice|complaints)$/.test(r.path))
const access = (r: AnyRoute) => {
  const a = r.access
  return a.kind === 'public' ? `public ${a.rateLimit ?? '-'}` : a.kind === 'session' ? 'session' : `${a.kind} ${a.permission}`
}

it('every duty route is in the table, with the access it had', () => {
  const got = Object.fromEntries(dutyRoutes().map((r) => [`${r.method.toUpperCase()} ${r.path}`, access(r)]))
  expect(got).toEqual({
    'GET /api/public/:id/notice': 'public publicNotice',
    'POST /api/public/:id/complaints': 'public publicComplaint',
    'GET /api/duty/:id': 'scheme duty.read',
    'POST /api/duty/:id/roster/:month': 'scheme duty.manage',
    'GET /api/duty/:id/roster/:month': 'scheme duty.read',
    'GET /api/duty/:id/calendar/:month': 'scheme duty.read',
    'POST /api/duty/:id/swaps': 'scheme duty.read',
    'GET /api/duty/:id/today': 'scheme duty.read',
    'GET /api/duty/:id/staffing': 'scheme duty.read',
    'POST /api/duty/:id/staffing/checks': 'scheme duty.manage',
    'POST /api/duty/:id/attendance': 'scheme duty.record',
    'GET /api/duty/:id/attendance/week': 'scheme duty.read',
    'GET /api/duty/:id/obligations': 'scheme duty.read',
    'GET /api/duty/:id/obligations/:occurrence': 'scheme duty.read',
    'POST /api/duty/:id/obligations/:occurrence/evidence': 'scheme duty.record',
    'POST /api/duty/tick': 'anyScheme scheduler.run',
    'GET /api/duty/:id/officers': 'scheme report.read',
    'PUT /api/duty/:id/officers/:username/marks': 'scheme assessment.enter',
    'POST /api/duty/:id/complaints': 'scheme case.register',
    'GET /api/duty/:id/complaints': 'scheme case.read',
    'GET /api/duty/:id/contacts': 'scheme duty.read',
    'PUT /api/duty/:id/contacts/:username': 'scheme account.manage',
  })
})

it('the OpenAPI document describes each of them', async () => {
  const doc = (await h.http.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> }
  for (const r of dutyRoutes()) expect(doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method]?.operationId, `${r.method} ${r.path}`).toBe(r.id)
})
