// @vitest-environment jsdom
/** The live triage panel on the registration screen, and its debounced, abortable decide calls. */
import './dom'
import { describe, expect, it, vi } from 'vitest'
import { act, render, renderHook, screen } from '@testing-library/react'
import { DecidePreview, useDecidePreview, type PreviewState } from '../../runtime/web/src/components/DecidePreview'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { ApiError, type Decision, type JsonSchema } from '../../runtime/web/src/api'

const schema: JsonSchema = {
  type: 'object',
  properties: { category: { type: 'string', title: '事项类别' }, level: { type: 'string', title: '事项层级' }, phone: { type: 'string', title: '联系电话' } },
}
const decision: Decision = {
  outcome: 'proxy',
  outcomeName: '代办',
  group: '劳动社会保障组',
  groupId: 'labour_social',
  clock: 'handling_village',
  dueDate: '2026-03-09',
  escalateTo: null,
  reasons: ['无法直接答复且信访人同意代办', '“社会保障”属劳动社会保障组代办范围', '自 2026-03-02 起 5 个工作日（起始日不计），应于 2026-03-09 前办结'],
  reasonsEn: ['Proxy', 'Labour group', 'Due 2026-03-09'],
  trace: [],
}
const show = (state: PreviewState, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <DecidePreview state={state} schema={schema} />
    </I18nProvider>,
  )

describe('DecidePreview', () => {
  it('says what to fill before anything is decided', () => {
    show({ status: 'idle' })
    expect(screen.getByTestId('decide-preview').textContent).toContain('实时显示甄别结果')
  })

  it('shows the outcome, the task group, the due date and the reasons', () => {
    show({ status: 'ok', decision })
    expect(screen.getByTestId('decide-outcome').textContent).toBe('代办')
    expect(screen.getByTestId('decide-group').textContent).toBe('劳动社会保障组')
    expect(screen.getByTestId('decide-due').textContent).toBe('2026-03-09')
    const text = screen.getByTestId('decide-result').textContent ?? ''
    for (const r of decision.reasons) expect(text).toContain(r)
  })

  it('shows the English reasons in English', () => {
    show({ status: 'ok', decision }, 'en')
    expect(screen.getByTestId('decide-result').textContent).toContain('Labour group')
    expect(screen.getByTestId('decide-preview').textContent).toContain('Triage and routing')
  })

  it('says a clock has not started when the decision has a clock but no date yet', () => {
    show({ status: 'ok', decision: { ...decision, dueDate: null } })
    expect(screen.getByTestId('decide-due').textContent).toBe('暂不计时')
  })

  it('lists the field problems with the fields’ titles', () => {
    show({
      status: 'problems',
      message: '输入有误',
      fields: [
        { field: 'category', code: 'MISSING_FACT', message: '事项类别：未填写，代办事项须有类别才能分流到专班组' },
        { field: 'phone', code: 'INPUT_INVALID', message: 'phone：格式不正确' },
      ],
    })
    const items = Array.from(screen.getByTestId('decide-problems').querySelectorAll('li')).map((li) => li.textContent)
    // the server names the field by its title (or, from older servers, by its key): shown once
    expect(items).toEqual(['事项类别：未填写，代办事项须有类别才能分流到专班组', '联系电话：格式不正确'])
  })

  it('keeps the previous decision, dimmed, while the next one is computed', () => {
    show({ status: 'loading', previous: decision })
    expect(screen.getByTestId('decide-result').className).toContain('stale')
    expect(screen.getByTestId('decide-group').textContent).toBe('劳动社会保障组')
  })
})

describe('useDecidePreview', () => {
  it('calls decide once typing pauses, aborting the calls it no longer needs', async () => {
    vi.useFakeTimers()
    try {
      const signals: AbortSignal[] = []
      const decide = vi.fn((facts: Record<string, unknown>, signal: AbortSignal) => {
        signals.push(signal)
        return Promise.resolve({ ...decision, group: String(facts.category) })
      })
      const { result, rerender } = renderHook(({ facts }) => useDecidePreview(decide, facts, 300), {
        initialProps: { facts: null as Record<string, unknown> | null },
      })
      expect(result.current.status).toBe('idle')
      rerender({ facts: { category: 'a' } })
      await act(async () => vi.advanceTimersByTime(100))
      rerender({ facts: { category: 'ab' } })
      await act(async () => vi.advanceTimersByTime(100))
      rerender({ facts: { category: 'abc' } })
      expect(decide).not.toHaveBeenCalled()
      await act(async () => vi.advanceTimersByTime(300))
      expect(decide).toHaveBeenCalledTimes(1)
      expect(decide.mock.calls[0]![0]).toEqual({ category: 'abc' })
      await act(async () => {})
      expect(result.current.status).toBe('ok')
      expect(result.current.status === 'ok' && result.current.decision.group).toBe('abc')
      // a new change while a call is out aborts it
      rerender({ facts: { category: 'abcd' } })
      expect(signals[0]!.aborted).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports a 422 as field problems and anything else as an error', async () => {
    const refuse = vi.fn(() => Promise.reject(new ApiError(422, 'INVALID_INPUT', '输入有误', [{ field: 'level', code: 'MISSING_FACT', message: '缺少' }])))
    const { result } = renderHook(() => useDecidePreview(refuse, { category: 'x' }, 0))
    await vi.waitFor(() => expect(result.current.status).toBe('problems'))
    expect(result.current.status === 'problems' && result.current.fields[0]!.field).toBe('level')
    const fail = vi.fn(() => Promise.reject(new ApiError(0, 'NETWORK', '无法连接服务器')))
    const r2 = renderHook(() => useDecidePreview(fail, { category: 'x' }, 0))
    await vi.waitFor(() => expect(r2.result.current.status).toBe('error'))
  })
})
