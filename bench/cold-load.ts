/**
 * Cold load of the staff app's 工作台, a case page and the public page /public/ on a phone over a
 * slow mobile network (issue #18 "Measured"): what a town officer or a petitioner waits for the
 * first time they open the page.
 *
 * - Server: tests/browser/fixtures/server.ts in a child process (Galutu, a fresh file store, the
 *   built app of --dist), three cases registered for the town officer 赵主任, who is signed in by
 *   cookie (the sign-in screen is not part of the load).
 * - Browser: Debian's chromium (playwright-core) at 390×844, deviceScaleFactor 3, touch, an Android
 *   Chrome user agent; every load in a fresh context (empty HTTP cache, also cleared by CDP).
 * - Throttling (CDP, per page): "slow 4G" — 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip
 *   (Network.emulateNetworkConditions) and the CPU 4× slower (Emulation.setCPUThrottlingRate).
 * - Per page, the median of --runs cold loads (default 5): requests, bytes transferred (as received,
 *   headers included), bytes uncompressed (the decoded bodies), the JavaScript part of the transfer,
 *   DOMContentLoaded, load, LCP and "ready" (the page's content visible: a task row, the case
 *   number, the petition form's first field), all from the navigation start. Requests and bytes
 *   count until the network is quiet after "ready".
 * - The initial JavaScript of each entry from the build manifest (entry + its static imports),
 *   gzipped, with its budget.
 *
 *   node bin/run-ts.js bench/cold-load.ts [--dist runtime/web/dist] [--runs 5] [--label after]
 *     [--precompress] [--json file] [--timeout ms] [--pages tasks,case,public]
 *   node bin/run-ts.js bench/cold-load.ts --dist /tmp/before,/tmp/after --label before,after
 * Several builds: one server each, their loads interleaved (a busy machine slows them alike), a
 * table each and the ratios of the last to the first. --precompress writes the brotli/gzip copies
 * into each build first, as `npm start` does (bin/precompress.js).
 * BENCH_QUICK=1 → 2 runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { spawnServer } from '../tests/browser/helpers'
import { ROOT, arg, header, median, scaled, table } from './lib'

/** One or more builds (comma-separated), each behind its own server; their loads are interleaved, so a busy machine slows them alike. */
const DISTS = (arg('--dist') ?? path.join(ROOT, 'runtime/web/dist')).split(',').map((d) => path.resolve(d))
const RUNS = Number(arg('--runs') ?? scaled(5, 2))
const LABELS = arg('--label')?.split(',') ?? DISTS.map((d) => path.basename(d))
const JSON_OUT = arg('--json')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const READY_TIMEOUT = Number(arg('--timeout') ?? 120_000)
const log = (m: string) => process.stderr.write(m + '\n')

/** The network profile (Lighthouse's "slow 4G" rounded) and the CPU slowdown. */
export const PROFILE = { name: 'slow 4G', downKbps: 1600, upKbps: 750, rttMs: 150, cpuSlowdown: 4 }
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  locale: 'zh-CN',
}
/** Initial JavaScript (gzip) each entry should stay under. */
export const BUDGET_KB: Record<string, number> = { 'public/index.html': 150, 'index.html': 250 }

interface Sample {
  requests: number
  transferred: number
  uncompressed: number
  jsTransferred: number
  dcl: number
  load: number
  lcp: number
  ready: number
}

const TOWN_OFFICER = { username: 'zhao', password: 'zhao-zhuren-2026!', displayName: '赵主任' }
const ADMIN = { username: 'li', password: 'li-daiban-2026!' }

async function login(base: string, who: { username: string; password: string }): Promise<{ name: string; value: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: who.username, password: who.password }),
  })
  if (res.status !== 200) throw new Error(`sign-in of ${who.username}: ${res.status} ${await res.text()}`)
  const [name, value] = (res.headers.get('set-cookie') ?? '').split(';')[0]!.split('=', 2) as [string, string]
  return { name, value, csrf: ((await res.json()) as { csrfToken: string }).csrfToken }
}

