/**
 * Documents of the file store: small key-value files `docs/<key>.json` holding `{ key, value }`,
 * each write one journal line (with `syncDataFiles`, as before #20, the fsync'd file itself).
 */
import { Low } from 'lowdb'
import { DurableJSONFile } from '../durable'
import type { FileCore } from './core'
import { toPlain } from './lines'

/** Documents kept parsed in memory (sessions, accounts, version marks: read on every request). */
const CACHE_ENTRIES = 2048
/** A document whose JSON is longer is not kept (rosters, assessment entries: read seldom, large). */
const CACHE_MAX_CHARS = 16 * 1024

export class FileDocuments {
  /**
   * Parsed values by file, least recently used first. Exact: one process owns the folder (its
   * lock), and every write of a document goes through writeDoc, which replaces the entry.
   */
  private readonly cache = new Map<string, { value: unknown }>()
  /** Files read and found too large to keep, so their reads skip the size check. */
  private readonly large = new Set<string>()

  constructor(private readonly core: FileCore) {}

  private remember(file: string, value: unknown, chars: number): void {
    this.cache.delete(file)
    if (chars > CACHE_MAX_CHARS) {
      this.large.add(file)
      return
    }
    this.large.delete(file)
    this.cache.set(file, { value })
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string)
  }

  /** Forgets every cached document (the store reopened or a restore wrote the folder). */
  clear(): void {
    this.cache.clear()
    this.large.clear()
  }

  async getDoc<T = unknown>(key: string): Promise<T | null> {
    const core = this.core
    core.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('getDoc: key must be a non-empty string')
    const file = core.docFile(key)
    const queued = core.writes.value(file) as { value: T } | undefined
    if (queued) return queued.value === null ? null : structuredClone(queued.value)
    const hit = this.cache.get(file)
    if (hit) {
      this.cache.delete(file)
      this.cache.set(file, hit)
      return hit.value === null ? null : (structuredClone(hit.value) as T)
    }
    const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(file), null)
    try {
      await db.read()
    } catch (e) {
      throw core.asUnavailable(e)
    }
    const value = db.data ? (db.data.value ?? null) : null
    if (!this.large.has(file)) this.remember(file, value === null ? null : structuredClone(value), value === null ? 4 : JSON.stringify(value).length)
    return value
  }

  async putDoc(key: string, value: unknown): Promise<void> {
    const core = this.core
    core.assertWritable()
    if (typeof key !== 'string' || key === '') throw new TypeError('putDoc: key must be a non-empty string')
    const doc = { key, value: value === undefined ? null : toPlain(value, `document ${key}`) }
    const file = core.docFile(key)
    return core.track(
      core.fileLocks.run('doc:' + file, async () => {
        core.assertNotFailed()
        await this.writeDoc(file, doc)
      }),
    )
  }

  async updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    const core = this.core
    core.assertWritable()
    if (typeof key !== 'string' || key === '') throw new TypeError('updateDoc: key must be a non-empty string')
    if (typeof fn !== 'function') throw new TypeError('updateDoc: fn must be a function')
    const file = core.docFile(key)
    return core.track(
      // the lock putDoc takes too: one process owns the folder, so this is every writer of the key
      core.fileLocks.run('doc:' + file, async () => {
        core.assertNotFailed()
        const queued = core.writes.value(file) as { key: string; value: T } | undefined
        const hit = queued ? undefined : this.cache.get(file)
        const start = queued ? structuredClone(queued) : hit ? { key, value: structuredClone(hit.value) as T } : null
        const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(file), start)
        try {
          if (!queued && !hit) await db.read()
        } catch (e) {
          throw core.asUnavailable(e)
        }
        const next = fn(db.data ? (db.data.value ?? null) : null)
        const doc = { key, value: next === undefined ? null : toPlain(next, `document ${key}`) }
        await this.writeDoc(file, doc)
        return next
      }),
    )
  }

  /** One document write: a journal line, then the file (the caller holds the key's lock). */
  private async writeDoc(file: string, doc: { key: string; value: unknown }): Promise<void> {
    const text = JSON.stringify(doc)
    // forgotten first: a failed write must not leave the new value cached
    this.cache.delete(file)
    if (this.core.syncDataFiles) {
      // before issue #20 documents were not journaled: the fsync'd file is the commit
      await this.core.writeDataFile(file, text)
    } else {
      await this.core.commit({ op: 'doc', key: doc.key, value: doc.value }, [], { path: file, text, value: doc }, () => {})
    }
    // the document as written (toPlain made it plain JSON, owned by the store)
    this.remember(file, doc.value, text.length)
  }
}
