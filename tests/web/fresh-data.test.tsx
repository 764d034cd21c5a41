// @vitest-environment jsdom
/**
 * The staff app's reads stay fresh (runtime/web/src/data.ts): a write through the API client
 * refreshes the mounted reads it may have changed, a read-like POST (decide) refreshes nothing,
 * and a cached value that can change (the scheme summary) is loaded again after its max age,
 * while a scheme at a version hash is kept. A fake server behind `fetch` counts the requests.
 */
import './dom'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { api, cached, clock, invalidate, loadSchemeSummary, MAX_AGE, useAsync } from '../../runtime/web/src/data'

let version = 1
let summaryName = '第一版'
const hits: string[] = []

function fakeServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input), 'http://x')
  const method = init?.method ?? 'GET'
  hits.push(`${method} ${url.pathname}`)
  const json = (b: unknown) => Promise.resolve(new Response(JSON.stringify(b), { status: 200, headers: { 'content-type': 'application/json' } }))
  if (method === 'GET' && url.pathname === '/api/cases/c1') return json({ id: 'c1', version })
  if (method === 'POST' && url.pathname === '/api/cases/c1/events') return json({ id: 'c1', version: ++version })
  if (method === 'POST' && url.pathname === '/api/schemes/galutu/decide') return json({ outcome: 'accept' })
  if (method === 'GET' && url.pathname === '/api/schemes/galutu') return json({ id: 'galutu', name: summaryName })
  return Promise.resolve(new Response(JSON.stringify({ code: 'NOT_FOUND', message: url.pathname }), { status: 404 }))
}

let now = 1_000_000
beforeEach(() => {
  version = 1
  summaryName = '第一版'
  hits.length = 0
  vi.stubGlobal('fetch', vi.fn(fakeServer))
  clock.now = () => now
})
afterEach(() => {
  vi.unstubAllGlobals()
  clock.now = () => Date.now()
  invalidate('')
})

function CaseVersion() {
  const c = useAsync(() => api.getCase('c1'), [])
  return <p data-testid="version">{c.data ? `v${c.data.version}` : '…'}</p>
}

function Writer() {
  return (
    <>
      <button onClick={() => void api.sendEvent('c1', { type: 'NOTE' })}>write</button>
      <button onClick={() => void api.decide('galutu', {})}>decide</button>
    </>
  )
}

const gets = () => hits.filter((h) => h === 'GET /api/cases/c1').length

describe('fresh data after writes', () => {
  it('a write in one component refreshes the read another shows', async () => {
    render(
      <>
        <CaseVersion />
        <Writer />
      </>,
    )
    expect((await screen.findByText('v1')).textContent).toBe('v1')
    expect(gets()).toBe(1)
    await act(async () => fireEvent.click(screen.getByText('write')))
    expect((await screen.findByText('v2')).textContent).toBe('v2')
    expect(gets()).toBe(2)
  })

  it('a read-like POST (decide) reloads nothing', async () => {
    render(
      <>
        <CaseVersion />
        <Writer />
      </>,
    )
    await screen.findByText('v1')
    await act(async () => fireEvent.click(screen.getByText('decide')))
    await act(async () => new Promise((r) => setTimeout(r, 20)))
    expect(hits).toContain('POST /api/schemes/galutu/decide')
    expect(gets()).toBe(1)
  })
})

describe('cached values that can change have a max age', () => {
  it('the scheme summary is served from the cache, then loaded again once past its age', async () => {
    expect((await loadSchemeSummary('galutu')).name).toBe('第一版')
    summaryName = '第二版'
    now += MAX_AGE - 1
    expect((await loadSchemeSummary('galutu')).name).toBe('第一版')
    now += 2
    expect((await loadSchemeSummary('galutu')).name).toBe('第二版')
    expect(hits.filter((h) => h === 'GET /api/schemes/galutu')).toHaveLength(2)
  })

  it('a value that never changes (a scheme at a version hash) outlives invalidation and age', async () => {
    let loads = 0
    const load = async () => ++loads
    expect(await cached('scheme:galutu:abc123', load, Infinity)).toBe(1)
    invalidate('')
    now += 10 * MAX_AGE
    expect(await cached('scheme:galutu:abc123', load, Infinity)).toBe(1)
    expect(await cached('summary:x', load)).toBe(2)
    invalidate('summary:')
    expect(await cached('summary:x', load)).toBe(3)
  })

  it('a page shown again reloads a read older than the max age', async () => {
    render(<CaseVersion />)
    await screen.findByText('v1')
    version = 5
    now += MAX_AGE
    await act(async () => document.dispatchEvent(new Event('visibilitychange')))
    expect((await screen.findByText('v5')).textContent).toBe('v5')
  })
})
