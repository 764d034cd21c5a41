// @vitest-environment jsdom
/** The workflow editor in jsdom on the real Galutu draft: state names, who may send an event, form, notices, clocks read only. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useState } from 'react'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import WorkflowEditor from '../../designer/src/visual/workflow/WorkflowEditor'
import { elementForPointer, ProblemsProvider, type VisualEditorProps } from '../../designer/src/visual/kit'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import type { Problem } from '../../designer/src/lib/problems'
import type { Obj } from '../../designer/src/visual/workflow/model'
import { changedLeaves, fileOf, galutuDraft } from './visual-org-wf-draft'

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

const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })
const wf = fileOf('workflow')
const base = wf.doc as Obj
const events = (d: Obj) => (d.machines as Obj[])[0]!.events as Record<string, Obj>

function mount(opts: { problems?: Problem[]; lang?: Lang; extra?: Partial<VisualEditorProps<Obj>> } = {}) {
  const onChange = vi.fn()
  const openJson = vi.fn()
  const props: VisualEditorProps<Obj> = {
    file: wf.file,
    doc: base,
    onChange,
    problems: opts.problems ?? [],
    draft: galutuDraft(),
    info: null,
    client: {} as VisualEditorProps['client'],
    i18n: i18n(opts.lang ?? 'zh-CN'),
    openJson,
    ...opts.extra,
  }
  render(
    <ProblemsProvider problems={props.problems} lang={opts.lang ?? 'zh-CN'}>
      <WorkflowEditor {...props} />
    </ProblemsProvider>,
  )
  return { onChange, openJson }
}
const lastWrite = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1) as [Obj, string, { coalesceKey?: string } | undefined]
const state = (key: string) => document.querySelector<HTMLElement>(`[data-testid=wf-state][data-state="${key}"]`)!
/** Open a state's panel (its arrow is the toggle) and return the panel. */
async function openState(key: string) {
  const header = state(key).closest('.ant-collapse-header') as HTMLElement
  fireEvent.click(header.querySelector('.ant-collapse-expand-icon')!)
  const item = header.closest('.ant-collapse-item') as HTMLElement
  await waitFor(() => expect(item.querySelector('[data-testid=wf-events]')).toBeTruthy())
  return item
}
const row = (panel: HTMLElement, ev: string) => panel.querySelector<HTMLElement>(`tr[data-event="${ev}"]`)!

