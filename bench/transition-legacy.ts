/**
 * The case service's transition path as it was before the pure-step change (git 095ecb6), kept
 * callable so bench/transition.ts measures both in the same run: every request creates, starts
 * and stops XState actors — one to read the case (inspect), one to transition it — and `create`
 * one more for the initial snapshot; the notices are appended after the case is written, a commit
 * of their own (before they went into the case's commit). Same store, scheme, notice planners and
 * records as the service.
 * Bench-only; the triage received-date check is left out (the bench's events never trigger it).
 */
import { randomUUID } from 'node:crypto'
import { createActor, type AnyStateMachine, type Snapshot } from 'xstate'
import { prepareEvent, type CaseContext, type CaseEvent, type CompiledScheme, type Problem, type Step } from '../engine/index'
import { stateToPath, acceptedEvents } from '../engine/workflow/transition'
import { StoreConflictError, type AuditEntry, type CaseRecord, type NoticeItem } from '../runtime/store/index'
import { CaseService, type Actor, type CaseView, type CreateInput, type SendInput } from '../runtime/cases/service'
import { ServiceError, notFound } from '../runtime/cases/errors'
import { buildSummary } from '../runtime/cases/summary'
import { today } from '../runtime/clock'

function actorFor(machine: AnyStateMachine, persisted: unknown) {
  let error: unknown = null
  const actor = persisted === null ? createActor(machine) : createActor(machine, { snapshot: persisted as Snapshot<unknown> })
  actor.subscribe({
    error: (e) => {
      error = e
    },
  })
  actor.start()
  return {
    actor,
    error: () =>
      error ?? ((actor.getSnapshot() as { status: string }).status === 'error' ? ((actor.getSnapshot() as { error?: unknown }).error ?? 'error') : null),
  }
}

const fail = (code: string, detail: unknown): { ok: false; problems: Problem[] } => ({
  ok: false,
  problems: [{ code, pointer: '/state', message: String(detail) }],
})

export function legacyInitialSnapshot(scheme: CompiledScheme, machineId: string): unknown {
  const { actor } = actorFor(scheme.machine(machineId), null)
  const snap = actor.getPersistedSnapshot()
  actor.stop()
  return snap
}

export function legacyInspect(scheme: CompiledScheme, machineId: string, persisted: unknown): Step {
  try {
    const { actor, error } = actorFor(scheme.machine(machineId), persisted)
    try {
      if (error()) return fail('STATE_MISSING', error())
      const s = actor.getSnapshot()
      return { ok: true, result: { snapshot: persisted, state: stateToPath(s.value), context: s.context as CaseContext, done: s.status === 'done' } }
    } finally {
      actor.stop()
    }
  } catch (e) {
    return fail('STATE_MISSING', e)
  }
}

export function legacyTransition(scheme: CompiledScheme, machineId: string, persisted: unknown, event: CaseEvent): Step {
  let restored: ReturnType<typeof actorFor>
  try {
    restored = actorFor(scheme.machine(machineId), persisted ?? null)
  } catch (e) {
    return fail('STATE_MISSING', e)
  }
  const { actor } = restored
  try {
    if (restored.error()) return fail('STATE_MISSING', restored.error())
    const before = actor.getSnapshot()
    const statePath = stateToPath(before.value)
    if (before.status === 'done' || !before.can(event))
      return fail(acceptedEvents(scheme, machineId, statePath).includes(event.type) ? 'GUARD_REFUSED' : 'EVENT_NOT_ALLOWED', event.type)
    actor.send(event)
    const err = restored.error()
    if (err) return fail('TRANSITION_FAILED', err)
    const after = actor.getSnapshot()
    return {
      ok: true,
      result: { snapshot: actor.getPersistedSnapshot(), state: stateToPath(after.value), context: after.context as CaseContext, done: after.status === 'done' },
    }
  } finally {
    actor.stop()
  }
}

const refuse = (problems: Problem[]) => new ServiceError('INVALID_INPUT', problems[0]?.message ?? 'refused', problems)

/** CaseService with the old create/send: the same store, schemes, clock and change listeners. */
export class LegacyCaseService extends CaseService {
  static of(svc: CaseService): LegacyCaseService {
    const l = new LegacyCaseService(svc['store'], svc['schemes'], svc['clock'])
    for (const f of svc['planners']) l.sendsNotices(f)
    return l
  }

