/**
 * PgStore — the Store on PostgreSQL (node-postgres Pool), for several app instances sharing one
 * database. Chosen by `DAIBAN_DATABASE_URL=postgres://…` (see ./open.ts).
 *
 * Tables (runtime/store/pg/migrations.ts, applied at open() under an advisory lock):
 *
 *   cases      summary fields as columns (filters, sorts, reports; indexed), the whole summary as
 *              json text (returned verbatim), the rest of the record (schemeHash, snapshot) as
 *              jsonb; `version` for optimistic concurrency
 *   audit      the entries, sealed into one tamper-evident chain (seq, prev_hash, hash)
 *   audit_head the end of the chain
 *   reminders  id primary key (deterministic ids: raising is INSERT … ON CONFLICT DO NOTHING)
 *   counters   name → value (an upsert … RETURNING: atomic across instances)
 *   docs       key → jsonb (published schemes, settings, accounts and sessions)
 *   notifications  a row per notification (user_name, id unique): appended, never rewritten
 *
 * Contract, as FileStore keeps it:
 * - durability: a call resolves after COMMIT (synchronous_commit as the server is configured);
 * - a transition is ONE statement, hence one transaction: `UPDATE cases … WHERE id = $1 AND
 *   version = $2` and the INSERT of its audit entries in data-modifying CTEs (the entries only
 *   when the update happened). Zero rows updated → StoreConflictError carrying the version
 *   actually stored (read afresh after the failed update);
 * - its cost does not depend on how many cases are stored (primary-key update, index inserts),
 *   and writers of different cases never wait for each other;
 * - the audit chain (runtime/auth/audit-chain.ts: seq 1, 2, 3 … each entry hashing the previous
 *   one) is sealed after commit, in write order, under the row lock of audit_head — by this
 *   instance a few milliseconds after its writes, by any instance before it reads the audit
 *   (listAudit, listAllAudit, backups). A chain head taken inside every write transaction would
 *   serialise all writers of all instances behind one lock held through each commit's fsync
 *   (measured: ~3× less throughput at 50 concurrent writers); sealing keeps the chain gapless and
 *   totally ordered without that. Entries of one case keep their order (a case's writes are
 *   serialised by its row lock). A crash between commit and sealing loses nothing: the next
 *   sealer, on any instance, seals what is there;
 * - reminders are raised exactly once across any number of instances: the unique id decides, rows
 *   are inserted in id order so two instances raising overlapping sets never deadlock;
 * - counters never hand out a value twice (row lock of the upsert), also across instances.
 *
 * A case write with a stale version never touches the audit table; a database that cannot be
 * reached surfaces as StoreUnavailableError (HTTP 503), never as a hung request (connect timeout).
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import {
  NOTIFICATION_RETENTION,
  StoreConflictError,
  StoreUnavailableError,
  type AuditEntry,
  type CaseFilter,
  type CaseRecord,
  type CaseSummary,
  type Page,
  type Reminder,
  type Store,
  type NoticeItem,
  type StoredNotification,
} from './types'
import { DuplicateCaseNumberError } from './file-store'
import { checkIds, checkNotifications, checkPage, checkUsers } from './notif-input'
import { SCHEMA_VERSION, migrate, type MigrateResult } from './pg/migrations'
import { checkAudit, checkRecord, checkReminder, jsonText, toPlain } from './pg/plain'
import { CASE_COLUMNS, SqlParams, orderSql, summaryColumns, whereSql } from './pg/sql'
import { errorCode, isRetryable, isUnavailable, reason, redactUrl, unavailable } from './pg/errors'
import { chain } from './audit-chain'
import { PgBulk, auditEntry, type AuditRow } from './pg/bulk'
import { ReadBatch } from './pg/read-batch'
import { KeyedMutex } from './file/core'
import { PgRateLimitStore } from './pg-rate-limit'
import type { ExclusiveJobs, ExclusiveResult, SharedRateLimits } from './shared'

export interface PgStoreOptions {
  /** postgres://user:password@host:port/database (libpq-style parameters such as ?sslmode= work too). */
  url: string
  /** Connections in this instance's pool (default DAIBAN_DB_POOL or 10). */
  poolSize?: number
  /** How long to wait for a connection before StoreUnavailableError (default 10 s). */
  connectTimeoutMs?: number
  /** Server-side limit of one ordinary statement (default 30 s; bulk operations have none). */
  statementTimeoutMs?: number
  /** Apply missing schema migrations at open() (default true); false refuses an outdated schema. */
  migrate?: boolean
  /** application_name shown in pg_stat_activity (default "daiban"). */
  applicationName?: string
  /**
   * A list's total is counted up to this many matches (default 10,000); past it the page says
   * `totalCapped` and the total is the cap ("10,000+"). 0 counts every match.
   */
  countCap?: number
  /**
   * A total that reached the cap is kept this long for the same filter (default 10 s; 0: counted on
   * every page). Counting 10,000 matches of a broad filter (a unit: a quarter of all cases) costs
   * 5–10 ms; the pages after it, and other users' lists of the same filter, only say "10,000+".
   * Totals below the cap are always counted afresh, so they match their page.
   */
  cappedTotalMs?: number
}

/** Filters whose capped total is kept (see PgStoreOptions.cappedTotalMs); past it, all are dropped. */
const CAPPED_TOTALS_KEPT = 256

type Queryable = Pick<pg.Pool, 'query'>

const N_COLS = CASE_COLUMNS.length // summary columns, then summary (json) and record (jsonb)
const placeholders = CASE_COLUMNS.map((c, i) => `$${i + 1}${c === 'summary' ? '::json' : c === 'record' ? '::jsonb' : ''}`)

