/**
 * `daiban store migrate --from <folder> --to <postgres url>`: copies everything, verified by counts
 * and checksums; a re-run copies nothing; changes made in the folder since are carried over (and
 * nothing else); a database written to after the migration, or holding other data, is refused
 * without --force. The audit chain carries over and new entries chain onto it.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../runtime/store/index'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { fillStore } from '../store-contract/fill'
import { reminder } from '../store-contract/contract'
import { cli } from '../store-contract/cli'
import { makeAudit, makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

const tmp: string[] = []
afterAll(async () => {
  await dropDatabases()
  for (const d of tmp) await fs.rm(d, { recursive: true, force: true })
})

describe('daiban store migrate', () => {
  it('copies a data folder into PostgreSQL, verified, and is safe to re-run', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-mig-'))
    tmp.push(root)
    const folder = path.join(root, 'data')
    const s = await openStore({ dir: folder })
    await fillStore(s)
    await s.close()
    const url = await freshDatabase('migrate')

    const first = await cli(['store', 'migrate', '--from', folder, '--to', url])
    expect(first.code, first.err).toBe(0)
    const r1 = JSON.parse(first.out)
    expect(r1).toMatchObject({ verified: true, differences: [], counts: { cases: 25, audit: 40, reminders: 4, counters: 2, docs: 4, notifications: 5 } })
    expect(r1.copied).toEqual(r1.counts)

    const second = await cli(['store', 'migrate', '--from', folder, '--to', url])
    expect(second.code, second.err).toBe(0)
    expect(JSON.parse(second.out).copied).toEqual({ cases: 0, audit: 0, reminders: 0, counters: 0, docs: 0, notifications: 0 })

    // the folder goes on changing until the switch-over: a re-run carries exactly the changes
    const s2 = await openStore({ dir: folder })
    await s2.updateCase(makeRecord(2, 2, { state: 'closed.done', status: 'done' }), 1, [makeAudit('case-000002', 2)])
    await s2.raiseReminders([reminder('r9', 'case-000002')])
    await s2.acknowledgeReminder('r1', '王五')
    await s2.nextSequence('case-number:GLT:2026')
    await s2.putDoc('配置/通知', { 短信: false })
    await s2.markNotificationsRead(['李四'], ['n1'])
    await s2.appendNotifications([
      {
        user: '王五',
        notification: {
          id: 'n10',
          at: '2026-02-05T08:00:00.000Z',
          kind: 'info',
          caseId: 'case-000002',
          number: 'GLT-2026-002',
          message: '新的一条',
          read: false,
        },
      },
    ])
    await s2.close()
    const third = await cli(['store', 'migrate', '--from', folder, '--to', url])
    expect(third.code, third.err).toBe(0)
    // 李四's n1 read since (carried), 王五's n10 new
    expect(JSON.parse(third.out).copied).toEqual({ cases: 1, audit: 1, reminders: 2, counters: 1, docs: 1, notifications: 2 })

    const pg = await openTestStore(url)
    try {
      expect((await pg.getCase('case-000002'))?.summary).toMatchObject({ version: 2, state: 'closed.done' })
      expect((await pg.listReminders({ open: false })).map((r) => r.id).sort()).toEqual(['r1', 'r2'])
      expect(await pg.getDoc('配置/通知')).toEqual({ 短信: false })
      // the chain came over whole, and the database's own writes continue it
      await pg.updateCase(makeRecord(2, 3), 2, [makeAudit('case-000002', 3)])
      expect(await pg.nextSequence('case-number:GLT:2026')).toBe(27)
      expect(verifyAuditChain(await pg.listAllAudit())).toEqual({ ok: true, entries: 42 })
    } finally {
      await pg.close()
    }

    // written to since: a re-run would mix the two, so it is refused (unless --force)
    const refused = await cli(['store', 'migrate', '--from', folder, '--to', url])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/written to after the migration/)
    const forced = await cli(['store', 'migrate', '--from', folder, '--to', url, '--force'])
    expect(JSON.parse(forced.out).copied.cases).toBe(0) // never moves a case back to an older version
  })

  it('refuses a database that holds other data, and bad usage', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-mig-'))
    tmp.push(root)
    const folder = path.join(root, 'data')
    const s = await openStore({ dir: folder })
    await fillStore(s, 3)
    await s.close()
    const url = await freshDatabase('migrate')
    const pg = await openTestStore(url)
    await pg.putDoc('something', 1)
    await pg.close()
    const r = await cli(['store', 'migrate', '--from', folder, '--to', url])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/did not come from/)
    expect((await cli(['store', 'migrate', '--from', folder])).code).toBe(2)
    expect((await cli(['store', 'copy'])).code).toBe(2)
    const dead = await cli(['store', 'migrate', '--from', folder, '--to', 'postgres://nobody:pw@127.0.0.1:1/x'])
    expect(dead.code).toBe(1)
    expect(dead.err).toMatch(/cannot connect/)
    expect(dead.err).not.toContain(':pw@')
  })
})
