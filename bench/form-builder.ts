/**
 * Form builder: keystroke → preview painted, in headless chromium against a real server (the
 * designer suite's session, tests/browser-designer/session.ts).
 *
 * On the largest form of galutu (by field titles), the title of its first field is edited one
 * keystroke at a time ('a', Backspace, …), each edit waiting for its validated, painted preview:
 * the designer's own record window.__daibanPerf (editToPaintMs: first keystroke → painted, the
 * 250 ms validation debounce included). Then the same edits typed in the JSON view (Monaco) in the
 * same page, the baseline: what editing a form took before the builder. Also the builder's slow
 * key events (Event Timing, 16 ms or more).
 *
 *   node bin/run-ts.js bench/form-builder.ts [--edits 200] [--json-edits 100]
 *   BENCH_QUICK=1 → 20 and 10 edits.
 * Needs a built designer: designer/dist (`npm run build:designer`) or DAIBAN_TEST_DESIGNER_DIST.
 * Writes test-output/form-builder-perf.json too.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { open, type Session } from '../tests/browser-designer/session'
import { GALUTU, ROOT, arg, header, ms, ratio, scaled, stats, table, type Stats } from './lib'

const EDITS = Number(arg('--edits') ?? scaled(200, 20))
const JSON_EDITS = Number(arg('--json-edits') ?? scaled(100, 10))
const log = (m: string) => process.stderr.write(m + '\n')

type Perf = { editToPaintMs: number; validateAndPreviewMs: number; workerLoadMs: number; workerTotalMs: number; problems: number }
type SlowEvent = { name: string; duration: number; processing: number }

/** The largest form of galutu by its field titles, and the first field of its order with a title. */
function largestForm() {
  const forms = ['forms-intake.json', 'forms-handling.json', 'forms-duty.json'].flatMap((file) =>
    (JSON.parse(readFileSync(path.join(GALUTU, file), 'utf8')).forms as any[]).map((form, index) => ({
      file,
      index,
      form,
      n: JSON.stringify(form.schema).split('"title"').length,
    })),
  )
  const { file, index, form } = forms.sort((a, b) => b.n - a.n)[0]!
  const order: string[] = form.uiSchema?.['ui:order'] ?? Object.keys(form.schema.properties)
  const field = order.find((k) => typeof form.schema.properties[k]?.title === 'string')
  if (!field) throw new Error(`${file}#${form.id}: no field with a title`)
  return { file, index, id: form.id as string, field, title: form.schema.properties[field].title as string }
}

/** Presses 'a' / Backspace `n` times, each after the previous edit's preview was painted; the designer's records. */
async function edits(page: Page, n: number, check?: (i: number) => Promise<void>): Promise<Perf[]> {
  await page.evaluate(() => {
    ;(window as any).__daibanPerf = []
  })
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'a' : 'Backspace')
    await page.waitForFunction((k) => ((window as any).__daibanPerf?.length ?? 0) >= k, i + 1, { timeout: 30_000 })
    await check?.(i)
  }
  const perf: Perf[] = await page.evaluate(() => (window as any).__daibanPerf)
  if (perf.length !== n) throw new Error(`${perf.length} preview records for ${n} edits`)
  if (perf.some((p) => p.problems !== 0 || !Number.isFinite(p.editToPaintMs)))
    throw new Error(`an edit left problems or no timing: ${JSON.stringify(perf.find((p) => p.problems !== 0 || !Number.isFinite(p.editToPaintMs)))}`)
  return perf
}

