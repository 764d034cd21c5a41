/**
 * Schemes already written keep working (issue #16). First-edition copies of Galutu and of its fork
 * Wulan (four task groups, three levels with their own limits, a fifth scored rate), as they were
 * before the second edition (tests/fixtures/first-edition, from f626163): each validates as it
 * is; `daiban migrate-scheme` rewrites it in place, printing every change with its file and JSON
 * pointer, and a second run changes nothing; the result validates as a second-edition scheme; and
 * it decides, scores and reads its fields exactly as before — the same table of inputs through
 * decide() and score() on the fixture as it is and as migrated.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decide, fieldRoles, migrateScheme, schemeEdition, score, ROLE_KEYWORD, type CompiledScheme } from '../../engine'
import { main } from '../../runtime/cli/main'
import { migrateSchemeCommand } from '../../runtime/cli/migrate-scheme'
import { parseArgs } from '../../runtime/cli/io'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { captureIO, describeProblems, FIXTURES_DIR, makeScheme, readCases, removeTempSchemes } from '../helpers/scheme'

type Facts = Record<string, unknown>

async function cli(argv: string[]) {
  const c = captureIO()
  const code = await main(argv, c.io)
  return { code, out: c.out.join('\n'), err: c.err.join('\n') }
}

async function load(dir: string): Promise<CompiledScheme> {
  const r = await loadSchemeDir(dir)
  if (!r.scheme) throw new Error(`${dir} does not load:\n${describeProblems(r.problems)}`)
  return r.scheme
}

/** Every file of a folder (dot-folders too) with its text. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const full = path.join(e.parentPath, e.name)
    out[path.relative(dir, full)] = await fs.readFile(full, 'utf8')
  }
  return out
}

const triage = await readCases<{ base: Facts; cases: Array<{ facts: Facts; omit?: string[] }> }>('triage.json')
const routing = await readCases<{ base: Facts; routes: Array<{ category: string }> }>('routing.json')
const dueDates = await readCases<{ base: Facts; cases: Array<{ facts: Facts }> }>('due-dates.json')
const scoring = await readCases<{ cases: Array<{ input: Facts }> }>('scoring.json')
const wulanIntake = await readCases<Facts>('wulan/intake.json')

/**
 * Decision inputs for a scheme: the tables' inputs where they apply, then generated from the
 * scheme's own facts form — every category, every level on dates across the holidays, every
 * yes/no fact and every pair of them, the clocks' own start dates, a village not in the register,
 * and inputs refused (no received date, an unknown field).
 */
function decideInputs(s: CompiledScheme, base: Facts, tables: Facts[]): Facts[] {
  const props = (s.form(s.ruleSetFor('outcome')!.def.factsForm)!.def.schema.properties ?? {}) as Record<string, { type?: string; format?: string }>
  const out: Facts[] = [base, ...tables.map((t) => ({ ...base, ...t }))]
  for (const g of s.defs.org.groups) for (const category of g.categories) out.push({ ...base, category })
  for (const level of s.defs.org.levels) {
    for (const receivedOn of ['2026-01-01', '2026-02-12', '2026-04-30', '2026-09-29', '2026-12-31', '2027-06-01'])
      out.push({ ...base, level: level.id, receivedOn })
  }
  const flags = Object.keys(props).filter((k) => props[k]!.type === 'boolean')
  for (const a of flags) {
    out.push({ ...base, [a]: true }, { ...base, [a]: false })
    for (const b of flags) if (a < b) out.push({ ...base, [a]: true, [b]: true })
  }
  for (const c of s.defs.deadlines.clocks) {
    const field = c.start.dateField
    if (field && props[field]?.format === 'date') for (const level of s.defs.org.levels) out.push({ ...base, level: level.id, [field]: '2026-10-09' })
  }
  const { receivedOn: _, ...undated } = base
  out.push({ ...base, village: '不在名录的村' }, undated, { ...base, notAField: 1 })
  // a table's input with a field this edition's form does not have is refused alike by both; keep the others
  return out.filter((f) => Object.keys(f).every((k) => k in props) || 'notAField' in f)
}

