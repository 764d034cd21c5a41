/**
 * The yearly assessment report (12 monthly bulletins + the year) for every village over 100k cases
 * stored: ReportService.yearly (one counting pass, runtime/reports/counts.ts yearToDate) against
 * the way it was computed before issue #20 — thirteen bulletins, each counting every case several
 * times — and a naive baseline that recomputes each count of each village for each period by
 * scanning all cases again. All read the same store; the results must agree. Target (#20): < 500 ms.
 * When the store hands out its summaries uncopied (`readSummaries`), the yearly report is also
 * timed reading copies (`allSummaries`), as before that method, with the same result.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadSchemeDir } from '../runtime/schemes/files'
import { openStore, type CaseRecord, type CaseSummary, type Store } from '../runtime/store'
import { ReportService } from '../runtime/reports/service'
import { parsePeriod } from '../runtime/reports/assessment'
import { score } from '../engine'
import { GALUTU, header, ms, pick, ratio, rng, scaled, table, verdict } from './lib'

const N = scaled(100_000, 2_000)
const r = rng(7)
const loaded = await loadSchemeDir(GALUTU)
const scheme = loaded.scheme!
const villages = scheme.defs.org.villages.map((v) => v.name).concat(Array.from({ length: 45 }, (_, i) => `第${i + 1}村`))
const channels = scheme.defs.org.channels.map((c) => c.id)
const cats = scheme.defs.org.groups.flatMap((g) => g.categories)
const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-bench-report-'))
const store = await openStore({ dir })

function* records(): Generator<CaseRecord> {
  for (let i = 0; i < N; i++) {
    const month = 1 + Math.floor(r() * 12)
    const day = 1 + Math.floor(r() * 28)
    const receivedOn = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    const outcome = r() < 0.85 ? 'proxy' : pick(r, ['excluded', 'answer_on_spot', 'declined'])
    const concluded = outcome === 'proxy' && r() < 0.8
    const summary: CaseSummary = {
      id: `c${i}`,
      number: `GLT-2026-${String(i + 1).padStart(6, '0')}`,
      schemeId: 'galutu',
      schemeVersion: '1.0.0',
      schemeHash: loaded.hash,
      machine: 'case',
      state: concluded ? 'archived' : 'handling',
      stage: concluded ? 'archived' : 'handling',
      status: concluded ? 'done' : 'active',
      village: pick(r, villages),
      group: null,
      channel: pick(r, channels),
      category: pick(r, cats),
      officer: 'o',
      petitionerName: 'p',
      receivedOn,
      dueDate: concluded ? null : receivedOn,
      units: [],
      outcome,
      concludedOn: concluded ? receivedOn : null,
      resolved: concluded ? r() < 0.9 : null,
      satisfied: null,
      createdAt: receivedOn,
      updatedAt: receivedOn,
      version: 1,
    }
    yield { summary, schemeHash: loaded.hash, snapshot: { value: summary.state, context: {} } }
  }
}

const t0 = performance.now()
await store.bulkSeed(records())
const seedMs = performance.now() - t0
const reports = new ReportService(store)

// The same store without `readSummaries`: the report reads copies, as before that method.
const shared = typeof (store as unknown as Record<string, unknown>).readSummaries === 'function'
const copyingStore = new Proxy(store, {
  get: (t, k) => {
    if (k === 'readSummaries') return undefined
    const v = Reflect.get(t, k, t) as unknown
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v
  },
}) as Store
const copying = new ReportService(copyingStore)

const TARGET_MS = 500
const nowIso = new Date().toISOString()
// Before #20: the twelve months' bulletins and the year's, each counting the summaries anew.
const before = async () => {
  const summaries = await reports.summaries('galutu')
  const months = []
  for (let m = 1; m <= 12; m++) months.push(await reports.bulletin(scheme, `2026-${String(m).padStart(2, '0')}`, nowIso, summaries))
  return { months, annual: await reports.bulletin(scheme, '2026', nowIso, summaries) }
}
// interleaved, best of 3 each (the machine is shared)
const fastRuns: number[] = []
const beforeRuns: number[] = []
const copyRuns: number[] = []
let yearly = await reports.yearly(scheme, '2026', nowIso)
let old = await before()
let copied = shared ? await copying.yearly(scheme, '2026', nowIso) : yearly
for (let i = 0; i < 3; i++) {
  let t0 = performance.now()
  old = await before()
  beforeRuns.push(performance.now() - t0)
  t0 = performance.now()
  yearly = await reports.yearly(scheme, '2026', nowIso)
  fastRuns.push(performance.now() - t0)
  if (shared) {
    t0 = performance.now()
    copied = await copying.yearly(scheme, '2026', nowIso)
    copyRuns.push(performance.now() - t0)
  }
}
const fastMs = Math.min(...fastRuns)
const beforeMs = Math.min(...beforeRuns)
const copyMs = shared ? Math.min(...copyRuns) : NaN
let t = performance.now()

// Naive: for each period, village and count, scan every case again.
t = performance.now()
const all = await store.allSummaries({ schemeId: 'galutu' })
const online = new Set(scheme.defs.org.channels.filter((c) => c.online).map((c) => c.id))
const naive: Record<string, Record<string, number>> = {}
for (const pid of [
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
  '2026-12',
  '2026',
]) {
  const p = parsePeriod(pid)
  const from = '2026-01-01'
  for (const v of villages) {
    const inP = (s: CaseSummary) => s.village === v && !!s.receivedOn && s.receivedOn >= from && s.receivedOn <= p.to
    const counts = {
      petitions: all.filter(inP).length,
      proxied: all.filter((s) => inP(s) && s.outcome === 'proxy').length,
      online: all.filter((s) => inP(s) && online.has(s.channel ?? '')).length,
      concluded: all.filter((s) => inP(s) && s.outcome === 'proxy' && !!s.concludedOn && s.concludedOn <= p.to).length,
      resolved: all.filter((s) => inP(s) && s.outcome === 'proxy' && !!s.concludedOn && s.concludedOn <= p.to && s.resolved === true).length,
    }
    const res = score(scheme, { organization: {}, systems: {}, counts })
    ;(naive[pid] ??= {})[v] = res.ok ? res.result.total : NaN
  }
}
const naiveMs = performance.now() - t

let mismatches = 0
for (const m of yearly.months) for (const row of m.rows) if (naive[m.month]?.[row.village] !== row.total) mismatches++
for (const row of yearly.annual.rows) if (naive['2026']?.[row.village] !== row.total) mismatches++
// the same months, ranks and grades as before
old.months.forEach((b, i) => {
  const rows = b.rows.map((r) => ({ village: r.village, total: r.total, grade: r.grade, rank: r.rank }))
  if (JSON.stringify(rows) !== JSON.stringify(yearly.months[i]!.rows)) mismatches++
})
if (JSON.stringify(old.annual.rows) !== JSON.stringify(yearly.annual.rows)) mismatches++
// the whole report (details, evidence, links) is the same whether the summaries were copied or not
if (JSON.stringify(copied) !== JSON.stringify(yearly)) mismatches++

console.log(header(`Yearly report: ${villages.length} villages, ${N.toLocaleString()} cases (seeded in ${ms(seedMs)})`))
console.log(
  `Load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min); best of 3, interleaved.\n`,
)
console.log(
  table([
    ['', 'time', 'vs before', 'vs naive'],
    [
      `Daiban yearly: one counting pass (after)${shared ? ', summaries read uncopied' : ', summaries copied (the store has no readSummaries)'}`,
      ms(fastMs),
      ratio(beforeMs, fastMs),
      ratio(naiveMs, fastMs),
    ],
    ...(shared ? [['Daiban yearly, summaries copied (allSummaries)', ms(copyMs), ratio(beforeMs, copyMs), ratio(naiveMs, copyMs)]] : []),
    ['13 bulletins, each counting all cases (before #20)', ms(beforeMs), '1×', ratio(naiveMs, beforeMs)],
    ['naive (rescan per village × item × period)', ms(naiveMs), '', '1×'],
    ['mismatches (vs naive, vs before, copied vs uncopied)', String(mismatches), '', ''],
  ]),
)
console.log(
  `\nTarget (#20): yearly over ${N.toLocaleString()} cases < ${TARGET_MS} ms — ${verdict(fastMs < TARGET_MS)} (${ms(fastMs)}; runs ${fastRuns.map(ms).join(', ')}; before ${beforeRuns.map(ms).join(', ')}).`,
)
await store.close()
await rm(dir, { recursive: true, force: true })
if (mismatches) process.exitCode = 1
