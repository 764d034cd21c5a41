/**
 * The listing fields of a case, derived from its scheme and machine context. The case's village,
 * channel, category, level, petitioner, received date (and the keys of its petitioner) are the
 * values of the fields its scheme declares for those roles (engine/scheme/field-roles.ts); the
 * summary names them by role, and so do the stores' columns and every report that reads summaries.
 * They are the facts as decided: where a rule decided a fact (a collective petition's level set to
 * the town level, issue #16), the summary has the decided value and `derived` says what was typed.
 */
import { decidedFacts, fieldRoles, rolesOf, type CaseContext, type CompiledScheme, type RoleValues } from '../../engine'
import { createHash } from 'node:crypto'
import type { CaseSummary } from '../store'

export function stateInfo(scheme: CompiledScheme, machine: string, state: string): { name: string; stage: string } {
  const info = scheme.machineDefs.get(machine)?.stateInfo ?? {}
  const parts = state.split('.')
  for (let i = parts.length; i > 0; i--) {
    const key = parts.slice(0, i).join('.')
    const hit = info[key]
    if (hit) return { name: hit.name, stage: hit.stage ?? parts[0]! }
  }
  return { name: state, stage: parts[0] ?? state }
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)

const h16 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16)

/** Keys that identify the petitioner across channels: ID number, phone, name + village (values by role). */
export function matchKeys(p: RoleValues): string[] {
  const keys: string[] = []
  if (typeof p.idNumber === 'string' && p.idNumber) keys.push('id:' + h16(p.idNumber.toUpperCase()))
  if (typeof p.phone === 'string' && p.phone) keys.push('ph:' + h16(p.phone.replace(/\D/g, '')))
  const name = str(p.petitionerName)
  const village = str(p.village)
  if (name && village) keys.push('nv:' + h16(`${name}|${village}`))
  return keys
}

export function buildSummary(
  scheme: CompiledScheme,
  base: { id: string; number: string; machine: string; createdAt: string; updatedAt: string; version: number; schemeHash: string; linked?: string[] },
  state: string,
  done: boolean,
  ctx: CaseContext,
): CaseSummary {
  const info = stateInfo(scheme, base.machine, state)
  const clocks = Object.values(ctx.clocks)
    .filter((c) => c.status !== 'stopped')
    .map((c) => ({
      clock: c.clock,
      name: c.name,
      status: c.status,
      startedOn: c.startedOn,
      dueDate: c.dueDate,
      unit: c.unit,
      ...(c.setOn ? { setOn: c.setOn } : {}),
    }))
  const running = clocks
    .filter((c) => c.status === 'running')
    .map((c) => c.dueDate)
    .sort()
  const r = rolesOf(decidedFacts(ctx.facts, ctx.decision), fieldRoles(scheme).facts(base.machine))
  const s: CaseSummary = {
    id: base.id,
    number: base.number,
    schemeId: scheme.manifest.id,
    schemeVersion: scheme.manifest.version,
    schemeHash: base.schemeHash,
    machine: base.machine,
    state,
    stateName: info.name,
    stage: info.stage,
    status: done ? 'done' : 'active',
    village: str(r.village),
    group: ctx.decision?.group ?? null,
    channel: str(r.channel),
    category: str(r.category),
    level: str(r.level),
    officer: ctx.officer?.name ?? null,
    petitionerName: str(r.petitionerName),
    receivedOn: str(r.receivedOn),
    dueDate: running[0] ?? null,
    units: [...new Set(ctx.dispatches.map((d) => d.unit))],
    outcome: ctx.decision?.outcome ?? null,
    concludedOn: ctx.outcome?.concludedOn ?? null,
    resolved: ctx.outcome?.resolved ?? null,
    satisfied: ctx.outcome?.satisfied ?? null,
    clocks,
    createdAt: base.createdAt,
    updatedAt: base.updatedAt,
    version: base.version,
  }
  const keys = matchKeys(r)
  if (keys.length) s.matchKeys = keys
  if (base.linked?.length) s.linked = base.linked
  const derived = ctx.decision?.derived
  if (derived?.length) s.derived = derived.map((d) => ({ field: d.field, role: d.role, typed: d.typed, value: d.value, rule: d.rule, ruleName: d.ruleName }))
  return s
}
