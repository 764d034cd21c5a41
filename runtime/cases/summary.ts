/** The listing fields of a case, derived from its scheme and machine context. */
import type { CaseContext, CompiledScheme } from '../../engine'
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
    .map((c) => ({ clock: c.clock, name: c.name, status: c.status, startedOn: c.startedOn, dueDate: c.dueDate, unit: c.unit }))
  const running = clocks.filter((c) => c.status === 'running').map((c) => c.dueDate).sort()
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
    village: str(ctx.facts.village),
    group: ctx.decision?.group ?? null,
    channel: str(ctx.facts.channel),
    category: str(ctx.facts.category),
    officer: ctx.officer?.name ?? null,
    petitionerName: str(ctx.facts.petitionerName) ?? str(ctx.facts.complainant),
    receivedOn: str(ctx.facts.receivedOn),
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
  if (base.linked?.length) s.linked = base.linked
  return s
}
