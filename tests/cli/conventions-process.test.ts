/**
 * CLI conventions (issues #19, #18) as users meet them: bin/daiban.js in a child process.
 * --version; a reader closing the pipe early (EPIPE) ends the command quietly; a data folder
 * held by another process is a plain message and exit 2 (Chinese, or English under LANG=en*).
 * Scoped roles in user add: user-scope.test.ts.
 */
import { execFile, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../runtime/store'
import { GALUTU_DIR, REPO_ROOT } from '../helpers/scheme'

const BIN = path.join(REPO_ROOT, 'bin/daiban.js')
const PASSWORD = 'Grassland-Horse-7391!'
const ENV = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', DAIBAN_PASSWORD: PASSWORD, DAIBAN_DATA_DIR: '', DAIBAN_DATABASE_URL: '' }
/** No stack frames ("    at fn (file:line:col)") may reach users. */
const STACK = /^\s+at\s.+(:\d+:\d+\)?|native)/m

function daiban(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 25_000, env: { ...ENV, ...env } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function daibanAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 25_000, env: { ...ENV, ...env } }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }),
    )
  })
}

interface Role {
  id: string
  name: string
  scope: 'all' | 'village' | 'unit'
}
const org = JSON.parse(readFileSync(path.join(GALUTU_DIR, 'org.json'), 'utf8')) as {
  roles: Role[]
  villages: Array<{ name: string }>
  units: Array<{ id: string; type: string }>
}
const allRole = org.roles.find((r) => r.scope === 'all' && r.id !== 'admin')!

let tmp: string
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-cli-proc-'))
})
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true })
})

describe('daiban as a process', () => {
  it('--version prints the package version', () => {
    const r = daiban(['--version'])
    expect(r.code).toBe(0)
    expect(r.out.trim()).toMatch(/^daiban \d+\.\d+\.\d+/)
  })

  it('a reader that closes the pipe early (daiban pack … | head): no stack trace, no error', async () => {
    // pack prints the whole bundle (hundreds of KB): far more than a pipe holds
    const child = spawn(process.execPath, [BIN, 'pack', 'definitions/galutu'], { cwd: REPO_ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    let first = ''
    await new Promise<void>((resolve) => {
      child.stdout.once('data', (c: Buffer) => {
        first = c.toString()
        child.stdout.destroy()
        resolve()
      })
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    expect(first.startsWith('{')).toBe(true)
    expect(err).not.toMatch(STACK)
    expect(err).not.toMatch(/EPIPE|Error/)
    expect(code).toBe(0)
  })
})

describe('data folder in use by another process (a running server holds its lock)', () => {
  it('user add, audit verify and backup say so plainly and exit 2; once released, user add works', async () => {
    const dir = path.join(tmp, 'locked')
    const store = await openStore({ dir })
    try {
      // concurrently: each is a separate start of the command
      const runs = await Promise.all([
        daibanAsync(['user', 'add', 'li', '--role', allRole.id, '--data', dir]),
        daibanAsync(['backup', '--data', dir, '--out', path.join(tmp, 'b.jsonl.gz')]),
        daibanAsync(['audit', 'verify', '--data', dir], { LANG: 'en_US.UTF-8' }),
      ])
      for (const [i, r] of runs.entries()) {
        expect(r.code, r.err).toBe(2)
        expect(r.err).toContain(
          i < 2
            ? '数据目录正被运行中的服务器使用：请先停止服务器，或在网页的账号管理中操作'
            : 'the data folder is in use by a running server: stop the server first, or use the accounts page in the browser',
        )
        expect(r.err).not.toMatch(/内部错误|internal error/)
        expect(r.err).not.toMatch(STACK)
      }
    } finally {
      await store.close()
    }
    const r = daiban(['user', 'add', 'li', '--role', allRole.id, '--data', dir])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('已创建账号 li')
  }, 60_000)
})
