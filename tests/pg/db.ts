/**
 * Databases for the PG suites: each test file gets fresh ones on the server named by
 * DAIBAN_TEST_DATABASE_URL (see .ci/pg-setup.sh), dropped again when the file is done.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { PgStore, type PgStoreOptions } from '../../runtime/store/pg-store'

export function testDatabaseUrl(): string {
  const url = process.env.DAIBAN_TEST_DATABASE_URL
  if (!url) {
    throw new Error('DAIBAN_TEST_DATABASE_URL is not set: run `eval "$(bash .ci/pg-setup.sh)"` first (a PostgreSQL server for the test suites)')
  }
  return url
}

const created: string[] = []

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testDatabaseUrl() })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(tag = 't'): Promise<string> {
  const name = `daiban_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase()
  await admin((c) => c.query(`CREATE DATABASE "${name}"`))
  created.push(name)
  const u = new URL(testDatabaseUrl())
  u.pathname = '/' + name
  return u.toString()
}

/** Drops every database this process created. */
export async function dropDatabases(): Promise<void> {
  const names = created.splice(0)
  if (!names.length) return
  await admin(async (c) => {
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`)
  })
}

export async function openTestStore(url: string, opts: Partial<PgStoreOptions> = {}): Promise<PgStore> {
  const s = new PgStore({ url, poolSize: 5, ...opts })
  await s.open()
  return s
}
