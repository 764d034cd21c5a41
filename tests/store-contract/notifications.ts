/**
 * The notification part of the Store contract (appendNotifications, listNotifications,
 * markNotificationsRead), run against every store: tests/store/notifications.test.ts (FileStore)
 * and tests/pg/notifications.test.ts (PgStore). Includes the move of the inbox documents of earlier
 * versions (`notifications/<user>`, the whole list newest first) into rows at open.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { NOTIFICATION_RETENTION, type StoredNotification } from '../../runtime/store/index'
import type { StoreHandle } from './contract'
import { makeAudit, makeRecord } from '../store/fixtures/records'

export function notice(i: number, over: Partial<StoredNotification> = {}): StoredNotification {
  return {
    id: `n-${String(i).padStart(5, '0')}`,
    at: new Date(Date.UTC(2026, 2, 2, 8, 0, 0) + i * 1000).toISOString(),
    kind: 'info',
    caseId: `case-${i}`,
    number: `GLT-2026-${String(i).padStart(6, '0')}`,
    message: `${i} 处置单已派至本单位`,
    read: false,
    ...over,
  }
}

const ids = (items: StoredNotification[]) => items.map((n) => n.id)

export function notificationContract(
  name: string,
  makeStore: () => Promise<StoreHandle>,
  opts: { /** rows an inbox may hold beyond the retention before its next prune */ retentionSlack: number },
): void {
  const handles: StoreHandle[] = []
  const open = async () => {
    const h = await makeStore()
    handles.push(h)
    return h
  }
  afterAll(async () => {
    for (const h of handles) await h.dispose()
  })

  describe(`Store contract, notifications: ${name}`, () => {
    it('appends, lists newest first with paging, counts unread, marks read (some, all); all of it survives a restart', async () => {
      const h = await open()
      const s = h.store
      await s.appendNotifications([1, 2, 3].map((i) => ({ user: '张三', notification: notice(i) })))
      await s.appendNotifications([
        { user: 'zhang', notification: notice(4, { messageEn: 'a reply was received', kind: 'reply' }) },
        { user: '李四', notification: notice(5) },
      ])
      // the same at: the later arrival first
      await s.appendNotifications([{ user: '张三', notification: notice(6, { at: notice(3).at }) }])
      let page = await s.listNotifications(['张三', 'zhang'], { offset: 0, limit: 10 })
      expect(ids(page.items)).toEqual(['n-00004', 'n-00006', 'n-00003', 'n-00002', 'n-00001'])
      expect(page).toMatchObject({ total: 5, unread: 5 })
      expect(page.items[0]).toEqual(notice(4, { messageEn: 'a reply was received', kind: 'reply' }))
      expect(ids((await s.listNotifications(['张三', 'zhang'], { offset: 1, limit: 2 })).items)).toEqual(['n-00006', 'n-00003'])
      expect(await s.listNotifications(['nobody'], { offset: 0, limit: 10 })).toEqual({ items: [], total: 0, unread: 0 })
      // an id already in the inbox is not added again
      await s.appendNotifications([{ user: '张三', notification: notice(1, { message: 'again' }) }])
      expect((await s.listNotifications(['张三'], { offset: 0, limit: 10 })).total).toBe(4)

      expect(await s.markNotificationsRead(['张三'], ['n-00001', 'n-00002', 'n-00004', 'nope'])).toBe(2)
      expect(await s.markNotificationsRead(['张三'], ['n-00001'])).toBe(0)
      page = await s.listNotifications(['张三', 'zhang'], { offset: 0, limit: 10 })
      expect(page.unread).toBe(3)
      expect(
        page.items
          .filter((n) => n.read)
          .map((n) => n.id)
          .sort(),
      ).toEqual(['n-00001', 'n-00002'])
      expect(await s.markNotificationsRead(['张三', 'zhang'], 'all')).toBe(3)
      expect(await s.markNotificationsRead(['张三', 'zhang'], 'all')).toBe(0)
      expect((await s.listNotifications(['李四'], { offset: 0, limit: 10 })).unread).toBe(1)

      const again = await h.reopen()
      page = await again.listNotifications(['张三', 'zhang'], { offset: 0, limit: 10 })
      expect(ids(page.items)).toEqual(['n-00004', 'n-00006', 'n-00003', 'n-00002', 'n-00001'])
      expect(page.unread).toBe(0)
      expect((await again.listNotifications(['李四'], { offset: 0, limit: 10 })).items).toEqual([notice(5)])
      await again.appendNotifications([{ user: '张三', notification: notice(7) }])
      expect((await again.listNotifications(['张三'], { offset: 0, limit: 1 })).items).toEqual([notice(7)])
    })

    it('200 writers notifying one user at once lose nothing, also while the reader marks everything read', async () => {
      const h = await open()
      const s = h.store
      const marks: Array<Promise<number>> = []
      await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          await s.appendNotifications([
            { user: 'officer', notification: notice(i) },
            { user: 'other', notification: notice(i) },
          ])
          if (i % 50 === 49) marks.push(s.markNotificationsRead(['officer'], 'all'))
        }),
      )
      const marked = (await Promise.all(marks)).reduce((a, b) => a + b, 0)
      const page = await s.listNotifications(['officer'], { offset: 0, limit: 1000 })
      expect(page.total).toBe(200)
      expect(new Set(ids(page.items)).size).toBe(200)
      // each notice was marked read at most once, and exactly the marked ones are read
      expect(page.items.filter((n) => n.read).length).toBe(marked)
      expect(page.unread).toBe(200 - marked)
      expect((await s.listNotifications(['other'], { offset: 0, limit: 1000 })).unread).toBe(200)
      const again = await h.reopen()
      const after = await again.listNotifications(['officer'], { offset: 0, limit: 1000 })
      expect(after.total).toBe(200)
      expect(after.unread).toBe(200 - marked)
    })

    it(`keeps the newest ${NOTIFICATION_RETENTION} of an inbox as new ones arrive`, async () => {
      const h = await open()
      const s = h.store
      const n = NOTIFICATION_RETENTION + 100
      for (let i = 0; i < n; i++) await s.appendNotifications([{ user: 'busy', notification: notice(i) }])
      const check = async (st: typeof s) => {
        const page = await st.listNotifications(['busy'], { offset: 0, limit: 10_000 })
        expect(page.total).toBeGreaterThanOrEqual(NOTIFICATION_RETENTION)
        expect(page.total).toBeLessThanOrEqual(NOTIFICATION_RETENTION + opts.retentionSlack)
        // the newest are all there, in order
        expect(ids(page.items.slice(0, NOTIFICATION_RETENTION))).toEqual(Array.from({ length: NOTIFICATION_RETENTION }, (_, k) => notice(n - 1 - k).id))
        expect(ids(page.items)).not.toContain(notice(0).id)
      }
      await check(s)
      await check(await h.reopen())
    })

    it('moves the inbox documents of earlier versions into rows at open; nothing twice, read marks kept', async () => {
      const h = await open()
      // as NotificationService kept them before: newest first, under notifications/<user>
      await h.store.putDoc('notifications/王五', [notice(3), notice(2, { read: true }), notice(1)])
      await h.store.putDoc('notifications/Wang Wu', [notice(9, { messageEn: 'overdue', kind: 'overdue' })])
      await h.store.putDoc('notifications-settings', { keep: true })
      let s = await h.reopen()
      const page = await s.listNotifications(['王五', 'Wang Wu'], { offset: 0, limit: 10 })
      expect(page.items).toEqual([notice(9, { messageEn: 'overdue', kind: 'overdue' }), notice(3), notice(2, { read: true }), notice(1)])
      expect(page.unread).toBe(3)
      expect(await s.getDoc('notifications/王五')).toBeNull()
      expect(await s.getDoc('notifications-settings')).toEqual({ keep: true })
      // new ones go after the moved ones; an old document written again (a restored backup) adds only what is new
      await s.appendNotifications([{ user: '王五', notification: notice(4) }])
      await s.putDoc('notifications/王五', [notice(5), notice(3), notice(2, { read: true })])
      s = await h.reopen()
      const later = await s.listNotifications(['王五'], { offset: 0, limit: 10 })
      expect(ids(later.items)).toEqual(['n-00005', 'n-00004', 'n-00003', 'n-00002', 'n-00001'])
      expect(later.unread).toBe(4)
    })

    it("commits a case write's notices with it: a refused write sends none; all of it survives a restart", async () => {
      const h = await open()
      const s = h.store
      const told = (i: number, user = '李四') => ({ user, notification: notice(i, { caseId: 'case-000001' }) })
      await s.createCase(makeRecord(1), [makeAudit('case-000001', 1)], [told(1), told(2, 'wang')])
      await s.updateCase(makeRecord(1, 2), 1, [makeAudit('case-000001', 2)], [told(3)])
      // without notices, or with none, as before
      await s.updateCase(makeRecord(1, 3), 2, [makeAudit('case-000001', 3)], [])
      await s.updateCase(makeRecord(1, 4), 3, [makeAudit('case-000001', 4)])
      // two writers on version 4: one wins, and only the winner's notice is sent
      const raced = await Promise.allSettled([
        s.updateCase(makeRecord(1, 5, { officer: 'a' }), 4, [makeAudit('case-000001', 5)], [told(4)]),
        s.updateCase(makeRecord(1, 5, { officer: 'b' }), 4, [makeAudit('case-000001', 5)], [told(5)]),
      ])
      expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
      const winner = raced[0]!.status === 'fulfilled' ? 4 : 5
      // a stale version and a taken id send nothing either
      await expect(s.updateCase(makeRecord(1, 5), 4, [makeAudit('case-000001', 5)], [told(6)])).rejects.toMatchObject({ expected: 4, actual: 5 })
      await expect(s.createCase(makeRecord(1), [makeAudit('case-000001', 1)], [told(7)])).rejects.toThrow()
      // an id the inbox holds is kept, not added again
      await s.updateCase(
        makeRecord(1, 6),
        5,
        [makeAudit('case-000001', 6)],
        [{ user: '李四', notification: notice(1, { caseId: 'case-000001', message: 'again' }) }],
      )
      const expected = {
        李四: [winner, 3, 1].map((i) => notice(i, { caseId: 'case-000001' })),
        wang: [notice(2, { caseId: 'case-000001' })],
      }
      const check = async (st: typeof s) => {
        for (const [user, items] of Object.entries(expected)) expect((await st.listNotifications([user], { offset: 0, limit: 10 })).items).toEqual(items)
        expect((await st.getCase('case-000001'))?.summary.version).toBe(6)
        expect((await st.listAudit('case-000001')).map((a) => a.toVersion)).toEqual([1, 2, 3, 4, 5, 6])
      }
      await check(s)
      await check(await h.reopen())
    })

    it('refuses a case write whose notices are bad, naming the field, and writes neither the case nor any notice', async () => {
      const h = await open()
      const s = h.store
      await s.createCase(makeRecord(2), [makeAudit('case-000002', 1)])
      const bad: Array<[() => Promise<unknown>, RegExp]> = [
        [() => s.updateCase(makeRecord(2, 2), 1, [makeAudit('case-000002', 2)], {} as never), /updateCase: notices must be an array/],
        [
          () =>
            s.updateCase(
              makeRecord(2, 2),
              1,
              [makeAudit('case-000002', 2)],
              [
                { user: 'u', notification: notice(1) },
                { user: '', notification: notice(2) },
              ],
            ),
          /updateCase: notices\[1\]\.user/,
        ],
        [
          () => s.createCase(makeRecord(3), [makeAudit('case-000003', 1)], [{ user: 'u', notification: { ...notice(1), kind: 'spam' as never } }]),
          /createCase: notices\[0\]\.notification\.kind/,
        ],
      ]
      for (const [call, message] of bad) await expect(call()).rejects.toThrow(message)
      expect((await s.getCase('case-000002'))?.summary.version).toBe(1)
      expect(await s.getCase('case-000003')).toBeNull()
      expect((await s.listNotifications(['u'], { offset: 0, limit: 10 })).total).toBe(0)
    })

    it('refuses bad input with a TypeError naming the field', async () => {
      const h = await open()
      const s = h.store
      const cases: Array<[() => Promise<unknown>, RegExp]> = [
        [() => s.appendNotifications({} as never), /items must be an array/],
        [() => s.appendNotifications([{ user: '', notification: notice(1) }]), /items\[0\]\.user/],
        [() => s.appendNotifications([{ user: 'u', notification: { ...notice(1), id: '' } }]), /items\[0\]\.notification\.id/],
        [() => s.appendNotifications([{ user: 'u', notification: { ...notice(1), at: 'yesterday' } }]), /notification\.at must be an ISO date-time/],
        [
          () =>
            s.appendNotifications([
              { user: 'u', notification: notice(1) },
              { user: 'u', notification: { ...notice(2), kind: 'spam' as never } },
            ]),
          /items\[1\]\.notification\.kind/,
        ],
        [() => s.appendNotifications([{ user: 'u', notification: { ...notice(1), message: 7 as never } }]), /notification\.message/],
        [() => s.listNotifications([], { offset: 0, limit: 1 }), /users must be a non-empty array/],
        [() => s.listNotifications(['u'], { offset: -1, limit: 1 }), /page\.offset/],
        [() => s.listNotifications(['u'], { offset: 0, limit: 1.5 }), /page\.limit/],
        [() => s.markNotificationsRead(['u'], 'some' as never), /ids must be an array/],
        [() => s.markNotificationsRead(['u'], ['']), /ids\[0\]/],
      ]
      for (const [call, message] of cases) await expect(call()).rejects.toThrow(message)
      // nothing of a refused batch was written
      expect((await s.listNotifications(['u'], { offset: 0, limit: 10 })).total).toBe(0)
    })
  })
}
