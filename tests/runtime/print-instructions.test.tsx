/**
 * Issue 16 §4: a leader's instruction given after dispatch (LEADER_INSTRUCTION) reaches the
 * 处置单 print (附件6: 领导批示). A real case over HTTP; the sheet rendered to HTML from the view and
 * scheme bundle the staff app loads. Issue 16 §2: the print finds the instructions by the declared
 * roles of their form (instructionText, instructionLeader), so a fork that renames the event and
 * its fields still prints them.
 */
import fs from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderToStaticMarkup } from 'react-dom/server'
import { harness, intake, type Harness } from './harness'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { lookups } from '../../runtime/web/src/lookups'
import { DisposalSheet } from '../../runtime/web/src/print/PrintView'
import { dispatchInstructions } from '../../runtime/web/src/print/instructions'
import { GALUTU_DIR } from '../helpers/scheme'
import { renameData, renamedFork } from '../helpers/rename-fields'

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

describe('issue 16: leader instructions after dispatch reach the 处置单', () => {
  it('the dispatch’s own instruction, then each later one with its date and leader; not one given before (copied into it)', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })).body
    h.clock.set('2026-03-02')
    await send(c.id, 'LEADER_INSTRUCTION', { leader: '党委书记', content: '派发前的批示' })
    h.clock.set('2026-03-03')
    await send(c.id, 'DISPATCH', { sentOn: '2026-03-03', units: ['shehuishiwu'], matter: '核实养老金发放情况', leaderInstruction: '请社会事务办三日内答复' })
    h.clock.set('2026-03-04')
    await send(c.id, 'LEADER_INSTRUCTION', { leader: '政府副镇长', content: '加快办理，结果报我' })
    h.clock.set('2026-03-05')
    await send(c.id, 'DISPATCH', { sentOn: '2026-03-05', units: ['shichangjianguan'], matter: '核实食品安全' })
    h.clock.set('2026-03-06')
    const view = await send(c.id, 'LEADER_INSTRUCTION', { leader: '党委副书记', content: '两部门联合答复' })

    const [scheme, forms, workflows] = await Promise.all(['', '/forms', '/workflows'].map(async (p) => (await h.http.get(`/api/schemes/galutu${p}`)).body))
    const bundle = { scheme, forms: forms.items, workflows: workflows.items }
    const L = lookups(bundle, 'case', { label: (x: { name: string } | undefined, id: string) => x?.name ?? id } as never, view.context.records)
    const [d1, d2] = view.context.dispatches
    expect(dispatchInstructions(d1, view.context.records, L.dispatchRecord(d1), L.formOfEvent)).toEqual([
      '请社会事务办三日内答复',
      '2026-03-04　加快办理，结果报我（政府副镇长）',
      '2026-03-06　两部门联合答复（党委副书记）',
    ])
    // sent without an instruction of its own (none copied into it): the case's earlier ones too (issue #18)
    expect(dispatchInstructions(d2, view.context.records, L.dispatchRecord(d2), L.formOfEvent)).toEqual([
      '2026-03-02　派发前的批示（党委书记）',
      '2026-03-04　加快办理，结果报我（政府副镇长）',
      '2026-03-06　两部门联合答复（党委副书记）',
    ])

    const html = renderToStaticMarkup(
      <I18nProvider initial="zh">
        <DisposalSheet c={view} L={L} town={scheme.town} d={d1} />
      </I18nProvider>,
    )
    expect(html).toContain('领导批示')
    expect(html).toContain('加快办理，结果报我（政府副镇长）')
    expect(html).toContain('两部门联合答复')
    expect(html).toContain('请社会事务办三日内答复')
    expect(html).not.toContain('派发前的批示')
  })
})

describe('issue 16 §2: the print finds leader instructions by declared role, not by event or field name', () => {
  it('a fork that renames the instruction event (LEADER_INSTRUCTION → INSTRUCT) and its fields (leader, content) prints them', async () => {
    const renames = { leader: 'instructedBy', content: 'directive' }
    const dir = await renamedFork(GALUTU_DIR, renames, { id: 'galutu-instruct', caseNumberPrefix: 'GLI' }, (_file, doc) =>
      JSON.parse(JSON.stringify(doc).replaceAll('"LEADER_INSTRUCTION"', '"INSTRUCT"')),
    )
    const f = await harness({ start: '2026-03-02', schemeDirs: [dir], officers: ['李四'] })
    try {
      const post = async (id: string, type: string, form: Record<string, unknown>) => {
        const r = await f.http.post(`/api/cases/${id}/events`).send({ type, form: renameData(form, renames) })
        expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(200)
        return r.body
      }
      const c = (await f.http.post('/api/cases').send({ schemeId: 'galutu-instruct', form: intake({ officer: '李四' }) })).body
      expect(c.id, JSON.stringify(c)).toBeTruthy()
      f.clock.set('2026-03-03')
      await post(c.id, 'DISPATCH', { sentOn: '2026-03-03', units: ['shehuishiwu'], matter: '核实养老金发放情况' })
      f.clock.set('2026-03-04')
      const view = await post(c.id, 'INSTRUCT', { leader: '政府副镇长', content: '加快办理，结果报我' })
      expect(view.context.records.some((r: { event: string }) => r.event === 'LEADER_INSTRUCTION')).toBe(false)

      const [scheme, forms, workflows] = await Promise.all(
        ['', '/forms', '/workflows'].map(async (p) => (await f.http.get(`/api/schemes/galutu-instruct${p}`)).body),
      )
      const L = lookups(
        { scheme, forms: forms.items, workflows: workflows.items },
        'case',
        { label: (x: { name: string } | undefined, id: string) => x?.name ?? id } as never,
        view.context.records,
      )
      const [d] = view.context.dispatches
      expect(dispatchInstructions(d, view.context.records, L.dispatchRecord(d), L.formOfEvent)).toEqual(['2026-03-04　加快办理，结果报我（政府副镇长）'])
      // an urging (its text plays the urging role, not the instruction's) is not an instruction
      await post(c.id, 'URGE', { unit: 'shehuishiwu', method: '电话', content: '请尽快答复' })
      const after = (await f.http.get(`/api/cases/${c.id}`)).body
      expect(dispatchInstructions(d, after.context.records, L.dispatchRecord(d), L.formOfEvent)).toEqual(['2026-03-04　加快办理，结果报我（政府副镇长）'])
    } finally {
      await f.close()
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})
