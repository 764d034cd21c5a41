/**
 * Mapping of ids and keys to file names. Names are one-way (the original id/key is stored inside
 * the file), safe on every common file system (no case-folding collisions, no reserved names,
 * bounded length) and spread over 256 shard folders so no folder grows past a few hundred files
 * per 100k cases.
 */
import { createHash } from 'node:crypto'

/** Two hex characters from a FNV-1a hash of the id: 256 shard folders. */
export function shardOf(id: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h >>>= 0
  const byte = (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & 0xff
  return byte.toString(16).padStart(2, '0')
}

const KEEP = /^[a-z0-9_-]$/
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/
const MAX_NAME = 150

/**
 * Encodes an id or key as a file-name stem: `[a-z0-9_-]` stay, every other character (upper-case
 * letters, '.', '/', CJK …) becomes `%XX` per UTF-8 byte. Long names are cut and suffixed with a
 * SHA-1 of the full key, so two different keys never share a file.
 */
export function safeName(key: string): string {
  let out = ''
  for (const ch of key) {
    if (KEEP.test(ch)) {
      out += ch
    } else {
      for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
    }
  }
  if (out.length > MAX_NAME) {
    out = out.slice(0, 100) + '~' + createHash('sha1').update(key, 'utf8').digest('hex')
  } else if (RESERVED.test(out)) {
    out = '~' + out
  }
  return out
}
