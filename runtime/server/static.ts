/**
 * Serves a built web app (Vite's output): the files it holds, listed once at start, with
 * - Cache-Control: hashed assets (`assets/name-HASH.js`) `public, max-age=31536000, immutable`;
 *   everything else — index.html above all — `no-cache` (revalidated by ETag on every load, so a
 *   new build is picked up at once);
 * - the brotli or gzip copy written beside a file at build time (bin/precompress.js), when the
 *   client accepts it (`Content-Encoding`, `Vary: Accept-Encoding`);
 * - the single-page fallback: a path without a file extension answers the app's index.html; a
 *   missing file (an asset of an older build) answers 404 instead of HTML.
 * The listing is read again when an unknown name is asked for (a rebuild while the server runs).
 */
import express, { type Request, type Response } from 'express'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pickEncoding } from './compress'

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const REVALIDATE = 'no-cache'

/** Vite's hashed output names: `assets/CasePage-D_BmvbiE.js`, `assets/index-Bx1c2d3e.css` */
const HASHED = /(^|\/)assets\/.+-[\w-]{8,}\.[a-z0-9]+$/i

interface Entry {
  br: boolean
  gz: boolean
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

/** A router serving the built app in `dir` (mount it at the app's path). */
export function webApp(dir: string): express.Router {
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

  const send = (req: Request, res: Response, rel: string, entry: Entry) => {
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

  router.use((req, res, next) => {
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
    // a folder with an index: the address with its trailing slash (/public → /public/)
    if (files.has(`${rel}/index.html`)) return res.redirect(301, `${req.baseUrl}/${encodeURI(rel)}/`)
    if (path.extname(rel)) return next()
    const index = files.get('index.html')
    if (!index) return next()
    return send(req, res, 'index.html', index)
  })
  return router
}
