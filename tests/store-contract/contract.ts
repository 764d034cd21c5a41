/**
 * The Store contract (runtime/store/types.ts) as one parameterised suite, run against every
 * implementation: FileStore in tests/store/contract.test.ts (npm test), PgStore in
 * tests/pg/contract.test.ts (npm run test:pg).
 *
 *   storeContract('FileStore', async () => ({ store, reopen, dispose }))
 *
 * `makeStore` gives a fresh, empty, open store; `reopen()` closes it and opens another instance
 * on the same data (a restart), `dispose()` closes and deletes it. Only the Store interface is
 * used (plus `bulkSeed` where an implementation has it); implementation details — files, a
 * checkpoint, SQL — belong in the implementation's own tests.
 *
 * Filtering and sorting are checked against runtime/store/query.ts, the reference semantics:
 * every listCases result must equal pageSummaries() over allSummaries(), element for element.
 */
import { afterAll, describe, expect, it } from 'vitest'
import {
  DuplicateCaseNumberError,
  StoreConflictError,
  StoreUnavailableError,
  type CaseFilter,
  type CaseRecord,
  type CaseSummary,
  type Page,
  type Reminder,
  type Store,
} from '../../runtime/store/index'
import { pageSummaries } from '../../runtime/store/query'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { makeAudit, makeRecord, makeSummary } from '../store/fixtures/records'

export interface StoreHandle {
  store: Store
  /** Closes the current store, opens a new instance on the same data, returns it (also as .store). */
  reopen(): Promise<Store>
  /** Closes and deletes everything this handle created. */
  dispose(): Promise<void>
}

type BulkSeeding = Store & { bulkSeed(records: Iterable<CaseRecord>): Promise<number> }

export function reminder(id: string, caseId = 'case-000001'): Reminder {
  return {
    id,
    caseId,
    caseNumber: 'GLT-2026-000001',
    clock: 'handle',
    kind: 'due_soon',
    dueDate: '2026-03-01',
    raisedAt: '2026-02-27T08:00:00.000Z',
    forDate: '2026-02-27',
    message: '办理期限即将届满',
  }
}

/** Summaries with every edge the query semantics have: nulls, times, CJK, numbers in text, LIKE metacharacters. */
export function edgeRecords(): CaseRecord[] {
  const out: CaseRecord[] = []
  const villages = ['巴彦', '查干', '乌兰', '哈达', '白音', 'Zeta', 'alpha', null]
  const groups = ['2组', '10组', '1组', '十组', null]
  const states = ['handling', 'closed', 'closed.excluded', 'closed.done.archived', 'closedx', 'review_1', 'review%1']
  for (let i = 1; i <= 80; i++) {
    const over: Partial<CaseSummary> = {
      village: villages[i % villages.length]!,
      group: groups[i % groups.length]!,
      state: states[i % states.length]!,
      officer: i % 9 === 0 ? null : `officer-${i % 4}`,
      petitionerName: i % 11 === 0 ? null : i % 7 === 0 ? 'Åsa Öberg' : ['张三', '李四', '王五', 'MARY_50%'][i % 4]!,
      category: i % 13 === 0 ? null : ['土地', '拆迁', '劳资', '50%_off'][i % 4]!,
      receivedOn:
        i % 10 === 0
          ? null
          : i % 6 === 0
            ? `2026-03-0${(i % 9) + 1}T10:${String(i % 60).padStart(2, '0')}`
            : `2026-0${(i % 4) + 2}-${String((i % 27) + 1).padStart(2, '0')}`,
      dueDate: i % 8 === 0 ? null : i % 5 === 0 ? `2026-03-15T0${i % 10}:00` : `2026-0${(i % 3) + 2}-${String((i % 25) + 3).padStart(2, '0')}`,
      units: i % 4 === 0 ? [] : i % 4 === 1 ? ['水务局'] : i % 4 === 2 ? ['国土所', '水务局'] : ['Z_unit'],
      status: i % 3 === 0 ? 'done' : i % 17 === 0 ? 'error' : 'active',
      stage: ['受理', '办理', '审核', 'closed', 'handling'][i % 5]!,
      channel: i % 2 ? 'phone' : 'visit',
      schemeId: i % 10 === 3 ? 'wulan' : 'galutu',
      number: i % 12 === 0 ? `glt-2026-${String(i).padStart(6, '0')}` : `GLT-2026-${String(i).padStart(6, '0')}`,
    }
    if (i % 6 === 1) over.machine = 'complaint'
    else if (i % 6 === 2) over.machine = 'case'
    out.push(makeRecord(i, (i % 4) + 1, over))
  }
  return out
}

