/**
 * The PostgreSQL schema as ordered migrations. Applied at start-up by {@link migrate} under a
 * session advisory lock, so two app instances starting at once never apply one twice: the second
 * waits for the lock, then finds the versions already recorded in `schema_migrations`.
 *
 * Rules: a released migration is never edited (its checksum is recorded and checked at start-up);
 * a change is a new entry at the end. A database whose schema is newer than this code (a version
 * it doesn't know) is refused, so an old instance never writes into a schema it doesn't understand.
 *
 * Collation: human text columns (village, group, channel, category, officer, petitioner_name,
 * stage) use the collation `daiban_zh`, created here as ICU `zh-u-kn-true` (pinyin order with
 * numeric digits: "2组" before "10组"), which is what runtime/store/query.ts does with
 * `Intl.Collator('zh-CN', { numeric: true })`. A server built without ICU gets `daiban_zh` as a
 * copy of "C" instead: Chinese then sorts by code point and the `q` search lower-cases ASCII only
 * — the one documented difference from the in-memory semantics. Every other text column is
 * COLLATE "C" (code point order; JS compares UTF-16 code units, which differs only between
 * characters beyond U+FFFF and U+E000–U+FFFF).
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { StoreUnavailableError } from '../types'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cases, audit, reminders, counters, docs',
    sql: `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'daiban_zh' AND collnamespace = current_schema()::regnamespace) THEN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') THEN
      CREATE COLLATION daiban_zh (provider = icu, locale = 'zh-u-kn-true');
    ELSE
      CREATE COLLATION daiban_zh FROM "C";
    END IF;
  END IF;
END
$$;

CREATE TABLE cases (
  id              text COLLATE "C" PRIMARY KEY,
  number          text COLLATE "C" NOT NULL CONSTRAINT cases_number_key UNIQUE,
  scheme_id       text COLLATE "C",
  scheme_version  text COLLATE "C",
  state           text COLLATE "C",
  stage           text COLLATE daiban_zh,
  status          text COLLATE "C",
  village         text COLLATE daiban_zh,
  "group"         text COLLATE daiban_zh,
  channel         text COLLATE daiban_zh,
  category        text COLLATE daiban_zh,
  officer         text COLLATE daiban_zh,
  petitioner_name text COLLATE daiban_zh,
  received_on     text COLLATE "C",
  due_date        text COLLATE "C",
  units           text[] COLLATE "C" NOT NULL DEFAULT '{}',
  created_at      text COLLATE "C",
  updated_at      text COLLATE "C",
  version         integer NOT NULL CHECK (version >= 1),
  -- which workflow of the scheme ("case" when the summary names none)
  machine         text COLLATE "C" NOT NULL DEFAULT 'case',
  -- number, petitionerName, category lower-cased by the app (String.prototype.toLowerCase), for q
  search          text[] COLLATE "C" NOT NULL DEFAULT '{}',
  -- the whole CaseSummary as json text (returned verbatim: no jsonb re-serialisation when
  -- listing 100k of them) and the rest of the CaseRecord (schemeHash, snapshot) as jsonb
  summary         json NOT NULL,
  record          jsonb NOT NULL
) WITH (fillfactor = 85);

-- the default list order (receivedOn desc, then number desc, then id) and the list filters
CREATE INDEX cases_received_idx ON cases (received_on DESC NULLS LAST, number DESC, id);
CREATE INDEX cases_status_due_idx ON cases (status, due_date);
CREATE INDEX cases_due_idx ON cases (due_date);
-- (filter column, status): the usual list "active cases of …" and its count come from the index alone
CREATE INDEX cases_village_idx ON cases (village, status);
CREATE INDEX cases_group_idx ON cases ("group", status);
CREATE INDEX cases_stage_idx ON cases (stage, status);
CREATE INDEX cases_officer_idx ON cases (officer, status);
CREATE INDEX cases_scheme_idx ON cases (scheme_id, scheme_version);
CREATE INDEX cases_state_idx ON cases (state);
CREATE INDEX cases_units_idx ON cases USING gin (units);
-- villages, officers and stages are far from independent of the status: tell the planner
CREATE STATISTICS cases_village_status (mcv, dependencies) ON village, status FROM cases;
CREATE STATISTICS cases_officer_status (mcv, dependencies) ON officer, status FROM cases;
CREATE STATISTICS cases_stage_status (mcv, dependencies) ON stage, status FROM cases;

-- The audit log is one tamper-evident chain (runtime/auth/audit-chain.ts): seq is contiguous from
-- 1 and every entry carries the previous entry's hash. A case write inserts its entries in its own
-- transaction WITHOUT a seq (id gives the write order), so writers never wait for each other; the
-- chain is then "sealed" in id order — seq, prev_hash, hash assigned — by whichever instance gets
-- there first (right after its writes, and always before anything reads the audit), under the
-- row lock of audit_head, which holds the chain's end. A sealed row is never changed again.
CREATE TABLE audit (
  id        bigserial PRIMARY KEY,
  seq       bigint CONSTRAINT audit_seq_key UNIQUE CHECK (seq >= 1),
  case_id   text COLLATE "C",
  at        text,
  actor     text,
  action    text,
  -- the AuditEntry without seq, prevHash and hash
  entry     jsonb NOT NULL,
  prev_hash text,
  hash      text
);
CREATE INDEX audit_case_idx ON audit (case_id, seq);
CREATE INDEX audit_unsealed_idx ON audit (id) WHERE seq IS NULL;
CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);
INSERT INTO audit_head (singleton, seq, hash) VALUES (true, 0, '');

CREATE TABLE reminders (
  id              text COLLATE "C" PRIMARY KEY,
  -- insertion order (listReminders returns reminders in the order they were raised)
  seq             bigserial NOT NULL,
  case_id         text COLLATE "C" NOT NULL,
  kind            text,
  for_date        text,
  acknowledged_by text,
  acknowledged_at timestamptz,
  -- the whole Reminder without acknowledgedBy
  data            jsonb NOT NULL
);
CREATE UNIQUE INDEX reminders_seq_idx ON reminders (seq);
CREATE INDEX reminders_case_idx ON reminders (case_id, seq);
CREATE INDEX reminders_open_idx ON reminders (seq) WHERE acknowledged_by IS NULL;

CREATE TABLE counters (
  name  text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);

-- small key-value documents: published scheme versions, settings (and, later, sessions)
CREATE TABLE docs (
  key        text COLLATE "C" PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- bookkeeping of the store itself (which folder a migration came from …); never backed up
CREATE TABLE store_meta (
  key   text COLLATE "C" PRIMARY KEY,
  value jsonb NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'rate_limits',
    sql: `
-- rate-limit windows shared by every instance (runtime/store/pg-rate-limit.ts): one row per limiter
-- and client key, counting hits until reset_at. UNLOGGED: not worth a WAL write per request, and a
-- crash of the server merely forgets the current windows. Never backed up.
CREATE UNLOGGED TABLE rate_limits (
  key      text COLLATE "C" PRIMARY KEY,
  hits     integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset_idx ON rate_limits (reset_at);
`,
  },
  {
    version: 3,
    name: 'notifications',
    sql: `
-- in-app notifications, a row each (runtime/channels/notifications.ts): appended, never rewritten,
-- so many writers notifying one user do not queue on one row; seq is the arrival order
CREATE TABLE notifications (
  seq        bigserial PRIMARY KEY,
  user_name  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  at         text COLLATE "C" NOT NULL,
  read       boolean NOT NULL DEFAULT false,
  -- the whole notification without read
  data       jsonb NOT NULL,
  CONSTRAINT notifications_user_id_key UNIQUE (user_name, id)
);
-- an inbox newest first; its unread ones
CREATE INDEX notifications_user_at_idx ON notifications (user_name, at DESC, seq DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_name) WHERE NOT read;
`,
  },
  {
    version: 4,
    name: 'list_indexes',
    sql: `
-- the case list and the scheduler at 100k cases (#20): overdue and due-soon lists, their counts
-- and the reminder pass read active cases by due date only
CREATE INDEX IF NOT EXISTS cases_active_due_idx ON cases (due_date, number, id) WHERE status = 'active';
-- the list's other orders, so a page walks an index and stops after offset + limit rows
CREATE INDEX IF NOT EXISTS cases_updated_idx ON cases (updated_at DESC NULLS LAST, number DESC, id);
CREATE INDEX IF NOT EXISTS cases_due_order_idx ON cases (due_date ASC NULLS LAST, number ASC, id);
-- the remaining equality filters of the list
CREATE INDEX IF NOT EXISTS cases_channel_idx ON cases (channel, status);
CREATE INDEX IF NOT EXISTS cases_machine_idx ON cases (machine, status);
`,
  },
  {
    version: 5,
    name: 'list_totals',
    sql: `
-- the case list at 100k cases (#20): its capped total and the rows a page skips read from indexes
-- alone (index-only scans), never the wide case rows. Every list filters by scheme_id, so it rides
-- along in the equality indexes (village and officer carry the other filters too, for combined
-- filters); one index holds status, due date and units for the totals of the
-- default, overdue, due-soon and unit lists; the three list orders carry the usual filter columns.
-- Names stay those of the indexes replaced.
DROP INDEX IF EXISTS cases_village_idx;
CREATE INDEX cases_village_idx ON cases (village, status) INCLUDE (scheme_id, stage, officer, units);
DROP INDEX IF EXISTS cases_stage_idx;
CREATE INDEX cases_stage_idx ON cases (stage, status) INCLUDE (scheme_id);
DROP INDEX IF EXISTS cases_officer_idx;
CREATE INDEX cases_officer_idx ON cases (officer, status) INCLUDE (scheme_id, due_date, village, stage, units);
CREATE INDEX IF NOT EXISTS cases_list_total_idx ON cases (scheme_id, status, due_date) INCLUDE (units);
DROP INDEX IF EXISTS cases_received_idx;
CREATE INDEX cases_received_idx ON cases (received_on DESC NULLS LAST, number DESC, id) INCLUDE (scheme_id, status, stage, village, officer, due_date);
DROP INDEX IF EXISTS cases_updated_idx;
CREATE INDEX cases_updated_idx ON cases (updated_at DESC NULLS LAST, number DESC, id) INCLUDE (scheme_id, status, stage, village, officer, due_date);
DROP INDEX IF EXISTS cases_due_order_idx;
CREATE INDEX cases_due_order_idx ON cases (due_date ASC NULLS LAST, number ASC, id) INCLUDE (scheme_id, status, stage, village, officer);
`,
  },
  {
    version: 6,
    name: 'list_covering',
    sql: `
-- the case list at 100k cases (#20): a list narrowed by an officer or a village, alone or with
-- broad filters besides (unit, overdue), chooses its page from that index alone as it counts its
-- total, the sort keys and id riding along. Before, the planner combined bitmaps of the broad
-- filters (25k and 50k rows) and read the rows: 10 ms where the index alone takes 1.5 ms.
-- Names stay those of the indexes replaced.
DROP INDEX IF EXISTS cases_officer_idx;
CREATE INDEX cases_officer_idx ON cases (officer, status) INCLUDE (scheme_id, due_date, village, stage, units, received_on, updated_at, number, id);
DROP INDEX IF EXISTS cases_village_idx;
CREATE INDEX cases_village_idx ON cases (village, status) INCLUDE (scheme_id, stage, officer, units, due_date, received_on, updated_at, number, id);
`,
  },
]

/** Key of the session advisory lock held while migrating ("daiban:schema" as a signed 64-bit integer). */
export const MIGRATION_LOCK_KEY = BigInt.asIntN(64, BigInt('0x' + createHash('sha256').update('daiban:schema').digest('hex').slice(0, 16))).toString()

