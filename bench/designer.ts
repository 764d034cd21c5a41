/**
 * Designer benchmark.
 *
 * 1. Validation plus preview refresh per edit, for the Galutu scheme: in Node as a proxy for the
 *    designer's engine worker (loadScheme quick mode on the draft with one number changed, then the
 *    previews: decide, score, working-day count), and in the browser (headless chromium against a
 *    real server, the designer suite's session signed in as the administrator): the same number
 *    typed in the JSON editor with the deadline calculator open, timed by the designer's own
 *    performance record (window.__daibanPerf).
 * 2. Impact preview over 10k cases: real cases registered through the case service, cloned to
 *    10k with the store's bulk import, the village time limit changed in the draft, then the
 *    HTTP call POST /api/designer/schemes/galutu/draft/impact timed (target < 5 s), signed in as an
 *    administrator.
 * 3. The designer's JavaScript, gzipped, from a fresh build: first screen, the rest of the designer
 *    (previews, engine worker), and Monaco (editor, JSON language, workers, CSS, font) separately.
 *
 *   node bin/run-ts.js bench/designer.ts [--cases 10000] [--edits 40] [--browser-edits 20] [--no-build] [--no-browser] [--keep]
 *   BENCH_QUICK=1 (or --quick) → 1k cases, 10 edits, 6 in the browser.
 * The build goes to DAIBAN_TEST_DESIGNER_DIST when set (else designer/dist); the browser step serves it.
 */
import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { loadScheme } from '../engine/index'
import { EngineHost } from '../designer/src/engine/host'
import { sampleFacts } from '../designer/src/panels/RuleTester'
import { sampleInputs } from '../designer/src/panels/ScoringSim'
import { createRuntime } from '../runtime/server/deps'
import { createApp } from '../runtime/server/app'
import type { CaseRecord, FileStore } from '../runtime/store/index'
import { open } from '../tests/browser-designer/session'
import { GALUTU, QUICK, ROOT, arg, header, intakeFacts, median, ms, rng, scaled, stats, table, type OrgLike } from './lib'

const CASES = Number(arg('--cases') ?? scaled(10_000, 1000))
const EDITS = Number(arg('--edits') ?? scaled(40, 10))
const BROWSER_EDITS = Number(arg('--browser-edits') ?? scaled(20, 6))
const DIST = path.resolve(ROOT, process.env.DAIBAN_TEST_DESIGNER_DIST ?? path.join('designer', 'dist'))
const KEEP = process.argv.includes('--keep')
const out: string[] = []
/** the Node proxy's worker load + previews, p50: the browser figure's baseline */
let nodeProxyP50 = NaN
const log = (m: string) => process.stderr.write(m + '\n')

const galutuFiles = () =>
  readdirSync(GALUTU)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(path.join(GALUTU, f), 'utf8') }))
/** The village limit as typed in the editor: only that number changes. */
function setVillageDays(text: string, days: number): string {
  const at = text.indexOf('"id": "handling_village"')
  const i = text.indexOf('"days": ', at) + 8
  const j = text.indexOf(',', i)
  return text.slice(0, i) + String(days) + text.slice(j)
}

// ------------------------------------------------------------------ 1. per edit
async function perEdit(): Promise<void> {
  log(`per-edit validation: ${EDITS} edits`)
  const base = galutuFiles()
  const edited = (n: number) => base.map((f) => (f.file === 'deadlines.json' ? { ...f, text: setVillageDays(f.text, 3 + (n % 5)) } : f))
  // Warm-up (ajv compiles the kind schemas once per process, as the worker does once per page).
  await loadScheme(edited(0), { quick: true })
  const quick: number[] = []
  const full: number[] = []
  const host: number[] = []
  const previews: number[] = []
  const h = new EngineHost()
  const r0 = await h.load(edited(0))
  const form = r0.info!.forms.find((f) => f.id === r0.info!.factsForm)!
  const facts = sampleFacts(form.schema, '2026-11-02')
  const sc = r0.info!.scorings[0]!
  const inputs = sampleInputs(sc.inputs)
  let t0 = performance.now()
  for (let n = 1; n <= EDITS; n++) {
    let t = performance.now()
    const r = await loadScheme(edited(n), { quick: true })
    quick.push(performance.now() - t)
    if (r.problems.length) throw new Error(`unexpected problems: ${r.problems[0]!.message}`)
    t = performance.now()
    await loadScheme(edited(n))
    full.push(performance.now() - t)
    // What the worker does per edit, then what the open previews ask of it.
    t = performance.now()
    await h.load(edited(n))
    host.push(performance.now() - t)
    t = performance.now()
    const d = await h.decide(facts)
    if (!d.ok) throw new Error('decide failed')
    h.score(inputs, sc.id)
    h.addDays('2026-11-02', 3 + (n % 5), 'workday')
    previews.push(performance.now() - t)
  }
  const wall = performance.now() - t0
  void wall
  t0 = 0
  const row = (name: string, xs: number[]) => {
    const s = stats(
      xs,
      xs.reduce((a, b) => a + b, 0),
    )
    return [name, String(s.n), ms(s.p50), ms(s.p95), ms(s.max)]
  }
  nodeProxyP50 = median(host.map((x, i) => x + previews[i]!))
  out.push(header('Designer: validation plus preview refresh per edit (Galutu, Node proxy of the engine worker)'))
  out.push(
    table([
      ['step', 'n', 'p50', 'p95', 'max'],
      row('loadScheme quick (what each keystroke pause runs)', quick),
      row('loadScheme full (Validate / publish)', full),
      row('worker load: quick load + preview info', host),
      row('previews: decide + score + working days', previews),
      row(
        'worker load + previews',
        host.map((x, i) => x + previews[i]!),
      ),
    ]),
  )
  out.push('')
}

