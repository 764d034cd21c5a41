/** The Store contract (tests/store-contract/contract.ts) on FileStore; the PgStore run is tests/pg/contract.test.ts. */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../runtime/store/index'
import { storeContract, type StoreHandle } from '../store-contract/contract'

storeContract('FileStore', async (): Promise<StoreHandle> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-contract-'))
  const h: StoreHandle = {
    store: await openStore({ dir }),
    async reopen() {
      await h.store.close()
      h.store = await openStore({ dir })
      return h.store
    },
    async dispose() {
      await h.store.close()
      await fs.rm(dir, { recursive: true, force: true })
    },
  }
  return h
})
