/**
 * The case service: the one way a case changes. Load the case and its pinned scheme version →
 * ajv validates the event's form → the engine decides and transitions → the store writes the case
 * and its audit entry atomically, refusing a stale version. Used by the HTTP API and the CLI.
 */
import { randomUUID } from 'node:crypto'
import { inspect, prepareEvent, restore, step as stepFrom, acceptedEvents, type CaseContext, type CompiledScheme, type Problem } from '../../engine'
import { StoreConflictError, type AuditEntry, type CaseFilter, type CaseRecord, type NoticeItem, type Page, type Store } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import { today, type Clock } from '../clock'
import { fieldProblem, ServiceError, notFound } from '../errors'
import { caseMsg as M } from './messages'
import { buildSummary, stateInfo } from './summary'
import { triageStart } from './carryover'

/** Tries of an event sent without expectedVersion that keeps losing the race to other writers. */
const SEND_ATTEMPTS = 10

export interface CaseView {
  id: string
  number: string
  version: number
  schemeId: string
  schemeVersion: string
  schemeHash: string
  machine: string
  state: string
  stateName: string
  stage: string
  status: string
  done: boolean
  /** Events the current state accepts, with their labels and forms */
  actions: Array<{ type: string; name: string; nameEn?: string; form?: string }>
  context: CaseContext
  summary: CaseRecord['summary']
  /** Set when the case cannot be read under its definitions (e.g. its state was removed) */
  error?: { code: string; message: string }
}

/** A case as it stands, for a check before an event is sent. */
export type CaseNow = Pick<CaseView, 'machine' | 'state' | 'done' | 'context' | 'summary' | 'schemeId'>

export interface SendInput {
  type: string
  form?: unknown
  expectedVersion?: number
  /** Why the received date differs from the submission's, when triaging an online or imported petition (kept in the audit) */
  reason?: string
}

export interface SendOptions {
  check?: (now: CaseNow, scheme: CompiledScheme) => void | Promise<void>
  loaded?: CaseRecord
}

/** How a case enters its workflow; the event is the one the machine's `entry` names for it. */
export type EntryKind = 'register' | 'submit' | 'import'

export interface CreateInput {
  /** The first event; when absent, the machine's `entry` event for `entry` (default register) */
  type?: string
  entry?: EntryKind
  form?: unknown
  machine?: string
}

export interface Actor {
  id: string
  name?: string
}

/** A change of a case: the event, its form and who sent it. */
export interface CaseChange {
  type: string
  form?: unknown
  by: string
}

/** Plans the notices a case change sends (runtime/channels/notifications.ts), before it is written. */
export type NoticePlanner = (before: CaseRecord['summary'] | null, after: CaseView, change: CaseChange) => Promise<NoticeItem[]>

export class CaseService {
  private readonly planners: NoticePlanner[] = []
  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds a planner of the notices a change sends: they are written with the case, in the same
   * commit. A planner's failure sends nothing and never refuses the change.
   */
  sendsNotices(planner: NoticePlanner): void {
    this.planners.push(planner)
  }

  private async notices(before: CaseRecord['summary'] | null, after: CaseView, change: CaseChange): Promise<NoticeItem[]> {
    const out: NoticeItem[] = []
    for (const plan of this.planners) {
      try {
        out.push(...(await plan(before, after, change)))
      } catch {
        // notifications are best effort
      }
    }
    return out
  }

  private async pinned(record: CaseRecord): Promise<CompiledScheme> {
    return this.schemes.get(record.summary.schemeId, record.schemeHash)
  }