// ------------------------------------------------------------------ 1b. per edit, in the browser
type EditPerf = { editToPaintMs: number; validateAndPreviewMs: number; workerLoadMs: number }

async function perEditBrowser(): Promise<void> {
  if (process.argv.includes('--no-browser')) return
  if (!existsSync(path.join(DIST, 'index.html'))) {
    out.push('In the browser: not measured — no built designer at ' + DIST + ' (build it, or set DAIBAN_TEST_DESIGNER_DIST).', '')
    return
  }
  log(`per-edit in the browser: ${BROWSER_EDITS} edits (designer from ${DIST})`)
  const prev = process.env.DAIBAN_TEST_DESIGNER_DIST
  process.env.DAIBAN_TEST_DESIGNER_DIST = DIST
  const s = await open({ viewport: { width: 1366, height: 768 } })
  try {
    const { page } = s
    await page.locator('[data-testid="file-list"] [data-file="deadlines.json"]').click()
    const json = page.getByTestId('mode-json')
    if (await json.count()) await json.click()
    await page.locator('[data-testid="editor"] .monaco-editor').waitFor({ timeout: 60_000 })
    await page.locator('.ant-tabs-tab', { hasText: '时限计算' }).click()
    // the village limit's digit, selected in Monaco; typing replaces it (each edit past the debounce)
    const select = () =>
      page.evaluate(() => {
        const ed = (window as any).__daibanEditor
        const m = ed.getModel()
        const text: string = m.getValue()
        const at = text.indexOf('"days": ', text.indexOf('"id": "handling_village"')) + 8
        const a = m.getPositionAt(at)
        const b = m.getPositionAt(at + 1)
        ed.setSelection({ startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column })
        ed.focus()
      })
    await page.evaluate(() => void ((window as any).__daibanPerf = []))
    for (let i = 0; i < BROWSER_EDITS; i++) {
      await select()
      await page.keyboard.type(i % 2 ? '3' : '4')
      await page.waitForFunction((n) => ((window as any).__daibanPerf?.length ?? 0) >= n, i + 1, { timeout: 30_000 })
    }
    const perf = (await page.evaluate(() => (window as any).__daibanPerf)) as EditPerf[]
    const browserP50 = median(perf.map((p) => p.validateAndPreviewMs))
    const row = (name: string, k: keyof EditPerf) => {
      const xs = perf.map((p) => p[k])
      const st = stats(
        xs,
        xs.reduce((a, b) => a + b, 0),
      )
      return [name, String(st.n), ms(st.p50), ms(st.p95), ms(st.max)]
    }
    out.push(header('Designer: per edit in the browser (headless chromium, deadlines.json typed in the JSON editor, deadline calculator open)'))
    out.push(
      table([
        ['step', 'n', 'p50', 'p95', 'max'],
        row('loadScheme in the worker', 'workerLoadMs'),
        row('after the 250 ms debounce: validation + markers + previews painted', 'validateAndPreviewMs'),
        row('keystroke → painted (debounce included)', 'editToPaintMs'),
      ]),
    )
    out.push(
      '',
      `Baseline, same run: the Node proxy's worker load + previews, p50 ${ms(nodeProxyP50)}; the browser's validation + previews painted is ${(browserP50 / nodeProxyP50).toFixed(2)}× that.`,
      '',
    )
  } finally {
    await s.close()
    if (prev === undefined) delete process.env.DAIBAN_TEST_DESIGNER_DIST
    else process.env.DAIBAN_TEST_DESIGNER_DIST = prev
  }
}

