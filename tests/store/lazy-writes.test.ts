import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../runtime/store/file-store'
import { shardOf, safeName } from '../../runtime/store/names'
import { makeAudit, makeRecord } from './fixtures/records'

const created: string[] = []
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-lazy-'))
  created.push(dir)
  return dir
}
const caseFile = (dir: string, id: string) => path.join(dir, 'cases', shardOf(id), safeName(id) + '.json')
const auditLines = async (dir: string, id: string) =>
  (await fs.readFile(path.join(dir, 'audit', shardOf(id), safeName(id) + '.jsonl'), 'utf8')).split('\n').filter(Boolean).length

/** Counts the case and document file replacements of a store (its core's writeDataFile). */
function countWrites(store: object): { files: string[] } {
  const core = (store as unknown as { core: { writeDataFile: (f: string, t: string) => Promise<void> } }).core
  const seen = { files: [] as string[] }
  const orig = core.writeDataFile.bind(core)
  core.writeDataFile = (f, t) => {
    seen.files.push(f)
    return orig(f, t)
  }
  return seen
}

describe('FileStore: lazy data-file writes', () => {
  it('writes a case changed several times within the delay once, reads it from memory meanwhile, and a checkpoint writes it', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, writeDelayMs: 60_000 })
    const writes = countWrites(store)
    const id = makeRecord(1).summary.id
    await store.createCase(makeRecord(1), [makeAudit(id, 1, 'create')])
    for (let v = 2; v <= 6; v++) await store.updateCase(makeRecord(1, v), v - 1, [makeAudit(id, v)])
    await new Promise((r) => setTimeout(r, 50))
    expect(writes.files).toEqual([])
    expect((await store.getCase(id))?.summary.version).toBe(6)
    expect((await store.listAudit(id)).map((e) => e.toVersion)).toEqual([1, 2, 3, 4, 5, 6])

    await store.checkpoint()
    expect(writes.files).toEqual([caseFile(dir, id)])
    expect(JSON.parse(await fs.readFile(caseFile(dir, id), 'utf8')).summary.version).toBe(6)
    expect(await auditLines(dir, id)).toBe(6)
    await store.close()
  })

  it('writes after the delay by itself', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, writeDelayMs: 100 })
    const writes = countWrites(store)
    const id = makeRecord(2).summary.id
    await store.createCase(makeRecord(2), [makeAudit(id, 1, 'create')])
    await store.updateCase(makeRecord(2, 2), 1, [makeAudit(id, 2)])
    expect(writes.files).toEqual([])
    await new Promise((r) => setTimeout(r, 400))
    expect(writes.files).toEqual([caseFile(dir, id)])
    expect(JSON.parse(await fs.readFile(caseFile(dir, id), 'utf8')).summary.version).toBe(2)
    await store.close()
  })

  it('settle() writes what waits, and a reopen after close finds every version', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, writeDelayMs: 60_000 })
    for (let i = 1; i <= 5; i++) await store.createCase(makeRecord(i), [makeAudit(makeRecord(i).summary.id, 1, 'create')])
    await store.updateCase(makeRecord(3, 2), 1, [makeAudit(makeRecord(3).summary.id, 2)])
    await store.settle()
    expect(JSON.parse(await fs.readFile(caseFile(dir, makeRecord(3).summary.id), 'utf8')).summary.version).toBe(2)
    await store.updateCase(makeRecord(4, 2), 1, [makeAudit(makeRecord(4).summary.id, 2)])
    await store.close()
    expect(JSON.parse(await fs.readFile(caseFile(dir, makeRecord(4).summary.id), 'utf8')).summary.version).toBe(2)
    const again = await openStore({ dir })
    expect((await again.getCase(makeRecord(4).summary.id))?.summary.version).toBe(2)
    await again.close()
  })

  it('appends a large pass in synchronous calls yet gives the event loop turns while it runs', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, writeDelayMs: 60_000 })
    const n = 400
    const users = Array.from({ length: n }, (_, k) => `user-${k}`)
    const notice = (k: number, round: number) => ({
      id: `n-${round}-${k}`,
      at: '2026-03-02T08:00:00.000Z',
      kind: 'info' as const,
      caseId: 'c1',
      number: 'GLT-1',
      message: `第 ${round} 条`,
      read: false,
    })
    await store.appendNotifications(users.map((user, k) => ({ user, notification: notice(k, 1) })))
    await store.settle() // the inbox files and folders exist now: the next pass is appends alone
    // loop turns between the pass's first and last append (each inbox file one synchronous append)
    const inbox = (store as unknown as { inbox: { write: (f: string, e: unknown[]) => Promise<void> } }).inbox
    const orig = inbox.write
    let written = 0
    let turns = 0
    let counting = true
    const tick = (): void => {
      if (written > 0 && written < n) turns++
      if (counting) setImmediate(tick)
    }
    inbox.write = async (f, e) => {
      await orig(f, e)
      written++
    }
    await store.appendNotifications(users.map((user, k) => ({ user, notification: notice(k, 2) })))
    setImmediate(tick)
    await store.settle()
    counting = false
    expect(written).toBe(n)
    expect(turns, 'the writer held the event loop through the whole pass').toBeGreaterThan(0)
    // what the pass wrote is what was committed
    await store.close()
    const again = await openStore({ dir })
    for (const user of [users[0]!, users[n - 1]!])
      expect((await again.listNotifications([user], { offset: 0, limit: 5 })).items.map((x) => x.id)).toEqual([
        `n-2-${users.indexOf(user)}`,
        `n-1-${users.indexOf(user)}`,
      ])
    await again.close()
  })
})
