/**
 * Declared field roles (issue #16 §2): which field of the real Galutu scheme plays each role, a
 * first-edition copy (no role declared) that keeps working by the old field names, and the one
 * that renamed `village` without declaring it, refused with a message saying how.
 */
import fs from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decide, fieldRoles, firstEditionRoles, formatProblem, ACTIONS, FIELD_ROLES, type CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { GALUTU_DIR, describeProblems, loadGalutu } from '../helpers/scheme'
import { renamedFork } from '../helpers/rename-fields'
import { intake } from '../runtime/harness'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true })
})

/** Every x-daiban-role taken out of the forms: Galutu as a first-edition scheme. */
const stripRoles = (_file: string, doc: unknown): unknown => JSON.parse(JSON.stringify(doc, (k, v) => (k === 'x-daiban-role' ? undefined : v)))

async function firstEdition(renames: Record<string, string> = {}) {
  const dir = await renamedFork(GALUTU_DIR, renames, {}, stripRoles)
  dirs.push(dir)
  return loadSchemeDir(dir)
}

let galutu: CompiledScheme
beforeAll(async () => {
  galutu = await loadGalutu()
})

describe('issue 16 §2: the roles Galutu declares', () => {
  it('the case facts: each role the platform reads is a field of the intake', () => {
    const roles = fieldRoles(galutu)
    expect(roles.inferred).toBe(false)
    expect(roles.facts('case')).toMatchObject({
      village: 'village',
      receivedOn: 'receivedOn',
      petitionerName: 'petitionerName',
      idNumber: 'idNumber',
      phone: 'phone',
      channel: 'channel',
      category: 'category',
      level: 'level',
      officer: 'officer',
    })
    // the complaint workflow's petitioner is its complainant
    expect(roles.facts('complaint')).toMatchObject({ petitionerName: 'complainant', phone: 'phone', receivedOn: 'receivedOn' })
  })

  it('each action finds the roles it requires on the form of every event it runs on', () => {
    const roles = fieldRoles(galutu)
    expect(roles.form('disposal')).toMatchObject({ units: 'units', sentOn: 'sentOn', matter: 'matter' })
    expect(roles.form('reply')).toMatchObject({ unit: 'unit', repliedOn: 'repliedOn', result: 'result' })
    expect(roles.form('feedback')).toMatchObject({ satisfied: 'satisfied' })
    for (const [name, impl] of Object.entries(ACTIONS))
      for (const r of Object.keys(impl.reads ?? {})) expect(FIELD_ROLES, `${name} reads ${r}`).toHaveProperty(r)
  })
})

describe('issue 16 §2: a first-edition scheme (no role declared)', () => {
  it('loads, and the old field names stand in for every role Galutu declares', async () => {
    const r = await firstEdition()
    expect(r.problems, describeProblems(r.problems)).toEqual([])
    const old = fieldRoles(r.scheme!)
    expect(old.inferred).toBe(true)
    for (const f of galutu.defs.forms.forms) expect(old.form(f.id), f.id).toMatchObject(fieldRoles(galutu).form(f.id))
    expect(old.facts('case')).toEqual(fieldRoles(galutu).facts('case'))
    // what migrate-scheme would write: at least every role Galutu declares
    const declared = galutu.defs.forms.forms.flatMap((f) => Object.entries(fieldRoles(galutu).form(f.id)).map(([role, field]) => `${f.id}.${field}=${role}`))
    const proposed = firstEditionRoles(r.scheme!.defs).map((a) => `${a.form}.${a.field}=${a.role}`)
    expect(proposed).toEqual(expect.arrayContaining(declared))
  })

  it('reads a leader’s instruction by the names leader + content only together: the urging’s content stays the urging text', async () => {
    const old = fieldRoles((await firstEdition()).scheme!)
    expect(old.form('instruction')).toEqual({ instructionLeader: 'leader', instructionText: 'content' })
    expect(old.form('urge')).toMatchObject({ content: 'content' })
    expect(old.form('urge')).not.toHaveProperty('instructionText')
  })

  it('decides as the second edition does', async () => {
    const r = await firstEdition()
    const facts = { ...intake(), inJudicialProcess: false }
    const a = await decide(galutu, facts)
    const b = await decide(r.scheme!, facts)
    expect(b).toEqual(a)
  })

  it('that renamed the village without declaring the role is refused, and told how to declare it', async () => {
    const r = await firstEdition({ village: 'gacha' })
    expect(r.scheme).toBeNull()
    const p = r.problems.find((x) => x.code === 'MISSING_FIELD_ROLE' && x.file === 'forms-intake.json' && x.pointer === '/forms/0/schema/properties')
    expect(p, describeProblems(r.problems)).toBeDefined()
    expect(formatProblem(p!, 'en')).toContain('"x-daiban-role": "village"')
    expect(formatProblem(p!, 'en')).toContain('no field has the first-edition name "village"')
    expect(p!.message).toContain('嘎查村')
  })
})

describe('issue 16 §2: a second-edition scheme that renamed the village', () => {
  it('keeps the role with the field: it loads and the village is the renamed field', async () => {
    const dir = await renamedFork(GALUTU_DIR, { village: 'gacha' }, {})
    dirs.push(dir)
    const r = await loadSchemeDir(dir)
    expect(r.problems, describeProblems(r.problems)).toEqual([])
    expect(fieldRoles(r.scheme!).facts('case').village).toBe('gacha')
    const { village: _, ...rest } = intake()
    const d = await decide(r.scheme!, { ...rest, gacha: '不存在村' })
    expect(d.ok && d.decision.reasons.some((x) => x.includes('不存在村'))).toBe(true)
  })
})
