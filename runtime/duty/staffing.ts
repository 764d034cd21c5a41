/**
 * Staffing minimums (org `staffing`, 附件2 三（二）: at least 3 full-time officers at the station,
 * at least 3 officers at each village point) checked against the accounts: who serves where, and
 * the shortfalls. A check can be recorded (dated, audited); the recorded checks are the records the
 * assessment reads for the inputs the duty definition binds to staffing.
 */
import { randomUUID } from 'node:crypto'
import type { CompiledScheme } from '../../engine'
import type { Store } from '../store'
import { unitMembers, villageOf, type Person } from './people'

export interface StaffingRow {
  unit: string
  unitName: string
  unitType: string
  /** Village name, for points */
  village: string | null
  role: string
  roleName: string
  min: number
  count: number
  /** Display names of the people counted */
  people: string[]
  shortfall: number
  source: string | null
}

export interface StaffingReport {
  rows: StaffingRow[]
  shortfalls: StaffingRow[]
  ok: boolean
  /** Village name → every minimum of its point(s) met */
  villagesOk: Record<string, boolean>
}

export interface StaffingCheckRecord {
  id: string
  date: string
  at: string
  by: string
  villagesOk: Record<string, boolean>
  shortfalls: Array<Omit<StaffingRow, 'people'>>
}

/** Pure: the minimums of the org definition against the people. */
export function checkStaffing(scheme: CompiledScheme, people: Person[]): StaffingReport {
  const org = scheme.defs.org
  const roleName = new Map(org.roles.map((r) => [r.id, r.name]))
  const rows: StaffingRow[] = []
  for (const st of org.staffing ?? []) {
    for (const unit of org.units.filter((u) => u.type === st.unitType)) {
      const members = unitMembers(org, people, unit, [st.role])
      rows.push({
        unit: unit.id,
        unitName: unit.name,
        unitType: unit.type,
        village: unit.type === 'point' ? (villageOf(org, unit.village)?.name ?? null) : null,
        role: st.role,
        roleName: roleName.get(st.role) ?? st.role,
        min: st.min,
        count: members.length,
        people: members.map((m) => m.person.displayName),
        shortfall: Math.max(0, st.min - members.length),
        source: st.source ?? null,
      })
    }
  }
  const villagesOk: Record<string, boolean> = {}
  for (const v of org.villages) {
    const mine = rows.filter((r) => r.village === v.name)
    villagesOk[v.name] = mine.length > 0 && mine.every((r) => r.shortfall === 0)
  }
  const shortfalls = rows.filter((r) => r.shortfall > 0)
  return { rows, shortfalls, ok: shortfalls.length === 0, villagesOk }
}

/** Recorded checks, newest last (at most the last 500 kept). */
export class StaffingRecords {
  constructor(private readonly store: Store) {}

  key(schemeId: string) {
    return `duty/${schemeId}/staffing-checks`
  }

  async list(schemeId: string): Promise<StaffingCheckRecord[]> {
    return (await this.store.getDoc<StaffingCheckRecord[]>(this.key(schemeId))) ?? []
  }

  async record(scheme: CompiledScheme, report: StaffingReport, date: string, by: string, nowIso: string): Promise<StaffingCheckRecord> {
    const rec: StaffingCheckRecord = {
      id: randomUUID(),
      date,
      at: nowIso,
      by,
      villagesOk: report.villagesOk,
      shortfalls: report.shortfalls.map(({ people: _p, ...rest }) => rest),
    }
    const key = this.key(scheme.manifest.id)
    await this.store.updateDoc<StaffingCheckRecord[]>(key, (all) => [...(all ?? []), rec].slice(-500))
    await this.store.appendAudit([
      {
        at: nowIso,
        actor: by,
        caseId: null,
        schemeId: scheme.manifest.id,
        action: 'duty.staffing.check',
        changes: { schemeId: scheme.manifest.id, id: rec.id, date, shortfalls: rec.shortfalls.length },
      },
    ])
    return rec
  }
}
