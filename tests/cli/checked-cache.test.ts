/**
 * The CLI's verdict cache (runtime/cli/checked-cache.ts): the compiled `daiban decide` checks a
 * scheme's exact files once per build; any change to them is checked again, a scheme with problems
 * is never remembered, `--no-cache` always checks, and a cache it cannot write costs nothing but time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { buildServer } from '../../bin/build-server.js'
import { checkedCache, checkedCacheDir, checkedKey, runningBuildId } from '../../runtime/cli/checked-cache'
import { readSchemeFiles } from '../../runtime/schemes/files'

const REPO = path.resolve(import.meta.dirname, '../..')
let tmp: string
let pkg: string
let cacheHome: string
let intake: string

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'daiban-checked-'))
  pkg = path.join(tmp, 'pkg')
  mkdirSync(pkg)
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'daiban', version: '9.9.9-test', type: 'module' }))
  symlinkSync(path.join(REPO, 'node_modules'), path.join(pkg, 'node_modules'), 'dir')
  await buildServer(path.join(pkg, 'dist'))
  cacheHome = path.join(tmp, 'cache')
  intake = path.join(tmp, 'intake.json')
  writeFileSync(
    intake,
    JSON.stringify({ receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' }),
  )
}, 180_000)

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The runner's environment without its language (the CLI answers in Chinese unless told). */
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LC_ALL|LC_MESSAGES|XDG_CACHE_HOME)$/.test(k)))
function daiban(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(pkg, 'dist/daiban.js'), ...args], {
    encoding: 'utf8',
    env: { ...baseEnv, HOME: tmp, XDG_CACHE_HOME: cacheHome, ...env },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
const markers = () => {
  try {
    return readdirSync(path.join(cacheHome, 'daiban/checked')).sort()
  } catch {
    return []
  }
}
/** A copy of Galutu with one edit at a JSON pointer of one file. */
function galutuWith(name: string, file?: string, pointer?: string, value?: unknown): string {
  const dir = path.join(tmp, name)
  cpSync(path.join(REPO, 'definitions/galutu'), dir, { recursive: true })
  if (file && pointer) {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
    const keys = pointer.split('/').slice(1)
    let at = doc
    for (const k of keys.slice(0, -1)) at = at[k]
    at[keys.at(-1)!] = value
    writeFileSync(path.join(dir, file), JSON.stringify(doc, null, 2) + '\n')
  }
  return dir
}
const UNKNOWN_GUARD = ['workflow.json', '/machines/0/config/states/intake/on/REGISTER/1/guard/type', 'triageWas'] as const

describe('the verdict key', () => {
  const files = [
    { file: 'a.json', text: '{"kind":"org"}' },
    { file: 'b.json', text: '{"kind":"rules"}' },
  ]
  it('is the same for the same files in any order, and differs for any change of bytes, names or build', () => {
    const k = checkedKey('build-1', files)
    expect(k).toMatch(/^[0-9a-f]{64}$/)
    expect(checkedKey('build-1', [...files].reverse())).toBe(k)
    for (const other of [
      checkedKey('build-2', files),
      checkedKey('build-1', [files[0]!, { file: 'b.json', text: '{"kind":"rules" }' }]),
      checkedKey('build-1', [files[0]!, { file: 'c.json', text: files[1]!.text }]),
      checkedKey('build-1', [files[0]!]),
      // a name and a text cannot trade bytes
      checkedKey('build-1', [
        { file: 'a.json', text: '{"kind":"org"}\0b.json' },
        { file: '', text: '{"kind":"rules"}' },
      ]),
    ])
      expect(other).not.toBe(k)
  })

  it('keeps the newest entries only, and a folder it cannot write is no error', () => {
    const dir = path.join(tmp, 'unit-cache')
    const c = checkedCache(dir, 3)
    const keys = ['1', '2', '3', '4', '5'].map((n) => checkedKey(n, files))
    keys.forEach((k, i) => {
      c.add(k)
      // distinct modification times, oldest first
      const t = new Date(Date.now() - (10 - i) * 1000)
      utimesSync(path.join(dir, k), t, t)
    })
    expect(keys.map((k) => c.has(k))).toEqual([false, false, true, true, true])
    expect(c.has('not-a-key')).toBe(false)
    const file = path.join(tmp, 'a-file')
    writeFileSync(file, '')
    expect(() => checkedCache(path.join(file, 'checked')).add(keys[0]!)).not.toThrow()
  })

  it('lives under XDG_CACHE_HOME, else ~/.cache; sources have no build id', () => {
    expect(checkedCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'daiban', 'checked'))
    expect(checkedCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'daiban', 'checked'))
    expect(runningBuildId()).toBeNull()
  })
})