describe('WorkflowEditor', () => {
  it('lists every state with its name editable; renaming writes that one member', () => {
    const { onChange } = mount()
    const info = (base.machines as Obj[])[0]!.stateInfo as Record<string, { name: string }>
    const names = Array.from(document.querySelectorAll<HTMLInputElement>('[data-testid=wf-state] input[data-testid=wf-state-name]')).map((i) => i.value)
    expect(names.sort()).toEqual(
      Object.values(info)
        .map((s) => s.name)
        .sort(),
    )
    fireEvent.change(within(state('handling')).getByTestId('wf-state-name'), { target: { value: '办理中' } })
    const [next, what, opts] = lastWrite(onChange)
    expect(changedLeaves(base, next)).toEqual(['/machines/0/stateInfo/handling/name'])
    expect(opts?.coalesceKey).toBe('/machines/0/stateInfo/handling/name')
    expect(what).toContain('办理中')
  })

  it("an event's roles: picking one more writes the list; 'any role' removes the member", async () => {
    const { onChange } = mount()
    const panel = await openState('handling')
    const urge = row(panel, 'URGE')
    const select = within(urge).getByTestId('wf-event-roles')
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select)
    const option = await waitFor(() => {
      const o = document.querySelector<HTMLElement>('.ant-select-dropdown .ant-select-item-option[title^="专班组组长"]')
      if (!o) throw new Error('no option')
      return o
    })
    fireEvent.click(option)
    const [next] = lastWrite(onChange)
    expect(events(next).URGE!.roles).toEqual([...(events(base).URGE!.roles as string[]), 'group_leader'])
    expect(changedLeaves(base, next)).toEqual([`/machines/0/events/URGE/roles/${(events(base).URGE!.roles as string[]).length}`])
    fireEvent.click(within(urge).getByTestId('wf-any-role-set'))
    expect(changedLeaves(base, lastWrite(onChange)[0])).toEqual(['/machines/0/events/URGE/roles'])
  })

  it('an event without roles says any role may send it', async () => {
    mount()
    const panel = await openState('intake')
    expect(within(row(panel, 'SUBMIT')).getByTestId('wf-any-role').textContent).toBe('不限角色')
    expect(within(row(panel, 'REGISTER')).queryByTestId('wf-any-role')).toBeNull()
  })

  it('shows the clocks deadlines.json starts and stops on an event, read only, opening that file', async () => {
    const openFile = vi.fn()
    mount({ extra: { openFile } as Partial<VisualEditorProps<Obj>> })
    const panel = await openState('handling')
    const clocks = Array.from(row(panel, 'CONCLUDE').querySelectorAll<HTMLElement>('[data-testid=wf-clock]')).map((e) => e.dataset.clock)
    expect(clocks).toEqual(['handling_village', 'handling_town', 'handling_multi_department', 'handling_major', 'remedy'])
    fireEvent.click(row(panel, 'CONCLUDE').querySelector<HTMLElement>('[data-clock=remedy]')!)
    expect(openFile).toHaveBeenCalledWith('deadlines.json', '/clocks/4')
    expect(
      within(state('followUp'))
        .getAllByTestId('wf-clock')
        .map((e) => e.dataset.clock),
    ).toEqual(['follow_up'])
  })

  it('edits notices in a dialog and writes them in one step; an empty text is refused', async () => {
    const { onChange } = mount()
    const panel = await openState('handling')
    fireEvent.click(within(row(panel, 'URGE')).getByTestId('wf-notices-edit'))
    fireEvent.click(await screen.findByTestId('wf-notice-add'))
    fireEvent.click(screen.getByTestId('wf-notices-ok'))
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(screen.getByTestId('wf-notice-message'), { target: { value: '{number} 已催办' } })
    fireEvent.click(screen.getByTestId('wf-notices-ok'))
    const [next] = lastWrite(onChange)
    expect(events(next).URGE!.notify).toEqual([{ kind: 'info', to: ['officer'], message: '{number} 已催办' }])
    expect(changedLeaves(base, next).every((p) => p.startsWith('/machines/0/events/URGE/notify'))).toBe(true)
  })

  it('the JSON view is offered for states and transitions', () => {
    const { openJson } = mount()
    fireEvent.click(screen.getByTestId('wf-open-json'))
    expect(openJson).toHaveBeenCalledWith('/machines/0/config', expect.stringContaining('JSON'))
  })

  it("shows the engine's problem at the event's roles", async () => {
    mount({ problems: [{ code: 'SCHEMA', file: 'workflow.json', pointer: '/machines/0/events/URGE/roles/3', message: '未知的角色 "boss"' }] })
    const panel = await openState('handling')
    expect(row(panel, 'URGE').textContent).toContain('未知的角色 "boss"')
  })

  it('an event in a closed panel is found by the host (a marker) and its panel opens when flashed', async () => {
    mount()
    const root = screen.getByTestId('workflow-editor')
    expect(document.querySelector('tr[data-event="URGE"]')).toBeNull()
    const marker = elementForPointer(root, '/machines/0/events/URGE/roles/2')!
    expect(marker.closest('[data-reveal-group]')!.getAttribute('data-reveal-group')).toBe('handling')
    marker.classList.add('daiban-flash')
    await waitFor(() => expect(document.querySelector('tr[data-event="URGE"]')).toBeTruthy())
    // a state's name is always on screen
    expect(elementForPointer(root, '/machines/0/stateInfo/archived/name')!.closest('[data-reveal-group]')).toBeNull()
  })

  it('a step renamed, then an event edited in another row: both land (memoised parts still write the latest file)', async () => {
    const writes: Obj[] = []
    function Host() {
      const [doc, setDoc] = useState(base)
      const props: VisualEditorProps<Obj> = {
        file: wf.file,
        doc,
        onChange: (next) => {
          writes.push(next)
          setDoc(next)
        },
        problems: [],
        draft: galutuDraft({ [wf.file]: doc }),
        info: null,
        client: {} as VisualEditorProps['client'],
        i18n: i18n('zh-CN'),
        openJson: () => {},
      }
      return (
        <ProblemsProvider problems={[]} lang="zh-CN">
          <WorkflowEditor {...props} />
        </ProblemsProvider>
      )
    }
    render(<Host />)
    const panel = await openState('handling')
    fireEvent.change(within(state('handling')).getByTestId('wf-state-name'), { target: { value: '办理中' } })
    fireEvent.change(within(state('archived')).getByTestId('wf-state-name'), { target: { value: '归档完毕' } })
    fireEvent.click(within(row(panel, 'URGE')).getByTestId('wf-any-role-set'))
    fireEvent.change(within(row(panel, 'DISPATCH')).getByTestId('wf-event-name'), { target: { value: '派单' } })
    expect(changedLeaves(base, writes.at(-1)!).sort()).toEqual([
      '/machines/0/events/DISPATCH/name',
      '/machines/0/events/URGE/roles',
      '/machines/0/stateInfo/archived/name',
      '/machines/0/stateInfo/handling/name',
    ])
    expect((within(state('handling')).getByTestId('wf-state-name') as HTMLInputElement).value).toBe('办理中')
    expect(within(row(panel, 'URGE')).getByTestId('wf-any-role')).toBeTruthy()
  }, 120_000)

  it('switches machines, and the diagram beside follows', () => {
    const onFocusElement = vi.fn()
    mount({ extra: { onFocusElement } })
    expect(onFocusElement).toHaveBeenLastCalledWith('case')
    fireEvent.click(document.querySelector('[data-machine=complaint]')!)
    expect(onFocusElement).toHaveBeenLastCalledWith('complaint')
    expect(Array.from(document.querySelectorAll<HTMLElement>('[data-testid=wf-state]')).map((e) => e.dataset.state)).toEqual(['received', 'open', 'replied'])
  })
})
