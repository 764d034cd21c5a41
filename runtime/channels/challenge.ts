/**
 * A server-generated proof-of-work challenge for the public pages — no third-party captcha, since
 * town offices may be offline. The server signs {nonce, expiry, difficulty}; the browser finds a
 * string whose SHA-256 with the token has `difficulty` leading zero bits (about a second of work);
 * the server checks the signature, the expiry, the work, and that the token is used once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

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

export class ChallengeService {
  private readonly used = new Map<string, number>()
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
    readonly difficulty = 16,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  issue(): Challenge {
    const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), e: this.now() + this.ttlMs, d: this.difficulty })).toString('base64url')
    const sig = createHmac('sha256', this.secret).update(payload).digest('base64url')
    return { token: `${payload}.${sig}`, difficulty: this.difficulty, expiresAt: new Date(this.now() + this.ttlMs).toISOString() }
  }

  /** null when accepted; otherwise the reason (Chinese). */
  verify(token: unknown, solution: unknown): string | null {
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
    const now = this.now()
    if (typeof p.e !== 'number' || p.e < now) return '验证已过期，请重新提交'
    for (const [k, exp] of this.used) if (exp < now) this.used.delete(k)
    if (this.used.has(token)) return '该验证已使用，请勿重复提交'
    if (leadingZeroBits(createHash('sha256').update(`${token}:${solution}`).digest()) < p.d) return '验证未通过，请重试'
    this.used.set(token, p.e)
    return null
  }
}
