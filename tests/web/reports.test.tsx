// @vitest-environment jsdom
/**
 * The reports area's pieces in jsdom, against the real Galutu scoring definition: the explanation
 * of a score (every item's formula, inputs and value, the grade band and the gap to the next one,
 * English labels from the scheme), the grouping of the assessor's items, the case list reading a
 * report's filters from the address, and the small helpers (percentages, periods, bands, links).
 */
import './dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import type { CompiledScheme } from '../../engine'
import { score } from '../../engine'
import { loadGalutu } from '../helpers/scheme'
import { manualItems, scoringDefinitionView } from '../../runtime/reports/assessment'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { Explain, inputTitles } from '../../runtime/web/src/reports/Explain'
import { groupItems } from '../../runtime/web/src/reports/Assess'
import { bandIndex, caseListPath, pct, periodEnd, periodOr, withQuery } from '../../runtime/web/src/reports/format'
import { queryFrom, queryToHash } from '../../runtime/web/src/screens/CaseList'
import { chartOptions } from '../../runtime/web/src/reports/Dashboard'
import { dashboardLinks } from '../../runtime/reports/service'
import {
  COUNT_KEYS,
  RATE_KEYS,
  RATE_NUMERATOR,
  type Dashboard,
  type DashboardBucket,
  type ScoringDefinition,
  type VillageScore,
  type ManualItem,
} from '../../runtime/web/src/reports/api'

let scheme: CompiledScheme
let def: ScoringDefinition
beforeAll(async () => {
  scheme = await loadGalutu()
  def = JSON.parse(JSON.stringify(scoringDefinitionView(scheme.scoring()!, scheme.manifest.town))) as ScoringDefinition
})

/** A village's breakdown as the server builds it: the engine's score of an input, with evidence. */
function breakdown(input: Record<string, unknown>): VillageScore {
  const r = score(scheme, input)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return {
    village: '团结社区',
    counts: { petitions: 5, proxied: 4, online: 2, concluded: 3, resolved: 1, feedback: 0, satisfied: 0 },
    input,
    result: r.result,
    rank: 1,
    evidence: {
      'organization.stableTeam': [
        {
          source: 'entry',
          id: 'e1',
          schemeId: 'galutu',
          village: '团结社区',
          item: 'organization.stableTeam',
          value: true,
          date: '2026-01-05',
          by: 'assessor1',
          at: '2026-01-05T08:00:00Z',
          note: '代办员名册',
          attachment: 'roster.pdf',
        },
      ],
    },
    records: {},
    overridden: [],
    lift: [{ item: 'resolveRateScore', name: '化解率得分', gap: 7.5 }],
  }
}
const input = {
  counts: { petitions: 5, proxied: 4, online: 2, concluded: 3, resolved: 1 },
  organization: { stableTeam: true },
  systems: {},
  escalations: { city: 1 },
}

