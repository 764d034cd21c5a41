/**
 * The CLI's quick path (issue #19: a command in under 300 ms): bin/daiban.js runs validate, decide,
 * score and workdays from dist/daiban-quick.cjs with V8's code cache (bin/quick-loader.js), built
 * by bin/build-server.js. It must answer exactly as the full compiled CLI does, use its cache, and
 * still answer when the cache is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAscii } from 'node:buffer'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { buildServer } from '../../bin/build-server.js'
// @ts-expect-error -- plain JavaScript of the build (bin/), no type declarations
import { QUICK_COMMANDS, loadQuick } from '../../bin/quick-loader.js'
import { buildIdOf, checkedKey } from '../../runtime/cli/checked-cache'
import { SPECS } from '../../runtime/cli/spec'
import { readSchemeFiles } from '../../runtime/schemes/files'

const REPO = path.resolve(import.meta.dirname, '../..')
let tmp: string
let pkg: string
let dist: string
let intake: string
let broken: string

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'daiban-quick-'))
  // A package as a checkout has it: bin/, the sources (bin/daiban.js compares their times with the
  // build's), its packages, and dist/ built here.
  pkg = path.join(tmp, 'pkg')
  mkdirSync(pkg)
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'daiban', version: '9.9.9-test', type: 'module' }))
  for (const d of ['node_modules', 'engine', 'runtime']) symlinkSync(path.join(REPO, d), path.join(pkg, d), 'dir')
  cpSync(path.join(REPO, 'bin'), path.join(pkg, 'bin'), { recursive: true })
  dist = path.join(pkg, 'dist')
  await buildServer(dist)
  intake = path.join(tmp, 'intake.json')
  writeFileSync(
    intake,
    JSON.stringify({ receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' }),
  )
  broken = path.join(tmp, 'broken')
  cpSync(path.join(REPO, 'definitions/galutu'), broken, { recursive: true })
  const wf = JSON.parse(readFileSync(path.join(broken, 'workflow.json'), 'utf8'))
  wf.machines[0].config.states.intake.on.REGISTER[1].guard.type = 'triageWas'
  writeFileSync(path.join(broken, 'workflow.json'), JSON.stringify(wf, null, 2))
}, 180_000)

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LC_ALL|LC_MESSAGES)$/.test(k)))
function run(entry: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    encoding: 'utf8',
    input,
    // a cache of verdicts of its own, so the two entries are compared on the same footing
    env: { ...baseEnv, XDG_CACHE_HOME: path.join(tmp, `cache-${path.basename(entry)}`) },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
const GALUTU = () => path.join(REPO, 'definitions/galutu')
const CASES: Array<{ name: string; args: () => string[]; input?: string; code: number }> = [
  { name: 'decide one intake', args: () => ['decide', GALUTU(), intake], code: 0 },
  { name: 'decide with --json --trace', args: () => ['decide', GALUTU(), intake, '--json', '--trace'], code: 0 },
  { name: 'score an empty batch from standard input', args: () => ['score', GALUTU(), '-'], input: '[]', code: 0 },
  { name: 'workdays across a holiday', args: () => ['workdays', GALUTU(), '--from', '2026-09-29', '--add', '5', '--json'], code: 0 },
  { name: 'decide on a broken scheme', args: () => ['decide', broken, intake], code: 1 },
  { name: 'validate a broken scheme, in English', args: () => ['validate', broken, '--lang', 'en'], code: 1 },
  { name: 'decide with malformed input', args: () => ['decide', GALUTU(), '-'], input: '{"receivedOn":', code: 2 },
  { name: 'an unknown flag', args: () => ['workdays', GALUTU(), '--form', '2026-01-01'], code: 2 },
  { name: 'help of a quick command', args: () => ['score', '--help'], code: 0 },
]

describe('the quick path', () => {
  it('is built with a code cache this Node accepts, and is current (so bin/daiban.js takes it)', () => {
    // bin/dist-state.js of the package: its root is pkg, whose sources are this checkout's
    const state = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { distState } = await import(${JSON.stringify(path.join(pkg, 'bin/dist-state.js'))}); console.log(JSON.stringify(distState()))`,
      ],
      { encoding: 'utf8' },
    )
    expect(JSON.parse(state.stdout)).toMatchObject({ built: true, changed: [] })
    const q = loadQuick(dist)
    expect(q.rejected).toBe(false)
    // written in ASCII, so read byte for character (Chinese messages escaped, and still printed as Chinese below)
    expect(isAscii(readFileSync(path.join(dist, 'daiban-quick.cjs')))).toBe(true)
    expect(typeof q.run).toBe('function')
  })

  it.each(CASES)('$name: bin/daiban.js answers as the full compiled CLI does', ({ args, input, code }) => {
    const quick = run(path.join(pkg, 'bin/daiban.js'), args(), input)
    const full = run(path.join(dist, 'daiban.js'), args(), input)
    expect(quick.code, quick.err).toBe(code)
    expect(quick).toEqual(full)
  })

  it('answers the same when V8 refuses the cache (another Node, a damaged file)', () => {
    const good = run(path.join(pkg, 'bin/daiban.js'), ['decide', GALUTU(), intake])
    const cache = path.join(dist, 'daiban-quick.cjs.cache')
    const saved = readFileSync(cache)
    writeFileSync(cache, Buffer.from('not a code cache'))
    try {
      expect(loadQuick(dist).rejected).toBe(true)
      expect(run(path.join(pkg, 'bin/daiban.js'), ['decide', GALUTU(), intake])).toEqual(good)
      rmSync(cache)
      expect(loadQuick(dist).rejected).toBeNull()
      expect(run(path.join(pkg, 'bin/daiban.js'), ['decide', GALUTU(), intake])).toEqual(good)
    } finally {
      writeFileSync(cache, saved)
    }
  })

  it('bin/dist-state.js: the build is stale once a source is newer than it, or gone', async () => {
    const { distState } = await import(path.join(pkg, 'bin/dist-state.js'))
    const fake = path.join(tmp, 'fake-dist')
    mkdirSync(fake, { recursive: true })
    const write = (startedAt: number, inputs: string[]) => writeFileSync(path.join(fake, 'build-info.json'), JSON.stringify({ startedAt, inputs }))
    const later = Date.now() + 60_000
    write(later, ['runtime/cli/main.ts', 'runtime/cli/gone.ts'])
    // the file as read goes with the answer: the quick path takes its build id from it
    expect(distState(fake)).toEqual({
      built: true,
      changed: ['runtime/cli/gone.ts'],
      info: { startedAt: later, inputs: ['runtime/cli/main.ts', 'runtime/cli/gone.ts'] },
    })
    write(0, ['runtime/cli/main.ts'])
    expect(distState(fake)).toMatchObject({ built: true, changed: ['runtime/cli/main.ts'] })
    rmSync(path.join(fake, 'build-info.json'))
    expect(distState(fake)).toEqual({ built: false, changed: [] })
  })

  it('keys its verdicts by the build-info.json bin/daiban.js read, not by a second reading of it', async () => {
    const files = await readSchemeFiles(GALUTU())
    const markers = (home: string) => readdirSync(path.join(home, 'daiban/checked')).filter((n) => /^[0-9a-f]{64}$/.test(n))
    // the launcher's reading is what counts: a build id that dist/build-info.json does not hold
    const given = path.join(tmp, 'cache-given')
    const script = `const { loadQuick } = await import(${JSON.stringify(path.join(pkg, 'bin/quick-loader.js'))})
process.exitCode = await loadQuick(${JSON.stringify(dist)}).run(process.argv.slice(1), { builtAt: 'given by the launcher', esbuild: '0' })`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, 'decide', GALUTU(), intake], {
      encoding: 'utf8',
      env: { ...baseEnv, XDG_CACHE_HOME: given },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(markers(given)).toEqual([checkedKey('given by the launcher 0', files)])
    // through bin/daiban.js: the id of the build it found current
    const home = path.join(tmp, 'cache-bin')
    const b = spawnSync(process.execPath, [path.join(pkg, 'bin/daiban.js'), 'decide', GALUTU(), intake], {
      encoding: 'utf8',
      env: { ...baseEnv, XDG_CACHE_HOME: home },
    })
    expect(b.status, b.stderr).toBe(0)
    const id = buildIdOf(JSON.parse(readFileSync(path.join(dist, 'build-info.json'), 'utf8')))
    expect(id).not.toBeNull()
    expect(markers(home)).toEqual([checkedKey(id!, files)])
  })

  it('takes only commands the CLI declares, from the one list bin/daiban.js and the bench import', () => {
    const quick = QUICK_COMMANDS as readonly string[]
    expect(quick.length).toBeGreaterThan(0)
    for (const c of quick) expect(Object.keys(SPECS)).toContain(c)
    for (const user of ['bin/daiban.js', 'bench/cli-startup.ts']) {
      const text = readFileSync(path.join(REPO, user), 'utf8')
      expect(text, user).toMatch(/import \{[^}]*\bQUICK_COMMANDS\b[^}]*\} from '[./]+(bin\/)?quick-loader\.js'/)
      expect(text, user).not.toMatch(/QUICK_COMMANDS\s*=/)
    }
  })
})
