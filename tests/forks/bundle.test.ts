/** `daiban pack` / `daiban unpack`: one JSON file per scheme; hash checked, scheme validated, no escape from the target. */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScheme } from '../../engine'
import { hashContent } from '../../runtime/schemes/files'
import { packScheme, unsafeName, type Bundle } from '../../runtime/forks'
import { cleanup, cli, copyScheme, GALUTU, readJson, snapshot, STACK, tempDir, WULAN } from './helpers'

let work: string
let source: string
let bundleFile: string
let bundle: Bundle

beforeAll(async () => {
  work = await tempDir()
  source = await copyScheme(GALUTU, path.join(work, 'galutu'))
  bundleFile = path.join(work, 'galutu.daiban.json')
  const r = await cli(['pack', source, '--out', bundleFile])
  expect(r.code, r.err).toBe(0)
  bundle = await readJson<Bundle>(bundleFile)
})
afterAll(cleanup)

/** A bundle file with the given content; returns its path. */
async function bundleWith(name: string, value: unknown): Promise<string> {
  const p = path.join(work, name)
  await fs.writeFile(p, typeof value === 'string' ? value : JSON.stringify(value))
  return p
}

/** Recompute the hash as an attacker would, so only the check under test can refuse. */
async function rehash(b: Bundle): Promise<Bundle> {
  const r = await loadScheme(b.files.map((f) => ({ file: f.file, text: f.text })))
  return { ...b, hash: hashContent(r.content) }
}

describe('daiban pack', () => {
  it('writes one JSON file: format, version, scheme, hash of the loaded content, the files', async () => {
    expect(bundle.format).toBe('daiban-scheme-bundle')
    expect(bundle.formatVersion).toBe(1)
    expect(bundle.scheme).toEqual({ id: 'galutu', version: '1.0.0', name: '嘎鲁图镇信访代办制' })
    expect(bundle.hash).toBe(hashContent((await loadScheme(bundle.files)).content))
    expect(Object.fromEntries(bundle.files.map((f) => [f.file, f.text]))).toEqual(await snapshot(source))
    const stdout = await cli(['pack', source])
    expect(JSON.parse(stdout.out)).toEqual(bundle)
  })

  it('packs a fork without its .daiban folder, and refuses an invalid scheme', async () => {
    const b = await packScheme(WULAN)
    expect(b.scheme.id).toBe('wulan')
    expect(b.files.some((f) => f.file.includes('.daiban'))).toBe(false)
    const broken = await copyScheme(source, path.join(await tempDir(), 'broken'))
    await fs.writeFile(path.join(broken, 'rules.json'), '{ "kind": "rules" ')
    const r = await cli(['pack', broken, '--out', path.join(work, 'never.json')])
    expect(r.code).toBe(1)
    expect(r.err).toContain('rules.json')
    await expect(fs.stat(path.join(work, 'never.json'))).rejects.toThrow()
  })
})

