// @vitest-environment jsdom
/**
 * The channels screens' pieces in jsdom: what registration searches earlier cases with, the import
 * sources and their template from the real Galutu org definition, the import counts, the repeat
 * click-through, the on-duty officer offered first, the similar panel and the notification bell
 * against a fetch that answers as the server does.
 */
import './dom'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { App as AntApp } from 'antd'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { signedIn, signedOut } from '../../runtime/web/src/session'
import type { FormDef, Org } from '../../runtime/web/src/api'
import { importChannels, importCounts, importFileKind, matchFacts, repeatCases, repeatTotals, templateCsv } from '../../runtime/web/src/channels/logic'
import type { ImportResult, Notice, Repeats, Similar } from '../../runtime/web/src/channels/api'
import { withDutyOptions, officerField, stationOnDuty } from '../../runtime/web/src/channels/DutySuggestion'
import { SimilarPanel, SIMILAR_DEBOUNCE_MS } from '../../runtime/web/src/channels/SimilarPanel'
import NotificationBell from '../../runtime/web/src/channels/NotificationBell'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as Org
const intakeForm = (JSON.parse(readFileSync('definitions/galutu/forms-intake.json', 'utf8')) as { forms: FormDef[] }).forms.find((f) => f.id === 'intake')!

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  signedOut()
})

describe('what registration searches earlier cases with', () => {
  it('waits until the petitioner or the matter is identified', () => {
    expect(matchFacts(null)).toBeNull()
    expect(matchFacts({ petitionerName: '张三', summary: '很长的诉求' })).toBeNull()
    expect(matchFacts({ petitionerName: '张三', village: '团结社区' })?.facts).toEqual({ petitionerName: '张三', village: '团结社区' })
    expect(matchFacts({ phone: '13800000000' })).not.toBeNull()
    expect(matchFacts({ idNumber: '15062619800101001X' })).not.toBeNull()
    expect(matchFacts({ village: '团结社区', category: '禁牧' })).not.toBeNull()
  })
  it('ignores the facts it does not search with, so typing the matter does not search again', () => {
    const a = matchFacts({ phone: '13800000000', summary: '一' })
    const b = matchFacts({ phone: '13800000000', summary: '一二三', requests: '四' })
    expect(a!.key).toBe(b!.key)
    expect(matchFacts({ phone: '13800000001' })!.key).not.toBe(a!.key)
    expect(a!.facts).toEqual({ phone: '13800000000' })
  })
  it('issue 16 §2: reads the form’s fields by role, whatever they are called, and searches by role', () => {
    // the real intake, with its village and phone renamed (each keeps its x-daiban-role)
    const { village, phone, ...props } = intakeForm.schema.properties!
    const renamed = { ...intakeForm.schema, properties: { ...props, gacha: village!, mobile: phone! } }
    expect(matchFacts({ petitionerName: '张三', gacha: '团结社区', mobile: '13800000000' }, renamed)?.facts).toEqual({
      petitionerName: '张三',
      village: '团结社区',
      phone: '13800000000',
    })
    expect(matchFacts({ petitionerName: '张三', village: '团结社区' }, renamed)).toBeNull()
  })
})

describe('import sources', () => {
  it('are the channels of the org definition with import settings, with their mapping', () => {
    const sources = importChannels(org)
    expect(sources.map((s) => s.id)).toEqual(['hotline12345', 'platform'])
    expect(sources[0]!.import.columns.petitionerName).toBe('来电人')
    expect(sources[1]!.import.values?.category?.['养老保险']).toBe('养老及其他农村牧区社会保险')
    expect(importChannels(undefined)).toEqual([])
  })
  it('give a template with the source id column first, readable by Excel', () => {
    const csv = templateCsv(importChannels(org)[0]!.import)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1).trim().split(',')).toEqual(['工单编号', '来电人', '联系电话', '所属村居', '地址', '诉求内容', '诉求', '受理日期'])
  })
  it('take .csv and .xlsx only', () => {
    expect(importFileKind('热线.CSV')).toBe('csv')
    expect(importFileKind('a.xlsx')).toBe('xlsx')
    expect(importFileKind('a.xls')).toBeNull()
    expect(importFileKind('a.csv.exe')).toBeNull()
  })
})