/** Inserts the entries of a jsonb array parameter (unsealed: no seq yet), in array order, for each row of `source`. */
const AUDIT_FROM = (source: string, param: string) => `INSERT INTO audit (case_id, at, actor, action, entry)
  SELECT x.e->>'caseId', x.e->>'at', x.e->>'actor', x.e->>'action', x.e
  FROM ${source}jsonb_array_elements(${param}::jsonb) WITH ORDINALITY AS x(e, ord)
  ORDER BY x.ord`
/** Inserts the notices of a jsonb array parameter ({user, n} each), in array order, for each row of `source`; an id an inbox holds is kept. */
const NOTICES_FROM = (source: string, param: string) => `INSERT INTO notifications (user_name, id, at, data)
  SELECT x.e->>'user', x.e->'n'->>'id', x.e->'n'->>'at', x.e->'n'
  FROM ${source}jsonb_array_elements(${param}::jsonb) WITH ORDINALITY AS x(e, ord)
  ORDER BY x.ord
  ON CONFLICT (user_name, id) DO NOTHING`
const INSERT_CASE = `INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`
const UPDATE_CASE = `UPDATE cases SET ${CASE_COLUMNS.slice(1)
  .map((c, i) => `${c} = ${placeholders[i + 1]}`)
  .join(', ')} WHERE id = $1 AND version = $${N_COLS + 1} RETURNING id`

/**
 * One statement = one transaction: the case write and (only if it happened) its audit entries and
 * its notices. A prepared statement per shape, parameters after the case's: audit, then notices.
 */
function caseWrite(kind: 'create' | 'update', audit: boolean, notices: boolean): { name: string; text: string } {
  let p = N_COLS + (kind === 'update' ? 2 : 1)
  const parts = [`w AS (${kind === 'create' ? INSERT_CASE : UPDATE_CASE})`]
  if (audit) parts.push(`a AS (${AUDIT_FROM('w, ', `$${p++}`)})`)
  if (notices) parts.push(`nt AS (${NOTICES_FROM('w, ', `$${p++}`)})`)
  return { name: `daiban_${kind}_case${audit ? '_audit' : ''}${notices ? '_notices' : ''}`, text: `WITH ${parts.join(', ')} SELECT count(*)::int AS n FROM w` }
}
const CASE_WRITES = new Map(
  (['create', 'update'] as const).flatMap((k) => [false, true].flatMap((a) => [false, true].map((n) => [`${k}${+a}${+n}`, caseWrite(k, a, n)] as const))),
)

/** Notices as the notifications rows take them: the user and the notice without its read flag. */
const noticeRows = (list: NoticeItem[]) => JSON.stringify(list.map(({ user, notification: { read: _read, ...n } }) => ({ user, n })))

/** An inbox is pruned to its newest NOTIFICATION_RETENTION every this many appends to it (per instance). */
const PRUNE_EVERY = 16

/**
 * Inbox documents of earlier versions (`notifications/<user>`, the whole list newest first) become
 * rows, at every open (a restored old backup brings them back): one statement, so two instances
 * opening at once move each document once.
 */
const SQL_MOVE_INBOX_DOCS = `WITH d AS (
    DELETE FROM docs WHERE key > 'notifications/' AND key < 'notifications0' RETURNING key, value
  ), x AS (
    SELECT substr(d.key, 15) AS user_name, t.e, t.ord
    FROM d, jsonb_array_elements(CASE WHEN jsonb_typeof(d.value) = 'array' THEN d.value ELSE '[]'::jsonb END) WITH ORDINALITY AS t(e, ord)
    WHERE jsonb_typeof(t.e) = 'object' AND jsonb_typeof(t.e->'id') = 'string' AND jsonb_typeof(t.e->'at') = 'string'
  )
  INSERT INTO notifications (user_name, id, at, read, data)
  SELECT user_name, e->>'id', e->>'at', (e->'read') = 'true'::jsonb, e - 'read'
  FROM x ORDER BY user_name, ord DESC
  ON CONFLICT (user_name, id) DO NOTHING`

/** Entries sealed per sealing transaction. */
const SEAL_BATCH = 2000
/**
 * How long after a write the background sealer starts. A seal is a transaction of five statements
 * and a commit whatever it covers: waiting lets it cover the writes of a busy moment at once
 * (at 5 ms, one transition alone cost a seal, half of PostgreSQL's work per transition). Readers of
 * the audit never wait for it: they seal what is left first.
 */
const SEAL_DELAY_MS = 100

/** Entries as stored before sealing: whatever seq / chain fields a caller passed are the store's to assign. */
function unsealed(entries: AuditEntry[]): AuditEntry[] {
  for (const e of entries) {
    delete e.seq
    delete e.prevHash
    delete e.hash
  }
  return entries
}

function envPoolSize(): number | undefined {
  const v = Number(process.env.DAIBAN_DB_POOL)
  return Number.isInteger(v) && v > 0 ? v : undefined
}

