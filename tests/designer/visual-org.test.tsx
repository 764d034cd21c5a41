// @vitest-environment jsdom
/** The organisation editor in jsdom on the real Galutu draft: what each control writes, refusals, problems at the control. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useState } from 'react'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import OrgEditor from '../../designer/src/visual/org/OrgEditor'
import { elementForPointer, ProblemsProvider, type VisualEditorProps } from '../../designer/src/visual/kit'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import type { Problem } from '../../designer/src/lib/problems'
import type { OrgDoc } from '../../designer/src/visual/org/model'
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
const org = fileOf('org')
const base = org.doc as OrgDoc

function mount(opts: { doc?: OrgDoc; problems?: Problem[]; lang?: Lang } = {}) {
  const onChange = vi.fn()
  const openJson = vi.fn()
  const doc = opts.doc ?? base
  const props: VisualEditorProps<OrgDoc> = {
    file: org.file,
    doc,
    onChange,
    problems: opts.problems ?? [],
    draft: galutuDraft({ [org.file]: doc }),
    info: null,
    client: {} as VisualEditorProps['client'],
    i18n: i18n(opts.lang ?? 'zh-CN'),
    openJson,
  }
  const r = render(
    <ProblemsProvider problems={props.problems} lang={opts.lang ?? 'zh-CN'}>
      <OrgEditor {...props} />
    </ProblemsProvider>,
  )
  return { r, onChange, openJson, props }
}
const lastWrite = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1) as [OrgDoc, string, { coalesceKey?: string } | undefined]
const tab = (k: string) => fireEvent.click(screen.getByTestId(`org-tab-${k}`))

describe('OrgEditor', () => {
  it('adds a village with a generated id, the type of the last one, and nothing else changed', async () => {
    const { onChange } = mount()
    fireEvent.click(screen.getByTestId('org-add-villages'))
    fireEvent.change(await screen.findByTestId('org-new-name'), { target: { value: '新建社区' } })
    fireEvent.click(screen.getByTestId('org-new-ok'))
    await waitFor(() => expect(onChange).toHaveBeenCalledTimes(1))
    const [next, what] = lastWrite(onChange)
    const n = base.villages!.length
    expect(next.villages![n]).toEqual({ id: `village_${n + 1}`, name: '新建社区', type: base.villages![n - 1]!.type })
    expect(changedLeaves(base, next).every((p) => p.startsWith(`/villages/${n}`))).toBe(true)
    expect(what).toContain('新建社区')
  })

  it('refuses an empty name in the add dialog (nothing written)', async () => {
    const { onChange } = mount()
    fireEvent.click(screen.getByTestId('org-add-villages'))
    await screen.findByTestId('org-new-name')
    fireEvent.click(screen.getByTestId('org-new-ok'))
    expect(await screen.findByText('请填写名称', {}, { timeout: 5000 })).toBeTruthy()
    expect(onChange).not.toHaveBeenCalled()
  })

  it('does not remove a village a unit points to: it names the unit', async () => {
    const { onChange } = mount()
    const i = base.villages!.findIndex((v) => v.id === 'tuanjie')
    fireEvent.click(within(screen.getByTestId('org-table-villages')).getAllByTestId('org-remove-villages')[i]!)
    const box = await screen.findByTestId('org-in-use')
    expect(box.textContent).toContain('团结社区信访代办服务点')
    expect(within(box).getAllByTestId('org-usage')).toHaveLength(1)
    expect(onChange).not.toHaveBeenCalled()
  })

  it('removes a village nothing uses', () => {
    const doc = structuredClone(base)
    doc.villages!.push({ id: 'village_6', name: '新建社区', type: 'community' })
    const { onChange } = mount({ doc })
    const buttons = within(screen.getByTestId('org-table-villages')).getAllByTestId('org-remove-villages')
    fireEvent.click(buttons.at(-1)!)
    expect(lastWrite(onChange)[0]).toEqual(base)
  })

  it('does not remove a role the workflow and duty roster use, naming the events', async () => {
    mount()
    tab('roles')
    const i = base.roles!.findIndex((r) => r.id === 'shift_leader')
    fireEvent.click(within(screen.getByTestId('org-table-roles')).getAllByTestId('org-remove-roles')[i]!)
    const box = await screen.findByTestId('org-in-use')
    expect(
      within(box)
        .getAllByTestId('org-usage')
        .map((e) => e.getAttribute('data-file'))
        .sort(),
    ).toEqual(['duty.json', 'workflow.json', 'workflow.json', 'workflow.json'])
    expect(box.textContent).toContain('领导批示')
  })

  it('renames a task group in one coalesced step per input', () => {
    const { onChange } = mount()
    tab('groups')
    const input = within(screen.getByTestId('org-table-groups')).getAllByTestId('org-name-groups')[2] as HTMLInputElement
    fireEvent.change(input, { target: { value: '综合行政执法组' } })
    const [next, , opts] = lastWrite(onChange)
    expect(changedLeaves(base, next)).toEqual(['/groups/2/name'])
    expect(next.groups![2]!.name).toBe('综合行政执法组')
    expect(opts?.coalesceKey).toBe('/groups/2/name')
  })

  it('moves a category to another group', async () => {
    const { onChange } = mount()
    tab('categories')
    const rows = within(screen.getByTestId('org-table-categories')).getAllByTestId('org-category-name') as HTMLInputElement[]
    const k = rows.findIndex((x) => x.value === '邻里小纠纷')
    const select = within(screen.getByTestId('org-table-categories')).getAllByTestId('org-category-group')[k]!
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select.querySelector('[role=combobox]') ?? select)
    const option = await waitFor(() => {
      const o = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${base.groups![0]!.name as string}"]`)
      if (!o) throw new Error('no option')
      return o
    })
    fireEvent.click(option)
    const [next, what] = lastWrite(onChange)
    expect((next.groups![0]!.categories as string[]).at(-1)).toBe('邻里小纠纷')
    expect(next.groups![5]!.categories).not.toContain('邻里小纠纷')
    expect(what).toContain('邻里小纠纷')
  })

  it('adds a category to the group picked, refusing a duplicate', () => {
    const { onChange } = mount()
    tab('categories')
    fireEvent.change(screen.getByTestId('org-new-category'), { target: { value: '禁毒' } })
    fireEvent.click(screen.getByTestId('org-add-category'))
    expect(screen.getByText('类别「禁毒」已存在')).toBeTruthy()
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(screen.getByTestId('org-new-category'), { target: { value: '草原确权' } })
    fireEvent.click(screen.getByTestId('org-add-category'))
    expect(changedLeaves(base, lastWrite(onChange)[0])).toEqual([`/groups/0/categories/${(base.groups![0]!.categories as string[]).length}`])
  })

  it('the permission matrix: columns from POLICY (and the undeclared ones Galutu holds), a tick writes the role', () => {
    const { onChange } = mount()
    tab('permissions')
    const table = screen.getByTestId('org-permissions')
    const box = (role: string, perm: string) => {
      const el = table.querySelector<HTMLElement>(`[data-testid=org-perm][data-role="${role}"][data-perm="${perm}"]`)!
      return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement
    }
    const auditorHandle = box('auditor', 'case.handle')
    expect(auditorHandle.checked).toBe(false)
    expect(box('auditor', 'case.read').checked).toBe(true)
    expect(table.querySelector('span[data-perm="case.instruct"]')!.textContent).toContain('⚠')
    fireEvent.click(auditorHandle)
    const [next] = lastWrite(onChange)
    const ri = base.roles!.findIndex((r) => r.id === 'auditor')
    expect(next.roles![ri]!.permissions).toEqual([...(base.roles![ri]!.permissions as string[]), 'case.handle'])
    expect(changedLeaves(base, next)).toEqual([`/roles/${ri}/permissions/${(base.roles![ri]!.permissions as string[]).length}`])
  })

  it("shows the engine's problem at the control that edits it", () => {
    mount({ problems: [{ code: 'SCHEMA', file: 'org.json', pointer: '/villages/1/name', message: '名称不能为空' }] })
    const cell = document.querySelector('[data-pointer="/villages/1/name"]')!
    expect(cell.textContent).toContain('名称不能为空')
    expect(cell.querySelector('.ant-input-status-error')).toBeTruthy()
  })

  it('under "advanced", an id edit carries the org references and says where other files use it', async () => {
    const { onChange } = mount()
    tab('roles')
    fireEvent.click(screen.getByTestId('org-advanced'))
    const i = base.roles!.findIndex((r) => r.id === 'group_leader')
    const input = within(screen.getByTestId('org-table-roles')).getAllByTestId('org-id-roles')[i] as HTMLInputElement
    expect(input.value).toBe('group_leader')
    fireEvent.change(input, { target: { value: 'task_leader' } })
    const [next] = lastWrite(onChange)
    expect(changedLeaves(base, next).sort()).toEqual([`/roles/${i}/id`, ...base.groups!.map((_, g) => `/groups/${g}/leader/role`)].sort())
  })

  it('a control in a tab not shown is found by the host (a marker) and shown when flashed', async () => {
    mount()
    const root = screen.getByTestId('org-editor')
    expect(screen.queryByTestId('org-table-groups')).toBeNull()
    const marker = elementForPointer(root, '/groups/2/leader/title')!
    expect(marker.closest('[data-reveal-group]')!.getAttribute('data-reveal-group')).toBe('groups')
    // a duplicate category is in the categories tab, not the groups tab
    expect(elementForPointer(root, '/groups/2/categories/1')!.closest('[data-reveal-group]')!.getAttribute('data-reveal-group')).toBe('categories')
    marker.classList.add('daiban-flash')
    await waitFor(() => expect(screen.getByTestId('org-table-groups')).toBeTruthy())
    expect(elementForPointer(root, '/groups/2/leader/title')!.closest('[data-reveal-group]')).toBeNull()
  })

  it('edits one after another in different rows all land (cells not re-rendered still write the latest file)', () => {
    const writes: OrgDoc[] = []
    function Host() {
      const [doc, setDoc] = useState(base)
      const props: VisualEditorProps<OrgDoc> = {
        file: org.file,
        doc,
        onChange: (next) => {
          writes.push(next)
          setDoc(next)
        },
        problems: [],
        draft: galutuDraft({ [org.file]: doc }),
        info: null,
        client: {} as VisualEditorProps['client'],
        i18n: i18n('zh-CN'),
        openJson: () => {},
      }
      return (
        <ProblemsProvider problems={[]} lang="zh-CN">
          <OrgEditor {...props} />
        </ProblemsProvider>
      )
    }
    render(<Host />)
    const names = () => within(screen.getByTestId('org-table-villages')).getAllByTestId('org-name-villages') as HTMLInputElement[]
    fireEvent.change(names()[0]!, { target: { value: '甲' } })
    fireEvent.change(names()[3]!, { target: { value: '乙' } })
    fireEvent.change(names()[1]!, { target: { value: '丙' } })
    const last = writes.at(-1)!
    expect(changedLeaves(base, last).sort()).toEqual(['/villages/0/name', '/villages/1/name', '/villages/3/name'])
    expect(
      names()
        .map((i) => i.value)
        .slice(0, 4),
    ).toEqual(['甲', '丙', base.villages![2]!.name, '乙'])
  })

  it('an org without lists opens, and adding the first village makes the list', async () => {
    const { onChange } = mount({ doc: { kind: 'org' } as OrgDoc })
    fireEvent.click(screen.getByTestId('org-add-villages'))
    fireEvent.change(await screen.findByTestId('org-new-name'), { target: { value: '新村' } })
    fireEvent.click(screen.getByTestId('org-new-ok'))
    await waitFor(() => expect(onChange).toHaveBeenCalled())
    expect(lastWrite(onChange)[0]).toEqual({ kind: 'org', villages: [{ id: 'village_1', name: '新村', type: 'gacha' }] })
  })

  it('speaks English', () => {
    mount({ lang: 'en' })
    expect(screen.getByTestId('org-tab-villages').textContent).toContain('Villages')
  })
})
