/**
 * Whole-store import and export on PostgreSQL, for `daiban store migrate`, `backup` and `restore`.
 * The bulk paths bypass the per-write checks of PgStore on purpose (they copy a store as it is).
 *
 * Export streams every kind in batches (keyset pagination, so memory stays flat at any size).
 * Import is idempotent — running it twice changes nothing the second time — and never moves data
 * backwards:
 *   cases      inserted, or replaced only by a higher version
 *   audit      keeps the source's seq, prevHash and hash (the tamper-evident chain); an existing
 *              seq is left alone; the chain head moves to the highest seq
 *   reminders  inserted; an acknowledgement is added when the target's copy is still open
 *   counters   raised to the source value, never lowered
 *   docs       inserted or replaced when different
 *   notifications  inserted with their read state; one the inbox holds unread is marked read when read in the source
 * Each import call returns how many rows it actually inserted or changed.
 */
import type pg from 'pg'
import type { AuditEntry, CaseRecord, CaseSummary, Reminder, StoredNotification } from '../types'
import { checkNotifications } from '../notif-input'
import { checkRecord, jsonText } from './plain'
import { summaryColumns } from './sql'

type Queryable = Pick<pg.ClientBase, 'query'>

export interface AuditRow {
  seq: string
  entry: AuditEntry
  prev_hash: string | null
  hash: string | null
}

/** An audit row as the entry the Store returns: seq, prevHash and hash from the sealed columns. */
export function auditEntry(r: AuditRow): AuditEntry {
  const e: AuditEntry = { ...r.entry, seq: Number(r.seq) }
  if (r.prev_hash !== null) e.prevHash = r.prev_hash
  if (r.hash !== null) e.hash = r.hash
  return e
}

export interface StoreCounts {
  cases: number
  audit: number
  reminders: number
  counters: number
  docs: number
  notifications: number
}

const RECORDSET_COLUMNS = `id text, number text, scheme_id text, scheme_version text, state text, stage text, status text,
  village text, "group" text, channel text, category text, officer text, petitioner_name text, received_on text,
  due_date text, units text[], created_at text, updated_at text, version int, machine text, search text[], summary json, record jsonb`
const COLUMN_KEYS = [
  'id',
  'number',
  'scheme_id',
  'scheme_version',
  'state',
  'stage',
  'status',
  'village',
  'group',
  'channel',
  'category',
  'officer',
  'petitioner_name',
  'received_on',
  'due_date',
  'units',
  'created_at',
  'updated_at',
  'version',
  'machine',
  'search',
] as const
const SET_COLUMNS: string[] = [...COLUMN_KEYS.filter((k) => k !== 'id').map((k): string => (k === 'group' ? '"group"' : k)), 'summary', 'record']

export class PgBulk {
  constructor(private readonly db: Queryable) {}

