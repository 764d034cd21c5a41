/** A store with a bit of everything (cases at several versions, audit of cases and of the store, reminders, counters, documents), for the backup, restore and migration tests. */
import type { Store } from '../../runtime/store/types'
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
}
