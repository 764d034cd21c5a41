/**
 * The public page at a town's own address (#19: the scheme comes from the path): on a server with
 * two towns (Galutu the default, Wulan), `/public/<id>/` in Debian's chromium loads the page with
 * all its assets from that depth and shows that town's name (definitions/<id>/scheme.json); an id
 * the server has not loaded is the 404 page in Chinese and English, not the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { launch, newPage, shot, startServer, type Server } from './helpers'

const TODAY = '2026-03-10'
let server: Server
let browser: Browser
const external: string[] = []
const pageErrors: string[] = []

const townOf = (id: string) => (JSON.parse(readFileSync(`definitions/${id}/scheme.json`, 'utf8')) as { town: string }).town

beforeAll(async () => {
  server = await startServer(TODAY, { env: { DAIBAN_BROWSER_SCHEMES: 'galutu,wulan' } })
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('/public/<id>/', () => {
  it.each(['galutu', 'wulan'])("/public/%s/ shows that town's name, every asset loaded", async (id) => {
    const page = await newPage(browser, server, { external, pageErrors }, { width: 390 })
    const failed: string[] = []
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
    })
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`))
    const res = await page.goto(`${server.url}/public/${id}/`)
    expect(res?.status()).toBe(200)
    await expect.poll(() => page.locator('.pub-town').textContent(), { timeout: 30_000 }).toBe(townOf(id))
    expect(await page.title()).toContain(townOf(id))
    await shot(page, `public-path-${id}`)
    expect(failed).toEqual([])
    expect(pageErrors).toEqual([])
    expect(external).toEqual([])
    await page.context().close()
  })

  it('the address without its slash lands on the page', async () => {
    const page = await newPage(browser, server, { external, pageErrors }, { width: 390 })
    await page.goto(`${server.url}/public/wulan`)
    expect(new URL(page.url()).pathname).toBe('/public/wulan/')
    await expect.poll(() => page.locator('.pub-town').textContent(), { timeout: 30_000 }).toBe(townOf('wulan'))
    await page.context().close()
  })

  it('a town the server has not loaded: the 404 page, not the app', async () => {
    const page = await newPage(browser, server, { external, pageErrors }, { width: 390 })
    const res = await page.goto(`${server.url}/public/nosuch/`)
    expect(res?.status()).toBe(404)
    const text = await page.locator('body').innerText()
    expect(text).toContain('页面不存在')
    expect(text).toContain('Page not found')
    expect(await page.locator('#root').count()).toBe(0)
    await page.context().close()
  })
})
