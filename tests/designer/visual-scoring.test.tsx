// @vitest-environment jsdom
/**
 * The scorecard editor in jsdom on Galutu's scoring.json: a change in the table writes exactly the
 * members it edits (points with the formula's full marks, a grade's minimum); a free formula typed as
 * text is written only when it parses, and an item that can then exceed its points is marked; the
 * engine's problems show on their cells.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createElement as h, useState } from 'react'
import { readFileSync } from 'node:fs'
import { cleanup, fireEvent, render, within } from '@testing-library/react'
import ScorecardEditor from '../../designer/src/visual/scoring/ScorecardEditor'
import { ProblemsProvider } from '../../designer/src/visual/kit'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import type { Problem } from '../../designer/src/lib/problems'

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

const galutu = () => JSON.parse(readFileSync('definitions/galutu/scoring.json', 'utf8'))
const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })

/** Pointers of the leaves that differ between two JSON values. */
function changed(a: unknown, b: unknown, at = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((k) => changed((a as any)[k], (b as any)[k], `${at}/${k}`))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at]
}

function mount(doc: any, opts: { problems?: Problem[]; lang?: Lang } = {}) {
  const writes: Array<{ next: any; label: string }> = []
  const openJson = vi.fn()
  function Harness() {
    const [d, setD] = useState(doc)
    const problems = opts.problems ?? []
    return h(
      ProblemsProvider,
      { problems, lang: opts.lang ?? 'zh-CN' } as any,
      h(ScorecardEditor, {
        file: 'scoring.json',
        doc: d,
        onChange: (next: any, label: string) => {
          writes.push({ next, label })
          setD(next)
        },
        problems,
        draft: { files: [], docsOf: () => [] },
        info: null,
        client: {} as any,
        i18n: i18n(opts.lang ?? 'zh-CN'),
        openJson,
      }),
    )
  }
  const r = render(h(Harness))
  return { r, writes, openJson, last: () => writes[writes.length - 1]?.next }
}

