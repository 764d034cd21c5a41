/**
 * The working-day calendar for a year the State Council has not published yet: `calendar-seed
 * --provisional` writes the statutory days of the national holiday regulation (lunar festivals and
 * 清明 placed with chinese-days), marked provisional, and replaces them with the published schedule
 * once chinese-days has it. The schemes' 2027 is such a year.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../runtime/cli/main'
import { provisionalYear, seedCalendar } from '../../runtime/schemes/calendar-seed'
import type { CalendarDefinition } from '../../engine'
import { captureIO, makeScheme, removeTempSchemes, REPO_ROOT } from '../helpers/scheme'

const req = createRequire(import.meta.url)
const cd = req('chinese-days') as {
  getLunarDate(d: string): { lunarMon: number; lunarDay: number }
  getSolarTerms(a: string, b: string): Array<{ date: string; name: string }>
}
const table = req('../../runtime/schemes/statutory-holidays.json') as {
  days: Array<{ name: string; solar?: string; lunar?: string; term?: string; before?: number; count: number }>
}
const readCal = async (scheme: string) =>
  JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'definitions', scheme, 'calendar.json'), 'utf8')) as CalendarDefinition

afterAll(removeTempSchemes)

describe('a provisional year', () => {
  const y = provisionalYear(2027)

  it('holds each statutory day of the regulation, on its solar, lunar or solar-term date, and no 调休', () => {
    expect(y.provisional).toBe(true)
    expect(y.workdays).toEqual([])
    expect(y.holidays).toHaveLength(table.days.reduce((n, d) => n + d.count + (d.before ?? 0), 0))
    for (const h of table.days) {
      const days = y.holidays.filter((x) => x.name === h.name).map((x) => x.date)
      expect(days, h.name).toHaveLength(h.count + (h.before ?? 0))
      const main = days[h.before ?? 0]!
      if (h.solar) expect(main.slice(5)).toBe(h.solar)
      if (h.lunar) {
        const l = cd.getLunarDate(main)
        expect(`${String(l.lunarMon).padStart(2, '0')}-${String(l.lunarDay).padStart(2, '0')}`, h.name).toBe(h.lunar)
      }
      if (h.term) expect(cd.getSolarTerms('2027-01-01', '2027-12-31').find((t) => t.name === h.term)?.date).toBe(main)
    }
  })

  it.each(['galutu', 'wulan'])('is what %s’s calendar.json holds for 2027, and the published years are not provisional', async (scheme) => {
    const cal = await readCal(scheme)
    expect(cal.years['2027']).toEqual(y)
    for (const [year, v] of Object.entries(cal.years)) if (year !== '2027') expect(v.provisional, year).toBeUndefined()
  })

  it('is replaced by the published schedule once chinese-days has it; a hand-entered published year is kept', () => {
    const existing = {
      kind: 'calendar',
      timezone: 'Asia/Shanghai',
      weekend: [0, 6],
      years: { '2026': provisionalYear(2026), '2027': { holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] } },
    } as CalendarDefinition
    const seeded = seedCalendar(2026, 2027, existing, { provisional: true })
    expect(seeded.years['2026']!.provisional).toBeUndefined()
    expect(seeded.years['2026']!.workdays.map((d) => d.date)).toContain('2026-02-14')
    expect(seeded.years['2027']).toEqual(existing.years['2027'])
  })

  it('is written only when asked for: otherwise the seed refuses, naming --provisional, and changes nothing', async () => {
    const dir = await makeScheme([])
    const before = await fs.readFile(path.join(dir, 'calendar.json'), 'utf8')
    const c = captureIO()
    const code = await main(['calendar-seed', dir, '--from', '2028', '--to', '2028'], c.io)
    expect(code).not.toBe(0)
    expect(c.err.join('\n')).toContain('--provisional')
    expect(await fs.readFile(path.join(dir, 'calendar.json'), 'utf8')).toBe(before)
    const ok = captureIO()
    expect(await main(['calendar-seed', dir, '--from', '2028', '--to', '2028', '--provisional'], ok.io)).toBe(0)
    const cal = JSON.parse(await fs.readFile(path.join(dir, 'calendar.json'), 'utf8')) as CalendarDefinition
    expect(cal.years['2028']).toEqual(provisionalYear(2028))
    expect(cal.years['2026']!.provisional).toBeUndefined()
  })
})
