/** The notification contract (tests/store-contract/notifications.ts) on PgStore, each handle in its own database. */
import { afterAll } from 'vitest'
import type { StoreHandle } from '../store-contract/contract'
import { notificationContract } from '../store-contract/notifications'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

notificationContract(
  'PgStore',
  async (): Promise<StoreHandle> => {
    const url = await freshDatabase('notif')
    const h: StoreHandle = {
      store: await openTestStore(url),
      async reopen() {
        await h.store.close()
        h.store = await openTestStore(url)
        return h.store
      },
      async dispose() {
        await h.store.close()
      },
    }
    return h
  },
  // an inbox is pruned every 16 appends to it by an instance
  { retentionSlack: 16 },
)
