/**
 * The benches' baseline for a case write's notices: as before they went into the write's own
 * commit (session 8 and earlier), appended after the case was written, with
 * `store.appendNotifications` — on the file store a journal line (and a durable write) of their
 * own, on PostgreSQL a statement and transaction of their own. `noticesAfterWrite(store, on)`
 * switches a store's case writes to that and back, so a bench can run both in turns.
 */
import type { AuditEntry, CaseRecord, NoticeItem, Store } from '../runtime/store/types'

type CaseWrites = Pick<Store, 'createCase' | 'updateCase'>
const saved = new WeakMap<Store, { own: CaseWrites; after: CaseWrites }>()

export function noticesAfterWrite(store: Store, on: boolean): void {
  let s = saved.get(store)
  if (!s) {
    const own: CaseWrites = { createCase: store.createCase.bind(store), updateCase: store.updateCase.bind(store) }
    const tell = async (notices: NoticeItem[] | undefined) => {
      if (notices?.length) await store.appendNotifications(notices)
    }
    const after: CaseWrites = {
      createCase: async (record: CaseRecord, audit: AuditEntry[], notices?: NoticeItem[]) => {
        await own.createCase(record, audit)
        await tell(notices)
      },
      updateCase: async (record: CaseRecord, expectedVersion: number, audit: AuditEntry[], notices?: NoticeItem[]) => {
        await own.updateCase(record, expectedVersion, audit)
        await tell(notices)
      },
    }
    saved.set(store, (s = { own, after }))
  }
  Object.assign(store, on ? s.after : s.own)
}
