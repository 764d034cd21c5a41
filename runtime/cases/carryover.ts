/**
 * Carry-over at triage (issue #18 §3): an online or imported petition waits in the workflow's
 * first state; triaging it is the machine's register event on that case, and its form (the 代办单)
 * starts from what the petitioner or the source already gave. The mapping is declared, not
 * written here: a value moves from the field playing a role in the submission's form to the field
 * playing the same role in the register form (engine/scheme/field-roles.ts). Fields without a role
 * do not move.
 *
 * The received date is one of those roles: it defaults to the submission's date (the due date
 * counts from it). Changing it at triage needs a reason, which the audit entry keeps.
 */
import { fieldRoles, type CaseContext, type CompiledScheme, type RoleId } from '../../engine'

export interface TriageStart {
  /** The event that triages the case (the machine's entry.register) */
  event: string
  /** Its form */
  form: string
  /** Starting values of that form, keyed by its field names */
  data: Record<string, unknown>
  /** The submission's received date and the register form's field for it (null when either is missing) */
  receivedOn: { field: string; value: string } | null
}

/** The register event when it triages a case that entered another way (public page, import); else undefined. */
export function triageEvent(scheme: CompiledScheme, machine: string, context: Pick<CaseContext, 'records'>, type?: string): string | undefined {
  const def = scheme.machineDefs.get(machine)
  const reg = def?.entry?.register
  if (!def || !reg || (type !== undefined && type !== reg)) return undefined
  const first = context.records[0]?.event
  return first !== undefined && first !== reg ? reg : undefined
}

/**
 * What the submission's forms hold, by role: each record of an event that carries facts, read
 * through its own form's roles (a later record wins).
 */
export function submittedRoles(scheme: CompiledScheme, machine: string, context: Pick<CaseContext, 'records'>): Partial<Record<RoleId, unknown>> {
  const def = scheme.machineDefs.get(machine)
  const roles = fieldRoles(scheme)
  const out: Partial<Record<RoleId, unknown>> = {}
  for (const r of context.records) {
    const ev = def && Object.prototype.hasOwnProperty.call(def.events, r.event) ? def.events[r.event] : undefined
    if (!ev?.facts || !ev.form || !r.form) continue
    for (const [role, field] of Object.entries(roles.form(ev.form)) as Array<[RoleId, string]>) {
      const v = r.form[field]
      if (v !== undefined && v !== null && v !== '') out[role] = v
    }
  }
  return out
}

/**
 * The register form's starting values for a case waiting for triage, or null when the case was not
 * submitted another way or the register event has no form.
 * @example triageStart(s, 'case', ctx)?.data // { petitionerName: '张三', phone: '139…', village: '…', summary: '…', channel: 'online', receivedOn: '2026-03-02', … }
 */
export function triageStart(scheme: CompiledScheme, machine: string, context: Pick<CaseContext, 'records'>): TriageStart | null {
  const event = triageEvent(scheme, machine, context)
  const form = event ? scheme.machineDefs.get(machine)?.events[event]?.form : undefined
  if (!event || !form) return null
  const target = fieldRoles(scheme).form(form)
  const given = submittedRoles(scheme, machine, context)
  const data: Record<string, unknown> = {}
  for (const [role, v] of Object.entries(given) as Array<[RoleId, unknown]>) {
    const field = target[role]
    if (field !== undefined) data[field] = v
  }
  const rf = target.receivedOn
  const rv = given.receivedOn
  return { event, form, data, receivedOn: rf !== undefined && typeof rv === 'string' ? { field: rf, value: rv } : null }
}
