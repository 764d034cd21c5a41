/**
 * Repeat and multi-channel petitions (重复访、多头访). At registration the officer sees earlier
 * cases from the same petitioner (ID number, phone, or name plus village — compared as keyed
 * hashes, never as plaintext in the index) or about the same matter (same village and category in
 * the last 180 days), and may link them. Linked cases count once for the rates; a later case in a
 * group is a 重复访 when it came through the same channel as an earlier one, else a 多头访.
 *
 * What is compared is named by field role (engine/scheme/field-roles.ts): the petitioner's ID
 * number, phone and name, the village, the category and the received date, whatever the scheme
 * calls those fields.
 */
import type { Store, CaseSummary } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import { fieldProblem, ServiceError, notFound } from '../errors'
import { channelMsg as M } from './messages'
import { matchKeys } from '../cases/summary'
import { addCalendarDays, fieldRoles, isDate, rolesOf, type CaseContext, type RoleValues } from '../../engine'

export interface Similar {
  caseId: string
  number: string
  receivedOn: string | null
  channel: string | null
  village: string | null
  category: string | null
  stage: string
  reasons: string[]
  linked: boolean
}

/**
 * Matches in cases the user may not read: how many, and where to ask (the case's village and the
 * units it went to) — never a number, an id or anything about the petitioner.
 */
export interface SimilarElsewhere {
  village: string | null
  /** Names of the units the cases were dispatched to */
  units: string[]
  count: number
}

/** POST /api/schemes/:id/similar, GET /api/cases/:caseId/similar */
export interface SimilarResult {
  items: Similar[]
  elsewhere: SimilarElsewhere[]
}

export interface FindOptions {
  /** The case being looked at, left out of its own matches */
  exclude?: string
  /** May the user read this case? Only those are listed; the rest are counted in `elsewhere`. */
  visible: (s: CaseSummary) => boolean
}

