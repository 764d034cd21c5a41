/**
 * The case list at scale on PostgreSQL (#20): the total counted up to a cap ("10,000+"), the list
 * indexes of migration 4 applied to a database made before it (cases in it), and the plans of the
 * overdue list and of the scheduler's due cases reading the partial index of active due dates.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import pg from 'pg'
import { MIGRATIONS, migrate } from '../../runtime/store/pg/migrations'
import { pageSummaries } from '../../runtime/store/query'
import type { CaseFilter } from '../../runtime/store/types'
import { CASE_COLUMNS, summaryColumns } from '../../runtime/store/pg/sql'
import { makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

const NEW_INDEXES = ['cases_active_due_idx', 'cases_updated_idx', 'cases_due_order_idx', 'cases_channel_idx', 'cases_machine_idx']

describe('PgStore: list totals and list indexes', () => {
  it('counts the total up to the cap and says when more match; below the cap the total is exact', async () => {
    const url = await freshDatabase('cap')
    const store = await openTestStore(url, { countCap: 25 })
    try {
      const recs = Array.from({ length: 60 }, (_, i) => makeRecord(i + 1, 1, { village: i < 20 ? '巴彦' : '乌兰', status: i % 3 === 0 ? 'done' : 'active' }))
      await store.bulkSeed(recs)
      const all = recs.map((r) => r.summary)
      const cases: Array<[CaseFilter, number, boolean]> = [
        [{}, 25, true],
        [{ village: '巴彦' }, 20, false],
        [{ village: '乌兰' }, 25, true],
        [{ village: '乌兰', status: 'done' }, 13, false],
        [{ village: 'nowhere' }, 0, false],
      ]
      for (const [filter, total, capped] of cases) {
        const r = await store.listCases(filter, { offset: 0, limit: 10 })
        expect({ total: r.total, capped: r.totalCapped === true }, JSON.stringify(filter)).toEqual({ total, capped })
        // the page itself is the plain path's, capped or not
        expect(r.items.map((s) => s.id)).toEqual(pageSummaries(all, filter, { offset: 0, limit: 10 }).items.map((s) => s.id))
        if (!capped) expect(r.total).toBe(pageSummaries(all, filter, { offset: 0, limit: 1 }).total)
      }
      // an empty page past the end still reports the (capped) total
      const past = await store.listCases({}, { offset: 500, limit: 10 })
      expect(past).toEqual({ items: [], total: 25, totalCapped: true })
    } finally {
      await store.close()
    }
    // countCap 0 counts every match
    const exact = await openTestStore(url, { countCap: 0 })
    try {
      expect(await exact.listCases({}, { offset: 0, limit: 1 })).toMatchObject({ total: 60 })
      expect((await exact.listCases({}, { offset: 0, limit: 1 })).totalCapped).toBeUndefined()
    } finally {
      await exact.close()
    }
  })

  it('keeps a total that reached the cap for cappedTotalMs per filter; a total below the cap is counted every time', async () => {
    const url = await freshDatabase('cap')
    const recs = Array.from({ length: 40 }, (_, i) => makeRecord(i + 1, 1, { village: i < 30 ? '乌兰' : '巴彦', status: 'active' }))
    const kept = await openTestStore(url, { countCap: 25, cappedTotalMs: 60_000 })
    const fresh = await openTestStore(url, { countCap: 25, cappedTotalMs: 0 })
    try {
      await kept.bulkSeed(recs)
      const list = (store: typeof kept, village: string, offset = 0) => store.listCases({ village }, { offset, limit: 10 })
      expect(await list(kept, '乌兰')).toMatchObject({ total: 25, totalCapped: true })
      expect(await list(kept, '巴彦')).toMatchObject({ total: 10 })
      // ten cases move from 乌兰 to 巴彦: 20 and 20 now
      const now = recs.map((r) => r.summary)
      for (const [i, r] of recs.slice(0, 10).entries()) {
        const next = structuredClone(r)
        next.summary.village = '巴彦'
        next.summary.version = 2
        await kept.updateCase(next, 1, [])
        now[i] = next.summary
      }
      // the capped total is kept (a moment ago it was "25+"), its page is read afresh
      const page = await list(kept, '乌兰')
      expect(page).toMatchObject({ total: 25, totalCapped: true })
      expect(page.items.map((s) => s.id)).toEqual(pageSummaries(now, { village: '乌兰' }, { offset: 0, limit: 10 }).items.map((s) => s.id))
      expect((await list(kept, '乌兰', 30)).items).toEqual([])
      // a total below the cap is exact at once; so is every total where nothing is kept
      expect(await list(kept, '巴彦')).toMatchObject({ total: 20 })
      expect((await list(kept, '巴彦')).totalCapped).toBeUndefined()
      expect(await list(fresh, '乌兰')).toMatchObject({ total: 20 })
      expect((await list(fresh, '乌兰')).totalCapped).toBeUndefined()
      // another filter (the same village, another status) is its own entry
      expect(await kept.listCases({ village: '乌兰', status: 'active' }, { offset: 0, limit: 10 })).toMatchObject({ total: 20 })
    } finally {
      await kept.close()
      await fresh.close()
    }
    // after cappedTotalMs the total is counted again; the keep time runs on a fake performance
    // clock, so a slow machine's writes in between do not use it up
    const short = await openTestStore(url, { countCap: 15, cappedTotalMs: 50 })
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      expect(await short.listCases({ village: '乌兰' }, { offset: 0, limit: 10 })).toMatchObject({ total: 15, totalCapped: true })
      await short.updateCase({ ...structuredClone(recs[10]!), summary: { ...recs[10]!.summary, village: '巴彦', version: 2 } }, 1, [])
      for (const r of recs.slice(11, 16)) await short.updateCase({ ...structuredClone(r), summary: { ...r.summary, village: '巴彦', version: 2 } }, 1, [])
      expect(await short.listCases({ village: '乌兰' }, { offset: 0, limit: 10 })).toMatchObject({ total: 15, totalCapped: true })
      vi.advanceTimersByTime(49)
      expect(await short.listCases({ village: '乌兰' }, { offset: 0, limit: 10 })).toMatchObject({ total: 15, totalCapped: true })
      vi.advanceTimersByTime(1)
      const again = await short.listCases({ village: '乌兰' }, { offset: 0, limit: 10 })
      expect(again.total).toBe(14)
      expect(again.totalCapped).toBeUndefined()
    } finally {
      vi.useRealTimers()
      await short.close()
    }
  })

  it('applies the list indexes to a database made before them, with its cases in it; the due lists can read them', async () => {
    const url = await freshDatabase('cap')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      await migrate(
        c,
        MIGRATIONS.filter((m) => m.version < 4),
      )
      const indexes = async () =>
        (await c.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'cases'`)).rows.map((r) => r.indexname)
      expect((await indexes()).filter((n) => NEW_INDEXES.includes(n))).toEqual([])
      // cases written by the older program
      const recs = Array.from({ length: 30 }, (_, i) =>
        makeRecord(i + 1, 1, { dueDate: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`, status: i % 4 === 0 ? 'done' : 'active' }),
      )
      for (const r of recs) {
        const vals = [...summaryColumns(r.summary), JSON.stringify(r.summary), JSON.stringify({ schemeHash: r.schemeHash, snapshot: r.snapshot })]
        await c.query(`INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${vals.map((_, i) => `$${i + 1}`).join(', ')})`, vals)
      }
      const store = await openTestStore(url)
      try {
        expect(store.lastMigration!.applied).toEqual(MIGRATIONS.filter((m) => m.version >= 4).map((m) => m.version))
        const have = await indexes()
        expect(NEW_INDEXES.filter((n) => !have.includes(n))).toEqual([])
        const filter: CaseFilter = { status: 'active', dueOnOrBefore: '2026-03-10' }
        const want = pageSummaries(
          recs.map((r) => r.summary),
          filter,
          { offset: 0, limit: 5, sort: 'dueDate' },
        )
        expect(await store.listCases(filter, { offset: 0, limit: 5, sort: 'dueDate' })).toEqual(want)
      } finally {
        await store.close()
      }
      // the overdue count and the scheduler's read can use the partial index of active due dates
      await c.query('SET enable_seqscan = off')
      const plan = (await c.query(`EXPLAIN SELECT count(*) FROM cases WHERE status = 'active' AND due_date < '2026-03-11'`)).rows
        .map((r) => String(r['QUERY PLAN']))
        .join('\n')
      expect(plan).toContain('cases_active_due_idx')
    } finally {
      await c.end()
    }
  })
})
