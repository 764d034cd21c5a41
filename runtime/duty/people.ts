/**
 * The people behind duties are the accounts (definitions hold roles, never names). This module
 * reads them through a small directory interface — `AccountService` satisfies it — and answers
 * who holds a role, who serves at a unit, and each person's office phone (a small store document
 * per user name, never part of the account itself).
 */
import type { OrgDefinition, Unit } from '../../engine'
import type { RoleGrant } from '../auth/policy'
import type { Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'

export interface Person {
  username: string
  displayName: string
  grants: RoleGrant[]
  disabled: boolean
}

/** What the duty services need of the accounts. `AccountService` satisfies it. */
export interface AccountDirectory {
  list(): Promise<Person[]>
}

const byUsername = (a: Person, b: Person) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)

/** Active accounts, in a stable order (by user name). */
export async function activePeople(dir: AccountDirectory): Promise<Person[]> {
  return (await dir.list()).filter((p) => !p.disabled).sort(byUsername)
}

/** Active holders of a role, stable order. */
export function holders(people: Person[], role: string): Person[] {
  return people.filter((p) => p.grants.some((g) => g.role === role))
}

/** The village (id and name) a grant's village value names; grants record the name, ids are accepted too. */
export function villageOf(org: OrgDefinition, value: string | undefined): { id: string; name: string } | null {
  if (!value) return null
  const v = org.villages.find((x) => x.name === value || x.id === value)
  return v ? { id: v.id, name: v.name } : null
}

/**
 * People serving at a unit in one of the roles: at a village point, holders of the role for that
 * village; elsewhere, holders of a role not scoped to a village, whose grant names this unit or no
 * unit at all.
 */
export function unitMembers(org: OrgDefinition, people: Person[], unit: Unit, roles: string[]): Array<{ person: Person; role: string }> {
  const scope = new Map(org.roles.map((r) => [r.id, r.scope]))
  const out: Array<{ person: Person; role: string }> = []
  for (const p of people) {
    const g = p.grants.find((gr) => {
      if (!roles.includes(gr.role)) return false
      if (unit.type === 'point') return !!unit.village && villageOf(org, gr.village)?.id === unit.village
      return scope.get(gr.role) !== 'village' && (!gr.unit || gr.unit === unit.id)
    })
    if (g) out.push({ person: p, role: g.role })
  }
  return out
}

const PHONE = /^[0-9][0-9\- ]{4,19}$/

/** Office phones, one small document per user name (`contacts/<username>`). */
export class ContactBook {
  constructor(private readonly store: Store) {}

  private key(username: string) {
    return `contacts/${username.toLowerCase()}`
  }

  async get(username: string): Promise<string | null> {
    return (await this.store.getDoc<{ officePhone: string | null }>(this.key(username)))?.officePhone ?? null
  }

  async phones(usernames: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    for (const u of usernames) {
      const p = await this.get(u)
      if (p) out.set(u, p)
    }
    return out
  }

  /**
   * Set (or clear, with null) a person's office phone. Only office numbers belong here.
   * @param schemeId the scheme whose notice board it was set for (the audit entry is about it)
   */
  async set(username: string, officePhone: unknown, by: string, nowIso: string, schemeId?: string): Promise<{ username: string; officePhone: string | null }> {
    if (officePhone !== null && (typeof officePhone !== 'string' || !PHONE.test(officePhone.trim()))) {
      throw new ServiceError('INVALID_INPUT', M('officePhone'), [fieldProblem('INVALID_INPUT', '/officePhone', M('officePhoneField'))])
    }
    const value = officePhone === null ? null : officePhone.trim()
    await this.store.putDoc(this.key(username), { username, officePhone: value })
    await this.store.appendAudit([
      { at: nowIso, actor: by, caseId: null, ...(schemeId ? { schemeId } : {}), action: 'duty.contact', changes: { username, officePhone: value } },
    ])
    return { username, officePhone: value }
  }
}
