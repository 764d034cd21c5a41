/**
 * SummaryIndex (runtime/store/summary-index.ts) gives exactly what the plain scan gives
 * (pageSummaries over every summary), for the filters and pages of tests/cases/lists/index-filters.json,
 * over generated summaries, before and after the summaries change (a case moving village, due
 * date, status, received date, units; new cases).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pageSummaries } from '../../runtime/store/query'
import { SummaryIndex } from '../../runtime/store/summary-index'
import type { CaseFilter, CaseSummary, Page } from '../../runtime/store/types'

const table = JSON.parse(readFileSync(path.join(__dirname, '../cases/lists/index-filters.json'), 'utf8')) as {
  pages: Page[]
  cases: Array<{ name: string; filter: CaseFilter }>
}

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function day(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
}

function summary(i: number, r: () => number, version = 1): CaseSummary {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const active = r() < 0.7
  const received = r() < 0.03 ? null : day(Math.floor(r() * 600))
  const due = active && r() < 0.9 ? day(Math.floor(r() * 720)) + (r() < 0.1 ? 'T10:00' : '') : null
  return {
    id: `c-${String(i).padStart(5, '0')}`,
    number: `GLT-2026-${String(i).padStart(6, '0')}`,
    schemeId: 'galutu',
    schemeVersion: '1',
    state: pick(['registered', 'handling', 'closed.excluded', 'closed', 'closedX']),
    stage: pick(['s0', 's1', 's2', 's3', 's4']),
    status: active ? 'active' : pick(['done', 'error'] as const),
    village: r() < 0.05 ? null : `V${Math.floor(r() * 10)}`,
    group: pick(['G1', 'G2', null]),
    channel: pick(['visit', 'phone', 'online', null]),
    category: pick(['养老', '土地', null]),
    officer: r() < 0.05 ? null : `O${Math.floor(r() * 20)}`,
    petitionerName: pick(['张三', '李四', '王五', null]),
    // equal received dates are common: ties fall to the number, then the id
    receivedOn: received,
    dueDate: due,
    units: [0, 1, 2, 3, 4, 5].filter(() => r() < 0.2).map((u) => `U${u}`),
    createdAt: (received ?? '2025-01-01') + 'T01:00:00.000Z',
    updatedAt: day(Math.floor(r() * 700)) + 'T02:00:00.000Z',
    version,
    ...(r() < 0.2 ? { machine: 'complaint' } : r() < 0.5 ? { machine: 'case' } : {}),
    concludedOn: active ? null : day(Math.floor(r() * 600)),
  }
}

function check(index: SummaryIndex, all: CaseSummary[]): number {
  let checked = 0
  for (const c of table.cases) {
    for (const page of table.pages) {
      const want = pageSummaries(all, c.filter, page)
      const got = index.page(c.filter, page)
      expect(got.total, `${c.name} ${JSON.stringify(page)}`).toBe(want.total)
      expect(got.items, `${c.name} ${JSON.stringify(page)}`).toEqual(want.items)
      checked++
    }
    const plain = pageSummaries(all, c.filter, { offset: 0, limit: all.length, sort: 'id', order: 'asc' }).items.map((s) => s.id)
    expect(
      index
        .select(c.filter)
        .map((s) => s.id)
        .sort(),
      c.name,
    ).toEqual(plain)
  }
  return checked
}

describe('SummaryIndex equals the plain scan', () => {
  const N = 3000
  const r = rng(7)
  const index = new SummaryIndex()
  const byId = new Map<string, CaseSummary>()
  for (let i = 1; i <= N; i++) {
    const s = summary(i, r)
    byId.set(s.id, s)
    index.put(s)
  }

  it(`every filter case × every page, over ${N} generated summaries`, () => {
    expect(check(index, [...byId.values()])).toBe(table.cases.length * table.pages.length)
  })

  it('after summaries change (village, due date, status, received date, units) and new cases arrive', () => {
    const r2 = rng(11)
    for (let n = 0; n < 1500; n++) {
      const i = 1 + Math.floor(r2() * (N + 300))
      const prev = byId.get(`c-${String(i).padStart(5, '0')}`)
      const s = summary(i, r2, (prev?.version ?? 0) + 1)
      byId.set(s.id, s)
      index.put(s)
    }
    expect(index.size).toBe(byId.size)
    expect(check(index, [...byId.values()])).toBe(table.cases.length * table.pages.length)
  })

  it('selections come out in the order the summaries were first stored, as a plain scan gives them', () => {
    const plain = [...byId.values()].filter((s) => s.village === 'V4' && s.status === 'active').map((s) => s.id)
    expect(index.select({ village: 'V4', status: 'active' }).map((s) => s.id)).toEqual(plain)
  })

  it('refuses a bad page or sort as the plain path does', () => {
    expect(() => index.page({}, { offset: -1, limit: 20 })).toThrow(/page.offset/)
    expect(() => index.page({}, { offset: 0, limit: 20, sort: 'nope' as keyof CaseSummary })).toThrow(/cannot sort cases by "nope"/)
  })
})
