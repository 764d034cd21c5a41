/**
 * An express-rate-limit store in PostgreSQL (table `rate_limits`, migration 2), so several
 * instances behind one address count a client's requests together. Fixed windows like the
 * library's MemoryStore: the first hit opens a window of `windowMs`, later hits count in it, a
 * hit after `reset_at` opens a new one. Time is the database server's (`now()`), the one clock
 * every instance agrees on. One upsert per request, atomic under the row lock.
 *
 * A database that cannot be reached fails the request with StoreUnavailableError (HTTP 503)
 * rather than letting it through uncounted.
 */
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit'
import type pg from 'pg'
import { StoreUnavailableError } from './types'
import { isUnavailable, unavailable } from './pg/errors'

/** Anything with an open pool: PgStore. */
export interface PoolOwner {
  readonly url: string
  readonly pool: pg.Pool
}

/** Expired windows are deleted by about one increment in this many. */
const SWEEP_EVERY = 500

export class PgRateLimitStore implements Store {
  readonly localKeys = false
  private windowMs = 60_000

  constructor(
    private readonly owner: PoolOwner,
    readonly prefix: string,
  ) {
    if (typeof prefix !== 'string' || prefix === '') throw new TypeError('PgRateLimitStore: prefix must be a non-empty string')
  }

  init(options: Options): void {
    this.windowMs = options.windowMs
  }

  private async query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.owner.pool.query<R>(config)
    } catch (e) {
      if (e instanceof StoreUnavailableError) throw e
      if (isUnavailable(e)) throw unavailable(e, this.owner.url)
      throw e
    }
  }

  private k(key: string): string {
    return `${this.prefix}:${key}`
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const r = await this.query<{ hits: number; reset_at: Date }>({
      name: 'daiban_rl_get',
      text: 'SELECT hits, reset_at FROM rate_limits WHERE key = $1 AND reset_at > now()',
      values: [this.k(key)],
    })
    const row = r.rows[0]
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const r = await this.query<{ hits: number; reset_at: Date }>({
      name: 'daiban_rl_hit',
      text: `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
          reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
        RETURNING hits, reset_at`,
      values: [this.k(key), this.windowMs],
    })
    if (Math.random() * SWEEP_EVERY < 1) void this.sweep().catch(() => {})
    const row = r.rows[0]!
    return { totalHits: row.hits, resetTime: row.reset_at }
  }

  async decrement(key: string): Promise<void> {
    await this.query({
      name: 'daiban_rl_unhit',
      text: 'UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1 AND reset_at > now()',
      values: [this.k(key)],
    })
  }

  async resetKey(key: string): Promise<void> {
    await this.query({ name: 'daiban_rl_reset', text: 'DELETE FROM rate_limits WHERE key = $1', values: [this.k(key)] })
  }

  /** Deletes the windows that ended (any limiter's). */
  async sweep(): Promise<number> {
    const r = await this.query({ name: 'daiban_rl_sweep', text: 'DELETE FROM rate_limits WHERE reset_at <= now()' })
    return r.rowCount ?? 0
  }
}
