/**
 * PgStore's batched reads (#20): the documents and cases concurrent requests read in one round of
 * the event loop cost one statement each kind, and every caller still gets its own copy of what is
 * stored now.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import { makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

describe('PgStore: reads batched per round', () => {
  it('reads the documents and the cases asked for at once with one statement each; each caller gets its own copy', async () => {
    const store = await openTestStore(await freshDatabase('batch'))
    try {
      await store.putDoc('sessions/a', { username: 'a', n: 1 })
      await store.putDoc('sessions/b', { username: 'b', n: 2 })
      await store.putDoc('accounts-version', 7)
      await store.putDoc('nothing', null)
      const recs = [1, 2, 3].map((i) => makeRecord(i))
      for (const r of recs) await store.createCase(r, [])
      const names: string[] = []
      const query = store.pool.query.bind(store.pool)
      const spy = vi.spyOn(store.pool, 'query').mockImplementation(((config: unknown, ...rest: unknown[]) => {
        if (config && typeof config === 'object' && 'name' in config) names.push(String(config.name))
        return (query as (...a: unknown[]) => unknown)(config, ...rest)
      }) as never)
      const [docs, cases] = await Promise.all([
        Promise.all(['sessions/a', 'sessions/b', 'accounts-version', 'sessions/a', 'missing', 'nothing', 'accounts-version'].map((k) => store.getDoc(k))),
        Promise.all([...recs.map((r) => store.getCase(r.summary.id)), store.getCase(recs[0]!.summary.id), store.getCase('no-such-case')]),
      ])
      spy.mockRestore()
      expect(docs).toEqual([{ username: 'a', n: 1 }, { username: 'b', n: 2 }, 7, { username: 'a', n: 1 }, null, null, 7])
      expect(cases).toEqual([...recs, recs[0], null])
      expect(names.filter((n) => n === 'daiban_get_docs')).toHaveLength(1)
      expect(names.filter((n) => n === 'daiban_get_cases')).toHaveLength(1)
      // copies: one caller changing what it got changes nothing for another
      ;(docs[0] as { n: number }).n = 99
      expect(docs[3]).toEqual({ username: 'a', n: 1 })
      cases[0]!.summary.village = 'changed'
      expect(cases[3]!.summary.village).toBe(recs[0]!.summary.village)
      expect(await store.getCase(recs[0]!.summary.id)).toEqual(recs[0])
      // a read after a write sees it
      await store.putDoc('accounts-version', 8)
      const next = structuredClone(recs[1]!)
      next.summary.version = 2
      next.summary.village = '哈达'
      await store.updateCase(next, 1, [])
      expect(await Promise.all([store.getDoc('accounts-version'), store.getCase(next.summary.id)])).toEqual([8, next])
    } finally {
      await store.close()
    }
  })
})
