/**
 * Two runtimes on one opened file store (as two instances on one database): concurrent writes to
 * the same shared documents through both HTTP apps are all kept (tests/runtime/shared-docs.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime } from '../../runtime/server/deps'
import { ManualClock } from '../../runtime/clock'
import { openStore } from '../../runtime/store'
import { sharedDocumentSuite } from './shared-docs'

sharedDocumentSuite(async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-shared-'))
  const store = await openStore({ dir: path.join(tmp, 'data') })
  const clock = new ManualClock('2026-03-06')
  const a = await createRuntime({ dataDir: path.join(tmp, 'data'), store, schemeDirs: ['definitions/galutu'], clock, log: () => {} })
  const b = await createRuntime({ dataDir: path.join(tmp, 'data'), store, schemeDirs: [], clock, log: () => {}, schemeRefreshMs: 3_600_000 })
  return {
    a,
    b,
    clock,
    close: async () => {
      await a.close()
      await b.close()
      await rm(tmp, { recursive: true, force: true })
    },
  }
})
