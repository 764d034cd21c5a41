/**
 * Recurring obligations of the duty definition — training every two months with a roll call,
 * the quarterly joint-conference meeting, each village's yearly meeting, the quarterly
 * self-evaluation, the yearly satisfaction survey, the half-yearly officer assessment. Each
 * period becomes a task (an occurrence) once it starts, due on its last day; evidence is a record
 * validated against the obligation's form. The tick raises a reminder `remindBefore` days before
 * due and one when overdue, each exactly once (deterministic reminder ids), from the injected
 * clock's date — but no overdue reminder for a period that had already ended when its task was
 * made (the server's first start in June does not flag January to May).
 */
import { randomUUID } from 'node:crypto'
import { addCalendarDays, isDate, localDate, type CompiledScheme, type DutyObligation } from '../../engine'
import type { Reminder, Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import { villageOf, type Person } from './people'
import { parseDutyPeriod, periodsOfYear, type DutyPeriod } from './periods'
import { formProblems } from './serial'

export interface Occurrence {
  /** `${obligation}:${period}` or, per village, `${obligation}:${period}:${village id}` */
  id: string
  obligation: string
  name: string
  period: DutyPeriod
  /** The period's last day */
  due: string
  village: { id: string; name: string } | null
  createdAt: string
}

export interface EvidenceRecord {
  id: string
  occurrence: string
  obligation: string
  periodId: string
  /** Village name, for per-village obligations */
  village: string | null
  /** The day it took place (the form's date field) */
  date: string
  /** Took place after the period ended */
  late: boolean
  form: Record<string, unknown>
  by: string
  at: string
  /** Villages the record counts for in the assessment; null: every village */
  credits: string[] | null
  /** Present at the roll call */
  present?: { usernames: string[]; names: string[] }
}

/** One person to call at a roll call. */
export interface RollEntry {
  username: string
  name: string
  /** Village name their grant names, if any */
  village: string | null
}

export type OccurrenceStatus = 'open' | 'done' | 'overdue'

export interface OccurrenceView extends Occurrence {
  status: OccurrenceStatus
  dueSoon: boolean
  /** From this day on the reminder is raised */
  remindOn: string
  doneOn: string | null
  evidence: Array<Pick<EvidenceRecord, 'id' | 'date' | 'by' | 'at' | 'late' | 'credits'>>
  form: string
  source: string | null
}

/** GET /api/duty/:id/obligations/:occurrence: the task with its records and its roll call */
export type OccurrenceDetail = Awaited<ReturnType<ObligationService['get']>>

export const occurrencesKey = (schemeId: string, year: number) => `duty/${schemeId}/occurrences/${year}`
export const evidenceKey = (schemeId: string, year: number) => `duty/${schemeId}/evidence/${year}`

export async function readEvidence(store: Store, schemeId: string, years: number[]): Promise<EvidenceRecord[]> {
  const out: EvidenceRecord[] = []
  for (const y of years) out.push(...((await store.getDoc<EvidenceRecord[]>(evidenceKey(schemeId, y))) ?? []))
  return out
}

export function obligationsOf(scheme: CompiledScheme): DutyObligation[] {
  return scheme.defs.duty?.obligations ?? []
}

/** The occurrences of one obligation in one period (one, or one per village). */
export function occurrencesOf(scheme: CompiledScheme, ob: DutyObligation, period: DutyPeriod, createdAt = ''): Occurrence[] {
  const base = { obligation: ob.id, name: ob.name, period, due: period.to, createdAt }
  if (ob.scope === 'town') return [{ id: `${ob.id}:${period.id}`, village: null, ...base }]
  return scheme.defs.org.villages.map((v) => ({ id: `${ob.id}:${period.id}:${v.id}`, village: { id: v.id, name: v.name }, ...base }))
}

/** An occurrence from its id (whether or not it was stored yet), or null. */
export function parseOccurrence(scheme: CompiledScheme, id: string): { ob: DutyObligation; occ: Occurrence } | null {
  const [obId, periodId, villageId, ...rest] = id.split(':')
  if (!obId || !periodId || rest.length) return null
  const ob = obligationsOf(scheme).find((o) => o.id === obId)
  if (!ob) return null
  const period = parseDutyPeriod(ob.every, periodId)
  if (!period) return null
  const occ = occurrencesOf(scheme, ob, period).find((o) => o.id === id)
  return occ && (ob.scope === 'town' ? villageId === undefined : villageId !== undefined) ? { ob, occ } : null
}

export class ObligationService {
  constructor(
    private readonly store: Store,
    private readonly people: (schemeId: string) => Promise<Person[]>,
  ) {}

  /** Create the tasks of every period of `year` that has started by `today`; returns the year's tasks. */
  async ensure(scheme: CompiledScheme, year: number, today: string, nowIso: string): Promise<Occurrence[]> {
    const key = occurrencesKey(scheme.manifest.id, year)
    const missing = (stored: Occurrence[]): Occurrence[] => {
      const have = new Set(stored.map((o) => o.id))
      const added: Occurrence[] = []
      for (const ob of obligationsOf(scheme)) {
        for (const p of periodsOfYear(ob.every, year)) {
          if (p.from > today) continue
          for (const occ of occurrencesOf(scheme, ob, p, nowIso)) if (!have.has(occ.id)) added.push(occ)
        }
      }
      return added
    }
    const stored = (await this.store.getDoc<Occurrence[]>(key)) ?? []
    if (!missing(stored).length) return stored
    // Atomic against other instances: only the tasks still missing are added, and audited by whoever added them.
    let added: Occurrence[] = []
    const all = await this.store.updateDoc<Occurrence[]>(key, (cur) => {
      added = missing(cur ?? [])
      return [...(cur ?? []), ...added]
    })
    if (added.length)
      await this.store.appendAudit([
        {
          at: nowIso,
          actor: 'system',
          caseId: null,
          schemeId: scheme.manifest.id,
          action: 'duty.obligations.create',
          changes: { schemeId: scheme.manifest.id, year, created: added.map((o) => o.id) },
        },
      ])
    return all
  }

  /** The year's tasks with their status on `today`. */
  async list(
    scheme: CompiledScheme,
    year: number,
    today: string,
    nowIso: string,
    filter: { status?: string; obligation?: string; village?: string } = {},
  ): Promise<OccurrenceView[]> {
    const occs = await this.ensure(scheme, year, today, nowIso)
    const evidence = await readEvidence(this.store, scheme.manifest.id, [year])
    const obs = new Map(obligationsOf(scheme).map((o) => [o.id, o]))
    return occs
      .filter((o) => obs.has(o.obligation))
      .map((o) => view(o, obs.get(o.obligation)!, evidence, today))
      .filter(
        (v) =>
          (!filter.status || v.status === filter.status) &&
          (!filter.obligation || v.obligation === filter.obligation) &&
          (!filter.village || v.village?.id === filter.village || v.village?.name === filter.village),
      )
      .sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id))
  }

  async get(
    scheme: CompiledScheme,
    occurrenceId: string,
    today: string,
    nowIso: string,
  ): Promise<OccurrenceView & { records: EvidenceRecord[]; roll: RollEntry[] }> {
    const parsed = parseOccurrence(scheme, occurrenceId)
    if (!parsed) throw new ServiceError('NOT_FOUND', M('noOccurrence', { id: occurrenceId }))
    const year = Number(parsed.occ.period.from.slice(0, 4))
    const occs = parsed.occ.period.from <= today ? await this.ensure(scheme, year, today, nowIso) : []
    const occ = occs.find((o) => o.id === occurrenceId)
    if (!occ) throw new ServiceError('NOT_FOUND', M('occurrenceNotStarted', { id: occurrenceId, period: parsed.occ.period.name }))
    const evidence = await readEvidence(this.store, scheme.manifest.id, [year])
    return {
      ...view(occ, parsed.ob, evidence, today),
      records: evidence.filter((e) => e.occurrence === occurrenceId),
      roll: await this.roll(scheme, parsed.ob, occ),
    }
  }

  /**
   * Who is called at the roll call of an obligation with attendance (附件9 点名): the active holders
   * of its attendance roles — for a per-village task, those of that village — with the village
   * their grant names, to prefill the attendance list. Empty when the obligation takes no roll.
   */
  async roll(scheme: CompiledScheme, ob: DutyObligation, occ: Occurrence): Promise<RollEntry[]> {
    const roles = ob.attendance?.roles ?? []
    if (!roles.length) return []
    const org = scheme.defs.org
    const out: RollEntry[] = []
    for (const p of await this.people(scheme.manifest.id)) {
      const grants = p.grants.filter((g) => roles.includes(g.role))
      if (!grants.length) continue
      const village = grants.map((g) => villageOf(org, g.village)?.name).find((v) => !!v) ?? null
      if (occ.village && village !== occ.village.name) continue
      out.push({ username: p.username, name: p.displayName, village })
    }
    return out
  }

  /** Record evidence for a task: the obligation's form, validated by the engine; audited. */
  async record(scheme: CompiledScheme, occurrenceId: string, form: unknown, by: string, today: string, nowIso: string): Promise<EvidenceRecord> {
    const parsed = parseOccurrence(scheme, occurrenceId)
    if (!parsed) throw new ServiceError('NOT_FOUND', M('noOccurrence', { id: occurrenceId }))
    const { ob, occ } = parsed
    if (occ.period.from > today) throw new ServiceError('CONFLICT', M('periodNotStarted', { period: occ.period.name }))
    const year = Number(occ.period.from.slice(0, 4))
    await this.ensure(scheme, year, today, nowIso)
    const errs = scheme.validateForm(ob.form, form)
    if (errs.length) throw new ServiceError('INVALID_INPUT', M('recordInvalid'), formProblems(errs))
    const data = form as Record<string, unknown>
    const date = data[ob.dateField]
    if (!isDate(date)) throw new ServiceError('INVALID_INPUT', M('noActivityDate'), [fieldProblem('REQUIRED', `/form/${ob.dateField}`, M('giveDate'))])
    if (date < occ.period.from)
      throw new ServiceError('INVALID_INPUT', M('beforePeriod', { from: occ.period.from }), [
        fieldProblem('OUT_OF_PERIOD', `/form/${ob.dateField}`, M('notBefore', { from: occ.period.from })),
      ])
    if (date > today) throw new ServiceError('INVALID_INPUT', M('notAfterToday'), [fieldProblem('IN_FUTURE', `/form/${ob.dateField}`, M('notAfterToday'))])
    const rec: EvidenceRecord = {
      id: randomUUID(),
      occurrence: occ.id,
      obligation: ob.id,
      periodId: occ.period.id,
      village: occ.village?.name ?? null,
      date,
      late: date > occ.due,
      form: data,
      by,
      at: nowIso,
      credits: occ.village ? [occ.village.name] : null,
    }
    if (ob.attendance) {
      const people = await this.people(scheme.manifest.id)
      const org = scheme.defs.org
      const list = (Array.isArray(data[ob.attendance.field]) ? data[ob.attendance.field] : []) as Array<Record<string, unknown>>
      const present = list.filter((a) => a.present === true)
      const credits = new Set<string>()
      for (const a of present) {
        const own = villageOf(org, typeof a.village === 'string' ? a.village : undefined)
        if (own) credits.add(own.name)
        else if (typeof a.username === 'string') {
          const p = people.find((x) => x.username === a.username)
          for (const g of p?.grants ?? []) {
            const v = villageOf(org, g.village)
            if (v) credits.add(v.name)
          }
        }
      }
      rec.present = {
        usernames: present.map((a) => a.username).filter((u): u is string => typeof u === 'string' && u !== ''),
        names: present.map((a) => String(a.name)),
      }
      rec.credits = occ.village ? [occ.village.name] : [...credits].sort()
    }
    const key = evidenceKey(scheme.manifest.id, year)
    await this.store.updateDoc<EvidenceRecord[]>(key, (all) => [...(all ?? []), rec])
    await this.store.appendAudit([
      {
        at: nowIso,
        actor: by,
        caseId: null,
        schemeId: scheme.manifest.id,
        action: 'duty.evidence',
        changes: { schemeId: scheme.manifest.id, occurrence: occ.id, id: rec.id, date, late: rec.late, credits: rec.credits },
      },
    ])
    return rec
  }

  /**
   * Create this year's started tasks (and the rest of last year's, when it was running then), then
   * raise the due-soon and overdue reminders of every task not done, each exactly once. Returns the
   * reminders newly raised.
   */
  async tick(scheme: CompiledScheme, today: string, nowIso: string): Promise<Reminder[]> {
    const year = Number(today.slice(0, 4))
    const schemeId = scheme.manifest.id
    // Last year's tasks too — completed, when the server was running then (a first start in January does not flag a year it never saw).
    const lastYear = (await this.store.getDoc<Occurrence[]>(occurrencesKey(schemeId, year - 1))) ? await this.ensure(scheme, year - 1, today, nowIso) : []
    const occs = [...lastYear, ...(await this.ensure(scheme, year, today, nowIso))]
    const evidence = await readEvidence(this.store, schemeId, [year - 1, year])
    const obs = new Map(obligationsOf(scheme).map((o) => [o.id, o]))
    const villagesEn = new Map(scheme.defs.org.villages.flatMap((v) => (v.nameEn ? [[v.id, v.nameEn] as const] : [])))
    const wanted: Reminder[] = []
    for (const o of occs) {
      const ob = obs.get(o.obligation)
      if (!ob) continue
      const v = view(o, ob, evidence, today)
      if (v.status === 'done') continue
      const label = `${o.name}（${o.period.name}${o.village ? `，${o.village.name}` : ''}）`
      const villageEn = o.village ? (villagesEn.get(o.village.id) ?? o.village.name) : null
      const labelEn = `${ob.nameEn ?? ob.name} (${v.period.nameEn}${villageEn ? `, ${villageEn}` : ''})`
      const mk = (kind: Reminder['kind'], message: string, messageEn: string): Reminder => ({
        id: `duty:${schemeId}:${o.id}:${kind}:${o.due}`,
        caseId: `duty:${schemeId}:${o.id}`,
        caseNumber: label,
        clock: ob.id,
        kind,
        dueDate: o.due,
        raisedAt: nowIso,
        forDate: today,
        message,
        messageEn,
      })
      if (v.dueSoon)
        wanted.push(
          mk(
            'due_soon',
            `临期提醒：${label}将于 ${o.due} 到期，请按时开展并登记记录`,
            `Due soon: ${labelEn} is due on ${o.due}; carry it out and record it in time`,
          ),
        )
      // a period that had ended before the system made its task (a first start in June) is listed, not reminded of
      if (v.status === 'overdue' && !endedBeforeSeen(o, scheme.manifest.timezone))
        wanted.push(mk('overdue', `超期提醒：${label}已于 ${o.due} 到期，尚未登记记录`, `Overdue: ${labelEn} was due on ${o.due} and has no record yet`))
    }
    return wanted.length ? this.store.raiseReminders(wanted) : []
  }
}