describe('import counts', () => {
  it('count a row with several problems once, and what a check would create', () => {
    const r: ImportResult = {
      channel: 'hotline12345',
      rows: 6,
      created: [],
      duplicates: [{ row: 6, sourceId: 'H-001', number: '（同一文件第 2 行）' }],
      errors: [
        { row: 4, column: '来电人', field: 'petitionerName', message: '缺少必填项' },
        { row: 4, column: '联系电话', field: 'phone', message: '格式不正确' },
        { row: 7, column: '工单编号', field: 'sourceId', message: '缺少来源编号' },
      ],
    }
    expect(importCounts(r)).toEqual({ rows: 6, created: 0, duplicates: 1, rejected: 2, valid: 3 })
  })
})

describe('repeat counts', () => {
  const r: Repeats = {
    year: '2026',
    items: [
      { village: '团结社区', month: '2026-03', repeat: 1, multi: 1 },
      { village: '文化社区', month: '2026-04', repeat: 0, multi: 1 },
    ],
    cases: [
      {
        caseId: 'a',
        number: 'GLT-2026-000002',
        village: '团结社区',
        month: '2026-03',
        kind: 'repeat',
        receivedOn: '2026-03-03',
        channel: 'visit',
        linked: ['GLT-2026-000001'],
      },
      {
        caseId: 'b',
        number: 'GLT-2026-000003',
        village: '团结社区',
        month: '2026-03',
        kind: 'multi',
        receivedOn: '2026-03-04',
        channel: 'online',
        linked: ['GLT-2026-000001'],
      },
      {
        caseId: 'c',
        number: 'GLT-2026-000009',
        village: '文化社区',
        month: '2026-04',
        kind: 'multi',
        receivedOn: '2026-04-04',
        channel: 'online',
        linked: ['GLT-2026-000008'],
      },
    ],
  }
  it('open the cases behind one number, a column total, or all', () => {
    expect(repeatCases(r, { village: '团结社区', month: '2026-03', kind: 'multi' }).map((c) => c.caseId)).toEqual(['b'])
    expect(repeatCases(r, { kind: 'multi' }).map((c) => c.caseId)).toEqual(['b', 'c'])
    expect(repeatCases(r, null)).toHaveLength(3)
    expect(repeatTotals(r)).toEqual({ repeat: 1, multi: 2 })
  })
})

describe('the on-duty officer offered first', () => {
  const people = [
    { username: 'wang', name: '王带班', shift: { id: 'lead', name: '带班' } },
    { username: 'liu', name: '刘值班', shift: { id: 'duty', name: '值班' } },
  ]
  it('puts today’s people first among the officer field’s suggestions', () => {
    const f = withDutyOptions(
      {
        ...intakeForm,
        schema: {
          ...intakeForm.schema,
          properties: { ...intakeForm.schema.properties, officer: { ...intakeForm.schema.properties!.officer!, examples: ['刘值班', '老张'] } },
        },
      },
      people,
    )
    expect(f.schema.properties![officerField(f)!]!.examples).toEqual(['王带班', '刘值班', '老张'])
    // the scheme's form itself is left as it was
    expect(intakeForm.schema.properties!.officer!.examples).toBeUndefined()
  })
  it('leaves a form without the field, or with a closed list, alone', () => {
    const noField = { ...intakeForm, schema: { type: 'object', properties: { summary: { type: 'string' } } } }
    expect(withDutyOptions(noField, people)).toBe(noField)
    const closed = { ...intakeForm, schema: { type: 'object', properties: { officer: { type: 'string', enum: ['甲', '乙'] } } } }
    expect(withDutyOptions(closed, people)).toBe(closed)
  })
  it('offers the station’s people on duty, not each department’s 带班 (a per-unit shift, on duty at its department)', () => {
    const today = {
      shifts: [
        { id: 'lead', name: '带班', people: [{ username: 'wang', name: '王带班' }] },
        { id: 'duty', name: '值班', nameEn: 'Cadre on duty', people: [{ username: 'liu', name: '刘值班' }] },
        { id: 'dept_lead.pingan', name: '二级部门带班（平安建设办公室）', unit: 'pingan', people: [{ username: 'gao', name: '高建军' }] },
        { id: 'dept_lead.sifasuo', name: '二级部门带班（嘎鲁图司法所）', unit: 'sifasuo', people: [{ username: 'guo', name: '郭志强' }] },
      ],
    }
    expect(stationOnDuty(today)).toEqual([
      { username: 'wang', name: '王带班', shift: { id: 'lead', name: '带班' } },
      { username: 'liu', name: '刘值班', shift: { id: 'duty', name: '值班', nameEn: 'Cadre on duty' } },
    ])
    expect(stationOnDuty(null)).toEqual([])
  })
  it('issue 16 §2: finds the officer field by its role', () => {
    const { officer, ...props } = intakeForm.schema.properties!
    const renamed = { ...intakeForm, schema: { ...intakeForm.schema, properties: { ...props, agent: officer! } } }
    expect(officerField(renamed)).toBe('agent')
    expect(withDutyOptions(renamed, people).schema.properties!.agent!.examples).toEqual(['王带班', '刘值班'])
  })
})

