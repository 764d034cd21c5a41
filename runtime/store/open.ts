/**
 * Which store to open: PostgreSQL when a database URL is given (option, or the environment
 * variable DAIBAN_DATABASE_URL=postgres://…), otherwise the embedded FileStore in the data folder.
 *
 *   DAIBAN_DATABASE_URL   postgres://user:password@host:5432/daiban   → PgStore (several instances may share it)
 *   DAIBAN_DB_POOL        connections per instance (default 10)
 *   DAIBAN_DATA_DIR       the FileStore folder when no database URL is set (default ./data)
 */
import type { Store } from './types'
import { openStore as openFileStore } from './file-store'

export interface OpenStoreOptions {
  /** FileStore folder (used when no database URL is configured). */
  dataDir?: string
  /** postgres:// URL; overrides the environment. */
  databaseUrl?: string
  /** Where DAIBAN_DATABASE_URL is read from (default process.env). */
  env?: NodeJS.ProcessEnv
}

export type StoreKind = { kind: 'pg'; url: string } | { kind: 'file'; dir: string }

export function isDatabaseUrl(v: unknown): v is string {
  return typeof v === 'string' && /^postgres(ql)?:\/\//i.test(v.trim())
}

/** The store the options and environment call for (without opening it). */
export function chooseStore(opts: OpenStoreOptions = {}): StoreKind {
  const env = opts.env ?? process.env
  const url = opts.databaseUrl ?? env.DAIBAN_DATABASE_URL
  if (url !== undefined && url.trim() !== '') {
    if (!isDatabaseUrl(url)) throw new TypeError(`DAIBAN_DATABASE_URL 应以 postgres:// 开头 / must be a postgres:// URL`)
    return { kind: 'pg', url: url.trim() }
  }
  return { kind: 'file', dir: opts.dataDir ?? env.DAIBAN_DATA_DIR ?? './data' }
}

/** Opens the configured store (PgStore is loaded only when used). */
export async function openConfiguredStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const choice = chooseStore(opts)
  if (choice.kind === 'pg') {
    const { openPgStore } = await import('./pg-store')
    return openPgStore({ url: choice.url })
  }
  return openFileStore({ dir: choice.dir })
}

/** Human description for logs, without a password: "PostgreSQL postgres://u:***@h/db" or "数据目录 ./data". */
export function describeStore(choice: StoreKind): string {
  if (choice.kind === 'file') return `数据目录 / data folder ${choice.dir}`
  try {
    const u = new URL(choice.url)
    if (u.password) u.password = '***'
    return `PostgreSQL ${u.toString()}`
  } catch {
    return 'PostgreSQL'
  }
}