/** The task was made after its period had ended (its local creation day is past the due date). */
function endedBeforeSeen(o: Occurrence, timeZone: string | undefined): boolean {
  return !!o.createdAt && localDate(new Date(o.createdAt), timeZone) > o.due
}

function view(o: Occurrence, ob: DutyObligation, evidence: EvidenceRecord[], today: string): OccurrenceView {
  const mine = evidence.filter((e) => e.occurrence === o.id).sort((a, b) => a.date.localeCompare(b.date) || a.at.localeCompare(b.at))
  const remindOn = addCalendarDays(o.due, -ob.remindBefore)
  const done = mine.length > 0
  const status: OccurrenceStatus = done ? 'done' : today > o.due ? 'overdue' : 'open'
  return {
    ...o,
    // tasks stored before periods had an English name get it from the period's id
    period: o.period.nameEn ? o.period : { ...o.period, nameEn: parseDutyPeriod(ob.every, o.period.id)?.nameEn ?? o.period.name },
    status,
    dueSoon: status === 'open' && today >= remindOn,
    remindOn,
    doneOn: mine[0]?.date ?? null,
    evidence: mine.map(({ id, date, by, at, late, credits }) => ({ id, date, by, at, late, credits })),
    form: ob.form,
    source: ob.source ?? null,
  }
}
