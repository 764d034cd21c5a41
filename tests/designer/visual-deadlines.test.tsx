// @vitest-environment jsdom
/**
 * The time-limit table (designer/src/visual/deadlines) on galutu's deadlines.json, in jsdom with the
 * designer's real engine host: what it shows (names, events and date fields by their Chinese
 * titles, the working-day example), what it writes (a one-line change in the file's text, unknown
 * members kept), and the engine's problems on the control they are about.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createElement as h } from 'react'
import { readdirSync, readFileSync } from 'node:fs'
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react'
import ClocksEditor from '../../designer/src/visual/deadlines/ClocksEditor'
import {
  dateFields,
  freshId,
  newClock,
  startChoice,
  startOptions,
  withList,
  withStartChoice,
  type Clock,
  type DeadlinesDoc,
} from '../../designer/src/visual/deadlines/model'
import { ProblemsProvider, type DraftFiles } from '../../designer/src/visual/kit'
import { EngineHost } from '../../designer/src/engine/host'
import { EngineClient } from '../../designer/src/engine/client'
import type { LoadReply, ReplyEnvelope, SchemeInfo } from '../../designer/src/engine/protocol'
import { translate, type I18n, type Lang } from '../../designer/src/i18n'
import { writeJson } from '../../engine/scheme/json-edit'
import { decide, loadScheme } from '../../engine'
import { todayLocal } from '../../designer/src/panels/ctx'

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

const FILE = 'deadlines.json'
const galutu = () =>
  readdirSync('definitions/galutu')
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))
const i18n = (lang: Lang): I18n => ({ lang, setLang: () => {}, t: (k, p) => translate(lang, k, p) })

/** The host's part: texts, the engine worker (in process), writeJson for every change. */
async function harness(over: (text: string) => string = (t) => t, lang: Lang = 'zh-CN') {
  const engine = new EngineHost()
  let reply: (r: ReplyEnvelope) => void = () => {}
  const client = new EngineClient({
    post: (m) =>
      void engine.handle(m).then(
        (value) => reply({ id: m.id, ok: true, value }),
        (e: Error) => reply({ id: m.id, ok: false, error: e.message }),
      ),
    onReply: (fn) => void (reply = fn),
  })
  const files = galutu().map((f) => (f.file === FILE ? { ...f, text: over(f.text) } : f))
  const texts: Record<string, string> = Object.fromEntries(files.map((f) => [f.file, f.text]))
  const first = texts[FILE]!
  let load: LoadReply = await engine.load(files)
  const draft = (): DraftFiles => ({ files: files.map((f) => ({ file: f.file, kind: null, doc: JSON.parse(texts[f.file]!) })), docsOf: () => [] })
  const labels: string[] = []
  const element = () => {
    const problems = load.problems.filter((p) => p.file === FILE)
    return h(
      ProblemsProvider,
      { problems, lang, children: null },
      h(ClocksEditor, {
        file: FILE,
        doc: JSON.parse(texts[FILE]!) as DeadlinesDoc,
        problems,
        draft: draft(),
        info: load.info,
        client,
        i18n: i18n(lang),
        openJson: () => {},
        onChange: (next: unknown, label: string) => {
          labels.push(label)
          texts[FILE] = writeJson(texts[FILE]!, next)
          void engine.load(Object.entries(texts).map(([file, text]) => ({ file, text }))).then((l) => {
            load = l
            r.rerender(element())
          })
          r.rerender(element())
        },
      }),
    )
  }
  const r = render(element())
  return { r, texts, first, labels, info: load.info as SchemeInfo, engine, problems: () => load.problems }
}

/** Lines of b that differ from a (same line count expected for in-place edits). */
const changedLines = (a: string, b: string) => {
  const x = a.split('\n')
  const y = b.split('\n')
  expect(y.length).toBe(x.length)
  return y.filter((l, i) => l !== x[i])
}

const defs = JSON.parse(readFileSync('definitions/galutu/deadlines.json', 'utf8')) as DeadlinesDoc
/** The clock the rules pick for a town-level matter: found through the definitions, not by id. */
let town: Promise<Clock> | undefined
const townClock = () => (town ??= findTown())
async function findTown(): Promise<Clock> {
  const { scheme } = await loadScheme(galutu())
  const d = await decide(scheme!, { receivedOn: '2026-11-02', level: 'town', category: '教育', channel: 'visit', village: '团结社区' })
  if (!d.ok) throw new Error(JSON.stringify(d.problems))
  return defs.clocks.find((c) => c.id === d.decision.clock)!
}

