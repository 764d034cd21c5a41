/**
 * The designer suite's set-up, shared by every file of tests/browser-designer and by
 * bench/form-builder.ts: a server (./fixture.ts), Debian's chromium, one page that reaches only the
 * server, the administrator signed in on the designer. No vitest here (a bench uses it): failures
 * throw an Error.
 */
import { mkdir } from 'node:fs/promises'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startServer, type TestServer } from './fixture'

/** The administrator server-child.ts creates. */
export const ADMIN = { username: 'admin', password: 'designer-admin-2026!' }
export const SHOTS = 'test-output/screenshots'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Credentials {
  username: string
  password: string
}
export type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>

export interface Session {
  server: TestServer
  browser: Browser
  page: Page
  /** Uncaught page errors (`pageerror: …`) and console errors, from the first navigation on. */
  errors: string[]
  /** Calls the API as the signed-in account (cookie and CSRF token): status and parsed body (null when empty). */
  api: Api
  /** GET, the parsed body. */
  get(path: string): Promise<any>
  /** The galutu draft's file, parsed, and its text. */
  draftFile(file: string): Promise<{ text: string; doc: any }>
  close(): Promise<void>
}

export interface OpenOptions {
  /** default 1366×768 */
  viewport?: { width: number; height: number }
  /** default zh-CN */
  locale?: string
  /** the account signed in (default ADMIN) */
  as?: Credentials
  /**
   * false: the page stays blank and signed out (the sign-in itself is under test); the API still
   * has its own session. Default: signed in over HTTP, the session cookie given to the browser, the
   * designer open on galutu with a compiled draft.
   */
  signIn?: boolean
  /** Runs once the server is up, before the page opens the designer (cases, draft edits over the API). */
  prepare?: (s: { server: TestServer; api: Api }) => Promise<void>
  /** Runs in the page before any of its scripts (e.g. a localStorage setting). */
  initScript?: () => void
}

async function login(url: string, who: Credentials): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) })
  if (r.status !== 200) throw new Error(`signing in as ${who.username}: HTTP ${r.status} ${await r.text()}`)
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken }
}

export async function open(opts: OpenOptions = {}): Promise<Session> {
  await mkdir(SHOTS, { recursive: true })
  const server = await startServer()
  let browser: Browser | undefined
  try {
    const who = opts.as ?? ADMIN
    let auth: Promise<{ cookie: string; csrf: string }> | undefined
    const api: Api = async (method, path, body) => {
      const s = await (auth ??= login(server.url, who))
      const r = await fetch(server.url + path, {
        method,
        headers: {
          cookie: s.cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null }
    }
    const get = async (path: string) => {
      const r = await api('GET', path)
      if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
      return r.body
    }
    const draftFile = async (file: string) => {
      const d = await get('/api/designer/schemes/galutu/draft')
      const f = (d.files as Array<{ file: string; text: string }>).find((x) => x.file === file)
      if (!f) throw new Error(`the draft has no file ${file}`)
      return { text: f.text, doc: JSON.parse(f.text) }
    }
    if (opts.prepare) await opts.prepare({ server, api })

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 768 }, locale: opts.locale ?? 'zh-CN' })
    const page = await context.newPage()
    if (opts.initScript) await page.addInitScript(opts.initScript)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    // Nothing may come from outside the server (no CDN).
    await page.route('**/*', (route) =>
      route.request().url().startsWith(server.url) || /^(data|blob):/.test(route.request().url()) ? route.continue() : route.abort(),
    )
    if (opts.signIn !== false) {
      // The API's session is the browser's (signing in through the staff app's screen is designer.test.ts's).
      const s = await (auth ??= login(server.url, who))
      const [name, value] = s.cookie.split('=') as [string, string]
      await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Strict' }])
      await page.goto(`${server.url}/designer/?scheme=galutu`)
      await page.locator('[data-testid="live-ok"]').waitFor({ timeout: 60_000 })
    }
    const b = browser
    return {
      server,
      browser: b,
      page,
      errors,
      api,
      get,
      draftFile,
      close: async () => {
        await b.close()
        await server.stop()
      },
    }
  } catch (e) {
    await browser?.close()
    await server.stop()
    throw e
  }
}

/**
 * Waits until the page's finite CSS animations and transitions have finished (antd's open/close
 * motions), e.g. before a screenshot; spinners and other endless animations are not waited for.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout: 10_000, polling: 'raf' },
  )
}

/** Pointers of every leaf that differs between a and b. */
export function changedLeaves(a: unknown, b: unknown, p = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)])
    return [...keys].flatMap((k) =>
      changedLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    )
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
