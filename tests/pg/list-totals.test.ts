/**
 * Migrations 5 and 6 (#20): the capped total of every list filter the staff app offers (and the rows a
 * deep page skips) can be read by an index-only scan — no visit to the wide case rows — and the
 * lists answer exactly as the in-memory path does, on a database migrated from version 4 with
 * cases in it.
 */
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { MIGRATIONS, migrate } from '../../runtime/store/pg/migrations'
import { pageSummaries } from '../../runtime/store/query'
import type { CaseFilter, Page } from '../../runtime/store/types'
import { SqlParams, orderSql, whereSql } from '../../runtime/store/pg/sql'
import { makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

afterAll(dropDatabases)

const S = { schemeId: 'galutu' }
/** The list filters of the staff app, each with the scheme filter every list carries */
const FILTERS: Array<[string, CaseFilter]> = [
  ['default', S],
  ['village, active', { ...S, village: '巴彦', status: 'active' }],
  ['stage', { ...S, stage: 'handling' }],
  ['officer, active', { ...S, officer: 'o2', status: 'active' }],
  ['overdue', { ...S, status: 'active', dueOnOrBefore: '2026-03-10' }],
  ['unit', { ...S, unit: '水务局' }],
]

describe('PgStore: list totals from indexes alone (migration 5)', () => {
  it('migrates a version-4 database with cases; totals and deep pages use index-only scans; pages and totals unchanged', async () => {
    const url = await freshDatabase('tot')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      await migrate(
        c,
        MIGRATIONS.filter((m) => m.version < 5),
      )
      const store = await openTestStore(url, { countCap: 40 })
      const recs = Array.from({ length: 120 }, (_, i) =>
        makeRecord(i + 1, 1, {
          village: i % 3 === 0 ? '巴彦' : '乌兰',
          status: i % 4 === 0 ? 'done' : 'active',
          stage: i % 2 ? 'handling' : 'intake',
          officer: `o${i % 5}`,
          units: i % 2 ? ['水务局'] : [],
          dueDate: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        }),
      )
      try {
        expect(store.lastMigration!.applied).toEqual(MIGRATIONS.filter((m) => m.version >= 5).map((m) => m.version))
        await store.bulkSeed(recs)
        const all = recs.map((r) => r.summary)
        for (const [name, filter] of FILTERS) {
          for (const page of [
            { offset: 0, limit: 20 },
            { offset: 30, limit: 20, sort: 'updatedAt' },
            { offset: 10, limit: 5, sort: 'dueDate' },
          ] as Page[]) {
            const got = await store.listCases(filter, page)
            const want = pageSummaries(all, filter, page)
            expect(
              got.items.map((s) => s.id),
              `${name} ${JSON.stringify(page)}`,
            ).toEqual(want.items.map((s) => s.id))
            expect(got.totalCapped ? want.total > 40 && got.total === 40 : got.total === want.total, name).toBe(true)
          }
        }
      } finally {
        await store.close()
      }
      await c.query('VACUUM ANALYZE cases') // index-only scans need the visibility map
      // a small table: forbid the plans the planner would prefer at this size, so the test shows what is possible
      await c.query('SET enable_seqscan = off')
      await c.query('SET enable_bitmapscan = off')
      const plan = async (sql: string, values: unknown[]) =>
        (await c.query({ text: `EXPLAIN ${sql}`, values })).rows.map((r) => String(r['QUERY PLAN'])).join('\n')
      for (const [name, filter] of FILTERS) {
        const p = new SqlParams()
        const where = whereSql(filter, p)
        const count = await plan(`SELECT count(*) FROM (SELECT 1 FROM cases WHERE ${where} LIMIT 10001) t`, p.values)
        expect(count, `${name}: ${count}`).toContain('Index Only Scan')
        expect(count).not.toMatch(/Index Scan|Seq Scan/)
      }
      for (const sort of [undefined, 'updatedAt', 'dueDate'] as const) {
        const p = new SqlParams()
        const where = whereSql({ ...S, stage: 'handling', status: 'active' }, p)
        const deep = await plan(`SELECT id FROM cases WHERE ${where} ORDER BY ${orderSql({ sort })} LIMIT 20 OFFSET 50`, p.values)
        expect(deep, `${sort ?? 'receivedOn'}: ${deep}`).toContain('Index Only Scan')
      }
      // migration 6: a list narrowed by an officer or a village, with broad filters besides, picks
      // its page (every sort) from that index alone, as its total is counted
      const narrowed: Array<[string, CaseFilter]> = [
        ['officer + four more', { ...S, officer: 'o2', village: '乌兰', stage: 'handling', unit: '水务局', status: 'active', dueOnOrBefore: '2026-03-20' }],
        ['village + unit, overdue', { ...S, village: '巴彦', unit: '水务局', status: 'active', dueOnOrBefore: '2026-03-20' }],
      ]
      for (const [name, filter] of narrowed)
        for (const sort of [undefined, 'updatedAt', 'dueDate', 'number'] as const) {
          const p = new SqlParams()
          const where = whereSql(filter, p)
          const page = await plan(`SELECT id FROM cases WHERE ${where} ORDER BY ${orderSql({ sort })} LIMIT 20`, p.values)
          expect(page, `${name}, ${sort ?? 'receivedOn'}: ${page}`).toMatch(/Index Only Scan using cases_(officer|village)_idx/)
          expect(page).not.toMatch(/Index Scan|Seq Scan/)
        }
    } finally {
      await c.end()
    }
  })
})
