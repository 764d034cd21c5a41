/** Starting a real server and Debian's chromium for the browser tests; signing in and calling the API. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SHOTS = path.resolve('test-output/screenshots')

export interface Server {
  url: string
  dir: string
  stop(): Promise<void>
}

/** A server script running in a child process, listening on the port it announced. */
export interface ServerProcess {
  url: string
  child: ChildProcess
  /** what the server wrote to stderr so far */
  stderr(): string
  /** stops the server (SIGTERM, then SIGKILL after 5 s) and removes `cleanup` */
  stop(): Promise<void>
}

/**
 * Runs `run-ts <script> ...args` and waits (up to a minute) for it to print `READY <port>`.
 * @param opts.cleanup a folder removed once the server has stopped
 * @param opts.env extra environment for the server
 */
export async function spawnServer(script: string, args: string[], opts: { cleanup: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['bin/run-ts.js', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}):\n${err}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      await rm(opts.cleanup, { recursive: true, force: true })
    },
  }
}

/**
 * Starts fixtures/server.ts on a free port with a fresh data folder.
 * @param today the fixed business date, when given
 * @param opts.env extra environment for the server (e.g. `{ DAIBAN_BROWSER_SCHEMES: 'galutu,wulan' }`)
 */
export async function startServer(today?: string, opts: { env?: Record<string, string> } = {}): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-browser-'))
  const proc = await spawnServer('tests/browser/fixtures/server.ts', [path.join(dir, 'data'), '0', ...(today ? [today] : [])], { cleanup: dir, ...opts })
  return { url: proc.url, dir, stop: proc.stop }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  })
}

export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(SHOTS, { recursive: true })
  // settled: nothing loading, scrolled to the top (a sticky header would otherwise sit mid-page)
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton'), undefined, { timeout: 10_000 }).catch(() => {})
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(150)
  const file = path.join(SHOTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage })
  return file
}

/** Fails the test on any request that leaves the test server (no CDN, nothing external). */
export function guardNetwork(page: Page, base: string, seen: string[]): void {
  page.on('request', (r) => {
    const u = r.url()
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) seen.push(u)
  })
}

/** Where a test collects what must stay empty: requests leaving the server, uncaught page errors. */
export interface Watch {
  external: string[]
  pageErrors: string[]
}

/**
 * A page in a fresh browser context (its own storage, zh-CN), its requests and errors watched:
 * desktop 1280×900 by default; a phone (375×812, touch) when `width` is 480 or less.
 * Close it with `page.context().close()`.
 * @param opts.scale the phone's device scale factor (default 2)
 */
export async function newPage(
  browser: Browser,
  server: { url: string },
  watch: Watch,
  opts: { width?: number; scale?: number; acceptDownloads?: boolean } = {},
): Promise<Page> {
  const width = opts.width ?? 1280
  const phone = width <= 480
  const context = await browser.newContext({
    viewport: { width, height: phone ? 812 : 900 },
    ...(phone ? { deviceScaleFactor: opts.scale ?? 2, isMobile: true, hasTouch: true } : {}),
    locale: 'zh-CN',
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  })
  const page = await context.newPage()
  guardNetwork(page, server.url, watch.external)
  page.on('pageerror', (e) => watch.pageErrors.push(String(e)))
  return page
}

/** Signs in through the sign-in screen (once it shows): user name, password, 登录. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in').waitFor()
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

export interface Credentials {
  username: string
  password: string
}
export interface Session {
  cookie: string
  csrf: string
}

const sessions = new Map<string, Promise<Session>>()

/** Signs in over HTTP (once per server and account) and keeps the session cookie and CSRF token. */
export function session(server: { url: string }, who: Credentials): Promise<Session> {
  const key = `${server.url} ${who.username} ${who.password}`
  let s = sessions.get(key)
  if (!s) {
    s = (async () => {
      const res = await fetch(server.url + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who.username, password: who.password }),
      })
      expect(res.status).toBe(200)
      return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken }
    })()
    sessions.set(key, s)
    s.catch(() => sessions.delete(key))
  }
  return s
}

/** Calls the API as `who` (signed in over HTTP once): the status and the parsed body (null when empty). */
export async function apiCall<T = any>(
  server: { url: string },
  who: Credentials,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const s = await session(server, who)
  const res = await fetch(server.url + url, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie, ...(method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}

/** Chooses `label` in the antd select `#id`: types it (long lists are virtual), clicks the option, retries up to three times. */
export async function select(p: Page, id: string, label: string): Promise<void> {
  const box = p.locator(`#${id}`).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
  for (let attempt = 0; attempt < 3; attempt++) {
    await p.locator(`#${id}`).click()
    // long lists are virtual: type to bring the option into view
    await p.keyboard.type(label)
    const option = p.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`).first()
    await option.waitFor()
    await p.waitForTimeout(100) // the filtered list settles
    await option.click()
    if ((await box.innerText()).includes(label)) return
    await p.keyboard.press('Escape')
  }
  expect(await box.innerText()).toContain(label)
}
