/**
 * The `daiban` command line through main(argv, io) with a capturing io, plus one real subprocess
 * run of bin/daiban.js. Exit codes: 0 success, 1 the scheme has problems, 2 bad usage or input.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../runtime/cli/main'
import { captureIO, GALUTU_DIR, makeScheme, readCases, removeTempSchemes, REPO_ROOT } from '../helpers/scheme'

const SCHEME = path.relative(REPO_ROOT, GALUTU_DIR)
let tmp: string
const facts = {
  receivedOn: '2026-09-29',
  level: 'village',
  category: '养老及其他农村牧区社会保险',
  channel: 'visit',
  village: '团结社区',
}
const fullMarks = (await readCases<{ cases: Array<{ name: string; input: unknown }> }>('scoring.json')).cases.find((c) => c.name === 'full marks')!.input

async function file(name: string, content: unknown): Promise<string> {
  const p = path.join(tmp, name)
  await fs.writeFile(p, typeof content === 'string' ? content : JSON.stringify(content))
  return p
}

async function cli(argv: string[], stdin = '') {
  const c = captureIO(stdin)
  const code = await main(argv, c.io)
  return { code, out: c.out.join('\n'), err: c.err.join('\n') }
}

/** No stack frames ("    at fn (file:line:col)") may reach users. */
const STACK = /^\s+at\s.+(:\d+:\d+\)?|native)/m

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-cli-'))
})
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true })
  await removeTempSchemes()
})

