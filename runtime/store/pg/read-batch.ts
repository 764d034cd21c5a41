/**
 * Reads by key, batched: the keys asked for while the event loop handles one round of I/O are read
 * with one statement (`WHERE key = ANY($1)`), after that round (setImmediate). Under load, the many
 * small reads of concurrent requests (each request's session and account, the accounts' version
 * document, the case) cost PostgreSQL one statement per round instead of one each; alone, a read
 * waits for nothing but the end of the current round.
 *
 * A read asked for while a batch is in flight goes into the next batch, never into the one in
 * flight: it sees every write that ended before it was asked for, as a read of its own would.
 * Each caller gets its own value (decoded from the row for it): callers may change what they get.
 */
export class ReadBatch<R, V> {
  private queued = new Map<string, Array<{ resolve: (v: V | null) => void; reject: (e: unknown) => void }>>()
  private scheduled = false

  constructor(
    /** Reads the keys (distinct, at most `maxKeys`); a key not returned is null. */
    private readonly read: (keys: string[]) => Promise<Map<string, R>>,
    /** A caller's value from a row (called once per caller) */
    private readonly decode: (row: R) => V,
    private readonly maxKeys = 500,
  ) {}

  get(key: string): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.queued.get(key)
      if (waiting) waiting.push({ resolve, reject })
      else this.queued.set(key, [{ resolve, reject }])
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.scheduled = false
    const all = this.queued
    this.queued = new Map()
    const keys = [...all.keys()]
    for (let i = 0; i < keys.length; i += this.maxKeys) {
      const part = keys.slice(i, i + this.maxKeys)
      this.read(part).then(
        (found) => {
          for (const k of part) {
            const row = found.get(k)
            for (const w of all.get(k)!) {
              try {
                w.resolve(row === undefined ? null : this.decode(row))
              } catch (e) {
                w.reject(e)
              }
            }
          }
        },
        (e: unknown) => {
          for (const k of part) for (const w of all.get(k)!) w.reject(e)
        },
      )
    }
  }
}
