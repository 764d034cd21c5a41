// @vitest-environment jsdom
/**
 * Issue #17's fixes in the designer's panels, in jsdom with the designer's API module replaced by
 * a fake: the fork dialog names the version the server forks now (not the one the page loaded);
 * the impact view drops the previous scheme's result and a late reply; the recount panel lists
 * old → new due dates and recounts the chosen cases after a confirmation; the publish dialog
 * lists the cases to recount after publishing, or closes at once when there are none; the
 * deadline calculator marks a provisional due date 暂定 exactly when the engine's decision says so.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createElement as h } from 'react'
import { act, cleanup, configure, fireEvent, render, waitFor } from '@testing-library/react'
import { readdirSync, readFileSync } from 'node:fs'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import type { Impact, RecountOutcome } from '../../designer/src/api'

// waits are for the dialogs' async steps, not timing: give them room on a loaded machine
configure({ asyncUtilTimeout: 5000 })

const fake = vi.hoisted(() => ({
  schemes: vi.fn(),
  impact: vi.fn(),
  recountPreview: vi.fn(),
  recount: vi.fn(),
  publish: vi.fn(),
  fork: vi.fn(),
}))
vi.mock('../../designer/src/api', () => ({
  api: fake,
  problemsOf: () => [],
  ApiError: class ApiError extends Error {
    fields: unknown[] = []
  },
}))

import ForkModal from '../../designer/src/panels/ForkModal'
import ImpactView from '../../designer/src/panels/ImpactView'
import RecountPanel from '../../designer/src/panels/RecountPanel'
import PublishModal from '../../designer/src/panels/PublishModal'
import DeadlineCalc from '../../designer/src/panels/DeadlineCalc'
import { EngineHost } from '../../designer/src/engine/host'

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
beforeEach(() => {
  for (const f of Object.values(fake)) f.mockReset()
})
afterEach(cleanup)

const i18n = (lang: Lang = 'zh-CN'): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })
const deferred = <T>() => {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
const impactOf = (number: string): Impact => ({
  today: '2026-11-26',
  period: { from: '2026-01-01', to: '2026-11-26' },
  counts: { cases: 1, outcome: 0, group: 0, dueDate: 1, overdue: 0, errors: 0 },
  cases: [{ caseId: number, number, village: '团结社区', changes: [{ field: 'dueDate', from: '2026-12-01', to: '2026-11-24' }] }],
  truncated: false,
  villages: [],
})
const LIST: RecountOutcome = {
  version: { version: '1.0.3', hash: 'h103', seq: 4 },
  items: [
    {
      caseId: 'c1',
      number: 'GLT-2026-000001',
      village: '团结社区',
      from: { version: '1.0.0', hash: 'h100' },
      status: 'recount',
      dueDate: { from: '2026-03-23', to: '2026-03-16' },
      clocks: [{ clock: 'handling_town', name: '镇级事项办理时限', from: '2026-03-23', to: '2026-03-16', days: { from: 15, to: 10 } }],
    },
    {
      caseId: 'c2',
      number: 'GLT-2026-000002',
      village: '文化社区',
      from: { version: '1.0.0', hash: 'h100' },
      status: 'recount',
      dueDate: { from: '2026-03-24', to: '2026-03-17' },
      clocks: [{ clock: 'handling_town', name: '镇级事项办理时限', from: '2026-03-24', to: '2026-03-17', days: { from: 15, to: 10 } }],
    },
  ],
}
const EMPTY: RecountOutcome = { version: LIST.version, items: [] }

describe('the fork dialog names the version it forks', () => {
  it('reads the latest published version when it opens: 1.0.3, not the 1.0.0 the page loaded with', async () => {
    fake.schemes.mockResolvedValue({
      items: [{ id: 'galutu', name: '嘎鲁图镇信访代办制', town: '嘎鲁图镇', version: '1.0.3', hash: 'h103', seq: 4, forkedFrom: null }],
    })
    const r = render(
      h(ForkModal, {
        source: { id: 'galutu', name: '嘎鲁图镇信访代办制', town: '嘎鲁图镇', version: '1.0.0', hash: 'h100', seq: 1, forkedFrom: null },
        i18n: i18n(),
        onClose: () => {},
        onForked: () => {},
      }),
    )
    await waitFor(() => expect(document.querySelector('[data-testid="fork-intro"]')!.textContent).toContain('1.0.3'))
    const intro = document.querySelector('[data-testid="fork-intro"]')!.textContent!
    expect(intro).toContain('第 4 版')
    expect(intro).not.toContain('1.0.0')
    r.unmount()
  })
})

describe('the impact view follows the scheme', () => {
  it('clears the previous scheme’s result on a switch and ignores a reply that comes after it', async () => {
    fake.recountPreview.mockResolvedValue(EMPTY)
    const first = deferred<Impact>()
    fake.impact.mockReturnValueOnce(first.promise)
    const props = { i18n: i18n(), beforeRun: async () => {}, onJump: () => {} }
    const r = render(h(ImpactView, { ...props, schemeId: 'galutu' }))
    expect(document.querySelector('[data-testid="impact-stays"]')!.textContent).toContain('发布新版本不会改动在办案件')
    fireEvent.click(r.getByTestId('impact-run'))
    await act(async () => first.resolve(impactOf('GLT-2026-000001')))
    expect(r.container.textContent).toContain('GLT-2026-000001')

    // switch: the galutu result goes at once
    r.rerender(h(ImpactView, { ...props, schemeId: 'wulan' }))
    expect(r.container.textContent).not.toContain('GLT-2026-000001')
    expect(r.queryByTestId('impact-summary')).toBeNull()

    // a run for wulan whose reply comes after switching back to galutu is dropped
    const late = deferred<Impact>()
    fake.impact.mockReturnValueOnce(late.promise)
    fireEvent.click(r.getByTestId('impact-run'))
    await act(async () => {})
    r.rerender(h(ImpactView, { ...props, schemeId: 'galutu' }))
    await act(async () => late.resolve(impactOf('WLT-2026-000009')))
    expect(r.container.textContent).not.toContain('WLT-2026-000009')
    expect(r.queryByTestId('impact-summary')).toBeNull()
    expect(fake.impact.mock.calls.map((c) => c[0])).toEqual(['galutu', 'wulan'])
  })

  it('offers the recount of running cases as its own step under the impact', async () => {
    fake.recountPreview.mockResolvedValue(LIST)
    const r = render(h(ImpactView, { schemeId: 'galutu', i18n: i18n(), beforeRun: async () => {}, onJump: () => {} }))
    await waitFor(() => expect(r.queryByTestId('recount-list')).not.toBeNull())
    expect(fake.recountPreview).toHaveBeenCalledWith('galutu')
    expect(fake.recount).not.toHaveBeenCalled()
  })
})

describe('the recount panel', () => {
  it('lists old → new due dates and recounts the chosen cases after a confirmation', async () => {
    fake.recountPreview.mockResolvedValueOnce(LIST).mockResolvedValueOnce({ version: LIST.version, items: [LIST.items[1]!] })
    fake.recount.mockResolvedValue({ version: LIST.version, items: [{ ...LIST.items[0]!, status: 'recounted' }] })
    const r = render(h(RecountPanel, { schemeId: 'galutu', i18n: i18n(), mode: 'impact' }))
    await waitFor(() => expect(r.queryByTestId('recount-list')).not.toBeNull())
    const rows = Array.from(document.querySelectorAll('[data-testid="recount-list"] tbody tr')).map((tr) => tr.textContent)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('GLT-2026-000001')
    expect(rows[0]).toContain('2026-03-23 → 2026-03-16')
    expect(rows[0]).toContain('15 → 10 天')
    expect(r.container.textContent).toContain('1.0.3')
    // both chosen by default; untick the second
    expect(r.getByTestId('recount-run').textContent).toContain('2')
    fireEvent.click(document.querySelector('[data-testid="recount-pick-GLT-2026-000002"]')!)
    expect(r.getByTestId('recount-run').textContent).toContain('1')
    fireEvent.click(r.getByTestId('recount-run'))
    expect(fake.recount).not.toHaveBeenCalled() // not before the confirmation
    await waitFor(() => expect(document.querySelector('[data-testid="recount-confirm"]')).not.toBeNull())
    fireEvent.click(document.querySelector('[data-testid="recount-confirm"]')!)
    await waitFor(() => expect(r.queryByTestId('recount-result')).not.toBeNull())
    expect(fake.recount).toHaveBeenCalledWith('galutu', ['c1'], 'h103')
    expect(r.getByTestId('recount-result').textContent).toContain('已重算 1 件')
    // the list is read again: what is left
    await waitFor(() => expect(document.querySelectorAll('[data-testid="recount-list"] tbody tr')).toHaveLength(1))
  })

  it('says so when there is nothing to recount, in English too', async () => {
    fake.recountPreview.mockResolvedValue(EMPTY)
    const r = render(h(RecountPanel, { schemeId: 'galutu', i18n: i18n('en'), mode: 'impact' }))
    await waitFor(() => expect(r.queryByTestId('recount-none')).not.toBeNull())
    expect(r.getByTestId('recount-none').textContent).toContain('No running case needs a recount')
  })
})

describe('the publish dialog after publishing', () => {
  const open = async (list: RecountOutcome) => {
    fake.impact.mockResolvedValue(impactOf('GLT-2026-000001'))
    fake.publish.mockResolvedValue({
      version: { seq: 4, schemeId: 'galutu', version: '1.0.3', hash: 'h103', publishedAt: '', publishedBy: 'admin', note: 'x' },
      bumped: null,
    })
    fake.recountPreview.mockResolvedValue(list)
    const onPublished = vi.fn()
    const r = render(h(PublishModal, { open: true, schemeId: 'galutu', i18n: i18n(), flush: async () => {}, onClose: () => {}, onPublished, onJump: () => {} }))
    await waitFor(() => expect(document.querySelector('[data-testid="impact-summary"]')).not.toBeNull())
    fireEvent.change(document.querySelector('[data-testid="publish-note"]')!, { target: { value: '镇级时限 10 日' } })
    fireEvent.click(document.querySelector('[data-testid="publish-confirm"]')!)
    await waitFor(() => expect(fake.recountPreview).toHaveBeenCalled())
    return { r, onPublished }
  }

  it('lists the running cases whose due dates would change, with the recount button, and closes on 完成', async () => {
    const { onPublished } = await open(LIST)
    await waitFor(() => expect(document.querySelector('[data-testid="recount-list"]')).not.toBeNull())
    expect(document.body.textContent).toContain('新版本 1.0.3 已发布')
    expect(document.querySelector('[data-testid="recount-run"]')).not.toBeNull()
    expect(onPublished).not.toHaveBeenCalled()
    fireEvent.click(document.querySelector('[data-testid="publish-done"]')!)
    expect(onPublished).toHaveBeenCalledTimes(1)
    expect(onPublished.mock.calls[0]![0]).toMatchObject({ version: '1.0.3' })
  })

  it('closes at once when no running case would change', async () => {
    const { onPublished } = await open(EMPTY)
    await waitFor(() => expect(onPublished).toHaveBeenCalledTimes(1))
  })
})

describe('the deadline calculator marks a provisional due date 暂定, as the rule tester does', () => {
  const files = () =>
    readdirSync('definitions/galutu')
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))
  const provisionalReason = /暂定日历/

  it('the engine host says provisional exactly when the decision’s reasons do (town and village limits, dates across 2026 → 2027)', async () => {
    const host = new EngineHost()
    expect((await host.load(files())).ok).toBe(true)
    const info = (await host.load(files())).info!
    const compiled = host as unknown as { compiled: { calendar: { provisionalYears: readonly string[] } } }
    expect(compiled.compiled.calendar.provisionalYears.length).toBeGreaterThan(0)
    let seen = { provisional: 0, firm: 0 }
    for (const level of ['village', 'town']) {
      const clock = info.clocks.find((c) => c.id === `handling_${level}`)!
      for (const receivedOn of ['2026-11-30', '2026-12-10', '2026-12-21', '2026-12-28', '2027-01-04']) {
        const d = await host.decide({ receivedOn, level, category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' })
        expect(d.ok).toBe(true)
        if (!d.ok) continue
        const a = host.addDays(receivedOn, clock.days, clock.unit)
        expect(a.due).toBe(d.decision.dueDate)
        const said = d.decision.reasons.some((x) => provisionalReason.test(x))
        expect(!!a.provisional, `${level} ${receivedOn} → ${a.due}`).toBe(said)
        seen = said ? { ...seen, provisional: seen.provisional + 1 } : { ...seen, firm: seen.firm + 1 }
      }
    }
    // both sides of the year boundary were met
    expect(seen.provisional).toBeGreaterThan(0)
    expect(seen.firm).toBeGreaterThan(0)
    // calendar days do not depend on holidays: never provisional
    expect(host.addDays('2026-12-28', 15, 'calendar').provisional).toBe(false)
  })

  it('shows 暂定 beside the due date and the reason under it, and nothing for a firm date', async () => {
    const host = new EngineHost()
    const load = await host.load(files())
    const client = { addDays: async (date: string, days: number, unit: 'workday' | 'calendar') => host.addDays(date, days, unit) }
    const props = { client: client as never, load, loadSeq: 1, i18n: i18n(), jumpTo: () => {} }
    // The calculator starts at "today": fix it (only Date is faked, timers run) so the test does not
    // depend on the day it runs — a firm date in mid-2026, far from the 2027 boundary.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T04:00:00Z') })
    try {
      const r = render(h(DeadlineCalc, props))
      await waitFor(() => expect(r.getByTestId('calc-due').textContent).toMatch(/^2026-06/))
      expect(r.queryByTestId('calc-provisional')).toBeNull()
      const input = r.container.querySelector('.ant-picker input') as HTMLInputElement
      // type a date into the picker and confirm with Enter, until the due date shows what is expected
      // (under load a keystroke can reach the picker before it has opened: type again then)
      const typeDate = async (value: string, due: RegExp) => {
        for (let attempt = 1; ; attempt++) {
          fireEvent.focus(input)
          fireEvent.mouseDown(input)
          fireEvent.change(input, { target: { value } })
          fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 })
          try {
            await waitFor(() => expect(r.getByTestId('calc-due').textContent).toMatch(due), { timeout: 3000 })
            return
          } catch (e) {
            if (attempt === 3) throw e
          }
        }
      }
      // 2026-12-28 + 5 working days lands in 2027, whose holidays are not published yet
      await typeDate('2026-12-28', /^2027-/)
      expect(r.getByTestId('calc-provisional').textContent).toBe('暂定')
      expect(r.getByTestId('calc-provisional-hint').textContent).toContain('2027 年节假日安排尚未公布')
      await typeDate('2026-06-02', /^2026-06/)
      expect(r.queryByTestId('calc-provisional')).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})
