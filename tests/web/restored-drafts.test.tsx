// @vitest-environment jsdom
/**
 * Issue #17: after a publish removes a field, an unfinished form kept in this browser still holds
 * it. Restored, such a draft used to fail on a field no longer on screen (the intake form refuses
 * fields it does not declare); now the field is dropped and the user is told which, by the title
 * it had when typed (else its id). The register screen runs in jsdom against a real server (a
 * runtime over a writable copy of galutu, signed in as its administrator), the field removed by a
 * real publish.
 */
import './dom'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { fireEvent, render, waitFor } from '@testing-library/react'
import { App as AntApp } from 'antd'
import { createApp } from '../../runtime/server/app'
import { editableRuntime, TEST_PASSWORD } from '../runtime/harness'
import { writeJson } from '../../engine/scheme/json-edit'
import type { FormDef, JsonSchema, SessionInfo } from '../../runtime/web/src/api'
import { draftKey, readDraft, restoreDraft, writeDraft } from '../../runtime/web/kit/drafts'
import { signedIn } from '../../runtime/web/src/session'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { DroppedFields, droppedFieldNames } from '../../runtime/web/src/components/DroppedFields'
import Register from '../../runtime/web/src/screens/Register'

const intakeOf = (text: string) => (JSON.parse(text) as { forms: FormDef[] }).forms.find((f) => f.id === 'intake')!
const GALUTU_INTAKE = intakeOf(readFileSync('definitions/galutu/forms-intake.json', 'utf8'))
/** The intake form without one field, as a publish that removed it leaves it. */
function without(form: FormDef, field: string): FormDef {
  const schema = structuredClone(form.schema) as JsonSchema
  delete schema.properties![field]
  return { ...form, schema, uiSchema: { ...form.uiSchema, 'ui:order': (form.uiSchema?.['ui:order'] as string[] | undefined)?.filter((x) => x !== field) } }
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})

describe('restoreDraft', () => {
  const key = draftKey('zhangsan', 'register', 'galutu')
  const typed = { sex: '男', idNumber: '150626198001011234', village: '团结社区', summary: '养老保险待遇未发放', zzz_old: 1 }

  it('keeps the fields the form has now and names the others by the title they had when typed, else by id', () => {
    writeDraft('local', key, typed, GALUTU_INTAKE.schema)
    const r = restoreDraft('local', key, without(GALUTU_INTAKE, 'sex').schema)
    expect(r.data).toEqual({ village: '团结社区', summary: '养老保险待遇未发放' })
    expect(r.dropped).toEqual([
      { id: 'sex', title: '性别' },
      { id: 'zzz_old', title: null },
    ])
    expect(droppedFieldNames(r.dropped, 'zh')).toBe('「性别」、zzz_old')
    expect(droppedFieldNames(r.dropped, 'en')).toBe('“性别”, zzz_old')
    // nothing written while restoring (a render may run twice): the same answer again
    expect(restoreDraft('local', key, without(GALUTU_INTAKE, 'sex').schema).dropped).toHaveLength(2)
  })

  it('the form as it is: nothing dropped; fields declared only in a conditional branch are the form’s', () => {
    writeDraft('local', key, { village: '团结社区', petitionerCount: 1, answerableOnSpot: true }, GALUTU_INTAKE.schema)
    expect(GALUTU_INTAKE.schema.properties?.answerableOnSpot).toBeUndefined()
    const r = restoreDraft('local', key, GALUTU_INTAKE.schema)
    expect(r.dropped).toEqual([])
    expect(r.data).toEqual({ village: '团结社区', petitionerCount: 1, answerableOnSpot: true })
  })

  it('a draft kept before titles were (no titles beside it) names the field by its id; clearing removes the titles too', () => {
    localStorage.setItem(key, JSON.stringify({ sex: '女', village: '团结社区' }))
    expect(restoreDraft('local', key, without(GALUTU_INTAKE, 'sex').schema).dropped).toEqual([{ id: 'sex', title: null }])
    writeDraft('local', key, { sex: '女' }, GALUTU_INTAKE.schema)
    writeDraft('local', key, null, undefined)
    expect(localStorage.length).toBe(0)
    expect(readDraft('local', key)).toBeNull()
  })

  it('the notice names the fields, in Chinese and in English', () => {
    const dropped = [{ id: 'sex', title: '性别' }]
    const zh = render(
      <I18nProvider initial="zh">
        <DroppedFields dropped={dropped} />
      </I18nProvider>,
    )
    expect(zh.getByTestId('draft-dropped').textContent).toContain('已移除：「性别」')
    zh.unmount()
    const en = render(
      <I18nProvider initial="en">
        <DroppedFields dropped={dropped} />
      </I18nProvider>,
    )
    expect(en.getByTestId('draft-dropped').textContent).toContain('they were removed: “性别”')
    en.unmount()
    const none = render(
      <I18nProvider initial="zh">
        <DroppedFields dropped={[]} />
      </I18nProvider>,
    )
    expect(none.queryByTestId('draft-dropped')).toBeNull()
  })
})