  override async create(schemeId: string, input: CreateInput, actor: Actor): Promise<CaseView> {
    const v = await this['schemes'].latest(schemeId)
    const scheme = await this['schemes'].get(schemeId, v.hash)
    const machine = input.machine ?? 'case'
    const type = input.type!
    const at = today(this['clock'], scheme.manifest.timezone)
    const prepared = await prepareEvent(scheme, machine, null, { type, at, by: actor.id, form: input.form })
    if (!prepared.ok) throw refuse(prepared.problems)
    const step = legacyTransition(scheme, machine, legacyInitialSnapshot(scheme, machine), prepared.event)
    if (!step.ok) throw refuse(step.problems)
    const year = at.slice(0, 4)
    const prefix = scheme.manifest.caseNumberPrefix
    const seq = await this['store'].nextSequence(`case-number:${prefix}:${year}`)
    const number = `${prefix}-${year}-${String(seq).padStart(6, '0')}`
    const nowIso = this['clock'].now().toISOString()
    const id = randomUUID()
    const summary = buildSummary(
      scheme,
      { id, number, machine, createdAt: nowIso, updatedAt: nowIso, version: 1, schemeHash: v.hash },
      step.result.state,
      step.result.done,
      step.result.context,
    )
    const record: CaseRecord = { summary, schemeHash: v.hash, snapshot: step.result.snapshot }
    const audit: AuditEntry = {
      at: nowIso,
      actor: actor.id,
      caseId: id,
      schemeId,
      action: 'create',
      event: type,
      changes: {
        state: step.result.state,
        form: input.form,
        decision: prepared.event.decision
          ? { outcome: prepared.event.decision.outcome, group: prepared.event.decision.group, dueDate: prepared.event.decision.dueDate }
          : undefined,
      },
      toVersion: 1,
    }
    await this['store'].createCase(record, [audit])
    const view = this.view(record, scheme, step.result)
    await this.tell(await this['notices'](null, view, { type, form: input.form, by: actor.id }))
    return view
  }

  override async send(idOrNumber: string, input: SendInput, actor: Actor): Promise<CaseView> {
    const record = await this['store'].getCase(idOrNumber)
    if (!record) throw notFound(idOrNumber)
    const current = record.summary.version
    const scheme = await this['schemes'].get(record.summary.schemeId, record.schemeHash)
    const machine = record.summary.machine ?? 'case'
    const now = legacyInspect(scheme, machine, record.snapshot)
    if (!now.ok) throw refuse(now.problems)
    const at = today(this['clock'], scheme.manifest.timezone)
    const prepared = await prepareEvent(scheme, machine, now.result.context, { type: input.type, at, by: actor.id, form: input.form })
    if (!prepared.ok) throw refuse(prepared.problems)
    const step = legacyTransition(scheme, machine, record.snapshot, prepared.event)
    if (!step.ok) throw refuse(step.problems)
    const nowIso = this['clock'].now().toISOString()
    const summary = buildSummary(
      scheme,
      { ...record.summary, machine, updatedAt: nowIso, version: current + 1, schemeHash: record.schemeHash },
      step.result.state,
      step.result.done,
      step.result.context,
    )
    const next: CaseRecord = { summary, schemeHash: record.schemeHash, snapshot: step.result.snapshot }
    const audit: AuditEntry = {
      at: nowIso,
      actor: actor.id,
      caseId: record.summary.id,
      schemeId: record.summary.schemeId,
      action: 'event',
      event: input.type,
      changes: {
        from: now.result.state,
        to: step.result.state,
        form: input.form,
        decision: prepared.event.decision
          ? { outcome: prepared.event.decision.outcome, group: prepared.event.decision.group, dueDate: prepared.event.decision.dueDate }
          : undefined,
        dueDate: summary.dueDate,
      },
      fromVersion: current,
      toVersion: current + 1,
    }
    try {
      await this['store'].updateCase(next, current, [audit])
    } catch (e) {
      if (e instanceof StoreConflictError) throw new ServiceError('CONFLICT', 'conflict')
      throw e
    }
    const view = this.view(next, scheme, step.result)
    await this.tell(await this['notices'](record.summary, view, { type: input.type, form: input.form, by: actor.id }))
    return view
  }

  /** Notices as they were sent then: appended after the case was written, a commit of their own. */
  private async tell(notices: NoticeItem[]): Promise<void> {
    if (notices.length) await this['store'].appendNotifications(notices)
  }
}
