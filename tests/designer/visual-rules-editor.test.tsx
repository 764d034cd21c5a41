// @vitest-environment jsdom
/**
 * The decision tables editor (issue #17) in jsdom over the real Galutu draft: what it shows (the
 * routing grid, facts by their titles, the complex rule with its reason, problems at the cell) and
 * what it writes (a category moved in org.json, a rule moved up, a result changed, a cell edited).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react'
import RulesEditor, { type RulesEditorProps } from '../../designer/src/visual/rules/RulesEditor'
import { ProblemsProvider } from '../../designer/src/visual/kit'
import { parsedDraft } from '../../designer/src/draft/parsed'
import { translate, type Lang } from '../../designer/src/i18n'
import type { EngineClient } from '../../designer/src/engine/client'
import type { Problem } from '../../designer/src/lib/problems'
import type { FormsDefinition, OrgDefinition, RulesDefinition } from '../../engine/scheme/types'

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

const DIR = 'definitions/galutu'
const order = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
const texts = Object.fromEntries(order.map((f) => [f, readFileSync(`${DIR}/${f}`, 'utf8')]))
const rules = JSON.parse(texts['rules.json']!) as RulesDefinition
const org = JSON.parse(texts['org.json']!) as OrgDefinition
const intake = (JSON.parse(texts['forms-intake.json']!) as FormsDefinition).forms.find((f) => f.id === 'intake')!
const titleOf = (field: string) => (intake.schema.properties as Record<string, { title?: string }>)[field]?.title ?? field
const triageIndex = rules.ruleSets.findIndex((r) => r.produces === 'outcome')
const triage = rules.ruleSets[triageIndex]!

function mount(over: Partial<RulesEditorProps> = {}, problems: Problem[] = [], lang: Lang = 'zh-CN') {
  const props: RulesEditorProps = {
    file: 'rules.json',
    doc: rules,
    onChange: vi.fn(),
    onChangeFile: vi.fn(),
    problems,
    draft: parsedDraft(order, texts),
    info: null,
    client: {} as EngineClient,
    i18n: { lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) },
    openJson: vi.fn(),
    ...over,
  }
  const r = render(
    <ProblemsProvider problems={problems} lang={lang}>
      <RulesEditor {...props} />
    </ProblemsProvider>,
  )
  return { ...r, props }
}

/** Open an antd Select and pick the option labelled `label`. */
async function pick(select: HTMLElement, label: string) {
  // the routing grid's Selects are buttons until clicked
  if (select.dataset.lazy) fireEvent.click(select)
  else fireEvent.mouseDown(select.querySelector('.ant-select-content, .ant-select-selector') ?? select)
  const option = await waitFor(() => {
    const hit = Array.from(document.querySelectorAll<HTMLElement>('.ant-select-item-option')).filter(
      (o) => o.textContent === label && o.offsetParent !== undefined,
    )
    if (!hit.length) throw new Error(`no option ${label}`)
    return hit[hit.length - 1]!
  })
  fireEvent.click(option)
}

const openTab = (r: ReturnType<typeof render>, id: string) => fireEvent.click(r.getByTestId(`ruleset-tab-${id}`))
const routingId = rules.ruleSets.find((r) => r.produces === 'group')!.id