/** Scoring inputs: the scoring table's, with the counts a scheme's scoring adds filled in; an officer's half year on a grid. */
function scoreInputs(): Facts[] {
  const out: Facts[] = []
  for (const c of scoring.cases) {
    out.push(c.input)
    const counts = c.input.counts as Record<string, number> | undefined
    if (counts) out.push({ ...c.input, counts: { ...counts, feedback: counts.concluded ?? 0, satisfied: Math.floor((counts.concluded ?? 0) * 0.6) } })
  }
  for (const proxied of [0, 4, 10]) {
    for (const share of [0, 0.5, 1]) {
      const n = Math.floor(proxied * share)
      out.push({
        cases: { proxied, concluded: n, onTime: n, resolved: Math.floor(n / 2), feedback: n, satisfied: Math.floor(n / 2), urged: proxied - n },
        training: { held: 4, attended: Math.round(4 * share) },
        marks: { attitude: Math.round(10 * share), discipline: 7 },
      })
    }
  }
  return out
}

const FIXTURES = [
  {
    id: 'galutu',
    base: triage.base,
    tables: [
      ...triage.cases.map((c) => c.facts),
      ...routing.routes.map((r) => ({ ...routing.base, category: r.category })),
      ...dueDates.cases.map((c) => ({ ...dueDates.base, ...c.facts })),
    ],
    // a role annotation and a placeholder the CLI must name with their file and pointer
    expectLines: [
      ['forms-intake.json:', '/forms/0/schema/properties/village/x-daiban-role'],
      ['forms-handling.json:', '/forms/1/schema/properties/units/x-daiban-role'],
      ['deadlines.json:', '/clocks/4/description', '{{clock.remedy.limit}}'],
      ['forms-handling.json:', '/forms/18/description', '{{clock.service_complaint.limit}}'],
    ],
  },
  {
    id: 'wulan',
    base: wulanIntake,
    tables: [],
    expectLines: [
      ['forms-intake.json:', '/forms/0/schema/properties/level/x-daiban-role'],
      ['rules.json:', '/ruleSets/2/rules/0/reasonEn', '{{clock.limit_local.limitEn}}'],
      ['org.json:', '/levels/2/description', '{{clock.limit_complex.limit}}'],
    ],
  },
] as const

afterAll(removeTempSchemes)

describe.each(FIXTURES)('issue 16, schemes already written: first-edition $id', (fx) => {
  const source = path.join(FIXTURES_DIR, 'first-edition', fx.id)
  let dir: string
  let before: CompiledScheme
  let after: CompiledScheme
  let migrated: { code: number; out: string; err: string }

  beforeAll(async () => {
    dir = await makeScheme([], source)
    before = await load(source)
    migrated = await cli(['migrate-scheme', dir])
    after = await load(dir)
  })

  it('validates as it is: daiban validate exits 0, and it is a first-edition scheme', async () => {
    const r = await cli(['validate', source])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(fx.id)
    expect(schemeEdition(before.defs)).toBe(1)
    expect(fieldRoles(before).inferred).toBe(true)
  })

  it('migrates in place: the CLI prints each change under its file with its pointer', async () => {
    expect(migrated.err).toBe('')
    expect(migrated.code).toBe(0)
    expect(migrated.out).toMatch(/→ 定义格式第二版：\d+ 处改动/)
    expect(migrated.out).toContain('已写入：')
    const lines = migrated.out.split('\n')
    for (const [file, pointer, text] of fx.expectLines) {
      const at = lines.findIndex((l) => l.includes(pointer) && (!text || l.includes(text)))
      expect(at, `${pointer} ${text ?? ''} in\n${migrated.out}`).toBeGreaterThan(0)
      // the nearest file heading above the line is its file
      expect(
        lines
          .slice(0, at)
          .reverse()
          .find((l) => /^ {2}\S.*:$/.test(l)),
      ).toBe(`  ${file}`)
    }
    // a fork's record of its upstream is left as the upstream was
    if (fx.id === 'wulan') {
      const base = (await snapshot(path.join(source, '.daiban'))) as Record<string, string>
      expect(await snapshot(path.join(dir, '.daiban'))).toEqual(base)
    }
  })

  it('a second run changes nothing', async () => {
    const was = await snapshot(dir)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code).toBe(0)
    expect(r.out).toContain('已是定义格式第二版，无需改动')
    expect(await snapshot(dir)).toEqual(was)
  })

  it('validates after migration, as a second-edition scheme', async () => {
    const r = await cli(['validate', dir])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(schemeEdition(after.source)).toBe(2)
    expect(fieldRoles(after).inferred).toBe(false)
  })

  it('reads every role from the same field, and its definitions are the old ones plus the role annotations', () => {
    for (const f of before.defs.forms.forms) expect(fieldRoles(after).form(f.id), f.id).toEqual(fieldRoles(before).form(f.id))
    for (const m of before.defs.workflow.machines) expect(fieldRoles(after).facts(m.id), m.id).toEqual(fieldRoles(before).facts(m.id))
    // placeholders filled, the compiled definitions are the first edition's to the letter
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === ROLE_KEYWORD ? undefined : x))) as unknown
    expect(strip(after.defs)).toEqual(before.defs)
    expect(JSON.stringify(after.source)).toContain('{{clock.')
  })

  it('decides exactly as before on every input of the table', async () => {
    const inputs = decideInputs(before, fx.base, [...fx.tables])
    let decided = 0
    for (const x of inputs) {
      const a = await decide(before, x)
      expect(await decide(after, x), JSON.stringify(x)).toEqual(a)
      if (a.ok) decided++
    }
    expect(decided).toBeGreaterThan(fx.id === 'galutu' ? 150 : 60)
    expect(inputs.length - decided).toBeGreaterThanOrEqual(2) // the refused ones are refused alike
  })

  it('scores exactly as before with every scoring it defines', () => {
    let scored = 0
    for (const sc of before.defs.scoring.scorings) {
      for (const x of scoreInputs()) {
        const a = score(before, x, sc.id)
        expect(score(after, x, sc.id), `${sc.id} ${JSON.stringify(x)}`).toEqual(a)
        if (a.ok) scored++
      }
    }
    expect(scored).toBeGreaterThanOrEqual(fx.id === 'galutu' ? 30 : 21) // the village table, and the officers' grid where the scheme scores officers
  })
})