  /** Register a new case on the scheme's newest version with its first event (e.g. REGISTER). */
  async create(schemeId: string, input: CreateInput, actor: Actor): Promise<CaseView> {
    const v = await this.schemes.latest(schemeId).catch(() => {
      throw notFound(M('scheme', { id: schemeId }))
    })
    const scheme = await this.schemes.get(schemeId, v.hash)
    const machine = input.machine ?? 'case'
    const def = scheme.machineDefs.get(machine)
    if (!def) throw new ServiceError('NOT_FOUND', M('noMachine', { machine }))
    const kind = input.entry ?? 'register'
    const type = input.type ?? def.entry?.[kind] ?? (kind === 'import' ? def.entry?.submit : undefined)
    if (!type) {
      throw new ServiceError(
        'INVALID_INPUT',
        M('noEntry', { machine, kind, what: M(kind === 'submit' ? 'submit' : kind === 'import' ? 'import' : 'register') }),
        [fieldProblem('REQUIRED', '/type', M('noEntryField', { machine, kind }))],
      )
    }
    const at = today(this.clock, scheme.manifest.timezone)
    const prepared = await prepareEvent(scheme, machine, null, { type, at, by: actor.id, form: input.form })
    if (!prepared.ok) throw invalid(prepared.problems)
    const initial = restore(scheme, machine, null)
    if (!initial.ok) throw stepError(initial.problems)
    const step = stepFrom(scheme, machine, initial.result, prepared.event)
    if (!step.ok) throw stepError(step.problems)
    const year = at.slice(0, 4)
    const prefix = scheme.manifest.caseNumberPrefix + (machine === 'case' ? '' : `-${machine.slice(0, 2).toUpperCase()}`)
    const seq = await this.store.nextSequence(`case-number:${prefix}:${year}`)
    const number = `${prefix}-${year}-${String(seq).padStart(6, '0')}`
    const nowIso = this.clock.now().toISOString()
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
    const view = this.view(record, scheme, step.result)
    await this.store.createCase(record, [audit], await this.notices(null, view, { type, form: input.form, by: actor.id }))
    return view
  }

  /** `loaded`: the case as the caller has just read it (the route's access check), instead of reading it again. */
  async get(idOrNumber: string, loaded?: CaseRecord): Promise<CaseView> {
    const record = loaded ?? (await this.load(idOrNumber))
    let scheme: CompiledScheme
    try {
      scheme = await this.pinned(record)
    } catch (e) {
      return this.brokenView(record, 'SCHEME_UNAVAILABLE', e instanceof Error ? e.message : String(e))
    }
    return this.view(record, scheme)
  }

  private async load(idOrNumber: string): Promise<CaseRecord> {
    const r = /^[A-Z]{2,8}-/.test(idOrNumber) ? await this.store.getCaseByNumber(idOrNumber) : await this.store.getCase(idOrNumber)
    if (!r) throw notFound(M('case', { id: idOrNumber }))
    return r
  }

  /**
   * Send an event to a case. A refusal changes nothing.
   * @param opts.check called with the case as it stands, before the event is prepared; throws (or
   *   rejects) to refuse: the server's judgement of who may do what (runtime/cases/actions.ts)
   * @param opts.loaded the case as the caller has just read it (the route's access check): the first
   *   attempt starts from it instead of reading it again
   */
  async send(idOrNumber: string, input: SendInput, actor: Actor, opts: SendOptions = {}): Promise<CaseView> {
    // Without expectedVersion the caller acts on the case as it stands: a write that lost the race
    // to another writer (any instance) is judged and prepared again on the newer version, a bounded
    // number of times, instead of being answered 409. With it, a stale copy is a conflict.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(attempt === 1 && opts.loaded ? opts.loaded : await this.load(idOrNumber), input, actor, opts.check)
      } catch (e) {
        if (!(e instanceof StoreConflictError)) throw e
        if (input.expectedVersion === undefined && attempt < SEND_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
          continue
        }
        throw new ServiceError('CONFLICT', M('changed', { version: e.actual }), [], { currentVersion: e.actual })
      }
    }
  }

  private async sendOnce(record: CaseRecord, input: SendInput, actor: Actor, check?: SendOptions['check']): Promise<CaseView> {
    const current = record.summary.version
    const scheme = await this.pinned(record)
    const machine = record.summary.machine ?? 'case'
    // restored once: the check, the event's preparation, the step and the view all read this
    const now = restore(scheme, machine, record.snapshot)
    if (!now.ok) throw new ServiceError('STATE_MISSING', now.problems[0]!.message, now.problems)
    // who may do it comes before whether their copy is current
    await check?.(
      { machine, state: now.result.state, done: now.result.done, context: now.result.context, summary: record.summary, schemeId: record.summary.schemeId },
      scheme,
    )
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) {
      throw new ServiceError('CONFLICT', M('changedSince', { version: current, expected: input.expectedVersion }), [], { currentVersion: current })
    }
    const receivedOn = receivedOnChange(scheme, machine, now.result.context, input)
    const at = today(this.clock, scheme.manifest.timezone)
    const prepared = await prepareEvent(scheme, machine, now.result.context, { type: input.type, at, by: actor.id, form: input.form })
    if (!prepared.ok) throw invalid(prepared.problems)
    const step = stepFrom(scheme, machine, now.result, prepared.event)
    if (!step.ok) throw stepError(step.problems)
    const nowIso = this.clock.now().toISOString()
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
        ...(receivedOn ? { receivedOn } : {}),
      },
      fromVersion: current,
      toVersion: current + 1,
    }
    // the step already holds the new state: the view is made from it, not restored again
    const view = this.view(next, scheme, step.result)
    const notices = await this.notices(record.summary, view, { type: input.type, form: input.form, by: actor.id })
    await this.store.updateCase(next, current, [audit], notices) // StoreConflictError: retried or answered by send()
    return view
  }

  async list(filter: CaseFilter, page: Page) {
    return this.store.listCases(filter, page)
  }

  async audit(idOrNumber: string): Promise<AuditEntry[]> {
    const record = await this.load(idOrNumber)
    return this.store.listAudit(record.summary.id)
  }

  /** The case as the workspace sees it; `known` is the machine's state when the caller already has it. */
  view(record: CaseRecord, scheme: CompiledScheme, known?: { state: string; done: boolean; context: CaseContext }): CaseView {
    const machine = record.summary.machine ?? 'case'
    const r = known ? { ok: true as const, result: known } : inspect(scheme, machine, record.snapshot)
    if (!r.ok) return this.brokenView(record, 'STATE_MISSING', r.problems[0]!.message)
    const def = scheme.machineDefs.get(machine)!
    const info = stateInfo(scheme, machine, r.result.state)
    const actions = r.result.done
      ? []
      : acceptedEvents(scheme, machine, r.result.state).map((type) => {
          const e = def.events[type]!
          const a: CaseView['actions'][number] = { type, name: e.name }
          if (e.nameEn) a.nameEn = e.nameEn
          if (e.form) a.form = e.form
          return a
        })
    return {
      id: record.summary.id,
      number: record.summary.number,
      version: record.summary.version,
      schemeId: record.summary.schemeId,
      schemeVersion: record.summary.schemeVersion,
      schemeHash: record.schemeHash,
      machine,
      state: r.result.state,
      stateName: info.name,
      stage: info.stage,
      status: record.summary.status,
      done: r.result.done,
      actions,
      context: r.result.context,
      summary: record.summary,
    }
  }

  private brokenView(record: CaseRecord, code: string, message: string): CaseView {
    return {
      id: record.summary.id,
      number: record.summary.number,
      version: record.summary.version,
      schemeId: record.summary.schemeId,
      schemeVersion: record.summary.schemeVersion,
      schemeHash: record.schemeHash,
      machine: record.summary.machine ?? 'case',
      state: record.summary.state,
      stateName: record.summary.stateName ?? record.summary.state,
      stage: record.summary.stage,
      status: 'error',
      done: false,
      actions: [],
      context: (record.snapshot as { context?: CaseContext })?.context ?? ({} as CaseContext),
      summary: record.summary,
      error: { code, message },
    }
  }
}

