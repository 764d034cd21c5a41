/**
 * Serves a built web app (Vite's output): the files it holds, listed once at start, with
 * - Cache-Control: hashed assets (`assets/name-HASH.js`) `public, max-age=31536000, immutable`;
 *   everything else — index.html above all — `no-cache` (revalidated by ETag on every load, so a
 *   new build is picked up at once);
 * - the brotli or gzip copy written beside a file at build time (bin/precompress.js), when the
 *   client accepts it (`Content-Encoding`, `Vary: Accept-Encoding`); a text file without copies (a
 *   plain `vite build`, no `--compress`) is compressed on its first request and kept in memory
 *   (until it changes on disk), so no build sends its JavaScript uncompressed;
 * - the single-page fallback: a path without a file extension answers the app's index.html; a
 *   missing file (an asset of an older build) answers 404 instead of HTML.
 * The listing is read again when an unknown name is asked for (a rebuild while the server runs).
 *
 * With `schemePages`, a folder's page is also served one level down per scheme (#19: the public
 * page at `/public/wulan/`): `<folder>/<id>/` answers `<folder>/index.html`, its relative URLs
 * moved up one level, for the ids `known` accepts only; `<folder>/<id>` redirects to the slash;
 * any other path under the folder without a file is a 404 page (never the staff app's fallback).
 */
import express, { type Request, type Response } from 'express'
import { readdirSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { pickEncoding } from './compress'

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const REVALIDATE = 'no-cache'

/** Vite's hashed output names: `assets/CasePage-D_BmvbiE.js`, `assets/index-Bx1c2d3e.css` */
const HASHED = /(^|\/)assets\/.+-[\w-]{8,}\.[a-z0-9]+$/i

interface Entry {
  br: boolean
  gz: boolean
}

/** The types bin/precompress.js writes copies of; from 1 KB up (below, the headers cost more than compression saves). */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|ttf|map|xml|wasm)$/i
const MIN_BYTES = 1024
/** Memory kept for the compressed bodies of files without copies (dropped all at once past it). */
const CACHE_BYTES = 64 * 1024 * 1024

const br = promisify(brotliCompress)
const gz = promisify(gzip)

interface Compressed {
  size: number
  mtimeMs: number
  body: Promise<Buffer | null>
}

/** Compressed bodies of the files that have no copy, per `rel` and encoding; stale when the file changes. */
function memoryCompressor(dir: string) {
  const cache = new Map<string, Compressed>()
  let bytes = 0
  return async (rel: string, enc: 'br' | 'gzip'): Promise<{ body: Buffer; size: number; mtimeMs: number } | null> => {
    const st = await stat(path.join(dir, rel))
    if (st.size < MIN_BYTES) return null
    const key = `${enc} ${rel}`
    let c = cache.get(key)
    if (!c || c.size !== st.size || c.mtimeMs !== st.mtimeMs) {
      const body = readFile(path.join(dir, rel)).then(async (raw) => {
        // quality 9 as bin/precompress.js; 5 past 1 MB (Monaco's 4 MB: ~1 s instead of ~3 s, a few per cent larger)
        const quality = raw.length > 1024 * 1024 ? 5 : 9
        const out =
          enc === 'br'
            ? await br(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
            : await gz(raw, { level: 9 })
        if (out.length >= raw.length) return null
        bytes += out.length
        // past the limit, the others go (a stale entry's bytes are counted until then)
        if (bytes > CACHE_BYTES) {
          for (const k of [...cache.keys()]) if (k !== key) cache.delete(k)
          bytes = out.length
        }
        return out
      })
      c = { size: st.size, mtimeMs: st.mtimeMs, body }
      cache.set(key, c)
      // a failed read or compression is not kept
      body.catch(() => cache.get(key) === c && cache.delete(key))
    }
    const body = await c.body
    return body ? { body, size: c.size, mtimeMs: c.mtimeMs } : null
  }
}

function listFiles(dir: string): Map<string, Entry> {
  const names: string[] = []
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(r)
      else if (e.isFile()) names.push(r)
    }
  }
  walk('')
  const all = new Set(names)
  const files = new Map<string, Entry>()
  for (const r of names) if (!/\.(br|gz)$/.test(r) || !all.has(r.slice(0, -3))) files.set(r, { br: all.has(`${r}.br`), gz: all.has(`${r}.gz`) })
  return files
}

