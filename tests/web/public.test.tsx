// @vitest-environment jsdom
/**
 * The public page in English (runtime/web/public): its own message table is complete, the form
 * checks and the API's refusals in the chosen language, the status card and the notice poster
 * with the English names the real Galutu definitions carry — and the scheme's free text, which it
 * has only in Chinese, left Chinese. Without a language chosen the poster stays Chinese (the staff
 * app's print view renders it without the public page's provider).
 */
import './dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { TranslatableString } from '@rjsf/utils'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { buildNotice } from '../../runtime/duty'
import NoticeView from '../../runtime/web/public/src/NoticeView'
import StatusLookup from '../../runtime/web/public/src/StatusLookup'
import { ApiError, errorText, type JsonSchema, type Notice, type Status } from '../../runtime/web/public/src/api'
import { LangProvider, makeI18n, messages, translate, useI18n } from '../../runtime/web/public/src/i18n'
import { applyLang, currentLang, storedLang } from '../../runtime/web/public/src/lang'
import { checkFields } from '../../runtime/web/public/src/useChallengeSubmit'
import { loadPatterns } from '../../runtime/web/kit/forms/patterns'
import { translatorFor } from '../../runtime/web/public/src/rjsfStrings'

afterEach(() => {
  applyLang('zh')
  vi.unstubAllGlobals()
})

describe('the public page’s words', () => {
  it('has every key in both languages; English uses only the placeholders the Chinese is given', () => {
    const zhKeys = Object.keys(messages.zh).sort()
    expect(Object.keys(messages.en).sort()).toEqual(zhKeys)
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((k) => k !== 's')
    for (const k of zhKeys as Array<keyof typeof messages.zh>) for (const h of holes(messages.en[k])) expect(holes(messages.zh[k]), `${k} {${h}}`).toContain(h)
  })

  it('English plurals follow the count', () => {
    expect(translate('en', 'days.workday', { n: 1 })).toBe('1 working day')
    expect(translate('en', 'days.workday', { n: 15 })).toBe('15 working days')
    expect(translate('zh', 'days.workday', { n: 15 })).toBe('15 个工作日')
  })

  it('remembers the choice and sets <html lang>', () => {
    applyLang('en')
    expect(currentLang()).toBe('en')
    expect(storedLang()).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    applyLang('zh')
    expect(storedLang()).toBe('zh')
    expect(document.documentElement.lang).toBe('zh-CN')
  })

  it('rjsf’s own strings: English as rjsf has them, Chinese from the table', () => {
    expect(translatorFor('en')(TranslatableString.AddItemButton)).toBe('Add Item')
    expect(translatorFor('zh')(TranslatableString.AddItemButton)).toBe('添加一项')
  })
})

describe('form checks and refusals', async () => {
  const loaded = await loadSchemeDir('definitions/galutu')
  const scheme = loaded.scheme!
  const form = scheme.form(scheme.defs.org.channels.find((c) => c.public)!.public!.form)!
  const schema = form.schema as JsonSchema

  it('checks the real public form in the chosen language', async () => {
    await loadPatterns()
    const data = { petitionerName: '', phone: '12345', summary: '短' }
    expect(checkFields(schema, data)).toMatchObject({
      petitionerName: '必填',
      phone: '格式不正确（11 位手机号，或带区号的固定电话）',
      summary: '至少填写 5 个字',
    })
    expect(checkFields(schema, data, 'en')).toMatchObject({
      petitionerName: 'Required',
      phone: expect.stringContaining('11-digit mobile number'),
      summary: 'Enter at least 5 characters',
    })
  })

  it('words the server’s refusals: Chinese as the server says them, English by code or the server’s gloss', () => {
    const zh = makeI18n('zh')
    const en = makeI18n('en')
    const noMatch = new ApiError(404, 'NOT_FOUND', '查询码或手机号后四位不正确，请核对后再试', [], {
      message: '查询码或手机号后四位不正确，请核对后再试 / no match',
    })
    expect(errorText(noMatch, zh, 'lookup.failed', { NOT_FOUND: 'error.noMatch' })).toBe('查询码或手机号后四位不正确，请核对后再试')
    expect(errorText(noMatch, en, 'lookup.failed', { NOT_FOUND: 'error.noMatch' })).toBe(messages.en['error.noMatch'])
    expect(
      errorText(
        new ApiError(422, 'INVALID_INPUT', '提交的内容有误，请按提示修改', [{ field: 'phone', code: 'PATTERN', message: 'x' }], {
          message: '提交的内容有误，请按提示修改 / invalid input',
        }),
        en,
        'submit.failed',
      ),
    ).toBe(messages.en['error.invalid'])
    expect(errorText(new ApiError(403, 'CHALLENGE_FAILED', '验证未通过'), en, 'submit.failed')).toBe(messages.en['error.challenge'])
    expect(
      errorText(new ApiError(500, 'INTERNAL', '服务器内部错误，已记录', [], { message: '服务器内部错误，已记录 / internal error' }), en, 'submit.failed'),
    ).toBe('Internal error')
    expect(errorText(new ApiError(503, 'STORE_UNAVAILABLE', '数据存储暂不可用'), en, 'submit.failed')).toBe('The request failed (503). Please try again later.')
    // the server now words its message in the language asked for: an English one is shown as it is
    expect(errorText(new ApiError(503, 'STORE_UNAVAILABLE', 'The data store is unavailable'), en, 'submit.failed')).toBe('The data store is unavailable')
    expect(errorText(new ApiError(0, 'NETWORK', '网络连接失败'), en, 'submit.failed')).toBe(messages.en['error.network'])
    expect(errorText(new TypeError('boom'), en, 'submit.failed')).toBe(messages.en['submit.failed'])
  })
})