/** A fetch that answers like the server; records what was asked. */
function fakeServer(routes: Record<string, (body: unknown) => unknown>) {
  const calls: Array<{ method: string; url: string; body: unknown }> = []
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, url, body })
    const path = url.split('?')[0]!
    const h = routes[`${method} ${path}`]
    if (!h) return new Response(JSON.stringify({ code: 'NOT_FOUND', message: `no ${method} ${path}` }), { status: 404 })
    return new Response(JSON.stringify(h(body)), { status: 200, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return calls
}

const session = (can: Record<string, boolean>) =>
  signedIn({ user: { username: 'li', displayName: '李代办', grants: [{ role: 'town_officer' }] }, csrfToken: 'tok', can, schemes: [], defaultScheme: 'galutu' })

describe('SimilarPanel', () => {
  const earlier: Similar = {
    caseId: 'c1',
    number: 'GLT-2026-000001',
    receivedOn: '2026-03-02',
    channel: 'online',
    village: '团结社区',
    category: '禁牧',
    stage: '待甄别',
    reasons: ['联系电话相同', '姓名和嘎查村（社区）相同'],
    linked: false,
  }
  const schemeInfo = { id: 'galutu', name: '嘎鲁图', town: '嘎鲁图镇', org }

  it('searches once the phone is known, shows why each case matched, and lets the officer choose to link', async () => {
    const calls = fakeServer({ 'POST /api/schemes/galutu/similar': () => ({ items: [earlier] }), 'GET /api/schemes/galutu': () => schemeInfo })
    session({ 'case.link': true })
    const chosen: Similar[][] = []
    const ui = (facts: Record<string, unknown> | null, picked: Similar[] = []) => (
      <I18nProvider initial="zh">
        <SimilarPanel schemeId="galutu" facts={facts} chosen={picked} onChosen={(c) => chosen.push(c)} canLink />
      </I18nProvider>
    )
    const { rerender } = render(ui({ summary: '事项' }))
    expect(screen.getByTestId('similar-panel').textContent).toContain('自动查找')
    rerender(ui({ summary: '事项', phone: '13800000000', petitionerName: '张三', village: '团结社区' }))
    await waitFor(() => expect(screen.getByTestId('similar-GLT-2026-000001')).toBeTruthy(), { timeout: SIMILAR_DEBOUNCE_MS + 2000 })
    const search = calls.filter((c) => c.url.endsWith('/similar'))
    expect(search).toHaveLength(1)
    expect(search[0]!.body).toEqual({ phone: '13800000000', petitionerName: '张三', village: '团结社区' })
    expect(screen.getByTestId('similar-reasons-GLT-2026-000001').textContent).toBe('联系电话相同；姓名和嘎查村（社区）相同')
    expect(screen.getByTestId('similar-GLT-2026-000001').textContent).toContain('网上信访') // the channel's name from the scheme
    const box = screen.getByTestId('similar-link-GLT-2026-000001')
    fireEvent.click(box.tagName === 'INPUT' ? box : box.querySelector('input')!)
    expect(chosen.at(-1)!.map((c) => c.caseId)).toEqual(['c1'])
    // more of the matter typed: no new search
    rerender(ui({ summary: '事项更多的文字', phone: '13800000000', petitionerName: '张三', village: '团结社区' }, [earlier]))
    await act(() => new Promise((r) => setTimeout(r, SIMILAR_DEBOUNCE_MS + 100)))
    expect(calls.filter((c) => c.url.endsWith('/similar'))).toHaveLength(1)
    expect(screen.getByTestId('similar-chosen').textContent).toContain('1')
  })

  it('shows the cases without a link choice to those who may not link', async () => {
    fakeServer({ 'POST /api/schemes/galutu/similar': () => ({ items: [earlier] }), 'GET /api/schemes/galutu': () => schemeInfo })
    session({})
    render(
      <I18nProvider initial="zh">
        <SimilarPanel schemeId="galutu" facts={{ phone: '13800000000' }} chosen={[]} onChosen={() => {}} canLink={false} />
      </I18nProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('similar-GLT-2026-000001')).toBeTruthy(), { timeout: SIMILAR_DEBOUNCE_MS + 2000 })
    expect(screen.queryByTestId('similar-link-GLT-2026-000001')).toBeNull()
  })

  it('review finding 6: matches the officer may not open are only counted, with the village and units to ask', async () => {
    fakeServer({
      'POST /api/schemes/galutu/similar': () => ({ items: [], elsewhere: [{ village: '巴音温都尔嘎查', units: ['平安建设办公室'], count: 2 }] }),
      'GET /api/schemes/galutu': () => schemeInfo,
    })
    session({})
    render(
      <I18nProvider initial="zh">
        <SimilarPanel schemeId="galutu" facts={{ idNumber: '150626199001011234' }} chosen={[]} onChosen={() => {}} canLink />
      </I18nProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('similar-elsewhere')).toBeTruthy(), { timeout: SIMILAR_DEBOUNCE_MS + 2000 })
    expect(screen.getByTestId('similar-elsewhere').textContent).toBe('另有 2 件在巴音温都尔嘎查、平安建设办公室，您无权查看，请向其了解')
  })
})

