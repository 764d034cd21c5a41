/** `daiban fork`: a new scheme folder with a new identity, its origin recorded, the base kept. */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScheme } from '../../engine'
import { hashContent, readSchemeFiles } from '../../runtime/schemes/files'
import { derivePrefix, forkScheme } from '../../runtime/forks'
import { cleanup, cli, copyScheme, edit, GALUTU, readJson, snapshot, STACK, tempDir } from './helpers'

let defs: string
let source: string
let sourceHash: string

beforeAll(async () => {
  defs = await tempDir()
  source = await copyScheme(GALUTU, path.join(defs, 'galutu'))
  sourceHash = hashContent((await loadScheme(await readSchemeFiles(source))).content)
})
afterAll(cleanup)

describe('daiban fork', () => {
  it('makes a valid scheme next to the source with the new identity and the origin recorded', async () => {
    const r = await cli(['fork', source, 'wulan', '--name', '乌兰陶勒盖镇'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('已创建分支 wulan 1.0.0')
    const dir = path.join(defs, 'wulan')
    const m = await readJson(path.join(dir, 'scheme.json'))
    expect(m).toMatchObject({
      kind: 'scheme',
      id: 'wulan',
      name: '乌兰陶勒盖镇信访代办制',
      town: '乌兰陶勒盖镇',
      caseNumberPrefix: 'WUL',
      version: '1.0.0',
      forkedFrom: { id: 'galutu', version: '1.0.0', hash: sourceHash },
    })
    expect(m.nameEn).toBeUndefined()

    const v = await cli(['validate', dir])
    expect(v.code).toBe(0)
    expect(v.out).toContain('通过：wulan 1.0.0')

    // The base: the source's files at the fork point, verbatim; and the upstream record.
    const base = await snapshot(path.join(dir, '.daiban/base'))
    const src = await snapshot(source)
    expect(base).toEqual(src)
    expect(await readJson(path.join(dir, '.daiban/upstream.json'))).toEqual({ id: 'galutu', path: '../galutu', version: '1.0.0', hash: sourceHash })
    // Every other file is the source's, byte for byte.
    for (const f of Object.keys(src).filter((f) => f !== 'scheme.json')) expect(await fs.readFile(path.join(dir, f), 'utf8')).toBe(src[f])
    // The base is a dot-folder: the fork loads only its own files.
    const files = (await readSchemeFiles(dir)).map((f) => f.file)
    expect(files).not.toContain('.daiban/base/scheme.json')
    expect(files.sort()).toEqual(Object.keys(src).sort())
  })

  it('takes --into and --prefix (also in the "--flag value" form the shared parser does not know)', async () => {
    const into = await tempDir()
    const r = await cli(['fork', source, 'wu-lan-tao', '--name', '乌兰陶勒盖镇', '--into', into, '--prefix', 'WLTG'])
    expect(r.code, r.err).toBe(0)
    const m = await readJson(path.join(into, 'wu-lan-tao', 'scheme.json'))
    expect(m.caseNumberPrefix).toBe('WLTG')
    expect((await readJson(path.join(into, 'wu-lan-tao', '.daiban/upstream.json'))).path).toBe(
      path.relative(path.join(into, 'wu-lan-tao'), source).split(path.sep).join('/'),
    )
    const r2 = await cli(['fork', source, 'wu-lan-tao', '--name=乌兰陶勒盖镇', `--into=${into}`])
    expect(r2.code).toBe(2)
    expect(r2.err).toContain('目标目录已存在且不为空')
  })

  it('derives the case number prefix from the id', () => {
    expect(derivePrefix('wu-lan-tao')).toBe('WLT')
    expect(derivePrefix('wulan')).toBe('WUL')
    expect(derivePrefix('a1')).toBeNull()
  })

  it('refuses bad usage with exit 2 and writes nothing', async () => {
    const before = await snapshot(defs)
    const cases: Array<[string[], RegExp]> = [
      [['fork', source, 'Bad_Id', '--name', 'x镇'], /标识 "Bad_Id" 无效/],
      [['fork', source, 'newtown'], /--name/],
      [['fork', source, 'a1', '--name', 'x镇'], /--prefix/],
      [['fork', source, 'newtown', '--name', 'x镇', '--prefix', 'toolong_x'], /多余的参数|前缀/],
      [['fork', path.join(defs, 'nope'), 'newtown', '--name', 'x镇'], /不存在/],
      [['fork', source, 'galutu', '--name', 'x镇', '--into', path.join(defs, 'other')], /不能与源方案相同/],
      [['fork', source], /用法/],
    ]
    for (const [argv, msg] of cases) {
      const r = await cli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err).toMatch(msg)
      expect(r.err).not.toMatch(STACK)
    }
    expect(await snapshot(defs)).toEqual(before)
  })

  it('refuses to fork an invalid scheme (exit 1, problems listed)', async () => {
    const broken = await copyScheme(source, path.join(await tempDir(), 'broken'))
    await edit(path.join(broken, 'deadlines.json'), (d) => {
      d.clocks[0].machine = 'nowhere'
    })
    const r = await cli(['fork', broken, 'newtown', '--name', 'x镇'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('有 1 个问题')
    expect(r.err).toContain('deadlines.json /clocks/0/machine')
    expect(await fs.readdir(path.dirname(broken))).toEqual(['broken'])
  })

  it('is available as a library call', async () => {
    const r = await forkScheme(source, 'lib-fork', { town: '某镇', into: await tempDir(), prefix: 'MZ' })
    expect(r.manifest).toMatchObject({ id: 'lib-fork', town: '某镇', caseNumberPrefix: 'MZ', name: '某镇信访代办制' })
    expect(r.upstream.hash).toBe(sourceHash)
  })
})