// ------------------------------------------------------------------ 2. impact over N cases
async function impact(): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-bench-designer-'))
  const defs = path.join(tmp, 'definitions')
  await cp(GALUTU, path.join(defs, 'galutu'), { recursive: true })
  // the request log would interleave with the tables on stdout
  process.env.DAIBAN_LOG_LEVEL ??= 'silent'
  const rt = await createRuntime({ dataDir: path.join(tmp, 'data'), definitionsDir: defs, log: () => {} })
  try {
    const org = JSON.parse(readFileSync(path.join(GALUTU, 'org.json'), 'utf8')) as OrgLike
    const r = rng(20261125)
    const realN = Math.min(CASES, QUICK ? 100 : 300)
    log(`impact: registering ${realN} real cases, cloning to ${CASES}`)
    const t0 = performance.now()
    const real: CaseRecord[] = []
    for (let i = 0; i < realN; i++) {
      const form = intakeFacts(r, org, { from: '2026-01-05', to: '2026-11-20' })
      try {
        const v = await rt.cases.create('galutu', { type: 'REGISTER', form, machine: 'case' }, { id: 'bench' })
        const rec = await rt.store.getCase((v as { summary: { id: string } }).summary.id)
        if (rec) real.push(rec)
      } catch {
        /* an input the scheme refuses: skip */
      }
    }
    const registerMs = performance.now() - t0
    const store = rt.store as FileStore
    const clones = function* (): Generator<CaseRecord> {
      for (let i = real.length; i < CASES; i++) {
        const src = real[i % real.length]!
        const id = `bench-${String(i).padStart(7, '0')}`
        const number = `GLT-2026-B${String(i).padStart(6, '0')}`
        const copy = structuredClone(src)
        copy.summary = { ...copy.summary, id, number }
        const ctx = (copy.snapshot as { context?: Record<string, unknown> }).context
        if (ctx) {
          if ('caseId' in ctx) ctx.caseId = id
          if ('number' in ctx) ctx.number = number
        }
        yield copy
      }
    }
    const t1 = performance.now()
    const seeded = await store.bulkSeed(clones())
    const seedMs = performance.now() - t1
    log(`impact: ${real.length} registered in ${ms(registerMs)}, ${seeded} cloned in ${ms(seedMs)}`)

    const deadlines = (await rt.drafts.get('galutu')).files.find((f) => f.file === 'deadlines.json')!
    await rt.drafts.putFile('galutu', 'deadlines.json', setVillageDays(deadlines.text, 3), 'bench')
    // the designer's API is the administrator's: signed in (cookie kept by the agent) with the CSRF token
    await rt.accounts.create({ username: 'bench-admin', displayName: 'bench', password: 'bench-admin-2026!', grants: [{ role: 'admin' }] })
    const agent = request.agent(createApp({ ...rt, defaultScheme: 'galutu', log: () => {} }))
    const login = await agent.post('/api/auth/login').send({ username: 'bench-admin', password: 'bench-admin-2026!' })
    if (login.status !== 200) throw new Error(`impact: signing in as the administrator: HTTP ${login.status} ${JSON.stringify(login.body)}`)
    const csrf = (login.body as { csrfToken: string }).csrfToken
    const http = { post: (url: string) => agent.post(url).set('x-csrf-token', csrf) }
    const runs: number[] = []
    let body: { counts: Record<string, number>; cases: unknown[]; villages: unknown[] } | null = null
    for (let k = 0; k < 3; k++) {
      const t = performance.now()
      const res = await http.post('/api/designer/schemes/galutu/draft/impact').send({})
      runs.push(performance.now() - t)
      if (res.status !== 200) throw new Error(`impact: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
      body = res.body
    }
    const withRange = performance.now()
    await http.post('/api/designer/schemes/galutu/draft/impact').send({ from: '2026-10-01', to: '2026-11-20' })
    const rangeMs = performance.now() - withRange
    const c = body!.counts
    out.push(header(`Designer: impact preview over ${CASES.toLocaleString('en-US')} cases (POST /draft/impact, village limit 5 → 3 working days)`))
    out.push(
      table(
        [
          ['measure', 'value'],
          ['cases replayed', String(c.cases)],
          ['changed: due date / outcome / group / overdue / errors', `${c.dueDate} / ${c.outcome} / ${c.group} / ${c.overdue} / ${c.errors}`],
          ['cases listed (server caps the list at 1000)', String(body!.cases.length)],
          ['villages scored before → after', String(body!.villages.length)],
          ['impact call, 1st (cold) run', ms(runs[0]!)],
          ['impact call, median of 3', `**${ms(median(runs))}** (target < 5 s: ${median(runs) < 5000 ? 'met' : 'MISSED'})`],
          ['impact call with a date range (2026-10-01…11-20)', ms(rangeMs)],
          [`setup: ${real.length} cases registered through the case service`, ms(registerMs)],
          [`setup: ${seeded} clones through FileStore.bulkSeed`, ms(seedMs)],
        ],
        'lr',
      ),
    )
    out.push('')
  } finally {
    await rt.close()
    if (!KEEP) await rm(tmp, { recursive: true, force: true })
    else log(`kept ${tmp}`)
  }
}

// ------------------------------------------------------------------ 3. bundle sizes
interface ChunkInfo {
  file: string
  type: 'chunk' | 'asset'
  isEntry: boolean
  imports: string[]
  dynamicImports: string[]
  css: string[]
  assets: string[]
  bytes: number
  gzip: number
  monaco: boolean
}

async function sizes(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    log(`building the designer (vite build --config designer/vite.config.ts) into ${DIST}`)
    const b = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'designer/vite.config.ts', '--outDir', DIST, '--emptyOutDir'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production' },
      },
    )
    if (b.status !== 0) throw new Error(`designer build failed:\n${b.stderr}\n${b.stdout}`)
  }
  const report = JSON.parse(await readFile(path.join(DIST, 'size-report.json'), 'utf8')) as { builtAt: string; chunks: ChunkInfo[] }
  const by = new Map(report.chunks.map((c) => [c.file, c]))
  const monaco = new Set<string>()
  // A chunk's own CSS and assets follow its class (Monaco's CSS and codicon font, its workers).
  for (const c of report.chunks)
    if (c.monaco) {
      monaco.add(c.file)
      for (const x of [...c.css, ...c.assets]) monaco.add(x)
    }
  const initial = new Set<string>()
  const visit = (f: string) => {
    if (initial.has(f)) return
    initial.add(f)
    const c = by.get(f)
    if (!c) return
    for (const i of c.imports) visit(i)
    for (const x of c.css) initial.add(x)
  }
  for (const c of report.chunks) if (c.isEntry) visit(c.file)
  const sum = (pred: (c: ChunkInfo) => boolean) =>
    report.chunks.filter(pred).reduce((a, c) => ({ raw: a.raw + c.bytes, gz: a.gz + c.gzip, n: a.n + 1 }), { raw: 0, gz: 0, n: 0 })
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`
  const isJs = (c: ChunkInfo) => c.file.endsWith('.js')
  const engineWorker = report.chunks.filter((c) => c.type === 'asset' && isJs(c) && !monaco.has(c.file) && /worker/.test(c.file))
  const first = sum((c) => initial.has(c.file) && isJs(c))
  const firstCss = sum((c) => initial.has(c.file) && c.file.endsWith('.css'))
  const lazy = sum((c) => isJs(c) && !initial.has(c.file) && !monaco.has(c.file) && !engineWorker.includes(c))
  const worker = sum((c) => engineWorker.includes(c))
  const allDesigner = sum((c) => isJs(c) && !monaco.has(c.file))
  const mJs = sum((c) => monaco.has(c.file) && isJs(c) && c.type === 'chunk')
  const mWorkers = sum((c) => monaco.has(c.file) && isJs(c) && c.type === 'asset')
  const mCss = sum((c) => monaco.has(c.file) && c.file.endsWith('.css'))
  const mFont = sum((c) => monaco.has(c.file) && /\.(ttf|woff2?)$/.test(c.file))
  const row = (name: string, s: { raw: number; gz: number; n: number }) => [name, String(s.n), kb(s.raw), `**${kb(s.gz)}**`]
  out.push(header(`Designer bundle (vite build, ${report.builtAt}; gzip -9 of each emitted file)`))
  out.push(
    table([
      ['part', 'files', 'raw', 'gzip'],
      row('first screen JS (entry + static imports: React, antd shell, app)', first),
      row('first screen CSS', firstCss),
      row('engine worker (loadScheme/decide/score in a Web Worker, starts with the page)', worker),
      row('previews and views, loaded when shown (rjsf+ajv, xyflow+dagre, tables, date pickers)', lazy),
      row('**designer JS without Monaco, all of it**', allDesigner),
      row('Monaco: editor + JSON language (lazy, with the editor)', mJs),
      row('Monaco: editor and JSON workers', mWorkers),
      row('Monaco: CSS', mCss),
      row('Monaco: codicon font', mFont),
      row('**Monaco, all of it**', {
        raw: mJs.raw + mWorkers.raw + mCss.raw + mFont.raw,
        gz: mJs.gz + mWorkers.gz + mCss.gz + mFont.gz,
        n: mJs.n + mWorkers.n + mCss.n + mFont.n,
      }),
    ]),
  )
  out.push('')
}

// built first (the browser step serves the build); printed last
const sizesOut: string[] = []
{
  const mark = out.length
  await sizes()
  sizesOut.push(...out.splice(mark))
}
await perEdit()
await perEditBrowser()
await impact()
console.log([...out, ...sizesOut].join('\n'))
