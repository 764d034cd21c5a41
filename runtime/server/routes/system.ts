/**
 * Readiness for load balancers and orchestrators. `/api/health` (routes/cases.ts) says the process
 * answers (liveness); `/api/ready` says this instance can serve requests now: the store is
 * reachable (the file store holds its folder's lock, PostgreSQL answers), at least one scheme is
 * loaded, and the server is not shutting down. Not ready → 503 with what failed.
 */
import { Type } from '@sinclair/typebox'
import { storeReadiness } from '../../store/ready'
import { access, route } from '../contract/route'
import { HttpError } from '../errors'
import type { RouteDeps } from './deps'

const Ready = Type.Object({
  status: Type.Literal('ready'),
  store: Type.Union([Type.Literal('file'), Type.Literal('pg')], { description: '存储：file 内置文件存储，pg PostgreSQL' }),
  schemes: Type.Array(Type.String(), { description: '已加载的方案' }),
})

export function systemRoutes(d: RouteDeps) {
  return [
    route({
      id: 'getReady',
      method: 'get',
      path: '/api/ready',
      tag: 'system',
      summary: '就绪检查（存储可用、方案已加载、未在停止）：不就绪时 503',
      access: access.public(),
      responses: { 200: Ready },
      handler: async ({ locale, res }) => {
        res.setHeader('Cache-Control', 'no-store')
        const en = locale === 'en'
        const failed: string[] = []
        if (d.stopping?.()) failed.push(en ? 'the server is shutting down' : '服务器正在停止')
        const store = await storeReadiness(d.store)
        if (!store.ok && store.reason) failed.push(en ? store.reason.en : store.reason.zh)
        const schemes = await d.schemes.schemeIds().catch(() => [] as string[])
        if (!schemes.length) failed.push(en ? 'no scheme is loaded' : '没有已加载的方案')
        if (failed.length) throw new HttpError('NOT_READY', (en ? 'not ready: ' : '尚未就绪：') + failed.join(en ? '; ' : '；'), { reasons: failed })
        return { status: 'ready' as const, store: store.kind, schemes }
      },
    }),
  ]
}
