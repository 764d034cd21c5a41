/**
 * A server-generated proof-of-work challenge for the public pages — no third-party captcha, since
 * town offices may be offline. The server signs {nonce, expiry, difficulty}; the browser finds a
 * string whose SHA-256 with the token has `difficulty` leading zero bits (about a second of work);
 * the server checks the signature, the expiry, the work, and that the token is used once.
 *
 * "Used" means used for something that was accepted: a form refused for a typo leaves the token
 * good for the corrected form. Spent tokens are kept in the store (not in memory), so a restart or
 * a second instance on the same database does not make a token good again; they are forgotten once
 * expired, since an expired token is refused anyway.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Store } from '../store'
import { ServiceError } from '../errors'

export interface Challenge {
  token: string
  difficulty: number
  expiresAt: string
}

export function leadingZeroBits(buf: Buffer): number {
  let bits = 0
  for (const byte of buf) {
    if (byte === 0) {
      bits += 8
      continue
    }
    bits += Math.clz32(byte) - 24
    break
  }
  return bits
}

export function solve(token: string, difficulty: number): string {
  for (let i = 0; ; i++) {
    const s = i.toString(36)
    if (leadingZeroBits(createHash('sha256').update(`${token}:${s}`).digest()) >= difficulty) return s
  }
}

/**
 * The signing secret, the same on every instance of one store: created by the first to ask
 * (under the document's lock, so two instances starting at once on a new database agree),
 * read by the rest.
 */
export async function challengeSecret(store: Store): Promise<Buffer> {
  const key = 'secrets/public-challenge'
  const isHex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
  const cur = await store.getDoc<string>(key)
  const hex = isHex(cur) ? cur : await store.updateDoc<string>(key, (v) => (isHex(v) ? v : randomBytes(32).toString('hex')))
  return Buffer.from(hex, 'hex')
}

/** Spent tokens (by hash) and their expiry, spread over a few documents so writers rarely wait on each other. */
type SpentShard = Record<string, number>
const SHARDS = 16
const ALREADY_USED = '该验证已使用，请勿重复提交'

export class ChallengeService {
  constructor(
    private readonly store: Store,
    private readonly secret: Buffer,
    private readonly now: () => number,
    readonly difficulty = 16,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  issue(): Challenge {
    const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), e: this.now() + this.ttlMs, d: this.difficulty })).toString(
      'base64url',
    )
    const sig = createHmac('sha256', this.secret).update(payload).digest('base64url')
    return { token: `${payload}.${sig}`, difficulty: this.difficulty, expiresAt: new Date(this.now() + this.ttlMs).toISOString() }
  }

  /**
   * Run `accept` behind a solved challenge, and spend the token only when `accept` succeeds.
   * The token is reserved while `accept` runs (a second request with it is refused), released
   * when `accept` throws. Refusals are `ServiceError('FORBIDDEN')` with `code: 'CHALLENGE_FAILED'`.
   *
   * @example
   *   const receipt = await challenges.redeem(body.challenge, body.solution, () => publicService.submit(id, body.form, body.submissionId))
   */
  async redeem<T>(token: unknown, solution: unknown, accept: () => Promise<T>): Promise<T> {
    const checked = this.check(token, solution)
    if (typeof checked === 'string') throw refused(checked)
    const ref = spentRef(checked.token)
    if (!(await this.reserve(ref, checked.expires))) throw refused(ALREADY_USED)
    try {
      return await accept()
    } catch (e) {
      await this.release(ref).catch(() => {}) // the caller sees the refusal `e`, not a storage hiccup
      throw e
    }
  }

  /** Whether a token was spent (tests and diagnostics). */
  async isSpent(token: string): Promise<boolean> {
    const ref = spentRef(token)
    const shard = await this.store.getDoc<SpentShard>(ref.key)
    return (shard?.[ref.id] ?? 0) >= this.now()
  }

  /** Signature, expiry and work; the token and its expiry when good, else the reason (Chinese). */
  private check(token: unknown, solution: unknown): { token: string; expires: number } | string {
    if (typeof token !== 'string' || typeof solution !== 'string' || token.length > 400 || solution.length > 40) return '缺少验证信息，请刷新页面后重试'
    const [payload, sig] = token.split('.')
    if (!payload || !sig) return '验证信息无效，请刷新页面后重试'
    const expect = createHmac('sha256', this.secret).update(payload).digest()
    const got = Buffer.from(sig, 'base64url')
    if (got.length !== expect.length || !timingSafeEqual(got, expect)) return '验证信息无效，请刷新页面后重试'
    let p: { e: number; d: number }
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { e: number; d: number }
    } catch {
      return '验证信息无效，请刷新页面后重试'
    }
    if (typeof p.e !== 'number' || typeof p.d !== 'number' || p.e < this.now()) return '验证已过期，请重新提交'
    if (leadingZeroBits(createHash('sha256').update(`${token}:${solution}`).digest()) < p.d) return '验证未通过，请重试'
    return { token, expires: p.e }
  }

  /** Marks the token spent unless it already is; false when it was. Expired entries are dropped on the way. */
  private async reserve(ref: { key: string; id: string }, expires: number): Promise<boolean> {
    let fresh = false
    await this.store.updateDoc<SpentShard>(ref.key, (cur) => {
      const live = unexpired(cur, this.now())
      fresh = !(ref.id in live)
      if (fresh) live[ref.id] = expires
      return live
    })
    return fresh
  }

  private async release(ref: { key: string; id: string }): Promise<void> {
    await this.store.updateDoc<SpentShard>(ref.key, (cur) => {
      const live = unexpired(cur, this.now())
      delete live[ref.id]
      return live
    })
  }
}

function refused(why: string): ServiceError {
  return new ServiceError('FORBIDDEN', why, [], { code: 'CHALLENGE_FAILED' })
}

/** Where a token's spent mark lives: a hash of the token (the token itself is never stored). */
function spentRef(token: string): { key: string; id: string } {
  const h = createHash('sha256').update(token).digest('hex')
  return { key: `public-challenge-spent/${parseInt(h.slice(0, 2), 16) % SHARDS}`, id: h.slice(0, 32) }
}

function unexpired(cur: SpentShard | null, now: number): SpentShard {
  const out: SpentShard = {}
  for (const [k, exp] of Object.entries(cur ?? {})) if (typeof exp === 'number' && exp >= now) out[k] = exp
  return out
}
