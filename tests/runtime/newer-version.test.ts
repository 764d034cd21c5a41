/**
 * A store whose newest version of a scheme this build cannot load (a newer build published it: its
 * files hold what this build's checks refuse). `daiban serve` and the commands that open the store
 * say so — scheme, version, the first problem's file and pointer, what to do — in both languages,
 * without a stack trace; following the advice (a folder this build validates) starts again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime } from '../../runtime/server/deps'
import { SchemeRegistryError } from '../../runtime/schemes/registry'

const REPO = path.resolve(import.meta.dirname, '../..')
let tmp: string
let data: string
let empty: string
let newer: { id: string; version: string; seq: number }

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-newer-'))
  data = path.join(tmp, 'data')
  empty = path.join(tmp, 'no-definitions')
  await mkdir(empty)
  const rt = await createRuntime({ dataDir: data, schemeDirs: [path.join(REPO, 'definitions/galutu')], log: () => {} })
  try {
    // the newest version as a newer build could have published it: a top-level field this build does not know
    const latest = await rt.schemes.latest('galutu')
    const files = (await rt.schemes.files('galutu', latest.hash)).map((f) =>
      f.file === 'workflow.json' ? { file: f.file, text: JSON.stringify({ ...JSON.parse(f.text), laterField: true }, null, 2) } : f,
    )
    const hash = 'e'.repeat(64)
    newer = { id: 'galutu', version: '99.0.0', seq: latest.seq + 1 }
    await rt.store.putDoc(`scheme-files/galutu/${hash}`, files)
    await rt.store.updateDoc<{ versions: unknown[] }>('scheme-versions/galutu', (cur) => ({
      versions: [...(cur?.versions ?? []), { ...latest, seq: newer.seq, version: newer.version, hash, note: 'a newer build' }],
    }))
  } finally {
    await rt.close()
  }
}, 60_000)

afterAll(() => rm(tmp, { recursive: true, force: true }))

/** The CLI from its sources, as a process of its own (a failed start leaves its store to the process's exit). */
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/run-ts.js', 'runtime/cli/bin.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  })

const named = (text: string) => {
  for (const part of [newer.id, newer.version, `#${newer.seq}`, 'workflow.json', '/laterField']) expect(text).toContain(part)
}

describe('a store whose newest version this build cannot load', () => {
  it('daiban serve: a fatal line saying what and what to do, in Chinese and English; exit 1, no stack', () => {
    const r = cli(['serve', '--data', data, '--definitions', empty, '--port', '0'], { DAIBAN_LOG_LEVEL: 'info' })
    expect(r.status, r.stderr + r.stdout).toBe(1)
    const fatal = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string; problem?: unknown; err?: unknown })
      .find((l) => l.level === 'fatal')!
    expect(fatal.problem).toEqual({ file: 'workflow.json', pointer: '/laterField', code: 'SCHEMA' })
    expect(fatal.err).toBeUndefined()
    const [zh, en] = fatal.msg.split(' / ')
    named(zh!)
    expect(zh).toContain('更新版本的 daiban')
    named(en!)
    expect(en).toContain('newer daiban')
    expect(en).toMatch(/Start the daiban that published it/)
    expect(r.stdout + r.stderr).not.toMatch(/内部错误|internal error|\n\s+at /)
  })

  it.each([
    ['en', /cannot be loaded by this daiban/],
    ['zh', /无法由当前的 daiban 加载/],
  ])('a command that opens the store (user passwd, --lang %s) says the same in that language, exit 1', (lang, words) => {
    const r = cli(['user', 'passwd', 'nobody', '--data', data, '--lang', lang], { DAIBAN_DEFINITIONS_DIR: empty, DAIBAN_PASSWORD: 'a-long-password-123!x' })
    expect(r.status, r.stderr).toBe(1)
    named(r.stderr)
    expect(r.stderr).toMatch(words)
    expect(r.stderr).not.toMatch(/内部错误|internal error| \/ |\n\s+at /)
  })

  it('in one process: the refusal closes the store it opened, so a second start meets the same refusal, not a lock', async () => {
    for (let i = 0; i < 2; i++) {
      const e = await createRuntime({ dataDir: data, schemeDirs: [], log: () => {} }).then(
        () => null,
        (err: unknown) => err,
      )
      expect(e).toBeInstanceOf(SchemeRegistryError)
      named((e as SchemeRegistryError).words!.en)
    }
  })

  it('the advice holds: a folder of the scheme this build validates is published as the newest, and the runtime starts', async () => {
    const defs = path.join(tmp, 'definitions')
    await cp(path.join(REPO, 'definitions/galutu'), path.join(defs, 'galutu'), { recursive: true })
    const rt = await createRuntime({ dataDir: data, definitionsDir: defs, log: () => {} })
    try {
      expect((await rt.schemes.latest('galutu')).seq).toBe(newer.seq + 1)
    } finally {
      await rt.close()
    }
  })
})
