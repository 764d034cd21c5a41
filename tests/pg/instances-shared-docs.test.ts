/**
 * Two runtimes, each on its own PgStore (its own pool) on one database, as two servers: concurrent
 * writes to the same shared documents through both HTTP apps are all kept
 * (tests/runtime/shared-docs.ts; SELECT … FOR UPDATE behind store.updateDoc).
 */
import { afterAll } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime } from '../../runtime/server/deps'
import { ManualClock } from '../../runtime/clock'
import { PgStore } from '../../runtime/store/pg-store'
import { sharedDocumentSuite } from '../runtime/shared-docs'
import { dropDatabases, freshDatabase } from './db'

afterAll(async () => dropDatabases())

sharedDocumentSuite(async () => {
  const url = await freshDatabase('shared')
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-pgshared-')) // unused by PgStore; createRuntime wants one
  const clock = new ManualClock('2026-03-06')
  const storeA = new PgStore({ url, poolSize: 5 })
  await storeA.open()
  const a = await createRuntime({ dataDir: dir, schemeDirs: ['definitions/galutu'], clock, store: storeA, log: () => {} })
  const storeB = new PgStore({ url, poolSize: 5 })
  await storeB.open()
  const b = await createRuntime({ dataDir: dir, schemeDirs: [], clock, store: storeB, log: () => {}, schemeRefreshMs: 3_600_000 })
  return {
    a,
    b,
    clock,
    close: async () => {
      await new Promise((r) => setTimeout(r, 100)) // fire-and-forget work (notifications) settles first
      await a.close()
      await b.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})
