/**
 * The roster's shifts as the duty screens show them. A per-unit shift (实施方案 四（一）: each
 * 二级部门's 带班) is scheduled as one shift per unit — seventeen in Galutu — and shown as seventeen
 * columns or rows it buries the station's own 带班 and 值班 (the month grid ran each day's cell
 * off the screen, the printed roster ran to two pages of one-character columns). The screens show
 * the copies under one heading instead, unit by unit. Pure: no React, no requests.
 */
import type { Roster, Shift } from './api'

/** Something with a scheme-given name (`i18n.label` reads it) */
export interface Label {
  name: string
  nameEn?: string
}

/** What grouping reads of a shift: the roster definition's shifts and today's (GET …/today) both have it. */
export type ShiftLike = Label & Pick<Shift, 'id' | 'unit' | 'unitName' | 'unitNameEn' | 'of'>

/** A shift of its own (the station's 带班, 值班), or a per-unit shift with its copies in definition order. */
export type ShiftGroup<S extends ShiftLike = Shift> =
  { kind: 'shift'; id: string; label: Label; shift: S } | { kind: 'perUnit'; id: string; label: Label; units: S[] }

/** The shifts in definition order, the copies of a per-unit shift together where its first copy is. */
export function groupShifts<S extends ShiftLike>(shifts: S[]): Array<ShiftGroup<S>> {
  const out: Array<ShiftGroup<S>> = []
  const groups = new Map<string, Extract<ShiftGroup<S>, { kind: 'perUnit' }>>()
  for (const sh of shifts) {
    if (!sh.of) {
      out.push({ kind: 'shift', id: sh.id, label: sh, shift: sh })
      continue
    }
    let g = groups.get(sh.of.id)
    if (!g) {
      g = { kind: 'perUnit', id: sh.of.id, label: sh.of, units: [] }
      groups.set(sh.of.id, g)
      out.push(g)
    }
    g.units.push(sh)
  }
  return out
}

/** The unit a per-unit copy is at, as a label (the shift's own name for any other shift). */
export function unitLabel(sh: ShiftLike): Label {
  return { name: sh.unitName ?? sh.unit ?? sh.name, ...(sh.unitNameEn ? { nameEn: sh.unitNameEn } : {}) }
}

/**
 * Who took one shift on which days of the month: each person with their dates, in order of their
 * first day; `open` the days nobody took.
 */
export function turnsOf(days: Roster['days'], shiftId: string): { people: Array<{ username: string; dates: string[] }>; open: string[] } {
  const by = new Map<string, string[]>()
  const open: string[] = []
  for (const d of days) {
    const on = d.shifts[shiftId] ?? []
    if (!on.length) open.push(d.date)
    for (const u of on) by.set(u, [...(by.get(u) ?? []), d.date])
  }
  return { people: [...by].map(([username, dates]) => ({ username, dates })), open }
}

/** One line of the roster's shortfalls: a shift (or the units of a per-unit shift) short of `missing` people on `dates`. */
export interface GapLine {
  label: Label
  /** The units of a per-unit shift short on the same days; empty for a shift of its own */
  units: Label[]
  /** Every unit of the per-unit shift is short */
  allUnits: boolean
  dates: string[]
  /** Short on every working day of the month */
  allDays: boolean
  missing: number
}

/**
 * The roster's gaps, one line per shift and number missing: the copies of a per-unit shift short on
 * the same days together (a department without a leadership member is short all month; seventeen
 * such departments are one line, not 17 × 20 dates).
 */
export function gapLines(gaps: Roster['gaps'], shifts: Shift[], workdays: number): GapLine[] {
  const lines = new Map<string, GapLine>()
  for (const g of groupShifts(shifts)) {
    const members = g.kind === 'shift' ? [g.shift] : g.units
    for (const sh of members) {
      const byMissing = new Map<number, string[]>()
      for (const x of gaps) if (x.shift === sh.id) byMissing.set(x.missing, [...(byMissing.get(x.missing) ?? []), x.date])
      for (const [missing, dates] of byMissing) {
        const key = `${g.id}|${missing}|${dates.join(',')}`
        const line = lines.get(key) ?? { label: g.label, units: [], allUnits: false, dates, allDays: dates.length >= workdays, missing }
        if (g.kind === 'perUnit') {
          line.units.push(unitLabel(sh))
          line.allUnits = line.units.length === g.units.length
        }
        lines.set(key, line)
      }
    }
  }
  return [...lines.values()]
}
