/**
 * The one policy table (scheme × role × action × jurisdiction). A server may run several schemes
 * (one per town); each scheme has its own org definition with its own roles, villages and units.
 * A grant names the scheme it belongs to, and its role is looked up in THAT scheme's org:
 *
 * - `{ role, scheme: 'wulan' }` — the role in scheme `wulan` only;
 * - `{ role }` (no scheme) — the role in the server's DEFAULT scheme only, so accounts made before
 *   there were several schemes keep exactly what they had and gain nothing in a new town;
 * - `{ role, scheme: '*' }` — the role in every scheme, for roles whose scope is `all` there (a
 *   county-level administrator); never with a village or a unit, whose names differ per town.
 *
 * This table says which permission each action needs and whether the jurisdiction of the role
 * (all / own village / own unit) applies. The API, the workspace (which hides what you may not do)
 * and the designer all ask `can()` here.
 */
import { POLICY, type OrgDefinition } from '../../engine'
import type { CaseSummary } from '../store'
import type { Words } from '../errors'
import { authMsg as M } from './messages'

/** A grant problem in both languages (params.messageEn: the English, as fieldProblem makes it). */
const gp = (code: GrantProblem['code'], pointer: string, w: Words, params: Record<string, string> = {}): GrantProblem => ({
  code,
  pointer,
  message: w.zh,
  params: { ...params, messageEn: w.en },
})

/** The marker of a grant that applies in every scheme of the server (roles of scope `all` only). */
export const ALL_SCHEMES = '*'

export interface RoleGrant {
  role: string
  /** The scheme the grant belongs to; absent: the server's default scheme; `*`: every scheme */
  scheme?: string
  /** For village-scoped roles: the village (name, as cases record it) */
  village?: string
  /** For unit-scoped roles: the unit id */
  unit?: string
}

/**
 * Is a grant for this scheme (by its `scheme` field alone)? For code that lists people per scheme
 * (duty rosters, officer lists) without a Policy at hand; a `*` grant still needs its role to be
 * of scope `all` in that scheme's org, which `Policy.appliesIn` also checks.
 * @example grantForScheme({ role: 'town_officer' }, 'wulan', 'galutu') // false
 */
export function grantForScheme(g: Pick<RoleGrant, 'scheme'>, schemeId: string, defaultScheme: string): boolean {
  if (g.scheme === undefined) return schemeId === defaultScheme
  return g.scheme === ALL_SCHEMES || g.scheme === schemeId
}

export interface Principal {
  username: string
  displayName: string
  grants: RoleGrant[]
}

export { POLICY }

export type Action = keyof typeof POLICY

type Scope = 'all' | 'village' | 'unit'

/** One scheme's roles, villages and units, from its org definition. */
interface OrgTable {
  roles: Map<string, { scope: Scope; permissions: Set<string>; name: string }>
  /** village id or name → name (cases record the name) */
  villages: Map<string, string>
  units: Set<string>
}

function orgTable(org: OrgDefinition): OrgTable {
  const villages = new Map<string, string>()
  for (const v of org.villages ?? []) {
    villages.set(v.name, v.name)
    villages.set(v.id, v.name)
  }
  return {
    roles: new Map((org.roles ?? []).map((r) => [r.id, { scope: r.scope, permissions: new Set(r.permissions), name: r.name }])),
    villages,
    units: new Set((org.units ?? []).map((u) => u.id)),
  }
}

/** Where a grant problem is and what it is, for a `{code, pointer, message}` field error. */
export interface GrantProblem {
  code: 'UNKNOWN_SCHEME' | 'UNKNOWN_ROLE' | 'UNKNOWN_VILLAGE' | 'UNKNOWN_UNIT' | 'INVALID_GRANT' | 'REQUIRED'
  pointer: string
  message: string
  /** For codes of the engine's message table (UNKNOWN_UNIT: the unit id) */
  params?: Record<string, string>
}

/** What the cases a principal may see look like, per scheme: everything, or villages and units. */
export type CaseScope = 'all' | { villages: string[]; units: string[] }

export class Policy {
  private readonly orgs: Map<string, OrgTable>
  readonly defaultScheme: string

  /**
   * @param orgs the org definition of every scheme on the server, by scheme id (a single org is
   *   read as the default scheme's, for callers with one scheme)
   * @example new Policy({ galutu: galutuOrg, wulan: wulanOrg }, 'galutu')
   */
  constructor(orgs: Record<string, OrgDefinition> | OrgDefinition, defaultScheme = 'galutu') {
    this.defaultScheme = defaultScheme
    const byScheme: Record<string, OrgDefinition> = Array.isArray((orgs as OrgDefinition).roles)
      ? { [defaultScheme]: orgs as OrgDefinition }
      : (orgs as Record<string, OrgDefinition>)
    this.orgs = new Map(Object.entries(byScheme).map(([id, org]) => [id, orgTable(org)]))
  }