// Sixty-odd rows: jsdom on a shared machine takes its time over them.
describe('routing grid', { timeout: 120_000 }, () => {
  it('shows every category of the org in the row of its group, and moves one by its Select into org.json only', async () => {
    const r = mount()
    const { getByTestId, props } = r
    openTab(r, routingId)
    const grid = getByTestId(`routing-grid-${routingId}`)
    const from = org.groups[0]!
    const to = org.groups[1]!
    const category = from.categories[0]!
    expect(within(grid).getByTestId(`route-cell-${category}-${from.id}`).dataset.on).toBe('1')
    expect(within(grid).getByTestId(`route-cell-${category}-${to.id}`).dataset.on).toBe('0')
    await pick(within(grid).getByTestId(`route-select-${category}`), to.name)
    expect(props.onChange).not.toHaveBeenCalled()
    expect(props.onChangeFile).toHaveBeenCalledTimes(1)
    const [file, next, label] = (props.onChangeFile as ReturnType<typeof vi.fn>).mock.calls[0]! as [string, OrgDefinition, string]
    expect(file).toBe('org.json')
    expect(label).toContain(category)
    expect(next.groups[0]!.categories).not.toContain(category)
    expect(next.groups[1]!.categories).toContain(category)
    expect(next.groups.filter((g) => g.categories.includes(category))).toHaveLength(1)
  })

  it('a click on a cell moves the category too', () => {
    const r = mount()
    const { getByTestId, props } = r
    openTab(r, routingId)
    const category = org.groups[2]!.categories[0]!
    fireEvent.click(getByTestId(`route-cell-${category}-${org.groups[0]!.id}`))
    const next = (props.onChangeFile as ReturnType<typeof vi.fn>).mock.calls[0]![1] as OrgDefinition
    expect(next.groups[0]!.categories.at(-1)).toBe(category)
    expect(next.groups[2]!.categories).not.toContain(category)
  })

  it('without a way to write org.json, says so and does not move', () => {
    const r = mount({ onChangeFile: undefined })
    const { getByTestId, getByText, props } = r
    openTab(r, routingId)
    getByText(/无法修改组织机构文件/)
    const category = org.groups[0]!.categories[0]!
    fireEvent.click(getByTestId(`route-cell-${category}-${org.groups[1]!.id}`))
    expect(props.onChange).not.toHaveBeenCalled()
  })
})

