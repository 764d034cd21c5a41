/**
 * What the duty records say about a village's assessment inputs in a period (附件7 四（一）（二）):
 * the inputs the duty definition binds — e.g. the village's yearly meeting → systems.annualMeeting,
 * training with a roll call → systems.training, the recorded staffing check →
 * organization.stableTeam — take their value from the records dated in the period, with the
 * records that earned them. The assessment lets an assessor's entry override any of them.
 */
import type { CompiledScheme, DutyBind, DutyCadence } from '../../engine'
import type { Store } from '../store'
import { obligationsOf, occurrencesOf, readEvidence, type EvidenceRecord } from './obligations'
import { parseDutyPeriod, periodsDueWithin } from './periods'
import { StaffingRecords } from './staffing'

export interface RecordEvidence {
  source: 'record'
  kind: 'obligation' | 'staffing'
  /** Obligation id, or "staffing" */
  ref: string
  /** What the record is, e.g. "信访代办员教育培训（2026年1—2月）" */
  name: string
  recordId: string
  date: string
  by: string
  at: string
  note: string
}

export interface RecordValue {
  value: boolean
  /** The records that earned (or, for a false value, were considered for) the point */
  records: RecordEvidence[]
  /** For `every` bindings: the periods due in the assessment period without a record */
  missing: string[]
  rule: 'any' | 'every'
}

/** village name → input path → value from the records. Empty when the scheme has no duty definition. */
export async function recordInputs(
  store: Store,
  scheme: CompiledScheme,
  period: { from: string; to: string },
  villages: string[],
): Promise<Map<string, Map<string, RecordValue>>> {
  const out = new Map<string, Map<string, RecordValue>>(villages.map((v) => [v, new Map()]))
  const duty = scheme.defs.duty
  if (!duty) return out
  const schemeId = scheme.manifest.id
  const years: number[] = []
  for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) years.push(y)
  const bound = obligationsOf(scheme).filter((ob) => ob.binds?.length)
  const evidence = bound.length ? await readEvidence(store, schemeId, years) : []
  const set = (village: string, path: string, rv: RecordValue) => {
    const m = out.get(village)!
    const prev = m.get(path)
    // Two bindings of one input: it is earned when either earns it.
    if (!prev || (!prev.value && rv.value)) m.set(path, rv)
  }

  for (const ob of bound) {
    const mine = evidence.filter((e) => e.obligation === ob.id)
    const dueIn = periodsDueWithin(ob.every, period.from, period.to)
    for (const village of villages) {
      const vid = scheme.defs.org.villages.find((v) => v.name === village)?.id
      const counts = (e: EvidenceRecord) => (ob.scope === 'village' ? e.village === village : e.credits === null || e.credits.includes(village))
      const inPeriod = mine.filter((e) => counts(e) && e.date >= period.from && e.date <= period.to)
      for (const b of ob.binds as DutyBind[]) {
        const rule = b.rule ?? 'any'
        const missing: string[] = []
        if (rule === 'every') {
          for (const p of dueIn) {
            const occ = occurrencesOf(scheme, ob, p).find((o) => (ob.scope === 'village' ? o.village?.id === vid : true))
            if (!occ) continue
            if (!mine.some((e) => e.occurrence === occ.id && counts(e) && e.date <= period.to)) missing.push(p.name)
          }
        }
        set(village, b.input, {
          value: inPeriod.length > 0 && missing.length === 0,
          rule,
          missing,
          records: inPeriod.map((e) => ({
            source: 'record',
            kind: 'obligation',
            ref: ob.id,
            name: `${ob.name}（${periodName(ob.every, e.periodId)}）`,
            recordId: e.id,
            date: e.date,
            by: e.by,
            at: e.at,
            note: noteOf(e),
          })),
        })
      }
    }
  }

  const staffingBinds = duty.staffing?.binds ?? []
  if (staffingBinds.length) {
    const checks = (await new StaffingRecords(store).list(schemeId)).filter((c) => c.date >= period.from && c.date <= period.to)
    const latest = checks.sort((a, b) => a.date.localeCompare(b.date) || a.at.localeCompare(b.at)).pop()
    if (latest) {
      for (const village of villages) {
        const ok = latest.villagesOk[village] === true
        const short = latest.shortfalls.filter((s) => s.village === village)
        for (const b of staffingBinds) {
          set(village, b.input, {
            value: ok,
            rule: 'any',
            missing: [],
            records: [
              {
                source: 'record',
                kind: 'staffing',
                ref: 'staffing',
                name: '人员配备检查',
                recordId: latest.id,
                date: latest.date,
                by: latest.by,
                at: latest.at,
                note: ok
                  ? '服务点人员配备达到最低要求'
                  : short.length
                    ? short.map((s) => `${s.unitName}${s.roleName} ${s.count}/${s.min} 名`).join('；')
                    : '该村（社区）无服务点人员配备要求',
              },
            ],
          })
        }
      }
    }
  }
  return out
}

function periodName(every: DutyCadence, id: string): string {
  return parseDutyPeriod(every, id)?.name ?? id
}

function noteOf(e: EvidenceRecord): string {
  const parts = [`${e.date}`]
  if (e.present) parts.push(`点名到场 ${e.present.names.length} 人`)
  if (e.late) parts.push('逾期完成')
  for (const k of ['topic', 'title']) if (typeof e.form[k] === 'string') parts.push(String(e.form[k]))
  return parts.join('，')
}
