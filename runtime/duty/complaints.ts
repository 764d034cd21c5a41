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
import type { Person } from './people'

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
    private readonly people: (schemeId: string) => Promise<Person[]>,
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

  /** Staff register a complaint (by box, phone, visit…), optionally with its owner. */
  async register(schemeId: string, body: unknown, actor: { id: string }): Promise<CaseView> {
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
    if (b.owner !== undefined) await this.checkOwner(schemeId, sup, b.owner)
    const view = await this.cases.create(schemeId, { machine: sup.machine, type: sup.registerEvent, form: b.form }, actor)
    if (b.owner === undefined) return view
    // the assign form's field playing the officer role (validate requires one)
    const officerField = fieldRoles(scheme).form(scheme.machineDefs.get(sup.machine)?.events[sup.assignEvent!]?.form).officer!
    return this.cases.send(view.id, { type: sup.assignEvent!, form: { [officerField]: b.owner }, expectedVersion: view.version }, actor)
  }

  private async checkOwner(schemeId: string, sup: NonNullable<DutyDefinition['supervision']>, owner: unknown): Promise<void> {
    if (!sup.assignEvent) throw new ServiceError('INVALID_INPUT', M('noAssignEvent'), [fieldProblem('UNKNOWN_FIELD', '/owner', M('cannotAssign'))])
    if (typeof owner !== 'string' || !(await this.people(schemeId)).some((p) => p.username === owner)) {
      throw new ServiceError('INVALID_INPUT', M('ownerNotAccount', { owner: String(owner) }), [
        fieldProblem('UNKNOWN_ACCOUNT', '/owner', M('ownerMustBeAccount')),
      ])
    }
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