export class SimilarService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly schemes: SchemeRegistry,
  ) {}

  /** Cases like a probe keyed by role (`{ idNumber, phone, petitionerName, village, category, receivedOn }`). */
  async find(schemeId: string, probe: RoleValues, opts: FindOptions): Promise<SimilarResult> {
    const { exclude, visible } = opts
    const keys = new Set(matchKeys(probe))
    const village = typeof probe.village === 'string' ? probe.village : null
    const category = typeof probe.category === 'string' ? probe.category : null
    const receivedOn = isDate(probe.receivedOn) ? probe.receivedOn : new Date(this.now()).toISOString().slice(0, 10)
    const since = addCalendarDays(receivedOn, -180)
    const out: Similar[] = []
    const hidden = new Map<string, { village: string | null; units: Set<string>; count: number }>()
    const excluded = exclude ? await this.store.getCase(exclude) : null
    for (const s of await this.store.allSummaries({ schemeId })) {
      if (s.id === exclude || (s.machine ?? 'case') !== 'case') continue
      const reasons: string[] = []
      for (const k of s.matchKeys ?? []) {
        if (!keys.has(k)) continue
        reasons.push(k.startsWith('id:') ? '身份证号相同' : k.startsWith('ph:') ? '联系电话相同' : '姓名和嘎查村（社区）相同')
      }
      if (village && category && s.village === village && s.category === category && (s.receivedOn ?? '') >= since)
        reasons.push('同一嘎查村（社区）近半年同类事项')
      if (!reasons.length) continue
      if (!visible(s)) {
        const h = hidden.get(s.village ?? '') ?? { village: s.village, units: new Set<string>(), count: 0 }
        h.count++
        for (const u of s.units ?? []) h.units.add(u)
        hidden.set(s.village ?? '', h)
        continue
      }
      out.push({
        caseId: s.id,
        number: s.number,
        receivedOn: s.receivedOn,
        channel: s.channel,
        village: s.village,
        category: s.category,
        stage: s.stateName ?? s.stage,
        reasons,
        linked: !!excluded?.summary.linked?.includes(s.id),
      })
    }
    const unitName = await this.unitNames(schemeId)
    return {
      items: out.sort((a, b) => b.reasons.length - a.reasons.length || (b.receivedOn ?? '').localeCompare(a.receivedOn ?? '')).slice(0, 50),
      elsewhere: [...hidden.values()]
        .map((h) => ({ village: h.village, units: [...h.units].map(unitName).sort((a, b) => a.localeCompare(b, 'zh-CN')), count: h.count }))
        .sort((a, b) => b.count - a.count || (a.village ?? '').localeCompare(b.village ?? '', 'zh-CN')),
    }
  }

  /** Cases like a stored one: its facts read by the roles of its own scheme version and workflow. */
  async forCase(caseId: string, opts: Omit<FindOptions, 'exclude'>): Promise<SimilarResult> {
    const rec = await this.store.getCase(caseId)
    if (!rec) throw notFound(M('case'))
    const facts = (rec.snapshot as { context?: Partial<CaseContext> } | null)?.context?.facts ?? {}
    const probe = rolesOf(facts, fieldRoles(await this.schemes.get(rec.summary.schemeId, rec.schemeHash)).facts(rec.summary.machine ?? 'case'))
    return this.find(rec.summary.schemeId, probe, { ...opts, exclude: rec.summary.id })
  }

  /** Unit id → name in the scheme's newest version (the id itself when unknown). */
  private async unitNames(schemeId: string): Promise<(id: string) => string> {
    try {
      const v = await this.schemes.latest(schemeId)
      const units = new Map((await this.schemes.get(schemeId, v.hash)).defs.org.units.map((u) => [u.id, u.name]))
      return (id) => units.get(id) ?? id
    } catch {
      return (id) => id
    }
  }

  /** Link two cases as one matter; every member of both groups ends up linked to all others. */
  async link(aId: string, bId: string, actor: string): Promise<string[]> {
    if (aId === bId) throw new ServiceError('INVALID_INPUT', M('linkSelf'))
    const a = await this.store.getCase(aId)
    const b = await this.store.getCase(bId)
    if (!a || !b) throw notFound(M('case'))
    if (a.summary.schemeId !== b.summary.schemeId) throw new ServiceError('INVALID_INPUT', M('linkOtherScheme'))
    const group = new Set([a.summary.id, b.summary.id, ...(a.summary.linked ?? []), ...(b.summary.linked ?? [])])
    const nowIso = this.now().toISOString()
    for (const id of group) {
      const rec = await this.store.getCase(id)
      if (!rec) continue
      const others = [...group].filter((x) => x !== id).sort()
      if (JSON.stringify(rec.summary.linked ?? []) === JSON.stringify(others)) continue
      const v = rec.summary.version
      await this.store.updateCase({ ...rec, summary: { ...rec.summary, linked: others, version: v + 1, updatedAt: nowIso } }, v, [
        { at: nowIso, actor, caseId: id, schemeId: rec.summary.schemeId, action: 'link', changes: { linked: others }, fromVersion: v, toVersion: v + 1 },
      ])
    }
    return [...group].sort()
  }

  /**
   * Take `bId` out of the group `aId` belongs to: b keeps no links, the others stay linked to each
   * other. Returns the group of `aId` afterwards.
   */
  async unlink(aId: string, bId: string, actor: string): Promise<string[]> {
    const a = await this.store.getCase(aId)
    const b = await this.store.getCase(bId)
    if (!a || !b) throw notFound(M('case'))
    if (!(a.summary.linked ?? []).includes(bId))
      throw new ServiceError('INVALID_INPUT', M('notLinked', { a: a.summary.number, b: b.summary.number }), [
        fieldProblem('NOT_LINKED', '/caseId', M('notLinkedField')),
      ])
    const group = new Set([a.summary.id, ...(a.summary.linked ?? [])])
    group.delete(bId)
    const nowIso = this.now().toISOString()
    for (const id of [...group, bId]) {
      const rec = await this.store.getCase(id)
      if (!rec) continue
      const others = id === bId ? [] : [...group].filter((x) => x !== id).sort()
      const v = rec.summary.version
      const { linked: _old, ...rest } = rec.summary
      const summary = others.length ? { ...rest, linked: others } : rest
      await this.store.updateCase({ ...rec, summary: { ...summary, version: v + 1, updatedAt: nowIso } }, v, [
        {
          at: nowIso,
          actor,
          caseId: id,
          schemeId: rec.summary.schemeId,
          action: 'unlink',
          changes: { linked: others, removed: id === bId ? [...group] : [bId] },
          fromVersion: v,
          toVersion: v + 1,
        },
      ])
    }
    return group.size > 1 ? [...group].sort() : []
  }

  /** The cases linked with `caseId`, oldest first, each with its 重复访 / 多头访 kind; and the case's own. */
  async linkedOf(
    caseId: string,
  ): Promise<{ kind: 'repeat' | 'multi' | null; items: Array<Omit<Similar, 'reasons' | 'linked'> & { kind: 'repeat' | 'multi' | null }> }> {
    const rec = await this.store.getCase(caseId)
    if (!rec) throw notFound(M('case'))
    const ids = rec.summary.linked ?? []
    const byId = new Map<string, CaseSummary>([[rec.summary.id, rec.summary]])
    for (const id of ids) {
      const o = await this.store.getCase(id)
      if (o) byId.set(id, o.summary)
    }
    const items = ids
      .map((id) => byId.get(id))
      .filter((s): s is CaseSummary => !!s)
      .sort((x, y) => `${x.receivedOn ?? '9999'}|${x.number}`.localeCompare(`${y.receivedOn ?? '9999'}|${y.number}`))
      .map((s) => ({
        caseId: s.id,
        number: s.number,
        receivedOn: s.receivedOn,
        channel: s.channel,
        village: s.village,
        category: s.category,
        stage: s.stateName ?? s.stage,
        kind: repeatKind(s, byId),
      }))
    return { kind: repeatKind(rec.summary, byId), items }
  }
}

/** GET /api/cases/:caseId/links */
export type LinkedCases = Awaited<ReturnType<SimilarService['linkedOf']>>

/** The first case of each linked group (by received date, then number) represents it in the rates. */
export function representative(s: CaseSummary, byId: Map<string, CaseSummary>): boolean {
  if (!s.linked?.length) return true
  const key = (x: CaseSummary) => `${x.receivedOn ?? '9999'}|${x.number}`
  return s.linked.every((id) => {
    const o = byId.get(id)
    return !o || key(s) <= key(o)
  })
}

/** 重复访 / 多头访 of a later case in a group, relative to the earlier members. */
export function repeatKind(s: CaseSummary, byId: Map<string, CaseSummary>): 'repeat' | 'multi' | null {
  if (representative(s, byId)) return null
  const earlier = (s.linked ?? [])
    .map((id) => byId.get(id))
    .filter((o): o is CaseSummary => !!o && `${o.receivedOn}|${o.number}` < `${s.receivedOn}|${s.number}`)
  return earlier.some((o) => o.channel === s.channel) ? 'repeat' : 'multi'
}
