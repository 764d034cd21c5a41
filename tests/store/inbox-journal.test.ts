/**
 * Notifications on the file store ride on the journal (#20): an append or read mark is a journal
 * line, the inbox file is written later by the background writer, and start-up applies the
 * journal's inbox ops again. A "crash" here is a copy of the data folder taken while the store is
 * open (what a SIGKILL leaves: the journal on disk, the inbox files as far as they were written);
 * tests/store/durability.test.ts kills a real writer and drops what a power loss could take.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { NOTIFICATION_RETENTION, openStore, type FileStore, type StoredNotification } from '../../runtime/store/index'
import { readJournalFile, type Journal } from '../../runtime/store/journal'
import { safeName, shardOf } from '../../runtime/store/names'
import { notice } from '../store-contract/notifications'
import { digestStore, fileStoreExport } from '../../runtime/store/backup'
import { makeAudit, makeRecord } from './fixtures/records'

const created: string[] = []
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-inbox-journal-'))
  created.push(dir)
  return dir
}
const inboxFile = (dir: string, user: string) => path.join(dir, 'inbox', shardOf(user), safeName(user) + '.jsonl')
const readText = (file: string) => fs.readFile(file, 'utf8').catch(() => null)

/** The folder as a SIGKILL would leave it (the lock of the live store left out). */
async function crashCopy(dir: string): Promise<string> {
  const to = await tmpDir()
  await fs.cp(dir, to, { recursive: true, filter: (src) => path.basename(src) !== 'LOCK' })
  return to
}

async function inboxes(store: FileStore, users: string[]): Promise<Record<string, { items: StoredNotification[]; unread: number }>> {
  const out: Record<string, { items: StoredNotification[]; unread: number }> = {}
  for (const u of users) {
    const page = await store.listNotifications([u], { offset: 0, limit: 10_000 })
    out[u] = { items: page.items, unread: page.unread }
  }
  return out
}

async function journalOps(dir: string): Promise<string[]> {
  const ops: string[] = []
  for (const name of (await fs.readdir(path.join(dir, 'journal'))).sort())
    ops.push(...(await readJournalFile(path.join(dir, 'journal', name))).ops.map((o) => o.op))
  return ops
}

