/**
 * Complaints and reports about the service itself (附件2 八（一）: a suggestion box, a supervision
 * phone; every complaint recorded and answered within 15 working days). Each becomes a case of
 * the duty definition's complaint workflow — so its reply limit is a clock of the deadlines
 * definition, and the deadline scheduler reminds and urges it like any case. The public files
 * through a form without signing in (behind the proof-of-work challenge); staff register what
 * comes by box or phone, and an owner is assigned with the workflow's assign event.
 */
import { fieldRoles, type CompiledScheme, type DutyDefinition } from '../../engine'
import type { Store } from '../store'
import type { CaseService, CaseView } from '../cases/service'
import type { SchemeRegistry } from '../schemes/registry'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import { today, type Clock } from '../clock'
import type { Policy } from '../auth/policy'
import { checkOfficer, eventForm, type OfficerAccount } from '../cases/officer-check'

export interface ComplaintReceipt {
  number: string
  receivedOn: string
  /** Reply due by (the complaint clock's due date) */
  replyBy: string | null
  message: string
}

export function supervisionDef(scheme: CompiledScheme): NonNullable<DutyDefinition['supervision']> {
  const s = scheme.defs.duty?.supervision
  if (!s) throw new ServiceError('NOT_FOUND', M('noSupervision', { id: scheme.manifest.id }))
  return s
}