describe('triage table', () => {
  it("opens on the first rule set; heads its columns with the facts' titles, not their ids", () => {
    const r = mount()
    expect(r.getByTestId(`ruleset-${rules.ruleSets[0]!.id}`)).toBeTruthy()
    openTab(r, triage.id)
    for (const f of ['inJudicialProcess', 'inEnforcementStage', 'legalChannel', 'acceptsProxy'])
      expect(r.getAllByTestId(`col-${triage.id}-${f}`)[0]!.textContent).toBe(titleOf(f))
    // cells in words: labels of the values
    const legal = triage.rules.find((x) => JSON.stringify(x.conditions).includes('legalChannel'))!
    const text = r.getByTestId(`cell-${triage.id}-${legal.id}-legalChannel`).textContent!
    const labels = (intake.schema.properties as Record<string, { oneOf: Array<{ const?: string; title: string }> }>)
      .legalChannel!.oneOf.filter((o) => o.const)
      .map((o) => o.title)
    for (const l of labels) expect(text).toContain(l)
  })

  it('shows the rule with "any" as a read-only complex row that opens the JSON view at it with the reason', () => {
    const r = mount()
    openTab(r, triage.id)
    const i = triage.rules.findIndex((x) => 'any' in x.conditions)
    const rule = triage.rules[i]!
    const row = r.getByTestId(`complex-${triage.id}-${rule.id}`)
    expect(row.textContent).toContain('复杂规则')
    expect(r.queryByTestId(`cell-${triage.id}-${rule.id}-inJudicialProcess`)).toBeNull()
    fireEvent.click(r.getByTestId(`open-json-${triage.id}-${rule.id}`))
    const [pointer, note] = (r.props.openJson as ReturnType<typeof vi.fn>).mock.calls[0]! as [string, string]
    expect(pointer).toBe(`/ruleSets/${triageIndex}/rules/${i}/conditions/any`)
    expect(note).toContain('任一条件满足(any)')
    expect(note).toContain(rule.name)
  })

  it('moves the last rule up: the two priorities swap, nothing else changes', () => {
    const r = mount()
    openTab(r, triage.id)
    const byPriority = [...triage.rules].sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1))
    const last = byPriority.at(-1)!
    const above = byPriority.at(-2)!
    fireEvent.click(r.getByTestId(`move-up-${triage.id}-${last.id}`))
    const next = (r.props.onChange as ReturnType<typeof vi.fn>).mock.calls[0]![0] as RulesDefinition
    const rs = next.ruleSets[triageIndex]!
    expect(rs.rules.find((x) => x.id === last.id)!.priority).toBe(above.priority)
    expect(rs.rules.find((x) => x.id === above.id)!.priority).toBe(last.priority)
    const strip = (d: RulesDefinition) => JSON.parse(JSON.stringify(d, (k, v) => (k === 'priority' ? undefined : v))) as unknown
    expect(strip(next)).toEqual(strip(rules))
    expect((r.getByTestId(`move-up-${triage.id}-${byPriority[0]!.id}`) as HTMLButtonElement).disabled).toBe(true)
  })

  it("changes a rule's result from the outcome Select, keeping the event's other members", async () => {
    const r = mount()
    openTab(r, triage.id)
    const rule = triage.rules.find((x) => x.event.params.outcome !== 'proxy')!
    const proxy = triage.outcomes!.find((o) => o.id === 'proxy')!
    await pick(r.getByTestId(`outcome-${triage.id}-${rule.id}`), proxy.name)
    const next = (r.props.onChange as ReturnType<typeof vi.fn>).mock.calls[0]![0] as RulesDefinition
    expect(next.ruleSets[triageIndex]!.rules.find((x) => x.id === rule.id)!.event).toEqual({
      ...rule.event,
      params: { ...rule.event.params, outcome: 'proxy' },
    })
  })

  it('edits a cell: "acceptsProxy = 否" becomes "未填写" (equal null), written in place', async () => {
    const r = mount()
    openTab(r, triage.id)
    const i = triage.rules.findIndex((x) => JSON.stringify(x.conditions).includes('"acceptsProxy"'))
    const rule = triage.rules[i]!
    fireEvent.click(r.getByTestId(`cell-${triage.id}-${rule.id}-acceptsProxy`))
    const op = await waitFor(() => document.querySelector<HTMLElement>('[data-testid="cell-op"]')!)
    await pick(op, '未填写')
    const next = (r.props.onChange as ReturnType<typeof vi.fn>).mock.calls[0]![0] as RulesDefinition
    expect(next.ruleSets[triageIndex]!.rules[i]!.conditions).toEqual({ all: [{ fact: 'acceptsProxy', operator: 'equal', value: null }] })
  })

  it('marks the cell and the rule where the engine found a problem', () => {
    const i = triage.rules.findIndex((x) => JSON.stringify(x.conditions).includes('"acceptsProxy"'))
    const rule = triage.rules[i]!
    const problem: Problem = {
      code: 'UNKNOWN_FORM_FIELD',
      file: 'rules.json',
      pointer: `/ruleSets/${triageIndex}/rules/${i}/conditions/all/0/fact`,
      message: '表单 intake 没有字段 acceptsProxy',
    }
    const r = mount({}, [problem])
    openTab(r, triage.id)
    const cell = r.getByTestId(`cell-${triage.id}-${rule.id}-acceptsProxy`)
    expect(cell.className).toContain('dangerous')
    expect(cell.closest('[data-pointer]')!.getAttribute('data-pointer')).toBe(`/ruleSets/${triageIndex}/rules/${i}/conditions/all/0`)
    expect(r.getByTestId(`rule-row-${triage.id}-${rule.id}`).getAttribute('data-pointer')).toBe(`/ruleSets/${triageIndex}/rules/${i}`)
  })

  it('speaks English when asked', () => {
    const r = mount({}, [], 'en')
    openTab(r, triage.id)
    expect(r.container.textContent).toContain('Complex rule')
    expect(r.container.textContent).toContain('The matching rule of the highest priority decides')
  })
})

describe('levels table', () => {
  it('offers the clocks by name with their days, and the level by its org name', async () => {
    const levels = rules.ruleSets.find((x) => x.produces === 'clock')!
    const r = mount()
    openTab(r, levels.id)
    const rule = levels.rules[0]!
    const level = (rule.conditions.all![0] as { value: string }).value
    expect(r.getByTestId(`cell-${levels.id}-${rule.id}-level`).textContent).toBe(org.levels.find((l) => l.id === level)!.name)
    await act(async () => {})
    expect(r.getByTestId(`outcome-${levels.id}-${rule.id}`).textContent).toMatch(/个工作日/)
  })
})
