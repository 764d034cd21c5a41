/** PgStore start-up: versioned migrations under an advisory lock, refusals, connection errors, PG-only limits. */
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { PgStore } from '../../runtime/store/pg-store'
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../runtime/store/pg/migrations'
import { StoreUnavailableError } from '../../runtime/store/types'
import { chooseStore, openConfiguredStore } from '../../runtime/store/open'
import { FileStore } from '../../runtime/store/file-store'
import { makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(text)).rows
  } finally {
    await c.end()
  }
}

describe('PgStore migrations', () => {
  it('six instances opening a fresh database at once apply each migration exactly once', async () => {
    const url = await freshDatabase('mig')
    const stores = Array.from({ length: 6 }, () => new PgStore({ url, poolSize: 2 }))
    await Promise.all(stores.map((s) => s.open()))
    expect(stores.map((s) => s.lastMigration!.applied.length).sort()).toEqual([0, 0, 0, 0, 0, MIGRATIONS.length])
    const rows = await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations')
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
    await stores[0]!.createCase(makeRecord(1), [])
    expect(await stores[5]!.getCase('case-000001')).toEqual(makeRecord(1))
    await Promise.all(stores.map((s) => s.close()))
    // a restart applies nothing
    const again = await openTestStore(url)
    expect(again.lastMigration).toEqual({ applied: [], version: SCHEMA_VERSION })
    await again.close()
  })

  it('refuses a schema newer than the program, and a released migration that was edited', async () => {
    const url = await freshDatabase('mig')
    ;(await openTestStore(url)).close()
    await sql(url, `INSERT INTO schema_migrations (version, name, checksum) VALUES (${SCHEMA_VERSION + 1}, 'future', 'x')`)
    const err = await new PgStore({ url }).open().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreUnavailableError)
    expect((err as Error).message).toMatch(/newer than this program/)
    await sql(url, `DELETE FROM schema_migrations WHERE version = ${SCHEMA_VERSION + 1}`)
    await sql(url, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`)
    await expect(new PgStore({ url }).open()).rejects.toThrow(/differs from the one applied/)

    // migrate: false refuses an empty database instead of creating the schema
    const empty = await freshDatabase('mig')
    await expect(new PgStore({ url: empty, migrate: false }).open()).rejects.toThrow(/schema is at version 0/)
    expect(await sql(empty, `SELECT to_regclass('cases') AS t`)).toEqual([{ t: null }])
  })

  it('runs a later migration in order, in its own transaction (a failing one leaves nothing behind)', async () => {
    const url = await freshDatabase('mig')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      const extra = [...MIGRATIONS, { version: 99, name: 'test: add a column', sql: 'ALTER TABLE docs ADD COLUMN note text' }]
      expect((await migrate(c, extra)).applied).toEqual([...MIGRATIONS.map((m) => m.version), 99])
      const broken = [...extra, { version: 100, name: 'test: broken', sql: 'ALTER TABLE docs ADD COLUMN other text; SELECT 1/0' }]
      await expect(migrate(c, broken)).rejects.toThrow(/division by zero/)
      const cols = await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'docs' ORDER BY column_name`)
      expect(cols.rows.map((r) => r.column_name)).toEqual(['key', 'note', 'updated_at', 'value'])
      expect((await c.query('SELECT max(version) AS v FROM schema_migrations')).rows[0].v).toBe(99)
      // the advisory lock was released even after the failure (this database's: other suites' stores hold their own meanwhile)
      const locks = await c.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
      expect(locks.rows[0].n).toBe(0)
    } finally {
      await c.end()
    }
  })
})

describe('PgStore errors and limits', () => {
  it('an unreachable database is StoreUnavailableError, and the message hides the password', async () => {
    const dead = 'postgres://daiban:s3cret@127.0.0.1:1/nowhere'
    const err = await new PgStore({ url: dead, connectTimeoutMs: 2000 }).open().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreUnavailableError)
    expect((err as Error).message).toContain('127.0.0.1:1')
    expect((err as Error).message).not.toContain('s3cret')
    const missing = new URL(process.env.DAIBAN_TEST_DATABASE_URL!)
    missing.pathname = '/daiban_no_such_db'
    await expect(new PgStore({ url: missing.toString() }).open()).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(() => new PgStore({ url: 'mysql://x' })).toThrow(TypeError)
  })

  it('refuses text with U+0000 (jsonb cannot hold it) with a TypeError, before touching the database', async () => {
    const s = await openTestStore(await freshDatabase('lim'))
    try {
      await expect(s.createCase({ ...makeRecord(1), snapshot: { note: 'a\u0000b' } }, [])).rejects.toThrow(/U\+0000/)
      await expect(s.putDoc('k', { v: '\u0000' })).rejects.toThrow(/U\+0000/)
      await s.putDoc('k', { v: 'a literal \\u0000 is fine' })
      expect(await s.getDoc('k')).toEqual({ v: 'a literal \\u0000 is fine' })
      expect(await s.countCases()).toBe(0)
    } finally {
      await s.close()
    }
  })

  it('the factory picks PostgreSQL from DAIBAN_DATABASE_URL and the FileStore otherwise', async () => {
    const url = await freshDatabase('open')
    expect(chooseStore({ dataDir: '/d', env: {} })).toEqual({ kind: 'file', dir: '/d' })
    expect(chooseStore({ dataDir: '/d', env: { DAIBAN_DATABASE_URL: url } })).toEqual({ kind: 'pg', url })
    expect(() => chooseStore({ env: { DAIBAN_DATABASE_URL: 'sqlite://x' } })).toThrow(/postgres/)
    const s = await openConfiguredStore({ dataDir: '/nonexistent', env: { DAIBAN_DATABASE_URL: url } })
    expect(s).toBeInstanceOf(PgStore)
    await s.close()
    expect(FileStore).toBeDefined()
  })
})
