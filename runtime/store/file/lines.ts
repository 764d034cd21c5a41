/**
 * JSON Lines helpers of the file store: audit logs (a torn tail tolerated), checkpoint snapshots
 * (written in chunks; read by snapshot-read.ts), and the input checks with the store's JSON conversion.
 */
import type { AuditEntry, CaseRecord } from '../types'
import { shortReason } from '../durable'
import { inputChecks } from '../input'

function plainText(value: unknown, what: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw new TypeError(`${what} is not plain JSON (${shortReason(e)})`)
  }
  if (text === undefined) throw new TypeError(`${what} is not plain JSON`)
  return text
}

export function toPlain<T>(value: T, what: string): T {
  return JSON.parse(plainText(value, what)) as T
}

const CHECK_OPTS = { maxVersion: Number.MAX_SAFE_INTEGER, emptyAcknowledgedIsNull: false }
export const { checkRecord, checkAudit, checkReminder } = inputChecks(toPlain, CHECK_OPTS)
/** The same checks on a value that is a plain copy already */
const checkCopy = inputChecks(<T>(value: T) => value, CHECK_OPTS)

/**
 * checkRecord that also returns the record's JSON text, the bytes the store writes. The store keeps
 * only the summary in memory (the case index); readers of a case parse its text. So the whole
 * record is stringified once, and only its summary copied (checked on the copy); the rest of the
 * returned record is the caller's and is never read by the store. A record with a toJSON method, or
 * whose summary the check has to complete, takes the plain path (a parsed copy of all of it).
 */
export function checkRecordText(value: CaseRecord, what: string): { rec: CaseRecord; text: string } {
  const text = plainText(value, what)
  const summary: unknown = value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function' ? value.summary : undefined
  if (summary && typeof summary === 'object' && Array.isArray((summary as { units?: unknown }).units)) {
    const rec = checkCopy.checkRecord({ summary: toPlain(summary, `${what}.summary`) } as CaseRecord, what)
    if (Array.isArray(rec.summary.units)) return { rec: { ...value, summary: rec.summary }, text }
  }
  const rec = checkCopy.checkRecord(JSON.parse(text) as CaseRecord, what)
  return { rec, text: JSON.stringify(rec) }
}

/** Parses an audit JSONL buffer; a torn (unterminated or unparseable) tail is reported, never returned. */
export function parseAuditLines(buf: Buffer): { entries: AuditEntry[]; validBytes: number } {
  const entries: AuditEntry[] = []
  let pos = 0
  let validBytes = 0
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos)
    if (nl === -1) break
    const text = buf.toString('utf8', pos, nl)
    pos = nl + 1
    if (text.trim() === '') {
      validBytes = pos
      continue
    }
    try {
      entries.push(JSON.parse(text) as AuditEntry)
      validBytes = pos
    } catch {
      // a damaged line: skipped (only ever the torn tail of a crashed append, cut at start-up)
    }
  }
  return { entries, validBytes }
}

export const bySeq = (a: AuditEntry, b: AuditEntry) => (a.seq ?? 0) - (b.seq ?? 0)

/** Entries read from files plus those still queued for writing (copies), once each, in seq order. */
export function withQueued(read: AuditEntry[], queued: AuditEntry[]): AuditEntry[] {
  if (queued.length === 0) return read.sort(bySeq)
  const have = new Set(read.map((e) => e.seq))
  for (const e of queued) if (!have.has(e.seq)) read.push(structuredClone(e))
  return read.sort(bySeq)
}

export async function* jsonLines(items: readonly unknown[]): AsyncGenerator<string> {
  const CHUNK = 500
  for (let i = 0; i < items.length; i += CHUNK) {
    let s = ''
    const end = Math.min(items.length, i + CHUNK)
    for (let j = i; j < end; j++) s += JSON.stringify(items[j]) + '\n'
    yield s
    // keep the event loop responsive while a large snapshot is serialised
    await new Promise((r) => setImmediate(r))
  }
}
