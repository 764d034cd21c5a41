/**
 * What a store shared by several app instances offers beyond the Store contract (PgStore does;
 * the FileStore is held by one process, whose memory is shared enough):
 *
 * - `runExclusive(job, fn)`: fn runs on at most one instance at a time; the others skip it
 *   (periodic passes: the scheduler's and the duty's);
 * - `rateLimitStore(prefix)`: an express-rate-limit store whose counters every instance sees.
 */
import type { Store as RateLimitStore } from 'express-rate-limit'
import type { Store } from './types'

export type ExclusiveResult<T> = { ran: true; value: T } | { ran: false }

export interface ExclusiveJobs {
  runExclusive<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>>
}

export interface SharedRateLimits {
  rateLimitStore(prefix: string): RateLimitStore
}

export function exclusiveJobs(store: Store): ExclusiveJobs | undefined {
  return typeof (store as Partial<ExclusiveJobs>).runExclusive === 'function' ? (store as unknown as ExclusiveJobs) : undefined
}

export function sharedRateLimits(store: Store): SharedRateLimits | undefined {
  return typeof (store as Partial<SharedRateLimits>).rateLimitStore === 'function' ? (store as unknown as SharedRateLimits) : undefined
}