describe('the compiled daiban decide', () => {
  it('checks Galutu once: the first run remembers the verdict, the next answers the same from it', async () => {
    rmSync(cacheHome, { recursive: true, force: true })
    const first = daiban(['decide', path.join(REPO, 'definitions/galutu'), intake])
    expect(first.code, first.err).toBe(0)
    expect(JSON.parse(first.out).outcome).toBe('proxy')
    const build = runningBuildId(`file://${path.join(pkg, 'dist/chunks/x.js')}`)
    expect(build).not.toBeNull()
    const key = checkedKey(build!, await readSchemeFiles(path.join(REPO, 'definitions/galutu')))
    expect(markers()).toEqual([key])
    const again = daiban(['decide', path.join(REPO, 'definitions/galutu'), intake])
    expect(again.code).toBe(0)
    expect(again.out).toBe(first.out)
    expect(markers()).toEqual([key])
  })

  it('checks a changed scheme again, reports its problem and remembers nothing', () => {
    const before = markers()
    const broken = galutuWith('broken', ...UNKNOWN_GUARD)
    for (let i = 0; i < 2; i++) {
      const r = daiban(['decide', broken, intake])
      expect(r.code).toBe(1)
      expect(r.err).toContain('UNKNOWN_GUARD')
      expect(r.err).toContain('workflow.json')
    }
    expect(markers()).toEqual(before)
  })

  it('skips the checks only for the exact files of a verdict; --no-cache checks them anyway', async () => {
    // A verdict forged for the broken copy shows what the cache decides: decide trusts it…
    const broken = galutuWith('forged', ...UNKNOWN_GUARD)
    const build = runningBuildId(`file://${path.join(pkg, 'dist/chunks/x.js')}`)!
    checkedCache(path.join(cacheHome, 'daiban/checked')).add(checkedKey(build, await readSchemeFiles(broken)))
    const trusted = daiban(['decide', broken, intake])
    expect(trusted.code, trusted.err).toBe(0)
    expect(JSON.parse(trusted.out).outcome).toBe('proxy')
    // …--no-cache does not
    const checked = daiban(['decide', broken, intake, '--no-cache'])
    expect(checked.code).toBe(1)
    expect(checked.err).toContain('UNKNOWN_GUARD')
    // one more byte in any file is another key: checked again
    writeFileSync(path.join(broken, 'scheme.json'), readFileSync(path.join(broken, 'scheme.json'), 'utf8') + '\n')
    expect(daiban(['decide', broken, intake]).code).toBe(1)
  })

  it('validate remembers a passing scheme for decide; --help documents --no-cache', async () => {
    rmSync(cacheHome, { recursive: true, force: true })
    const dir = galutuWith('validated')
    expect(daiban(['validate', dir]).code).toBe(0)
    expect(markers()).toHaveLength(1)
    expect(daiban(['decide', dir, intake]).code).toBe(0)
    expect(markers()).toHaveLength(1)
    expect(daiban(['decide', '--help']).out).toContain('--no-cache')
    expect(daiban(['decide', '--help'], { LANG: 'en_GB.UTF-8' }).out).toContain('verdict cache')
  })

  it('answers when the cache cannot be written (XDG_CACHE_HOME is a file)', () => {
    const notADir = path.join(tmp, 'not-a-folder')
    writeFileSync(notADir, '')
    const r = daiban(['decide', path.join(REPO, 'definitions/galutu'), intake], { XDG_CACHE_HOME: notADir })
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out).outcome).toBe('proxy')
  })
})