describe('the time-limit table', () => {
  it('shows one row per clock with its name, days and day count, and what it means today', async () => {
    const { r, engine } = await harness()
    const rows = r.getAllByTestId('clock-row')
    expect(rows.map((x) => x.getAttribute('data-id'))).toEqual(defs.clocks.map((c) => c.id))
    rows.forEach((row, i) => {
      const c = defs.clocks[i]!
      expect((within(row).getByTestId('clock-name') as HTMLInputElement).value).toBe(c.name)
      expect(
        (within(row).getByTestId('clock-days').querySelector('input') ?? (within(row).getByTestId('clock-days') as HTMLInputElement)).getAttribute('value'),
      ).toBe(String(c.days))
      expect(row.textContent).toContain(c.unit === 'workday' ? '工作日' : '自然日')
    })
    // "例：今日登记并甄别受理 → … 到期", from the draft's calendar
    const town = await townClock()
    const row = rows.find((x) => x.getAttribute('data-id') === town.id)!
    const want = engine.addDays(todayLocal(), town.days, town.unit).due!
    await waitFor(() => expect(within(row).getByTestId('clock-example').textContent).toBe(`例：今日登记并甄别受理 → ${want} 到期`))
  })

  it('changes the town-level limit from 15 to 10 working days as a one-line change', async () => {
    const town = await townClock()
    expect(town.days).toBe(15)
    expect(town.unit).toBe('workday')
    const { r, texts, first, labels } = await harness()
    const row = r.getAllByTestId('clock-row').find((x) => (within(x).getByTestId('clock-name') as HTMLInputElement).value === town.name)!
    const input = within(row).getByTestId('clock-days').querySelector('input') ?? (within(row).getByTestId('clock-days') as HTMLInputElement)
    await act(async () => void fireEvent.change(input, { target: { value: '10' } }))
    const lines = changedLines(first, texts[FILE]!)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`"id": "${town.id}"`)
    expect(lines[0]).toContain('"days": 10,')
    const next = JSON.parse(texts[FILE]!) as DeadlinesDoc
    // only that value changed: sources, descriptions, when… as they were
    expect(next).toEqual({ ...defs, clocks: defs.clocks.map((c) => (c.id === town.id ? { ...c, days: 10 } : c)) })
    expect(labels).toEqual(['修改时限天数'])
    await waitFor(() => expect(within(row).getByTestId('clock-example').textContent).toContain('到期'))
  })

  it('opens a row to its start and stop steps by name and the date it counts from by field title', async () => {
    const town = await townClock()
    const { r, info } = await harness()
    const row = r.getAllByTestId('clock-row').find((x) => x.getAttribute('data-id') === town.id)!
    await act(async () => void fireEvent.click(row.querySelector('.ant-table-row-expand-icon')!))
    const details = await r.findByTestId('clock-details')
    // names and titles as the workflow and the forms give them
    const m = info.machines.find((x) => x.id === town.machine)!
    const startForm = info.forms.find((f) => f.id === m.events[town.start.events![0]!]!.form)!
    expect(within(details).getByTestId('clock-start-events').textContent).toBe(town.start.events!.map((e) => m.events[e]!.name).join(''))
    expect(within(details).getByTestId('clock-start-date').textContent).toBe(dateFields(startForm).find((f) => f.id === town.start.dateField)!.title)
    expect(within(details).getByTestId('clock-stop-events').textContent).toBe(town.stop.events!.map((e) => m.events[e]!.name).join(''))
    expect(within(details).getByTestId('clock-selected-by').textContent).toBe(info.ruleSets.find((x) => x.id === town.selectedBy)!.name)
  })

  it("puts the engine's problem on the control it is about, and opens that row", async () => {
    const { r, problems } = await harness((t) => t.replace('"stop": { "events": ["REPLY_COMPLAINT"] }', '"stop": { "events": ["NO_SUCH_EVENT"] }'))
    expect(problems().some((p) => p.code === 'UNKNOWN_EVENT' && p.file === FILE)).toBe(true)
    const at = defs.clocks.findIndex((c) => c.stop.events?.includes('REPLY_COMPLAINT'))
    const marked = r.container.querySelector(`[data-pointer="/clocks/${at}/stop/events"]`)!
    expect(marked).not.toBeNull()
    expect(marked.querySelector('.ant-form-item-has-error')).not.toBeNull()
    expect(marked.textContent).toContain('NO_SUCH_EVENT')
    expect(r.getAllByTestId('clock-row')[at]!.getAttribute('style')).toContain('inset')
  })

  it('adds a clock with a fresh id like the last one, and deletes one', async () => {
    const { r, texts } = await harness()
    await act(async () => void fireEvent.click(r.getByTestId('clock-add')))
    const added = (JSON.parse(texts[FILE]!) as DeadlinesDoc).clocks.at(-1)!
    expect(added.id).toBe(`clock_${defs.clocks.length + 1}`)
    expect(added.name).toBe('新时限')
    expect(added.machine).toBe(defs.clocks.at(-1)!.machine)
    expect(r.getAllByTestId('clock-row')).toHaveLength(defs.clocks.length + 1)
    // the new row is open for its steps
    expect(r.getAllByTestId('clock-details').length).toBeGreaterThan(0)
    const del = within(r.getAllByTestId('clock-row').at(-1)!).getByTestId('clock-delete')
    await act(async () => void fireEvent.click(del))
    await act(async () => void fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!))
    expect(JSON.parse(texts[FILE]!)).toEqual(defs)
  })

  it('speaks English when asked', async () => {
    const { r, info } = await harness(undefined, 'en')
    const row = r.getAllByTestId('clock-row')[0]!
    const c = defs.clocks[0]!
    const step = info.machines.find((x) => x.id === c.machine)!.events[c.start.events![0]!]!.nameEn!
    await waitFor(() => expect(within(row).getByTestId('clock-example').textContent).toMatch(new RegExp(`^e\\.g\\. ${step} today → due \\d{4}-\\d{2}-\\d{2}$`)))
    expect(row.textContent).toContain('working days')
  })
})