  /** The same policy with one scheme's org added or replaced (after a publish). */
  withScheme(schemeId: string, org: OrgDefinition): Policy {
    const p = Object.create(Policy.prototype) as Policy
    const orgs = new Map(this.orgs)
    orgs.set(schemeId, orgTable(org))
    Object.assign(p, { orgs, defaultScheme: this.defaultScheme })
    return p
  }

  schemeIds(): string[] {
    return [...this.orgs.keys()]
  }

  hasScheme(id: string): boolean {
    return this.orgs.has(id)
  }

  /** Does this grant apply in `scheme` (and with which role definition)? */
  private roleIn(g: RoleGrant, scheme: string): { scope: Scope; permissions: Set<string> } | undefined {
    const org = this.orgs.get(scheme)
    const r = org?.roles.get(g.role)
    if (!r || !grantForScheme(g, scheme, this.defaultScheme)) return undefined
    return g.scheme === ALL_SCHEMES && r.scope !== 'all' ? undefined : r
  }

  appliesIn(g: RoleGrant, scheme: string): boolean {
    return this.roleIn(g, scheme) !== undefined
  }

  /** Grants of the principal in `scheme` that carry a permission (or any grant, for a null permission). */
  grantsFor(p: Principal, permission: string | null, roles?: string[], scheme: string = this.defaultScheme): RoleGrant[] {
    return p.grants.filter((g) => {
      const r = this.roleIn(g, scheme)
      if (!r) return false
      if (roles && !roles.includes(g.role) && !r.permissions.has('*')) return false
      return permission === null || r.permissions.has(permission) || r.permissions.has('*')
    })
  }

  roleIds(scheme: string = this.defaultScheme): string[] {
    return [...(this.orgs.get(scheme)?.roles.keys() ?? [])]
  }

  scopeOf(role: string, scheme: string = this.defaultScheme): Scope {
    return this.orgs.get(scheme)?.roles.get(role)?.scope ?? 'unit'
  }

  /**
   * The schemes the principal works in (holds at least one grant that applies there), in the order
   * of their grants: the first is the one the workspace opens with.
   */
  schemesOf(p: Principal): string[] {
    const out: string[] = []
    const add = (id: string) => {
      if (!out.includes(id) && p.grants.some((g) => this.appliesIn(g, id))) out.push(id)
    }
    const all = [this.defaultScheme, ...[...this.orgs.keys()].filter((id) => id !== this.defaultScheme).sort()]
    for (const g of p.grants) {
      if (g.scheme === ALL_SCHEMES) all.forEach(add)
      else add(g.scheme ?? this.defaultScheme)
    }
    return out
  }

  /**
   * May the principal do `action` at all — in `scheme` when given, else in any scheme they work
   * in (for routes that are not about one scheme; the data they return is filtered per scheme).
   */
  can(p: Principal, action: Action, roles?: string[], scheme?: string): boolean {
    if (scheme !== undefined) return this.grantsFor(p, POLICY[action].permission, roles, scheme).length > 0
    return this.schemesOf(p).some((s) => this.grantsFor(p, POLICY[action].permission, roles, s).length > 0)
  }

  /** May the principal do `action` on this case (in the case's scheme and jurisdiction)? */
  canOnCase(p: Principal, action: Action, c: Pick<CaseSummary, 'village' | 'units'> & { schemeId?: string }, roles?: string[]): boolean {
    const scheme = c.schemeId ?? this.defaultScheme
    return this.grantsFor(p, POLICY[action].permission, roles, scheme).some((g) => this.inJurisdiction(g, c, scheme))
  }

  inJurisdiction(g: RoleGrant, c: Pick<CaseSummary, 'village' | 'units'> & { schemeId?: string }, scheme: string = c.schemeId ?? this.defaultScheme): boolean {
    const r = this.roleIn(g, scheme)
    if (!r) return false
    if (r.scope === 'all') return true
    if (r.scope === 'village') return !!g.village && c.village === g.village
    return !!g.unit && (c.units ?? []).includes(g.unit)
  }

  /** Per scheme the principal works in: the cases they may see for `permission` (all, or villages and units). */
  caseScopes(p: Principal, permission: string | null = 'case.read'): Map<string, CaseScope> {
    const out = new Map<string, CaseScope>()
    for (const s of this.schemesOf(p)) {
      const grants = this.grantsFor(p, permission, undefined, s)
      if (!grants.length) continue
      if (grants.some((g) => this.scopeOf(g.role, s) === 'all')) {
        out.set(s, 'all')
        continue
      }
      out.set(s, {
        villages: grants
          .filter((g) => this.scopeOf(g.role, s) === 'village')
          .map((g) => g.village)
          .filter((v): v is string => !!v),
        units: grants
          .filter((g) => this.scopeOf(g.role, s) === 'unit')
          .map((g) => g.unit)
          .filter((u): u is string => !!u),
      })
    }
    return out
  }