describe('issue 16: migrate-scheme says where it cannot map, and writes nothing then', () => {
  const galutu = path.join(FIXTURES_DIR, 'first-edition', 'galutu')

  it('a first-edition scheme that renamed the village: exit 1, MISSING_FIELD_ROLE at the intake form, no file written', async () => {
    const dir = await makeScheme([], galutu)
    await replaceInFile(path.join(dir, 'forms-intake.json'), '"village"', '"gacha"') // the property, required and ui:order
    const was = await snapshot(dir)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code).toBe(1)
    expect(r.err).toContain('迁移结果未通过校验')
    expect(r.err).toMatch(/forms-intake\.json \/forms\/0\/schema\/properties\s+\[MISSING_FIELD_ROLE\]/)
    expect(r.out).toContain('/forms/0/schema/properties/receivedOn/x-daiban-role') // what it could do is still shown
    expect(await snapshot(dir)).toEqual(was)
  })

  it('a file that does not parse: exit 1 naming the file, nothing migrated', async () => {
    const dir = await makeScheme([{ op: 'raw', file: 'org.json', fixture: 'broken/trailing-comma-org.json.txt' }], galutu)
    const was = await snapshot(dir)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code).toBe(1)
    expect(r.err).toContain('无法读取')
    expect(r.err).toMatch(/org\.json .*\[JSON_SYNTAX\]/)
    expect(await snapshot(dir)).toEqual(was)
  })

  it('a limit that several clocks have, in a text that belongs to none: mapped to the first, listed to check, the text unchanged', async () => {
    const text = '本方案镇级事项15个工作日内办结，回访15天内完成'
    const dir = await makeScheme([{ op: 'set', file: 'scheme.json', pointer: '/description', value: text }], galutu)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/请检查（1）：\n {2}scheme\.json:\n {4}\/description {2}“15个工作日” 也是时限 .*remedy.*service_complaint/)
    const written = JSON.parse(await fs.readFile(path.join(dir, 'scheme.json'), 'utf8')) as { description: string }
    expect(written.description).toBe('本方案镇级事项{{clock.handling_town.limit}}内办结，回访{{clock.follow_up.days}}天内完成')
    expect((await load(dir)).defs.manifest.description).toBe(text)
  })

  it('a first-edition routing rule set written "first" (which routing ignored) becomes "all": it routes as it did; a second-edition one is left alone', async () => {
    const dir = await makeScheme([{ op: 'set', file: 'rules.json', pointer: '/ruleSets/1/mode', value: 'first' }], galutu)
    const before = await load(dir)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/ {2}rules\.json:\n {4}\/ruleSets\/1\/mode {2}分流规则集 "routing" 的 mode 由 "first" 改为 "all"/)
    const after = await load(dir)
    expect(after.ruleSetFor('group')!.def.mode).toBe('all')
    for (const category of before.defs.org.groups.flatMap((g) => g.categories)) {
      const x = { ...triage.base, category }
      expect(await decide(after, x), category).toEqual(await decide(before, x))
    }
    const second = await makeScheme([{ op: 'set', file: 'rules.json', pointer: '/ruleSets/1/mode', value: 'first' }])
    const { readTexts } = await import('../../runtime/forks/files')
    const m = await migrateScheme(await readTexts(second))
    expect(m.changes).toEqual([])
  })

  it('--dry-run prints the changes and writes nothing; --lang en prints them in English', async () => {
    const dir = await makeScheme([], galutu)
    const was = await snapshot(dir)
    const r = await cli(['migrate-scheme', dir, '--dry-run', '--lang', 'en'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('form "intake": field "village" declares role village (village)')
    expect(r.out).toContain('Dry run: the result validates; nothing written')
    expect(await snapshot(dir)).toEqual(was)
  })

  it('no folder → usage error 2; a missing folder → 2 without a stack trace', async () => {
    expect((await cli(['migrate-scheme'])).code).toBe(2)
    const r = await cli(['migrate-scheme', path.join(os.tmpdir(), 'no-such-scheme-folder')])
    expect(r.code).toBe(2)
    expect(r.err).not.toMatch(/^\s+at\s/m)
  })
})