export function checksum(m: Migration): string {
  return createHash('sha256').update(m.sql.trim()).digest('hex')
}

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

export interface MigrateResult {
  applied: number[]
  version: number
}

/**
 * Brings the database to {@link SCHEMA_VERSION}. Holds a session advisory lock on one connection
 * for the whole run; each migration runs in its own transaction together with its
 * `schema_migrations` row, so a crash mid-way leaves either all of a migration or none of it.
 */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error('migrations must be in ascending version order')
  }
  await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY])
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version')
    const known = new Map(migrations.map((m) => [m.version, m]))
    for (const row of rows) {
      const m = known.get(row.version)
      if (!m) {
        throw new StoreUnavailableError(
          `数据库结构版本 ${row.version} 比本程序新（本程序最高为 ${migrations.at(-1)?.version ?? 0}），请升级程序 / the database schema (version ${row.version}) is newer than this program knows; upgrade it`,
        )
      }
      if (row.checksum !== checksum(m)) {
        throw new StoreUnavailableError(
          `数据库迁移 ${row.version} 与程序中的不一致 / migration ${row.version} ("${m.name}") differs from the one applied to this database`,
        )
      }
    }
    const done = new Set(rows.map((r) => r.version))
    const applied: number[] = []
    for (const m of migrations) {
      if (done.has(m.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, checksum(m)])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {})
        throw e
      }
      applied.push(m.version)
    }
    return { applied, version: migrations.at(-1)?.version ?? 0 }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {})
  }
}
