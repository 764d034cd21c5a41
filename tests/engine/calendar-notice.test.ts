/**
 * The State Council's holiday notice parser (engine/calendar/notice.ts) on the notices as published
 * (tests/cases/calendar-notices/*.txt): each parse equals chinese-days' data for its year — what
 * definitions/galutu/calendar.json was generated from — and every contradiction in a notice is
 * refused on its line (cases.json "refused").
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseHolidayNotice, noticeYear, type NoticeOptions, type ParsedNotice } from '../../engine/calendar/notice'
import { WorkCalendar } from '../../engine'
import type { CalendarDefinition } from '../../engine'
import { provisionalYear } from '../../runtime/schemes/calendar-seed'
import { CASES_DIR, GALUTU_DIR, readCases } from '../helpers/scheme'

interface Cases {
  published: Array<{ year: number; file: string }>
  example: { file: string; holidays: number; workdays: number }
  variants: Array<{ name: string; file: string; join?: boolean; ascii?: boolean; fullWidthDigits?: boolean; sameAs: number }>
  refused: Array<{
    name: string
    file?: string
    text?: string
    replace?: [string, string]
    options?: NoticeOptions
    errors: Array<{ line: number; code: string; says: string }>
  }>
}
const cases = await readCases<Cases>('calendar-notices/cases.json')
const notice = (file: string) => readFile(path.join(CASES_DIR, 'calendar-notices', file), 'utf8')
const calendar = JSON.parse(await readFile(path.join(GALUTU_DIR, 'calendar.json'), 'utf8')) as CalendarDefinition
/** The festival names the scheme's calendar uses (清明, not 清明节). */
const names = [...new Set(Object.values(calendar.years).flatMap((y) => y.holidays.map((h) => h.name)))]

const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> }
const zh = (s: string) => s.split(',')[1] ?? s
function chineseDays(year: number) {
  const of = (m: Record<string, string>, suffix: string) =>
    Object.entries(m)
      .filter(([d]) => d.startsWith(`${year}-`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, n]) => ({ date, name: zh(n) + suffix }))
  return { holidays: of(raw.holidays, ''), workdays: of(raw.workdays, '调休上班') }
}

/** The options the designer passes: the calendar's names and the year's statutory festival days. */
const optionsFor = (year: number): NoticeOptions => ({ names, festivalDays: provisionalYear(year).holidays })

/**
 * chinese-days files a day by its date: 2022-12-31, off by the 2023 notice (元旦：2022年12月31日至…),
 * is in its 2022. A notice gives the days of its own year, and the days it spills into another
 * in `outside`.
 */
const spills = await Promise.all(cases.published.map(async (c) => parseHolidayNotice(await notice(c.file), optionsFor(c.year)).outside))
const ownDays = (year: number) => {
  const want = chineseDays(year)
  const other = new Set(spills.flatMap((o) => [...o.holidays, ...o.workdays]).map((d) => d.date))
  return { holidays: want.holidays.filter((d) => !other.has(d.date)), workdays: want.workdays.filter((d) => !other.has(d.date)) }
}

