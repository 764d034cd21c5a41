/** The Store contract (tests/store-contract/contract.ts) on PgStore, each handle in its own database. */
import { afterAll } from 'vitest'
import { storeContract, type StoreHandle } from '../store-contract/contract'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

storeContract('PgStore', async (): Promise<StoreHandle> => {
  const url = await freshDatabase('contract')
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
})
