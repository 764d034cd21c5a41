/**
 * Loading to use (`lazySchemas`): form and scoring-input validators compile on first use, not at
 * load; a full load (validate, the designer, publish, a served folder) still compiles every one and
 * refuses a scheme whose form schema does not compile. The CLI's decide and score load lazily and,
 * when a schema fails on use, report the full load's problems (exit 1).
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createAjv, Validator } from '../../engine/validate/validator'
import { ACTIONS, GUARDS } from '../../engine/workflow/registry'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { main } from '../../runtime/cli/main'
import { captureIO, describeProblems, GALUTU_DIR, makeScheme, readCases, removeTempSchemes } from '../helpers/scheme'

afterAll(removeTempSchemes)

const facts = { receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' }
/** A keyword ajv's strict mode refuses at compile; no check reads it. */
const brokenAt = (file: string) => [{ op: 'set' as const, file, pointer: '/forms/0/schema/maxLenght', value: 5 }]

async function compilesDuring<T>(fn: () => Promise<T>): Promise<{ value: T; compiles: number }> {
  const spy = vi.spyOn(Validator.prototype, 'compile')
  try {
    const value = await fn()
    return { value, compiles: spy.mock.calls.length }
  } finally {
    spy.mockRestore()
  }
}

async function cli(argv: string[]) {
  const c = captureIO()
  const code = await main(argv, c.io)
  return { code, out: c.out.join('\n'), err: c.err.join('\n') }
}

describe('lazySchemas', () => {
  it('loads Galutu with no problems and compiles no form at load; the full load compiles each', async () => {
    const full = await compilesDuring(() => loadSchemeDir(GALUTU_DIR))
    const lazy = await compilesDuring(() => loadSchemeDir(GALUTU_DIR, { lazySchemas: true }))
    expect(describeProblems(full.value.problems)).toBe('')
    expect(describeProblems(lazy.value.problems)).toBe('')
    const forms = full.value.scheme!.forms.size
    expect(forms).toBeGreaterThan(1)
    expect(full.compiles - lazy.compiles).toBeGreaterThanOrEqual(forms)
    expect(lazy.value.hash).toBe(full.value.hash)
  })

  it('validates every form as the full load does (the first use compiles it)', async () => {
    const full = (await loadSchemeDir(GALUTU_DIR)).scheme!
    const lazy = (await loadSchemeDir(GALUTU_DIR, { lazySchemas: true })).scheme!
    for (const id of full.forms.keys()) {
      for (const data of [{}, facts, { petitionerName: 42 }, []]) expect(lazy.validateForm(id, data), id).toEqual(full.validateForm(id, data))
    }
  })

  it('scores as the full load does (scoring inputs compiled on first use)', async () => {
    const { score } = await import('../../engine')
    const input = (await readCases<{ cases: Array<{ name: string; input: unknown }> }>('scoring.json')).cases.find((c) => c.name === 'full marks')!.input
    const full = (await loadSchemeDir(GALUTU_DIR)).scheme!
    const lazy = (await loadSchemeDir(GALUTU_DIR, { lazySchemas: true })).scheme!
    expect(score(lazy, input)).toEqual(score(full, input))
    expect(score(lazy, {})).toEqual(score(full, {}))
  })

  it('a form schema that does not compile: the full load refuses the scheme; a lazy one refuses that form on use', async () => {
    const dir = await makeScheme(brokenAt('forms-handling.json'))
    const full = await loadSchemeDir(dir)
    expect(full.scheme).toBeNull()
    expect(full.problems.map((p) => `${p.file} ${p.pointer} ${p.code}`)).toEqual(['forms-handling.json /forms/0/schema INVALID_FORM_SCHEMA'])
    const lazy = (await loadSchemeDir(dir, { lazySchemas: true })).scheme!
    const formId = full.definitions!.forms.forms.find((f) => full.origins.at(f).file === 'forms-handling.json')!.id
    const errors = lazy.validateForm(formId, {})
    expect(errors.map((e) => e.code)).toEqual(['INVALID_FORM_SCHEMA'])
    expect(errors[0]!.messageEn).toContain('maxLenght')
    expect(errors[0]!.messageEn).toContain(formId)
    // the other forms are not affected
    expect(lazy.validateForm('intake', facts).some((e) => e.code === 'INVALID_FORM_SCHEMA')).toBe(false)
  })
})

describe('schemas checked without the meta-schema', () => {
  it('every guard and action params schema in code passes the 2020-12 meta-schema', () => {
    const meta = createAjv()
    const all = [...Object.entries(GUARDS), ...Object.entries(ACTIONS)]
    expect(all.length).toBeGreaterThan(0)
    for (const [name, impl] of all) expect(meta.validateSchema(impl.params), `${name}: ${meta.errorsText()}`).toBe(true)
  })

  it('a lazy load still refuses, on use, a form whose schema breaks the meta-schema in ways ajv compiles', async () => {
    for (const [key, value] of [
      ['type', 'strng'],
      ['minLength', 'x'],
      ['required', 'petitionerName'],
    ] as const) {
      const dir = await makeScheme([{ op: 'set', file: 'forms-intake.json', pointer: `/forms/0/schema/properties/petitionerName/${key}`, value }])
      expect(
        (await loadSchemeDir(dir)).problems.map((p) => p.code),
        key,
      ).toContain('INVALID_FORM_SCHEMA')
      const lazy = await loadSchemeDir(dir, { lazySchemas: true })
      if (lazy.scheme)
        expect(
          lazy.scheme.validateForm('intake', facts).map((e) => e.code),
          key,
        ).toEqual(['INVALID_FORM_SCHEMA'])
    }
  })
})

describe('CLI: decide loads lazily, validate in full', () => {
  it('decide with a broken facts form exits 1 naming the problem (no stack); validate refuses the folder', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-lazy-'))
    try {
      const input = path.join(tmp, 'one.json')
      await fs.writeFile(input, JSON.stringify(facts))
      const dir = await makeScheme(brokenAt('forms-intake.json'))
      const d = await cli(['decide', dir, input])
      expect(d.code).toBe(1)
      expect(d.err).toContain('INVALID_FORM_SCHEMA')
      expect(d.err).toContain('forms-intake.json')
      expect(d.err).not.toMatch(/^\s+at\s.+:\d+:\d+\)?$/m)
      expect((await cli(['validate', dir])).code).toBe(1)
      // a broken form decide never uses: the decision is made; validate still refuses the folder
      const other = await makeScheme(brokenAt('forms-handling.json'))
      const ok = await cli(['decide', other, input])
      expect(ok.code).toBe(0)
      expect(JSON.parse(ok.out)).toMatchObject({ outcome: 'proxy' })
      const v = await cli(['validate', other])
      expect(v.code).toBe(1)
      expect(v.err).toContain('INVALID_FORM_SCHEMA')
    } finally {
      await fs.rm(tmp, { recursive: true, force: true })
    }
  })
})
