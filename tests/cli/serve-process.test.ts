/**
 * The compiled server as a process (issue #19), in a package laid out as a deployment would be —
 * a temp folder with package.json, the web apps' build folders, definitions/ and dist/ (built here
 * with bin/build-server.js) — started from another folder:
 * - `daiban serve --data --definitions --port --host` serves /, /designer/ and /public/ from the
 *   package, whatever the current folder; without --definitions it reads the package's schemes;
 * - SIGTERM: no new connections, a request in flight still answered, one that outlasts
 *   DAIBAN_SHUTDOWN_MS cut, the store closed (its lock released), exit 0;
 * - a bad environment variable: a message naming it, exit 2;
 * - started as deploy/daiban.service starts it (.ci/unit-check.mjs: its ExecStart and
 *   EnvironmentFile): ready, a sign-in behind the proxy, cache headers, SIGTERM, the backup job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { buildServer } from '../../bin/build-server.js'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { precompress } from '../../bin/precompress.js'
// @ts-expect-error -- plain JavaScript of CI (.ci/), no type declarations
import { unitCheck } from '../../.ci/unit-check.mjs'

const REPO = path.resolve(import.meta.dirname, '../..')
let tmp: string
let pkg: string
let elsewhere: string

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-serve-'))
  pkg = path.join(tmp, 'opt-daiban')
  elsewhere = path.join(tmp, 'somewhere-else')
  await mkdir(elsewhere)
  for (const d of ['runtime/web/dist/public', 'designer/dist']) await mkdir(path.join(pkg, d), { recursive: true })
  await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: 'daiban', version: '9.9.9-test', type: 'module' }))
  await mkdir(path.join(pkg, 'runtime/web/dist/assets'))
  await writeFile(
    path.join(pkg, 'runtime/web/dist/index.html'),
    '<!doctype html><title>工作台</title><script type="module" src="./assets/main-Ab12Cd34.js"></script>',
  )
  await writeFile(path.join(pkg, 'runtime/web/dist/assets/main-Ab12Cd34.js'), `console.log(${JSON.stringify('代办'.repeat(1000))})`)
  await precompress(path.join(pkg, 'runtime/web/dist'))
  await cp(path.join(REPO, 'deploy'), path.join(pkg, 'deploy'), { recursive: true })
  await writeFile(path.join(pkg, 'runtime/web/dist/public/index.html'), '<!doctype html><title>网上信访</title>')
  await writeFile(path.join(pkg, 'designer/dist/index.html'), '<!doctype html><title>设计器</title>')
  await symlink(path.join(REPO, 'node_modules'), path.join(pkg, 'node_modules'), 'dir')
  await cp(path.join(REPO, 'definitions/galutu'), path.join(pkg, 'definitions/galutu'), { recursive: true })
  await buildServer(path.join(pkg, 'dist'))
}, 120_000)

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

interface Running {
  child: ChildProcess
  out: () => string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [path.join(pkg, 'dist/server.js'), ...args], {
    cwd: elsewhere,
    // nothing of the test runner's environment: only what a unit file would set
    env: { DAIBAN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, out: () => out, exit }
}

async function untilReady(base: string, r: Running, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (r.child.exitCode !== null) throw new Error(`server exited ${r.child.exitCode}:\n${r.out()}`)
    try {
      if ((await fetch(`${base}/api/ready`)).status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error(`not ready within ${ms} ms:\n${r.out()}`)
}

/** A raw HTTP request whose body is sent in two parts, the second when `rest()` is called (refused 422 once read: no password hashing to wait for). */
function partialLogin(port: number) {
  const body = JSON.stringify({ username: 'nobody', password: 'wrong password here', extra: 1 })
  const sock = net.connect(port, '127.0.0.1')
  let received = ''
  sock.on('data', (d) => (received += d.toString()))
  sock.on('error', () => {})
  const ended = new Promise<string>((resolve) => sock.on('close', () => resolve(received)))
  const opened = new Promise<void>((resolve) => sock.on('connect', () => resolve()))
  return {
    async send() {
      await opened
      sock.write(
        `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
      )
    },
    rest() {
      sock.write(body.slice(10))
    },
    ended,
  }
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.on('connect', () => {
      s.destroy()
      resolve(false)
    })
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'))
  })

describe('the compiled server, started from another folder', () => {
  it('serve --data --definitions --port --host: the web apps of the package, the data where it was told', async () => {
    const port = await freePort()
    const data = path.join(tmp, 'data-a')
    const r = start(['--data', data, '--definitions', path.join(REPO, 'definitions'), '--port', String(port), '--host', '127.0.0.1'])
    const base = `http://127.0.0.1:${port}`
    try {
      await untilReady(base, r)
      for (const [url, title] of [
        ['/', '工作台'],
        ['/designer/', '设计器'],
        ['/public/', '网上信访'],
      ] as const) {
        const res = await fetch(base + url)
        expect(res.status, url).toBe(200)
        expect(await res.text(), url).toContain(title)
      }
      const ready = (await (await fetch(`${base}/api/ready`)).json()) as { schemes: string[] }
      expect(ready.schemes).toEqual(expect.arrayContaining(['galutu', 'wulan']))
      expect(existsSync(path.join(data, 'LOCK'))).toBe(true)
      expect(await readdir(elsewhere)).toEqual([]) // nothing written where it was started
    } finally {
      r.child.kill('SIGTERM')
      expect(await r.exit).toEqual({ code: 0, signal: null })
    }
  }, 90_000)

  it('SIGTERM: stops accepting, answers the request in flight, cuts one that outlasts DAIBAN_SHUTDOWN_MS, closes the store, exits 0', async () => {
    const port = await freePort()
    const data = path.join(tmp, 'data-b')
    // no --definitions: the package's own definitions/ (galutu only here)
    const r = start(['--data', data], { PORT: String(port), DAIBAN_HOST: '127.0.0.1', DAIBAN_SHUTDOWN_MS: '4000' })
    const base = `http://127.0.0.1:${port}`
    await untilReady(base, r)
    expect(((await (await fetch(`${base}/api/ready`)).json()) as { schemes: string[] }).schemes).toEqual(['galutu'])
    const finishing = partialLogin(port)
    const hanging = partialLogin(port)
    await finishing.send()
    await hanging.send()
    await new Promise((res) => setTimeout(res, 300))
    const t0 = Date.now()
    r.child.kill('SIGTERM')
    await new Promise((res) => setTimeout(res, 500))
    expect(await refused(port)).toBe(true)
    expect(r.child.exitCode).toBeNull()
    finishing.rest()
    const answer = await finishing.ended
    expect(answer).toMatch(/^HTTP\/1\.1 422 /)
    expect(answer).toContain('INVALID_INPUT')
    const cut = await hanging.ended
    expect(cut).toBe('')
    const exit = await r.exit
    expect(exit).toEqual({ code: 0, signal: null })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3500)
    expect(existsSync(path.join(data, 'LOCK'))).toBe(false)
    expect(r.out()).toContain('已停止 / stopped')
  }, 90_000)

  const badEnv: Array<[string, string]> = [
    ['PORT', 'abc'],
    ['DAIBAN_TRUST_PROXY', 'true'],
    ['DAIBAN_SECURE_COOKIES', 'yes'],
    ['DAIBAN_DATABASE_URL', 'mysql://db/daiban'],
  ]
  it.each(badEnv)(
    '%s=%s: a message naming it, exit 2',
    async (name, value) => {
      const r = start(['--data', path.join(tmp, 'data-c')], { [name]: value })
      const exit = await r.exit
      expect(exit.code).toBe(2)
      expect(r.out()).toContain(`${name}="${value}"`)
      expect(r.out()).not.toMatch(/NaN|at .*\.js:\d+/)
      expect(existsSync(path.join(tmp, 'data-c'))).toBe(false)
    },
    30_000,
  )

  it('as the systemd unit starts it: ExecStart with daiban.env, sign-in, SIGTERM exit 0, the backup job', async () => {
    const report = (await unitCheck({ root: pkg, work: path.join(tmp, 'unit-root') })) as string[]
    expect(report.join('\n')).toMatch(/GET \/api\/ready: 200/)
    expect(report.join('\n')).toContain('brotli')
    expect(report.join('\n')).toMatch(/SIGTERM: exit 0/)
    expect(report.join('\n')).toMatch(/backup \(deploy\/daiban-backup\.sh\): daiban-\d{8}T\d{6}Z\.jsonl\.gz/)
  }, 90_000)
})
