/**
 * Durable file primitives shared by the file store:
 * - {@link atomicWrite}: unique temp file in the same folder → fsync → rename over the target →
 *   fsync the folder; resolves only then. A crash leaves either the old or the new file, plus at
 *   worst a stray temp file (removed at the next open).
 * - {@link replaceFile}: the same without fsync, for files the journal covers until a checkpoint.
 * - {@link DurableJSONFile}: a lowdb `Adapter` built on it. lowdb's stock `TextFile`/`JSONFile`
 *   rename a fixed-name temp file without any fsync, which can lose or zero a file on power loss.
 */
import { writeSync } from 'node:fs'
import fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Adapter } from 'lowdb'

const IS_WINDOWS = process.platform === 'win32'
const TMP_SUFFIX = '.tmp'
let tmpCounter = 0

/** A data file that is present but empty or unreadable. The store turns it into a clear refusal. */
export class DamagedFileError extends Error {
  readonly code = 'DAMAGED_FILE'
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`)
    this.name = 'DamagedFileError'
  }
}

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined
}

/** First line of an error's message, never a stack trace. */
export function shortReason(e: unknown): string {
  const code = errorCode(e)
  const msg = e instanceof Error ? e.message : String(e)
  const first = msg.split('\n')[0] ?? ''
  return code && !first.includes(code) ? `${code}: ${first}` : first
}

/** `.<target name>.<pid>.<n>.<random>.tmp` next to the target. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target)
  const base = path.basename(target)
  const n = (tmpCounter++).toString(36)
  return path.join(dir, `.${base}.${process.pid}.${n}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`)
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TMP_SUFFIX)
}

/** fsync a folder so a create/rename/unlink inside it survives power loss (no-op on Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  if (IS_WINDOWS) return
  const h = await fs.open(dir, 'r')
  try {
    await h.sync()
  } finally {
    await h.close()
  }
}

/** fsync an existing file by path (cheap when it has no dirty pages). */
export async function fsyncFile(file: string): Promise<void> {
  const h = await fs.open(file, IS_WINDOWS ? 'r+' : 'r')
  try {
    await h.sync()
  } finally {
    await h.close()
  }
}

/** Cut `file` to its first `bytes` bytes, on disk before this resolves (a torn tail dropped at recovery). */
export async function truncateDurably(file: string, bytes: number): Promise<void> {
  const h = await fs.open(file, 'r+')
  try {
    await h.truncate(bytes)
    await h.sync()
  } finally {
    await h.close()
  }
}

/** Writes the whole buffer (FileHandle.write may write less than asked). */
export async function writeAll(h: FileHandle, buf: Uint8Array): Promise<void> {
  let off = 0
  while (off < buf.length) {
    const { bytesWritten } = await h.write(buf, off, buf.length - off, null)
    off += bytesWritten
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to)
      return
    } catch (e) {
      // Windows refuses to replace a file another handle has open; it is released shortly.
      const code = errorCode(e)
      if (!IS_WINDOWS || attempt >= 10 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw e
      await new Promise((r) => setTimeout(r, 10 * (attempt + 1)))
    }
  }
}

export type WriteSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>

/**
 * Replaces `target` atomically and durably. Resolves only after the data and the folder entry
 * are fsync'd. The folder must exist.
 */
export async function atomicWrite(
  target: string,
  data: WriteSource,
  opts: { /** fdatasync every N bytes while writing a large file, so the final fsync is not one big stall for other writers */ syncEveryBytes?: number } = {},
): Promise<number> {
  const tmp = tempPathFor(target)
  let h: FileHandle | undefined
  let bytes = 0
  try {
    h = await fs.open(tmp, 'wx')
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      await writeAll(h, buf)
      bytes = buf.length
    } else {
      let unsynced = 0
      for await (const chunk of data as AsyncIterable<string | Uint8Array>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
        await writeAll(h, buf)
        bytes += buf.length
        unsynced += buf.length
        if (opts.syncEveryBytes && unsynced >= opts.syncEveryBytes) {
          await h.datasync()
          unsynced = 0
        }
      }
    }
    await h.sync()
    await h.close()
    h = undefined
    await renameWithRetry(tmp, target)
  } catch (e) {
    if (h) await h.close().catch(() => {})
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw e
  }
  await fsyncDir(path.dirname(target))
  return bytes
}

/**
 * Replaces `target` through a temp file and a rename, without any fsync: a reader sees the old or
 * the new file, never a partial one, and a killed process leaves the same. Not durable against
 * power loss by itself: the caller must hold the data elsewhere (the journal) until it fsyncs the
 * file and its folder. The folder must exist.
 */
export async function replaceFile(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(target)
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const h = await fs.open(tmp, 'wx')
  try {
    await writeAll(h, buf)
  } catch (e) {
    await h.close().catch(() => {})
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw e
  }
  await h.close()
  try {
    await renameWithRetry(tmp, target)
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw e
  }
}

/** Writes all of `buf` at the file's position (a short write continues). */
export function writeAllSync(fd: number, buf: Uint8Array): void {
  let off = 0
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
}

/** Reads a JSON file; null when absent; DamagedFileError when empty or not JSON. */
export async function readJSONFile<T>(file: string): Promise<T | null> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null
    throw e
  }
  if (text.trim() === '') throw new DamagedFileError(file, 'the file is empty')
  try {
    return JSON.parse(text) as T
  } catch {
    throw new DamagedFileError(file, 'the file is not valid JSON (truncated or overwritten)')
  }
}

/**
 * lowdb adapter: read = parse (null when absent), write = {@link atomicWrite} of the JSON text.
 * Used with `new Low(new DurableJSONFile(file), …)` for case documents, small docs and the
 * checkpoint root.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  read(): Promise<T | null> {
    return readJSONFile<T>(this.file)
  }

  async write(data: T): Promise<void> {
    await atomicWrite(this.file, JSON.stringify(data))
  }
}

/** Lists a folder; [] when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir)
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return []
    throw e
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function eachLimit<T>(items: Iterable<T>, limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]()
  let failed: unknown = null
  let hasFailed = false
  const worker = async () => {
    for (;;) {
      if (hasFailed) return
      const next = it.next()
      if (next.done) return
      try {
        await fn(next.value)
      } catch (e) {
        if (!hasFailed) {
          hasFailed = true
          failed = e
        }
        return
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker))
  if (hasFailed) throw failed
}
