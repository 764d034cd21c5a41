/**
 * The case-list filters behind the reports' numbers (channels, outcomes, concluded, resolved,
 * feedback, satisfied) on any Store: each filter's result must equal a hand-written predicate over
 * the seeded summaries, including summaries that leave the fields out or hold null. Run on the
 * file store (tests/store/report-filters.test.ts) and on PostgreSQL (tests/pg/report-filters.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { CaseFilter, CaseSummary, Store } from '../../runtime/store/types'
import { makeAudit, makeRecord, makeSummary } from './fixtures/records'

const idOf = (i: number) => makeSummary(i, 1).id

const OUTCOMES = ['proxy', 'coordinate', 'answer', null, undefined] as const
const CHANNELS = ['online', 'visit', 'platform', 'phone', null] as const
const BOOLS = [true, false, null, undefined] as const

/** 40 summaries with every combination of the report fields (undefined = the field is absent). */
export function reportRecords() {
  const out = []
  for (let i = 1; i <= 40; i++) {
    const over: Partial<CaseSummary> = { channel: CHANNELS[i % CHANNELS.length]! }
    const outcome = OUTCOMES[i % OUTCOMES.length]
    if (outcome !== undefined) over.outcome = outcome
    if (i % 6 === 0) over.concludedOn = '2026-03-10'
    else if (i % 6 === 3) over.concludedOn = '2026-04-02'
    else if (i % 3 === 1) over.concludedOn = null
    const resolved = BOOLS[i % BOOLS.length]
    if (resolved !== undefined) over.resolved = resolved
    const satisfied = BOOLS[(i >> 1) % BOOLS.length]
    if (satisfied !== undefined) over.satisfied = satisfied
    const rec = makeRecord(i, 1, over)
    for (const k of ['outcome', 'concludedOn', 'resolved', 'satisfied'] as const) if (!(k in over)) delete rec.summary[k]
    out.push(rec)
  }
  return out
}

const CASES: Array<[string, CaseFilter, (s: CaseSummary) => boolean]> = [
  ['online channels', { channels: ['online', 'platform'] }, (s) => s.channel === 'online' || s.channel === 'platform'],
  ['no channel listed', { channels: [] }, () => false],
  ['proxied outcomes', { outcomes: ['proxy', 'coordinate'] }, (s) => s.outcome === 'proxy' || s.outcome === 'coordinate'],
  ['concluded', { concluded: true }, (s) => typeof s.concludedOn === 'string'],
  ['not concluded', { concluded: false }, (s) => typeof s.concludedOn !== 'string'],
  ['resolved', { resolved: true }, (s) => s.resolved === true],
  ['not resolved', { resolved: false }, (s) => s.resolved !== true],
  ['feedback given', { feedback: true }, (s) => typeof s.satisfied === 'boolean'],
  ['no feedback', { feedback: false }, (s) => typeof s.satisfied !== 'boolean'],
  ['satisfied', { satisfied: true }, (s) => s.satisfied === true],
  ['dissatisfied', { satisfied: false }, (s) => s.satisfied === false],
  [
    'the dashboard resolved count',
    { outcomes: ['proxy', 'coordinate'], concluded: true, resolved: true },
    (s) => (s.outcome === 'proxy' || s.outcome === 'coordinate') && typeof s.concludedOn === 'string' && s.resolved === true,
  ],
  // issue 16: the reports count a conclusion as of the end of their period, and leave out linked repeats
  ['concluded by the end of March', { concludedOnOrBefore: '2026-03-31' }, (s) => typeof s.concludedOn === 'string' && s.concludedOn <= '2026-03-31'],
  ['concluded by a day in April, at the precision of a month', { concludedOnOrBefore: '2026-04' }, (s) => typeof s.concludedOn === 'string'],
  ['only the listed ids', { ids: [idOf(3), idOf(4), 'no-such-case'] }, (s) => s.id === idOf(3) || s.id === idOf(4)],
  ['none of the listed ids', { excludeIds: [idOf(3), idOf(4)] }, (s) => s.id !== idOf(3) && s.id !== idOf(4)],
  [
    'the bulletin concluded count without the repeats',
    { outcomes: ['proxy', 'coordinate'], concludedOnOrBefore: '2026-03-31', excludeIds: [idOf(6)] },
    (s) => (s.outcome === 'proxy' || s.outcome === 'coordinate') && s.concludedOn === '2026-03-10' && s.id !== idOf(6),
  ],
]

export function reportFilterSuite(name: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  describe(`report filters: ${name}`, () => {
    it('each filter lists exactly the summaries its predicate picks', async () => {
      const h = await open()
      try {
        const records = reportRecords()
        for (const r of records) await h.store.createCase(r, [makeAudit(r.summary.id, 1, 'create')])
        const all = records.map((r) => r.summary)
        for (const [what, filter, pred] of CASES) {
          const want = all
            .filter(pred)
            .map((s) => s.id)
            .sort()
          const page = await h.store.listCases(filter, { offset: 0, limit: 100 })
          expect(page.items.map((s) => s.id).sort(), what).toEqual(want)
          expect(page.total, what).toBe(want.length)
          expect((await h.store.allSummaries(filter)).map((s) => s.id).sort(), what).toEqual(want)
          // the reports' uncopied read, where the store offers it, selects the same summaries with the same content
          if (h.store.readSummaries)
            expect(
              [...(await h.store.readSummaries(filter))].sort((a, b) => a.id.localeCompare(b.id)),
              what,
            ).toEqual((await h.store.allSummaries(filter)).sort((a, b) => a.id.localeCompare(b.id)))
          if (what !== 'no channel listed') expect(want.length, `${what}: the seed exercises it`).toBeGreaterThan(0)
        }
      } finally {
        await h.dispose()
      }
    })
  })
}
