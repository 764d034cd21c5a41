/**
 * Documents of the file store: small key-value files `docs/<key>.json` holding `{ key, value }`,
 * each write one journal line (with `syncDataFiles`, as before #20, the fsync'd file itself).
 */
import { Low } from 'lowdb'
import { DurableJSONFile } from '../durable'
import type { FileCore } from './core'
import { toPlain } from './lines'

export class FileDocuments {
  constructor(private readonly core: FileCore) {}

  async getDoc<T = unknown>(key: string): Promise<T | null> {
    const core = this.core
    core.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('getDoc: key must be a non-empty string')
    const queued = core.writes.value(core.docFile(key)) as { value: T } | undefined
    if (queued) return queued.value === null ? null : structuredClone(queued.value)
    const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(core.docFile(key)), null)
    try {
      await db.read()
    } catch (e) {
      throw core.asUnavailable(e)
    }
    return db.data ? (db.data.value ?? null) : null
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
        const db = new Low<{ key: string; value: T } | null>(new DurableJSONFile(file), queued ? structuredClone(queued) : null)
        try {
          if (!queued) await db.read()
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
    if (this.core.syncDataFiles) {
      // before issue #20 documents were not journaled: the fsync'd file is the commit
      await this.core.writeDataFile(file, JSON.stringify(doc))
      return
    }
    await this.core.commit({ op: 'doc', key: doc.key, value: doc.value }, [], { path: file, text: JSON.stringify(doc), value: doc }, () => {})
  }
}