async function replaceInFile(file: string, from: string, to: string): Promise<void> {
  await fs.writeFile(file, (await fs.readFile(file, 'utf8')).split(from).join(to))
}

describe('issue 16: migrate-scheme writes every changed file or none (an interrupted run is not half-migrated)', () => {
  const galutu = path.join(FIXTURES_DIR, 'first-edition', 'galutu')
  const run = async (dir: string, rename: (from: string, to: string) => Promise<void>, lang?: 'en') => {
    const c = captureIO()
    const argv = ['migrate-scheme', dir, ...(lang ? ['--lang', lang] : [])]
    const code = await migrateSchemeCommand({ replace: { rename } }).run(parseArgs(argv.slice(1), ['lang']), c.io, lang ?? 'zh-CN')
    return { code, out: c.out.join('\n'), err: c.err.join('\n') }
  }

  it('a rename that fails partway: exit 1, the output names the files replaced and the folder of originals; restoring from it and re-running migrates the whole folder', async () => {
    const dir = await makeScheme([], galutu)
    const was = await snapshot(dir)
    let calls = 0
    const r = await run(dir, async (from, to) => {
      if (++calls === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' })
      await fs.rename(from, to)
    })
    expect(r.code).toBe(1)
    const m = /第一版原文件保存在 (\S+)：将其复制回/.exec(r.err)
    expect(m, r.err).not.toBeNull()
    expect(r.err).toMatch(/已替换：[^；]+\.json；未替换：[^。]+\.json/)
    // the originals of every changed file are kept, as they were
    const backup = path.resolve(m![1]!)
    const originals = await snapshot(backup)
    expect(Object.keys(originals).length).toBeGreaterThan(1)
    for (const [file, text] of Object.entries(originals)) expect(text, file).toBe(was[file])
    // the scheme loader skips the staging dot-folder; the folder is half-migrated until restored
    await fs.cp(backup, dir, { recursive: true })
    await fs.rm(path.dirname(backup), { recursive: true, force: true })
    expect(await snapshot(dir)).toEqual(was)
    const again = await cli(['migrate-scheme', dir])
    expect(again.code, again.err).toBe(0)
    expect(schemeEdition((await load(dir)).defs)).toBe(2)
  })

  it('a rename that fails on the first file: nothing replaced, said in English with --lang en', async () => {
    const dir = await makeScheme([], galutu)
    const was = await snapshot(dir)
    const r = await run(
      dir,
      async () => {
        throw new Error('EXDEV: cross-device link not permitted')
      },
      'en',
    )
    expect(r.code).toBe(1)
    expect(r.err).toContain('Replaced: none; not replaced:')
    expect(r.err).toMatch(/The first-edition originals are in \S+: copy them back over/)
    const files = Object.fromEntries(Object.entries(await snapshot(dir)).filter(([f]) => !f.startsWith('.daiban-replace-')))
    expect(files).toEqual(was)
  })

  it('a successful run leaves no staging folder behind', async () => {
    const dir = await makeScheme([], galutu)
    const r = await cli(['migrate-scheme', dir])
    expect(r.code).toBe(0)
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.daiban-replace-'))).toEqual([])
  })
})
