/**
 * The public page per town at `/public/<id>/` (#19, runtime/server/static.ts): served for the
 * schemes the server has loaded (the harness loads definitions/galutu), revalidated on every load,
 * its relative asset URLs resolving from that depth; an unknown id is a 404 page in Chinese and
 * English, never the app. A built app is made here in a temp folder with the shape Vite gives it
 * (base './': the public page at public/index.html refers to ../assets/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { harness, type Harness } from './harness'
import { deeperPage, REVALIDATE, UNKNOWN_SCHEME_PAGE } from '../../runtime/server/static'

let h: Harness
let web: string
const SCRIPT = 'assets/public-Dmc-3cp-.js'
const STYLE = 'assets/public-BqMWXeip.css'
const PUBLIC_HTML = `<!doctype html><html lang="zh-CN"><head><title>网上信访</title>
<script type="module" crossorigin src="../${SCRIPT}"></script>
<link rel="stylesheet" crossorigin href="../${STYLE}">
<link rel="icon" href="data:,"><a href="#main">skip</a><a href="/api/public/config">config</a>
</head><body><div id="root"></div></body></html>`

beforeAll(async () => {
  web = await mkdtemp(path.join(os.tmpdir(), 'daiban-public-page-'))
  for (const d of ['assets', 'public']) await mkdir(path.join(web, d), { recursive: true })
  await writeFile(path.join(web, 'index.html'), '<!doctype html><title>工作台</title>')
  await writeFile(path.join(web, 'public/index.html'), PUBLIC_HTML)
  await writeFile(path.join(web, SCRIPT), 'export const page = "public"\n')
  await writeFile(path.join(web, STYLE), 'body{color:#222}\n')
  h = await harness({ app: { staticDirs: [{ mount: '/', dir: web }] } })
})

afterAll(async () => {
  await h?.close()
  await rm(web, { recursive: true, force: true })
})

/** The src / href URLs of a page, resolved against the address it was served at */
const urlsOf = (html: string, at: string) => [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://x${at}`))

describe('/public/<id>/', () => {
  it('a loaded scheme: the public page, revalidated on every load, its assets loading from that depth', async () => {
    for (const at of ['/public/galutu/', '/public/galutu/index.html']) {
      const r = await h.anon.get(at)
      expect(r.status, at).toBe(200)
      expect(r.headers['content-type'], at).toMatch(/^text\/html/)
      expect(r.headers['cache-control'], at).toBe(REVALIDATE)
      expect(r.text, at).toContain('网上信访')
      const assets = urlsOf(r.text, at).filter((u) => u.protocol === 'http:' && u.host === 'x' && u.pathname.startsWith('/assets/'))
      expect(assets.map((u) => u.pathname).sort(), at).toEqual([`/${SCRIPT}`, `/${STYLE}`].sort())
      for (const u of assets) expect((await h.anon.get(u.pathname)).status, u.pathname).toBe(200)
      // absolute, fragment and data: URLs are left as they are
      expect(r.text).toContain('href="#main"')
      expect(r.text).toContain('href="/api/public/config"')
      expect(r.text).toContain('href="data:,"')
    }
  })

  it('revalidates by ETag: an unchanged page answers 304', async () => {
    const first = await h.anon.get('/public/galutu/')
    expect(first.headers.etag).toBeTruthy()
    const again = await h.anon.get('/public/galutu/').set('if-none-match', first.headers.etag!)
    expect(again.status).toBe(304)
  })

  it('without its slash: redirected to it, the query kept', async () => {
    const r = await h.anon.get('/public/galutu?lang=en')
    expect(r.status).toBe(301)
    expect(r.headers.location).toBe('/public/galutu/?lang=en')
  })

  it('an unknown or invalid id: the 404 page in Chinese and English, not the app', async () => {
    for (const at of ['/public/wulan/', '/public/wulan', '/public/nosuch/index.html', '/public/%E4%B9%A1/', '/public/galutu/cases/1']) {
      const r = await h.anon.get(at)
      expect(r.status, at).toBe(404)
      expect(r.headers['content-type'], at).toMatch(/^text\/html/)
      expect(r.headers['cache-control'], at).toBe(REVALIDATE)
      expect(r.text, at).toBe(UNKNOWN_SCHEME_PAGE)
      expect(r.text, at).toMatch(/页面不存在[\s\S]*Page not found/)
      expect(r.text, at).not.toContain('网上信访')
    }
    // a path climbing out of the folder: a plain 404, never a page
    const up = await h.anon.get('/public/..%2f/')
    expect(up.status).toBe(404)
    expect(up.text).not.toContain('网上信访')
  })

  it('the folder itself and the other apps are served as before', async () => {
    expect((await h.anon.get('/public/')).text).toContain('网上信访')
    expect((await h.anon.get('/public')).status).toBe(301)
    expect((await h.anon.get('/cases/123')).text).toContain('工作台')
    // a missing asset under the folder stays a plain 404, not a page
    const missing = await h.anon.get('/public/galutu/app-Ab12Cd34.js')
    expect(missing.status).toBe(404)
    expect(missing.text).not.toBe(UNKNOWN_SCHEME_PAGE)
  })
})

describe('deeperPage', () => {
  it.each([
    ['<script src="../assets/a.js">', '<script src="../../assets/a.js">'],
    ["<link href='./x.css'>", "<link href='.././x.css'>"],
    ['<link href="icon.svg">', '<link href="../icon.svg">'],
    ['<a href="/api/x">', '<a href="/api/x">'],
    ['<a href="#top">', '<a href="#top">'],
    ['<a href="https://example.org/">', '<a href="https://example.org/">'],
    ['<img src="data:,">', '<img src="data:,">'],
  ])('%s → %s', (html, want) => expect(deeperPage(html)).toBe(want))
})
