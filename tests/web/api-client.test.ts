/**
 * The one typed client of the route table (runtime/web/kit/api/client.ts): what it sends for a
 * declared route (path parameters, query, JSON or an upload, CSRF token on writes, language), the
 * one ApiError every failure becomes (with the request id), and, checked by the typecheck, that a
 * path, its parameters, query and body must be what the route table declares.
 */
import { describe, expect, it } from 'vitest'
import { ApiError, createApiClient, fillPath, isNdjson, queryString, readNdjson } from '../../runtime/web/kit/api/client'
import type { ApiResponse, Case, ImportLine } from '../../runtime/server/contract/types'

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} })
    return respond(String(input), init ?? {})
  }) as typeof fetch
  return { fn, calls }
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
const headersOf = (init: RequestInit) => init.headers as Record<string, string>

describe('the typed API client', () => {
  it('fills the path parameters encoded, serialises the query and leaves empty values out', async () => {
    const f = fakeFetch(() => json(200, { items: [], total: 0, offset: 0, limit: 20 }))
    const client = createApiClient({ lang: () => 'zh-CN', fetch: f.fn })
    await client.request('get', '/api/cases/:caseId', { params: { caseId: 'a/b c' } })
    expect(f.calls[0]!.url).toBe('/api/cases/a%2Fb%20c')
    await client.request('get', '/api/cases', { query: { overdue: '1', q: '', limit: 50, village: '团结社区' } })
    expect(f.calls[1]!.url).toBe(`/api/cases?overdue=1&limit=50&village=${encodeURIComponent('团结社区')}`)
    expect(queryString({ a: undefined, b: null, c: ['x', 'y'] })).toBe('?c=x&c=y')
    expect(() => fillPath('/api/cases/:caseId/links/:otherId', { caseId: 'c1' })).toThrow(/parameter "otherId" is missing/)
  })

  it('sends JSON with the CSRF token on writes and the language on every request; none on reads', async () => {
    const f = fakeFetch(() => json(201, { ok: true }))
    const client = createApiClient({ base: 'http://x', csrf: () => 'tok', lang: () => 'en', fetch: f.fn })
    await client.request('post', '/api/schemes/:id/decide', { params: { id: 'galutu' }, body: { level: 'town' } })
    const { url, init } = f.calls[0]!
    expect(url).toBe('http://x/api/schemes/galutu/decide')
    expect(init.method).toBe('POST')
    expect(headersOf(init)).toMatchObject({ 'x-csrf-token': 'tok', 'accept-language': 'en', 'content-type': 'application/json' })
    expect(JSON.parse(init.body as string)).toEqual({ level: 'town' })
    await client.request('get', '/api/health')
    expect(headersOf(f.calls[1]!.init)['x-csrf-token']).toBeUndefined()
    expect(headersOf(f.calls[1]!.init)['accept-language']).toBe('en')
  })

  it('sends an upload as its bytes, and answers the Response itself with raw', async () => {
    const f = fakeFetch(() => new Response('row,error\n', { status: 200, headers: { 'content-type': 'text/csv' } }))
    const client = createApiClient({ lang: () => 'zh-CN', fetch: f.fn })
    const file = new Blob(['a,b\n1,2\n'], { type: 'text/csv' })
    const res = await client.request('post', '/api/schemes/:id/import/:channel', {
      params: { id: 'galutu', channel: 'hotline' },
      query: { filename: '热线.csv', report: 'csv' },
      body: file,
      raw: true,
    })
    expect(await res.text()).toBe('row,error\n')
    const { url, init } = f.calls[0]!
    expect(url).toBe(`/api/schemes/galutu/import/hotline?filename=${encodeURIComponent('热线.csv')}&report=csv`)
    expect(init.body).toBe(file)
    expect(headersOf(init)['content-type']).toBe('text/csv')
  })

  it('turns a refusal into one ApiError: code, message, located fields, the body and the request id', async () => {
    const f = fakeFetch(() =>
      json(422, {
        code: 'INVALID_INPUT',
        message: '提交的内容有误',
        requestId: 'req-1',
        fields: [
          { pointer: '/form/phone', field: 'phone', code: 'PATTERN', message: '格式不正确' },
          { field: 'units.0', code: 'ENUM', message: '应为列表中的值' },
        ],
      }),
    )
    const e = (await createApiClient({ lang: () => 'zh-CN', fetch: f.fn })
      .request('post', '/api/cases', { body: { form: {} } })
      .catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 422, code: 'INVALID_INPUT', message: '提交的内容有误', requestId: 'req-1' })
    expect(e.fields).toEqual([
      { pointer: '/form/phone', field: 'phone', code: 'PATTERN', message: '格式不正确' },
      { pointer: '/units/0', field: 'units.0', code: 'ENUM', message: '应为列表中的值' },
    ])
  })

  it('a non-JSON answer, an unreadable success and a network failure are ApiErrors too; an abort is not', async () => {
    const msgs = { network: () => 'offline', http: (s: number) => `HTTP ${s}` }
    const proxy = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'x-request-id': 'req-2' } }))
    const p = (await createApiClient({ lang: () => 'zh-CN', fetch: proxy.fn, messages: msgs })
      .request('get', '/api/health')
      .catch((x: unknown) => x)) as ApiError
    expect(p).toMatchObject({ status: 502, code: 'HTTP_502', message: 'HTTP 502', requestId: 'req-2' })
    const html = fakeFetch(() => new Response('<html>login</html>', { status: 200 }))
    const h = (await createApiClient({ lang: () => 'zh-CN', fetch: html.fn, messages: msgs })
      .request('get', '/api/health')
      .catch((x: unknown) => x)) as ApiError
    expect(h).toMatchObject({ status: 200, code: 'BAD_RESPONSE' })
    const down = fakeFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const n = (await createApiClient({ lang: () => 'zh-CN', fetch: down.fn, messages: msgs })
      .request('get', '/api/health')
      .catch((x: unknown) => x)) as ApiError
    expect(n).toMatchObject({ status: 0, code: 'NETWORK', message: 'offline', isNetwork: true })
    const aborted = fakeFetch(() => {
      throw new DOMException('aborted', 'AbortError')
    })
    const a = await createApiClient({ lang: () => 'zh-CN', fetch: aborted.fn })
      .request('get', '/api/health')
      .catch((x: unknown) => x)
    expect(a).not.toBeInstanceOf(ApiError)
  })

  it('reports every 401 with the path asked for, and words the server message through the hook', async () => {
    const lost: string[] = []
    const f = fakeFetch(() => json(401, { code: 'UNAUTHENTICATED', message: '请先登录 / sign in first' }))
    const client = createApiClient({
      lang: () => 'zh-CN',
      fetch: f.fn,
      onUnauthenticated: (p) => lost.push(p),
      messages: { server: (m) => m.split(' / ')[0]! },
    })
    const e = (await client.request('get', '/api/my/tasks', { query: { schemeId: 'galutu' } }).catch((x: unknown) => x)) as ApiError
    expect(lost).toEqual(['/api/my/tasks'])
    expect(e.message).toBe('请先登录')
    expect(e.gloss).toBe('Sign in first')
  })

  it('tells the app after each successful write (the read cache drops what it may have changed), never after a read or a refusal', async () => {
    const writes: string[] = []
    const f = fakeFetch((url) => (url.includes('bad') ? json(409, { code: 'CONFLICT', message: '冲突' }) : json(200, { ok: true })))
    const client = createApiClient({ lang: () => 'zh-CN', fetch: f.fn, onWrite: (m, p) => writes.push(`${m} ${p}`) })
    await client.request('get', '/api/cases/:caseId', { params: { caseId: 'c1' } })
    await client.request('post', '/api/cases/:caseId/events', { params: { caseId: 'c1' }, body: { type: 'NOTE' } })
    await client.request('delete', '/api/designer/schemes/:id/draft', { params: { id: 'galutu' } })
    await expect(client.request('post', '/api/cases/:caseId/events', { params: { caseId: 'bad' }, body: { type: 'NOTE' } })).rejects.toBeInstanceOf(ApiError)
    expect(writes).toEqual(['POST /api/cases/c1/events', 'DELETE /api/designer/schemes/galutu/draft'])
  })

  it('reads an NDJSON answer line by line as it arrives, lines split across chunks included; a line that is not JSON is an ApiError', async () => {
    const enc = new TextEncoder()
    const streamOf = (chunks: string[]) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const x of chunks) c.enqueue(enc.encode(x))
          c.close()
        },
      })
    const res = new Response(
      streamOf([
        '{"type":"progress","rows":3,"done":1,"created":1,"dupli',
        'cates":0,"rejected":0}\n\n{"type":"result","result":{"channel":"h","rows":3,"created":[],"duplicates":[],"errors":[]}}',
      ]),
      { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } },
    )
    expect(isNdjson(res)).toBe(true)
    const lines: ImportLine[] = []
    await readNdjson<ImportLine>(res, (l) => lines.push(l))
    expect(lines.map((l) => l.type)).toEqual(['progress', 'result'])
    expect(lines[0]).toMatchObject({ rows: 3, done: 1, duplicates: 0 })
    const bad = new Response(streamOf(['{"type":"progress"}\n', 'oops\n']), { headers: { 'content-type': 'application/x-ndjson' } })
    await expect(readNdjson(bad, () => {})).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/line 2/) })
    expect(isNdjson(json(200, {}))).toBe(false)
  })

  it('types a call by the route table (checked by the typecheck)', () => {
    const client = createApiClient({ lang: () => 'zh-CN', fetch: fakeFetch(() => json(200, {})).fn })
    const calls = async () => {
      const c: Case = await client.request('get', '/api/cases/:caseId', { params: { caseId: 'x' } })
      const bulletin: ApiResponse<'get', '/api/reports/:id/bulletin'> = await client.request('get', '/api/reports/:id/bulletin', {
        params: { id: 'galutu' },
        query: { period: '2026-01' },
      })
      // @ts-expect-error a path the table does not declare
      await client.request('get', '/api/nope')
      // @ts-expect-error a declared path with another method
      await client.request('post', '/api/health')
      // @ts-expect-error the path's parameters are required
      await client.request('get', '/api/cases/:caseId')
      // @ts-expect-error the body is required where the route takes one
      await client.request('post', '/api/schemes/:id/decide', { params: { id: 'galutu' } })
      // @ts-expect-error a query value the route's schema refuses
      await client.request('get', '/api/cases', { query: { status: 'nope' } })
      // @ts-expect-error a required query parameter
      await client.request('get', '/api/reports/:id/bulletin', { params: { id: 'galutu' } })
      // @ts-expect-error the answer is the route's success response
      const n: number = await client.request('get', '/api/health')
      return [c, bulletin, n]
    }
    expect(typeof calls).toBe('function')
  })
})
