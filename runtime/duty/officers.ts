/**
 * The periodic officer assessment (附件2 五（三）: every half year; 附件9: training attendance counts)
 * from each officer's own records — the cases they proxied (summary.officer names them by user
 * name or display name) received in the period: concluded, concluded on time (every clock that
 * stopped, stopped by its due date: the `late` flag of the clocks in the stored case context),
 * resolved, satisfaction, urgings received (URGE events on their cases in the period) — plus the
 * training roll calls and the assessor's marks, scored by the scoring definition the duty
 * definition names (`score(scheme, input, scoringId)`), with every item's breakdown.
 */
import { score, type CaseContext, type CompiledScheme, type DutyDefinition, type OfficerStatistic, type ScoreResult } from '../../engine'
import type { CaseSummary, Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import type { Person } from './people'
import { parseDutyPeriod, type DutyPeriod } from './periods'
import { readEvidence } from './obligations'
import { formProblems } from './serial'

export type OfficerStats = Record<OfficerStatistic, number>

export interface OfficerCaseRow {
  id: string
  number: string
  receivedOn: string | null
  concludedOn: string | null
  onTime: boolean | null
  late: boolean
  resolved: boolean | null
  satisfied: boolean | null
  urged: number
}

export interface OfficerMarks {
  values: Record<string, unknown>
  note: string
  by: string
  at: string
}

export interface OfficerAssessment {
  username: string
  name: string
  roles: string[]
  stats: OfficerStats
  cases: OfficerCaseRow[]
  trainings: Array<{ occurrence: string; date: string; present: boolean }>
  marks: OfficerMarks | null
  input: Record<string, unknown>
  result: ScoreResult | null
  problems: Array<{ code: string; message: string }>
}

export function officerDef(scheme: CompiledScheme): NonNullable<DutyDefinition['officerAssessment']> {
  const oa = scheme.defs.duty?.officerAssessment
  if (!oa) throw new ServiceError('NOT_FOUND', M('noOfficerAssessment', { id: scheme.manifest.id }))
  return oa
}

export function officerPeriod(scheme: CompiledScheme, id: unknown): DutyPeriod {
  const oa = officerDef(scheme)
  const p = typeof id === 'string' ? parseDutyPeriod(oa.every, id) : null
  if (!p)
    throw new ServiceError(
      'INVALID_INPUT',
      M('badAssessmentPeriod', { id: String(id), example: parseDutyPeriod(oa.every, '2026')?.id ?? (oa.every === 6 ? '2026-H1' : '2026') }),
      [fieldProblem('INVALID_PERIOD', '/period', M('badAssessmentPeriodField'))],
    )
  return p
}

const setPath = (obj: Record<string, unknown>, path: string, v: unknown) => {
  const parts = path.split('.')
  let cur = obj
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>
  cur[parts[parts.length - 1]!] = v
}

export class OfficerAssessmentService {
  constructor(
    private readonly store: Store,
    private readonly people: (schemeId: string) => Promise<Person[]>,
  ) {}

  private marksKey(schemeId: string, period: string) {
    return `duty/${schemeId}/officer-marks/${period}`
  }

  /** The assessor's marks for one officer in a period, validated against the marks form; audited. */
  async setMarks(scheme: CompiledScheme, periodId: unknown, username: string, body: unknown, by: string, nowIso: string): Promise<OfficerMarks> {
    const oa = officerDef(scheme)
    const period = officerPeriod(scheme, periodId)
    if (!oa.marksForm) throw new ServiceError('NOT_FOUND', M('noMarksForm'))
    const officers = this.officersOf(oa.roles, await this.people(scheme.manifest.id))
    if (!officers.some((p) => p.username === username)) throw new ServiceError('NOT_FOUND', M('notAssessed', { who: username }))
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>
    const extra = Object.keys(b).filter((k) => k !== 'form' && k !== 'note')
    if (extra.length)
      throw new ServiceError(
        'INVALID_INPUT',
        M('unknownFields', { fields: extra }),
        extra.map((k) => fieldProblem('UNKNOWN_FIELD', `/${k}`, M('unknownField', { field: k }))),
      )
    const errs = scheme.validateForm(oa.marksForm, b.form)
    const problems = formProblems(errs)
    if (typeof b.note !== 'string' || !b.note.trim() || b.note.length > 2000) problems.push(fieldProblem('REQUIRED', '/note', M('marksNote')))
    if (problems.length) throw new ServiceError('INVALID_INPUT', M('marksInvalid'), problems)
    const marks: OfficerMarks = { values: b.form as Record<string, unknown>, note: String(b.note).trim(), by, at: nowIso }
    const key = this.marksKey(scheme.manifest.id, period.id)
    await this.store.updateDoc<Record<string, OfficerMarks>>(key, (all) => ({ ...(all ?? {}), [username]: marks }))
    await this.store.appendAudit([
      {
        at: nowIso,
        actor: by,
        caseId: null,
        schemeId: scheme.manifest.id,
        action: 'duty.officer.marks',
        changes: { schemeId: scheme.manifest.id, period: period.id, username, ...marks },
      },
    ])
    return marks
  }

  private officersOf(roles: string[], people: Person[]): Person[] {
    return people.filter((p) => p.grants.some((g) => roles.includes(g.role)))
  }

  /** Every assessed officer's statistics, marks and score for a period (or one officer's). */
  async assess(
    scheme: CompiledScheme,
    periodId: unknown,
    today: string,
    only?: string,
  ): Promise<{ period: DutyPeriod; scoring: string; officers: OfficerAssessment[] }> {
    const oa = officerDef(scheme)
    const period = officerPeriod(scheme, periodId)
    const people = this.officersOf(oa.roles, await this.people(scheme.manifest.id)).filter((p) => !only || p.username === only)
    if (only && !people.length) throw new ServiceError('NOT_FOUND', M('notAssessed', { who: only }))
    const machine = oa.machine ?? 'case'
    const urgeEvents = new Set(oa.urgeEvents ?? [])
    const proxied = new Set((scheme.ruleSetFor('outcome')?.def.outcomes ?? []).filter((o) => o.proxied).map((o) => o.id))
    const summaries = (await this.store.allSummaries({ schemeId: scheme.manifest.id, machine })).filter(
      (s) =>
        (s.machine ?? 'case') === machine && s.receivedOn && s.receivedOn >= period.from && s.receivedOn <= period.to && s.outcome && proxied.has(s.outcome),
    )
    const asOf = today < period.to ? today : period.to
    const years = [...new Set([period.from.slice(0, 4), period.to.slice(0, 4)])].map(Number)
    const trainings = oa.trainingObligation
      ? (await readEvidence(this.store, scheme.manifest.id, years)).filter(
          (e) => e.obligation === oa.trainingObligation && e.date >= period.from && e.date <= period.to,
        )
      : []
    const marksAll = (await this.store.getDoc<Record<string, OfficerMarks>>(this.marksKey(scheme.manifest.id, period.id))) ?? {}
    const marksFields = oa.marksForm ? [...(scheme.form(oa.marksForm)?.fields.keys() ?? [])] : []

    const out: OfficerAssessment[] = []
    for (const p of people) {
      const mine = summaries.filter((s) => s.officer === p.username || s.officer === p.displayName)
      const rows: OfficerCaseRow[] = []
      for (const s of mine) rows.push(await this.caseRow(s, period, asOf, urgeEvents))
      const attended = trainings.map((t) => ({
        occurrence: t.occurrence,
        date: t.date,
        present: !!t.present && (t.present.usernames.includes(p.username) || t.present.names.includes(p.displayName)),
      }))
      const stats: OfficerStats = {
        proxied: rows.length,
        concluded: rows.filter((r) => r.concludedOn).length,
        onTime: rows.filter((r) => r.onTime === true).length,
        late: rows.filter((r) => r.late).length,
        resolved: rows.filter((r) => r.concludedOn && r.resolved === true).length,
        feedback: rows.filter((r) => r.concludedOn && r.satisfied !== null).length,
        satisfied: rows.filter((r) => r.concludedOn && r.satisfied === true).length,
        urged: rows.reduce((a, r) => a + r.urged, 0),
        trainingsHeld: attended.length,
        trainingsAttended: attended.filter((t) => t.present).length,
      }
      const input: Record<string, unknown> = {}
      for (const [path, stat] of Object.entries(oa.statistics)) setPath(input, path, stats[stat])
      const marks = marksAll[p.username] ?? null
      if (marks) for (const f of marksFields) if (marks.values[f] !== undefined) setPath(input, `${oa.marksInput ?? 'marks'}.${f}`, marks.values[f])
      const r = score(scheme, input, oa.scoring)
      out.push({
        username: p.username,
        name: p.displayName,
        roles: p.grants.filter((g) => oa.roles.includes(g.role)).map((g) => g.role),
        stats,
        cases: rows,
        trainings: attended,
        marks,
        input,
        result: r.ok ? r.result : null,
        problems: r.ok ? [] : r.problems.map((x) => ({ code: x.code, message: x.message })),
      })
    }
    out.sort((a, b) => (b.result?.total ?? -1) - (a.result?.total ?? -1) || a.username.localeCompare(b.username))
    return { period, scoring: oa.scoring, officers: out }
  }

  private async caseRow(s: CaseSummary, period: DutyPeriod, asOf: string, urgeEvents: Set<string>): Promise<OfficerCaseRow> {
    const rec = await this.store.getCase(s.id)
    const ctx = (rec?.snapshot as { context?: CaseContext } | undefined)?.context
    const clocks = Object.values(ctx?.clocks ?? {})
    const concludedOn = s.concludedOn && s.concludedOn <= period.to ? s.concludedOn : null
    const stopped = clocks.filter((c) => c.status === 'stopped' && c.stoppedOn && c.stoppedOn <= period.to)
    const lateStopped = stopped.some((c) => c.late === true)
    const overdueRunning = clocks.some((c) => c.status !== 'stopped' && c.dueDate < asOf)
    return {
      id: s.id,
      number: s.number,
      receivedOn: s.receivedOn,
      concludedOn,
      onTime: concludedOn ? stopped.length > 0 && !lateStopped : null,
      late: lateStopped || overdueRunning,
      resolved: concludedOn ? (s.resolved ?? null) : null,
      satisfied: concludedOn ? (s.satisfied ?? null) : null,
      urged: (ctx?.records ?? []).filter((r) => urgeEvents.has(r.event) && r.at >= period.from && r.at <= period.to).length,
    }
  }
}