export function storeContract(name: string, makeStore: () => Promise<StoreHandle>): void {
  const handles: StoreHandle[] = []
  const open = async (): Promise<StoreHandle> => {
    const h = await makeStore()
    handles.push(h)
    return h
  }
  afterAll(async () => {
    for (const h of handles) await h.dispose()
  })

  /** A store with cases 1..n at version 1, each created with one audit entry. */
  async function seeded(n: number): Promise<StoreHandle> {
    const h = await open()
    for (let i = 1; i <= n; i++) {
      const rec = makeRecord(i)
      await h.store.createCase(rec, [makeAudit(rec.summary.id, 1, 'create')])
    }
    return h
  }

  describe(`Store contract: ${name}`, () => {
    describe('cases', () => {
      it('creates, reads, updates and lists with filters, sorting and paging; all of it survives a restart', async () => {
        const h = await seeded(60)
        let store = h.store
        const c7 = await store.getCase('case-000007')
        expect(c7).toEqual(makeRecord(7))
        expect((await store.getCaseByNumber('GLT-2026-000007'))?.summary.id).toBe('case-000007')
        expect(await store.getCase('nope')).toBeNull()
        expect(await store.getCaseByNumber('nope')).toBeNull()

        await store.updateCase(makeRecord(7, 2, { state: 'closed.done', stage: 'closed', status: 'done' }), 1, [makeAudit('case-000007', 2)])
        expect((await store.getCase('case-000007'))?.summary).toMatchObject({ version: 2, state: 'closed.done' })
        // the returned record is a copy
        const copy = (await store.getCase('case-000007'))!
        copy.summary.version = 99
        copy.summary.units.push('x')
        expect((await store.getCase('case-000007'))?.summary.version).toBe(2)
        expect((await store.getCase('case-000007'))?.summary.units).toEqual(makeSummary(7).units)

        const all: CaseSummary[] = (await store.allSummaries()).sort((a, b) => a.id.localeCompare(b.id))
        expect(all).toHaveLength(60)
        expect(all[6]).toEqual(makeSummary(7, 2, { state: 'closed.done', stage: 'closed', status: 'done' }))
        all[0]!.units.push('mutated')
        expect(await store.allSummaries({ unit: 'mutated' })).toEqual([])
        all[0]!.units.pop()
        const expectIds = (pred: (s: CaseSummary) => boolean) =>
          all
            .filter(pred)
            .map((s) => s.id)
            .sort()
        const listIds = async (filter: CaseFilter) => {
          const r = await store.listCases(filter, { offset: 0, limit: 1000 })
          expect(r.total).toBe(r.items.length)
          const ids = r.items.map((s) => s.id).sort()
          expect((await store.allSummaries(filter)).map((s) => s.id).sort()).toEqual(ids)
          return ids
        }

        expect(await listIds({ state: 'closed' })).toEqual(expectIds((s) => s.state.startsWith('closed.')))
        expect(await listIds({ state: 'closed.excluded' })).toEqual(expectIds((s) => s.state === 'closed.excluded'))
        expect(await listIds({ status: 'active', village: '巴彦' })).toEqual(expectIds((s) => s.status === 'active' && s.village === '巴彦'))
        expect(await listIds({ unit: '水务局' })).toEqual(expectIds((s) => s.units.includes('水务局')))
        expect(await listIds({ officer: 'officer-1', channel: 'phone' })).toEqual(expectIds((s) => s.officer === 'officer-1' && s.channel === 'phone'))
        expect(await listIds({ dueOnOrBefore: '2026-02-15' })).toEqual(
          expectIds((s) => s.status === 'active' && s.dueDate !== null && s.dueDate <= '2026-02-15'),
        )
        expect(await listIds({ receivedFrom: '2026-02-01', receivedTo: '2026-02-10' })).toEqual(
          expectIds((s) => s.receivedOn! >= '2026-02-01' && s.receivedOn! <= '2026-02-10'),
        )
        expect(await listIds({ q: '000042' })).toEqual(['case-000042'])
        expect(await listIds({ q: '李四' })).toEqual(expectIds((s) => s.petitionerName === '李四'))
        expect(await listIds({ q: '拆迁' })).toEqual(expectIds((s) => s.category === '拆迁'))
        expect(await listIds({ q: 'glt-2026-00001' })).toHaveLength(10)
        expect(await listIds({ schemeId: 'other' })).toEqual([])

        // default order: receivedOn desc, then number desc; paging keeps the filtered total
        const ordered = [...all].sort((a, b) => b.receivedOn!.localeCompare(a.receivedOn!) || b.number.localeCompare(a.number))
        const p1 = await store.listCases({}, { offset: 0, limit: 5 })
        const p2 = await store.listCases({}, { offset: 5, limit: 5 })
        expect(p1.total).toBe(60)
        expect(p1.items.map((s) => s.id)).toEqual(ordered.slice(0, 5).map((s) => s.id))
        expect(p2.items.map((s) => s.id)).toEqual(ordered.slice(5, 10).map((s) => s.id))
        const last = await store.listCases({}, { offset: 58, limit: 5 })
        expect(last.items.map((s) => s.id)).toEqual(ordered.slice(58).map((s) => s.id))
        expect(await store.listCases({}, { offset: 100, limit: 5 })).toEqual({ items: [], total: 60 })
        expect(await store.listCases({ status: 'active' }, { offset: 0, limit: 0 })).toEqual({
          items: [],
          total: all.filter((s) => s.status === 'active').length,
        })
        const filtered = await store.listCases({ status: 'active' }, { offset: 0, limit: 3 })
        expect(filtered.total).toBe(all.filter((s) => s.status === 'active').length)
        expect(filtered.items).toHaveLength(3)

        const byVersion = await store.listCases({}, { offset: 0, limit: 1, sort: 'version', order: 'desc' })
        expect(byVersion.items[0]?.id).toBe('case-000007')
        const byNumberAsc = await store.listCases({}, { offset: 0, limit: 3, sort: 'number' })
        expect(byNumberAsc.items.map((s) => s.id)).toEqual(['case-000001', 'case-000002', 'case-000003'])
        await expect(store.listCases({}, { offset: 0, limit: 3, sort: 'snapshot' as never })).rejects.toThrow(/sort/)
        await expect(store.listCases({}, { offset: 0, limit: 3, order: 'up' as never })).rejects.toThrow(/order/)
        await expect(store.listCases({}, { offset: -1, limit: 3 })).rejects.toThrow(/offset/)
        await expect(store.listCases({}, { offset: 0, limit: 1.5 })).rejects.toThrow(/limit/)

        // a restart finds everything
        store = await h.reopen()
        expect(await store.allSummaries()).toHaveLength(60)
        expect((await store.getCase('case-000007'))?.summary.version).toBe(2)
        expect((await store.listCases({ state: 'closed' }, { offset: 0, limit: 100 })).total).toBe(all.filter((s) => s.state.startsWith('closed.')).length)
        expect(await store.getCaseByNumber('GLT-2026-000060')).toEqual(makeRecord(60))
        await store.updateCase(makeRecord(60, 2), 1, [makeAudit('case-000060', 2)])
        store = await h.reopen()
        expect((await store.getCase('case-000060'))?.summary.version).toBe(2)
        expect((await store.listAudit('case-000060')).map((e) => e.toVersion)).toEqual([1, 2])
      })

      it('filters and sorts exactly as runtime/store/query.ts does (nulls last, Chinese collation, prefixes, times)', async () => {
        const h = await open()
        const store = h.store
        const records = edgeRecords()
        for (const r of records) await store.createCase(r, [])
        const all = await store.allSummaries()
        expect(all).toHaveLength(records.length)
        expect([...all].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(records.map((r) => r.summary))

        const filters: CaseFilter[] = [
          {},
          { state: 'closed' },
          { state: 'closed.done' },
          { state: 'review%1' },
          { state: 'review_' },
          { stage: '办理' },
          { status: 'active' },
          { status: 'error' },
          { village: '巴彦' },
          { village: '' },
          { group: '10组' },
          { channel: 'phone', officer: 'officer-2' },
          { officer: 'officer-0', status: 'active' },
          { unit: '水务局' },
          { unit: 'Z_unit' },
          { unit: '水' },
          { schemeId: 'wulan' },
          { dueOnOrBefore: '2026-03-15' },
          { dueOnOrBefore: '2026-03-15T03' },
          { dueOnOrBefore: '2026-03' },
          { receivedFrom: '2026-03-05' },
          { receivedTo: '2026-03-05' },
          { receivedFrom: '2026-03', receivedTo: '2026-03' },
          { receivedFrom: '2026-03-03T10:30' },
          { q: 'glt-2026-00001' },
          { q: '  GLT-2026-00004  ' },
          { q: 'åsa' },
          { q: 'ÖBERG' },
          { q: '50%' },
          { q: '_' },
          { q: '   ' },
          { q: '李' },
          { q: '拆迁', status: 'active', village: '查干' },
          { jurisdiction: { villages: ['巴彦', '乌兰'], units: [] } },
          { jurisdiction: { villages: [], units: ['Z_unit'] } },
          { jurisdiction: { villages: ['alpha'], units: ['水务局'] }, status: 'active' },
          { jurisdiction: { villages: [], units: [] } },
          { machine: 'case' },
          { machine: 'complaint', state: 'closed' },
        ]
        for (const filter of filters) {
          const want = pageSummaries(all, filter, { offset: 0, limit: 1000 })
          const got = await store.listCases(filter, { offset: 0, limit: 1000 })
          expect(got.total, JSON.stringify(filter)).toBe(want.total)
          expect(
            got.items.map((s) => s.id),
            JSON.stringify(filter),
          ).toEqual(want.items.map((s) => s.id))
          expect((await store.allSummaries(filter)).map((s) => s.id).sort(), JSON.stringify(filter)).toEqual(want.items.map((s) => s.id).sort())
        }

        const keys: Array<keyof CaseSummary> = [
          'id',
          'number',
          'schemeId',
          'schemeVersion',
          'state',
          'stage',
          'status',
          'village',
          'group',
          'channel',
          'category',
          'officer',
          'petitionerName',
          'receivedOn',
          'dueDate',
          'units',
          'createdAt',
          'updatedAt',
          'version',
        ]
        const pages: Page[] = [
          { offset: 0, limit: 1000 },
          { offset: 0, limit: 1000, order: 'asc' },
        ]
        for (const sort of keys) for (const order of ['asc', 'desc'] as const) pages.push({ offset: 0, limit: 1000, sort, order })
        pages.push({ offset: 0, limit: 1000, sort: 'village' })
        for (const page of pages) {
          for (const filter of [{}, { status: 'active' as const }]) {
            const want = pageSummaries(all, filter, page).items.map((s) => s.id)
            const got = (await store.listCases(filter, page)).items.map((s) => s.id)
            expect(got, JSON.stringify({ filter, page })).toEqual(want)
          }
        }
        // pages of a sorted list are slices of it
        for (const page of [
          { offset: 3, limit: 7 },
          { offset: 75, limit: 10, sort: 'dueDate' as const },
          { offset: 10, limit: 5, sort: 'village' as const, order: 'desc' as const },
        ]) {
          const want = pageSummaries(all, {}, page)
          expect(await store.listCases({}, page)).toEqual(want)
        }
      })

      it('refuses a stale version: of two concurrent updates exactly one wins, and only its audit is written', async () => {
        const h = await seeded(2)
        const store = h.store
        const results = await Promise.allSettled([
          store.updateCase(makeRecord(1, 2, { officer: 'a' }), 1, [makeAudit('case-000001', 2)]),
          store.updateCase(makeRecord(1, 2, { officer: 'b' }), 1, [makeAudit('case-000001', 2)]),
        ])
        const ok = results.filter((r) => r.status === 'fulfilled')
        const bad = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        expect(ok).toHaveLength(1)
        expect(bad).toHaveLength(1)
        expect(bad[0]!.reason).toBeInstanceOf(StoreConflictError)
        expect(bad[0]!.reason).toMatchObject({ code: 'CONFLICT', caseId: 'case-000001', expected: 1, actual: 2 })
        const stored = await store.getCase('case-000001')
        expect(stored?.summary.version).toBe(2)
        expect(stored?.summary.officer).toBe(results[0]!.status === 'fulfilled' ? 'a' : 'b')
        expect((await store.listAudit('case-000001')).map((e) => e.toVersion)).toEqual([1, 2])

        await expect(store.updateCase(makeRecord(1, 2), 1, [])).rejects.toMatchObject({ expected: 1, actual: 2 })
        await expect(store.updateCase(makeRecord(9, 2), 1, [])).rejects.toMatchObject({ caseId: 'case-000009', actual: 0 })
        await expect(store.createCase(makeRecord(2), [makeAudit('case-000002', 1)])).rejects.toBeInstanceOf(StoreConflictError)
        await expect(store.createCase(makeRecord(3, 1, { number: 'GLT-2026-000002' }), [makeAudit('case-000003', 1)])).rejects.toBeInstanceOf(
          DuplicateCaseNumberError,
        )
        await expect(store.updateCase(makeRecord(1, 3, { number: 'GLT-2026-000002' }), 2, [makeAudit('case-000001', 3)])).rejects.toBeInstanceOf(
          DuplicateCaseNumberError,
        )
        await expect(store.updateCase(makeRecord(2, 3), 1, [])).rejects.toThrow(/expectedVersion \+ 1/)
        // refused writes left nothing behind
        expect(await store.getCase('case-000003')).toBeNull()
        expect(await store.listAudit('case-000003')).toEqual([])
        expect((await store.listAudit('case-000002')).map((e) => e.toVersion)).toEqual([1])
        expect((await store.getCase('case-000001'))?.summary.number).toBe('GLT-2026-000001')
        // a number can move to another case once it is free
        await store.updateCase(makeRecord(1, 3, { number: 'GLT-2026-000099' }), 2, [])
        await store.createCase(makeRecord(3, 1, { number: 'GLT-2026-000001' }), [])
        expect((await store.getCaseByNumber('GLT-2026-000001'))?.summary.id).toBe('case-000003')

        // 20 writers racing with read-modify-write retries: every one lands exactly once
        const writer = async (w: number) => {
          for (;;) {
            const cur = (await store.getCase('case-000002'))!
            const v = cur.summary.version
            try {
              await store.updateCase(makeRecord(2, v + 1, { officer: `w${w}` }), v, [makeAudit('case-000002', v + 1)])
              return
            } catch (e) {
              if (!(e instanceof StoreConflictError)) throw e
            }
          }
        }
        await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)))
        expect((await store.getCase('case-000002'))?.summary.version).toBe(21)
        const audit = await store.listAudit('case-000002')
        expect(audit.map((e) => e.toVersion)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))
      })

      it('refuses malformed input with a TypeError and changes nothing', async () => {
        const h = await open()
        const store = h.store
        await expect(store.createCase({ schemeHash: 'x', snapshot: {} } as never, [])).rejects.toThrow(TypeError)
        await expect(store.createCase(makeRecord(1, 1, { id: '' }), [])).rejects.toThrow(/summary.id/)
        await expect(store.createCase(makeRecord(1, 0), [])).rejects.toThrow(/version/)
        await expect(store.createCase({ ...makeRecord(1), snapshot: { n: 1n } }, [])).rejects.toThrow(/plain JSON/)
        await expect(store.createCase(makeRecord(1), [{ at: 'x' } as never])).rejects.toThrow(/at, actor and action/)
        await expect(store.updateCase(makeRecord(1, 2), -1, [])).rejects.toThrow(TypeError)
        await expect(store.putDoc('bad', { f: 1n })).rejects.toThrow(/plain JSON/)
        await expect(store.raiseReminders([{ ...reminder('r'), id: '' }])).rejects.toThrow(TypeError)
        await expect(store.nextSequence('')).rejects.toThrow(TypeError)
        await expect(store.acknowledgeReminder('r', '')).rejects.toThrow(TypeError)
        expect(await store.allSummaries()).toEqual([])
        expect(await store.listReminders({})).toEqual([])
      })

      it('bulk-seeds cases (where the store can) and finds them after a restart', async () => {
        const h = await open()
        const seeder = h.store as Partial<BulkSeeding>
        if (typeof seeder.bulkSeed !== 'function') return
        function* records() {
          for (let i = 1; i <= 1500; i++) yield makeRecord(i)
        }
        expect(await seeder.bulkSeed(records())).toBe(1500)
        await h.store.updateCase(makeRecord(1500, 2), 1, [makeAudit('case-001500', 2)])
        const again = await h.reopen()
        expect(await again.allSummaries()).toHaveLength(1500)
        expect((await again.getCase('case-000777'))?.summary).toEqual(makeSummary(777))
        expect((await again.getCase('case-001500'))?.summary.version).toBe(2)
        expect((await again.listCases({ village: '巴彦' }, { offset: 0, limit: 5 })).total).toBe(300)
      })
    })

    describe('audit', () => {
      it('keeps audit entries in seq order per case and across the store, also after a restart', async () => {
        const h = await seeded(3)
        const store = h.store
        await store.updateCase(makeRecord(1, 2), 1, [makeAudit('case-000001', 2), { ...makeAudit('case-000001', 2), action: 'note' }])
        await store.appendAudit([
          { at: '2026-02-01T00:00:00Z', actor: 'admin', caseId: null, action: 'publish', event: 'scheme' },
          { at: '2026-02-01T00:00:01Z', actor: 'admin', caseId: 'case-000002', action: 'comment', changes: { text: '已电话联系' } },
        ])
        await store.appendAudit([])
        await store.updateCase(makeRecord(2, 2), 1, [makeAudit('case-000002', 2)])
        const a1 = await store.listAudit('case-000001')
        const a2 = await store.listAudit('case-000002')
        expect(a1.map((e) => e.action)).toEqual(['create', 'transition', 'note'])
        expect(a2.map((e) => e.action)).toEqual(['create', 'comment', 'transition'])
        expect(a2[1]).toMatchObject({ actor: 'admin', caseId: 'case-000002', changes: { text: '已电话联系' } })
        expect(a1[0]).toMatchObject({ ...makeAudit('case-000001', 1, 'create'), at: expect.any(String) })
        const seqs = [...a1, ...a2, ...(await store.listAudit('case-000003'))].map((e) => e.seq!).sort((a, b) => a - b)
        expect(new Set(seqs).size).toBe(seqs.length)
        for (const list of [a1, a2]) {
          for (let i = 1; i < list.length; i++) expect(list[i]!.seq!).toBeGreaterThan(list[i - 1]!.seq!)
        }
        // creation order 1,2,3 then the update of 1 then the appended pair then the update of 2
        expect(a1[1]!.seq!).toBeGreaterThan(a2[0]!.seq!)
        expect(a2[1]!.seq!).toBeGreaterThan(a1[2]!.seq!)
        expect(a2[2]!.seq!).toBeGreaterThan(a2[1]!.seq!)
        expect(await store.listAudit('unknown-case')).toEqual([])

        // one tamper-evident chain over the whole store: seq 1..n, each entry hashed onto the previous
        const everything = await store.listAllAudit()
        expect(everything.map((e) => e.seq)).toEqual(Array.from({ length: everything.length }, (_, i) => i + 1))
        expect(everything).toHaveLength(3 + 2 + 2 + 1)
        expect(everything.find((e) => e.action === 'publish')).toMatchObject({ caseId: null, event: 'scheme' })
        expect(verifyAuditChain(everything)).toEqual({ ok: true, entries: everything.length })
        expect(everything.filter((e) => e.caseId === 'case-000001')).toEqual(a1)

        const maxSeq = Math.max(...seqs)
        const again = await h.reopen()
        expect(await again.listAudit('case-000001')).toEqual(a1)
        await again.appendAudit([{ at: '2026-02-02T00:00:00Z', actor: 'x', caseId: 'case-000003', action: 'note' }])
        const a3 = await again.listAudit('case-000003')
        expect(a3.at(-1)!.seq!).toBeGreaterThan(maxSeq)
        expect(verifyAuditChain(await again.listAllAudit())).toMatchObject({ ok: true })
      })

      it('keeps the audit chain contiguous under concurrent writers, refusals and failures', async () => {
        const h = await seeded(6)
        const store = h.store
        const jobs: Array<Promise<unknown>> = []
        for (let k = 0; k < 6; k++) {
          const id = makeRecord(k + 1).summary.id
          jobs.push(store.updateCase(makeRecord(k + 1, 2), 1, [makeAudit(id, 2)]))
          jobs.push(store.updateCase(makeRecord(k + 1, 2), 1, [makeAudit(id, 2)])) // the loser of each pair writes nothing
          jobs.push(store.appendAudit([{ at: 'x', actor: 'a', caseId: id, action: 'note' }]))
          jobs.push(store.createCase(makeRecord(k + 1), [makeAudit(id, 1)])) // refused: exists
        }
        const settled = await Promise.allSettled(jobs)
        expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(12)
        const all = await store.listAllAudit()
        expect(all).toHaveLength(6 + 6 + 6)
        expect(verifyAuditChain(all)).toEqual({ ok: true, entries: 18 })
        await store.appendAudit([{ at: 'y', actor: 'b', caseId: null, action: 'after' }])
        expect(verifyAuditChain(await (await h.reopen()).listAllAudit())).toEqual({ ok: true, entries: 19 })
      })
    })

    describe('reminders, counters, documents', () => {
      it('raises reminders exactly once, also across a restart', async () => {
        const h = await open()
        const store = h.store
        expect((await store.raiseReminders([reminder('r1'), reminder('r2'), reminder('r1')])).map((r) => r.id)).toEqual(['r1', 'r2'])
        expect(await store.raiseReminders([])).toEqual([])
        const r3 = await store.raiseReminders([reminder('r1'), reminder('r3', 'case-000002')])
        expect(r3).toEqual([{ ...reminder('r3', 'case-000002'), acknowledgedBy: null }])
        const [a, b] = await Promise.all([store.raiseReminders([reminder('r4')]), store.raiseReminders([reminder('r4')])])
        expect(a.length + b.length).toBe(1)
        // many concurrent raisers of overlapping sets: each id is returned exactly once in total
        const sets = Array.from({ length: 8 }, (_, k) => Array.from({ length: 30 }, (_, j) => reminder(`m${(j * 7 + k * 3) % 40}`, 'case-000003')))
        const raised = (await Promise.all(sets.map((s) => store.raiseReminders(s)))).flat().map((r) => r.id)
        expect(raised.length).toBe(new Set(raised).size)
        expect(new Set(raised)).toEqual(new Set(sets.flat().map((r) => r.id)))
        expect(await store.acknowledgeReminder('r1', 'officer-1')).toBe(true)
        expect(await store.acknowledgeReminder('r1', 'officer-2')).toBe(false)
        expect(await store.acknowledgeReminder('missing', 'officer-2')).toBe(false)

        const again = await h.reopen()
        expect(await again.raiseReminders([reminder('r1'), reminder('r2'), reminder('r3'), reminder('r4')])).toEqual([])
        const first = (await again.listReminders({})).filter((r) => r.id.startsWith('r'))
        expect(first.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4'])
        expect(first[0]).toEqual({ ...reminder('r1'), acknowledgedBy: 'officer-1' })
        expect(first[1]).toEqual({ ...reminder('r2'), acknowledgedBy: null })
        expect((await again.listReminders({ open: true })).filter((r) => r.id.startsWith('r')).map((r) => r.id)).toEqual(['r2', 'r3', 'r4'])
        expect((await again.listReminders({ open: false })).map((r) => [r.id, r.acknowledgedBy])).toEqual([['r1', 'officer-1']])
        expect((await again.listReminders({ caseId: 'case-000002' })).map((r) => r.id)).toEqual(['r3'])
        expect(await again.listReminders({ caseId: 'case-000003' })).toHaveLength(40)
        expect(await again.acknowledgeReminder('r2', 'officer-3')).toBe(true)
        const third = await h.reopen()
        expect(await third.raiseReminders([reminder('r2'), reminder('r5')])).toHaveLength(1)
        expect((await third.listReminders({ open: true })).filter((r) => r.id.startsWith('r')).map((r) => r.id)).toEqual(['r3', 'r4', 'r5'])
      })

      it('never hands out a counter value twice, also across a restart', async () => {
        const h = await open()
        const store = h.store
        const seen = new Set<number>()
        for (let i = 0; i < 5; i++) seen.add(await store.nextSequence('case-number:2026'))
        expect([...seen]).toEqual([1, 2, 3, 4, 5])
        const parallel = await Promise.all(Array.from({ length: 30 }, () => store.nextSequence('case-number:2026')))
        for (const v of parallel) seen.add(v)
        expect(seen.size).toBe(35)
        expect(await store.nextSequence('other')).toBe(1)
        const again = await h.reopen()
        const v = await again.nextSequence('case-number:2026')
        expect(v).toBeGreaterThan(Math.max(...seen))
        const third = await h.reopen()
        expect(await third.nextSequence('case-number:2026')).toBeGreaterThan(v)
        expect(await third.nextSequence('other')).toBe(2)
        expect(await third.nextSequence('计数/中文')).toBe(1)
      })

      it('stores small documents under keys with "/", case and CJK, and replaces them', async () => {
        const h = await open()
        const store = h.store
        await store.putDoc('schemes/galutu/1.0.0', { published: true, hash: 'abc' })
        await store.putDoc('Settings', { a: 1 })
        await store.putDoc('settings', { a: 2 })
        await store.putDoc('配置/通知', ['短信'])
        await store.putDoc('../escape', 1)
        await store.putDoc('k'.repeat(400), 'long')
        await store.putDoc('nothing', null)
        await store.putDoc('nested', { a: [1, { b: '文本', c: null, d: 1.5, e: -0.25, f: true }], big: 12345678901234 })
        await store.putDoc('schemes/galutu/1.0.0', { published: true, hash: 'def' })
        expect(await store.getDoc('missing')).toBeNull()
        await expect(store.getDoc('')).rejects.toThrow(TypeError)
        const again = await h.reopen()
        expect(await again.getDoc('schemes/galutu/1.0.0')).toEqual({ published: true, hash: 'def' })
        expect(await again.getDoc('Settings')).toEqual({ a: 1 })
        expect(await again.getDoc('settings')).toEqual({ a: 2 })
        expect(await again.getDoc('配置/通知')).toEqual(['短信'])
        expect(await again.getDoc('../escape')).toBe(1)
        expect(await again.getDoc('k'.repeat(400))).toBe('long')
        expect(await again.getDoc('nothing')).toBeNull()
        expect(await again.getDoc('nested')).toEqual({ a: [1, { b: '文本', c: null, d: 1.5, e: -0.25, f: true }], big: 12345678901234 })
      })

      it('updates a document atomically: concurrent read-modify-writes lose nothing; a throwing update changes nothing', async () => {
        const h = await open()
        const store = h.store
        // 40 writers append to one list at once (the notifications inbox, the accounts index)
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.updateDoc<number[]>('inbox/张三', (cur) => [...(cur ?? []), i])))
        const stored = (await store.getDoc<number[]>('inbox/张三'))!
        expect([...stored].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i))
        // each writer saw the list as the writers before it left it
        expect(results.map((r) => r.length).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
        // mixed with plain writes of the same key: one order, the order of the calls
        await Promise.all([store.putDoc('counter', 0), ...Array.from({ length: 10 }, () => store.updateDoc<number>('counter', (n) => (n ?? 0) + 1))])
        expect(await store.getDoc('counter')).toBe(10)
        await Promise.all([
          store.updateDoc<number>('counter', (n) => (n ?? 0) + 1),
          store.putDoc('counter', 100),
          store.updateDoc<number>('counter', (n) => (n ?? 0) + 1),
        ])
        expect(await store.getDoc('counter')).toBe(101)
        await expect(
          store.updateDoc('inbox/张三', () => {
            throw new Error('no')
          }),
        ).rejects.toThrow('no')
        await expect(
          store.updateDoc('never', () => {
            throw new Error('no')
          }),
        ).rejects.toThrow('no')
        expect(await store.getDoc('never')).toBeNull()
        await expect(store.updateDoc('', (x) => x)).rejects.toThrow(TypeError)
        const again = await h.reopen()
        expect(((await again.getDoc<number[]>('inbox/张三')) ?? []).length).toBe(40)
      })
    })

    describe('lifecycle', () => {
      it('refuses every call on a closed store with StoreUnavailableError; open and close are idempotent', async () => {
        const h = await open()
        await h.store.open()
        await h.store.close()
        await h.store.close()
        await expect(h.store.getCase('x')).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(h.store.createCase(makeRecord(1), [])).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(h.store.listCases({}, { offset: 0, limit: 1 })).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(h.store.allSummaries()).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(h.store.nextSequence('x')).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(h.store.getDoc('x')).rejects.toBeInstanceOf(StoreUnavailableError)
        await h.store.open()
        expect(await h.store.allSummaries()).toEqual([])
      })
    })
  })
}
