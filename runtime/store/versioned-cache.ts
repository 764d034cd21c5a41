/**
 * Values read from the store and kept in memory while a version document still holds the number
 * they were read under. One small read checks an entry is current; every writer bumps the document
 * after its write, so a write on another instance sharing the store (PostgreSQL) is seen at the next
 * read too. An entry is read afresh at least every `maxAgeMs` (a writer that died between its write
 * and the bump) and, past `maxEntries`, every entry is dropped.
 *
 * @example
 *   const names = new VersionedCache<string, string[]>(store, (k) => `duty/${k.split(' ')[0]}/roster-version`, { maxAgeMs: 60_000, maxEntries: 64 })
 *   await names.get(`${scheme} ${date}`, () => readNames(scheme, date))
 *   await names.bump(`duty/${scheme}/roster-version`) // after a roster write
 */
import type { Store } from './types'

export class VersionedCache<K extends string, V> {
  private readonly entries = new Map<K, { version: unknown; at: number; value: V }>()

  constructor(
    private readonly store: Pick<Store, 'getDoc' | 'updateDoc'>,
    /** The version document an entry depends on */
    private readonly versionKey: (key: K) => string,
    private readonly limits: { maxAgeMs: number; maxEntries: number },
  ) {}

  /** The value of `key`: kept, or read with `load` (the value is shared: callers must not change it). */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    const version = await this.store.getDoc<number>(this.versionKey(key))
    const at = Date.now()
    const kept = this.entries.get(key)
    if (kept && kept.version === version && at - kept.at < this.limits.maxAgeMs) return kept.value
    const value = await load()
    if (this.entries.size >= this.limits.maxEntries) this.entries.clear()
    // read under `version`: a write after that read bumped it, so the next get reads again
    this.entries.set(key, { version, at, value })
    return value
  }

  /** After a write: the entries under `versionDoc` go here at once, and on other instances through the document. */
  async bump(versionDoc: string): Promise<void> {
    const drop = () => {
      for (const k of [...this.entries.keys()]) if (this.versionKey(k) === versionDoc) this.entries.delete(k)
    }
    drop()
    await this.store.updateDoc<number>(versionDoc, (v) => (typeof v === 'number' ? v : 0) + 1)
    drop()
  }
}
