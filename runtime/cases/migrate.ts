/**
 * Moving chosen cases to another published version of their scheme. A dry run lists what would
 * change; a case whose current state the target workflow no longer has is refused, never moved.
 * Running clocks keep their dates (they were promised under the old rules); the listing shows
 * what the target's rules would decide now, so staff can re-route a case where that matters. The
 * one exception: a due date counted on a provisional calendar year (before the State Council
 * published it) is counted again on the target's calendar once that year is published there —
 * the date was promised as provisional.
 *
 * A recount (`recount: 'all'`, the designer's step after publishing) is the administrator's
 * explicit choice to count the running clocks again under the target's time limits and calendar:
 * each clock's due date from its start with the target's days and unit (the days paused so far
 * kept). `recountCases` lists the running cases a recount would change and recounts chosen ones.
 */
import { decide, decisionFacts, inspect, type CaseContext, type ClockState, type CompiledScheme } from '../../engine'
import type { Store, CaseRecord, CaseSummary } from '../store'
import type { SchemeRegistry, PublishedVersion } from '../schemes/registry'
import type { Clock } from '../clock'
import { buildSummary } from './summary'
import { fieldProblem, ServiceError } from '../errors'
import { caseMsg as M } from './messages'

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
  /** The case's village (as its summary has it) */
  village?: string | null
  /** The case's due date (its earliest running clock) before and after; absent when refused */
  dueDate?: { from: string | null; to: string | null }
}

/** Which running clocks a migration counts again: those on a provisional year (default), or all of them. */
export type RecountMode = 'provisional' | 'all'

