/**
 * CLI conventions (issue #19), through main(argv, io) for the tables: every command's --help from
 * its one declaration, unknown flags refused with exit 2, --json shapes. The subprocess side
 * (version, EPIPE, a locked data folder, scoped roles) is in conventions-process.test.ts.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main, RUNNERS } from '../../runtime/cli/main'
import { flagsOf, SPECS } from '../../runtime/cli/spec'
import { localeOf } from '../../runtime/cli/messages'
import { captureIO, readCases, REPO_ROOT } from '../helpers/scheme'

async function cli(argv: string[], stdin = '') {
  const c = captureIO(stdin)
  const code = await main(argv, c.io)
  return { code, out: c.out.join('\n'), err: c.err.join('\n') }
}

const cwd = process.cwd()
// Chinese unless a case says otherwise, whatever the machine's locale
const LOCALE_VARS = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const
const savedLocale = LOCALE_VARS.map((k) => process.env[k])
let tmp: string
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-cli-conv-'))
  process.chdir(REPO_ROOT)
  for (const k of LOCALE_VARS) delete process.env[k]
})
afterAll(async () => {
  process.chdir(cwd)
  LOCALE_VARS.forEach((k, i) => (savedLocale[i] === undefined ? delete process.env[k] : (process.env[k] = savedLocale[i])))
  await fs.rm(tmp, { recursive: true, force: true })
})

describe('every command has one declaration, and --help from it', () => {
  it('the commands that run and the commands declared are the same set', () => {
    expect(Object.keys(RUNNERS).sort()).toEqual(Object.keys(SPECS).sort())
  })

  for (const [name, spec] of Object.entries(SPECS)) {
    it(`${name} --help and help ${name}: exit 0, usage, every flag, an example — in Chinese and in English`, async () => {
      const zh = await cli([name, '--help'])
      expect(zh.code, zh.err).toBe(0)
      expect(zh.err).toBe('')
      expect(zh.out).toContain(`用法：daiban ${name}`)
      expect(zh.out).toContain('示例：')
      expect(zh.out).toContain(spec.example)
      for (const flag of Object.keys(flagsOf(spec))) expect(zh.out).toMatch(new RegExp(`--${flag}\\b`))
      if (spec.json) expect(zh.out).toContain('--json 输出：')
      expect((await cli(['help', name])).out).toBe(zh.out)
      const en = await cli([name, '-h', '--lang', 'en'])
      expect(en.code).toBe(0)
      expect(en.out).toContain(`usage: daiban ${name}`)
      expect(en.out).toContain('example:')
      // the English help has no Chinese apart from the example's town data
      expect(en.out.replace(spec.example, '')).not.toMatch(/\p{Script=Han}/u)
    })
  }

  it('help for an unknown command exits 2 naming it', async () => {
    const r = await cli(['help', 'frobnicate'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('frobnicate')
  })

  it('--version', async () => {
    const r = await cli(['--version'])
    expect(r.code).toBe(0)
    const pkg = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(r.out).toBe(`daiban ${pkg.version}`)
  })
})

describe('unknown flags exit 2 naming the flag and the valid ones', async () => {
  const { cases } = await readCases<{ cases: Array<{ argv: string[]; flag: string }> }>('cli/unknown-flags.json')
  for (const c of cases) {
    it(c.argv.join(' '), async () => {
      const r = await cli(c.argv)
      expect(r.code, r.err).toBe(2)
      expect(r.out).toBe('')
      const first = r.err.split('\n')[0]!
      expect(first).toContain(`未知选项 ${c.flag}`)
      for (const flag of Object.keys(flagsOf(SPECS[c.argv[0]!]!))) expect(first).toContain(`--${flag}`)
      const en = await cli([...c.argv, '--lang', 'en'])
      expect(en.err).toContain(`unknown option ${c.flag}`)
    })
  }

  it('a value flag without its value, and a switch given a value', async () => {
    const a = await cli(['workdays', 'definitions/galutu', '--add', '5', '--from'])
    expect(a.code).toBe(2)
    expect(a.err).toContain('--from 需要一个值（DATE）')
    const b = await cli(['decide', 'definitions/galutu', '-', '--trace=yes'])
    expect(b.code).toBe(2)
    expect(b.err).toContain('--trace 不带值')
    const c = await cli(['validate', 'definitions/galutu', '--lang', 'fr'])
    expect(c.code).toBe(2)
    expect(c.err).toContain('--lang 应为 zh 或 en')
  })
})

describe('--json on validate, decide, score, workdays', async () => {
  interface JsonCase {
    name: string
    argv: string[]
    input?: unknown
    inputCase?: { file: string; name: string }
    code: number
    keys: string[]
    ok: boolean
    resultKeys?: string[]
  }
  const { cases } = await readCases<{ cases: JsonCase[] }>('cli/json-output.json')
  for (const c of cases) {
    it(c.name, async () => {
      let input = c.input
      if (c.inputCase)
        input = (await readCases<{ cases: Array<{ name: string; input: unknown }> }>(c.inputCase.file)).cases.find((x) => x.name === c.inputCase!.name)!.input
      const file = path.join(tmp, `${c.name.replace(/\W+/g, '-')}.json`)
      if (input !== undefined) await fs.writeFile(file, JSON.stringify(input))
      const r = await cli(c.argv.map((a) => (a === '$INPUT' ? file : a)))
      expect(r.code, r.err).toBe(c.code)
      const value = JSON.parse(r.out) as Record<string, unknown>
      expect(Object.keys(value).sort()).toEqual([...c.keys].sort())
      expect(value.ok).toBe(c.ok)
      if (c.resultKeys) {
        const results = value.results as Array<Record<string, unknown>>
        expect(Array.isArray(results) && results.length).toBeGreaterThan(0)
        for (const x of results) expect(Object.keys(x).sort()).toEqual([...c.resultKeys].sort())
        if (!c.ok)
          for (const x of results)
            for (const p of x.problems as Array<Record<string, unknown>>) expect(Object.keys(p).sort()).toEqual(['code', 'file', 'message', 'pointer'])
      }
    })
  }

  it('without --json, decide prints the decision itself as before', async () => {
    const file = path.join(tmp, 'plain.json')
    await fs.writeFile(file, JSON.stringify(cases[2]!.input))
    const plain = JSON.parse((await cli(['decide', 'definitions/galutu', file])).out) as Record<string, unknown>
    const wrapped = JSON.parse((await cli(['decide', 'definitions/galutu', file, '--json'])).out) as { results: Array<{ decision: unknown }> }
    expect(wrapped.results[0]!.decision).toEqual(plain)
  })
})

describe('output language', () => {
  it('--lang wins; else LC_ALL, LC_MESSAGES, LANG starting with en; else Chinese', () => {
    expect(localeOf([], { LANG: 'en_US.UTF-8' })).toBe('en')
    expect(localeOf([], { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN')
    expect(localeOf([], { LANG: 'C.UTF-8' })).toBe('zh-CN')
    expect(localeOf([], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN')
    expect(localeOf(['--lang', 'zh'], { LANG: 'en_US.UTF-8' })).toBe('zh-CN')
    expect(localeOf(['--lang=en'], {})).toBe('en')
  })
})