  private async rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>({ text, values })).rows
  }

  async counts(): Promise<StoreCounts> {
    const [r] = await this.rows<Record<keyof StoreCounts, string>>(`SELECT
      (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM audit) AS audit,
      (SELECT count(*) FROM reminders) AS reminders, (SELECT count(*) FROM counters) AS counters,
      (SELECT count(*) FROM docs) AS docs, (SELECT count(*) FROM notifications) AS notifications`)
    return {
      cases: Number(r!.cases),
      audit: Number(r!.audit),
      reminders: Number(r!.reminders),
      counters: Number(r!.counters),
      docs: Number(r!.docs),
      notifications: Number(r!.notifications),
    }
  }

  async isEmpty(): Promise<boolean> {
    const [r] = await this.rows<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM cases) OR EXISTS (SELECT 1 FROM audit)
      OR EXISTS (SELECT 1 FROM reminders) OR EXISTS (SELECT 1 FROM counters) OR EXISTS (SELECT 1 FROM docs)
      OR EXISTS (SELECT 1 FROM notifications) AS any`)
    return !r!.any
  }

  /** Deletes everything (restore --force); inside a transaction it is undone by a rollback. */
  async truncateAll(): Promise<void> {
    await this.db.query('TRUNCATE cases, audit, reminders, counters, docs, notifications RESTART IDENTITY')
    await this.db.query(`UPDATE audit_head SET seq = 0, hash = ''`)
  }

  async getMeta<T>(key: string): Promise<T | null> {
    const [r] = await this.rows<{ value: T }>('SELECT value FROM store_meta WHERE key = $1', [key])
    return r ? r.value : null
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.query({
      text: 'INSERT INTO store_meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      values: [key, JSON.stringify(value)],
    })
  }

  /** Highest audit seq stored, plus the entries not yet sealed (0 when none). */
  async maxAuditSeq(): Promise<number> {
    const [r] = await this.rows<{ m: string | null; u: string }>('SELECT max(seq) AS m, count(*) FILTER (WHERE seq IS NULL) AS u FROM audit')
    return Number(r?.m ?? 0) + Number(r?.u ?? 0)
  }

  // ---------------------------------------------------------------- export

  async *cases(batch = 1000): AsyncGenerator<CaseRecord> {
    let last: string | null = null
    for (;;) {
      const rows: Array<{ id: string; summary: CaseSummary; record: Omit<CaseRecord, 'summary'> }> = await this.rows(
        `SELECT id, summary, record FROM cases WHERE ($1::text IS NULL OR id > $1::text) ORDER BY id LIMIT ${batch}`,
        [last],
      )
      for (const r of rows) yield { summary: r.summary, ...r.record }
      if (rows.length < batch) return
      last = rows[rows.length - 1]!.id
    }
  }

  /** Every sealed audit entry (with its seq, prevHash and hash) in seq order: the chain as stored. */
  async *auditBySeq(batch = 5000): AsyncGenerator<AuditEntry> {
    let last = 0
    for (;;) {
      const rows = await this.rows<{ seq: string; entry: AuditEntry; prev_hash: string | null; hash: string | null }>(
        `SELECT seq, entry, prev_hash, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT ${batch}`,
        [last],
      )
      for (const r of rows) yield auditEntry(r)
      if (rows.length < batch) return
      last = Number(rows[rows.length - 1]!.seq)
    }
  }

  /** Every reminder in the order raised. */
  async *reminders(batch = 5000): AsyncGenerator<Reminder> {
    let last = 0
    for (;;) {
      const rows = await this.rows<{ seq: string; data: Reminder; acknowledged_by: string | null }>(
        `SELECT seq, data, acknowledged_by FROM reminders WHERE seq > $1 ORDER BY seq LIMIT ${batch}`,
        [last],
      )
      for (const r of rows) yield { ...r.data, acknowledgedBy: r.acknowledged_by }
      if (rows.length < batch) return
      last = Number(rows[rows.length - 1]!.seq)
    }
  }

  async counters(): Promise<Record<string, number>> {
    const rows = await this.rows<{ name: string; value: string }>('SELECT name, value FROM counters ORDER BY name')
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.value)]))
  }

  async *docs(batch = 200): AsyncGenerator<{ key: string; value: unknown }> {
    let last: string | null = null
    for (;;) {
      const rows: Array<{ key: string; value: unknown }> = await this.rows(
        `SELECT key, value FROM docs WHERE ($1::text IS NULL OR key > $1::text) ORDER BY key LIMIT ${batch}`,
        [last],
      )
      for (const r of rows) yield { key: r.key, value: r.value }
      if (rows.length < batch) return
      last = rows[rows.length - 1]!.key
    }
  }

  /** Each inbox's newest `keep` notifications (with their read state), inbox by inbox in user order, oldest first. */
  async *notifications(keep: number): AsyncGenerator<{ user: string; notification: StoredNotification }> {
    const users = await this.rows<{ user_name: string }>('SELECT DISTINCT user_name FROM notifications ORDER BY user_name')
    for (const { user_name: user } of users) {
      const rows = await this.rows<{ n: StoredNotification }>(
        `SELECT n FROM (SELECT data || jsonb_build_object('read', read) AS n, at, seq FROM notifications
          WHERE user_name = $1 ORDER BY at DESC, seq DESC LIMIT $2) t ORDER BY at, seq`,
        [user, keep],
      )
      for (const r of rows) yield { user, notification: r.n }
    }
  }

  // ---------------------------------------------------------------- import

  async importCases(records: CaseRecord[]): Promise<number> {
    if (records.length === 0) return 0
    const rows = records.map((value, i) => {
      const rec = checkRecord(value, `cases[${i}]`)
      const { summary, ...rest } = rec
      const cols = summaryColumns(summary)
      const row: Record<string, unknown> = {}
      COLUMN_KEYS.forEach((k, j) => (row[k] = cols[j]))
      row.summary = summary
      row.record = rest
      return row
    })
    const r = await this.db.query({
      text: `INSERT INTO cases (id, ${SET_COLUMNS.join(', ')})
        SELECT x.id, ${SET_COLUMNS.map((c) => 'x.' + c).join(', ')}
        FROM jsonb_to_recordset($1::jsonb) AS x(${RECORDSET_COLUMNS})
        ON CONFLICT (id) DO UPDATE SET (${SET_COLUMNS.join(', ')}) = (${SET_COLUMNS.map((c) => 'EXCLUDED.' + c).join(', ')})
        WHERE cases.version < EXCLUDED.version
        RETURNING 1`,
      values: [jsonText(rows, 'cases')],
    })
    return r.rowCount ?? 0
  }

  /**
   * Audit entries exactly as they were (seq, prevHash, hash): an existing seq is left alone, then
   * the chain head moves to the highest entry, so new entries chain onto the imported ones.
   */
  async importAudit(entries: AuditEntry[]): Promise<number> {
    if (entries.length === 0) return 0
    entries.forEach((e, i) => {
      if (!Number.isSafeInteger(e.seq) || e.seq! < 1) throw new TypeError(`audit[${i}] has no seq: only numbered entries can be imported`)
    })
    const r = await this.db.query({
      text: `INSERT INTO audit (seq, case_id, at, actor, action, entry, prev_hash, hash)
        SELECT (x.e->>'seq')::bigint, x.e->>'caseId', x.e->>'at', x.e->>'actor', x.e->>'action', x.e - 'seq' - 'prevHash' - 'hash',
          x.e->>'prevHash', x.e->>'hash'
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
        ORDER BY x.ord
        ON CONFLICT (seq) DO NOTHING
        RETURNING 1`,
      values: [jsonText(entries, 'audit')],
    })
    await this.db.query(`UPDATE audit_head h SET seq = a.seq, hash = COALESCE(a.hash, '')
      FROM (SELECT seq, hash FROM audit WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1) a
      WHERE a.seq > h.seq`)
    return r.rowCount ?? 0
  }

  async importReminders(reminders: Reminder[]): Promise<number> {
    if (reminders.length === 0) return 0
    const r = await this.db.query({
      text: `INSERT INTO reminders (id, case_id, kind, for_date, acknowledged_by, acknowledged_at, data)
        SELECT x.e->>'id', x.e->>'caseId', x.e->>'kind', x.e->>'forDate', NULLIF(x.e->>'acknowledgedBy', ''),
          CASE WHEN NULLIF(x.e->>'acknowledgedBy', '') IS NULL THEN NULL ELSE now() END, x.e - 'acknowledgedBy'
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
        ORDER BY x.ord
        ON CONFLICT (id) DO UPDATE SET acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = now()
        WHERE reminders.acknowledged_by IS NULL AND EXCLUDED.acknowledged_by IS NOT NULL
        RETURNING 1`,
      values: [jsonText(reminders, 'reminders')],
    })
    return r.rowCount ?? 0
  }

  async importCounters(counters: Record<string, number>): Promise<number> {
    if (Object.keys(counters).length === 0) return 0
    const r = await this.db.query({
      text: `INSERT INTO counters AS c (name, value)
        SELECT key, value::bigint FROM jsonb_each_text($1::jsonb)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value WHERE c.value < EXCLUDED.value
        RETURNING 1`,
      values: [JSON.stringify(counters)],
    })
    return r.rowCount ?? 0
  }

  /** Notifications in the order given (their arrival order), read state kept. */
  async importNotifications(items: Array<{ user: string; notification: StoredNotification }>): Promise<number> {
    const list = checkNotifications(items)
    if (list.length === 0) return 0
    const r = await this.db.query({
      text: `INSERT INTO notifications (user_name, id, at, read, data)
        SELECT x.e->>'user', x.e->'notification'->>'id', x.e->'notification'->>'at', (x.e->'notification'->'read') = 'true'::jsonb,
          (x.e->'notification') - 'read'
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
        ORDER BY x.ord
        ON CONFLICT (user_name, id) DO UPDATE SET read = true
        WHERE NOT notifications.read AND EXCLUDED.read
        RETURNING 1`,
      values: [jsonText(list, 'notifications')],
    })
    return r.rowCount ?? 0
  }

  async importDocs(docs: Array<{ key: string; value: unknown }>): Promise<number> {
    if (docs.length === 0) return 0
    const r = await this.db.query({
      text: `INSERT INTO docs AS d (key, value)
        SELECT x.e->>'key', x.e->'value' FROM jsonb_array_elements($1::jsonb) AS x(e)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        WHERE d.value IS DISTINCT FROM EXCLUDED.value
        RETURNING 1`,
      values: [
        jsonText(
          docs.map((d) => ({ key: d.key, value: d.value ?? null })),
          'docs',
        ),
      ],
    })
    return r.rowCount ?? 0
  }
}
