/**
 * The public side: online petitions (网上办) and status lookup by tracking code plus the phone's
 * last four digits. Citizens see their own case's stage, the unit handling it, the due date with a
 * working-day countdown, and the result and follow-up once concluded — never officers' notes,
 * other people's data, or anything from another case. A wrong code, a wrong phone suffix and a
 * code of another case are answered the same way.
 *
 * The fields read and filled here are named by role (engine/scheme/field-roles.ts): the channel,
 * received date and source id the system fills, the petitioner's name and phone, the summary of
 * the matter, and the conclusion and follow-up dates shown on the status page.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { fieldRoles, roleValue, type CompiledScheme, type CaseContext, type RoleMap } from '../../engine'
import type { Store } from '../store'
import type { CaseService } from '../cases/service'
import type { SchemeRegistry } from '../schemes/registry'
import { fieldProblem, ServiceError } from '../errors'
import { channelMsg as M } from './messages'
import { today, type Clock } from '../clock'
import { newTrackingCode, normaliseCode } from './tracking'

export interface Receipt {
  trackingCode: string
  number: string
  receivedOn: string
  message: string
}

const NOT_FOUND = '查询码或手机号后四位不正确，请核对后再试 / no match'

/** A submission id's first petition, and whose it is (the retry of another petitioner gets nothing from it). */
interface SubmissionRecord {
  person: string
  receipt: Receipt
}

/** Text as people retype it: surrounding and repeated white space does not make a new matter. */
const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').trim().replace(/\s+/g, ' ') : '')

/** Who files: the same name and the same phone (digits only), hashed — the key never holds them in plain. */
function personKey(schemeId: string, f: Record<string, unknown>, roles: RoleMap): string {
  const p = roleValue(f, roles, 'phone')
  const phone = typeof p === 'string' ? p.replace(/\D/g, '') : ''
  return createHash('sha256')
    .update(JSON.stringify(['person', schemeId, text(roleValue(f, roles, 'petitionerName')), phone]))
    .digest('hex')
    .slice(0, 32)
}

