/** Password hashing with scrypt (node:crypto), parameters stored with each hash. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>

export interface PasswordHash {
  alg: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  hash: string
}

const PARAMS = { N: 1 << 15, r: 8, p: 1 }

export async function hashPassword(pw: string): Promise<PasswordHash> {
  const salt = randomBytes(16)
  const hash = await scrypt(pw, salt, 32, { ...PARAMS, maxmem: 64 * 1024 * 1024 })
  return { alg: 'scrypt', ...PARAMS, salt: salt.toString('base64'), hash: hash.toString('base64') }
}

export async function verifyPassword(pw: string, h: PasswordHash): Promise<boolean> {
  const got = await scrypt(pw, Buffer.from(h.salt, 'base64'), 32, { N: h.N, r: h.r, p: h.p, maxmem: 64 * 1024 * 1024 })
  const want = Buffer.from(h.hash, 'base64')
  return got.length === want.length && timingSafeEqual(got, want)
}

/** A dummy hash so that an unknown user name costs the same time as a wrong password. */
let dummy: Promise<PasswordHash> | null = null
export function dummyHash(): Promise<PasswordHash> {
  dummy ??= hashPassword('dummy-password-for-timing')
  return dummy
}
