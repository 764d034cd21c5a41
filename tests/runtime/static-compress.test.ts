/**
 * A built web app WITHOUT the build-time copies (a plain `vite build`, as the browser suites and a
 * hand build make): the static server still sends its text files compressed (issue #18: the public
 * page loaded 1.4 MB uncompressed), compressed once and kept until the file changes, with the same
 * cache headers as the copies: hashed assets immutable for a year, index.html revalidated (ETag →
 * 304). Runs against the real app (createApp with the Galutu runtime).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, rm, writeFile, utimes } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { harness, type Harness } from './harness'
import { IMMUTABLE, REVALIDATE } from '../../runtime/server/static'

let h: Harness
let server: http.Server
let web: string
let base = ''
const ASSET = 'assets/public-Ab12Cd34.js'
const CSS = 'assets/public-Zz98Yy76.css'
const SMALL = 'assets/tiny-Qq11Ww22.js'
const IMAGE = 'assets/logo-Ee33Rr44.png'
const assetText = `export const words = ${JSON.stringify(Array.from({ length: 600 }, (_, i) => `网上信访 ${i}`))};\n`
const cssText = '.pub-tabs-tab{padding:14px 10px 12px;color:#1677ff}\n'.repeat(80)
const indexText = `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>网上信访</title>${'<meta name="x" content="信访代办">'.repeat(60)}</head><body><div id="root"></div><script type="module" src="../${ASSET}"></script></body></html>`

function raw(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

const decode = (enc: string | undefined, body: Buffer) => (enc === 'br' ? brotliDecompressSync(body) : enc === 'gzip' ? gunzipSync(body) : body).toString()

beforeAll(async () => {
  web = path.join(await mkdtemp(path.join(os.tmpdir(), 'daiban-web-nocopies-')), 'web')
  for (const d of [path.join(web, 'assets'), path.join(web, 'public')]) await mkdir(d, { recursive: true })
  await writeFile(path.join(web, 'index.html'), '<!doctype html><title>工作台</title>')
  await writeFile(path.join(web, 'public/index.html'), indexText)
  await writeFile(path.join(web, ASSET), assetText)
  await writeFile(path.join(web, CSS), cssText)
  await writeFile(path.join(web, SMALL), 'export const a = 1\n')
  await writeFile(path.join(web, IMAGE), Buffer.alloc(4096, 7))
  h = await harness({ app: { staticDirs: [{ mount: '/', dir: web }] } })
  server = http.createServer(h.app).listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server?.close()
  await h?.close()
  await rm(path.dirname(web), { recursive: true, force: true })
})

describe('text files without build-time copies are compressed on the fly', () => {
  const cases: Array<{ url: string; text: () => string; type: RegExp; cache: string; accept: string; enc: string | undefined }> = [
    { url: `/${ASSET}`, text: () => assetText, type: /javascript/, cache: IMMUTABLE, accept: 'gzip, deflate, br, zstd', enc: 'br' },
    { url: `/${ASSET}`, text: () => assetText, type: /javascript/, cache: IMMUTABLE, accept: 'gzip', enc: 'gzip' },
    { url: `/${ASSET}`, text: () => assetText, type: /javascript/, cache: IMMUTABLE, accept: 'br;q=0, gzip', enc: 'gzip' },
    { url: `/${ASSET}`, text: () => assetText, type: /javascript/, cache: IMMUTABLE, accept: 'identity', enc: undefined },
    { url: `/${CSS}`, text: () => cssText, type: /^text\/css/, cache: IMMUTABLE, accept: 'br, gzip', enc: 'br' },
    { url: '/public/', text: () => indexText, type: /^text\/html/, cache: REVALIDATE, accept: 'br, gzip', enc: 'br' },
    { url: '/public/index.html', text: () => indexText, type: /^text\/html/, cache: REVALIDATE, accept: 'gzip', enc: 'gzip' },
  ]
  for (const c of cases) {
    it(`${c.url}, accept-encoding: ${c.accept} → ${c.enc ?? 'as it is'}`, async () => {
      expect(existsSync(path.join(web, `${ASSET}.br`))).toBe(false)
      const r = await raw(c.url, { 'accept-encoding': c.accept })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(c.enc)
      expect(r.headers['vary']).toMatch(/accept-encoding/i)
      expect(r.headers['content-type']).toMatch(c.type)
      expect(r.headers['cache-control']).toBe(c.cache)
      expect(decode(c.enc, r.body)).toBe(c.text())
      if (c.enc) {
        expect(r.body.length).toBeLessThan(Buffer.byteLength(c.text()) / 3)
        expect(Number(r.headers['content-length'])).toBe(r.body.length)
      }
    })
  }

  it('index.html revalidates: the compressed answer has its own ETag, and If-None-Match answers 304', async () => {
    const first = await raw('/public/', { 'accept-encoding': 'br' })
    const plain = await raw('/public/', { 'accept-encoding': 'identity' })
    expect(first.headers['etag']).toBeTruthy()
    expect(first.headers['etag']).not.toBe(plain.headers['etag'])
    const again = await raw('/public/', { 'accept-encoding': 'br', 'if-none-match': first.headers['etag'] as string })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers['cache-control']).toBe(REVALIDATE)
  })

  it('HEAD answers the headers of the compressed body, without it', async () => {
    const get = await raw(`/${ASSET}`, { 'accept-encoding': 'br' })
    const head = await raw(`/${ASSET}`, { 'accept-encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-encoding']).toBe('br')
    expect(head.headers['content-length']).toBe(String(get.body.length))
    expect(head.body.length).toBe(0)
  })

  it('a file changed on disk (a rebuild under the same name) is sent as it is now', async () => {
    const index = path.join(web, 'public/index.html')
    const before = decode('br', (await raw('/public/', { 'accept-encoding': 'br' })).body)
    expect(before).toBe(indexText)
    const changed = indexText.replace('网上信访', '网上信访（新）')
    await writeFile(index, changed)
    const later = new Date(Date.now() + 5000)
    await utimes(index, later, later)
    const r = await raw('/public/', { 'accept-encoding': 'br' })
    expect(decode('br', r.body)).toBe(changed)
  })

  it('small files and images are sent as they are', async () => {
    for (const url of [`/${SMALL}`, `/${IMAGE}`, '/']) {
      const r = await raw(url, { 'accept-encoding': 'br, gzip' })
      expect(r.status, url).toBe(200)
      expect(r.headers['content-encoding'], url).toBeUndefined()
    }
    expect((await raw(`/${IMAGE}`, { 'accept-encoding': 'br' })).body.length).toBe(4096)
  })
})
