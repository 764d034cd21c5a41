/** Starting a real server and Debian's chromium for the browser tests. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SHOTS = path.resolve('test-output/screenshots')

export interface Server {
  url: string
  dir: string
  stop(): Promise<void>
}

/**
 * Starts fixtures/server.ts on a free port with a fresh data folder.
 * @param today the fixed business date, when given
 * @param opts.env extra environment for the server (e.g. `{ DAIBAN_BROWSER_SCHEMES: 'galutu,wulan' }`)
 */
export async function startServer(today?: string, opts: { env?: Record<string, string> } = {}): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-browser-'))
  const child: ChildProcess = spawn(process.execPath, ['bin/run-ts.js', 'tests/browser/fixtures/server.ts', path.join(dir, 'data'), '0', ...(today ? [today] : [])], { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000)
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
      reject(new Error(`server exited (${code}): ${err}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
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
