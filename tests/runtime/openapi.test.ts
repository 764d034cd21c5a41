/** The OpenAPI description matches the routes express actually mounts. */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { harness, type Harness } from './harness'
import { openapi } from '../../runtime/server/openapi'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(async () => h.close())

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
function mountedRoutes(app: unknown): string[] {
  const out: string[] = []
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.handle?.stack) walk(layer.handle.stack) // routers mounted without a path
      if (!layer.route || !layer.route.path.startsWith('/api/')) continue
      for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`)
    }
  }
  walk((app as { router: { stack: Layer[] } }).router.stack)
  return out.sort()
}

it('every mounted /api route is described, and every described route is mounted', async () => {
  const described = Object.entries(openapi.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort()
  expect(mountedRoutes(h.app)).toEqual(described)
})

it('is served at /api/openapi.json as OpenAPI 3.1', async () => {
  const r = await h.http.get('/api/openapi.json')
  expect(r.status).toBe(200)
  expect(r.body.openapi).toBe('3.1.0')
})

it('serves forms and workflows for the web app to render', async () => {
  const forms = await h.http.get('/api/schemes/galutu/forms')
  const intake = forms.body.items.find((f: { id: string }) => f.id === 'intake')
  expect(intake.name).toBe('信访事项代办单')
  // Options from the org definition are expanded into the schema the app renders.
  expect(intake.schema.properties.category.enum).toContain('禁牧')
  expect(intake.schema.properties.channel.oneOf).toContainEqual({ const: 'hotline12345', title: '12345热线交办' })
  const wf = await h.http.get('/api/schemes/galutu/workflows')
  expect(wf.body.items.map((m: { id: string }) => m.id)).toEqual(['case', 'complaint'])
  const d = await h.http.post('/api/schemes/galutu/decide').send({ receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险' })
  expect(d.body).toMatchObject({ outcome: 'proxy', group: '劳动社会保障组', dueDate: '2026-10-12', escalateTo: null })
})