const input = (el: Element) => (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input,textarea')!) as HTMLInputElement
const row = (r: ReturnType<typeof render>, testId: string) => r.container.querySelector(`[data-testid="${testId}"]`) as HTMLElement

describe('ScorecardEditor', () => {
  it('shows every section and item of the first scoring with its rule in words', () => {
    const doc = galutu()
    const { r } = mount(doc)
    for (const sec of doc.scorings[0].sections) {
      expect(row(r, `section-${sec.id}`), sec.id).not.toBeNull()
      for (const it of sec.items) expect(row(r, `item-${it.id}`), it.id).not.toBeNull()
    }
    expect(within(row(r, 'item-onlineRateScore')).getByTestId('readable').textContent).toBe('网访占比率 ≥ 70% 得满分 10 分，否则按比例')
    // both scorings are tabs; nothing is marked in the shipped file
    expect(row(r, 'scoring-tab-officer_halfyear')).not.toBeNull()
    expect(r.container.querySelector('[data-testid="exceed-mark"]')).toBeNull()
  })

  it("an item's points change its max and the formula's points, nothing else; members it does not know are kept", () => {
    const doc = galutu()
    doc['x-note'] = 'kept'
    doc.scorings[0].sections[0].items[0]['x-owner'] = '镇信访办'
    const { r, writes, last } = mount(doc)
    fireEvent.change(input(within(row(r, 'item-stableTeam')).getByTestId('item-max')), { target: { value: '3' } })
    expect(writes.length).toBe(1)
    expect(writes[0]!.label).toBe('修改分项满分')
    expect(changed(doc, last())).toEqual(['/scorings/0/sections/0/items/0/max', '/scorings/0/sections/0/items/0/formula/if/1'])
    expect(last()['x-note']).toBe('kept')
    expect(last().scorings[0].sections[0].items[0]['x-owner']).toBe('镇信访办')
    expect(last().scorings[0].sections[0].items[0]).toMatchObject({ max: 3, formula: { if: [{ var: 'organization.stableTeam' }, 3, 0] } })
    expect(within(row(r, 'item-stableTeam')).getByTestId('readable').textContent).toContain('是得 3 分')
  })

  it("a grade band's minimum is the one member written", () => {
    const doc = galutu()
    const { r, last } = mount(doc)
    const pass = doc.scorings[0].grades.findIndex((g: any) => g.name === '合格')
    fireEvent.change(input(within(row(r, `grade-${pass}`)).getByTestId('grade-min')), { target: { value: '65' } })
    expect(changed(doc, last())).toEqual([`/scorings/0/grades/${pass}/min`])
    expect(last().scorings[0].grades[pass].min).toBe(65)
  })

  it('a threshold typed in percent writes the divided form; 100% writes the short one', () => {
    const doc = galutu()
    const { r, last } = mount(doc)
    const th = input(within(row(r, 'item-onlineRateScore')).getByTestId('rule-threshold'))
    fireEvent.change(th, { target: { value: '60' } })
    expect(last().scorings[0].sections[2].items[1].formula).toStrictEqual({ '*': [{ min: [{ '/': [{ var: 'onlineRate' }, 0.6] }, 1] }, 10] })
    fireEvent.change(th, { target: { value: '100' } })
    expect(last().scorings[0].sections[2].items[1].formula).toStrictEqual({ '*': [{ min: [{ var: 'onlineRate' }, 1] }, 10] })
  })

  it('a free formula: invalid JSON is shown on the control and not written; a formula above the points is marked', () => {
    const doc = galutu()
    // warnings as a formula the table has no pattern for (3 × min(n, 1) + … )
    const free = { '+': [{ min: [{ var: 'bonus.majorWarnings' }, 5] }, 0] }
    doc.scorings[0].sections[3].items[2].formula = free
    const { r, writes, last } = mount(doc)
    const cell = row(r, 'item-warnings')
    const area = within(cell).getByTestId('formula-text') as HTMLTextAreaElement
    expect(JSON.parse(area.value)).toStrictEqual(free)
    fireEvent.change(area, { target: { value: '{"+": [{"min": [{"var": "bonus.majorWarnings"}, 5]}, 2' } })
    expect(writes.length).toBe(0)
    expect(cell.textContent).toContain('不是有效的 JSON，未写入')
    expect(area.closest('.ant-form-item-has-error')).not.toBeNull()
    expect(within(cell).queryByTestId('exceed-mark')).toBeNull()
    fireEvent.change(area, { target: { value: '{"+": [{"min": [{"var": "bonus.majorWarnings"}, 5]}, 2]}' } })
    expect(writes.length).toBe(1)
    expect(changed(doc, last())).toEqual(['/scorings/0/sections/3/items/2/formula/+/1'])
    // (antd keeps the old help text while it animates out; the error status is gone)
    expect(area.closest('.ant-form-item-has-error')).toBeNull()
    const mark = within(row(r, 'item-warnings')).getByTestId('exceed-mark')
    expect(mark.getAttribute('data-method')).toBe('grid')
    expect(within(row(r, 'item-warnings')).getByTestId('readable').textContent).toBe('min(有效预警重大信访事项数, 5) + 2')
  })

  it("shows the engine's problem on the cell it is about, marked with its pointer", () => {
    const doc = galutu()
    const pointer = '/scorings/0/grades/2/min'
    const { r } = mount(doc, {
      problems: [{ code: 'GRADE_BANDS', file: 'scoring.json', pointer, message: '等次须从高到低排列，下限递减', messageEn: 'bands go from the highest down' }],
    })
    const marked = r.container.querySelector(`[data-pointer="${pointer}"]`) as HTMLElement
    expect(marked).not.toBeNull()
    expect(marked.textContent).toContain('等次须从高到低排列，下限递减')
    expect(row(r, 'grade-2').textContent).toContain('等次须从高到低排列')
  })

  it('speaks English when asked', () => {
    const { r } = mount(galutu(), { lang: 'en' })
    expect(within(row(r, 'item-onlineRateScore')).getByTestId('readable').textContent).toBe('Online share ≥ 70%: full 10 points, else pro rata')
    expect(r.container.textContent).toContain('Score sheet')
  })
})
