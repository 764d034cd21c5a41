/** The notification contract (tests/store-contract/notifications.ts) on FileStore, and its inbox files: torn tails, compaction. */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NOTIFICATION_RETENTION, openStore, type FileStore } from '../../runtime/store/index'
import { safeName, shardOf } from '../../runtime/store/names'
import type { StoreHandle } from '../store-contract/contract'
import { notice, notificationContract } from '../store-contract/notifications'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true })
})

async function handle(): Promise<StoreHandle & { dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-notif-'))
  dirs.push(dir)
  const h = {
    dir,
    store: await openStore({ dir }),
    async reopen() {
      await h.store.close()
      h.store = await openStore({ dir })
      return h.store
    },
    async dispose() {
      await h.store.close()
    },
  }
  return h
}

notificationContract('FileStore', handle, { retentionSlack: 0 })

describe('FileStore inbox files', () => {
  const inboxFile = (dir: string, user: string) => path.join(dir, 'inbox', shardOf(user), safeName(user) + '.jsonl')

  it('appends one line per notification; a torn last line is ignored and cut before the next append', async () => {
    const h = await handle()
    await h.store.appendNotifications([1, 2].map((i) => ({ user: '张三', notification: notice(i) })))
    await h.store.close()
    const file = inboxFile(h.dir, '张三')
    const text = await fs.readFile(file, 'utf8')
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => Object.keys(JSON.parse(l))[0]),
    ).toEqual(['user', 'n', 'n'])
    // a crash in the middle of the next append
    await fs.appendFile(file, '{"n":{"id":"n-00003","at":"2026')
    const s = (await openStore({ dir: h.dir })) as FileStore
    h.store = s
    expect((await s.listNotifications(['张三'], { offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual(['n-00002', 'n-00001'])
    await s.appendNotifications([{ user: '张三', notification: notice(4) }])
    await s.close()
    const lines = (await fs.readFile(file, 'utf8')).split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).map((l) => JSON.parse(l) as unknown)).toHaveLength(4)
    h.store = await openStore({ dir: h.dir })
    expect((await h.store.listNotifications(['张三'], { offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual(['n-00004', 'n-00002', 'n-00001'])
  })

  it(`rewrites an inbox file once it holds more than twice ${NOTIFICATION_RETENTION} lines, keeping read marks`, async () => {
    const h = await handle()
    const n = 2 * NOTIFICATION_RETENTION + 40
    for (let i = 0; i < n; i += 20) await h.store.appendNotifications(Array.from({ length: 20 }, (_, k) => ({ user: 'busy', notification: notice(i + k) })))
    await h.store.markNotificationsRead(['busy'], [notice(n - 1).id])
    await h.store.close()
    const lines = (await fs.readFile(inboxFile(h.dir, 'busy'), 'utf8')).trim().split('\n')
    expect(lines.length).toBeLessThan(n)
    expect(lines.length).toBeGreaterThan(NOTIFICATION_RETENTION)
    const s = await h.reopen()
    const page = await s.listNotifications(['busy'], { offset: 0, limit: 10_000 })
    expect(page.total).toBe(NOTIFICATION_RETENTION)
    expect(page.unread).toBe(NOTIFICATION_RETENTION - 1)
    expect(page.items[0]).toEqual(notice(n - 1, { read: true }))
  })
})