/** Today in Asia/Shanghai (the cases' 受理日期). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

async function seedCases(base: string): Promise<string> {
  const s = await login(base, ADMIN)
  let number = ''
  const people = ['王五', '赵六', '孙七']
  for (const name of people) {
    const form = {
      petitionerName: name,
      village: '文化社区',
      channel: 'phone',
      summary: '低保金发放延迟，多次反映未果',
      receivedOn: today(),
      category: '困难人员生活保障',
      level: 'village',
      officer: TOWN_OFFICER.displayName,
    }
    const res = await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${s.name}=${s.value}`, 'x-csrf-token': s.csrf },
      body: JSON.stringify({ form }),
    })
    if (res.status !== 201) throw new Error(`registering a case: ${res.status} ${await res.text()}`)
    number = ((await res.json()) as { number: string }).number
  }
  return number
}

interface Target {
  name: string
  url: string
  ready: string
  signedIn: boolean
}

/** One cold load: fresh context, throttled, until the ready selector shows and the network is quiet. */
async function coldLoad(browser: Browser, base: string, cookie: { name: string; value: string } | null, t: Target): Promise<Sample> {
  const context: BrowserContext = await browser.newContext(PHONE)
  try {
    if (cookie) await context.addCookies([{ name: cookie.name, value: cookie.value, url: base }])
    // the first moment the ready selector matches a visible element, and the largest contentful paint
    // (a string: tsx's helpers, e.g. __name, do not exist in the page)
    await context.addInitScript(`(() => {
      const sel = ${JSON.stringify(t.ready)}
      window.__ready = null
      window.__lcp = 0
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime }).observe({ type: 'largest-contentful-paint', buffered: true })
      // on every DOM change, and a 50 ms poll (a change of style only)
      let mo, timer
      const check = () => {
        if (window.__ready !== null) return
        const el = document.querySelector(sel)
        if (el && el.getClientRects().length) {
          window.__ready = performance.now()
          mo.disconnect()
          clearInterval(timer)
        }
      }
      mo = new MutationObserver(check)
      mo.observe(document, { childList: true, subtree: true })
      timer = setInterval(check, 50)
    })()`)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.clearBrowserCache')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PROFILE.rttMs,
      downloadThroughput: (PROFILE.downKbps * 1000) / 8,
      uploadThroughput: (PROFILE.upKbps * 1000) / 8,
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown })
    const types = new Map<string, string>()
    const inflight = new Set<string>()
    let requests = 0
    let transferred = 0
    let uncompressed = 0
    let jsTransferred = 0
    let lastActivity = Date.now()
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
      if (!e.request.url.startsWith('http')) return
      if (!inflight.has(e.requestId)) requests++
      inflight.add(e.requestId)
      lastActivity = Date.now()
    })
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => types.set(e.requestId, e.type))
    cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => {
      if (inflight.has(e.requestId)) uncompressed += e.dataLength
    })
    const finish = (id: string, bytes: number) => {
      if (!inflight.delete(id)) return
      transferred += bytes
      if (types.get(id) === 'Script') jsTransferred += bytes
      lastActivity = Date.now()
    }
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => finish(e.requestId, e.encodedDataLength))
    cdp.on('Network.loadingFailed', (e: { requestId: string }) => finish(e.requestId, 0))

    await page.goto(base + t.url, { waitUntil: 'commit', timeout: 180_000 })
    await page
      .waitForFunction(() => (window as unknown as { __ready: number | null }).__ready !== null, undefined, { timeout: READY_TIMEOUT, polling: 100 })
      .catch(async (e: unknown) => {
        const text = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch((x: unknown) => String(x))
        throw new Error(`${t.name}: ${t.ready} not shown (${String(e).split('\n')[0]}); the page shows: ${text}`)
      })
    // quiet: nothing in flight for a second (at most 30 s more)
    const until = Date.now() + 30_000
    while (Date.now() < until && (inflight.size > 0 || Date.now() - lastActivity < 1000)) await new Promise((r) => setTimeout(r, 100))
    await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd, undefined, {
      timeout: READY_TIMEOUT,
      polling: 100,
    })
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      const w = window as unknown as { __ready: number; __lcp: number }
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, lcp: w.__lcp, ready: w.__ready }
    })
    return { requests, transferred, uncompressed, jsTransferred, ...m }
  } finally {
    await context.close()
  }
}