describe('daiban unpack', () => {
  it('round-trips: same files, same hash, a valid scheme', async () => {
    const into = path.join(await tempDir(), 'restored')
    const r = await cli(['unpack', bundleFile, into])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('核对一致')
    expect(await snapshot(into)).toEqual(await snapshot(source))
    const v = await cli(['validate', into])
    expect(v.code).toBe(0)
    expect(v.out).toContain(bundle.hash.slice(0, 12))
    // From stdin too.
    const into2 = path.join(await tempDir(), 'from-stdin')
    expect((await cli(['unpack', '-', into2], await fs.readFile(bundleFile, 'utf8'))).code).toBe(0)
  })

  it('refuses a tampered bundle (hash mismatch), exit 1, nothing written', async () => {
    const tampered = structuredClone(bundle)
    const f = tampered.files.find((x) => x.file === 'deadlines.json')!
    f.text = f.text.replace('"days": 5', '"days": 50')
    expect(f.text).not.toBe(bundle.files.find((x) => x.file === 'deadlines.json')!.text)
    const into = path.join(await tempDir(), 'never')
    const r = await cli(['unpack', await bundleWith('tampered.json', tampered), into])
    expect(r.code).toBe(1)
    expect(r.err).toContain('内容哈希不符')
    expect(r.err).toContain('被改动')
    expect(r.err).not.toMatch(STACK)
    await expect(fs.stat(into)).rejects.toThrow()
    // A changed header is tampering too.
    const header = { ...bundle, scheme: { ...bundle.scheme, version: '9.9.9' } }
    const r2 = await cli(['unpack', await bundleWith('header.json', header), into])
    expect(r2.code).toBe(1)
    expect(r2.err).toContain('不一致')
  })

  it('refuses path traversal, absolute paths and folders in file names, writing nothing anywhere', async () => {
    const parent = await tempDir()
    const into = path.join(parent, 'target')
    for (const [i, name] of ['../evil.json', '/tmp/daiban-evil.json', 'sub/x.json', '..\\evil.json', '.hidden.json', 'notes.txt', 'C:evil.json'].entries()) {
      const evil = structuredClone(bundle)
      evil.files.push({ file: name, text: '{"kind":"forms","forms":[]}' })
      const r = await cli(['unpack', await bundleWith(`evil-${i}.json`, await rehash(evil)), into])
      expect(r.code, name).toBe(1)
      expect(r.err, name).toContain('文件名不安全')
      expect(r.err, name).toContain(JSON.stringify(name))
    }
    expect(await fs.readdir(parent)).toEqual([])
    await expect(fs.stat('/tmp/daiban-evil.json')).rejects.toThrow()
    expect(unsafeName('scheme.json')).toBeNull()
  })

  it('refuses an invalid scheme even with a matching hash, listing the problems', async () => {
    const bad = structuredClone(bundle)
    const f = bad.files.find((x) => x.file === 'deadlines.json')!
    f.text = f.text.replace('"machine": "case"', '"machine": "nowhere"')
    const into = path.join(await tempDir(), 'never')
    const r = await cli(['unpack', await bundleWith('invalid.json', await rehash(bad)), into])
    expect(r.code).toBe(1)
    expect(r.err).toContain('方案未通过校验')
    expect(r.err).toContain('deadlines.json /clocks/0/machine')
    await expect(fs.stat(into)).rejects.toThrow()
  })

  it('does not overwrite a non-empty folder unless --force; --force replaces only the definition files', async () => {
    const into = path.join(await tempDir(), 'existing')
    await fs.mkdir(into)
    await fs.writeFile(path.join(into, 'old-extra.json'), '{"kind":"forms","forms":[]}')
    await fs.writeFile(path.join(into, 'README.txt'), '本镇说明')
    const r = await cli(['unpack', bundleFile, into])
    expect(r.code).toBe(2)
    expect(r.err).toContain('--force')
    expect(await fs.readdir(into)).toEqual(['README.txt', 'old-extra.json'])
    const f = await cli(['unpack', bundleFile, into, '--force'])
    expect(f.code, f.err).toBe(0)
    const after = await fs.readdir(into)
    expect(after).toContain('README.txt')
    expect(after).not.toContain('old-extra.json')
    expect((await cli(['validate', into])).code).toBe(0)
    // A JSON file that is no definition is not the bundle's to remove.
    const other = path.join(await tempDir(), 'other')
    await fs.mkdir(other)
    await fs.writeFile(path.join(other, 'package.json'), '{"name":"x"}')
    expect((await cli(['unpack', bundleFile, other, '--force'])).code).toBe(0)
    expect(await fs.readFile(path.join(other, 'package.json'), 'utf8')).toBe('{"name":"x"}')
    // An empty folder is fine without --force.
    const empty = path.join(await tempDir(), 'empty')
    await fs.mkdir(empty)
    expect((await cli(['unpack', bundleFile, empty])).code).toBe(0)
  })

  it('says what is wrong with malformed input (exit 2)', async () => {
    const into = path.join(await tempDir(), 'never')
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /JSON 格式错误/],
      [{ format: 'zip' }, /不是方案包/],
      [{ ...bundle, formatVersion: 2 }, /不支持的方案包版本/],
      [{ ...bundle, hash: 'abc' }, /hash/],
      [{ ...bundle, files: [] }, /files/],
    ]
    for (const [i, [value, msg]] of cases.entries()) {
      const r = await cli(['unpack', await bundleWith(`malformed-${i}.json`, value), into])
      expect(r.code, String(msg)).toBe(2)
      expect(r.err).toMatch(msg)
      expect(r.err).not.toMatch(STACK)
    }
    expect((await cli(['unpack', path.join(work, 'missing.json'), into])).code).toBe(2)
    expect((await cli(['unpack', bundleFile])).code).toBe(2)
  })
})
