// @vitest-environment jsdom
/**
 * The holiday calendar editor (designer/src/visual/calendar) on galutu's calendar.json, in jsdom:
 * the year view marks what the file says, a clicked day is written as one entry, and a pasted
 * State Council notice is shown for confirmation, refused on its line when impossible, and written
 * in the file's own shape (the provisional year replaced, no longer provisional).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createElement as h } from 'react'
import { readFileSync } from 'node:fs'
import { act, cleanup, fireEvent, render, within } from '@testing-library/react'
import CalendarEditor from '../../designer/src/visual/calendar/CalendarEditor'
import {
  compareYear,
  monthWeeks,
  noticeOptions,
  noticeTarget,
  ranges,
  setDay,
  specialDays,
  suggestName,
  withEmptyYear,
  withNotice,
  yearsOf,
  type CalendarDoc,
} from '../../designer/src/visual/calendar/model'
import { ProblemsProvider } from '../../designer/src/visual/kit'
import type { EngineClient } from '../../designer/src/engine/client'
import type { Problem } from '../../designer/src/lib/problems'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import { writeJson } from '../../engine/scheme/json-edit'
import { parseHolidayNotice } from '../../engine/calendar/notice'
import { WorkCalendar, loadScheme, weekday } from '../../engine'
import { readdirSync } from 'node:fs'

beforeAll(() => {
  Object.defineProperty(window, 'matchMedia', {
    value: (q: string) => ({
      matches: false,
      media: q,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }),
  })
  ;(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
})
afterEach(cleanup)

const FILE = 'calendar.json'
const TEXT = readFileSync(`definitions/galutu/${FILE}`, 'utf8')
const DOC = JSON.parse(TEXT) as CalendarDoc
const notice = (f: string) => readFileSync(`tests/cases/calendar-notices/${f}`, 'utf8')
const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })
/** The provisional year of the definitions (2027 when this was written), found, not assumed. */
const PROVISIONAL = yearsOf(DOC).find((y) => DOC.years[y]!.provisional)!

function harness(opts: { text?: string; problems?: Problem[]; lang?: Lang } = {}) {
  let text = opts.text ?? TEXT
  const labels: string[] = []
  const lang = opts.lang ?? 'zh-CN'
  const element = () =>
    h(
      ProblemsProvider,
      { problems: opts.problems ?? [], lang, children: null },
      h(CalendarEditor, {
        file: FILE,
        doc: JSON.parse(text) as CalendarDoc,
        problems: opts.problems ?? [],
        draft: { files: [], docsOf: () => [] },
        info: null,
        client: {} as EngineClient,
        i18n: i18n(lang),
        openJson: () => {},
        onChange: (next: unknown, label: string) => {
          labels.push(label)
          text = writeJson(text, next)
          r.rerender(element())
        },
      }),
    )
  const r = render(element())
  return { r, text: () => text, labels }
}

/** antd puts a Radio's data-testid on its input. */
const radio = (el: HTMLElement) => (el.tagName === 'INPUT' ? el : el.querySelector('input')!) as HTMLInputElement
const cell = (root: HTMLElement, date: string) => root.querySelector<HTMLElement>(`[data-testid="cal-day"][data-date="${date}"]`)!

