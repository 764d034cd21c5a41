/** The reports' case-list filters (tests/store/report-filters.ts) on PgStore. */
import { afterAll } from 'vitest'
import { reportFilterSuite } from '../store/report-filters'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

reportFilterSuite('PgStore', async () => {
  const store = await openTestStore(await freshDatabase('reportfilters'))
  return { store, dispose: () => store.close() }
})
