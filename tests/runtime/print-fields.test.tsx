/**
 * The prints' fields (issue #18 "Must be right"), from a real case over HTTP rendered with the view
 * and scheme bundle the staff app loads: the 代办单 prints its 承诺办结日期 (the form's read-only
 * date field) with the decision's due date and its officer once, by display name; the 处置单 of a
 * dispatch sent without an instruction of its own prints the leader's instruction recorded before
 * it; urgings name people by display name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderToStaticMarkup } from 'react-dom/server'
import { harness, intake, type Harness } from './harness'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { lookups } from '../../runtime/web/src/lookups'
import { DisposalSheet, IntakeSheet, intakeRows } from '../../runtime/web/src/print/PrintView'

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
})
afterAll(async () => h.close())

async function send(id: string, type: string, form: Record<string, unknown>) {
  const r = await h.http.post(`/api/cases/${id}/events`).send({ type, form })
  expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(200)
  return r.body
}

async function bundleFor(view: { context: { records: unknown[] } }) {
  const [scheme, forms, workflows] = await Promise.all(['', '/forms', '/workflows'].map(async (p) => (await h.http.get(`/api/schemes/galutu${p}`)).body))
  const L = lookups(
    { scheme, forms: forms.items, workflows: workflows.items },
    'case',
    { label: (x: { name: string } | undefined, id: string) => x?.name ?? id } as never,
    view.context.records as never,
  )
  return { scheme, L, forms: forms.items as Array<{ id: string; schema: { properties: Record<string, { title?: string; readOnly?: boolean }> } }> }
}

/** The table cells after a header cell with this title */
function cellsAfter(html: string, title: string): string[] {
  return [...html.matchAll(new RegExp(`<th>${title}</th><td[^>]*>([^<]*)</td>`, 'g'))].map((m) => m[1]!)
}

describe('代办单', () => {
  it('prints the promised due date in the form’s own field, and the officer once, by display name', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })).body
    const view = (await h.http.get(`/api/cases/${c.id}`)).body
    const due = view.context.decision.dueDate as string
    expect(due).toMatch(/^\d{4}-\d\d-\d\d$/)
    const { scheme, L, forms } = await bundleFor(view)
    const intakeForm = forms.find((f) => Object.values(f.schema.properties).some((p) => p.readOnly))!
    const dueTitle = Object.values(intakeForm.schema.properties).find((p) => p.readOnly)!.title!
    const officerTitle = intakeForm.schema.properties.officer!.title!
    const html = renderToStaticMarkup(
      <I18nProvider initial="zh">
        <IntakeSheet c={view} L={L} town={scheme.town} />
      </I18nProvider>,
    )
    expect(cellsAfter(html, dueTitle)).toEqual([due])
    expect(cellsAfter(html, officerTitle)).toEqual(['李四'])
    // the decision's table does not repeat them
    expect(html.split(due).length - 1).toBe(1)
    expect(html.split('李四').length - 1).toBe(1)
    const rows = intakeRows(L.formOfEvent(view.context.records[0].event), view.context.records[0].form, view, { t: (k: string) => k } as never)
    expect(rows).toMatchObject({ dueShown: true, officerShown: true })
  })
  it('a reassigned case prints the officer it is assigned to now', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })).body
    const view = (await h.http.get(`/api/cases/${c.id}`)).body
    const changed = { ...view, context: { ...view.context, officer: { name: '王五', chosenByPetitioner: false } } }
    const { scheme, L } = await bundleFor(view)
    const html = renderToStaticMarkup(
      <I18nProvider initial="zh">
        <IntakeSheet c={changed} L={L} town={scheme.town} />
      </I18nProvider>,
    )
    expect(html).toContain('王五')
    expect(html).not.toContain('李四')
  })
})

describe('处置单', () => {
  it('a dispatch sent without an instruction prints the one recorded before it; urgings by display name', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })).body
    await send(c.id, 'LEADER_INSTRUCTION', { leader: '党委书记', content: '请社会事务办牵头办理' })
    h.clock.set('2026-03-03')
    await send(c.id, 'DISPATCH', { sentOn: '2026-03-03', units: ['shehuishiwu'], matter: '核实养老金发放情况' })
    const view = await send(c.id, 'URGE', { unit: 'shehuishiwu', method: '电话', content: '请尽快答复' })
    const { scheme, L } = await bundleFor(view)
    const [d] = view.context.dispatches
    const html = renderToStaticMarkup(
      <I18nProvider initial="zh">
        <DisposalSheet c={view} L={L} town={scheme.town} d={d} person={(login) => (login === 'officer1' ? '一号代办员' : login)} />
      </I18nProvider>,
    )
    expect(html).toMatch(/领导批示<\/th><td[^>]*>[^<]*请社会事务办牵头办理（党委书记）/)
    expect(html).toContain('请尽快答复（一号代办员）')
    expect(html).not.toContain('（officer1）')
  })
})
