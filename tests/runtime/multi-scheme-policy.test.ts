/** The policy over several schemes' orgs, without HTTP: which grants apply where, and the order of a user's schemes. */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { Policy, grantForScheme, type Principal, type RoleGrant } from '../../runtime/auth/policy'
import type { OrgDefinition } from '../../engine'

let policy: Policy
beforeAll(async () => {
  const orgs: Record<string, OrgDefinition> = {}
  for (const id of ['galutu', 'wulan']) orgs[id] = (await loadSchemeDir(`definitions/${id}`)).scheme!.defs.org
  policy = new Policy(orgs, 'galutu')
})
const who = (grants: Principal['grants']): Principal => ({ username: 'x', displayName: 'x', grants })

describe('grants per scheme', () => {
  it.each<[RoleGrant, string, boolean]>([
    [{ role: 'town_officer' }, 'galutu', true],
    [{ role: 'town_officer' }, 'wulan', false],
    [{ role: 'town_officer', scheme: 'wulan' }, 'wulan', true],
    [{ role: 'town_officer', scheme: 'wulan' }, 'galutu', false],
    [{ role: 'town_officer', scheme: '*' }, 'wulan', true],
    // `*` with a village-scoped role never applies (the grant check refuses it too)
    [{ role: 'village_officer', scheme: '*', village: '乌兰社区' }, 'wulan', false],
  ])('%j applies in %s: %s', (g, scheme, want) => {
    expect(policy.appliesIn(g, scheme)).toBe(want)
    expect(grantForScheme(g, scheme, 'galutu')).toBe(want || g.scheme === '*')
  })

  it('orders a user’s schemes by their grants, the default first for `*`', () => {
    expect(policy.schemesOf(who([{ role: 'leader', scheme: 'wulan' }, { role: 'town_officer' }]))).toEqual(['wulan', 'galutu'])
    expect(policy.schemesOf(who([{ role: 'auditor', scheme: '*' }]))).toEqual(['galutu', 'wulan'])
    expect(policy.schemesOf(who([{ role: 'town_officer', scheme: 'gone' }]))).toEqual([])
  })

  it('checks a case in its own scheme: the same village name in another town is not the user’s', () => {
    const p = who([{ role: 'village_officer', village: '团结社区' }])
    expect(policy.canOnCase(p, 'case.read', { schemeId: 'galutu', village: '团结社区', units: [] })).toBe(true)
    expect(policy.canOnCase(p, 'case.read', { schemeId: 'wulan', village: '团结社区', units: [] })).toBe(false)
    expect(policy.caseScopes(p)).toEqual(new Map([['galutu', { villages: ['团结社区'], units: [] }]]))
  })

  it('keeps the scheme a role is looked up in: a role another scheme’s org lacks is not granted there', () => {
    const wulanOnly = policy.withScheme('wulan', {
      kind: 'org',
      levels: [],
      channels: [],
      units: [],
      groups: [],
      roles: [{ id: 'clerk', name: '文书', scope: 'all', permissions: ['case.read'] }],
      villages: [],
    } as unknown as OrgDefinition)
    expect(wulanOnly.checkGrant({ role: 'clerk', scheme: 'wulan' }, 0)).toEqual({ grant: { role: 'clerk', scheme: 'wulan' } })
    expect(wulanOnly.checkGrant({ role: 'clerk' }, 0)).toMatchObject({ problem: { code: 'UNKNOWN_ROLE', pointer: '/grants/0/role' } })
    expect(wulanOnly.checkGrant({ role: 'clerk', scheme: '*' }, 0)).toMatchObject({ problem: { code: 'UNKNOWN_ROLE' } })
  })
})
