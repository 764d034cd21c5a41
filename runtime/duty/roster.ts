/**
 * The working-day roster (实施方案 三（一）: on workdays one section-level leader leads the shift and
 * one cadre is on duty). A month's roster covers the scheme's working days — make-up workdays
 * (调休) included, holidays excluded — and rotates through the accounts holding each shift's role
 * in a stable order (by user name), continuing from where the last stored roster left off, so
 * over the months everyone takes the same number of turns (±1). Swaps are recorded with who,
 * when and why, and audited; they change who is on duty but not the rotation.
 */
import { randomUUID } from 'node:crypto'
import { isDate, type CompiledScheme, type DayInfo, type DutyDefinition, type DutyShift } from '../../engine'
import { VersionedCache, type Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import { holders, type Person } from './people'
import { isMonth, previousMonth } from './periods'

export interface RosterDay {
  date: string
  /** weekday, or makeup (调休上班日) */
  kind: 'weekday' | 'makeup'
  label?: string
  /** shift id → user names on duty */
  shifts: Record<string, string[]>
}

export interface SwapRecord {
  id: string
  /** When the swap was recorded (ISO) and by whom */
  at: string
  by: string
  date: string
  shift: string
  from: string
  to: string
  /** For an exchange: the day `to` was on duty and `from` now takes */
  otherDate: string | null
  reason: string
}

export interface Roster {
  schemeId: string
  month: string
  unit: string
  generatedAt: string
  generatedBy: string
  /** The order each shift rotated through when generated */
  eligible: Record<string, string[]>
  days: RosterDay[]
  /** Last person the generation assigned per shift: the next month continues after them */
  rotation: Record<string, string | null>
  /** Shifts that could not be filled (not enough eligible people) */
  gaps: Array<{ date: string; shift: string; missing: number }>
  swaps: SwapRecord[]
}

/** Cross-month look-back when continuing the rotation. */
const LOOK_BACK_MONTHS = 24

/** A shift as scheduled: the definition's own, or a `perUnit` shift's copy at one unit. */
export interface ScheduledShift extends DutyShift {
  /** The unit this copy is at; its holders are those granted the role at that unit */
  unit?: string
  /** The unit's name (and English name), so a screen can list the copies under one heading */
  unitName?: string
  unitNameEn?: string
  /** The per-unit shift this is a copy of, as defined (e.g. 二级部门带班): screens show the copies as one */
  of?: { id: string; name: string; nameEn?: string }
}

/**
 * The roster as scheduled. A shift with `perUnit` becomes one shift per unit of that type — id
 * `<shift>.<unit>`, named “<shift>（<unit>）” — taken in turns by the holders of its role whose grant
 * names that unit (实施方案 四（一）: in each 二级部门 one leadership member leads the shift on
 * workdays). Every other shift is as defined.
 */
export function rosterDef(scheme: CompiledScheme): Omit<NonNullable<DutyDefinition['roster']>, 'shifts'> & { shifts: ScheduledShift[] } {
  const r = scheme.defs.duty?.roster
  if (!r) throw new ServiceError('NOT_FOUND', M('noRoster', { id: scheme.manifest.id }))
  if (!r.shifts.some((s) => s.perUnit)) return r
  const units = scheme.defs.org.units
  const shifts = r.shifts.flatMap((sh): ScheduledShift[] => {
    if (!sh.perUnit) return [sh]
    const { perUnit: _p, ...base } = sh
    return units
      .filter((u) => u.type === sh.perUnit)
      .map((u) => ({
        ...base,
        id: `${sh.id}.${u.id}`,
        name: `${sh.name}（${u.name}）`,
        ...(sh.nameEn ? { nameEn: `${sh.nameEn} (${u.nameEn ?? u.name})` } : {}),
        unit: u.id,
        unitName: u.name,
        ...(u.nameEn ? { unitNameEn: u.nameEn } : {}),
        of: { id: sh.id, name: sh.name, ...(sh.nameEn ? { nameEn: sh.nameEn } : {}) },
      }))
  })
  return { ...r, shifts }
}

/** Who may take a scheduled shift: the holders of its role — at its unit, for a per-unit copy. */
export function shiftHolders(people: Person[], sh: ScheduledShift): Person[] {
  if (!sh.unit) return holders(people, sh.role)
  return people.filter((p) => p.grants.some((g) => g.role === sh.role && g.unit === sh.unit))
}

/** Where the rotation of one shift resumes: after the last person, or at the next name in order if they left. */
export function resumeIndex(order: string[], last: string | null | undefined): number {
  if (!last || order.length === 0) return 0
  const i = order.indexOf(last)
  if (i >= 0) return (i + 1) % order.length
  const next = order.findIndex((u) => u > last)
  return next < 0 ? 0 : next
}

/**
 * Pure: assign the working days of a month. Each shift takes the next `count` people of its
 * rotation, skipping anyone already on another shift that day.
 */
export function assign(
  def: NonNullable<DutyDefinition['roster']>,
  workdays: Array<{ date: string; kind: 'weekday' | 'makeup'; label?: string }>,
  order: Record<string, string[]>,
  previous: Record<string, string | null>,
): Pick<Roster, 'days' | 'rotation' | 'gaps'> {
  const idx: Record<string, number> = {}
  const rotation: Record<string, string | null> = {}
  for (const sh of def.shifts) {
    idx[sh.id] = resumeIndex(order[sh.id] ?? [], previous[sh.id])
    rotation[sh.id] = previous[sh.id] ?? null
  }
  const gaps: Roster['gaps'] = []
  const days: RosterDay[] = workdays.map((w) => {
    const taken = new Set<string>()
    const shifts: Record<string, string[]> = {}
    for (const sh of def.shifts) {
      const list = order[sh.id] ?? []
      const picks: string[] = []
      for (let tries = 0; picks.length < sh.count && tries < list.length; tries++) {
        const u = list[idx[sh.id]! % list.length]!
        idx[sh.id] = (idx[sh.id]! + 1) % list.length
        if (taken.has(u)) continue
        picks.push(u)
        taken.add(u)
      }
      if (picks.length) rotation[sh.id] = picks[picks.length - 1]!
      if (picks.length < sh.count) gaps.push({ date: w.date, shift: sh.id, missing: sh.count - picks.length })
      shifts[sh.id] = picks
    }
    const day: RosterDay = { date: w.date, kind: w.kind, shifts }
    if (w.label) day.label = w.label
    return day
  })
  return { days, rotation, gaps }
}

/**
 * Bumped after every roster write of a scheme: the cached names on duty (onDutyNames) are current
 * while this document holds the value they were read under, also when another instance wrote.
 */
export const rosterVersionKey = (schemeId: string) => `duty/${schemeId}/roster-version`
/** Cached names on duty are read afresh at least this often (a writer that died before its bump) */
const ON_DUTY_MAX_AGE_MS = 60_000
/** (scheme, date) entries kept; past it, all are dropped (registration asks for today's only) */
const ON_DUTY_ENTRIES = 64

export class RosterService {
  /** Login names on duty per `schemeId date`, current while the scheme's roster version holds what they were read under */
  private readonly onDutyCache: VersionedCache<string, readonly string[]>

  constructor(
    private readonly store: Store,
    private readonly people: (schemeId: string) => Promise<Person[]>,
  ) {
    this.onDutyCache = new VersionedCache(store, (key) => rosterVersionKey(key.slice(0, key.indexOf(' '))), {
      maxAgeMs: ON_DUTY_MAX_AGE_MS,
      maxEntries: ON_DUTY_ENTRIES,
    })
  }

  private key(schemeId: string, month: string) {
    return `duty/${schemeId}/roster/${month}`
  }

  /** After every write to a roster of the scheme (this instance's cache, and the others' through the version document). */
  private async changed(schemeId: string): Promise<void> {
    await this.onDutyCache.bump(rosterVersionKey(schemeId))
  }

  /**
   * The login names on duty on `date` in the stored roster, every shift (after swaps): what the
   * officer check at registration accepts beside officers. Kept in memory per scheme and date: one
   * read of the version document checks it is current (roster writes bump it, on any instance).
   */
  async onDutyNames(schemeId: string, date: string): Promise<readonly string[]> {
    if (!isDate(date)) throw new ServiceError('INVALID_INPUT', M('dateFormat'), [fieldProblem('INVALID_INPUT', '/date', M('dateFormat'))])
    return this.onDutyCache.get(`${schemeId} ${date}`, async () => {
      const day = (await this.store.getDoc<Roster>(this.key(schemeId, date.slice(0, 7))))?.days.find((d) => d.date === date)
      return Object.freeze([...new Set(Object.values(day?.shifts ?? {}).flat())])
    })
  }

  async get(schemeId: string, month: string): Promise<Roster | null> {
    if (!isMonth(month)) throw badMonth(month)
    return this.store.getDoc<Roster>(this.key(schemeId, month))
  }

  /** Turns per person per shift in a roster, after swaps. */
  static counts(r: Roster): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {}
    for (const d of r.days) for (const [shift, list] of Object.entries(d.shifts)) for (const u of list) (out[shift] ??= {})[u] = (out[shift]![u] ?? 0) + 1
    return out
  }

  /** Generate and store a month's roster. Refused when one exists, unless `replace` (which drops its swaps; audited). */
  async generate(scheme: CompiledScheme, month: string, by: string, nowIso: string, opts: { replace?: boolean } = {}): Promise<Roster> {
    if (!isMonth(month)) throw badMonth(month)
    const def = rosterDef(scheme)
    const schemeId = scheme.manifest.id
    const cal = scheme.calendar
    if (!cal.covers(`${month}-01`)) {
      throw new ServiceError('INVALID_INPUT', M('calendarNotCoveredAdd', { month, from: cal.from, to: cal.to }), [
        fieldProblem('CALENDAR_NOT_COVERED', '/month', M('calendarNotCoveredField', { month })),
      ])
    }
    const early = await this.get(schemeId, month)
    if (early && !opts.replace) throw alreadyGenerated(month, early)
    const people = await this.people(schemeId)
    const order: Record<string, string[]> = {}
    for (const sh of def.shifts) order[sh.id] = shiftHolders(people, sh).map((p) => p.username)
    const previous = await this.previousRotation(schemeId, month)
    const workdays = cal.workdaysInMonth(month).map((date) => {
      const info = cal.dayInfo(date)
      return info.kind === 'makeup' ? { date, kind: 'makeup' as const, ...(info.name ? { label: info.name } : {}) } : { date, kind: 'weekday' as const }
    })
    const r = assign(def, workdays, order, previous)
    const roster: Roster = { schemeId, month, unit: def.unit, generatedAt: nowIso, generatedBy: by, eligible: order, ...r, swaps: [] }
    // Atomic against other instances: of two generating the same month at once, the second gets CONFLICT (or, with replace, replaces the first).
    let existing = null as Roster | null
    await this.store.updateDoc<Roster>(this.key(schemeId, month), (cur) => {
      if (cur && !opts.replace) throw alreadyGenerated(month, cur)
      existing = cur
      return roster
    })
    await this.changed(schemeId)
    await this.store.updateDoc<string[]>(`duty/${schemeId}/roster-index`, (index) => (index?.includes(month) ? index : [...(index ?? []), month].sort()))
    await this.store.appendAudit([
      {
        at: nowIso,
        actor: by,
        caseId: null,
        schemeId,
        action: existing ? 'duty.roster.replace' : 'duty.roster.generate',
        changes: { schemeId, month, days: roster.days.length, gaps: roster.gaps.length, droppedSwaps: existing?.swaps.length ?? 0 },
      },
    ])
    return roster
  }

  /** The rotation pointer of the latest stored roster before `month`. */
  private async previousRotation(schemeId: string, month: string): Promise<Record<string, string | null>> {
    const index = (await this.store.getDoc<string[]>(`duty/${schemeId}/roster-index`)) ?? []
    const earlier = index.filter((m) => m < month).sort()
    let m = earlier[earlier.length - 1]
    if (!m) {
      // No index (or an older store): look back month by month.
      let probe = month
      for (let i = 0; i < LOOK_BACK_MONTHS && !m; i++) {
        probe = previousMonth(probe)
        if (await this.store.getDoc(this.key(schemeId, probe))) m = probe
      }
    }
    if (!m) return {}
    return (await this.store.getDoc<Roster>(this.key(schemeId, m)))?.rotation ?? {}
  }

  /**
   * Swap a shift: `to` replaces `from` on `date`, or — with `otherDate` — the two exchange their
   * days on that shift. Recorded on the roster(s) with who, when and why, and audited.
   */
  async swap(scheme: CompiledScheme, input: unknown, by: string, nowIso: string): Promise<SwapRecord> {
    const def = rosterDef(scheme)
    const b = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>
    const problems: Array<{ code: string; pointer: string; message: string }> = []
    for (const k of Object.keys(b))
      if (!['date', 'shift', 'from', 'to', 'otherDate', 'reason'].includes(k))
        problems.push(fieldProblem('UNKNOWN_FIELD', `/${k}`, M('unknownField', { field: k })))
    if (!isDate(b.date)) problems.push(fieldProblem('INVALID_INPUT', '/date', M('dateFormat')))
    if (b.otherDate !== undefined && b.otherDate !== null && !isDate(b.otherDate)) problems.push(fieldProblem('INVALID_INPUT', '/otherDate', M('dateFormat')))
    const shift = def.shifts.find((s) => s.id === b.shift)
    if (!shift) problems.push(fieldProblem('INVALID_INPUT', '/shift', M('shiftOneOf', { shifts: def.shifts.map((s) => `${s.id}（${s.name}）`) })))
    for (const k of ['from', 'to'] as const) if (typeof b[k] !== 'string' || !b[k]) problems.push(fieldProblem('REQUIRED', `/${k}`, M('accountRequired')))
    if (typeof b.reason !== 'string' || !b.reason.trim() || b.reason.length > 500) problems.push(fieldProblem('REQUIRED', '/reason', M('swapReason')))
    if (b.from === b.to && typeof b.from === 'string') problems.push(fieldProblem('INVALID_INPUT', '/to', M('swapSamePerson')))
    if (problems.length) throw new ServiceError('INVALID_INPUT', M('swapInvalid'), problems)
    const date = String(b.date)
    const otherDate = isDate(b.otherDate) ? b.otherDate : null
    const from = String(b.from)
    const to = String(b.to)
    const shiftId = shift!.id
    const schemeId = scheme.manifest.id
    const months = [...new Set([date.slice(0, 7), ...(otherDate ? [otherDate.slice(0, 7)] : [])])].sort()
    // Only a replacement (not an exchange) needs the role holders; read before the atomic update.
    const eligible = otherDate ? null : shiftHolders(await this.people(scheme.manifest.id), shift!).some((p) => p.username === to)
    const record: SwapRecord = { id: randomUUID(), at: nowIso, by, date, shift: shiftId, from, to, otherDate, reason: String(b.reason).trim() }
    /** Pure: check the swap against the rosters and apply it to them (throws the refusal). */
    const apply = (rosters: Map<string, Roster>): void => {
      const dayOf = (d: string) => rosters.get(d.slice(0, 7))!.days.find((x) => x.date === d)
      const day = dayOf(date)
      if (!day) throw new ServiceError('INVALID_INPUT', M('notAWorkday', { date }), [fieldProblem('NOT_A_WORKDAY', '/date', M('notAWorkdayField', { date }))])
      const on = day.shifts[shiftId] ?? []
      if (!on.includes(from))
        throw new ServiceError('INVALID_INPUT', M('notOnShift', { date, shift: shift!.name, who: from }), [
          fieldProblem('NOT_ON_DUTY', '/from', M('notOnShiftField', { who: from })),
        ])
      if (otherDate) {
        const other = dayOf(otherDate)
        if (!other)
          throw new ServiceError('INVALID_INPUT', M('notAWorkday', { date: otherDate }), [
            fieldProblem('NOT_A_WORKDAY', '/otherDate', M('notAWorkdayField', { date: otherDate })),
          ])
        const onOther = other.shifts[shiftId] ?? []
        if (!onOther.includes(to))
          throw new ServiceError('INVALID_INPUT', M('notOnShift', { date: otherDate, shift: shift!.name, who: to }), [
            fieldProblem('NOT_ON_DUTY', '/to', M('notOnShiftOtherField', { who: to, date: otherDate })),
          ])
        if (otherDate === date) throw new ServiceError('INVALID_INPUT', M('swapSameDate'), [fieldProblem('INVALID_INPUT', '/otherDate', M('swapSameDate'))])
        if (onOther.includes(from) || on.includes(to)) throw new ServiceError('CONFLICT', M('alreadyOnOtherSide'))
        if (Object.values(day.shifts).flat().includes(to) || Object.values(other.shifts).flat().includes(from))
          throw new ServiceError('CONFLICT', M('alreadyOnOtherShift'))
        day.shifts[shiftId] = on.map((u) => (u === from ? to : u))
        other.shifts[shiftId] = onOther.map((u) => (u === to ? from : u))
      } else {
        if (!eligible) {
          throw new ServiceError('INVALID_INPUT', M('notEligible', { who: to, role: shift!.role, shift: shift!.name }), [
            fieldProblem('NOT_ELIGIBLE', '/to', M('notEligibleField', { who: to, shift: shift!.name })),
          ])
        }
        if (Object.values(day.shifts).flat().includes(to)) throw new ServiceError('CONFLICT', M('alreadyOnDuty', { who: to }))
        day.shifts[shiftId] = on.map((u) => (u === from ? to : u))
      }
      for (const r of rosters.values()) r.swaps.push(record)
    }
    const notGenerated = (m: string) => new ServiceError('NOT_FOUND', M('notGenerated', { month: m }))
    // Each month's roster is checked and changed in one atomic update against its current state (other instances included).
    const update = (m: string, others: Map<string, Roster>) =>
      this.store.updateDoc<Roster>(this.key(schemeId, m), (cur) => {
        if (!cur) throw notGenerated(m)
        const rosters = new Map(months.map((x) => [x, x === m ? structuredClone(cur) : structuredClone(others.get(x)!)]))
        apply(rosters)
        return rosters.get(m)!
      })
    try {
      if (months.length === 1) {
        await update(months[0]!, new Map())
      } else {
        // An exchange across two months: checked in full on both rosters first, then each month's half is
        // applied atomically (re-checked against that month's current roster), in month order; if the
        // second is refused (changed meanwhile), the first half is undone.
        const read = new Map<string, Roster>()
        for (const m of months) {
          const r = await this.get(schemeId, m)
          if (!r) throw notGenerated(m)
          read.set(m, r)
        }
        apply(new Map([...read].map(([m, r]) => [m, structuredClone(r)])))
        const [first, second] = months as [string, string]
        await update(first, read)
        try {
          await update(second, read)
        } catch (e) {
          await this.store.updateDoc<Roster>(this.key(schemeId, first), (cur) => (cur ? undoSwap(cur, record, first) : cur!))
          throw e
        }
      }
    } finally {
      // the rosters changed, or a refused swap wrote nothing or undid its half: one write, never a stale cache
      await this.changed(schemeId)
    }
    await this.store.appendAudit([{ at: nowIso, actor: by, caseId: null, schemeId, action: 'duty.roster.swap', changes: { schemeId, ...record } }])
    return record
  }

  /** Who is on duty on a date, by shift, with names. */
  async onDuty(scheme: CompiledScheme, date: string) {
    const def = rosterDef(scheme)
    if (!isDate(date)) throw new ServiceError('INVALID_INPUT', M('dateFormat'), [fieldProblem('INVALID_INPUT', '/date', M('dateFormat'))])
    const cal = scheme.calendar
    const info = cal.covers(date) ? cal.dayInfo(date) : null
    const roster = await this.get(scheme.manifest.id, date.slice(0, 7))
    const day = roster?.days.find((d) => d.date === date)
    const names = new Map((await this.people(scheme.manifest.id)).map((p) => [p.username, p.displayName]))
    return {
      date,
      workday: info?.workday ?? null,
      dayKind: info?.kind ?? null,
      dayName: info?.name ?? null,
      unit: def.unit,
      rosterGenerated: !!roster,
      shifts: def.shifts.map((sh) => ({
        id: sh.id,
        name: sh.name,
        ...(sh.nameEn ? { nameEn: sh.nameEn } : {}),
        role: sh.role,
        ...(sh.unit ? { unit: sh.unit, unitName: sh.unitName, ...(sh.unitNameEn ? { unitNameEn: sh.unitNameEn } : {}) } : {}),
        ...(sh.of ? { of: sh.of } : {}),
        people: (day?.shifts[sh.id] ?? []).map((u) => ({ username: u, name: names.get(u) ?? u })),
      })),
      swaps: (roster?.swaps ?? []).filter((s) => s.date === date || s.otherDate === date),
    }
  }
}

