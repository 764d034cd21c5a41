/** The API client's error handling: every failure is an ApiError the screens can show. */
import { describe, expect, it } from 'vitest'
import { ApiError, caseQueryString, createApi } from '../../runtime/web/src/api'

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} })
    return respond(String(input), init ?? {})
  }) as typeof fetch
  return { fn, calls }
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('api client', () => {
  it('sends the CSRF token on writes, the language, and JSON bodies; no user header', async () => {
    const f = fakeFetch(() => json(200, { ok: true }))
    const api = createApi({ csrf: () => 'tok-1', lang: () => 'en', fetch: f.fn })
    await api.sendEvent('GLT-2026-000001', { type: 'DISPATCH', form: { a: 1 }, expectedVersion: 3 })
    const { url, init } = f.calls[0]!
    expect(url).toBe('/api/cases/GLT-2026-000001/events')
    expect(init.method).toBe('POST')
    const h = init.headers as Record<string, string>
    expect(h['x-csrf-token']).toBe('tok-1')
    expect(h['x-daiban-user']).toBeUndefined()
    expect(init.credentials).toBe('same-origin')
    expect(h['accept-language']).toBe('en')
    expect(h['content-type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ type: 'DISPATCH', form: { a: 1 }, expectedVersion: 3 })
  })

  it('turns a 422 into an ApiError with the located fields', async () => {
    const f = fakeFetch(() =>
      json(422, {
        code: 'INVALID_INPUT',
        message: '提交的内容有误',
        fields: [
          { field: 'units.0', code: 'INPUT_INVALID', message: '应为列表中的值' },
          { field: 'sentOn', code: 'INPUT_INVALID', message: '格式应为 date' },
        ],
      }),
    )
    const api = createApi({ fetch: f.fn })
    const e = await api.createCase({}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    const err = e as ApiError
    expect(err.status).toBe(422)
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.message).toBe('提交的内容有误')
    expect(err.fields).toEqual([
      { pointer: '/units/0', field: 'units.0', code: 'INPUT_INVALID', message: '应为列表中的值' },
      { pointer: '/sentOn', field: 'sentOn', code: 'INPUT_INVALID', message: '格式应为 date' },
    ])
    expect(err.isConflict).toBe(false)
  })

  it('recognises a stale version (409 CONFLICT) and keeps the server body', async () => {
    const f = fakeFetch(() => json(409, { code: 'CONFLICT', message: '案件已被他人修改', currentVersion: 5 }))
    const err = (await createApi({ fetch: f.fn })
      .sendEvent('x', { type: 'URGE', expectedVersion: 4 })
      .catch((x: unknown) => x)) as ApiError
    expect(err.isConflict).toBe(true)
    expect(err.body.currentVersion).toBe(5)
    const guard = fakeFetch(() =>
      json(409, { code: 'GUARD_REFUSED', message: '当前条件下不能进行', fields: [{ field: 'type', code: 'GUARD_REFUSED', message: '当前条件下不能进行' }] }),
    )
    const g = (await createApi({ fetch: guard.fn })
      .sendEvent('x', { type: 'CONCLUDE' })
      .catch((x: unknown) => x)) as ApiError
    expect(g.isConflict).toBe(false)
    expect(g.code).toBe('GUARD_REFUSED')
  })

  it('survives a non-JSON error page (a proxy 502) and a malformed fields list', async () => {
    const html = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }))
    const e = (await createApi({ fetch: html.fn, messages: { network: () => 'offline', http: (s) => `HTTP ${s}` } })
      .myTasks()
      .catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(502)
    expect(e.code).toBe('HTTP_502')
    expect(e.message).toBe('HTTP 502')
    const odd = fakeFetch(() => json(422, { code: 'X', message: '', fields: [null, 3, { field: 7 }] }))
    const o = (await createApi({ fetch: odd.fn })
      .myTasks()
      .catch((x: unknown) => x)) as ApiError
    expect(o.fields).toEqual([{ pointer: '', field: '', code: '', message: '' }])
    expect(o.message).toBe('服务器返回错误（422）')
  })

  it('reports a network failure as status 0, and lets an abort through untouched', async () => {
    const down = fakeFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const e = (await createApi({ fetch: down.fn })
      .health()
      .catch((x: unknown) => x)) as ApiError
    expect(e.isNetwork).toBe(true)
    expect(e.code).toBe('NETWORK')
    expect(e.message).toContain('无法连接服务器')
    const aborted = fakeFetch(() => {
      throw new DOMException('aborted', 'AbortError')
    })
    const a = await createApi({ fetch: aborted.fn })
      .decide('galutu', {})
      .catch((x: unknown) => x)
    expect(a).not.toBeInstanceOf(ApiError)
    expect((a as DOMException).name).toBe('AbortError')
  })

  it('sends no CSRF token on reads or when there is none, and accepts an empty success body', async () => {
    const f = fakeFetch(() => new Response('', { status: 200 }))
    const r = await createApi({ csrf: () => null, fetch: f.fn }).ackReminder('r1')
    expect(r).toBeUndefined()
    expect((f.calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined()
    const g = fakeFetch(() => json(200, { items: [] }))
    await createApi({ csrf: () => 'tok', fetch: g.fn }).reminders()
    expect((g.calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined()
  })

  it('reports a 401 as a lost session, except from the sign-in request itself', async () => {
    const lost: string[] = []
    const f = fakeFetch(() => json(401, { code: 'UNAUTHENTICATED', message: '请先登录' }))
    const api = createApi({ onUnauthorized: (p) => lost.push(p), fetch: f.fn })
    const e = (await api.myTasks().catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(401)
    expect(lost).toEqual(['/api/my/tasks'])
    const w = (await api.login('li', 'wrong').catch((x: unknown) => x)) as ApiError
    expect(w.message).toBe('请先登录')
    await api.me().catch(() => {})
    expect(lost).toEqual(['/api/my/tasks'])
    expect(JSON.parse(f.calls[1]!.init.body as string)).toEqual({ username: 'li', password: 'wrong' })
  })

  it('builds the list query the server reads: filters, overdue as 1, paging and sorting', () => {
    expect(
      caseQueryString({
        stage: 'handling',
        group: '劳动社会保障组',
        overdue: true,
        dueSoon: undefined,
        q: '',
        offset: 20,
        limit: 20,
        sort: 'receivedOn',
        order: 'asc',
      }),
    ).toBe(`?stage=handling&group=${encodeURIComponent('劳动社会保障组').replace(/%20/g, '+')}&overdue=1&offset=20&limit=20&sort=receivedOn&order=asc`)
    expect(caseQueryString({ overdue: false })).toBe('')
  })
})
