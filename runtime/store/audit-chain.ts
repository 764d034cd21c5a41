/**
 * The tamper-evident audit log: every entry carries the hash of the one before it (in seq order)
 * and its own hash over its content. Changing, inserting or deleting an entry anywhere breaks the
 * chain from that point; `daiban audit verify` and `/api/audit/verify` report where.
 */
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../engine'
import type { AuditEntry } from './types'

export function auditHash(entry: AuditEntry, prevHash: string): string {
  const { hash: _h, prevHash: _p, ...content } = entry
  return createHash('sha256')
    .update(prevHash + '\n' + canonicalJson(content))
    .digest('hex')
}

/** Give entries (already numbered in seq order) their chain hashes; returns the last hash. */
export function chain(entries: AuditEntry[], prevHash: string): string {
  let prev = prevHash
  for (const e of entries) {
    e.prevHash = prev
    e.hash = auditHash(e, prev)
    prev = e.hash
  }
  return prev
}

export interface ChainReport {
  ok: boolean
  entries: number
  /** First broken entry */
  brokenAt?: { seq: number | undefined; reason: string }
}

export function verifyAuditChain(entries: AuditEntry[]): ChainReport {
  const list = [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  let prev = ''
  let prevSeq = 0
  for (const e of list) {
    if (e.seq !== prevSeq + 1)
      return { ok: false, entries: list.length, brokenAt: { seq: e.seq, reason: `序号不连续：${prevSeq} 之后是 ${e.seq}（有记录被删除或插入）` } }
    if (e.prevHash !== prev) return { ok: false, entries: list.length, brokenAt: { seq: e.seq, reason: '与前一条记录的哈希不相连（前面的记录被改动或删除）' } }
    if (e.hash !== auditHash(e, prev)) return { ok: false, entries: list.length, brokenAt: { seq: e.seq, reason: '记录内容与其哈希不符（该记录被改动）' } }
    prev = e.hash
    prevSeq = e.seq
  }
  return { ok: true, entries: list.length }
}
