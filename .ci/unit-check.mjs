// Starts a built Daiban package exactly as deploy/daiban.service does — its ExecStart command line,
// its EnvironmentFile (deploy/daiban.env, as installed to /etc/daiban/daiban.env), its
// WorkingDirectory — with the install paths mapped into a temp folder, then checks: /api/ready,
// the first administrator created with `daiban user add` (the README's step) signing in behind the
// proxy (Secure cookie), the web app's cache headers and compressed copies, a clean SIGTERM (exit 0
// within TimeoutStopSec), and the backup timer's job (deploy/daiban-backup.sh) with the same settings.
//
//   node .ci/unit-check.mjs [--root DIR]     DIR: the package (default: this checkout)
//
// Plain Node, no dependencies: it runs against a production install (npm ci --omit=dev).
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The [Service] section of a unit file: key → values (a key may repeat). */
export function unitService(text) {
  const out = new Map()
  let section = ''
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const s = /^\[(.+)\]$/.exec(line)
    if (s) {
      section = s[1]
      continue
    }
    const eq = line.indexOf('=')
    if (section !== 'Service' || eq < 0) continue
    const k = line.slice(0, eq).trim()
    out.set(k, [...(out.get(k) ?? []), line.slice(eq + 1).trim()])
  }
  return out
}

/** An EnvironmentFile as systemd reads it: NAME=value lines, comments, optional quotes, no expansion. */
export function environmentFile(text) {
  const env = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const eq = line.indexOf('=')
    if (eq < 0) continue
    let v = line.slice(eq + 1).trim()
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1)
    env[line.slice(0, eq).trim()] = v
  }
  return env
}

const INSTALL = '/opt/daiban'
const STATE = '/var/lib/daiban'
const ENV_FILE = '/etc/daiban/daiban.env'

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

const portFree = (port) =>
  new Promise((resolve) => {
    const s = net
      .createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })

/**
 * Runs the checks; resolves with the lines it reports, rejects with the first failure.
 * `root`: the package; `work`: a temp folder standing for / (default: a new one, removed after).
 */