async function measure(s: Session) {
  const { page } = s
  const target = largestForm()
  log(`form builder: ${EDITS} edits of "${target.title}" on ${target.file}#${target.id}, then ${JSON_EDITS} in the JSON view`)
  await page.locator(`[data-testid="file-list"] [data-file="${target.file}"]`).click()
  const builder = page.getByTestId('form-builder')
  await builder.waitFor({ timeout: 30_000 })
  if ((await builder.getAttribute('data-form')) !== target.id)
    throw new Error(`the builder opened ${await builder.getAttribute('data-form')}, not the largest form ${target.id}`)
  const row = builder.locator(`[data-testid="fb-field"][data-field="${target.field}"]`)
  if ((await row.getAttribute('data-open')) !== '1') await row.getByTestId('fb-field-toggle').click()
  const input = builder.locator(`[data-testid="fb-field-editor"][data-field="${target.field}"] [data-testid="fb-title"]`)
  await input.click()
  await input.press('End')
  const label = page.getByTestId('form-preview').locator(`label[for="root_${target.field}"]`)
  await label.waitFor({ timeout: 30_000 })
  const fields = await builder.getByTestId('fb-field').count()
  await page.evaluate(() => {
    const slow: SlowEvent[] = ((window as any).__slowEvents = [])
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as any[]) slow.push({ name: e.name, duration: e.duration, processing: e.processingEnd - e.processingStart })
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit)
  })
  // now and then: the preview shows what was typed
  const builderPerf = await edits(page, EDITS, async (i) => {
    if (i % 50 === 0 && (await label.innerText()) !== target.title + 'a') throw new Error(`edit ${i + 1}: the preview shows "${await label.innerText()}"`)
  })
  const slow = ((await page.evaluate(() => (window as any).__slowEvents)) as SlowEvent[]).filter((e) => /^key|input/.test(e.name))
  if ((await input.inputValue()) !== target.title) throw new Error(`the title ended as "${await input.inputValue()}"`)

  // The same edits in the JSON view: the caret at the end of the title's text in Monaco.
  await page.getByTestId('mode-json').click()
  await page.waitForFunction(
    (f) =>
      (window as any).__daibanEditor
        ?.getModel()
        ?.uri.toString()
        .endsWith('/' + f),
    target.file,
  )
  await page.evaluate((t) => {
    const ed = (window as any).__daibanEditor
    const m = ed.getModel()
    const at = m.getValue().indexOf(`"title": ${JSON.stringify(t)}`)
    if (at < 0) throw new Error(`"title": "${t}" is not in the JSON view`)
    const p = m.getPositionAt(at + `"title": ${JSON.stringify(t)}`.length - 1)
    ed.setSelection({ startLineNumber: p.lineNumber, startColumn: p.column, endLineNumber: p.lineNumber, endColumn: p.column })
    ed.revealPositionInCenter(p)
    ed.focus()
  }, target.title)
  const jsonPerf = await edits(page, JSON_EDITS)
  if (s.errors.length) throw new Error(`errors in the page: ${s.errors.join('\n')}`)
  return { target, fields, builderPerf, jsonPerf, slow }
}

const s = await open()
let r: Awaited<ReturnType<typeof measure>>
try {
  r = await measure(s)
} finally {
  await s.close()
}

const st = (xs: number[]): Stats => stats(xs, 1)
const b = st(r.builderPerf.map((p) => p.editToPaintMs))
const j = st(r.jsonPerf.map((p) => p.editToPaintMs))
const after = (xs: Perf[]) => st(xs.map((p) => p.validateAndPreviewMs)).p50
const worker = (xs: Perf[]) => st(xs.map((p) => p.workerLoadMs)).p50
const keys = r.slow.length ? st(r.slow.map((e) => e.processing)) : null
const load = os.loadavg().map((x) => Math.round(x * 10) / 10)

const out: string[] = []
out.push(header(`Form builder: keystroke → preview painted (${r.target.file}#${r.target.id}, ${r.fields} fields; headless chromium 1366×768)`))
out.push(
  table([
    ['Typed in', 'edits', 'p50', 'p95', 'max', 'after the debounce, p50', 'loadScheme in the worker, p50'],
    ['form builder (field title)', String(b.n), ms(b.p50), ms(b.p95), ms(b.max), ms(after(r.builderPerf)), ms(worker(r.builderPerf))],
    ['JSON view (same title, baseline)', String(j.n), ms(j.p50), ms(j.p95), ms(j.max), ms(after(r.jsonPerf)), ms(worker(r.jsonPerf))],
    [
      'builder / JSON view',
      '',
      ratio(b.p50, j.p50),
      ratio(b.p95, j.p95),
      ratio(b.max, j.max),
      ratio(after(r.builderPerf), after(r.jsonPerf)),
      ratio(worker(r.builderPerf), worker(r.jsonPerf)),
    ],
  ]),
)
out.push(
  '',
  `Each edit ('a' or Backspace in the title of ${JSON.stringify(r.target.title)}) waits for its preview before the next; the times include the designer's 250 ms validation debounce. ` +
    `Builder key events of 16 ms or more (Event Timing): ${r.slow.length}${keys ? `, handling p50 ${ms(keys.p50)}, p95 ${ms(keys.p95)}, max ${ms(keys.max)}` : ''}. Load average ${load.join(' / ')} on ${os.cpus().length} CPUs.`,
  '',
)
console.log(out.join('\n'))

await mkdir(path.join(ROOT, 'test-output'), { recursive: true })
const pick = (x: Stats) => ({ p50: x.p50, p95: x.p95, max: x.max })
await writeFile(
  path.join(ROOT, 'test-output', 'form-builder-perf.json'),
  JSON.stringify(
    {
      what: 'keystroke in a field title → form preview painted (App EditPerf.editToPaintMs, includes the 250 ms validation debounce); each edit waits for its preview',
      form: `${r.target.file}#${r.target.id}`,
      fields: r.fields,
      builder: { edits: b.n, editToPaintMs: pick(b), keyEvents16msOrMore: r.slow.length, keyEventProcessingMs: keys ? pick(keys) : null },
      jsonViewSameRun: { edits: j.n, editToPaintMs: pick(j) },
      ratioP50: b.p50 / j.p50,
      loadAverage: load,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    },
    null,
    2,
  ) + '\n',
)
