// @vitest-environment jsdom
/**
 * Issue #16, one form validator everywhere: the server (engine/validate/validator.ts), the staff
 * app (SchemaForm), the public page (useChallengeSubmit) and the designer's preview (rjsf.tsx) give
 * the same verdict on a table of values (tests/cases/form-validator.json) — before, the server used
 * Ajv2020 with formats, the apps rjsf's draft-07 default and the designer strict:false with a loose
 * date regex, whose preview accepted 2026-02-30 — and on galutu's real intake form. No app builds a
 * validator or an ajv of its own.
 */
import './dom'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RJSFSchema } from '@rjsf/utils'
import { Validator } from '../../engine/validate/validator'
import { validatorFor } from '../../runtime/web/src/forms/SchemaForm'
import { validator as publicValidator } from '../../runtime/web/public/src/useChallengeSubmit'
import { validators as designerValidators } from '../../designer/src/rjsf'
import { loadPatterns } from '../../runtime/web/kit/forms/patterns'
import { loadGalutu, readCases, REPO_ROOT } from '../helpers/scheme'

interface ValidatorCase {
  name: string
  schema: Record<string, unknown>
  data: Record<string, unknown>
  valid: boolean
}

const cases = await readCases<ValidatorCase[]>('form-validator.json')
const server = new Validator()
type Verdict = (schema: Record<string, unknown>, data: Record<string, unknown>) => boolean
const rjsf =
  (v: { validateFormData: (d: unknown, s: RJSFSchema) => { errors: unknown[] } }): Verdict =>
  (schema, data) =>
    v.validateFormData(data, schema as RJSFSchema).errors.length === 0
const FOUR: Array<[string, Verdict]> = [
  ['server', (schema, data) => server.validate(schema, data).length === 0],
  ['staff app', rjsf(validatorFor('zh'))],
  ['public page', rjsf(publicValidator)],
  ['designer preview', rjsf(designerValidators['zh-CN'])],
]

beforeAll(() => loadPatterns())

describe('issue #16: one form validator in the server, the staff app, the public page and the designer', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const [where, verdict] of FOUR) expect(verdict(c.schema, c.data), `${where}: ${JSON.stringify(c.data)}`).toBe(c.valid)
    })
  }

  it("galutu's intake form: 2026-02-30 refused in all four, 2026-02-28 accepted", async () => {
    const s = await loadGalutu()
    const schema = s.form('intake')!.schema
    const base = { petitionerName: '张三', village: '团结社区', channel: 'visit', summary: '反映的问题', receivedOn: '2026-02-28' }
    for (const [where, verdict] of FOUR) {
      expect(verdict(schema, base), where).toBe(true)
      expect(verdict(schema, { ...base, receivedOn: '2026-02-30' }), where).toBe(false)
    }
    expect(s.validateForm('intake', { ...base, receivedOn: '2026-02-30' }).map((e) => e.field)).toEqual(['/receivedOn'])
  })

  it('no web app builds an rjsf validator or an ajv of its own', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f)
        return statSync(p).isDirectory() ? (f === 'node_modules' || f === 'dist' ? [] : files(p)) : /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : []
      })
    const offenders = [...files(path.join(REPO_ROOT, 'runtime/web')), ...files(path.join(REPO_ROOT, 'designer/src'))]
      .filter((p) => !p.endsWith(path.join('runtime/web/kit/forms/validator.ts')))
      .filter((p) => /from '(@rjsf\/validator-ajv8|ajv|ajv\/dist\/[^']*|ajv-formats)'/.test(readFileSync(p, 'utf8')))
    expect(offenders.map((p) => path.relative(REPO_ROOT, p))).toEqual([])
  })
})
