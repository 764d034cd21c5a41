/**
 * How the built web apps and the API's bodies go out (issue #19): index.html revalidated on every
 * load, hashed assets cached for a year, the brotli / gzip copies written at build time
 * (bin/precompress.js) sent to clients that accept them, API bodies compressed on the fly, the
 * single-page fallback and 404 for a missing asset. A built app is made here in a temp folder, so
 * the test does not depend on `npm run build` having run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, rm, writeFile, unlink } from 'node:fs/promises'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { harness, type Harness } from './harness'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { precompress } from '../../bin/precompress.js'
import { IMMUTABLE, REVALIDATE } from '../../runtime/server/static'

let h: Harness
let server: http.Server
let web: string
let designer: string
const ASSET = 'assets/main-Bx1c2d3E.js'
// compressible, and well above the 1 KB threshold
const assetText = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `代办 ${i}`))};\n`

/** A GET whose body is kept as sent (supertest decodes gzip and brotli itself). */
let base = ''
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(base + url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'daiban-web-'))
  web = path.join(root, 'web')
  designer = path.join(root, 'designer')
  for (const d of [path.join(web, 'assets'), path.join(web, 'public'), path.join(designer, 'assets')]) await mkdir(d, { recursive: true })
  await writeFile(path.join(web, 'index.html'), `<!doctype html><title>工作台</title><script type="module" src="./${ASSET}"></script>`)
  await writeFile(path.join(web, ASSET), assetText)
  await writeFile(path.join(web, 'public/index.html'), '<!doctype html><title>网上信访</title>')
  await writeFile(path.join(designer, 'index.html'), '<!doctype html><title>设计器</title>')
  await writeFile(path.join(designer, 'assets/index-Ab12Cd34.css'), 'body{color:#222}'.repeat(200))
  const r = await precompress(web)
  expect(r.count).toBe(1) // only the asset is large enough
  await precompress(designer)
  h = await harness({
    app: {
      staticDirs: [
        { mount: '/designer', dir: designer },
        { mount: '/', dir: web },
      ],
    },
  })
  server = http.createServer(h.app).listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server?.close()
  await h?.close()
  await rm(path.dirname(web), { recursive: true, force: true })
})

describe('cache headers', () => {
  it('index.html (at /, by name, and as the fallback of an app route) is revalidated on every load', async () => {
    for (const url of ['/', '/index.html', '/cases/123', '/public/', '/designer/', '/designer/drafts/x']) {
      const r = await h.anon.get(url)
      expect(r.status, url).toBe(200)
      expect(r.headers['content-type'], url).toMatch(/^text\/html/)
      expect(r.headers['cache-control'], url).toBe(REVALIDATE)
      expect(r.headers['etag'], url).toBeTruthy()
    }
  })

  it('hashed assets are immutable for a year', async () => {
    for (const url of [`/${ASSET}`, '/designer/assets/index-Ab12Cd34.css']) {
      const r = await h.anon.get(url).set('accept-encoding', 'identity')
      expect(r.status, url).toBe(200)
      expect(r.headers['cache-control'], url).toBe(IMMUTABLE)
      expect(IMMUTABLE).toBe('public, max-age=31536000, immutable')
    }
  })

  it('a revalidated index.html answers 304', async () => {
    const first = await h.anon.get('/')
    const again = await h.anon.get('/').set('if-none-match', first.headers['etag'] as string)
    expect(again.status).toBe(304)
  })
})

describe('precompressed files', () => {
  const cases: Array<{ accept: string; enc: string | undefined }> = [
    { accept: 'gzip, deflate, br, zstd', enc: 'br' },
    { accept: 'br', enc: 'br' },
    { accept: 'gzip', enc: 'gzip' },
    { accept: 'br;q=0, gzip', enc: 'gzip' },
    { accept: 'identity', enc: undefined },
  ]
  for (const c of cases) {
    it(`accept-encoding: ${c.accept} → ${c.enc ?? 'as it is'}`, async () => {
      const r = await raw(`/${ASSET}`, { 'accept-encoding': c.accept })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(c.enc)
      expect(r.headers['vary']).toMatch(/accept-encoding/i)
      expect(r.headers['content-type']).toMatch(/javascript/)
      expect(r.headers['cache-control']).toBe(IMMUTABLE)
      const body = r.body
      const text = c.enc === 'br' ? brotliDecompressSync(body).toString() : c.enc === 'gzip' ? gunzipSync(body).toString() : body.toString()
      expect(text).toBe(assetText)
      if (c.enc) expect(body.length).toBeLessThan(Buffer.byteLength(assetText) / 2)
    })
  }

  it('a copy removed by a rebuild: the file itself is sent', async () => {
    await unlink(path.join(web, `${ASSET}.br`))
    const r = await raw(`/${ASSET}`, { 'accept-encoding': 'br' })
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBeUndefined()
    expect(r.body.toString()).toBe(assetText)
    await precompress(web)
  })
})

describe('paths', () => {
  it('a folder without its slash is redirected to it (relative URLs need it)', async () => {
    for (const [url, to] of [
      ['/public', '/public/'],
      ['/designer', '/designer/'],
    ]) {
      const r = await h.anon.get(url!)
      expect(r.status, url).toBe(301)
      expect(r.headers['location'], url).toBe(to)
    }
  })

  it('a missing file answers 404, not the app', async () => {
    for (const url of ['/assets/main-OLDHASH1.js', '/designer/assets/gone-12345678.css', '/favicon.ico']) {
      const r = await h.anon.get(url)
      expect(r.status, url).toBe(404)
    }
  })

  it('dot-files and parent folders are not reachable', async () => {
    for (const url of ['/.vite/manifest.json', '/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const r = await h.anon.get(url)
      expect(r.status, url).toBe(404)
    }
  })

  it('a file added after start (a rebuild) is found', async () => {
    await writeFile(path.join(web, 'assets/late-ZZ12yy34.js'), 'export {}')
    await new Promise((r) => setTimeout(r, 1100))
    const r = await h.anon.get('/assets/late-ZZ12yy34.js')
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe(IMMUTABLE)
  })
})

describe('API bodies', () => {
  it('a large JSON body is compressed as the client prefers; the body is the same JSON', async () => {
    const plain = await h.anon.get('/api/openapi.json').set('accept-encoding', 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    const size = Buffer.byteLength(JSON.stringify(plain.body))
    expect(size).toBeGreaterThan(10_000)
    for (const [accept, enc, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const r = await raw('/api/openapi.json', { 'accept-encoding': accept })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(enc)
      expect(r.headers['vary']).toMatch(/accept-encoding/i)
      expect(r.headers['content-type']).toMatch(/^application\/json/)
      expect(r.body.length).toBeLessThan(size / 3)
      expect(JSON.parse(decode(r.body).toString())).toEqual(plain.body)
    }
  })

  it('a small body (under 1 KB) is sent as it is', async () => {
    const r = await h.anon.get('/api/ready').set('accept-encoding', 'br, gzip')
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBeUndefined()
  })
})