describe('the model', () => {
  const info = async () => (await new EngineHost().load(galutu())).info!

  it("offers the date fields of the starting steps' forms, marking one not on every form", async () => {
    const inf = await info()
    const multi = defs.clocks.find((c) => (c.start.events?.length ?? 0) > 1 && c.start.dateField)!
    const groups = startOptions(inf, multi, 'zh-CN', { eventDay: '该环节发生之日', notOn: '{events}的表单没有此字段' })
    const own = groups[0]!.options
    expect(own[0]).toEqual({ value: '', label: '该环节发生之日' })
    const chosen = own.find((o) => o.value === `field:${multi.start.dateField}`)!
    expect(chosen).toBeDefined()
    // every starting step's form has it (the engine requires it): no mark
    expect(chosen.note).toBeUndefined()
    // another step's dated form: 办结 · 办结日期
    expect(groups[1]!.options.some((o) => o.label === '办结 · 办结日期' && o.value === 'from:CONCLUDE:concludedOn')).toBe(true)
    const intake = inf.forms.find((f) => f.id === inf.factsForm)!
    const title = (intake.schema as { properties: Record<string, { title: string }> }).properties[multi.start.dateField!]!.title
    expect(dateFields(intake)).toContainEqual({ id: multi.start.dateField, title })
  })

  it('writes the start date as dateField or dateFrom, never both, and keeps the rest of start', () => {
    const remedy = defs.clocks.find((c) => c.start.when)!
    const a = withStartChoice(remedy, 'from:CONCLUDE:concludedOn')
    expect(a.start).toEqual({ ...remedy.start, dateFrom: { event: 'CONCLUDE', field: 'concludedOn' } })
    expect(startChoice(a)).toBe('from:CONCLUDE:concludedOn')
    const b = withStartChoice(a, 'field:receivedOn')
    expect(b.start.dateFrom).toBeUndefined()
    expect(b.start.dateField).toBe('receivedOn')
    expect(b.start.when).toEqual(remedy.start.when)
    expect(withStartChoice(b, '').start).toEqual(remedy.start)
  })

  it('drops an emptied list but keeps stop non-empty', () => {
    const c = defs.clocks[0]!
    expect(withList(c, 'stop', 'events', []).stop).toEqual({ events: [] })
    expect(withList({ ...c, stop: { events: ['CONCLUDE'], states: ['closed'] } }, 'stop', 'events', []).stop).toEqual({ states: ['closed'] })
    expect(withList(c, 'start', 'events', ['REGISTER', 'SETTLE_SOLUTION']).start.events).toEqual(['REGISTER', 'SETTLE_SOLUTION'])
  })

  it('gives fresh ids', () => {
    expect(freshId([{ id: 'clock_2' }, { id: 'x' }])).toBe('clock_3')
    expect(freshId([{ id: 'clock_1' }])).toBe('clock_2')
    expect(newClock({ kind: 'deadlines', clocks: [] }, null, 'x')).toMatchObject({ id: 'clock_1', name: 'x', days: 15, unit: 'workday' })
  })
})
