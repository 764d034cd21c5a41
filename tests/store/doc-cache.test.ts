/**
 * The file store keeps small documents parsed in memory (sessions and accounts are read on every
 * request): reads after the first touch no file, every read hands out its own copy, writes replace
 * the kept value, and a large document is read from its file each time.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../runtime/store/file-store'
import { DurableJSONFile } from '../../runtime/store/durable'

const created: string[] = []
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-doc-cache-'))
  created.push(dir)
  return dir
}

/** Counts document file reads (lowdb's adapter). */
function countReads(): { reads: string[]; restore: () => void } {
  const orig = DurableJSONFile.prototype.read
  const seen = { reads: [] as string[], restore: () => (DurableJSONFile.prototype.read = orig) }
  DurableJSONFile.prototype.read = function (this: DurableJSONFile<unknown>) {
    seen.reads.push(path.basename(this.file))
    return orig.call(this)
  }
  return seen
}

describe('FileStore: documents kept in memory', () => {
  it('reads a small document from its file once, hands out copies, and sees every write', async () => {
    const dir = await tmpDir()
    let store = await openStore({ dir })
    await store.putDoc('session/abc', { user: 'li', roles: ['village_officer'] })
    await store.settle()
    await store.close()

    store = await openStore({ dir })
    const seen = countReads()
    try {
      const a = await store.getDoc<{ user: string; roles: string[] }>('session/abc')
      const b = await store.getDoc<{ user: string; roles: string[] }>('session/abc')
      expect(a).toEqual({ user: 'li', roles: ['village_officer'] })
      expect(seen.reads.filter((f) => f.includes('abc'))).toHaveLength(1)
      // a caller changing its copy changes nothing stored
      a!.roles.push('admin')
      b!.user = 'someone else'
      expect(await store.getDoc('session/abc')).toEqual({ user: 'li', roles: ['village_officer'] })

      // a write replaces the kept value; updateDoc starts from it
      await store.putDoc('session/abc', { user: 'li', roles: [] })
      await store.settle()
      expect(await store.getDoc('session/abc')).toEqual({ user: 'li', roles: [] })
      const next = await store.updateDoc<{ user: string; roles: string[] }>('session/abc', (cur) => ({ ...cur!, roles: [...cur!.roles, 'town_officer'] }))
      next.roles.push('changed after the write')
      expect(await store.getDoc('session/abc')).toEqual({ user: 'li', roles: ['town_officer'] })
      // a missing document is remembered as missing until it is written
      expect(await store.getDoc('session/none')).toBeNull()
      await store.putDoc('session/none', 1)
      expect(await store.getDoc('session/none')).toBe(1)
      expect(seen.reads.filter((f) => f.includes('abc'))).toHaveLength(1)
    } finally {
      seen.restore()
      await store.close()
    }

    // what was written is on disk, for the next process
    store = await openStore({ dir })
    expect(await store.getDoc('session/abc')).toEqual({ user: 'li', roles: ['town_officer'] })
    expect(await store.getDoc('session/none')).toBe(1)
    await store.close()
  })

  it('reads a large document from its file every time', async () => {
    const dir = await tmpDir()
    let store = await openStore({ dir })
    const big = { rows: Array.from({ length: 2000 }, (_, i) => ({ day: i, who: '值班人员' + i })) }
    await store.putDoc('duty/roster', big)
    await store.settle()
    await store.close()
    store = await openStore({ dir })
    const seen = countReads()
    try {
      expect(await store.getDoc('duty/roster')).toEqual(big)
      expect(await store.getDoc('duty/roster')).toEqual(big)
      expect(seen.reads.filter((f) => f.includes('roster'))).toHaveLength(2)
    } finally {
      seen.restore()
      await store.close()
    }
  })
})