export async function migrateCases(
  deps: { store: Store; schemes: SchemeRegistry; clock: Clock },
  opts: { schemeId: string; to?: string; caseIds?: string[]; dryRun: boolean; actor: string; recount?: RecountMode },
): Promise<MigrationItem[]> {
  const mode: RecountMode = opts.recount ?? 'provisional'
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
      caseId: s.id,
      number: s.number,
      from: { version: s.schemeVersion, hash: record.schemeHash },
      to: { version: target.version, hash: target.hash },
      state: s.state,
      status: 'migrate',
      changes: [],
      village: s.village,
    }
    if (s.schemeId !== opts.schemeId) {
      item.status = 'refused'
      item.reason = `案件属于方案 ${s.schemeId} / the case belongs to scheme ${s.schemeId}`
    } else if (record.schemeHash === target.hash && mode === 'provisional') {
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
          let recounted: ReturnType<typeof recountProvisional>
          try {
            recounted = mode === 'all' ? recountAll(targetScheme, r.result.context) : recountProvisional(source, targetScheme, r.result.context)
          } catch (e) {
            // a due date past the target calendar's end (CalendarError): the case cannot be recounted
            item.status = 'refused'
            item.reason = e instanceof Error ? e.message : String(e)
            out.push(item)
            continue
          }
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
          const nowIso = deps.clock.now().toISOString()
          const summary = buildSummary(
            targetScheme,
            { ...s, machine, updatedAt: nowIso, version: s.version + 1, schemeHash: target.hash, ...(s.linked ? { linked: s.linked } : {}) },
            r.result.state,
            r.result.done,
            ctx,
          )
          item.dueDate = { from: s.dueDate, to: summary.dueDate }
          if (record.schemeHash === target.hash && !recounted.changes.length) item.status = 'unchanged'
          else if (!opts.dryRun) {
            const snapshot = recounted.changes.length ? { ...(record.snapshot as object), context: ctx } : record.snapshot
            const action = mode === 'all' ? 'recount' : 'migrate'
            await deps.store.updateCase({ summary, schemeHash: target.hash, snapshot }, s.version, [
              {
                at: nowIso,
                actor: opts.actor,
                caseId: s.id,
                schemeId: s.schemeId,
                action,
                changes: { from: item.from, to: item.to, decisionChanges: item.changes },
                fromVersion: s.version,
                toVersion: s.version + 1,
              },
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
export function recountProvisional(
  source: CompiledScheme,
  target: CompiledScheme,
  ctx: CaseContext,
): { context: CaseContext; changes: MigrationItem['changes'] } {
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
  const decision =
    ctx.decision && ctx.decision.dueDate && changes.some((x) => x.from === ctx.decision!.dueDate)
      ? { ...ctx.decision, dueDate: changes.find((x) => x.from === ctx.decision!.dueDate)!.to as string }
      : ctx.decision
  return { context: { ...ctx, clocks, ...(decision ? { decision } : {}) }, changes }
}

/** Days paused so far in `unit`: the clock's own count when the unit is the same, else its closed pauses counted again. */
function pausedIn(target: CompiledScheme, c: ClockState, unit: ClockState['unit']): number {
  if (unit === c.unit) return c.pausedDays
  let n = 0
  for (const p of c.pauses) {
    if (!p.to) continue
    n +=
      unit === 'workday'
        ? Math.max(0, target.calendar.workdaysBetween(p.from, p.to))
        : Math.max(0, Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000))
  }
  return n
}

/**
 * Every running or paused clock counted again from its start under the target's definition of it
 * (days, unit, name) and the target's calendar, the days paused so far kept. A clock the target
 * no longer defines keeps its date. Throws CalendarError when a date leaves the target calendar.
 */
export function recountAll(target: CompiledScheme, ctx: CaseContext): { context: CaseContext; changes: MigrationItem['changes'] } {
  const changes: MigrationItem['changes'] = []
  const clocks = { ...ctx.clocks }
  for (const [id, c] of Object.entries(ctx.clocks ?? {})) {
    const def = target.clocks.get(id)
    if (c.status === 'stopped' || !def) continue
    const paused = pausedIn(target, c, def.unit)
    const due = target.calendar.addDays(c.startedOn, def.days + paused, def.unit)
    if (due === c.dueDate && def.days === c.days && def.unit === c.unit) continue
    if (def.days !== c.days) changes.push({ field: `clocks.${id}.days`, from: c.days, to: def.days })
    if (def.unit !== c.unit) changes.push({ field: `clocks.${id}.unit`, from: c.unit, to: def.unit })
    if (due !== c.dueDate) changes.push({ field: `clocks.${id}.dueDate`, from: c.dueDate, to: due })
    clocks[id] = { ...c, name: def.name, days: def.days, unit: def.unit, pausedDays: paused, dueDate: due }
  }
  if (!changes.length) return { context: ctx, changes }
  const moved = ctx.decision?.clock ? clocks[ctx.decision.clock] : undefined
  const decision = ctx.decision && moved && ctx.decision.dueDate !== moved.dueDate ? { ...ctx.decision, dueDate: moved.dueDate } : ctx.decision
  return { context: { ...ctx, clocks, ...(decision ? { decision } : {}) }, changes }
}

/** One running case a recount onto the latest version changes (or changed). */
export interface RecountItem {
  caseId: string
  number: string
  village: string | null
  /** The version the case is on now (before a recount) */
  from: { version: string; hash: string }
  status: 'recount' | 'recounted' | 'unchanged' | 'refused'
  reason?: string
  /** The case's due date (its earliest running clock), before → after */
  dueDate: { from: string | null; to: string | null }
  /** Each clock whose due date moves: its name in the target, old → new due, and days when they changed */
  clocks: Array<{ clock: string; name: string; from: string; to: string; days?: { from: number; to: number } }>
}

export interface RecountOutcome {
  /** The published version the cases are (or would be) recounted onto: the scheme's latest */
  version: { version: string; hash: string; seq: number }
  items: RecountItem[]
}

function recountItem(m: MigrationItem, target: CompiledScheme): RecountItem {
  const field = (f: string) => /^clocks\.(.+)\.(dueDate|days)$/.exec(f)
  const byClock = new Map<string, RecountItem['clocks'][number]>()
  for (const c of m.changes) {
    const hit = field(c.field)
    if (!hit) continue
    const id = hit[1]!
    const e = byClock.get(id) ?? { clock: id, name: target.clocks.get(id)?.name ?? id, from: '', to: '' }
    if (hit[2] === 'dueDate') Object.assign(e, { from: String(c.from), to: String(c.to) })
    else e.days = { from: Number(c.from), to: Number(c.to) }
    byClock.set(id, e)
  }
  const status = m.status === 'migrated' ? 'recounted' : m.status === 'migrate' ? 'recount' : m.status
  const out: RecountItem = {
    caseId: m.caseId,
    number: m.number,
    village: m.village ?? null,
    from: m.from,
    status,
    dueDate: m.dueDate ?? { from: null, to: null },
    clocks: [...byClock.values()].filter((c) => c.from && c.from !== c.to),
  }
  if (m.reason) out.reason = m.reason
  return out
}

/**
 * The designer's recount after publishing. Without `caseIds`: the running cases of the scheme
 * whose due dates a recount onto the latest version would move (nothing written). With them:
 * those cases moved onto the latest version and recounted (audited per case as `recount`); a case
 * already recounted is `unchanged`, so a repeated request changes nothing. `expectHash` refuses
 * (409) when another version was published since the list the user chose from.
 */
export async function recountCases(
  deps: { store: Store; schemes: SchemeRegistry; clock: Clock },
  opts: { schemeId: string; caseIds?: string[]; expectHash?: string; actor: string },
): Promise<RecountOutcome> {
  let latest: PublishedVersion
  try {
    latest = await deps.schemes.latest(opts.schemeId)
  } catch {
    throw new ServiceError('NOT_FOUND', `未找到方案 "${opts.schemeId}" / scheme not found`)
  }
  if (opts.expectHash !== undefined && opts.expectHash !== latest.hash) {
    throw new ServiceError(
      'CONFLICT',
      `方案已发布了新版本 ${latest.version}，请刷新列表后再重算 / a newer version (${latest.version}) was published: refresh the list first`,
      [fieldProblem('STALE_VERSION', '/version', M('staleVersion', { version: latest.version }))],
    )
  }
  const target = await deps.schemes.get(opts.schemeId, latest.hash)
  const version = { version: latest.version, hash: latest.hash, seq: latest.seq }
  let ids: string[]
  if (opts.caseIds) {
    ids = []
    for (const [i, ref] of opts.caseIds.entries()) {
      const r = /^[A-Z]{2,8}-/.test(ref) ? await deps.store.getCaseByNumber(ref) : await deps.store.getCase(ref)
      if (!r || r.summary.schemeId !== opts.schemeId) {
        throw new ServiceError('INVALID_INPUT', `方案 ${opts.schemeId} 中没有案件 ${ref} / no case ${ref} in scheme ${opts.schemeId}`, [
          fieldProblem('UNKNOWN_CASE', `/cases/${i}`, M('noCaseField', { ref })),
        ])
      }
      ids.push(r.summary.id)
    }
  } else {
    ids = (await deps.store.allSummaries({ schemeId: opts.schemeId })).filter(running).map((s) => s.id)
  }
  const items = ids.length
    ? await migrateCases(deps, { schemeId: opts.schemeId, to: latest.hash, caseIds: ids, dryRun: !opts.caseIds, actor: opts.actor, recount: 'all' })
    : []
  const out = items.map((m) => recountItem(m, target))
  // the list: only what a recount would change (or could not do)
  return { version, items: opts.caseIds ? out : out.filter((x) => x.status === 'refused' || x.clocks.length > 0) }
}

const running = (s: CaseSummary) => s.status === 'active' && (s.clocks ?? []).some((c) => c.status !== 'stopped')