  /** A filter predicate over case summaries: the cases the principal may see for `action`. */
  caseFilter(p: Principal, action: Action = 'case.read'): (c: Pick<CaseSummary, 'village' | 'units'> & { schemeId?: string }) => boolean {
    return (c) => this.canOnCase(p, action, c)
  }

  /** Everything the UI needs to hide what the user may not do: in `scheme`, or in any scheme. */
  describe(p: Principal, scheme?: string): Record<string, boolean> {
    return Object.fromEntries((Object.keys(POLICY) as Action[]).map((a) => [a, this.can(p, a, undefined, scheme)]))
  }

  /**
   * Checks one grant against the org of its scheme: the scheme exists, the role exists there, the
   * village (name or id) and unit exist there, a village-scoped role names a village and a
   * unit-scoped role a unit (and neither names the other); `*` only for roles of scope `all` in every scheme.
   * Returns the grant as stored (a village id becomes its name, as cases record it) or a problem.
   */
  checkGrant(raw: unknown, i: number): { grant: RoleGrant } | { problem: GrantProblem } {
    const at = (k: string) => `/grants/${i}${k ? `/${k}` : ''}`
    const r = raw as Record<string, unknown> | null
    if (!r || typeof r !== 'object' || Array.isArray(r)) return { problem: gp('INVALID_GRANT', at(''), M.table.grantShape) }
    const extra = Object.keys(r).filter((k) => !['role', 'scheme', 'village', 'unit'].includes(k))
    if (extra.length) return { problem: gp('INVALID_GRANT', at(extra[0]!), M('grantUnknownField', { field: extra[0] })) }
    if (r.scheme !== undefined && (typeof r.scheme !== 'string' || !r.scheme)) return { problem: gp('UNKNOWN_SCHEME', at('scheme'), M('grantSchemeId')) }
    const scheme = r.scheme as string | undefined
    const role = typeof r.role === 'string' ? r.role : ''
    const village = typeof r.village === 'string' && r.village ? r.village : undefined
    const unit = typeof r.unit === 'string' && r.unit ? r.unit : undefined
    if (scheme === ALL_SCHEMES) {
      if (village || unit) return { problem: gp('INVALID_GRANT', at(village ? 'village' : 'unit'), M('grantAllScoped')) }
      const bad = [...this.orgs.entries()].filter(([, o]) => o.roles.get(role)?.scope !== 'all').map(([id]) => id)
      if (!this.orgs.size || bad.length) return { problem: gp('UNKNOWN_ROLE', at('role'), M('grantAllRole', { role, schemes: bad }), { id: role }) }
      return { grant: { role, scheme } }
    }
    const sid = scheme ?? this.defaultScheme
    const org = this.orgs.get(sid)
    if (!org) return { problem: gp('UNKNOWN_SCHEME', at('scheme'), M('grantUnknownScheme', { id: sid })) }
    const def = org.roles.get(role)
    if (!def) return { problem: gp('UNKNOWN_ROLE', at('role'), M('grantUnknownRole', { scheme: sid, role: String(r.role) }), { id: String(r.role) }) }
    // The role's scope (org.json roles[].scope) says which of village and unit it takes: exactly that one.
    const named = { name: def.name, role }
    if (def.scope === 'village' && village === undefined) return { problem: gp('REQUIRED', at('village'), M('grantNeedsVillage', named)) }
    if (def.scope === 'unit' && unit === undefined) return { problem: gp('REQUIRED', at('unit'), M('grantNeedsUnit', named)) }
    if (def.scope !== 'village' && village !== undefined) return { problem: gp('INVALID_GRANT', at('village'), M('grantNoVillage', named)) }
    if (def.scope !== 'unit' && unit !== undefined) return { problem: gp('INVALID_GRANT', at('unit'), M('grantNoUnit', named)) }
    const out: RoleGrant = { role }
    if (scheme !== undefined) out.scheme = scheme
    if (village !== undefined) {
      const name = org.villages.get(village)
      if (!name) return { problem: gp('UNKNOWN_VILLAGE', at('village'), M('grantUnknownVillage', { scheme: sid, village })) }
      out.village = name
    }
    if (unit !== undefined) {
      if (!org.units.has(unit)) return { problem: gp('UNKNOWN_UNIT', at('unit'), M('grantUnknownUnit', { scheme: sid, unit }), { id: unit }) }
      out.unit = unit
    }
    return { grant: out }
  }

  /** Every scheme a set of grants touches (`*`: all of them). */
  schemesTouched(grants: RoleGrant[]): string[] {
    const out = new Set<string>()
    for (const g of grants) {
      if (g.scheme === ALL_SCHEMES) this.schemeIds().forEach((s) => out.add(s))
      else out.add(g.scheme ?? this.defaultScheme)
    }
    return [...out]
  }
}
