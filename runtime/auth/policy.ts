/**
 * The one policy table (role × action × jurisdiction). Roles and their permissions come from the
 * scheme's org definition; this table says which permission each action needs and whether the
 * jurisdiction of the role (all / own village / own unit) applies. The API, the workspace (which
 * hides what you may not do) and the designer all ask `can()` here.
 */
import type { OrgDefinition } from '../../engine'
import type { CaseSummary } from '../store'

export interface RoleGrant {
  role: string
  /** For village-scoped roles: the village (name, as cases record it) */
  village?: string
  /** For unit-scoped roles: the unit id */
  unit?: string
}

export interface Principal {
  username: string
  displayName: string
  grants: RoleGrant[]
}

/** action → the permission it needs; `case` actions are also checked against the case's jurisdiction. */
export const POLICY = {
  'case.list': { permission: 'case.read', jurisdiction: true },
  'case.read': { permission: 'case.read', jurisdiction: true },
  'case.register': { permission: 'case.register', jurisdiction: true },
  'case.event': { permission: null, jurisdiction: true }, // roles listed on the workflow event
  'case.pii': { permission: 'case.pii', jurisdiction: true },
  'case.link': { permission: 'case.handle', jurisdiction: true },
  'case.import': { permission: 'case.register', jurisdiction: false },
  'case.migrate': { permission: 'scheme.publish', jurisdiction: false },
  'reminder.read': { permission: 'case.read', jurisdiction: true },
  'report.read': { permission: 'report.read', jurisdiction: false },
  'assessment.enter': { permission: 'assessment.enter', jurisdiction: false },
  'scheme.read': { permission: null, jurisdiction: false },
  'scheme.edit': { permission: 'scheme.edit', jurisdiction: false },
  'scheme.publish': { permission: 'scheme.publish', jurisdiction: false },
  'account.manage': { permission: 'account.manage', jurisdiction: false },
  'audit.read': { permission: 'audit.read', jurisdiction: false },
  'scheduler.run': { permission: 'account.manage', jurisdiction: false },
  'duty.read': { permission: 'duty.read', jurisdiction: false },
  'duty.manage': { permission: 'duty.manage', jurisdiction: false },
  'duty.record': { permission: 'duty.record', jurisdiction: false },
} as const

export type Action = keyof typeof POLICY

export class Policy {
  private readonly roles: Map<string, { scope: 'all' | 'village' | 'unit'; permissions: Set<string> }>
  constructor(org: OrgDefinition) {
    this.roles = new Map(org.roles.map((r) => [r.id, { scope: r.scope, permissions: new Set(r.permissions) }]))
  }

  /** Grants of the principal that carry a permission (or any grant, for a null permission). */
  grantsFor(p: Principal, permission: string | null, roles?: string[]): RoleGrant[] {
    return p.grants.filter((g) => {
      const r = this.roles.get(g.role)
      if (!r) return false
      if (roles && !roles.includes(g.role) && !r.permissions.has('*')) return false
      return permission === null || r.permissions.has(permission) || r.permissions.has('*')
    })
  }

  roleIds(): string[] {
    return [...this.roles.keys()]
  }

  scopeOf(role: string): 'all' | 'village' | 'unit' {
    return this.roles.get(role)?.scope ?? 'unit'
  }

  /** May the principal do `action` at all (for some jurisdiction)? */
  can(p: Principal, action: Action, roles?: string[]): boolean {
    return this.grantsFor(p, POLICY[action].permission, roles).length > 0
  }

  /** May the principal do `action` on this case? */
  canOnCase(p: Principal, action: Action, c: Pick<CaseSummary, 'village' | 'units'>, roles?: string[]): boolean {
    return this.grantsFor(p, POLICY[action].permission, roles).some((g) => this.inJurisdiction(g, c))
  }

  inJurisdiction(g: RoleGrant, c: Pick<CaseSummary, 'village' | 'units'>): boolean {
    const scope = this.roles.get(g.role)?.scope ?? 'unit'
    if (scope === 'all') return true
    if (scope === 'village') return !!g.village && c.village === g.village
    return !!g.unit && (c.units ?? []).includes(g.unit)
  }

  /** A filter predicate over case summaries: the cases the principal may see for `action`. */
  caseFilter(p: Principal, action: Action = 'case.read'): (c: Pick<CaseSummary, 'village' | 'units'>) => boolean {
    const grants = this.grantsFor(p, POLICY[action].permission)
    if (grants.some((g) => this.roles.get(g.role)?.scope === 'all')) return () => true
    return (c) => grants.some((g) => this.inJurisdiction(g, c))
  }

  /** Everything the UI needs to hide what the user may not do. */
  describe(p: Principal): Record<string, boolean> {
    return Object.fromEntries((Object.keys(POLICY) as Action[]).map((a) => [a, this.can(p, a)]))
  }
}