/** GET /api/duty/:id/today */
export type OnDuty = Awaited<ReturnType<RosterService['onDuty']>>

/**
 * Every day of a month as the scheme's working calendar has it — workday, weekend, holiday or
 * 调休 make-up workday, with the holiday's name — so a month view can grey the days off and mark
 * the make-up workdays, with or without a roster.
 */
export function monthDays(scheme: CompiledScheme, month: string): DayInfo[] {
  if (!isMonth(month)) throw badMonth(month)
  const cal = scheme.calendar
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()
  const dates = Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`)
  if (!cal.covers(dates[0]!) || !cal.covers(dates[dates.length - 1]!)) {
    throw new ServiceError('INVALID_INPUT', M('calendarNotCovered', { month, from: cal.from, to: cal.to }), [
      fieldProblem('CALENDAR_NOT_COVERED', '/month', M('calendarNotCoveredField', { month })),
    ])
  }
  return dates.map((d) => cal.dayInfo(d))
}

function alreadyGenerated(month: string, existing: Roster): ServiceError {
  return new ServiceError('CONFLICT', M('alreadyGenerated', { month, swaps: existing.swaps.length }))
}

/** Pure: a roster of `month` without the given swap (its record and its change on that month's day), when it holds it. */
function undoSwap(r: Roster, s: SwapRecord, month: string): Roster {
  if (!r.swaps.some((x) => x.id === s.id)) return r
  const back = (d: RosterDay, now: string, was: string): RosterDay => ({
    ...d,
    shifts: { ...d.shifts, [s.shift]: (d.shifts[s.shift] ?? []).map((u) => (u === now ? was : u)) },
  })
  return {
    ...r,
    swaps: r.swaps.filter((x) => x.id !== s.id),
    days: r.days.map((d) =>
      d.date === s.date && s.date.startsWith(month)
        ? back(d, s.to, s.from)
        : d.date === s.otherDate && s.otherDate.startsWith(month)
          ? back(d, s.from, s.to)
          : d,
    ),
  }
}

function badMonth(month: unknown): ServiceError {
  return new ServiceError('INVALID_INPUT', M('badMonth', { month: String(month) }), [fieldProblem('INVALID_INPUT', '/month', M('badMonthField'))])
}