describe('the register screen restores a draft typed before a publish removed one of its fields', () => {
  let env: Awaited<ReturnType<typeof editableRuntime>>
  let server: Server
  let base: string
  let cookie: string
  const realFetch = globalThis.fetch

  beforeAll(async () => {
    env = await editableRuntime()
    server = createServer(createApp({ ...env.rt, log: () => {}, signInLimit: 10_000 }))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const login = await realFetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
    })
    expect(login.status).toBe(200)
    cookie = String(login.headers.get('set-cookie')).split(';')[0]!
    // the staff app's requests go to the server with the session (jsdom has no cookie jar for another origin)
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers)
      headers.set('cookie', cookie)
      const { signal: _s, ...rest } = init
      return realFetch(new URL(String(input), base), { ...rest, headers })
    })
    const me = (await (await fetch('/api/auth/me')).json()) as SessionInfo
    signedIn(me)
  })
  afterAll(async () => {
    vi.unstubAllGlobals()
    await new Promise((r) => server.close(r))
    await env.close()
  })

  it('drops the removed field, says so by its title, and the case registers', async () => {
    // typed on the form as it was: 性别 with the rest
    const before = ((await (await fetch('/api/schemes/galutu/forms')).json()) as { items: FormDef[] }).items.find((f) => f.id === 'intake')!
    expect(before.schema.properties?.sex?.title).toBe('性别')
    const key = draftKey('admin', 'register', 'galutu')
    writeDraft(
      'local',
      key,
      {
        sex: '男',
        village: '团结社区',
        channel: 'visit',
        summary: '养老保险待遇未发放',
        receivedOn: '2026-03-02',
        category: '养老及其他农村牧区社会保险',
        level: 'village',
      },
      before.schema,
    )

    // the administrator publishes the intake form without 性别
    const draft = await env.http.get('/api/designer/schemes/galutu/draft')
    const file = (draft.body.files as Array<{ file: string; text: string }>).find((f) => f.file === 'forms-intake.json')!
    const doc = JSON.parse(file.text) as { forms: FormDef[] }
    const i = doc.forms.findIndex((f) => f.id === 'intake')
    doc.forms[i] = without(doc.forms[i]!, 'sex')
    expect((await env.http.put('/api/designer/schemes/galutu/draft/files/forms-intake.json').send({ text: writeJson(file.text, doc) })).status).toBe(200)
    const pub = await env.http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '登记表删去性别' })
    expect(pub.status, JSON.stringify(pub.body).slice(0, 300)).toBe(201)

    // the raw draft would be refused by the server: a field the form no longer has
    const raw = await fetch('/api/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': (await (await fetch('/api/auth/me')).json()).csrfToken },
      body: JSON.stringify({ form: { ...readDraft('local', key), petitionerName: '张三' } }),
    })
    expect(raw.status).toBe(422)
    expect(JSON.stringify(await raw.json())).toContain('sex')

    const r = render(
      <I18nProvider initial="zh">
        <AntApp>
          <Register />
        </AntApp>
      </I18nProvider>,
    )
    const notice = await r.findByTestId('draft-dropped', {}, { timeout: 15_000 })
    expect(notice.textContent).toContain('「性别」')
    const summary = await waitFor(
      () => {
        const el = r.container.querySelector<HTMLTextAreaElement>('#intake_summary')
        expect(el, r.container.innerHTML.slice(0, 3000)).not.toBeNull()
        return el!
      },
      { timeout: 15_000 },
    )
    expect(summary.value).toBe('养老保险待遇未发放')
    expect(r.container.querySelector('#intake_sex')).toBeNull()

    const nameInput = r.container.querySelector<HTMLInputElement>('#intake_petitionerName')!
    fireEvent.change(nameInput, { target: { value: '张三' } })
    fireEvent.blur(nameInput) // the typed text reaches the form on leaving the field (forms/buffered.tsx)
    fireEvent.click(r.getByTestId('submit-intake'))
    await waitFor(
      () =>
        expect(
          location.hash,
          Array.from(r.container.querySelectorAll('.ant-form-item-has-error, .ant-alert-error'))
            .map((e) => e.textContent)
            .join(' | '),
        ).toMatch(/^#\/cases\/GLT-/),
      { timeout: 15_000 },
    )
    const number = decodeURIComponent(location.hash.slice('#/cases/'.length))
    const created = await env.http.get(`/api/cases/${number}`)
    expect(created.status).toBe(200)
    expect(created.body.summary.schemeHash).toBe(pub.body.version.hash)
    expect(JSON.stringify(created.body.context.records[0].form)).not.toContain('"sex"')
    expect(created.body.context.records[0].form).toMatchObject({ summary: '养老保险待遇未发放', village: '团结社区' })
    r.unmount()
  }, 60_000)
})
