/**
 * Compresses the bodies the API answers with `res.send` / `res.json` (everything under /api): brotli
 * or gzip as the client prefers, for text-like types from 1 KB up. The web apps' files are
 * compressed once at build time instead (./static.ts). Compression runs on zlib's thread pool, not
 * on the event loop.
 */
import type { Request, RequestHandler, Response } from 'express'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'

const br = promisify(brotliCompress)
const gz = promisify(gzip)

/** Smaller bodies are sent as they are: the headers would cost more than compression saves. */
export const MIN_BYTES = 1024
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/i

function encode(body: Buffer, enc: 'br' | 'gzip'): Promise<Buffer> {
  return enc === 'br' ? br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gz(body, { level: 6 })
}

/** Brotli when the client accepts it at all, else gzip (the server's preference; browsers list both). */
export function pickEncoding(req: Request, available: ReadonlyArray<'br' | 'gzip'> = ['br', 'gzip']): 'br' | 'gzip' | null {
  for (const e of available) if (req.acceptsEncodings(e) === e) return e
  return null
}

export function compressResponses(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'HEAD') return next()
    const send = res.send.bind(res) as (body?: unknown) => Response
    res.send = function (body?: unknown) {
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) return send(body)
      // res.send's own default for a string; JSON bodies come with their type from res.json
      if (typeof body === 'string' && !res.get('Content-Type')) res.type('html')
      const type = String(res.get('Content-Type') ?? '')
      if (!COMPRESSIBLE.test(type) || res.get('Content-Encoding') || /no-transform/.test(String(res.get('Cache-Control') ?? ''))) return send(body)
      res.vary('Accept-Encoding')
      const enc = pickEncoding(req)
      if (!enc || res.statusCode === 204 || res.statusCode === 304) return send(body)
      if ((typeof body === 'string' ? Buffer.byteLength(body) : body.length) < MIN_BYTES) return send(body)
      const buf = typeof body === 'string' ? Buffer.from(body) : body
      encode(buf, enc).then(
        (out) => {
          res.setHeader('Content-Encoding', enc)
          res.removeHeader('Content-Length')
          send(out)
        },
        () => send(body),
      )
      return res
    }
    next()
  }
}