/** CSV field for COPY … (FORMAT csv): NULL unquoted, everything else quoted with "" doubled. */
function csvField(v: string | number | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  return '"' + v.replace(/"/g, '""') + '"'
}

/** A text[] literal: {"a","b"} with \ and " escaped. */
function pgArrayLiteral(items: string[]): string {
  return '{' + items.map((s) => '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"').join(',') + '}'
}

/** A session advisory lock key (signed 64-bit) for a job name. */
function jobLockKey(job: string): string {
  return BigInt.asIntN(64, BigInt('0x' + createHash('sha256').update(`daiban:job:${job}`).digest('hex').slice(0, 16))).toString()
}

export class PgStore implements Store, ExclusiveJobs, SharedRateLimits {
  readonly url: string
  private readonly opts: PgStoreOptions
  private state: 'closed' | 'opening' | 'open' | 'closing' = 'closed'
  private opening: Promise<void> | null = null
  private poolRef: pg.Pool | null = null
  /** What open() did to the schema (for logs and tests). */
  lastMigration: MigrateResult | null = null

  constructor(opts: PgStoreOptions) {
    if (!opts || typeof opts.url !== 'string' || !/^postgres(ql)?:\/\//.test(opts.url)) {
      throw new TypeError('PgStore needs a postgres:// URL (url)')
    }
    this.url = opts.url
    this.opts = opts
  }

  /** The connection pool (open stores only): for tools and tests. */
  get pool(): pg.Pool {
    if (!this.poolRef || this.state !== 'open') throw new StoreUnavailableError('存储未打开 / the store is not open')
    return this.poolRef
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.state === 'open') return Promise.resolve()
    if (this.opening) return this.opening
    if (this.state === 'closing') return Promise.reject(new StoreUnavailableError('存储正在关闭 / the store is closing'))
    this.state = 'opening'
    this.opening = this.doOpen().finally(() => {
      this.opening = null
    })
    return this.opening
  }

  private async doOpen(): Promise<void> {
    const pool = new pg.Pool({
      connectionString: this.url,
      max: this.opts.poolSize ?? envPoolSize() ?? 10,
      connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: this.opts.applicationName ?? 'daiban',
      statement_timeout: this.opts.statementTimeoutMs ?? 30_000,
    })
    // an idle connection that breaks (server restart) is dropped; the next query opens a new one
    pool.on('error', () => {})
    // A checked-out connection has no listener of the pool's: one that breaks between two queries
    // (57P01 "terminating connection due to administrator command", a network cut) would be an
    // unhandled 'error' event and end the process. Its next query fails instead (→ 503), and it is
    // released as broken.
    pool.on('connect', (client) => {
      client.on('error', () => {})
    })
    let client: pg.PoolClient | null = null
    try {
      try {
        client = await pool.connect()
      } catch (e) {
        throw new StoreUnavailableError(`无法连接数据库 / cannot connect to the database ${redactUrl(this.url)}: ${reason(e)}`)
      }
      const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)
      if (Number(rows[0]?.v) < 130000) {
        throw new StoreUnavailableError(`需要 PostgreSQL 13 或更高版本 / PostgreSQL 13 or newer is needed (server ${rows[0]?.v})`)
      }
      await client.query('SET statement_timeout = 0')
      if (this.opts.migrate === false) {
        const { rows: t } = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`)
        const { rows: v } = t[0]?.t ? await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations') : { rows: [] }
        const at = Number(v[0]?.v ?? 0)
        if (at < SCHEMA_VERSION) {
          throw new StoreUnavailableError(`数据库结构需要迁移 / the database schema is at version ${at}, ${SCHEMA_VERSION} is needed`)
        }
        this.lastMigration = { applied: [], version: at }
      } else {
        this.lastMigration = await migrate(client)
      }
      await client.query(SQL_MOVE_INBOX_DOCS)
      await client.query('RESET statement_timeout')
      client.release()
      client = null
      this.poolRef = pool
      this.state = 'open'
    } catch (e) {
      client?.release(true)
      await pool.end().catch(() => {})
      this.state = 'closed'
      if (e instanceof StoreUnavailableError) throw e
      throw new StoreUnavailableError(`无法打开数据库存储 / cannot open the database store ${redactUrl(this.url)}: ${reason(e)}`)
    }
  }

  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => {})
    if (this.state !== 'open') return
    if (this.sealTimer) clearTimeout(this.sealTimer)
    this.sealTimer = null
    await this.sealAudit().catch(() => {}) // otherwise the next instance or read seals them
    this.state = 'closing'
    await this.sealing?.catch(() => {})
    const pool = this.poolRef
    this.poolRef = null
    await pool?.end().catch(() => {})
    this.state = 'closed'
  }

  private assertOpen(): pg.Pool {
    if (this.state !== 'open' || !this.poolRef) throw new StoreUnavailableError('存储未打开 / the store is not open')
    return this.poolRef
  }

  /** One statement on the pool; connection trouble becomes StoreUnavailableError, deadlocks are retried. */
  private async q<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig, db?: Queryable): Promise<pg.QueryResult<R>> {
    const target = db ?? this.assertOpen()
    for (let attempt = 0; ; attempt++) {
      try {
        return await target.query<R>(config)
      } catch (e) {
        if (isRetryable(e) && attempt < 4) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)))
          continue
        }
        throw this.mapError(e)
      }
    }
  }

  private mapError(e: unknown): unknown {
    if (e instanceof StoreUnavailableError || e instanceof StoreConflictError || e instanceof TypeError) return e
    if (isUnavailable(e)) return unavailable(e, this.url)
    return e
  }

  // ---------------------------------------------------------------- cases

  private caseValues(rec: CaseRecord): unknown[] {
    const { summary, ...rest } = rec
    return [...summaryColumns(summary), jsonText(summary, 'summary'), jsonText(rest, 'record')]
  }

  private async uniqueViolation(e: unknown, rec: CaseRecord, expected: number): Promise<unknown> {
    if (errorCode(e) !== '23505') return e
    const constraint = (e as { constraint?: string }).constraint
    const { id, number } = rec.summary
    if (constraint === 'cases_number_key') {
      const r = await this.q<{ id: string }>({ text: 'SELECT id FROM cases WHERE number = $1', values: [number] })
      return new DuplicateCaseNumberError(number, id, r.rows[0]?.id ?? '?')
    }
    if (constraint === 'cases_pkey') {
      const r = await this.q<{ version: number }>({ text: 'SELECT version FROM cases WHERE id = $1', values: [id] })
      return new StoreConflictError(id, expected, r.rows[0]?.version ?? 0)
    }
    return e
  }

  async createCase(record: CaseRecord, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void> {
    this.assertOpen()
    const rec = checkRecord(record, 'createCase')
    const entries = unsealed(checkAudit(audit ?? [], rec.summary.id))
    const told = notices === undefined ? [] : checkNotifications(notices, 'createCase: notices')
    try {
      await this.q(this.caseWriteConfig('create', this.caseValues(rec), entries, told))
    } catch (e) {
      throw await this.uniqueViolation(e, rec, 0)
    }
    if (entries.length) this.scheduleSeal()
    await this.pruneInboxes(told)
  }

  async updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void> {
    this.assertOpen()
    const rec = checkRecord(record, 'updateCase')
    const id = rec.summary.id
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new TypeError('updateCase: expectedVersion must be a non-negative integer')
    }
    if (rec.summary.version !== expectedVersion + 1) {
      throw new TypeError(`updateCase: summary.version must be expectedVersion + 1 (${expectedVersion + 1})`)
    }
    const entries = unsealed(checkAudit(audit ?? [], id))
    const told = notices === undefined ? [] : checkNotifications(notices, 'updateCase: notices')
    let n: number
    try {
      n = (await this.q<{ n: number }>(this.caseWriteConfig('update', [...this.caseValues(rec), expectedVersion], entries, told))).rows[0]?.n ?? 0
    } catch (e) {
      throw await this.uniqueViolation(e, rec, expectedVersion)
    }
    if (n === 1) {
      if (entries.length) this.scheduleSeal()
      await this.pruneInboxes(told)
      return
    }
    // read afresh: the failed UPDATE's snapshot may predate the write that beat it
    const cur = await this.q<{ version: number }>({ name: 'daiban_case_version', text: 'SELECT version FROM cases WHERE id = $1', values: [id] })
    throw new StoreConflictError(id, expectedVersion, cur.rows[0]?.version ?? 0)
  }

  /** The statement of a case write with its audit entries and notices (caseWrite). */
  private caseWriteConfig(kind: 'create' | 'update', values: unknown[], entries: AuditEntry[], notices: NoticeItem[]): pg.QueryConfig {
    const sql = CASE_WRITES.get(`${kind}${+(entries.length > 0)}${+(notices.length > 0)}`)!
    const extra: string[] = []
    if (entries.length) extra.push(JSON.stringify(entries))
    if (notices.length) extra.push(noticeRows(notices))
    return { ...sql, values: [...values, ...extra] }
  }

  private static toRecord(row: { summary: CaseSummary; record: Omit<CaseRecord, 'summary'> }): CaseRecord {
    return { summary: row.summary, ...row.record }
  }

  /** Case reads by id of one round of the event loop, one statement (./pg/read-batch.ts). */
  private readonly caseReads = new ReadBatch<{ summary: string; record: string }, CaseRecord>(
    async (ids) => {
      const r = await this.q<{ id: string; summary: string; record: string }>({
        name: 'daiban_get_cases',
        text: 'SELECT id, summary::text AS summary, record::text AS record FROM cases WHERE id = ANY($1::text[])',
        values: [ids],
      })
      return new Map(r.rows.map((x) => [x.id, x]))
    },
    (row) => PgStore.toRecord({ summary: JSON.parse(row.summary) as CaseSummary, record: JSON.parse(row.record) as Omit<CaseRecord, 'summary'> }),
  )

  /**
   * Reads by key (getDoc, getCase) gathered per round of the event loop into one statement each
   * kind (default). false: a statement per read, as before (for benchmarks and diagnosis).
   */
  batchReads = true

  async getCase(id: string): Promise<CaseRecord | null> {
    if (!this.batchReads) return this.getOne('daiban_get_case', 'id', id)
    this.assertOpen()
    if (typeof id !== 'string' || id === '') return null
    return this.caseReads.get(id)
  }

  async getCaseByNumber(number: string): Promise<CaseRecord | null> {
    return this.getOne('daiban_get_case_by_number', 'number', number)
  }

  /** One case by a unique column (a prepared statement per column). */
  private async getOne(name: string, column: 'id' | 'number', value: string): Promise<CaseRecord | null> {
    this.assertOpen()
    if (typeof value !== 'string' || value === '') return null
    const r = await this.q<{ summary: CaseSummary; record: Omit<CaseRecord, 'summary'> }>({
      name,
      text: `SELECT summary, record FROM cases WHERE ${column} = $1`,
      values: [value],
    })
    return r.rows[0] ? PgStore.toRecord(r.rows[0]) : null
  }

  async listCases(filter: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number; totalCapped?: boolean }> {
    this.assertOpen()
    const offset = page.offset ?? 0
    const limit = page.limit
    if (!Number.isInteger(offset) || offset < 0) throw new TypeError('page.offset must be a non-negative integer')
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError('page.limit must be a non-negative integer')
    const order = orderSql(page)
    const cap = this.opts.countCap ?? 10_000
    const p = new SqlParams()
    const where = whereSql(filter, p)
    const totalKey = JSON.stringify([where, p.values])
    const lim = p.add(limit)
    const off = p.add(offset)
    const pageIds = `unnest(ARRAY(SELECT id FROM cases WHERE ${where} ORDER BY ${order} LIMIT ${lim} OFFSET ${off})) WITH ORDINALITY AS p(id, n)`
    if (cap > 0 && this.cappedTotal(totalKey)) {
      // this filter's total reached the cap a moment ago: the page alone
      const r = await this.q<{ summary: CaseSummary }>({ text: `SELECT c.summary FROM ${pageIds} JOIN cases c ON c.id = p.id ORDER BY p.n`, values: p.values })
      return { items: r.rows.map((x) => x.summary), total: cap, totalCapped: true }
    }
    // the total counts at most cap + 1 matches: enough to tell "more than the cap"
    const count = (w: string, params: SqlParams) =>
      cap > 0 ? `SELECT count(*) FROM (SELECT 1 FROM cases WHERE ${w} LIMIT ${params.add(cap + 1)}) t` : `SELECT count(*) FROM cases WHERE ${w}`
    const capped = (n: number) => {
      if (!(cap > 0 && n > cap)) return { total: n }
      this.keepCappedTotal(totalKey)
      return { total: cap, totalCapped: true }
    }
    // one statement, one snapshot: the page and the filtered total (an InitPlan, computed once).
    // The page is chosen on narrow rows (id and the sort key), and only its summaries are read.
    const r = await this.q<{ summary: CaseSummary; total: string }>({
      text: `SELECT c.summary, (${count(where, p)}) AS total
        FROM ${pageIds}
        JOIN cases c ON c.id = p.id
        ORDER BY p.n`,
      values: p.values,
    })
    if (r.rows.length > 0) return { items: r.rows.map((x) => x.summary), ...capped(Number(r.rows[0]!.total)) }
    const c = new SqlParams()
    const w = whereSql(filter, c)
    const t = await this.q<{ total: string }>({ text: `SELECT (${count(w, c)}) AS total`, values: c.values })
    return { items: [], ...capped(Number(t.rows[0]?.total ?? 0)) }
  }

  /** When each filter's total last reached the cap (performance.now()), by its SQL and values. */
  private readonly cappedTotals = new Map<string, number>()

  private get cappedTotalMs(): number {
    return this.opts.cappedTotalMs ?? 10_000
  }

  private cappedTotal(key: string): boolean {
    const at = this.cappedTotals.get(key)
    if (at === undefined) return false
    if (performance.now() - at < this.cappedTotalMs) return true
    this.cappedTotals.delete(key)
    return false
  }

  private keepCappedTotal(key: string): void {
    if (this.cappedTotalMs <= 0) return
    if (this.cappedTotals.size >= CAPPED_TOTALS_KEPT) this.cappedTotals.clear()
    this.cappedTotals.set(key, performance.now())
  }

  /**
   * Every summary matching the filter, in id order, read from one consistent snapshot in chunks of
   * 10k (each chunk aggregated into one JSON text server-side and parsed with one JSON.parse).
   */
  async allSummaries(filter?: CaseFilter): Promise<CaseSummary[]> {
    this.assertOpen()
    const p = new SqlParams()
    const where = whereSql(filter, p)
    const after = p.add(null)
    const text = `SELECT max(id) AS last, count(*)::int AS n, '[' || string_agg(summary::text, ',' ORDER BY id) || ']' AS items
      FROM (SELECT id, summary FROM cases WHERE (${after}::text IS NULL OR id > ${after}::text) AND ${where} ORDER BY id LIMIT 10000) t`
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const out: CaseSummary[] = []
      let last: string | null = null
      for (;;) {
        const values = p.values.slice()
        values[values.length - 1] = last
        const r = await client.query<{ last: string | null; n: number; items: string | null }>({ text, values })
        const row = r.rows[0]
        if (!row || row.n === 0 || row.items === null) break
        const chunk = JSON.parse(row.items) as CaseSummary[]
        for (const s of chunk) out.push(s)
        last = row.last
        if (row.n < 10000) break
      }
      return out
    })
  }

  /** Number of cases stored. */
  async countCases(): Promise<number> {
    const r = await this.q<{ n: string }>({ text: 'SELECT count(*) AS n FROM cases' })
    return Number(r.rows[0]?.n ?? 0)
  }

  // ---------------------------------------------------------------- audit

  async appendAudit(entries: AuditEntry[]): Promise<void> {
    this.assertOpen()
    const list = unsealed(checkAudit(entries, null))
    if (list.length === 0) return
    await this.q({ name: 'daiban_append_audit', text: AUDIT_FROM('', '$1'), values: [JSON.stringify(list)] })
    this.scheduleSeal()
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    this.assertOpen()
    if (typeof caseId !== 'string' || caseId === '') return []
    await this.sealAudit()
    const r = await this.q<AuditRow>({
      name: 'daiban_list_audit',
      text: 'SELECT seq, entry, prev_hash, hash FROM audit WHERE case_id = $1 AND seq IS NOT NULL ORDER BY seq',
      values: [caseId],
    })
    return r.rows.map(auditEntry)
  }

  /** Every audit entry in seq order (sealed first, then read in batches from one snapshot). */
  async listAllAudit(): Promise<AuditEntry[]> {
    this.assertOpen()
    await this.sealAudit()
    return this.transaction(
      async (b) => {
        const out: AuditEntry[] = []
        for await (const e of b.auditBySeq()) out.push(e)
        return out
      },
      { readOnly: true },
    )
  }

  // ---------------------------------------------------------------- sealing the audit chain

  private sealTimer: NodeJS.Timeout | null = null
  private sealing: Promise<number> | null = null

  /** Seals soon (after a write), in the background; a sealer busy elsewhere makes this a no-op. */
  private scheduleSeal(): void {
    if (this.sealTimer || this.state !== 'open') return
    this.sealTimer = setTimeout(() => {
      this.sealTimer = null
      if (this.state !== 'open') return
      this.sealOnce(true).catch(() => {}) // the next write or read seals what is left
    }, SEAL_DELAY_MS)
    this.sealTimer.unref()
  }

  /**
   * Gives every committed, unsealed audit entry its seq, prevHash and hash, in write order, and
   * waits for a sealer of another instance if one is busy. Returns how many this call sealed.
   * Reads of the audit call it first, so they only ever see a whole chain.
   */
  async sealAudit(): Promise<number> {
    this.assertOpen()
    let total = 0
    for (;;) {
      const n = await this.sealOnce(false)
      total += n
      if (n < SEAL_BATCH) return total
    }
  }

  private sealOnce(skipLocked: boolean): Promise<number> {
    // one sealer per instance at a time; a caller that needs a complete chain waits for it, then seals the rest
    const prev = this.sealing ?? Promise.resolve(0)
    const run = prev.catch(() => 0).then(() => this.doSeal(skipLocked))
    this.sealing = run
    const clear = () => {
      if (this.sealing === run) this.sealing = null
    }
    run.then(clear, clear)
    return run
  }

  private async doSeal(skipLocked: boolean): Promise<number> {
    const pending = await this.q<{ any: boolean }>({ name: 'daiban_unsealed', text: 'SELECT EXISTS (SELECT 1 FROM audit WHERE seq IS NULL) AS any' })
    if (!pending.rows[0]?.any) return 0
    return this.inTransaction('BEGIN', async (client) => {
      const head = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM audit_head FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`)
      if (!head.rows[0]) return 0 // another instance is sealing right now (committing nothing ends the transaction)
      // a new statement after the lock: sees every entry committed up to now, none sealed twice
      const rows = await client.query<{ id: string; entry: AuditEntry }>(`SELECT id, entry FROM audit WHERE seq IS NULL ORDER BY id LIMIT ${SEAL_BATCH}`)
      if (rows.rows.length === 0) return 0
      let seq = Number(head.rows[0].seq)
      const entries = rows.rows.map((r) => ({ ...r.entry, seq: ++seq }))
      const last = chain(entries, head.rows[0].hash)
      const sealed = rows.rows.map((r, i) => ({ id: Number(r.id), seq: entries[i]!.seq, p: entries[i]!.prevHash, h: entries[i]!.hash }))
      const u = await client.query({
        text: `WITH s AS (
            UPDATE audit a SET seq = x.seq, prev_hash = x.p, hash = x.h
            FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, seq bigint, p text, h text)
            WHERE a.id = x.id AND a.seq IS NULL
            RETURNING 1
          )
          UPDATE audit_head SET seq = $2, hash = $3 WHERE (SELECT count(*) FROM s) = $4`,
        values: [JSON.stringify(sealed), seq, last, sealed.length],
      })
      if (u.rowCount !== 1) throw new Error('audit sealing raced with another sealer; retried later')
      return sealed.length
    })
  }

  // ---------------------------------------------------------------- counters

  async nextSequence(name: string): Promise<number> {
    this.assertOpen()
    if (typeof name !== 'string' || name === '') throw new TypeError('nextSequence: name must be a non-empty string')
    const r = await this.q<{ value: string }>({
      name: 'daiban_next_sequence',
      text: `INSERT INTO counters AS c (name, value) VALUES ($1, 1)
        ON CONFLICT (name) DO UPDATE SET value = c.value + 1
        RETURNING value`,
      values: [name],
    })
    return Number(r.rows[0]!.value)
  }

  // ---------------------------------------------------------------- reminders

  async raiseReminders(reminders: Reminder[]): Promise<Reminder[]> {
    this.assertOpen()
    if (!Array.isArray(reminders)) throw new TypeError('raiseReminders: reminders must be an array')
    const fresh: Reminder[] = []
    const seen = new Set<string>()
    reminders.forEach((value, i) => {
      const r = checkReminder(value, i)
      if (seen.has(r.id)) return
      seen.add(r.id)
      fresh.push(r)
    })
    if (fresh.length === 0) return []
    // insert in id order: two instances raising overlapping sets wait on each other, never deadlock
    const byId = fresh.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const inserted = new Set<string>()
    for (let i = 0; i < byId.length; i += 2000) {
      const batch = byId.slice(i, i + 2000)
      const r = await this.q<{ id: string }>({
        name: 'daiban_raise_reminders',
        text: `INSERT INTO reminders (id, case_id, kind, for_date, acknowledged_by, data)
          SELECT x.e->>'id', x.e->>'caseId', x.e->>'kind', x.e->>'forDate', NULLIF(x.e->>'acknowledgedBy', ''), x.e - 'acknowledgedBy'
          FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
          ORDER BY x.ord
          ON CONFLICT (id) DO NOTHING
          RETURNING id`,
        values: [JSON.stringify(batch)],
      })
      for (const row of r.rows) inserted.add(row.id)
    }
    return fresh.filter((r) => inserted.has(r.id))
  }

  async listReminders(filter: { caseId?: string; open?: boolean }): Promise<Reminder[]> {
    this.assertOpen()
    const f = filter ?? {}
    const p = new SqlParams()
    const where: string[] = []
    if (f.caseId !== undefined) where.push(`case_id = ${p.add(String(f.caseId))}`)
    if (f.open === true) where.push('acknowledged_by IS NULL')
    if (f.open === false) where.push('acknowledged_by IS NOT NULL')
    const r = await this.q<{ data: Reminder; acknowledged_by: string | null }>({
      text: `SELECT data, acknowledged_by FROM reminders ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`,
      values: p.values,
    })
    return r.rows.map((x) => ({ ...x.data, acknowledgedBy: x.acknowledged_by }))
  }

  /** Acknowledges an open reminder. False when the id is unknown or it was already acknowledged. */
  async acknowledgeReminder(id: string, by: string): Promise<boolean> {
    this.assertOpen()
    if (typeof by !== 'string' || by === '') throw new TypeError('acknowledgeReminder: by must be a non-empty string')
    if (typeof id !== 'string' || id === '') return false
    const r = await this.q({
      name: 'daiban_ack_reminder',
      text: 'UPDATE reminders SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND acknowledged_by IS NULL',
      values: [id, by],
    })
    return r.rowCount === 1
  }

  // ---------------------------------------------------------------- notifications

  /** Appends since the last prune, per user (this instance) */
  private readonly notifAppends = new Map<string, number>()

  async appendNotifications(items: NoticeItem[]): Promise<void> {
    this.assertOpen()
    const list = checkNotifications(items)
    if (!list.length) return
    await this.q({ name: 'daiban_append_notifications', text: NOTICES_FROM('', '$1'), values: [noticeRows(list)] })
    await this.pruneInboxes(list)
  }

  /** Bounded retention: every PRUNE_EVERY appends to an inbox (per instance) its older rows go. */
  private async pruneInboxes(list: NoticeItem[]): Promise<void> {
    for (const user of new Set(list.map((x) => x.user))) {
      const n = (this.notifAppends.get(user) ?? 0) + 1
      this.notifAppends.set(user, n % PRUNE_EVERY)
      if (n >= PRUNE_EVERY) {
        await this.q({
          name: 'daiban_prune_notifications',
          text: `WITH c AS (SELECT at, seq FROM notifications WHERE user_name = $1 ORDER BY at DESC, seq DESC OFFSET $2 LIMIT 1)
            DELETE FROM notifications n USING c WHERE n.user_name = $1 AND (n.at, n.seq) <= (c.at, c.seq)`,
          values: [user, NOTIFICATION_RETENTION],
        }).catch(() => {}) // the next prune of this inbox removes them
      }
    }
  }

  async listNotifications(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    this.assertOpen()
    const who = checkUsers(users, 'listNotifications')
    const { offset, limit } = checkPage(page)
    const r = await this.q<{ unread: number; total: number; items: StoredNotification[] }>({
      name: 'daiban_list_notifications',
      text: `SELECT
          (SELECT count(*) FROM notifications WHERE user_name = ANY($1::text[]) AND NOT read)::int AS unread,
          (SELECT count(*) FROM notifications WHERE user_name = ANY($1::text[]))::int AS total,
          coalesce((SELECT json_agg(p.data || jsonb_build_object('read', p.read) ORDER BY p.at DESC, p.seq DESC)
            FROM (SELECT data, read, at, seq FROM notifications WHERE user_name = ANY($1::text[]) ORDER BY at DESC, seq DESC LIMIT $2 OFFSET $3) p), '[]') AS items`,
      values: [who, Math.min(limit, Number.MAX_SAFE_INTEGER), offset],
    })
    const row = r.rows[0]!
    return { items: row.items, total: row.total, unread: row.unread }
  }

  async markNotificationsRead(users: string[], ids: string[] | 'all'): Promise<number> {
    this.assertOpen()
    const who = checkUsers(users, 'markNotificationsRead')
    const which = checkIds(ids)
    if (which !== 'all' && which.length === 0) return 0
    const r =
      which === 'all'
        ? await this.q({
            name: 'daiban_read_all_notifications',
            text: 'UPDATE notifications SET read = true WHERE user_name = ANY($1::text[]) AND NOT read',
            values: [who],
          })
        : await this.q({
            name: 'daiban_read_notifications',
            text: 'UPDATE notifications SET read = true WHERE user_name = ANY($1::text[]) AND id = ANY($2::text[]) AND NOT read',
            values: [who, which],
          })
    return r.rowCount ?? 0
  }

  // ---------------------------------------------------------------- documents

  async getDoc<T = unknown>(key: string): Promise<T | null> {
    this.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('getDoc: key must be a non-empty string')
    if (this.batchReads) return (await this.docReads.get(key)) as T | null
    const r = await this.q<{ value: T }>({ name: 'daiban_get_doc', text: 'SELECT value FROM docs WHERE key = $1', values: [key] })
    return r.rows[0] ? (r.rows[0].value ?? null) : null
  }

  /** Document reads of one round of the event loop, one statement (./pg/read-batch.ts). */
  private readonly docReads = new ReadBatch<string, unknown>(
    async (keys) => {
      const r = await this.q<{ key: string; value: string }>({
        name: 'daiban_get_docs',
        text: 'SELECT key, value::text AS value FROM docs WHERE key = ANY($1::text[])',
        values: [keys],
      })
      return new Map(r.rows.map((x) => [x.key, x.value]))
    },
    (text) => JSON.parse(text) as unknown,
  )

  async putDoc(key: string, value: unknown): Promise<void> {
    this.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('putDoc: key must be a non-empty string')
    jsonText(key, 'document key')
    const text = value === undefined ? 'null' : jsonText(toPlain(value, `document ${key}`), `document ${key}`)
    await this.docWrites.run(key, async () => {
      await this.q({
        name: 'daiban_put_doc',
        text: `INSERT INTO docs (key, value) VALUES ($1, $2::jsonb)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        values: [key, text],
      })
    })
  }

  /**
   * Writes of one document from this process, in call order (as the file store's): on separate
   * pool connections a putDoc called after an updateDoc could otherwise reach the row first, or
   * second, by chance. Other instances are ordered by the row's lock alone.
   */
  private readonly docWrites = new KeyedMutex()

  async updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    this.assertOpen()
    if (typeof key !== 'string' || key === '') throw new TypeError('updateDoc: key must be a non-empty string')
    if (typeof fn !== 'function') throw new TypeError('updateDoc: fn must be a function')
    jsonText(key, 'document key')
    return this.docWrites.run(key, () => this.updateDocNow(key, fn))
  }

  private updateDocNow<T>(key: string, fn: (current: T | null) => T): Promise<T> {
    return this.inTransaction('BEGIN', async (client) => {
      // the row exists (and is locked) before it is read: concurrent first writers queue on it
      await client.query({
        name: 'daiban_doc_ensure',
        text: `INSERT INTO docs (key, value) VALUES ($1, 'null'::jsonb) ON CONFLICT (key) DO NOTHING`,
        values: [key],
      })
      const r = await client.query<{ value: T }>({ name: 'daiban_doc_lock', text: 'SELECT value FROM docs WHERE key = $1 FOR UPDATE', values: [key] })
      const next = fn(r.rows[0]?.value ?? null)
      const text = next === undefined ? 'null' : jsonText(toPlain(next, `document ${key}`), `document ${key}`)
      await client.query({ name: 'daiban_doc_set', text: 'UPDATE docs SET value = $2::jsonb, updated_at = now() WHERE key = $1', values: [key, text] })
      return next
    })
  }

  // ---------------------------------------------------------------- several instances

  /**
   * Runs fn unless another instance (or another call here) is running the same job: the job's
   * session advisory lock is taken with pg_try_advisory_lock on a connection of its own, outside
   * the pool (fn uses the pool; a pool of one would otherwise wait on itself). The lock ends with
   * that session, so an instance that dies mid-run leaves nothing to expire or clean up.
   */
  async runExclusive<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>> {
    this.assertOpen()
    if (typeof job !== 'string' || job === '') throw new TypeError('runExclusive: job must be a non-empty string')
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 10_000,
      application_name: `${this.opts.applicationName ?? 'daiban'}:${job}`,
    })
    client.on('error', () => {}) // a broken lock connection fails its next query; the server drops its lock
    const key = jobLockKey(job)
    try {
      await client.connect()
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key])
      if (!r.rows[0]?.ok) return { ran: false }
      return { ran: true, value: await fn() }
    } catch (e) {
      throw this.mapError(e)
    } finally {
      await client.end().catch(() => {}) // ending the session releases the lock
    }
  }

  /** An express-rate-limit store on this database (one per limiter, its keys under `prefix`). */
  rateLimitStore(prefix: string): PgRateLimitStore {
    return new PgRateLimitStore(this, prefix)
  }

  // ---------------------------------------------------------------- bulk

  /** Import and export on the pool (each call its own transaction): for migration tools. */
  bulk(): PgBulk {
    return new PgBulk(this.assertOpen())
  }

  /**
   * Runs fn with a PgBulk inside one transaction on one connection (no statement timeout):
   * committed when fn resolves, rolled back when it throws. `readOnly` gives a consistent
   * REPEATABLE READ snapshot (a backup of a running system).
   */
  async transaction<T>(fn: (bulk: PgBulk) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    return this.inTransaction(opts.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN', async (client) => {
      await client.query('SET LOCAL statement_timeout = 0')
      return fn(new PgBulk(client))
    })
  }

  /**
   * Runs fn on one pooled connection inside a transaction opened with `begin`: committed when fn
   * resolves, rolled back when it throws (the error mapped by `mapError`, or by `onError` first).
   * A connection that broke is dropped from the pool rather than reused.
   */
  private async inTransaction<T>(begin: string, fn: (client: pg.PoolClient) => Promise<T>, onError?: (e: unknown) => Error | undefined): Promise<T> {
    const pool = this.assertOpen()
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (e) {
      throw this.mapError(e)
    }
    let broken = false
    try {
      await client.query(begin)
      const out = await fn(client)
      await client.query('COMMIT')
      return out
    } catch (e) {
      broken = isUnavailable(e)
      await client.query('ROLLBACK').catch(() => {})
      throw onError?.(e) ?? this.mapError(e)
    } finally {
      client.release(broken)
    }
  }

  /**
   * Bulk import (benchmarks, seeding): one COPY … FROM STDIN of every record, committed as a whole
   * (all or nothing), then ANALYZE. Writes no audit entries. A case id or number already stored
   * fails the whole import with StoreConflictError / DuplicateCaseNumberError.
   * Does not advance sequences (`nextSequence`): a restore sets them from the backup; other
   * callers seed numbers outside the ones CaseService hands out.
   */
  async bulkSeed(records: Iterable<CaseRecord> | AsyncIterable<CaseRecord>): Promise<number> {
    this.assertOpen()
    let count = 0
    async function* lines(): AsyncGenerator<string> {
      let buf = ''
      let i = 0
      for await (const value of records as AsyncIterable<CaseRecord>) {
        const rec = checkRecord(value, `bulkSeed[${i++}]`)
        const { summary, ...rest } = rec
        const cols = summaryColumns(summary).map((v) => (Array.isArray(v) ? csvField(pgArrayLiteral(v)) : csvField(v)))
        cols.push(csvField(jsonText(summary, 'summary')), csvField(jsonText(rest, 'record')))
        buf += cols.join(',') + '\n'
        count++
        if (buf.length > 1 << 20) {
          yield buf
          buf = ''
        }
      }
      if (buf) yield buf
    }
    await this.inTransaction(
      'BEGIN',
      async (client) => {
        await client.query('SET LOCAL statement_timeout = 0')
        const copy = client.query(copyFrom(`COPY cases (${CASE_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`))
        await pipeline(Readable.from(lines()), copy)
      },
      (e) => {
        if (errorCode(e) !== '23505') return undefined
        const detail = String((e as { detail?: string }).detail ?? '')
        const m = /\((id|number)\)=\((.*)\) already exists/.exec(detail)
        if (m?.[1] === 'number') return new DuplicateCaseNumberError(m[2]!, '?', '?')
        return new StoreConflictError(m?.[2] ?? '?', 0, 1)
      },
    )
    await this.q({ text: 'ANALYZE cases' })
    return count
  }
}

/** Creates and opens a PgStore. */
export async function openPgStore(opts: PgStoreOptions): Promise<PgStore> {
  const store = new PgStore(opts)
  await store.open()
  return store
}