describe('the explanation of a score', () => {
  it('shows every item with its formula, inputs and value, and the evidence behind an entered item', () => {
    const d = breakdown(input)
    render(
      <I18nProvider initial="zh">
        <Explain detail={d} def={def} />
      </I18nProvider>,
    )
    expect(screen.getByTestId('explain-total').textContent).toBe(String(d.result.total))
    for (const item of d.result.items) {
      const row = screen.getByTestId(`explain-item-${item.id}`)
      expect(row.textContent, item.id).toContain(item.formula)
      expect(row.getAttribute('data-value'), item.id).toBe(String(item.value))
    }
    const stable = screen.getByTestId('explain-item-stableTeam').textContent ?? ''
    expect(stable).toContain(inputTitles(def.inputs).get('organization.stableTeam')!)
    expect(stable).toContain('代办员名册')
    expect(stable).toContain('roster.pdf')
    // the rates' inputs as percentages: 2 of 5 online
    expect(screen.getByTestId('explain-item-onlineRateScore').textContent).toContain('40.0%')
    // each section's line, from the engine
    for (const s of d.result.sections) expect(screen.getByTestId(`explain-section-${s.id}`).textContent).toContain(s.note)
  })

  it('marks the grade band the total falls in and says how far the next band is', () => {
    const d = breakdown(input)
    render(
      <I18nProvider initial="zh">
        <Explain detail={d} def={def} />
      </I18nProvider>,
    )
    const here = bandIndex(def.grades, d.result.total)
    const items = within(screen.getByTestId('explain-bands')).getAllByRole('listitem')
    expect(items).toHaveLength(def.grades.length)
    expect(items[here]!.className).toBe('here')
    expect(items[here]!.textContent).toContain(def.grades[here]!.name)
    const next = def.grades[here - 1]!
    expect(screen.getByTestId('explain-next').textContent).toContain(`${Math.round((next.min! - d.result.total) * 100) / 100}`)
    expect(screen.getByTestId('explain-next').textContent).toContain(next.name)
    expect(screen.getByTestId('explain-lift').textContent).toContain('化解率得分')
  })

  it('a veto sets the grade whatever the points, and no "next band" is offered', () => {
    const d = breakdown({ ...input, veto: true })
    render(
      <I18nProvider initial="zh">
        <Explain detail={d} def={def} />
      </I18nProvider>,
    )
    expect(d.result.vetoed).toEqual(['incident'])
    expect(screen.getByTestId('explain').textContent).toContain(def.vetoes[0]!.description!)
    expect(screen.queryByTestId('explain-next')).toBeNull()
  })

  it('in English, rates and sections carry the scheme’s English names', () => {
    const d = breakdown(input)
    render(
      <I18nProvider initial="en">
        <Explain detail={d} def={def} />
      </I18nProvider>,
    )
    const text = screen.getByTestId('explain').textContent ?? ''
    for (const v of def.variables) if (v.nameEn) expect(text).toContain(v.nameEn)
    for (const s of def.sections) if (s.nameEn) expect(text).toContain(s.nameEn)
    expect(text).toContain('Grade bands')
  })
})

describe('the assessor’s items', () => {
  it('are grouped by the input schema’s sections, in the definition’s order, with its titles', () => {
    const items: ManualItem[] = [...manualItems(scheme.scoring()!)].map(([item, v]) => ({ item, ...v }))
    const groups = groupItems(items, def.inputs)
    const props = def.inputs.properties!
    expect(groups.map((g) => g.key)).toEqual(Object.keys(props).filter((k) => k !== 'counts'))
    for (const g of groups) {
      if (props[g.key]!.type === 'object') expect(g.title).toBe(props[g.key]!.title)
      expect(g.items.every((i) => i.item === g.key || i.item.startsWith(`${g.key}.`))).toBe(true)
    }
    const esc = groups.find((g) => g.key === 'escalations')!
    expect(esc.items.map((i) => i.kind)).toEqual(esc.items.map(() => 'count'))
  })
})

describe('the case list reads a report’s filters', () => {
  it('keeps every filter of a dashboard link through the address and back', () => {
    const link =
      '/api/cases?schemeId=galutu&machine=case&village=%E5%9B%A2%E7%BB%93%E7%A4%BE%E5%8C%BA&receivedFrom=2026-10-01&receivedTo=2026-10-31&proxied=1&concluded=1&resolved=1'
    const path = caseListPath(link)
    expect(path.startsWith('/cases?')).toBe(true)
    const q = queryFrom(new URLSearchParams(path.split('?')[1]))
    expect(q).toMatchObject({
      schemeId: 'galutu',
      machine: 'case',
      village: '团结社区',
      receivedFrom: '2026-10-01',
      receivedTo: '2026-10-31',
      proxied: '1',
      concluded: '1',
      resolved: '1',
    })
    const again = new URLSearchParams(queryToHash(q).split('?')[1])
    expect(Object.fromEntries(again)).toEqual(Object.fromEntries(new URLSearchParams(link.split('?')[1])))
    expect(queryFrom(new URLSearchParams('dueBefore=2026-10-31&satisfied=0&feedback=1&online=1'))).toMatchObject({
      dueBefore: '2026-10-31',
      satisfied: '0',
      feedback: '1',
      online: '1',
    })
  })

  it('issue 16: keeps the one counting’s filters of every dashboard link (concludedBy, repeats)', () => {
    const links = dashboardLinks({ schemeId: 'galutu', machine: 'case', village: '团结社区', receivedFrom: '2026-10-01', receivedTo: '2026-10-31' })
    expect(links.resolved).toContain('concludedBy=2026-10-31')
    expect(links.petitions).toContain('repeats=0')
    for (const link of Object.values(links)) {
      const q = queryFrom(new URLSearchParams(caseListPath(link).split('?')[1]))
      const again = new URLSearchParams(queryToHash(q).split('?')[1])
      expect(Object.fromEntries(again), link).toEqual(Object.fromEntries(new URLSearchParams(link.split('?')[1])))
    }
  })
})