/**
 * Triage of an online or imported petition with a received date other than the submission's: the
 * change and its reason, for the audit. Without a reason it is refused, naming the reason field.
 */
function receivedOnChange(
  scheme: CompiledScheme,
  machine: string,
  ctx: CaseContext,
  input: SendInput,
): { submitted: string; set: string; reason: string } | undefined {
  const start = triageStart(scheme, machine, ctx)
  if (!start?.receivedOn || input.type !== start.event) return undefined
  const set = (input.form as Record<string, unknown> | undefined)?.[start.receivedOn.field]
  if (typeof set !== 'string' || set === start.receivedOn.value) return undefined
  const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
  if (!reason) {
    const message = `受理日期改为 ${set}，与提交日期 ${start.receivedOn.value} 不同：请填写改动理由 / the received date ${set} differs from the submission date ${start.receivedOn.value}: give a reason for the change`
    throw new ServiceError('INVALID_INPUT', message, [
      { code: 'RECEIVED_ON_REASON', pointer: '/reason', message, params: { set, submitted: start.receivedOn.value } },
    ])
  }
  return { submitted: start.receivedOn.value, set, reason }
}

function invalid(problems: Problem[]): ServiceError {
  const notFoundEvent = problems.find((p) => p.code === 'UNKNOWN_EVENT')
  if (notFoundEvent) return new ServiceError('UNKNOWN_EVENT', notFoundEvent.message, problems)
  return new ServiceError('INVALID_INPUT', M('invalid'), problems)
}

function stepError(problems: Problem[]): ServiceError {
  const p = problems[0]!
  const code = ['EVENT_NOT_ALLOWED', 'GUARD_REFUSED', 'STATE_MISSING'].includes(p.code)
    ? p.code
    : p.code === 'CALENDAR_NOT_COVERED'
      ? 'INVALID_INPUT'
      : 'TRANSITION_FAILED'
  return new ServiceError(code, p.message, problems)
}
