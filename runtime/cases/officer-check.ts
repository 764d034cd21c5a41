/**
 * The officer a form names is checked on the server (issue #18 §4): the field playing the officer
 * role accepts only an active account holding one of the scheme's officer roles whose
 * jurisdiction covers the case's village — the same reading as the pick-list
 * (assignable.ts, GET /api/schemes/:id/officers). The value is the display name, as the pick-list
 * stores it; the login name is accepted too (the notifications read either). An empty value is
 * left to the form's own validation (required or not).
 */
import { fieldRoles, type CompiledScheme, type Problem } from '../../engine'
import type { Policy, RoleGrant } from '../auth/policy'
import { fieldProblem, registerMessages, ServiceError, type Words } from '../errors'
import { assignableOfficers, officerRoles } from './assignable'

export interface OfficerAccount {
  username: string
  displayName: string
  grants: RoleGrant[]
  disabled: boolean
}

const M = registerMessages('officers', {
  unknown: { zh: '{field}：“{value}”不是本系统的账号。{choose}', en: '{field}: "{value}" is not an account here. {choose}' },
  disabled: { zh: '{field}：“{value}”的账号已停用。{choose}', en: '{field}: the account of "{value}" is disabled. {choose}' },
  notOfficer: { zh: '{field}：“{value}”不持有代办员角色（{roles}）。{choose}', en: '{field}: "{value}" holds no officer role ({roles}). {choose}' },
  outside: { zh: '{field}：“{value}”不管辖{village}。{choose}', en: '{field}: "{value}" does not serve {village}. {choose}' },
  choose: { zh: '可选：{names}', en: 'Who may be chosen: {names}' },
  chooseMore: { zh: '可选（共 {count} 人）：{names}等，另有 {more} 人', en: 'Who may be chosen ({count} in all): {names} and {more} more' },
  none: {
    zh: '目前没有可选的代办员账号，请管理员先在账号管理中添加',
    en: 'No officer account may be chosen yet; an administrator adds one on the accounts page',
  },
  refused: {
    zh: '代办员须为本方案中管辖该嘎查村（社区）的在用代办员账号',
    en: 'The officer must be an active officer account serving the case’s village in this scheme',
  },
})

const SHOWN = 8

/** Whether `form` gives the officer field of `formId` a value: the only case the check has something to judge (and needs the accounts). */
export function namesOfficer(scheme: CompiledScheme, formId: string | undefined, form: unknown): boolean {
  const field = fieldRoles(scheme).form(formId).officer
  if (!field || !form || typeof form !== 'object' || Array.isArray(form)) return false
  const value = (form as Record<string, unknown>)[field]
  return typeof value === 'string' && value.trim() !== ''
}

/** The officer field of `formId` and the problem with the value `form` gives it, if any. */
export function officerProblems(
  scheme: CompiledScheme,
  formId: string | undefined,
  form: unknown,
  caseVillage: string | undefined,
  accounts: OfficerAccount[],
  policy: Policy,
  /**
   * People on duty today (login names), who may be named at registration although they hold no
   * officer role: the 今日值班 suggestion offers them as the officer who took the petition in.
   */
  onDuty: readonly string[] = [],
): Problem[] {
  if (!namesOfficer(scheme, formId, form)) return []
  const roles = fieldRoles(scheme).form(formId)
  const field = roles.officer!
  const data = form as Record<string, unknown>
  const value = data[field] as string
  const formVillage = roles.village ? data[roles.village] : undefined
  const village = typeof formVillage === 'string' && formVillage ? formVillage : caseVillage
  const schemeId = scheme.manifest.id
  const def = scheme.defs.forms.forms.find((f) => f.id === formId)
  const title = (def?.schema as { properties?: Record<string, { title?: string }> } | undefined)?.properties?.[field]?.title ?? field
  const choices = assignableOfficers(accounts, policy, scheme, village).map((o) => o.name)
  const choose: Words = !choices.length
    ? M('none')
    : choices.length > SHOWN
      ? M('chooseMore', { names: choices.slice(0, SHOWN), count: choices.length, more: choices.length - SHOWN })
      : M('choose', { names: choices })
  const named = accounts.filter((a) => a.displayName === value || a.username === value)
  if (choices.length && named.some((a) => choices.includes(a.displayName))) return []
  if (named.some((a) => !a.disabled && onDuty.includes(a.username))) return []
  const at = `/form/${field}`
  const params = { field: title, value, choose }
  if (!named.length) return [fieldProblem('UNKNOWN_ACCOUNT', at, M('unknown', params))]
  const active = named.filter((a) => !a.disabled)
  if (!active.length) return [fieldProblem('ACCOUNT_DISABLED', at, M('disabled', params))]
  const officer = new Set(officerRoles(scheme))
  const holding = active.filter((a) => a.grants.some((g) => officer.has(g.role) && policy.appliesIn(g, schemeId)))
  if (!holding.length) {
    const names = scheme.defs.org.roles.filter((r) => officer.has(r.id))
    return [
      fieldProblem('NOT_AN_OFFICER', at, {
        zh: M('notOfficer', { ...params, roles: names.map((r) => r.name) }).zh,
        en: M('notOfficer', { ...params, roles: names.map((r) => r.nameEn ?? r.name) }).en,
      }),
    ]
  }
  return [fieldProblem('OUT_OF_JURISDICTION', at, M('outside', { ...params, village: village ?? '' }))]
}

/** Throws INVALID_INPUT (422) naming the field when the form's officer may not be chosen. */
export function checkOfficer(...args: Parameters<typeof officerProblems>): void {
  const problems = officerProblems(...args)
  if (!problems.length) return
  const p = problems[0]!
  throw new ServiceError('INVALID_INPUT', { zh: p.message, en: String(p.params?.messageEn ?? M('refused').en) }, problems)
}

/** The form an event of `machine` carries (undefined for an event without one). */
export const eventForm = (scheme: CompiledScheme, machine: string, event: string | undefined): string | undefined =>
  event === undefined ? undefined : scheme.machineDefs.get(machine)?.events[event]?.form