describe('the model', () => {
  it('marks every day as the file and the weekend say', () => {
    for (const y of yearsOf(DOC)) {
      const special = specialDays(DOC, y)
      expect(special.size).toBe(DOC.years[y]!.holidays.length + DOC.years[y]!.workdays.length)
      DOC.years[y]!.holidays.forEach((d, i) =>
        expect(special.get(d.date)).toEqual({ date: d.date, kind: 'holiday', name: d.name, pointer: `/years/${y}/holidays/${i}` }),
      )
      DOC.years[y]!.workdays.forEach((d) => expect(special.get(d.date)!.kind).toBe('makeup'))
    }
  })

  it('lays a month out Monday first', () => {
    const weeks = monthWeeks(2026, 2)
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-02-01'])
    expect(weeks.flat().filter(Boolean)).toHaveLength(28)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })

  it('sets one day as one inserted line, and back to normal gives the file back', () => {
    const a = writeJson(TEXT, setDay(DOC, '2026-03-02', 'holiday', '春节'))
    const lines = a.split('\n')
    expect(lines.length).toBe(TEXT.split('\n').length + 1)
    expect(lines.filter((l) => !TEXT.split('\n').includes(l))).toEqual(['        { "date": "2026-03-02", "name": "春节" },'])
    const back = writeJson(a, setDay(JSON.parse(a) as CalendarDoc, '2026-03-02', 'normal'))
    expect(back).toBe(TEXT)
    // a day off made a make-up day moves between the lists; renaming keeps its place
    const moved = setDay(DOC, '2026-10-10', 'holiday', '国庆节')
    expect(moved.years['2026']!.workdays.some((d) => d.date === '2026-10-10')).toBe(false)
    expect(moved.years['2026']!.holidays.find((d) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', name: '国庆节' })
    const renamed = setDay(DOC, '2026-01-01', 'holiday', '新年')
    expect(renamed.years['2026']!.holidays[0]).toEqual({ date: '2026-01-01', name: '新年' })
    expect(() => setDay(DOC, '2031-01-01', 'holiday', 'x')).toThrow(/no year 2031/)
  })

  it("suggests the nearby festival's name", () => {
    expect(suggestName(DOC, '2026-02-24', 'holiday')).toBe('春节')
    expect(suggestName(DOC, '2026-02-28', 'makeup')).toBe('春节调休上班')
    expect(suggestName(DOC, '2026-03-20', 'holiday')).toBe('')
  })

  it("writes a notice's year in the file's shape: the provisional year replaced, no longer provisional", () => {
    const n = parseHolidayNotice(notice('2027-example.txt'), noticeOptions(DOC, Number(PROVISIONAL)))
    expect(n.errors).toEqual([])
    const next = withNotice(DOC, n)
    const y = next.years[PROVISIONAL]!
    expect(Object.keys(y)).toEqual(['source', 'holidays', 'workdays'])
    expect(y.holidays).toEqual(n.holidays)
    expect(y.workdays).toEqual(n.workdays)
    expect(y.source).toBe(`国务院办公厅关于${PROVISIONAL}年部分节假日安排的通知（2026-11-10）`)
    for (const other of yearsOf(DOC).filter((x) => x !== PROVISIONAL)) expect(next.years[other]).toEqual(DOC.years[other])
    const text = writeJson(TEXT, next)
    expect(JSON.parse(text)).toEqual(next)
    // the engine's calendar: no provisional year left, the notice's days counted
    const cal = new WorkCalendar(JSON.parse(text))
    expect(cal.provisionalYears).toEqual([])
    expect(compareYear(DOC.years[PROVISIONAL], n).holidays.removed).toEqual([])
  })

  it('refuses a year that would leave a gap, and says what a year replaces', () => {
    const years = yearsOf(DOC).map(Number)
    const last = years[years.length - 1]!
    expect(noticeTarget(DOC, last + 2)).toEqual({ replaces: null, gap: last + 1 })
    expect(noticeTarget(DOC, last + 1)).toEqual({ replaces: null, gap: null })
    expect(noticeTarget(DOC, years[0]! - 1)).toEqual({ replaces: null, gap: null })
    expect(noticeTarget(DOC, Number(PROVISIONAL)).replaces).toBe('provisional')
    expect(noticeTarget(DOC, years[0]!).replaces).toBe('published')
    expect(yearsOf(withEmptyYear(DOC, last + 1))).toEqual([...years, last + 1].map(String))
  })

  it('shows consecutive days as ranges', () => {
    expect(ranges(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-11'])).toBe('10月1日–3日、10月11日')
    expect(ranges(['2025-05-31', '2025-06-01', '2025-06-02'])).toBe('5月31日–6月2日')
    expect(ranges(['2025-05-31', '2025-06-01'], 'en')).toBe('05-31–06-01')
  })
})

describe('the year view', () => {
  it('opens on the provisional year with its tabs, the 暂定 mark and the legend', () => {
    const { r } = harness()
    const tabs = r.getAllByTestId('year-tab')
    expect(tabs.map((x) => x.getAttribute('data-year'))).toEqual(yearsOf(DOC))
    expect(within(tabs.find((x) => x.getAttribute('data-year') === PROVISIONAL)!).getByText('暂定')).toBeTruthy()
    expect(r.getByTestId('year-view').getAttribute('data-year')).toBe(PROVISIONAL)
    expect(r.getByTestId('year-provisional').textContent).toContain('暂定')
    expect(r.getByTestId('calendar-legend').textContent).toBe('放假（休）调休上班（班）周末')
    expect(r.getAllByTestId('cal-month')).toHaveLength(12)
    for (const d of DOC.years[PROVISIONAL]!.holidays) expect(cell(r.container, d.date).dataset.kind).toBe('holiday')
  })

  it("marks a published year's days off and make-up days, with the weekend from the file", () => {
    const { r } = harness()
    fireEvent.click(r.getAllByTestId('year-tab').find((x) => x.getAttribute('data-year') === '2026')!)
    const view = r.getByTestId('year-view')
    const y = DOC.years['2026']!
    const kinds = (k: string) => Array.from(view.querySelectorAll<HTMLElement>(`[data-kind="${k}"]`)).map((x) => x.dataset.date)
    expect(kinds('holiday')).toEqual(y.holidays.map((d) => d.date))
    expect(kinds('makeup')).toEqual(y.workdays.map((d) => d.date))
    const weekendDays = kinds('weekend')
    expect(weekendDays.every((d) => DOC.weekend.includes(weekday(d!)))).toBe(true)
    expect(cell(view, '2026-10-10').textContent).toBe('10班')
    expect(cell(view, '2026-10-01').textContent).toBe('1休')
  })

  it('sets a clicked day with its name', async () => {
    const { r, text, labels } = harness()
    fireEvent.click(r.getAllByTestId('year-tab').find((x) => x.getAttribute('data-year') === '2026')!)
    await act(async () => void fireEvent.click(cell(r.container, '2026-03-16')))
    const ed = await r.findByTestId('day-editor')
    // a Monday cannot be a make-up workday
    expect(radio(within(ed).getByTestId('day-kind-makeup')).disabled).toBe(true)
    await act(async () => void fireEvent.click(radio(within(ed).getByTestId('day-kind-holiday'))))
    expect((within(ed).getByTestId('day-apply') as HTMLButtonElement).disabled).toBe(true) // no name yet
    await act(async () => void fireEvent.change(within(ed).getByTestId('day-name'), { target: { value: '植树节' } }))
    await act(async () => void fireEvent.click(within(ed).getByTestId('day-apply')))
    const doc = JSON.parse(text()) as CalendarDoc
    expect(doc.years['2026']!.holidays.find((d) => d.date === '2026-03-16')).toEqual({ date: '2026-03-16', name: '植树节' })
    expect(JSON.parse(text())).toEqual(setDay(DOC, '2026-03-16', 'holiday', '植树节'))
    expect(cell(r.container, '2026-03-16').dataset.kind).toBe('holiday')
    expect(labels).toEqual(['设定 2026-03-16：放假 植树节'])
  })

  it("shows the engine's problem on the day it is about", () => {
    const problems: Problem[] = [
      { code: 'CALENDAR_CONFLICT', file: FILE, pointer: '/years/2026/workdays/0/date', message: '2026-01-04 既是节假日又是调休上班日' },
    ]
    const { r } = harness({ problems })
    fireEvent.click(r.getAllByTestId('year-tab').find((x) => x.getAttribute('data-year') === '2026')!)
    expect(cell(r.container, '2026-01-04').style.border).toContain('rgb(255, 77, 79)')
    expect(
      r
        .getAllByTestId('year-tab')
        .find((x) => x.getAttribute('data-year') === '2026')!
        .getAttribute('style'),
    ).toContain('color')
    expect(r.container.textContent).toContain('此年度的问题：2026-01-04 既是节假日又是调休上班日')
  })
})

describe("a year from the State Council's notice", () => {
  async function paste(r: ReturnType<typeof render>, text: string, from: 'header' | 'provisional' = 'provisional') {
    await act(async () => void fireEvent.click(r.getByTestId(from === 'header' ? 'calendar-notice-open' : 'year-replace')))
    const box = await r.findByTestId('notice-text')
    await act(async () => void fireEvent.change(box, { target: { value: text } }))
  }

  it('refuses an impossible date with its line and writes nothing', async () => {
    const { r, text } = harness()
    await paste(r, notice('2027-example.txt').replace('2月20日（周六）上班', '2月30日（周六）上班'))
    const errors = await r.findByTestId('notice-errors')
    expect(errors.textContent).toContain('第5行：2月30日不存在')
    expect(errors.querySelector('li')!.getAttribute('data-line')).toBe('5')
    expect((r.getByTestId('notice-confirm') as HTMLButtonElement).disabled).toBe(true)
    expect(text()).toBe(TEXT)
  })

  it('refuses a notice of another year than the provisional one it replaces', async () => {
    const { r } = harness()
    await paste(r, notice('2026.txt'))
    expect((await r.findByTestId('notice-errors')).textContent).toContain(`第1行：这是 2026 年的通知，不是 ${PROVISIONAL} 年的`)
    expect((r.getByTestId('notice-confirm') as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows the parsed days for confirmation, then writes exactly them', async () => {
    const { r, text, labels } = harness()
    await paste(r, notice('2027-example.txt'))
    const n = parseHolidayNotice(notice('2027-example.txt'), noticeOptions(DOC, Number(PROVISIONAL)))
    expect((await r.findByTestId('notice-summary')).textContent).toBe(
      `将写入 ${PROVISIONAL} 年：${n.holidays.length} 个放假日、${n.workdays.length} 个调休上班日`,
    )
    expect(r.getByTestId('notice-preview').textContent).toContain(`替换 ${PROVISIONAL} 年的暂定安排`)
    const rows = within(r.getByTestId('notice-items')).getAllByRole('row').slice(1)
    expect(rows.map((x) => x.textContent)).toContain('5春节2月5日–13日1月31日、2月20日')
    expect(text()).toBe(TEXT) // nothing written yet
    await act(async () => void fireEvent.click(r.getByTestId('notice-confirm')))
    const doc = JSON.parse(text()) as CalendarDoc
    expect(doc).toEqual(withNotice(DOC, n))
    expect(doc.years[PROVISIONAL]!.provisional).toBeUndefined()
    expect(labels).toEqual([`按国务院通知写入 ${PROVISIONAL} 年`])
    // the year view now shows the notice's days, the 暂定 mark gone
    expect(r.queryByTestId('year-provisional')).toBeNull()
    expect(cell(r.container, `${PROVISIONAL}-02-09`).dataset.kind).toBe('holiday')
    expect(cell(r.container, `${PROVISIONAL}-02-20`).dataset.kind).toBe('makeup')
  })

  it("adds a year before the first from its real notice; the next year's notice then adds its 12月31日 there", async () => {
    const first = Number(yearsOf(DOC)[0])
    const file = `${first - 1}.txt`
    const known = readdirSync('tests/cases/calendar-notices')
    if (!known.includes(file)) throw new Error(`tests/cases/calendar-notices has no ${file}; add the year before the calendar's first`)
    const { r, text } = harness()
    await paste(r, notice(file), 'header')
    await r.findByTestId('notice-summary')
    expect(r.getByTestId('notice-preview').textContent).toContain(`新增 ${first - 1} 年`)
    await act(async () => void fireEvent.click(r.getByTestId('notice-confirm')))
    expect(yearsOf(JSON.parse(text()) as CalendarDoc)[0]).toBe(String(first - 1))
    // the first year's own notice, pasted again: its days as they were, plus the one it gives the year before
    await paste(r, notice(`${first}.txt`), 'header')
    await r.findByTestId('notice-summary')
    expect(r.getByTestId('notice-diff').textContent).toBe('与现有安排相比：新增 0 天、去掉 0 天、改名 0 天')
    expect(r.getByTestId('notice-spills').textContent).toBe(`另将 ${first - 1}-12-31（元旦）写入 ${first - 1} 年`)
    await act(async () => void fireEvent.click(r.getByTestId('notice-confirm')))
    const doc = JSON.parse(text()) as CalendarDoc
    expect(doc.years[String(first)]!.holidays).toEqual(DOC.years[String(first)]!.holidays)
    expect(doc.years[String(first - 1)]!.holidays.at(-1)).toEqual({ date: `${first - 1}-12-31`, name: '元旦' })
    const files = readdirSync('definitions/galutu')
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ file: f, text: f === FILE ? text() : readFileSync(`definitions/galutu/${f}`, 'utf8') }))
    const { problems } = await loadScheme(files)
    expect(problems).toEqual([])
  })
})
