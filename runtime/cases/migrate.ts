/**
 * Moving chosen cases to another published version of their scheme. A dry run lists what would
 * change; a case whose current state the target workflow no longer has is refused, never moved.
 * Running clocks keep their dates (they were promised under the old rules); the listing shows
 * what the target's rules would decide now, so staff can re-route a case where that matters. The
 * one exception: a due date counted on a provisional calendar year (before the State Council
 * published it) is counted again on the target's calendar once that year is published there —
 * the date was promised as provisional.
 */
import { decide, decisionFacts, inspect, type CaseContext, type CompiledScheme } from '../../engine'
import type { Store, CaseRecord } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import type { Clock } from '../clock'
import { buildSummary } from './summary'

export interface MigrationItem {
  caseId: string
  number: string
  from: { version: string; hash: string }
  to: { version: string; hash: string }
  state: string
  status: 'migrate' | 'refused' | 'unchanged' | 'migrated'
  reason?: string
  /** Differences between the stored decision and what the target rules decide now */
  changes: Array<{ field: string; from: unknown; to: unknown }>
}

export async function migrateCases(
  deps: { store: Store; schemes: SchemeRegistry; clock: Clock },
  opts: { schemeId: string; to?: string; caseIds?: string[]; dryRun: boolean; actor: string },
): Promise<MigrationItem[]> {
  const target = await deps.schemes.find(opts.schemeId, opts.to ?? 'latest')
  const targetScheme = await deps.schemes.get(opts.schemeId, target.hash)
  const summaries = opts.caseIds?.length
    ? (await Promise.all(opts.caseIds.map(async (id) => (/^[A-Z]{2,8}-/.test(id) ? deps.store.getCaseByNumber(id) : deps.store.getCase(id))))).map((r, i) => {
        if (!r) throw new Error(`未找到案件 ${opts.caseIds![i]}`)
        return r.summary
      })
    : await deps.store.allSummaries({ schemeId: opts.schemeId })
  const out: MigrationItem[] = []
  for (const s of summaries) {
    const record = (await deps.store.getCase(s.id)) as CaseRecord
    const item: MigrationItem = {
      caseId: s.id, number: s.number, from: { version: s.schemeVersion, hash: record.schemeHash }, to: { version: target.version, hash: target.hash },
      state: s.state, status: 'migrate', changes: [],
    }
    if (s.schemeId !== opts.schemeId) {
      item.status = 'refused'
      item.reason = `案件属于方案 ${s.schemeId}`
    } else if (record.schemeHash === target.hash) {
      item.status = 'unchanged'
    } else {
      const machine = s.machine ?? 'case'
      if (!targetScheme.machineDefs.has(machine)) {
        item.status = 'refused'
        item.reason = `目标版本没有流程 "${machine}"`
      } else {
        const r = inspect(targetScheme, machine, record.snapshot)
        if (!r.ok) {
          item.status = 'refused'
          item.reason = `目标版本中没有状态 "${s.state}"，不能迁移 / the target has no state "${s.state}"`
        } else {
          const source = await deps.schemes.get(s.schemeId, record.schemeHash)
          const recounted = recountProvisional(source, targetScheme, r.result.context)
          for (const c of recounted.changes) item.changes.push(c)
          const ctx = recounted.context
          if (ctx.decision && Object.keys(ctx.facts).length) {
            const d = await decide(targetScheme, decisionFacts(targetScheme, ctx.facts))
            if (d.ok) {
              for (const f of ['outcome', 'group', 'clock', 'dueDate'] as const) {
                if (d.decision[f] !== ctx.decision[f]) item.changes.push({ field: f, from: ctx.decision[f], to: d.decision[f] })
              }
            } else item.changes.push({ field: 'decision', from: ctx.decision.outcome, to: d.problems.map((p) => p.message).join('；') })
          }
          if (!opts.dryRun) {
            const nowIso = deps.clock.now().toISOString()
            const summary = buildSummary(targetScheme, { ...s, machine, updatedAt: nowIso, version: s.version + 1, schemeHash: target.hash, ...(s.linked ? { linked: s.linked } : {}) }, r.result.state, r.result.done, ctx)
            const snapshot = recounted.changes.length ? { ...(record.snapshot as object), context: ctx } : record.snapshot
            await deps.store.updateCase({ summary, schemeHash: target.hash, snapshot }, s.version, [
              { at: nowIso, actor: opts.actor, caseId: s.id, schemeId: s.schemeId, action: 'migrate', changes: { from: item.from, to: item.to, decisionChanges: item.changes }, fromVersion: s.version, toVersion: s.version + 1 },
            ])
            item.status = 'migrated'
          }
        }
      }
    }
    out.push(item)
  }
  return out
}

/**
 * Running or paused clocks whose due date lies in a year the source calendar had as provisional
 * and the target has published: counted again from their start on the target calendar (with the
 * days paused so far). Everything else is left as it was.
 */
export function recountProvisional(source: CompiledScheme, target: CompiledScheme, ctx: CaseContext): { context: CaseContext; changes: MigrationItem['changes'] } {
  const changes: MigrationItem['changes'] = []
  const clocks = { ...ctx.clocks }
  for (const [id, c] of Object.entries(ctx.clocks ?? {})) {
    if (c.status === 'stopped' || c.unit !== 'workday') continue
    if (!source.calendar.isProvisional(c.dueDate) || target.calendar.isProvisional(c.dueDate)) continue
    if (!target.calendar.covers(c.startedOn)) continue
    const due = target.calendar.addDays(c.startedOn, c.days + c.pausedDays, c.unit)
    if (due === c.dueDate) continue
    changes.push({ field: `clocks.${id}.dueDate`, from: c.dueDate, to: due })
    clocks[id] = { ...c, dueDate: due }
  }
  if (!changes.length) return { context: ctx, changes }
  const decision = ctx.decision && ctx.decision.dueDate && changes.some((x) => x.from === ctx.decision!.dueDate)
    ? { ...ctx.decision, dueDate: changes.find((x) => x.from === ctx.decision!.dueDate)!.to as string }
    : ctx.decision
  return { context: { ...ctx, clocks, ...(decision ? { decision } : {}) }, changes }
}
