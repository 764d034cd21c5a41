/** Duty periods are named in both languages (the English screens show nameEn). */
import { describe, expect, it } from 'vitest'
import { periodsOfYear, parseDutyPeriod } from '../../runtime/duty'

const cases: Array<{ every: 1 | 2 | 3 | 4 | 6 | 12; id: string; name: string; nameEn: string }> = [
  { every: 12, id: '2026', name: '2026年度', nameEn: '2026' },
  { every: 6, id: '2026-H1', name: '2026年上半年', nameEn: 'H1 2026' },
  { every: 6, id: '2026-H2', name: '2026年下半年', nameEn: 'H2 2026' },
  { every: 4, id: '2026-T2', name: '2026年5—8月', nameEn: 'May–Aug 2026' },
  { every: 3, id: '2026-Q1', name: '2026年第一季度', nameEn: 'Q1 2026' },
  { every: 2, id: '2026-B6', name: '2026年11—12月', nameEn: 'Nov–Dec 2026' },
  { every: 1, id: '2026-03', name: '2026年3月', nameEn: 'Mar 2026' },
]

describe('duty period names', () => {
  it.each(cases)('$id is "$name" / "$nameEn"', ({ every, id, name, nameEn }) => {
    expect(parseDutyPeriod(every, id)).toMatchObject({ id, name, nameEn })
  })

  it('every period of every cadence has an English name without Chinese', () => {
    for (const every of [1, 2, 3, 4, 6, 12] as const) {
      for (const p of periodsOfYear(every, 2027)) expect(p.nameEn).toMatch(/^[A-Za-z0-9 –]+$/)
    }
  })
})
