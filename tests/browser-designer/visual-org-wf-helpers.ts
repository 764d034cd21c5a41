/** Shared by the org and workflow visual-editor browser suites: server, chromium at 1366×768, the administrator signed in. */
import { expect } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startServer, type TestServer } from './fixture'

export const ADMIN = { username: 'admin', password: 'designer-admin-2026!' }
export const SHOTS = 'test-output/screenshots'

export interface Session {
  server: TestServer
  browser: Browser
  page: Page
  errors: string[]
  get(path: string): Promise<any>
  /** The draft's file, parsed, and its text. */
  draftFile(file: string): Promise<{ text: string; doc: any }>
  close(): Promise<void>
}

export async function open(): Promise<Session> {
  const server = await startServer()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  await page.route('**/*', (route) => (route.request().url().startsWith(server.url) || /^(data|blob):/.test(route.request().url()) ? route.continue() : route.abort()))
  let cookie = ''
  const get = async (path: string) => {
    if (!cookie) {
      const r = await fetch(server.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
      expect(r.status).toBe(200)
      cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!
    }
    return (await fetch(server.url + path, { headers: { cookie } })).json()
  }
  const draftFile = async (file: string) => {
    const d = await get('/api/designer/schemes/galutu/draft')
    const text = d.files.find((f: any) => f.file === file).text as string
    return { text, doc: JSON.parse(text) }
  }
  // The administrator signs in on the staff app's page, which sends them back to the designer.
  await page.goto(`${server.url}/designer/?scheme=galutu`)
  await page.waitForURL((u) => u.hash.startsWith('#/login?next='))
  await page.getByTestId('login-username').fill(ADMIN.username)
  await page.getByTestId('login-password').fill(ADMIN.password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/designer/')
  await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 60_000 })
  errors.length = 0 // the anonymous first visit's 401s
  return { server, browser, page, errors, get, draftFile, close: async () => { await browser.close(); await server.stop() } }
}

/** Pointers of every leaf that differs between a and b. */
export function changedLeaves(a: unknown, b: unknown, p = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)])
    return [...keys].flatMap((k) => changedLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [p]
}

/** Lines of `b` not in `a` and of `a` not in `b` (as multisets): how much of the text a change touched. */
export function lineDiff(a: string, b: string): { added: string[]; removed: string[] } {
  const count = (s: string) => s.split('\n').reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>())
  const [ca, cb] = [count(a), count(b)]
  const extra = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([l, n]) => Array(Math.max(0, n - (y.get(l) ?? 0))).fill(l) as string[])
  return { added: extra(cb, ca), removed: extra(ca, cb) }
}
