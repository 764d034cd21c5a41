/**
 * The officer a form names is checked on the server (issue #18 §4), against the real Galutu
 * definitions: accounts and cases as data (tests/cases/officer-check.json). A refusal names the
 * field by its form title and lists who may be chosen, in each language.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { Policy, type RoleGrant } from '../../runtime/auth/policy'
import { checkOfficer, officerProblems, type OfficerAccount } from '../../runtime/cases/officer-check'
import { assignableOfficers } from '../../runtime/cases/assignable'
import { ServiceError } from '../../runtime/errors'
import { toBody } from '../../runtime/server/errors'
import type { CompiledScheme, OrgDefinition } from '../../engine'

interface Case {
  name: string
  form: string
  values: Record<string, unknown>
  caseVillage?: string
  expect: string | null
  formRefuses?: boolean
}
const data = JSON.parse(readFileSync('tests/cases/officer-check.json', 'utf8')) as { accounts: Array<OfficerAccount & { disabled?: boolean }>; cases: Case[] }
const HAN = /[\u3400-\u9fff]/

let scheme: CompiledScheme
let policy: Policy
let accounts: OfficerAccount[]
let V: Record<string, string>
const sub = <T>(v: T): T => JSON.parse(JSON.stringify(v).replace(/\$V[12]/g, (m) => V[m]!)) as T

beforeAll(async () => {
  const orgs: Record<string, OrgDefinition> = {}
  for (const id of ['galutu', 'wulan']) orgs[id] = (await loadSchemeDir(`definitions/${id}`)).scheme!.defs.org
  scheme = (await loadSchemeDir('definitions/galutu')).scheme!
  policy = new Policy(orgs, 'galutu')
  V = { $V1: scheme.defs.org.villages[0]!.name, $V2: scheme.defs.org.villages[1]!.name }
  accounts = sub(data.accounts).map((a) => ({ ...a, grants: a.grants as RoleGrant[], disabled: !!a.disabled }))
})

const titleOf = (form: string, field: string) =>
  (scheme.defs.forms.forms.find((f) => f.id === form)!.schema as { properties: Record<string, { title: string }> }).properties[field]!.title

describe('officerProblems', () => {
  it.each(data.cases.map((c) => [c.name, c] as const))('%s', (_n, raw) => {
    const c = sub(raw)
    const problems = officerProblems(scheme, c.form, c.values, c.caseVillage, accounts, policy)
    expect(problems.map((p) => p.code)).toEqual(c.expect ? [c.expect] : [])
    if (c.formRefuses !== undefined) expect(scheme.validateForm(c.form, c.values).length > 0).toBe(c.formRefuses)
    if (!c.expect) return
    const p = problems[0]!
    expect(p.pointer).toBe('/form/officer')
    // the field by its form title; who may be chosen, by display name (never a login name)
    const title = titleOf(c.form, 'officer')
    const may = assignableOfficers(accounts, policy, scheme, (c.values.village as string | undefined) ?? c.caseVillage).map((o) => o.name)
    expect(may.length).toBeGreaterThan(0)
    for (const text of [p.message, String(p.params?.messageEn)]) {
      expect(text).toContain(title)
      for (const name of may) expect(text).toContain(name)
      for (const a of accounts) expect(text).not.toContain(a.username)
    }
    // English words around the data (titles and names)
    const en = String(p.params?.messageEn)
    const words = en
      .replaceAll(title, '')
      .replaceAll(String(c.values.officer), '')
      .replace(new RegExp(`${[...accounts.map((a) => a.displayName), ...Object.values(V)].join('|')}`, 'g'), '')
    expect(HAN.test(words), en).toBe(false)
  })

  it('a refusal is a 422 naming the field, in the language asked for', () => {
    const c = sub(data.cases.find((x) => x.expect === 'OUT_OF_JURISDICTION')!)
    let err: unknown
    try {
      checkOfficer(scheme, c.form, c.values, c.caseVillage, accounts, policy)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ServiceError)
    const zh = toBody(err, 'zh-CN')
    const en = toBody(err, 'en')
    expect(zh.status).toBe(422)
    expect(zh.body.code).toBe('INVALID_INPUT')
    expect(zh.body.fields?.[0]?.field).toBe('officer')
    expect(zh.body.message).toContain(titleOf(c.form, 'officer'))
    expect(en.body.message).toMatch(/does not serve/)
    expect(en.body.fields?.[0]?.message).toBe(en.body.message)
  })

  it('a form without an officer field is not checked', () => {
    const other = scheme.defs.forms.forms.find((f) => !Object.keys((f.schema as { properties?: object }).properties ?? {}).includes('officer'))!
    expect(officerProblems(scheme, other.id, { officer: 'nobody' }, V.$V1, accounts, policy)).toEqual([])
  })
})
