/**
 * The yearly summary's one-pass counting (runtime/reports/counts.ts yearToDate) gives, for every
 * month, exactly what countByVillage gives over 1 Jan … that month's end — table-driven edge cases
 * (tests/cases/year-to-date.json) and a random year of cases, on the real Galutu definitions.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { countByVillage, yearToDate } from '../../runtime/reports/counts'
import { parsePeriod } from '../../runtime/reports/assessment'
import type { CaseSummary } from '../../runtime/store'

interface Row {
  id?: string
  linked?: string[]
  village: number | string | null
  receivedOn: string | null
  outcome: 'proxied' | 'other' | null
  channel: 'online' | 'offline'
  concludedOn?: string
  resolved?: boolean
  satisfied?: boolean
  machine?: string
}
const table = JSON.parse(readFileSync('tests/cases/year-to-date.json', 'utf8')) as { year: string; cases: Row[] }

let scheme: CompiledScheme
let villages: string[]
let outcome: Record<'proxied' | 'other', string>
let channel: Record<'online' | 'offline', string>

beforeAll(async () => {
  scheme = (await loadSchemeDir('definitions/galutu')).scheme!
  villages = scheme.defs.org.villages.map((v) => v.name)
  const outcomes = scheme.ruleSetFor('outcome')!.def.outcomes ?? []
  outcome = { proxied: outcomes.find((o) => o.proxied)!.id, other: outcomes.find((o) => !o.proxied)!.id }
  channel = { online: scheme.defs.org.channels.find((c) => c.online)!.id, offline: scheme.defs.org.channels.find((c) => !c.online)!.id }
})

function summary(i: number, r: Row): CaseSummary {
  return {
    id: r.id ?? `c${i}`,
    number: `GLT-2026-${String(i + 1).padStart(6, '0')}`,
    schemeId: 'galutu',
    schemeVersion: '1',
    machine: r.machine ?? 'case',
    state: 'handling',
    stage: 'handling',
    status: r.concludedOn ? 'done' : 'active',
    village: typeof r.village === 'number' ? villages[r.village]! : r.village,
    group: null,
    channel: channel[r.channel],
    category: null,
    officer: null,
    petitionerName: null,
    receivedOn: r.receivedOn,
    dueDate: null,
    units: [],
    outcome: r.outcome ? outcome[r.outcome] : null,
    concludedOn: r.concludedOn ?? null,
    resolved: r.resolved ?? null,
    satisfied: r.satisfied ?? null,
    createdAt: '2026-01-01',
    updatedAt: '2026-01-01',
    version: 1,
    ...(r.linked ? { linked: r.linked } : {}),
  }
}

function expectSameAsCountByVillage(summaries: CaseSummary[], year: string) {
  const ytd = yearToDate(scheme, summaries, year)
  expect(ytd).toHaveLength(12)
  for (let m = 1; m <= 12; m++) {
    const to = parsePeriod(`${year}-${String(m).padStart(2, '0')}`).to
    const want = countByVillage(scheme, summaries, { from: `${year}-01-01`, to })
    expect(Object.fromEntries(ytd[m - 1]!), `month ${m}`).toEqual(Object.fromEntries(want))
  }
}

describe('yearToDate', () => {
  it('equals countByVillage for every month on the edge cases of the table', () => {
    const summaries = table.cases.map((r, i) => summary(i, r))
    expectSameAsCountByVillage(summaries, table.year)
    // the table reaches every count (a case that counts nothing would prove nothing)
    const dec = yearToDate(scheme, summaries, table.year)[11]!
    const total = [...dec.values()].reduce((a, c) => ({ p: a.p + c.petitions, c: a.c + c.concluded, f: a.f + c.feedback, o: a.o + c.online }), {
      p: 0,
      c: 0,
      f: 0,
      o: 0,
    })
    expect(total.p).toBeGreaterThan(5)
    expect(total.c).toBeGreaterThan(2)
    expect(total.f).toBeGreaterThan(1)
    expect(total.o).toBeGreaterThan(2)
    expect(dec.get('外来村')?.petitions).toBe(2)
    expect(yearToDate(scheme, summaries, table.year)[5]!.has('外来村')).toBe(false)
  })

  it('equals countByVillage for every month on 3,000 random cases', () => {
    let seed = 11
    const r = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const day = (y: number) => `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`
    const rows: Row[] = Array.from({ length: 3000 }, () => {
      const received = day(r() < 0.1 ? 2025 : 2026)
      const concluded = r() < 0.6 ? (r() < 0.15 ? day(2027) : day(2026)) : undefined
      return {
        village: r() < 0.9 ? Math.floor(r() * villages.length) : `村${Math.floor(r() * 4)}`,
        receivedOn: received,
        outcome: r() < 0.8 ? 'proxied' : 'other',
        channel: r() < 0.3 ? 'online' : 'offline',
        ...(concluded ? { concludedOn: concluded, resolved: r() < 0.8, ...(r() < 0.5 ? { satisfied: r() < 0.9 } : {}) } : {}),
      }
    })
    expectSameAsCountByVillage(
      rows.map((x, i) => summary(i, x)),
      '2026',
    )
  })
})