describe('FileStore notifications on the journal', () => {
  it('acknowledges an append by its journal line: listed at once, no fsync of its own, the inbox file written later', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, writeDelayMs: 60_000 })
    try {
      const probe = await fs.open(path.join(dir, 'probe'), 'w')
      const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void>; sync: () => Promise<void> }
      await probe.close()
      const datasync = vi.spyOn(proto, 'datasync')
      const sync = vi.spyOn(proto, 'sync')
      try {
        for (let i = 0; i < 20; i++) await store.appendNotifications([{ user: i % 2 ? '张三' : '李四', notification: notice(i) }])
        await store.markNotificationsRead(['张三'], [notice(1).id])
        await store.markNotificationsRead(['李四'], 'all')
        // the journal file is opened O_DSYNC: its writes need no fsync call
        expect(datasync).not.toHaveBeenCalled()
        expect(sync).not.toHaveBeenCalled()
      } finally {
        datasync.mockRestore()
        sync.mockRestore()
      }
      const page = await store.listNotifications(['张三', '李四'], { offset: 0, limit: 100 })
      expect(page.total).toBe(20)
      expect(page.unread).toBe(9)
      expect(await readText(inboxFile(dir, '张三'))).toBeNull()
      expect((await journalOps(dir)).filter((op) => op.startsWith('inbox'))).toEqual([...Array<string>(20).fill('inbox'), 'inboxRead', 'inboxRead'])
      await store.settle()
      const lines = (await readText(inboxFile(dir, '张三')))!.trim().split('\n')
      expect(lines).toHaveLength(1 + 10 + 1)
      expect(JSON.parse(lines[0]!)).toEqual({ user: '张三' })
      expect(JSON.parse(lines.at(-1)!)).toEqual({ r: [notice(1).id] })
    } finally {
      await store.close()
    }
  })

  it('replays appends and read marks after a crash; replaying them again adds nothing twice', async () => {
    const dir = await tmpDir()
    const users = ['张三', '李四', 'wang']
    const a = await openStore({ dir, writeDelayMs: 60_000, journalMaxBytes: 64 << 20 })
    for (let i = 0; i < 30; i++) await a.appendNotifications([{ user: users[i % 3]!, notification: notice(i) }])
    // one batch to two inboxes: one journal line
    await a.appendNotifications([
      { user: '张三', notification: notice(30) },
      { user: '李四', notification: notice(31) },
    ])
    // some written to their files, the rest only in the journal
    await a.settle()
    await a.markNotificationsRead(['张三'], [notice(0).id, notice(3).id, 'unknown'])
    for (let i = 32; i < 40; i++) await a.appendNotifications([{ user: users[i % 3]!, notification: notice(i) }])
    expect(await a.markNotificationsRead(['李四'], 'all')).toBe(13)
    // after the mark: stays unread
    await a.appendNotifications([{ user: '李四', notification: notice(40) }])
    const expected = await inboxes(a, users)
    expect(expected['李四']!.unread).toBe(1)
    expect(expected['张三']!.unread).toBe(12)
    const b = (await openStore({ dir: await crashCopy(dir) })) as FileStore
    try {
      expect(await inboxes(b, users)).toEqual(expected)
      // the start-up wrote what the files lacked; the journal still holds it all: a second crash replays it again
      const again = await crashCopy(b.dir)
      const files = await Promise.all(users.map((u) => readText(inboxFile(again, u))))
      const c = (await openStore({ dir: again })) as FileStore
      try {
        expect(await inboxes(c, users)).toEqual(expected)
        expect(await Promise.all(users.map((u) => readText(inboxFile(again, u))))).toEqual(files)
        for (const text of files) {
          const ids = text!
            .trim()
            .split('\n')
            .map((l) => (JSON.parse(l) as { n?: { id: string } }).n?.id)
            .filter(Boolean)
          expect(new Set(ids).size).toBe(ids.length)
        }
      } finally {
        await c.close()
      }
    } finally {
      await b.close()
      await a.close()
    }
  })

  it(`keeps the newest ${NOTIFICATION_RETENTION} in arrival order through a replay over a rewritten inbox file`, async () => {
    const dir = await tmpDir()
    // written at once (the file is rewritten as it grows), no checkpoint: the journal keeps every line
    const a = await openStore({ dir, writeDelayMs: 0, journalMaxBytes: 64 << 20 })
    const n = 2 * NOTIFICATION_RETENTION + 200
    for (let i = 0; i < n; i += 10) {
      // the same instant for a whole batch: arrival decides their order
      const at = notice(i).at
      await a.appendNotifications(Array.from({ length: 10 }, (_, k) => ({ user: 'busy', notification: notice(i + k, { at }) })))
      if (i === 600) await a.markNotificationsRead(['busy'], 'all')
    }
    await a.markNotificationsRead(['busy'], [notice(n - 1).id, notice(n - 2).id])
    await a.settle()
    const lines = (await readText(inboxFile(dir, 'busy')))!.trim().split('\n')
    expect(lines.length).toBeLessThan(n)
    const expected = await inboxes(a, ['busy'])
    expect(expected.busy!.items).toHaveLength(NOTIFICATION_RETENTION)
    expect(expected.busy!.items.map((x) => x.id)).toEqual(Array.from({ length: NOTIFICATION_RETENTION }, (_, k) => notice(n - 1 - k).id))
    expect(expected.busy!.unread).toBe(NOTIFICATION_RETENTION - 2)
    const b = (await openStore({ dir: await crashCopy(dir) })) as FileStore
    try {
      expect(await inboxes(b, ['busy'])).toEqual(expected)
      await b.appendNotifications([{ user: 'busy', notification: notice(n) }])
      expect((await b.listNotifications(['busy'], { offset: 0, limit: 1 })).items[0]!.id).toBe(notice(n).id)
    } finally {
      await b.close()
      await a.close()
    }
  })

  it('a case write and its notices are one journal line, one durable write; a crash replays the notices, also interleaved with appends', async () => {
    const dir = await tmpDir()
    const a = await openStore({ dir, writeDelayMs: 60_000, journalMaxBytes: 64 << 20 })
    const told = (i: number, user = '张三') => ({ user, notification: notice(i) })
    const journal = (a as unknown as { core: { journal: Journal } }).core.journal
    const writes = vi.spyOn(journal, 'append')
    try {
      await a.createCase(makeRecord(1), [makeAudit('case-000001', 1)], [told(1), told(2, '李四')])
      await a.appendNotifications([told(3)])
      await a.updateCase(makeRecord(1, 2), 1, [makeAudit('case-000001', 2)], [told(4)])
      await a.markNotificationsRead(['张三'], [notice(1).id])
      await a.updateCase(makeRecord(1, 3), 2, [makeAudit('case-000001', 3)], [told(5), told(6, '李四')])
      // one journal line per call: the case writes carry their notices
      expect(writes).toHaveBeenCalledTimes(5)
    } finally {
      writes.mockRestore()
    }
    expect(await journalOps(dir)).toEqual(['case', 'inbox', 'case', 'inboxRead', 'case'])
    const expected = await inboxes(a, ['张三', '李四'])
    expect(expected['张三']!.items.map((n) => n.id)).toEqual([5, 4, 3, 1].map((i) => notice(i).id))
    expect(expected['张三']!.unread).toBe(3)
    expect(expected['李四']!.items.map((n) => n.id)).toEqual([6, 2].map((i) => notice(i).id))
    // nothing in the inbox files yet: the journal alone holds them
    expect(await readText(inboxFile(dir, '张三'))).toBeNull()
    const b = (await openStore({ dir: await crashCopy(dir) })) as FileStore
    try {
      expect(await inboxes(b, ['张三', '李四'])).toEqual(expected)
      expect((await b.getCase('case-000001'))?.summary.version).toBe(3)
      // numbered on after the replayed ones
      await b.updateCase(makeRecord(1, 4), 3, [makeAudit('case-000001', 4)], [told(7)])
      expect((await b.listNotifications(['张三'], { offset: 0, limit: 1 })).items[0]!.id).toBe(notice(7).id)
      await b.settle()
      const lines = (await readText(inboxFile(b.dir, '张三')))!
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { s?: number })
      expect(lines.filter((l) => l.s !== undefined).map((l) => l.s)).toEqual([0, 1, 2, 3, 4])
    } finally {
      await b.close()
      await a.close()
    }
  })

  it('a backup of an open store carries notifications not yet in their inbox files', async () => {
    const dir = await tmpDir()
    const a = await openStore({ dir, writeDelayMs: 60_000 })
    await a.appendNotifications([1, 2, 3].map((i) => ({ user: i === 3 ? '李四' : '张三', notification: notice(i) })))
    await a.markNotificationsRead(['张三'], [notice(2).id])
    expect(await readText(inboxFile(dir, '张三'))).toBeNull()
    const open = await digestStore(fileStoreExport(a))
    await a.close()
    expect(open.counts.notifications).toBe(3)
    const b = await openStore({ dir })
    try {
      expect(await digestStore(fileStoreExport(b))).toEqual(open)
    } finally {
      await b.close()
    }
  })

  it('reads inbox files of earlier versions (no arrival numbers, "mark all" as a line) and numbers on after them', async () => {
    const dir = await tmpDir()
    const user = '老用户'
    const file = inboxFile(dir, user)
    await fs.mkdir(path.dirname(file), { recursive: true })
    const old = [{ user }, { n: notice(1) }, { n: notice(2) }, { r: [notice(1).id] }, { n: notice(3) }, { ra: true }, { n: notice(4) }]
    await fs.writeFile(file, old.map((l) => JSON.stringify(l) + '\n').join(''))
    const a = await openStore({ dir, writeDelayMs: 60_000, journalMaxBytes: 64 << 20 })
    const page = await a.listNotifications([user], { offset: 0, limit: 10 })
    expect(page.items.map((x) => [x.id, x.read])).toEqual([
      [notice(4).id, false],
      [notice(3).id, true],
      [notice(2).id, true],
      [notice(1).id, true],
    ])
    await a.appendNotifications([{ user, notification: notice(5) }])
    await a.markNotificationsRead([user], 'all')
    const expected = await inboxes(a, [user])
    const b = (await openStore({ dir: await crashCopy(dir) })) as FileStore
    try {
      expect(await inboxes(b, [user])).toEqual(expected)
      expect(expected[user]!.unread).toBe(0)
    } finally {
      await b.close()
      await a.close()
    }
    const c = await openStore({ dir })
    try {
      expect(await inboxes(c, [user])).toEqual(expected)
    } finally {
      await c.close()
    }
  })
})
