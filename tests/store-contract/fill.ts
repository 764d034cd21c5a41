/** A store with a bit of everything (cases at several versions, audit of cases and of the store, reminders, counters, documents, notifications), for the backup, restore and migration tests. */
import type { Store, StoredNotification } from '../../runtime/store/types'
import { makeAudit, makeRecord } from '../store/fixtures/records'
import { reminder } from './contract'

export async function fillStore(store: Store, n = 25): Promise<void> {
  for (let i = 1; i <= n; i++) {
    const rec = makeRecord(i, 1, i % 4 === 0 ? { machine: 'complaint', village: null, units: [] } : {})
    await store.createCase(rec, [makeAudit(rec.summary.id, 1, 'create')])
    await store.nextSequence('case-number:GLT:2026')
  }
  for (let i = 1; i <= n; i += 3) {
    for (let v = 2; v <= 1 + (i % 4); v++) {
      await store.updateCase(makeRecord(i, v, { officer: `o${v}`, units: ['水务局', `单位${v}`] }), v - 1, [makeAudit(makeRecord(i).summary.id, v)])
    }
  }
  await store.appendAudit([
    { at: '2026-02-01T00:00:00Z', actor: 'admin', caseId: null, action: 'publish', event: 'scheme', changes: { hash: 'abc' } },
    { at: '2026-02-01T00:00:01Z', actor: '管理员', caseId: 'case-000002', action: 'comment', changes: { text: '已电话联系，\n第二行' } },
  ])
  await store.raiseReminders([reminder('r1'), reminder('r2', 'case-000002'), reminder('r3', 'case-000003'), { ...reminder('r4'), kind: 'urge' }])
  await store.acknowledgeReminder('r2', '李四')
  await store.nextSequence('case-number:GLT-CO:2026')
  await store.putDoc('scheme-ids', ['galutu'])
  await store.putDoc('scheme-versions/galutu', { versions: [{ seq: 1, hash: 'h1', note: '首次发布' }] })
  await store.putDoc('配置/通知', { 短信: true, n: 1.5, list: [1, 'b', null] })
  await store.putDoc('empty', null)
  await store.appendNotifications(FILL_NOTIFICATIONS.map(([user, n]) => ({ user, notification: { ...n, read: false } })))
  await store.markNotificationsRead(['李四'], ['n2'])
}

const note = (id: string, at: string, kind: StoredNotification['kind'], caseId: string, message: string): Omit<StoredNotification, 'read'> => ({
  id,
  at,
  kind,
  caseId,
  number: `GLT-2026-${caseId.slice(-3)}`,
  message,
})
/** The inboxes fillStore fills, as the store lists them (newest first, read state). */
export async function fillInboxes(store: Store): Promise<unknown> {
  const users = [...new Set(FILL_NOTIFICATIONS.map(([u]) => u))]
  return Promise.all(users.map(async (u) => [u, await store.listNotifications([u], { offset: 0, limit: 100 })]))
}

/** The notifications fillStore appends (李四's n2 is then read); the same `at` twice keeps arrival order. */
export const FILL_NOTIFICATIONS: Array<[string, Omit<StoredNotification, 'read'>]> = [
  ['李四', note('n1', '2026-02-02T08:00:00.000Z', 'assigned', 'case-000001', '案件已指派给您')],
  ['李四', { ...note('n2', '2026-02-03T08:00:00.000Z', 'due_soon', 'case-000002', '即将到期'), messageEn: 'Due soon' }],
  ['李四', note('n3', '2026-02-03T08:00:00.000Z', 'urge', 'case-000003', '请尽快办理')],
  ['王五', note('n1', '2026-02-04T08:00:00.000Z', 'reply', 'case-000004', '已答复')],
  ['王五', note('n9', '2026-02-01T08:00:00.000Z', 'info', 'case-000005', '较早的一条')],
]