describe('NotificationBell', () => {
  const notices: Notice[] = [
    {
      id: 'n2',
      at: '2026-03-10T02:00:00.000Z',
      kind: 'assigned',
      caseId: 'id-2',
      number: 'GLT-2026-000002',
      message: 'GLT-2026-000002 已指定您为代办员（禁牧）',
      read: false,
    },
    { id: 'n1', at: '2026-03-09T02:00:00.000Z', kind: 'overdue', caseId: 'id-1', number: 'GLT-2026-000001', message: 'GLT-2026-000001 已超期', read: true },
  ]
  const mount = () =>
    render(
      <I18nProvider initial="zh">
        <AntApp>
          <NotificationBell />
        </AntApp>
      </I18nProvider>,
    )

  it('shows nothing when signed out', () => {
    fakeServer({})
    const { container } = mount()
    expect(container.textContent).toBe('')
  })

  it('shows the unread count, lists the notifications, opens a case and marks it read', async () => {
    const calls = fakeServer({
      'GET /api/my/notifications': () => ({ unread: 1, items: notices }),
      'POST /api/my/notifications/read': (b) => ({ marked: (b as { ids?: string[] }).ids?.length ?? 1 }),
    })
    session({})
    mount()
    await waitFor(() => expect(screen.getByTestId('notification-bell').getAttribute('data-unread')).toBe('1'))
    fireEvent.click(screen.getByTestId('notification-bell'))
    await waitFor(() => expect(screen.getByTestId('notification-n2')).toBeTruthy())
    expect(screen.getByTestId('notification-n2').textContent).toContain('指派给我')
    expect(screen.getByTestId('notification-n1').textContent).toContain('已超期')
    expect(screen.getByTestId('notification-n2').getAttribute('data-read')).toBe('0')
    fireEvent.click(screen.getByTestId('notification-n2'))
    expect(window.location.hash).toBe('#/cases/GLT-2026-000002')
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === '/api/my/notifications/read')).toBe(true))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ ids: ['n2'] })
  })

  it('asks again when the window regains focus, and marks all read', async () => {
    let unread = 2
    const calls = fakeServer({
      'GET /api/my/notifications': () => ({ unread, items: notices.map((n) => ({ ...n, read: unread === 0 })) }),
      'POST /api/my/notifications/read': () => ((unread = 0), { marked: 2 }),
    })
    session({})
    mount()
    await waitFor(() => expect(screen.getByTestId('notification-bell').getAttribute('data-unread')).toBe('2'))
    const gets = () => calls.filter((c) => c.method === 'GET').length
    const before = gets()
    act(() => {
      window.dispatchEvent(new Event('focus'))
    })
    await waitFor(() => expect(gets()).toBe(before + 1))
    fireEvent.click(screen.getByTestId('notification-bell'))
    await waitFor(() => expect(screen.getByTestId('notifications-read-all')).toBeTruthy())
    fireEvent.click(screen.getByTestId('notifications-read-all'))
    await waitFor(() => expect(screen.getByTestId('notification-bell').getAttribute('data-unread')).toBe('0'))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ all: true })
  })
})