export class ComplaintService {
  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly cases: CaseService,
    private readonly clock: Clock,
    /** Every account, disabled ones too (the officer check names why one may not be chosen) */
    private readonly accounts: () => Promise<OfficerAccount[]>,
  ) {}

  private async scheme(schemeId: string): Promise<CompiledScheme> {
    const v = await this.schemes.latest(schemeId).catch(() => {
      throw new ServiceError('NOT_FOUND', M('noScheme', { id: schemeId }))
    })
    return this.schemes.get(schemeId, v.hash)
  }

  /** A complaint from the public page. Idempotent per submission id; the system fills the fixed fields and the date. */
  async submitPublic(schemeId: string, form: unknown, submissionId: unknown): Promise<ComplaintReceipt> {
    if (typeof submissionId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(submissionId)) {
      throw new ServiceError('INVALID_INPUT', M('noSubmissionId'), [fieldProblem('REQUIRED', '/submissionId', M('noSubmissionId'))])
    }
    const seenKey = `public-complaint/${schemeId}/${submissionId}`
    const seen = await this.store.getDoc<ComplaintReceipt>(seenKey)
    if (seen) return seen
    const scheme = await this.scheme(schemeId)
    const sup = supervisionDef(scheme)
    if (!sup.public) throw new ServiceError('NOT_FOUND', M('complaintsClosed'))
    if (!form || typeof form !== 'object' || Array.isArray(form))
      throw new ServiceError('INVALID_INPUT', M('formInvalid'), [fieldProblem('INVALID_INPUT', '/form', M('formObject'))])
    const f = { ...(form as Record<string, unknown>) }
    for (const k of [sup.public.dateField, ...Object.keys(sup.public.fixed ?? {})]) {
      if (k in f)
        throw new ServiceError('INVALID_INPUT', M('systemField', { field: k }), [fieldProblem('UNKNOWN_FIELD', `/form/${k}`, M('systemField', { field: k }))])
    }
    const receivedOn = today(this.clock, scheme.manifest.timezone)
    const view = await this.cases.create(
      schemeId,
      { machine: sup.machine, type: sup.registerEvent, form: { ...f, ...(sup.public.fixed ?? {}), [sup.public.dateField]: receivedOn } },
      { id: 'public' },
    )
    const replyBy = this.replyBy(view, sup)
    const receipt: ComplaintReceipt = {
      number: view.number,
      receivedOn,
      replyBy,
      message: `已收到您的意见（编号 ${view.number}），我们将${replyBy ? `于 ${replyBy} 前` : '按时'}处理并回复。`,
    }
    await this.store.putDoc(seenKey, receipt)
    return receipt
  }

  private replyBy(view: CaseView, sup: NonNullable<DutyDefinition['supervision']>): string | null {
    const clocks = view.summary.clocks ?? []
    return (sup.clock ? clocks.find((c) => c.clock === sup.clock) : clocks[0])?.dueDate ?? view.summary.dueDate ?? null
  }

  /**
   * Staff register a complaint (by box, phone, visit…), optionally with its owner: the owner is
   * checked before anything is written, by the rule the assign event's form gets on the events
   * route (an officer account serving the complaint's village, officer-check.ts).
   */
  async register(schemeId: string, body: unknown, actor: { id: string }, policy: Policy): Promise<CaseView> {
    const scheme = await this.scheme(schemeId)
    const sup = supervisionDef(scheme)
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>
    const extra = Object.keys(b).filter((k) => k !== 'form' && k !== 'owner')
    if (extra.length)
      throw new ServiceError(
        'INVALID_INPUT',
        M('unknownFields', { fields: extra }),
        extra.map((k) => fieldProblem('UNKNOWN_FIELD', `/${k}`, M('unknownField', { field: k }))),
      )
    const assign = b.owner === undefined ? undefined : await this.ownerForm(scheme, sup, b.form, b.owner, policy)
    const view = await this.cases.create(schemeId, { machine: sup.machine, type: sup.registerEvent, form: b.form }, actor)
    if (!assign) return view
    return this.cases.send(view.id, { type: sup.assignEvent!, form: assign, expectedVersion: view.version }, actor)
  }

  /**
   * The assign event's form naming `owner`, once the officer check passes — the check the events
   * route runs on ASSIGN_COMPLAINT (checkOfficer), with the village the registration form gives;
   * its problem is placed at /owner, the message unchanged.
   */
  private async ownerForm(
    scheme: CompiledScheme,
    sup: NonNullable<DutyDefinition['supervision']>,
    registerForm: unknown,
    owner: unknown,
    policy: Policy,
  ): Promise<Record<string, unknown>> {
    if (!sup.assignEvent) throw new ServiceError('INVALID_INPUT', M('noAssignEvent'), [fieldProblem('UNKNOWN_FIELD', '/owner', M('cannotAssign'))])
    if (typeof owner !== 'string' || !owner.trim()) {
      throw new ServiceError('INVALID_INPUT', M('ownerNotAccount', { owner: String(owner) }), [
        fieldProblem('UNKNOWN_ACCOUNT', '/owner', M('ownerMustBeAccount')),
      ])
    }
    const formId = eventForm(scheme, sup.machine, sup.assignEvent)
    // the assign form's field playing the officer role (validate requires one)
    const form = { [fieldRoles(scheme).form(formId).officer!]: owner }
    const villageField = fieldRoles(scheme).form(eventForm(scheme, sup.machine, sup.registerEvent)).village
    const given = villageField && registerForm && typeof registerForm === 'object' ? (registerForm as Record<string, unknown>)[villageField] : undefined
    try {
      checkOfficer(scheme, formId, form, typeof given === 'string' && given ? given : undefined, await this.accounts(), policy)
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e
      throw new ServiceError(
        e.code,
        e.words ?? e.message,
        e.problems.map((p) => ({ ...p, pointer: '/owner' })),
        e.details,
      )
    }
    return form
  }

  /** Complaints with owner, reply limit and status; `status` filters open, overdue or replied. */
  async list(schemeId: string, status?: string) {
    const scheme = await this.scheme(schemeId)
    const sup = supervisionDef(scheme)
    const t = today(this.clock, scheme.manifest.timezone)
    const rows = (await this.store.allSummaries({ schemeId, machine: sup.machine }))
      .filter((s) => (s.machine ?? 'case') === sup.machine)
      .map((s) => {
        const clock = (s.clocks ?? []).find((c) => c.clock === sup.clock) ?? (s.clocks ?? [])[0]
        const open = s.status === 'active'
        const replyBy = clock?.dueDate ?? s.dueDate
        return {
          id: s.id,
          number: s.number,
          state: s.state,
          stateName: s.stateName ?? s.state,
          receivedOn: s.receivedOn,
          owner: s.officer,
          replyBy,
          status: open ? (s.dueDate && s.dueDate < t ? 'overdue' : 'open') : 'replied',
          /** Working days from today to the reply limit (negative once past it); null when replied or not counted */
          workdaysLeft: open && replyBy ? workdaysLeft(scheme, t, replyBy) : null,
        }
      })
      .filter((r) => !status || r.status === status)
      .sort((a, b) => (a.receivedOn ?? '').localeCompare(b.receivedOn ?? '') || a.number.localeCompare(b.number))
    return { today: t, items: rows }
  }
}

function workdaysLeft(scheme: CompiledScheme, from: string, to: string): number | null {
  try {
    return scheme.calendar.workdaysBetween(from, to)
  } catch {
    return null // outside the calendar's years: no countdown rather than a guess
  }
}