describe('published notices read as chinese-days has them', () => {
  it.each(cases.published.map((c) => [c.year, c] as const))('%s', async (year, c) => {
    const n = parseHolidayNotice(await notice(c.file), optionsFor(year))
    expect(n.errors).toEqual([])
    expect(n.ok).toBe(true)
    expect(n.year).toBe(year)
    expect(n.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`)
    const want = ownDays(year)
    expect(want.holidays.length).toBeGreaterThan(10)
    expect(n.holidays).toEqual(want.holidays)
    expect(n.workdays).toEqual(want.workdays)
    // the scheme's calendar has the same days for the years it holds as published
    const inScheme = calendar.years[String(year)]
    if (inScheme) {
      expect(inScheme.provisional).toBeUndefined()
      expect(n.holidays).toEqual(inScheme.holidays)
      expect(n.workdays).toEqual(inScheme.workdays)
    }
    // what is written: the days and where they came from, not provisional
    const y = noticeYear(n)
    expect(Object.keys(y).sort()).toEqual(['holidays', 'source', 'workdays'])
    expect(y.source).toContain(`国务院办公厅关于${year}年部分节假日安排的通知`)
    expect(y.source).toContain(n.issuedOn!)
  })

  it('names the signing date and the document number when the text has them', async () => {
    const n = parseHolidayNotice(await notice('2025.txt'), optionsFor(2025))
    expect(n.issuedOn).toBe('2024-11-12')
    expect(n.docNumber).toBe('国办发明电〔2024〕12号')
    expect(noticeYear(n).source).toBe('国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）')
  })

  it('says what it read around: a day of the year before, a date that is neither off nor worked', async () => {
    const y2023 = parseHolidayNotice(await notice('2023.txt'), optionsFor(2023))
    expect(y2023.warnings.map((w) => [w.line, w.code])).toEqual([[5, 'OTHER_YEAR']])
    expect(y2023.warnings[0]!.zh).toBe('第5行：2022-12-31 属于 2022 年，不计入 2023 年')
    expect(y2023.outside).toEqual({ holidays: [{ date: '2022-12-31', name: '元旦' }], workdays: [] })
    // chinese-days has that day in its 2022, from this notice
    expect(chineseDays(2022).holidays).toContainEqual({ date: '2022-12-31', name: '元旦' })
    const y2024 = parseHolidayNotice(await notice('2024.txt'), optionsFor(2024))
    expect(y2024.warnings.map((w) => [w.line, w.code])).toEqual([[6, 'IGNORED_DATE']])
    expect(y2024.holidays.some((d) => d.date === '2024-02-09')).toBe(false)
  })

  it('without festival days, a combined item carries both names and says so', async () => {
    const n = parseHolidayNotice(await notice('2025.txt'), { names })
    expect(n.ok).toBe(true)
    expect(n.holidays.map((d) => d.date)).toEqual(chineseDays(2025).holidays.map((d) => d.date))
    expect(n.holidays.filter((d) => d.date >= '2025-10-01').every((d) => d.name === '国庆节、中秋节')).toBe(true)
    expect(n.workdays.find((d) => d.date === '2025-10-11')!.name).toBe('国庆节、中秋节调休上班')
    expect(n.warnings.map((w) => [w.line, w.code])).toEqual([[11, 'MIXED_NAMES']])
  })

  it("without the calendar's names, the notice's own are kept", async () => {
    const n = parseHolidayNotice(await notice('2026.txt'))
    expect(n.holidays.find((d) => d.date === '2026-04-04')!.name).toBe('清明节')
    expect(n.holidays.find((d) => d.date === '2026-01-01')!.name).toBe('元旦')
  })

  it('items: one per numbered line, with the festivals as written', async () => {
    const n = parseHolidayNotice(await notice('2025.txt'), optionsFor(2025))
    expect(n.items.map((i) => [i.line, i.label, i.festivals.join('、'), i.holidays.length, i.workdays.length])).toEqual([
      [6, '一', '元旦', 1, 0],
      [7, '二', '春节', 8, 2],
      [8, '三', '清明节', 3, 0],
      [9, '四', '劳动节', 5, 1],
      [10, '五', '端午节', 3, 0],
      [11, '六', '国庆节、中秋节', 8, 2],
    ])
  })
})

describe('the same notice pasted differently', () => {
  it.each(cases.variants.map((v) => [v.name, v] as const))('%s', async (_n, v) => {
    let text = await notice(v.file)
    if (v.join) text = text.split('\n').join('')
    if (v.ascii) text = text.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',')
    if (v.fullWidthDigits) text = text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    const n = parseHolidayNotice(text, optionsFor(v.sameAs))
    expect(n.errors).toEqual([])
    const want = ownDays(v.sameAs)
    expect(n.holidays).toEqual(want.holidays)
    expect(n.workdays).toEqual(want.workdays)
  })
})

describe('refused, naming the line', () => {
  it.each(cases.refused.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    let text = c.text ?? (await notice(c.file!))
    if (c.replace) {
      expect(text.includes(c.replace[0]), `the case's text to replace is in ${c.file}`).toBe(true)
      text = text.replace(c.replace[0], c.replace[1])
    }
    const n: ParsedNotice = parseHolidayNotice(text, c.options ?? { names })
    expect(n.ok).toBe(false)
    expect(n.errors.map((e) => ({ line: e.line, code: e.code }))).toEqual(c.errors.map((e) => ({ line: e.line, code: e.code })))
    c.errors.forEach((e, i) => {
      expect(n.errors[i]!.zh.startsWith(`第${e.line}行：`)).toBe(true)
      expect(n.errors[i]!.zh).toContain(e.says)
      expect(n.errors[i]!.en.startsWith(`Line ${e.line}: `)).toBe(true)
    })
    expect(() => noticeYear(n)).toThrow(/errors/)
  })
})

describe('the 2027 example (not a published notice)', () => {
  it('replaces the provisional 2027: a calendar with it counts working days without the 暂定 mark', async () => {
    const provisional = calendar.years['2027']!
    expect(provisional.provisional).toBe(true)
    const n = parseHolidayNotice(await notice(cases.example.file), { year: 2027, names, festivalDays: provisional.holidays, weekend: calendar.weekend })
    expect(n.errors).toEqual([])
    expect([n.holidays.length, n.workdays.length]).toEqual([cases.example.holidays, cases.example.workdays])
    // every statutory day of the provisional year is still a day off, under its name
    for (const h of provisional.holidays) expect(n.holidays).toContainEqual(h)
    const cal = new WorkCalendar({ ...calendar, years: { ...calendar.years, '2027': noticeYear(n) } })
    expect(cal.provisionalYears).toEqual([])
    expect(cal.dayInfo('2027-02-20')).toMatchObject({ kind: 'makeup', workday: true, name: '春节调休上班' })
    expect(cal.dayInfo('2027-02-09')).toMatchObject({ kind: 'holiday', workday: false, name: '春节' })
  })
})