describe('daiban validate', () => {
  it('the real scheme passes with exit 0', async () => {
    const r = await cli(['validate', SCHEME])
    expect(r.code).toBe(0)
    expect(r.out).toContain('galutu')
    expect(r.err).toBe('')
  })

  it('a broken scheme exits 1 and lists every problem with its file and pointer', async () => {
    const dir = await makeScheme([
      { op: 'set', file: 'rules.json', pointer: '/ruleSets/1/rules/0/event/params/group', value: 'nobody' },
      { op: 'set', file: 'calendar.json', pointer: '/years/2026/holidays/-', value: { date: '2026-10-10', name: '国庆节' } },
      { op: 'set', file: 'scoring.json', pointer: '/scorings/0/sections/0/max', value: 12 },
    ])
    const r = await cli(['validate', dir])
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/3 个问题/)
    const lines = r.err.split('\n')
    for (const [f, ptr, code] of [
      ['rules.json', '/ruleSets/1/rules/0/event/params/group', 'UNKNOWN_GROUP'],
      ['calendar.json', '/years/2026/workdays/5/date', 'CALENDAR_CONFLICT'],
      ['scoring.json', '/scorings/0/max', 'MAX_MISMATCH'],
    ])
      expect(
        lines.some((l) => l.includes(`${f} ${ptr}`) && l.includes(`[${code}]`)),
        `${f} ${ptr} ${code} in\n${r.err}`,
      ).toBe(true)
    expect(r.err).not.toMatch(STACK)
  })

  it('--lang en prints the problems in English', async () => {
    const dir = await makeScheme([{ op: 'remove', file: 'calendar.json', pointer: '/years/2024' }])
    const r = await cli(['validate', dir, '--lang', 'en'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('calendar.json /years')
    expect(r.err).toContain('lacks year 2024')
  })

  it('a malformed definition file exits 1 naming the file and line', async () => {
    const dir = await makeScheme([{ op: 'raw', file: 'org.json', fixture: 'broken/trailing-comma-org.json.txt' }])
    const r = await cli(['validate', dir])
    expect(r.code).toBe(1)
    expect(r.err).toContain('org.json')
    expect(r.err).toContain('[JSON_SYNTAX]')
    expect(r.err).toMatch(/第 4 行/)
    expect(r.err).not.toMatch(STACK)
  })

  it('a missing folder is refused without a stack trace', async () => {
    const r = await cli(['validate', path.join(tmp, 'no-such-scheme')])
    expect(r.code).not.toBe(0)
    expect(r.err).toContain('no-such-scheme')
    expect(r.err).not.toMatch(STACK)
  })

  it('no folder given → usage error 2', async () => {
    expect((await cli(['validate'])).code).toBe(2)
  })
})

describe('daiban decide', () => {
  it('one object in, one decision object out', async () => {
    const r = await cli(['decide', SCHEME, await file('one.json', facts)])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.out)
    expect(Array.isArray(d)).toBe(false)
    expect(d).toMatchObject({ outcome: 'proxy', group: '劳动社会保障组', dueDate: '2026-10-12', escalateTo: null })
    expect(d.reasons.length).toBeGreaterThan(0)
    expect(d).not.toHaveProperty('trace')
  })

  it('an array in, an array of decisions out, in order', async () => {
    const r = await cli(['decide', SCHEME, await file('many.json', [facts, { ...facts, acceptsProxy: false }, { ...facts, level: 'town', category: '禁毒' }])])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.out)
    expect(Array.isArray(d)).toBe(true)
    expect(d.map((x: { outcome: string }) => x.outcome)).toEqual(['proxy', 'declined', 'proxy'])
    expect(d[1].group).toBeNull()
    expect(d[2]).toMatchObject({ group: '党群综合攻坚组', dueDate: '2026-10-26' })
  })

  it('reads stdin with "-", and --trace adds the rule trace', async () => {
    const r = await cli(['decide', SCHEME, '-', '--trace'], JSON.stringify(facts))
    expect(r.code).toBe(0)
    const d = JSON.parse(r.out)
    expect(d.dueDate).toBe('2026-10-12')
    expect(d.trace[0].ruleSet).toBe('triage')
  })

  it('an invalid item exits 2, keeps its place in the output and names it on stderr', async () => {
    const r = await cli(['decide', SCHEME, await file('mixed.json', [facts, { ...facts, category: '土地承包' }])])
    expect(r.code).toBe(2)
    const d = JSON.parse(r.out)
    expect(d[0].outcome).toBe('proxy')
    expect(d[1].errors[0].pointer).toBe('/category')
    expect(r.err).toContain('[1]/category')
  })

  it('malformed JSON exits 2 with a message and no stack trace', async () => {
    const r = await cli(['decide', SCHEME, await file('bad.json', '{"receivedOn": "2026-09-29",')])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/JSON/)
    expect(r.err).toContain('bad.json')
    expect(r.err).not.toMatch(STACK)
  })

  it('malformed JSON on stdin exits 2 too', async () => {
    const r = await cli(['decide', SCHEME, '-'], 'not json')
    expect(r.code).toBe(2)
    expect(r.err).not.toMatch(STACK)
  })

  it('a missing input file exits 2', async () => {
    const r = await cli(['decide', SCHEME, path.join(tmp, 'nope.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('nope.json')
  })

  it('a date past the calendar exits 2 naming CALENDAR_NOT_COVERED', async () => {
    const r = await cli(['decide', SCHEME, await file('late.json', { ...facts, level: 'town', receivedOn: '2027-12-28' })])
    expect(r.code).toBe(2)
    expect(r.err).toContain('CALENDAR_NOT_COVERED')
  })

  it('a broken scheme exits 1 before reading any input', async () => {
    const dir = await makeScheme([{ op: 'delete', file: 'deadlines.json' }])
    const r = await cli(['decide', dir, await file('one-more.json', facts)])
    expect(r.code).toBe(1)
    expect(r.err).toContain('MISSING_KIND')
  })
})

describe('daiban score', () => {
  it('scores one object', async () => {
    const r = await cli(['score', SCHEME, await file('score.json', fullMarks)])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ scoring: 'village_annual', total: 100, grade: '优秀' })
  })

  it('scores an array, and refuses an impossible count with exit 2', async () => {
    const bad = { ...(fullMarks as object), counts: { petitions: 5, proxied: 6, online: 5, concluded: 6, resolved: 6 } }
    const r = await cli(['score', SCHEME, await file('scores.json', [fullMarks, bad])])
    expect(r.code).toBe(2)
    const d = JSON.parse(r.out)
    expect(d[0].total).toBe(100)
    expect(d[1].errors[0].code).toBe('INPUT_INVALID')
    expect(r.err).toContain('代办事项数不能大于信访事项总数')
  })

  it('an unknown --scoring id exits 2', async () => {
    const r = await cli(['score', SCHEME, await file('score2.json', fullMarks), '--scoring', 'nope'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('UNKNOWN_SCORING')
  })
})

describe('daiban workdays', () => {
  it('--from 2026-09-29 --add 5 → 2026-10-12', async () => {
    const r = await cli(['workdays', SCHEME, '--from', '2026-09-29', '--add', '5'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ from: '2026-09-29', add: 5, unit: 'workday', date: '2026-10-12', day: { workday: true, kind: 'weekday' } })
  })

  it('lands on a 调休 Saturday: 2026-10-09 + 1 → 2026-10-10', async () => {
    const r = await cli(['workdays', SCHEME, '--from=2026-10-09', '--add=1'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ date: '2026-10-10', day: { kind: 'makeup' } })
  })

  it('--unit calendar counts calendar days', async () => {
    const r = await cli(['workdays', SCHEME, '--from', '2026-09-29', '--add', '15', '--unit', 'calendar'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).date).toBe('2026-10-14')
  })

  it('past the calendar exits 2 with a clear message', async () => {
    const r = await cli(['workdays', SCHEME, '--from', '2027-12-28', '--add', '15'])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain('工作日历未覆盖')
    expect(r.err).toContain('2027-12-31')
    expect(r.err).not.toMatch(STACK)
    const en = await cli(['workdays', SCHEME, '--from', '2027-12-28', '--add', '15', '--lang', 'en'])
    expect(en.code).toBe(2)
    expect(en.err).toContain('does not cover')
  })

  it.each([
    [['--from', '2026-02-30', '--add', '5']],
    [['--from', '2026-09-29', '--add', '-3']],
    [['--from', '2026-09-29', '--add', 'five']],
    [['--from', '2026-09-29', '--add', '5', '--unit', 'week']],
    [['--from', '2026-09-29']],
    [['--add']],
  ])('bad arguments %j exit 2', async (args) => {
    const r = await cli(['workdays', SCHEME, ...args])
    expect(r.code).toBe(2)
    expect(r.err.length).toBeGreaterThan(0)
    expect(r.err).not.toMatch(STACK)
  })
})

describe('usage', () => {
  it('an unknown command exits 2', async () => {
    const r = await cli(['frobnicate', SCHEME])
    expect(r.code).toBe(2)
    expect(r.err).toContain('frobnicate')
  })

  it('no command prints the usage and exits 2; help exits 0', async () => {
    const none = await cli([])
    expect(none.code).toBe(2)
    expect(none.out).toContain('daiban validate')
    const help = await cli(['help'])
    expect(help.code).toBe(0)
    expect(help.out).toContain('daiban workdays')
  })
})

describe('bin/daiban.js (subprocess)', () => {
  it('node bin/daiban.js validate definitions/galutu exits 0', () => {
    const r = spawnSync(process.execPath, ['bin/daiban.js', 'validate', 'definitions/galutu'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 })
    expect(r.error).toBeUndefined()
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('galutu 1.0.0')
    expect(r.stderr).toBe('')
  })
})
