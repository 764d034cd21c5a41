/**
 * The assessment's case statistics per village, from the case summaries: petitions in the area,
 * proxied (outcomes the triage definition marks `proxied`), online (channels marked `online`),
 * concluded and resolved. What counts is decided by the definitions, not here.
 */
import type { CompiledScheme } from '../../engine'
import type { CaseSummary } from '../store'
import { representative } from '../channels/similar'

export interface VillageCounts {
  petitions: number
  proxied: number
  online: number
  concluded: number
  resolved: number
  /** Concluded proxied cases whose petitioner was told the result (办结反馈) */
  feedback: number
  /** … and was satisfied */
  satisfied: number
}

export function emptyCounts(): VillageCounts {
  return { petitions: 0, proxied: 0, online: 0, concluded: 0, resolved: 0, feedback: 0, satisfied: 0 }
}

export function countByVillage(scheme: CompiledScheme, summaries: Iterable<CaseSummary>, period: { from: string; to: string }): Map<string, VillageCounts> {
  const all = [...summaries]
  // Linked cases (重复访、多头访) are one matter: only the group's first case counts.
  const byId = new Map(all.filter((s) => s.linked?.length).map((s) => [s.id, s]))
  const outcomes = new Map((scheme.ruleSetFor('outcome')?.def.outcomes ?? []).map((o) => [o.id, o]))
  const online = new Set(scheme.defs.org.channels.filter((c) => c.online).map((c) => c.id))
  const out = new Map<string, VillageCounts>()
  for (const v of scheme.defs.org.villages) out.set(v.name, emptyCounts())
  for (const s of all) {
    if ((s.machine ?? 'case') !== 'case' || !s.receivedOn || s.receivedOn < period.from || s.receivedOn > period.to) continue
    if (s.linked?.length && !representative(s, byId)) continue
    const key = s.village ?? '（未填写）'
    const c = out.get(key) ?? emptyCounts()
    c.petitions++
    if (s.channel && online.has(s.channel)) c.online++
    if (s.outcome && outcomes.get(s.outcome)?.proxied) {
      c.proxied++
      if (s.concludedOn && s.concludedOn <= period.to) {
        c.concluded++
        if (s.resolved) c.resolved++
        if (s.satisfied !== null && s.satisfied !== undefined) {
          c.feedback++
          if (s.satisfied) c.satisfied++
        }
      }
    }
    out.set(key, c)
  }
  return out
}
