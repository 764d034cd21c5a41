/**
 * VersionedCache (runtime/store/versioned-cache.ts), on the embedded store: a value is read once
 * while its version document holds still; a bump — here or by another cache on the same store, as
 * another instance would — makes the next get read again; an entry older than maxAgeMs is read again;
 * past maxEntries all go. The account list and the names on duty use it (tests/runtime/accounts-cache,
 * tests/duty/on-duty-cache; across PostgreSQL instances tests/pg/accounts-cache).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore, VersionedCache, type Store } from '../../runtime/store'

let dir: string
let store: Store
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-vcache-'))
  store = await openStore({ dir })
})
afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

const versionOf = (key: string) => `test/${key.split(' ')[0]}/version`

describe('VersionedCache', () => {
  it('reads once while the version holds; a bump here or by another instance reads again', async () => {
    const a = new VersionedCache<string, string>(store, versionOf, { maxAgeMs: 60_000, maxEntries: 16 })
    const b = new VersionedCache<string, string>(store, versionOf, { maxAgeMs: 60_000, maxEntries: 16 })
    let reads = 0
    const load = async () => `value ${++reads}`
    expect(await a.get('x 1', load)).toBe('value 1')
    expect(await a.get('x 1', load)).toBe('value 1')
    expect(reads).toBe(1)
    await a.bump('test/x/version')
    expect(await a.get('x 1', load)).toBe('value 2')
    // the other instance's write: a's entry is stale by the document alone
    await b.bump('test/x/version')
    expect(await a.get('x 1', load)).toBe('value 3')
    // a bump of another document leaves the entry alone
    await b.bump('test/y/version')
    expect(await a.get('x 1', load)).toBe('value 3')
    expect(reads).toBe(3)
  })

  it('reads again after maxAgeMs, and drops everything past maxEntries', async () => {
    const c = new VersionedCache<string, number>(store, versionOf, { maxAgeMs: 1000, maxEntries: 2 })
    let reads = 0
    const load = async () => ++reads
    const now = vi.spyOn(Date, 'now')
    try {
      now.mockReturnValue(1_000_000)
      await c.get('p 1', load)
      await c.get('p 1', load)
      expect(reads).toBe(1)
      now.mockReturnValue(1_001_000)
      await c.get('p 1', load)
      expect(reads).toBe(2)
      await c.get('p 2', load) // two entries
      await c.get('p 3', load) // the third clears both
      await c.get('p 1', load)
      expect(reads).toBe(5)
    } finally {
      now.mockRestore()
    }
  })
})
