/** Unguessable tracking codes for citizens: 12 characters from an unambiguous alphabet (≈ 59 bits). */
import { randomInt } from 'node:crypto'

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function newTrackingCode(): string {
  let s = ''
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)]
  return s
}

export function normaliseCode(input: unknown): string | null {
  if (typeof input !== 'string') return null
  const s = input.toUpperCase().replace(/[\s-]/g, '')
  return /^[A-HJKMNP-Z2-9]{12}$/.test(s) ? s : null
}