export async function unitCheck({ root, work, log = () => {} }) {
  const own = !work
  work ??= mkdtempSync(path.join(os.tmpdir(), 'daiban-unit-'))
  const report = []
  const say = (s) => {
    report.push(s)
    log(s)
  }
  const map = (s) => s.split(INSTALL).join(root).split(STATE).join(path.join(work, 'var/lib/daiban'))
  let child
  try {
    const unit = unitService(readFileSync(path.join(root, 'deploy/daiban.service'), 'utf8'))
    const one = (k) => {
      const v = unit.get(k)
      if (!v?.length) throw new Error(`deploy/daiban.service has no ${k}=`)
      return v[v.length - 1]
    }
    const execStart = one('ExecStart').split(/\s+/)
    if (one('EnvironmentFile') !== ENV_FILE)
      throw new Error(`EnvironmentFile=${one('EnvironmentFile')}: the install steps put the configuration at ${ENV_FILE}`)
    if (!(unit.get('ReadWritePaths') ?? []).includes(STATE)) throw new Error(`ReadWritePaths must name ${STATE}`)
    const env = environmentFile(readFileSync(path.join(root, 'deploy/daiban.env'), 'utf8'))
    for (const k of Object.keys(env)) env[k] = map(env[k])
    for (const dir of [env.DAIBAN_DATA_DIR, env.DAIBAN_DEFINITIONS_DIR, env.DAIBAN_BACKUP_DIR]) {
      if (!dir?.startsWith(path.join(work, 'var/lib/daiban')))
        throw new Error(`daiban.env: the data, definitions and backup folders must be under ${STATE} (the unit's only writable folder); got ${dir}`)
    }
    // the install steps: the state folder, and the definitions the designer publishes into
    mkdirSync(path.join(work, 'var/lib/daiban'), { recursive: true })
    cpSync(path.join(root, 'definitions'), env.DAIBAN_DEFINITIONS_DIR, { recursive: true })
    if (!(await portFree(Number(env.PORT)))) {
      const port = await freePort()
      say(`PORT=${env.PORT} is in use here: PORT=${port} instead`)
      env.PORT = String(port)
    }
    let argv = execStart.map(map)
    if (!existsSync(argv[0])) {
      say(`${argv[0]} does not exist here: ${process.execPath} instead`)
      argv = [process.execPath, ...argv.slice(1)]
    }
    const cwd = map(one('WorkingDirectory'))
    const base = { PATH: '/usr/local/bin:/usr/bin:/bin', ...env }
    const node = argv[0]

    // the first administrator, as the README says (password from DAIBAN_PASSWORD)
    const password = `ci unit check ${Math.random().toString(36).slice(2)} 代办`
    const add = spawnSync(node, [path.join(root, 'dist/daiban.js'), 'user', 'add', 'ciadmin', '--admin'], {
      cwd,
      env: { ...base, DAIBAN_PASSWORD: password },
      encoding: 'utf8',
    })
    if (add.status !== 0) throw new Error(`daiban user add: exit ${add.status}\n${add.stdout}${add.stderr}`)
    say('daiban user add ciadmin --admin: ok')

    say(`ExecStart: ${argv.join(' ')} (cwd ${cwd}, ${Object.keys(env).length} variables from daiban.env)`)
    let out = ''
    child = spawn(argv[0], argv.slice(1), { cwd, env: base, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    const url = `http://127.0.0.1:${env.PORT}`
    const fail = (msg) => {
      throw new Error(`${msg}\n--- server output (last lines) ---\n${out.split('\n').slice(-15).join('\n')}`)
    }

    const deadline = Date.now() + 90_000
    let ready
    while (Date.now() < deadline) {
      if (child.exitCode !== null) fail(`the server exited ${child.exitCode} before it was ready`)
      ready = await fetch(`${url}/api/ready`).catch(() => null)
      if (ready?.status === 200) break
      await new Promise((r) => setTimeout(r, 200))
    }
    if (ready?.status !== 200) fail('GET /api/ready: not 200 within 90 s')
    say(`GET /api/ready: 200 ${JSON.stringify(await ready.json())}`)

    // behind nginx: the proxy's headers (deploy/nginx.conf)
    const proxied = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' }
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...proxied },
      body: JSON.stringify({ username: 'ciadmin', password }),
    })
    if (login.status !== 200) fail(`sign-in: ${login.status} ${await login.text()}`)
    const cookie = login.headers.get('set-cookie') ?? ''
    if (!/;\s*Secure/i.test(cookie) || !/;\s*HttpOnly/i.test(cookie))
      fail(`sign-in: the session cookie is not Secure and HttpOnly (DAIBAN_SECURE_COOKIES=1): ${cookie}`)
    const me = await fetch(`${url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0], ...proxied } })
    const who = await me.json()
    if (me.status !== 200 || who.user?.username !== 'ciadmin') fail(`GET /api/auth/me: ${me.status} ${JSON.stringify(who)}`)
    say('sign-in as ciadmin: 200, Secure HttpOnly session cookie, /api/auth/me answers ciadmin')

    const index = await fetch(`${url}/`, { headers: { 'accept-encoding': 'br, gzip' } })
    const html = await index.text()
    if (index.status !== 200 || index.headers.get('cache-control') !== 'no-cache')
      fail(`GET /: ${index.status}, cache-control ${index.headers.get('cache-control')}`)
    const asset = /(?:src|href)="\.?\/?((?:designer\/)?assets\/[^"]+\.js)"/.exec(html)?.[1]
    if (!asset) fail('GET /: no assets/….js in index.html')
    const a = await fetch(`${url}/${asset}`, { headers: { 'accept-encoding': 'br, gzip' } })
    await a.arrayBuffer()
    if (a.status !== 200 || a.headers.get('cache-control') !== 'public, max-age=31536000, immutable')
      fail(`GET /${asset}: ${a.status}, cache-control ${a.headers.get('cache-control')}`)
    const precompressed = existsSync(path.join(root, 'runtime/web/dist', `${asset}.br`))
    if (precompressed && a.headers.get('content-encoding') !== 'br')
      fail(`GET /${asset}: a .br copy exists but content-encoding is ${a.headers.get('content-encoding')}`)
    say(`GET / no-cache; GET /${asset} immutable${precompressed ? ', brotli' : ' (no compressed copy: built without --compress)'}`)
    for (const p of ['/designer/', '/public/']) {
      const r = await fetch(url + p)
      await r.arrayBuffer()
      if (r.status !== 200) fail(`GET ${p}: ${r.status}`)
    }
    say('GET /designer/ and /public/: 200')

    const stopLimit = Number(/^(\d+)s?$/.exec(unit.get('TimeoutStopSec')?.at(-1) ?? '90')?.[1] ?? 90) * 1000
    const t0 = Date.now()
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), stopLimit)
    const exit = await exited
    clearTimeout(timer)
    if (exit.code !== 0) fail(`SIGTERM: exit ${exit.code ?? exit.signal} (want 0 within TimeoutStopSec=${stopLimit / 1000}s)`)
    if (existsSync(path.join(env.DAIBAN_DATA_DIR, 'LOCK'))) fail('SIGTERM: the data folder is still locked after exit')
    say(`SIGTERM: exit 0 in ${Date.now() - t0} ms, data folder unlocked`)
    child = undefined

    // the backup timer's job, with the same settings (the server stopped, as the backup unit does for the file store)
    const backup = unitService(readFileSync(path.join(root, 'deploy/daiban-backup.service'), 'utf8'))
    const job = map(backup.get('ExecStart').at(-1)).split(/\s+/)
    const b = spawnSync(job[0], job.slice(1), { cwd, env: base, encoding: 'utf8' })
    if (b.status !== 0) throw new Error(`backup (${job.join(' ')}): exit ${b.status}\n${b.stdout}${b.stderr}`)
    const files = readdirSync(env.DAIBAN_BACKUP_DIR).filter((f) => /^daiban-.*\.jsonl\.gz$/.test(f))
    if (files.length !== 1) throw new Error(`backup: expected one file in ${env.DAIBAN_BACKUP_DIR}, found ${files.join(', ') || 'none'}`)
    say(`backup (deploy/daiban-backup.sh): ${files[0]}`)
    return report
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    if (own) rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--root')
  const root = path.resolve(i > 0 ? process.argv[i + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), '..'))
  try {
    await unitCheck({ root, log: (s) => console.log(`  ${s}`) })
    console.log('unit check: ok')
  } catch (e) {
    console.error(`unit check FAILED: ${e instanceof Error ? e.message : e}`)
    process.exitCode = 1
  }
}