/** Initial JS of each entry of the build (entry + static imports), gzip level 9. */
function initialJs(dist: string): Array<{ entry: string; files: number; raw: number; gzip: number }> {
  const file = path.join(dist, '.vite/manifest.json')
  if (!existsSync(file)) return []
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>
  return Object.entries(manifest)
    .filter(([, c]) => c.isEntry)
    .map(([key]) => {
      const seen = new Set<string>()
      const visit = (k: string) => {
        if (seen.has(k)) return
        seen.add(k)
        for (const i of manifest[k]?.imports ?? []) visit(i)
      }
      visit(key)
      let raw = 0
      let gzip = 0
      for (const k of seen) {
        const buf = readFileSync(path.join(dist, manifest[k]!.file))
        raw += buf.length
        gzip += gzipSync(buf, { level: 9 }).length
      }
      return { entry: key, files: seen.size, raw, gzip }
    })
}

const kb = (n: number) => (n / 1024).toFixed(1)
const sec = (n: number) => (n / 1000).toFixed(2)

interface Build {
  dist: string
  label: string
  url: string
  stop(): Promise<void>
  officer: { name: string; value: string }
  caseNumber: string
}

async function startBuild(dist: string, label: string): Promise<Build> {
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error(`--dist ${dist}: no built app (index.html) there; build it first: npx vite build --config vite.config.ts --outDir <dir>`)
  if (process.argv.includes('--precompress')) {
    // @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
    const { precompress } = (await import('../bin/precompress.js')) as { precompress: (d: string) => Promise<{ count: number }> }
    log(`precompress ${dist}: ${(await precompress(dist)).count} files`)
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-coldload-'))
  const server = await spawnServer('tests/browser/fixtures/server.ts', [path.join(tmp, 'data'), '0'], {
    cleanup: tmp,
    env: { DAIBAN_TEST_WEB_DIST: dist, DAIBAN_LOG_LEVEL: 'silent' },
  })
  try {
    const caseNumber = await seedCases(server.url)
    const officer = await login(server.url, TOWN_OFFICER)
    return { dist, label, url: server.url, stop: server.stop, officer, caseNumber }
  } catch (e) {
    await server.stop()
    throw e
  }
}

const targetsOf = (b: Build): Target[] => [
  { name: '工作台 (town officer)', url: '/#/', ready: '[data-testid="task-item"]', signedIn: true },
  { name: 'case page', url: `/#/cases/${encodeURIComponent(b.caseNumber)}`, ready: '[data-testid="case-number"]', signedIn: true },
  { name: '/public/ (网上信访)', url: '/public/', ready: '[data-testid="petition-form"] input', signedIn: false },
]

async function main(): Promise<void> {
  if (LABELS.length !== DISTS.length) throw new Error(`--label: ${LABELS.length} labels for ${DISTS.length} builds in --dist`)
  const builds: Build[] = []
  let browser: Browser | undefined
  try {
    for (const [i, d] of DISTS.entries()) builds.push(await startBuild(d, LABELS[i]!))
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--lang=zh-CN',
      ],
    })
    const only = arg('--pages')?.split(',')
    const pick = (ts: Target[]) => (only ? ts.filter((t, i) => only.includes(['tasks', 'case', 'public'][i]!)) : ts)
    const results = builds.map((b) => ({ build: b, pages: pick(targetsOf(b)).map((target) => ({ target, samples: [] as Sample[] })) }))
    // a load that fails (a timeout on a busy machine) is tried once more
    const load = (b: Build, t: Target) =>
      coldLoad(browser!, b.url, t.signedIn ? b.officer : null, t).catch((e: unknown) => {
        log(`${b.label} ${t.name}: ${String(e).split('\n')[0]} — once more`)
        return coldLoad(browser!, b.url, t.signedIn ? b.officer : null, t)
      })
    // one unmeasured load of each first (the server's first answers, chromium's own start-up)
    for (const r of results) for (const p of r.pages) await load(r.build, p.target)
    for (let i = 0; i < RUNS; i++) {
      for (let k = 0; k < results[0]!.pages.length; k++) {
        for (const r of results) {
          const p = r.pages[k]!
          const s = await load(r.build, p.target)
          p.samples.push(s)
          log(`${r.build.label} run ${i + 1}/${RUNS} ${p.target.name}: ${s.requests} requests, ${kb(s.transferred)} KB transferred, ready ${sec(s.ready)} s`)
        }
      }
    }
    const med = (samples: Sample[], k: keyof Sample) => median(samples.map((s) => s[k]))
    const targets = results[0]!.pages.map((p) => p.target)
    const out = [
      header('Cold load on a phone'),
      `${PROFILE.name}: ${PROFILE.downKbps} kbit/s down, ${PROFILE.upKbps} kbit/s up, ${PROFILE.rttMs} ms RTT, CPU ${PROFILE.cpuSlowdown}× slower; ${PHONE.viewport.width}×${PHONE.viewport.height} @${PHONE.deviceScaleFactor}x; median of ${RUNS} cold loads (empty cache)${builds.length > 1 ? ", the builds' loads interleaved" : ''}. Times from the navigation start; "ready": ${targets.map((t) => `${t.name.split(' ')[0]} \`${t.ready}\``).join(', ')}.`,
      '',
    ]
    for (const r of results) {
      const rows = [['page', 'requests', 'transferred KB', 'uncompressed KB', 'JS transferred KB', 'DOMContentLoaded s', 'load s', 'LCP s', 'ready s']]
      for (const p of r.pages) {
        const s = p.samples
        rows.push([
          p.target.name,
          String(med(s, 'requests')),
          kb(med(s, 'transferred')),
          kb(med(s, 'uncompressed')),
          kb(med(s, 'jsTransferred')),
          sec(med(s, 'dcl')),
          sec(med(s, 'load')),
          sec(med(s, 'lcp')),
          sec(med(s, 'ready')),
        ])
      }
      const budgetRows = [['entry', 'files', 'raw KB', 'gzip KB', 'budget KB', 'verdict']]
      for (const e of initialJs(r.build.dist)) {
        const budget = BUDGET_KB[e.entry]
        budgetRows.push([
          e.entry,
          String(e.files),
          kb(e.raw),
          kb(e.gzip),
          budget ? String(budget) : '—',
          budget ? (e.gzip / 1024 <= budget ? 'met' : 'MISSED') : '—',
        ])
      }
      out.push(
        `### ${r.build.label}`,
        '',
        `Build: \`${r.build.dist}\``,
        '',
        table(rows),
        '',
        'Initial JavaScript per entry (the entry and its static imports, gzip -9), from the build manifest:',
        '',
        table(budgetRows),
        '',
      )
    }
    if (results.length > 1) {
      // the last build against the first: how many times less (bytes, requests) or faster (times)
      const [a, b] = [results[0]!, results[results.length - 1]!]
      const keys: Array<keyof Sample> = ['requests', 'transferred', 'uncompressed', 'dcl', 'load', 'lcp', 'ready']
      const rows = [['page', ...keys.map((k) => `${k} ${a.build.label} → ${b.build.label}`)]]
      for (let k = 0; k < a.pages.length; k++) {
        const [pa, pb] = [a.pages[k]!, b.pages[k]!]
        rows.push([
          pa.target.name,
          ...keys.map((key) => {
            const [x, y] = [med(pa.samples, key), med(pb.samples, key)]
            const f = key === 'requests' ? String : key === 'transferred' || key === 'uncompressed' ? kb : sec
            return `${f(x)} → ${f(y)} (${y ? (x / y).toFixed(2) : '∞'}×)`
          }),
        ])
      }
      out.push(`### Ratios (${a.build.label} ÷ ${b.build.label}; above 1 = less / faster)`, '', table(rows), '')
    }
    console.log(out.join('\n'))
    if (JSON_OUT)
      writeFileSync(
        JSON_OUT,
        JSON.stringify(
          {
            profile: PROFILE,
            runs: RUNS,
            builds: results.map((r) => ({
              label: r.build.label,
              dist: r.build.dist,
              initialJs: initialJs(r.build.dist),
              pages: r.pages.map((p) => ({ name: p.target.name, url: p.target.url, samples: p.samples })),
            })),
          },
          null,
          2,
        ),
      )
  } finally {
    await browser?.close()
    for (const b of builds) await b.stop()
  }
}

await main()