/** A scheme id as a page's address may carry it (as runtime/web/public/src/api.ts reads it) */
const SCHEME_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** Relative `src` / `href` URLs of a page moved one folder level up: the page served one level deeper. */
export function deeperPage(html: string): string {
  return html.replace(/(\s(?:src|href)=["'])(?![a-z][a-z0-9+.-]*:|\/|#)/gi, '$1../')
}

/** The 404 page for a scheme page the server does not serve, in Chinese and English. */
export const UNKNOWN_SCHEME_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>页面不存在 · Page not found</title></head>
<body>
<h1>页面不存在</h1>
<p>此地址没有对应的乡镇。请核对网址，或向乡镇信访代办工作人员询问正确的地址。</p>
<h1 lang="en">Page not found</h1>
<p lang="en">No town is served at this address. Check the address, or ask the town's petition proxy staff for the right one.</p>
</body>
</html>
`

export interface WebAppOptions {
  /** A folder whose page is served per scheme id, at `<folder>/<id>/` (deny by default: only ids `known` accepts). */
  schemePages?: { folder: string; known: (id: string) => Promise<boolean> }
}

/** A router serving the built app in `dir` (mount it at the app's path). */
export function webApp(dir: string, opts: WebAppOptions = {}): express.Router {
  let files = listFiles(dir)
  let listedAt = Date.now()
  // a rebuild while the server runs (npm run build): a name not known is looked for again, at most once a second
  const lookup = (rel: string): Entry | undefined => {
    const e = files.get(rel)
    if (e || Date.now() - listedAt < 1000) return e
    listedAt = Date.now()
    try {
      files = listFiles(dir)
    } catch {
      files = new Map()
    }
    return files.get(rel)
  }
  const router = express.Router({ caseSensitive: true, strict: true })
  const compressed = memoryCompressor(dir)

  /** A compressible file without copies, compressed in memory; false when it is to be sent as it is. */
  const sendCompressed = async (req: Request, res: Response, rel: string): Promise<boolean> => {
    if (!COMPRESSIBLE.test(rel)) return false
    const enc = pickEncoding(req)
    if (!enc) {
      res.vary('Accept-Encoding')
      return false
    }
    const c = await compressed(rel, enc)
    if (!c) return false
    res.setHeader('Cache-Control', HASHED.test(rel) ? IMMUTABLE : REVALIDATE)
    res.vary('Accept-Encoding')
    res.setHeader('Content-Encoding', enc)
    res.setHeader('Last-Modified', new Date(c.mtimeMs).toUTCString())
    // as `send` makes them for the file, with the encoding: a copy and the file never share a tag
    res.setHeader('ETag', `W/"${c.size.toString(16)}-${Math.floor(c.mtimeMs).toString(16)}-${enc}"`)
    res.type(path.extname(rel))
    if (req.fresh) {
      res.status(304).end()
      return true
    }
    res.setHeader('Content-Length', c.body.length)
    if (req.method === 'HEAD') res.end()
    else res.end(c.body)
    return true
  }

  const sendAsIs = (req: Request, res: Response, rel: string) => {
    res.setHeader('Cache-Control', HASHED.test(rel) ? IMMUTABLE : REVALIDATE)
    res.type(path.extname(rel))
    res.sendFile(rel, { root: dir, dotfiles: 'deny', cacheControl: false }, (err) => {
      if (err && !res.headersSent) res.status((err as { status?: number }).status ?? 500).end()
    })
  }

  const send = (req: Request, res: Response, rel: string, entry: Entry) => {
    if (!entry.br && !entry.gz) {
      sendCompressed(req, res, rel).then(
        (sent) => {
          if (!sent && !res.headersSent) sendAsIs(req, res, rel)
        },
        () => {
          if (!res.headersSent) sendAsIs(req, res, rel)
        },
      )
      return
    }
    const available = [...(entry.br ? (['br'] as const) : []), ...(entry.gz ? (['gzip'] as const) : [])]
    const enc = available.length ? pickEncoding(req, available) : null
    const file = enc === 'br' ? `${rel}.br` : enc === 'gzip' ? `${rel}.gz` : rel
    res.setHeader('Cache-Control', HASHED.test(rel) ? IMMUTABLE : REVALIDATE)
    if (available.length) res.vary('Accept-Encoding')
    if (enc) res.setHeader('Content-Encoding', enc)
    // the type of the file itself, not of its .br / .gz copy
    res.type(path.extname(rel))
    res.sendFile(file, { root: dir, dotfiles: 'deny', cacheControl: false }, (err) => {
      if (!err) return
      // the copy went away (a rebuild): the file itself, as it is
      if (enc && (err as NodeJS.ErrnoException).code === 'ENOENT' && !res.headersSent) {
        res.removeHeader('Content-Encoding')
        return res.sendFile(rel, { root: dir, dotfiles: 'deny', cacheControl: false })
      }
      if (!res.headersSent) res.status((err as { status?: number }).status ?? 500).end()
    })
  }

  /** `<folder>/index.html`, its relative URLs one level up; rebuilt when the file changes */
  let deeper: { mtimeMs: number; size: number; body: Promise<Buffer> } | null = null
  const deeperIndex = async (rel: string): Promise<Buffer> => {
    const st = await stat(path.join(dir, rel))
    if (!deeper || deeper.mtimeMs !== st.mtimeMs || deeper.size !== st.size) {
      const body = readFile(path.join(dir, rel), 'utf8').then((html) => Buffer.from(deeperPage(html)))
      deeper = { mtimeMs: st.mtimeMs, size: st.size, body }
      body.catch(() => (deeper = null))
    }
    return deeper.body
  }

  /** A path under the scheme pages' folder with no file: the page of a known scheme, its slash, or the 404 page. */
  const schemePage = async (req: Request, res: Response, rel: string): Promise<boolean> => {
    const sp = opts.schemePages
    if (!sp || !rel.startsWith(`${sp.folder}/`)) return false
    const index = `${sp.folder}/index.html`
    if (!files.has(index)) return false
    const m = /^([^/]+)(\/index\.html)?$/.exec(rel.slice(sp.folder.length + 1))
    // an asset-like name that is no scheme page: as any missing file
    if (!m && path.extname(rel)) return false
    const id = m?.[1] ?? ''
    if (m && SCHEME_ID.test(id) && (await sp.known(id))) {
      if (!m[2]) {
        const q = req.originalUrl.indexOf('?')
        res.redirect(301, `${req.baseUrl}/${sp.folder}/${encodeURIComponent(id)}/${q >= 0 ? req.originalUrl.slice(q) : ''}`)
        return true
      }
      res.setHeader('Cache-Control', REVALIDATE)
      res.type('html')
      // express's ETag and freshness check (304)
      res.send(await deeperIndex(index))
      return true
    }
    res.status(404).setHeader('Cache-Control', REVALIDATE)
    res.type('html').send(UNKNOWN_SCHEME_PAGE)
    return true
  }

  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    let rel: string
    try {
      rel = decodeURIComponent(req.path).replace(/^\/+/, '')
    } catch {
      return next()
    }
    // the app's own address without its slash (/designer): redirect, as its relative URLs need the slash
    if (rel === '' && !req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/`)
    if (rel === '' || rel.endsWith('/')) rel += 'index.html'
    const entry = lookup(rel)
    if (entry) return send(req, res, rel, entry)
    if (await schemePage(req, res, rel)) return
    // a folder with an index: the address with its trailing slash (/public → /public/)
    if (files.has(`${rel}/index.html`)) return res.redirect(301, `${req.baseUrl}/${encodeURI(rel)}/`)
    if (path.extname(rel)) return next()
    const index = files.get('index.html')
    if (!index) return next()
    return send(req, res, 'index.html', index)
  })
  return router
}