describe('the status card', () => {
  const status: Status = {
    number: 'GLT-2026-000007',
    receivedOn: '2026-03-02',
    stage: '事项办理',
    stageEn: 'Handling',
    outcome: { name: '代办', nameEn: 'Proxy handling', reasons: ['不能当场答复且信访人同意代办'], reasonsEn: ['Cannot be answered directly'] },
    handledBy: '涉企问题组',
    handledByEn: 'Enterprise issues task group',
    units: ['城市管理办公室'],
    unitsEn: ['Urban Management Office'],
    dueDate: '2026-03-23',
    workdaysLeft: 1,
    concluded: null,
    followUp: null,
    done: false,
  }

  function Switch() {
    const { lang, setLang } = useI18n()
    return <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>switch</button>
  }

  it('asks the server in the chosen language and shows the English names it sends', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(status), { status: 200, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetchMock)
    applyLang('en')
    render(
      <LangProvider>
        <Switch />
        <StatusLookup initialCode="ABCDEFGHJKMN" />
      </LangProvider>,
    )
    expect(screen.getByTestId('lookup-code-label').textContent).toBe('Tracking code')
    fireEvent.change(screen.getByTestId('lookup-phone'), { target: { value: '5678' } })
    await act(async () => fireEvent.click(screen.getByTestId('lookup-submit')))
    const card = await screen.findByTestId('status-card')
    expect((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toMatchObject({ 'accept-language': 'en' })
    expect(within(card).getByTestId('status-stage').textContent).toBe('Current stepHandling')
    expect(within(card).getByTestId('status-units').textContent).toBe('Handled byUrban Management Office')
    expect(card.textContent).toContain('Proxy handling')
    expect(card.textContent).toContain('Cannot be answered directly')
    expect(within(card).getByTestId('status-due').textContent).toContain('1 working day left')
    // switching back shows the Chinese names from the same answer
    fireEvent.click(screen.getByText('switch'))
    expect(within(screen.getByTestId('status-card')).getByTestId('status-stage').textContent).toBe('当前环节事项办理')
    expect(screen.getByTestId('status-card').textContent).toContain('还剩 1 个工作日')
  })
})

describe('the notice poster in English, from the Galutu definitions', async () => {
  const loaded = await loadSchemeDir('definitions/galutu')
  const scheme = loaded.scheme!
  const people = [
    { username: 'li', displayName: '李代办', grants: [{ role: 'town_officer' }], disabled: false },
    { username: 'v1', displayName: '团结甲', grants: [{ role: 'village_officer', village: '团结社区' }], disabled: false },
  ]
  const notice = JSON.parse(
    JSON.stringify(buildNotice(scheme, people, new Map([['li', '0477-6211001']]), [{ name: '带班', people: ['王带班'] }], '2026-02-10')),
  ) as Notice
  const clocks = scheme.defs.deadlines.clocks.filter((c) => c.machine === 'case' || c.machine === 'complaint')

  it('shows the English names the definitions have, and their free text in Chinese', () => {
    render(<NoticeView notice={notice} lang="en" complainHref="#complaint" publicUrl="http://town.example/public/" />)
    const poster = screen.getByTestId('notice-poster')
    expect(poster.getAttribute('lang')).toBe('en')
    expect(poster.querySelector('h1')!.textContent).toBe('嘎鲁图镇 petition proxy: public notice')
    expect(within(poster).getByTestId('notice-limits').querySelector('h2')!.textContent).toBe('2. Time limits')
    const limits = screen.getByTestId('notice-limits').textContent ?? ''
    for (const c of clocks) {
      expect(c.nameEn, c.id).toBeTruthy()
      expect(limits).toContain(c.nameEn)
      expect(limits).not.toContain(c.name)
    }
    expect(limits).toContain('15 working days')
    expect(limits).toContain('15 calendar days')
    const scope = screen.getByTestId('notice-scope').textContent ?? ''
    for (const g of scheme.defs.org.groups) expect(scope).toContain(g.nameEn)
    const outcomes = scheme.ruleSetFor('outcome')!.def.outcomes!
    for (const o of outcomes) expect(scope).toContain(o.nameEn)
    expect(scope).toContain('Law-related matters that have entered judicial process are not proxied')
    // the groups' categories and leaders' titles are the scheme's Chinese
    expect(scope).toContain('禁牧')
    const station = scheme.defs.org.units.find((u) => u.type === 'station')!
    const points = screen.getByTestId('notice-points').textContent ?? ''
    expect(points).toContain(`${station.nameEn} (service station)`)
    expect(points).toContain('团结社区信访代办服务点 (service point)')
    const rows = screen.getAllByTestId('notice-officer').map((r) => r.textContent ?? '')
    expect(rows.find((r) => r.includes('李代办'))).toContain('Town proxy officer')
    expect(rows.find((r) => r.includes('团结甲'))).toContain('Village proxy officer')
    const system = screen.getByTestId('notice-system').textContent ?? ''
    expect(system).toContain(`On working days at ${station.nameEn}: 1 × Shift leader (section level), 1 × Cadre on duty.`)
    expect(system).toContain('Officer training: every two months (town-wide)')
    expect(system).toContain('at least 2 days a week')
    expect(screen.getByTestId('notice-today').textContent).toContain('Shift leader: 王带班')
    const complain = screen.getByTestId('notice-complain').textContent ?? ''
    expect(complain).toContain('answered within 15 working days.')
    expect(screen.getByTestId('notice-complain-url').textContent).toBe('visit http://town.example/public/ and open “Complain”')
    // free text the scheme has only in Chinese stays Chinese
    expect(poster.textContent).toContain(notice.intro!)
    expect(screen.getByTestId('notice-process').textContent).toContain(scheme.defs.duty!.notice!.stages[0]!.name)
    expect(poster.querySelector('footer')!.textContent).toContain(scheme.defs.manifest.nameEn!)
    // nothing left of the page's own Chinese words (the intro is the scheme's)
    const own = (poster.textContent ?? '').replace(notice.intro!, '')
    for (const w of ['代办流程', '办理时限', '代办范围', '服务站点与代办人员', '监督投诉', '个工作日', '今日', '（组长：', '（服务点）'])
      expect(own).not.toContain(w)
  })

  it('stays Chinese without a language chosen (the staff app’s print view)', () => {
    render(<NoticeView notice={notice} publicUrl="http://town.example/public/" />)
    const poster = screen.getByTestId('notice-poster')
    expect(poster.querySelector('h1')!.textContent).toBe('嘎鲁图镇信访代办公示')
    expect(screen.getByTestId('notice-limits').querySelector('h2')!.textContent).toBe('二、办理时限')
    expect(screen.getByTestId('notice-system').textContent).toContain('镇信访代办服务站工作日实行1名带班领导（科级）带班、1名值班干部值班。')
    for (const c of clocks) expect(poster.textContent).not.toContain(c.nameEn)
  })

  it('follows the public page’s choice inside its provider', () => {
    applyLang('en')
    render(
      <LangProvider>
        <NoticeView notice={notice} />
      </LangProvider>,
    )
    expect(screen.getByTestId('notice-poster').querySelector('h1')!.textContent).toBe('嘎鲁图镇 petition proxy: public notice')
  })
})