describe('the dashboard charts', () => {
  it('every bar and point carries the case-list query of the count it shows (a rate: its numerator)', () => {
    const bucket = (where: Record<string, string>, n: number): DashboardBucket => ({
      ...(Object.fromEntries(COUNT_KEYS.map((k, i) => [k, n + i])) as Record<(typeof COUNT_KEYS)[number], number>),
      ...(Object.fromEntries(RATE_KEYS.map((k) => [k, 0.5])) as Record<(typeof RATE_KEYS)[number], number>),
      links: dashboardLinks({ schemeId: 'galutu', machine: 'case', ...where }),
      link: dashboardLinks({ schemeId: 'galutu', machine: 'case', ...where }).petitions,
    })
    const d: Dashboard = {
      year: '2026',
      period: { id: '2026', from: '2026-01-01', to: '2026-12-31', kind: 'year' },
      today: '2026-11-20',
      months: ['2026-01', '2026-02'].map((m, i) => ({ month: m, ...bucket({ receivedFrom: `${m}-01`, receivedTo: periodEnd(m) }, i) })),
      villages: ['团结社区', '文化社区'].map((v, i) => ({
        village: v,
        ...bucket({ village: v, receivedFrom: '2026-01-01', receivedTo: '2026-12-31' }, 10 + i),
      })),
      total: bucket({ receivedFrom: '2026-01-01', receivedTo: '2026-12-31' }, 100),
    }
    const names = { rateName: (k: string) => `rate:${k}`, countName: (k: string) => `count:${k}`, monthLabel: (m: string) => m, noVillage: '-' }
    const o = chartOptions(d, names) as unknown as Record<string, { series: Array<{ name: string; data: Array<{ value: number | null; link?: string }> }> }>
    const check = (series: (typeof o)['monthRates']['series'], buckets: DashboardBucket[]) => {
      expect(series.length).toBeGreaterThan(0)
      for (const s of series) {
        const [kind, key] = s.name.split(':') as ['rate' | 'count', string]
        const metric = kind === 'rate' ? RATE_NUMERATOR[key as (typeof RATE_KEYS)[number]] : (key as (typeof COUNT_KEYS)[number])
        s.data.forEach((item, i) => {
          expect(item.link, `${s.name} ${i}`).toBe(buckets[i]!.links![metric])
          if (kind === 'count') expect(item.value).toBe(buckets[i]![metric])
        })
      }
    }
    check(o.monthRates!.series, d.months)
    check(o.monthCounts!.series, d.months)
    check(o.villageRates!.series, d.villages)
    check(o.villageCounts!.series, d.villages)
    // the rates are drawn as percentages
    expect(o.monthRates!.series[0]!.data[0]!.value).toBe(50)
  })
})

describe('helpers', () => {
  it('percentages, period ends, default periods, query patches', () => {
    expect(pct(0.8)).toBe('80.0%')
    expect(pct(2 / 3)).toBe('66.7%')
    expect(pct(null)).toBe('—')
    expect(periodEnd('2026-02')).toBe('2026-02-28')
    expect(periodEnd('2028-02')).toBe('2028-02-29')
    expect(periodEnd('2026')).toBe('2026-12-31')
    expect(periodOr('2026-13', '2026-11-20')).toBe('2026-11')
    expect(periodOr('2025', '2026-11-20')).toBe('2025')
    expect(periodOr('2025', '2026-11-20', 'month')).toBe('2026-11')
    expect(periodOr(null, '2026-11-20', 'year')).toBe('2026')
    expect(withQuery('/reports/bulletin', new URLSearchParams('period=2026-10&explain=x'), { explain: null })).toBe('/reports/bulletin?period=2026-10')
  })

  it('bands follow the definition: the first band whose minimum the total reaches', () => {
    const name = (t: number) => def.grades[bandIndex(def.grades, t)]!.name
    for (const g of def.grades) if (g.min !== null) expect(name(g.min)).toBe(g.name)
    const lowest = def.grades[def.grades.length - 1]!
    expect(name(0)).toBe(lowest.name)
    expect(name(def.grades[0]!.min! - 0.01)).toBe(def.grades[1]!.name)
  })
})