export class PublicService {
  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly cases: CaseService,
    private readonly clock: Clock,
  ) {}

  async publicInfo(schemeId: string) {
    const v = await this.schemes.latest(schemeId)
    const s = await this.schemes.get(schemeId, v.hash)
    const ch = this.publicChannel(s)
    const form = s.form(ch.public!.form)!
    const clocks = s.defs.deadlines.clocks.filter((c) => c.machine === 'case')
    // English names ride along where the definitions have them (`…En`, `nameEn`); free text such as the notice stays Chinese
    return {
      town: s.manifest.town,
      scheme: s.manifest.name,
      ...(s.manifest.nameEn ? { schemeEn: s.manifest.nameEn } : {}),
      channel: ch.id,
      notice: (ch.public!.notice ?? '').replace(/\{town\}/g, s.manifest.town),
      timeLimits: clocks.map((c) => ({
        id: c.id,
        name: c.name,
        ...(c.nameEn ? { nameEn: c.nameEn } : {}),
        days: c.days,
        unit: c.unit,
        source: c.source ?? null,
      })),
      form: { id: form.def.id, name: form.def.name, ...(form.def.nameEn ? { nameEn: form.def.nameEn } : {}), schema: form.schema, uiSchema: form.uiSchema },
    }
  }

  private publicChannel(s: CompiledScheme) {
    const ch = s.defs.org.channels.find((c) => c.public)
    if (!ch) throw new ServiceError('NOT_FOUND', M('onlineClosed'))
    return ch
  }

  /**
   * File an online petition: it enters triage with the public channel. A retry of the same
   * submission (same submission id, same petitioner) and the same petitioner filing the same matter
   * again the same day get the first receipt back; anything else is a petition of its own. A
   * receipt (its tracking code) only ever goes to the petitioner it was made for.
   */
  async submit(schemeId: string, form: unknown, submissionId: unknown): Promise<Receipt> {
    if (typeof submissionId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(submissionId)) {
      throw new ServiceError('INVALID_INPUT', M('noSubmissionId'), [fieldProblem('REQUIRED', '/submissionId', M('noSubmissionId'))])
    }
    const v = await this.schemes.latest(schemeId)
    const s = await this.schemes.get(schemeId, v.hash)
    const ch = this.publicChannel(s)
    if (!form || typeof form !== 'object' || Array.isArray(form)) throw new ServiceError('INVALID_INPUT', M('formInvalid'))
    const f = { ...(form as Record<string, unknown>) }
    const roles = fieldRoles(s).form(ch.public!.form)
    // validate makes sure the public form has a channel and a received-date field
    const channelField = roles.channel!
    const receivedField = roles.receivedOn!
    for (const r of ['channel', 'receivedOn', 'sourceId'] as const) {
      const k = roles[r]
      if (k !== undefined && k in f)
        throw new ServiceError('INVALID_INPUT', M('systemField', { field: k }), [fieldProblem('UNKNOWN_FIELD', `/form/${k}`, M('systemField', { field: k }))])
    }
    const person = personKey(schemeId, f, roles)
    const seen = await this.store.getDoc<SubmissionRecord | Receipt>(`public-submission/${submissionId}`)
    if (seen && 'person' in seen && seen.person === person) return seen.receipt
    const receivedOn = today(this.clock, s.manifest.timezone)
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(['v2', person, text(roleValue(f, roles, 'summary')), receivedOn]))
      .digest('hex')
      .slice(0, 32)
    const dup = await this.store.getDoc<Receipt>(`public-fingerprint/${fingerprint}`)
    if (dup) {
      if (!seen) await this.store.putDoc(`public-submission/${submissionId}`, { person, receipt: dup } satisfies SubmissionRecord)
      return dup
    }
    const view = await this.cases.create(schemeId, { entry: 'submit', form: { ...f, [channelField]: ch.id, [receivedField]: receivedOn } }, { id: 'public' })
    const code = newTrackingCode()
    await this.store.putDoc(`tracking/${code}`, { caseId: view.id })
    await this.store.putDoc(`case-tracking/${view.id}`, { code })
    const receipt: Receipt = {
      trackingCode: code,
      number: view.number,
      receivedOn,
      message: `已收到您的信访事项（编号 ${view.number}）。请保存查询码 ${code}，凭查询码和手机号后四位查询办理进度。`,
    }
    // a submission id someone else's petition already holds stays theirs
    if (!seen) await this.store.putDoc(`public-submission/${submissionId}`, { person, receipt } satisfies SubmissionRecord)
    await this.store.putDoc(`public-fingerprint/${fingerprint}`, receipt)
    return receipt
  }

  async status(codeInput: unknown, phoneLast4: unknown) {
    const code = normaliseCode(codeInput)
    const suffix = typeof phoneLast4 === 'string' && /^\d{4}$/.test(phoneLast4) ? phoneLast4 : null
    const ref = code ? await this.store.getDoc<{ caseId: string }>(`tracking/${code}`) : null
    const rec = ref ? await this.store.getCase(ref.caseId) : null
    // Compare in constant time against the real suffix, or a dummy one, so a miss looks like any other miss.
    const ctx = (rec?.snapshot as { context?: CaseContext } | undefined)?.context
    const scheme = rec ? await this.schemes.get(rec.summary.schemeId, rec.schemeHash) : null
    const factRoles = scheme && rec ? fieldRoles(scheme).facts(rec.summary.machine ?? 'case') : {}
    const p = roleValue(ctx?.facts, factRoles, 'phone')
    const phone = typeof p === 'string' ? p : ''
    const real = Buffer.from((phone.slice(-4) || 'xxxx').padStart(4, 'x'))
    const given = Buffer.from((suffix ?? 'yyyy').padStart(4, 'y'))
    const match = timingSafeEqual(real, given) && !!rec && !!suffix && !!ctx
    if (!match || !rec || !ctx) throw new ServiceError('NOT_FOUND', NOT_FOUND)
    const view = await this.cases.get(rec.summary.id)
    const s = scheme!
    const t = today(this.clock, s.manifest.timezone)
    const unitDefs = view.context.dispatches.map((d) => s.defs.org.units.find((u) => u.id === d.unit) ?? { name: d.unit, nameEn: undefined })
    const units = unitDefs.map((u) => u.name)
    const due = view.summary.dueDate
    let workdaysLeft: number | null = null
    if (due) {
      try {
        workdaysLeft = s.calendar.workdaysBetween(t, due)
      } catch {
        workdaysLeft = null
      }
    }
    // The conclusion and the follow-up: the latest records whose form has a conclusion date, a follow-up date.
    const records = view.context.records
    const events = s.machineDefs.get(view.machine)?.events ?? {}
    const roles = fieldRoles(s)
    const formRoles = (r: (typeof records)[number]) => roles.form(Object.prototype.hasOwnProperty.call(events, r.event) ? events[r.event]!.form : undefined)
    const conclude = [...records].reverse().find((r) => formRoles(r).concludedOn !== undefined)
    const follow = [...records].reverse().find((r) => formRoles(r).visitedOn !== undefined)
    const decision = view.context.decision
    // English names from the definitions, beside the Chinese ones (absent where the scheme has none)
    const stageEn = s.machineDefs.get(view.machine)?.stateInfo?.[view.state]?.nameEn
    const outcomeEn = decision ? s.ruleSetFor('outcome')?.def.outcomes?.find((o) => o.id === decision.outcome)?.nameEn : undefined
    const groupEn = decision?.groupId ? s.defs.org.groups.find((g) => g.id === decision.groupId)?.nameEn : undefined
    const unitNames = [...new Set(units)]
    return {
      number: view.number,
      receivedOn: view.summary.receivedOn,
      stage: view.stateName,
      ...(stageEn ? { stageEn } : {}),
      outcome: decision
        ? {
            name: decision.outcomeName,
            ...(outcomeEn ? { nameEn: outcomeEn } : {}),
            reasons: decision.reasons.slice(0, 1),
            reasonsEn: (decision.reasonsEn ?? []).slice(0, 1),
          }
        : null,
      handledBy: decision?.group ?? null,
      ...(groupEn ? { handledByEn: groupEn } : {}),
      units: unitNames,
      unitsEn: unitNames.map((n) => unitDefs.find((u) => u.name === n)?.nameEn ?? n),
      dueDate: due,
      workdaysLeft,
      concluded: conclude
        ? {
            on: String(roleValue(conclude.form, formRoles(conclude), 'concludedOn') ?? conclude.at),
            result: String(roleValue(conclude.form, formRoles(conclude), 'result') ?? ''),
          }
        : null,
      followUp: follow ? { on: String(roleValue(follow.form, formRoles(follow), 'visitedOn') ?? follow.at) } : null,
      done: view.done,
    }
  }
}
