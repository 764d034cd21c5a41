/**
 * What request validation costs (issue #15): HTTP transitions per second through the route table
 * with the ajv checks of params, query and body, and the same server without them, in the same
 * run, alternating rounds so load changes hit both alike. Also the cost of one body check alone.
 *
 *   node bin/run-ts.js bench/validation.ts [--quick] [--seconds 5] [--connections 10]
 *
 * Embedded store (FileStore) in a temp folder, the real Galutu scheme; LEADER_INSTRUCTION events
 * on 200 cases in handling (a real transition: form validated by the case service, case and
 * audit entry written durably).
 */
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import { QUICK, arg, header, ms, rate, ratio, table } from './lib'
import { createRuntime } from '../runtime/server/deps'
import { createApp } from '../runtime/server/app'
import { ManualClock } from '../runtime/clock'
import { createLogger } from '../runtime/log'
import { check } from '../runtime/server/contract/validate'
import type { AnyRoute } from '../runtime/server/contract/route'

const SECONDS = Number(arg('--seconds') ?? (QUICK ? 2 : 5))
const CONNECTIONS = Number(arg('--connections') ?? 10)
const ROUNDS = QUICK ? 1 : 3
const CASES = 200
const PASSWORD = 'bench validation password 1'

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-validation-'))
const rt = await createRuntime({
  dataDir: dir,
  schemeDirs: ['definitions/galutu'],
  clock: new ManualClock('2026-03-02'),
  logger: createLogger({ level: 'silent' }),
})
await rt.accounts.create({
  username: 'bench',
  displayName: '代办员',
  password: PASSWORD,
  grants: [
    { role: 'town_officer', scheme: '*' },
    { role: 'leader', scheme: '*' },
  ],
})

const intake = {
  petitionerName: '张三',
  sex: '男',
  phone: '13800000000',
  village: '团结社区',
  channel: 'visit',
  summary: '草场纠纷',
  receivedOn: '2026-03-02',
  category: '禁牧',
  level: 'village',
  officer: '李四',
}
const ids: string[] = []
for (let i = 0; i < CASES; i++) {
  const v = await rt.cases.create('galutu', { entry: 'register', form: intake }, { id: 'bench' })
  ids.push(v.id)
}

async function serve(validate: boolean) {
  const app = createApp({ ...rt, log: () => {}, signInLimit: 1e6, ...(validate ? {} : { validateRequests: false }) })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  })
  const headers = {
    'content-type': 'application/json',
    cookie: String(r.headers.get('set-cookie')).split(';')[0]!,
    'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken,
  }
  return { server, base, headers, app }
}

const on = await serve(true)
const off = await serve(false)
const body = JSON.stringify({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '请专班组跟进落实' } })

async function load(s: typeof on) {
  let n = 0
  const res = await autocannon({
    url: s.base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', headers: s.headers, body, setupRequest: (req) => ({ ...req, path: `/api/cases/${ids[n++ % ids.length]}/events` }) }],
  })
  return { rps: res.requests.average, p95: res.latency.p97_5 ?? res.latency.p99, non2xx: res.non2xx }
}

const results = { on: [] as Array<Awaited<ReturnType<typeof load>>>, off: [] as Array<Awaited<ReturnType<typeof load>>> }
for (let i = 0; i < ROUNDS; i++) {
  results.on.push(await load(on))
  results.off.push(await load(off))
}
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

// the body check alone, in-process
const route = (on.app.locals.routes as AnyRoute[]).find((r) => r.id === 'sendCaseEvent')!
const parsed = JSON.parse(body) as unknown
const N = 100_000
for (let i = 0; i < 1000; i++) check(route.body as never, 'body', parsed, 'zh-CN')
const t0 = performance.now()
for (let i = 0; i < N; i++) check(route.body as never, 'body', parsed, 'zh-CN')
const perCheckUs = ((performance.now() - t0) / N) * 1000

console.log(
  header(
    `Request validation cost — HTTP transitions, FileStore, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds (load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
  ),
)
console.log(
  table([
    ['server', 'transitions/s', 'p97.5', 'non-2xx'],
    [
      'route table with validation',
      rate(avg(results.on.map((r) => r.rps))),
      ms(avg(results.on.map((r) => r.p95))),
      String(results.on.reduce((a, r) => a + r.non2xx, 0)),
    ],
    [
      'same, validation skipped (baseline)',
      rate(avg(results.off.map((r) => r.rps))),
      ms(avg(results.off.map((r) => r.p95))),
      String(results.off.reduce((a, r) => a + r.non2xx, 0)),
    ],
    ['ratio with / without', ratio(avg(results.on.map((r) => r.rps)), avg(results.off.map((r) => r.rps))), '', ''],
    ['one body check (ajv, in-process)', `${perCheckUs.toFixed(2)} µs`, '', ''],
  ]),
)

on.server.close()
off.server.close()
await rt.close()
await fs.rm(dir, { recursive: true, force: true })
process.exit(0)
