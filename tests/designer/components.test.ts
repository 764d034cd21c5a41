// @vitest-environment jsdom
/** The designer's small components in jsdom: problems list, impact summary, patch view, i18n. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createElement as h } from 'react'
import { cleanup, fireEvent, render } from '@testing-library/react'
import { ProblemList } from '../../designer/src/panels/ProblemList'
import { ImpactSummary, changeText } from '../../designer/src/panels/ImpactView'
import { DiffFiles } from '../../designer/src/panels/PatchView'
import { translate, pickLine, type I18n, type Lang } from '../../designer/src/i18n'
import type { Impact } from '../../designer/src/api'

beforeAll(() => {
  // antd reads these; jsdom has neither.
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

const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })

describe('ProblemList', () => {
  it('shows code, file, pointer and message, and jumps on click', () => {
    const onJump = vi.fn()
    const r = render(
      h(ProblemList, {
        problems: [
          {
            code: 'UNKNOWN_GROUP',
            file: 'rules.json',
            pointer: '/ruleSets/1/rules/3/event/params/group',
            message: '未知的代办专班组 "no_such_group"',
            messageEn: 'Unknown task group "no_such_group"',
          },
        ],
        i18n: i18n('zh-CN'),
        onJump,
      }),
    )
    expect(r.container.textContent).toContain('UNKNOWN_GROUP')
    expect(r.container.textContent).toContain('rules.json /ruleSets/1/rules/3/event/params/group')
    expect(r.container.textContent).toContain('未知的代办专班组')
    fireEvent.click(r.getByTestId('problem-item'))
    expect(onJump).toHaveBeenCalledWith('rules.json', '/ruleSets/1/rules/3/event/params/group')
  })

  it('speaks English when asked', () => {
    const r = render(
      h(ProblemList, { problems: [{ code: 'X', file: 'a.json', pointer: '', message: '中文', messageEn: 'English' }], i18n: i18n('en'), onJump: () => {} }),
    )
    expect(r.container.textContent).toContain('English')
    expect(r.container.textContent).not.toContain('中文')
  })
})

const impact: Impact = {
  today: '2026-11-26',
  period: { from: '2026-01-01', to: '2026-11-26' },
  counts: { cases: 3, outcome: 0, group: 0, dueDate: 2, overdue: 1, errors: 0 },
  cases: [
    {
      caseId: 'a',
      number: 'GLT-2026-000001',
      village: '团结社区',
      changes: [
        { field: 'dueDate', from: '2026-11-09', to: '2026-11-05' },
        { field: 'overdue', from: false, to: true },
      ],
    },
    { caseId: 'b', number: 'GLT-2026-000002', village: null, changes: [{ field: 'dueDate', from: '2026-11-09', to: '2026-11-05' }] },
  ],
  truncated: false,
  villages: [{ village: '团结社区', before: { total: 27, grade: '不合格' }, after: { total: 25, grade: '不合格' }, changed: true }],
}

describe('ImpactSummary', () => {
  it('lists counts, each case with every change from → to, and each village before → after', () => {
    const r = render(h(ImpactSummary, { impact, i18n: i18n('zh-CN') }))
    const text = r.container.textContent!
    expect(text).toContain('应办结日期变化')
    expect(text).toContain('GLT-2026-000001')
    expect(text).toContain('2026-11-09')
    expect(text).toContain('2026-11-05')
    expect(text).toContain('超期')
    expect(text).toContain('27 · 不合格')
    expect(text).toContain('25 · 不合格')
    expect(r.container.querySelectorAll('[data-testid="impact-cases"] tbody tr').length).toBe(2)
  })

  it('words changes for people', () => {
    expect(changeText({ field: 'overdue', from: false, to: true }, i18n('zh-CN'))).toEqual({ field: '超期', from: '否', to: '是' })
    expect(changeText({ field: 'group', from: null, to: '劳动社会保障组' }, i18n('en'))).toEqual({ field: 'Group', from: '—', to: '劳动社会保障组' })
  })
})

describe('DiffFiles', () => {
  it('renders a file with status and coloured lines', () => {
    const r = render(
      h(DiffFiles, {
        files: [{ file: 'deadlines.json', status: 'changed', patch: '@@ -3,3 +3,3 @@\n   "clocks": [\n-    { "days": 5 },\n+    { "days": 3 },\n   ]' }],
        i18n: i18n('zh-CN'),
      }),
    )
    expect(r.container.textContent).toContain('deadlines.json')
    expect(r.container.textContent).toContain('修改')
    expect(r.container.querySelector('tr.diff-del')!.textContent).toContain('"days": 5')
    expect(r.container.querySelector('tr.diff-add')!.textContent).toContain('"days": 3')
    expect(r.container.querySelector('tr.diff-add')!.textContent).toContain('4')
  })
})

describe('i18n', () => {
  it('has every key in both languages, and picks a line of bilingual descriptions', () => {
    expect(translate('zh-CN', 'publishRefused', { n: 2 })).toBe('未发布：方案有 2 个问题，点击可定位')
    expect(translate('en', 'publishRefused', { n: 2 })).toBe('Not published: 2 problems; click one to go there')
    expect(pickLine('中文\nEnglish', 'en')).toBe('English')
    expect(pickLine('中文\nEnglish', 'zh-CN')).toBe('中文')
  })
})
