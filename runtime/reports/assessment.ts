/**
 * The 考核办法 computed from the cases and the assessor's entries.
 *
 * Case statistics (petitions, proxied, online, concluded, resolved) come from the case summaries;
 * everything the cases cannot tell — organisation and system items, bonus evidence, escalations,
 * veto incidents — is entered by assessors as dated entries with who, when and a note or an
 * attachment reference as evidence. How an entry aggregates over a period follows the scoring
 * definition's input schema: a yes/no item takes its latest value up to the period's end; a count
 * is summed over the entries dated within the period.
 *
 * Items the scheme's duty definition binds to records (the village's yearly meeting, training
 * with a roll call, the staffing check…) take their value from those records in the period; an
 * assessor's entry for the item still wins, and the breakdown says which record or entry earned
 * each point.
 */
import { randomUUID } from 'node:crypto'
import { score, isDate, formatFormula, formatProblem, type CompiledScheme, type ScoreResult } from '../../engine'
import { collectTitles } from '../../engine/scoring/score'
import type { Store, CaseSummary } from '../store'
import { countByVillage, emptyCounts, type VillageCounts } from './counts'
import { fieldProblem, ServiceError } from '../errors'
import { reportMsg as M } from './messages'
import { recordInputs, type RecordEvidence, type RecordValue } from '../duty/records'

type ScoringDef = NonNullable<ReturnType<CompiledScheme['scoring']>>

export interface AssessmentEntry {
  id: string
  schemeId: string
  village: string
  /** Input path in the scoring definition, e.g. "organization.stableTeam", "bonus.reportsAdopted", "escalations.city", "veto" */
  item: string
  value: boolean | number
  /** The day the fact happened or was established */
  date: string
  by: string
  at: string
  note: string
  attachment?: string
}

export interface Period {
  /** "2026-10" (month) or "2026" (year) */
  id: string
  from: string
  to: string
  kind: 'month' | 'year'
}

export function parsePeriod(id: string): Period {
  if (/^\d{4}$/.test(id)) return { id, from: `${id}-01-01`, to: `${id}-12-31`, kind: 'year' }
  const m = /^(\d{4})-(\d{2})$/.exec(id)
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()
    return { id, from: `${id}-01`, to: `${id}-${String(last).padStart(2, '0')}`, kind: 'month' }
  }
  throw new ServiceError('INVALID_INPUT', M('badPeriod', { id }), [fieldProblem('INVALID_PERIOD', '/period', M('badPeriodField'))])
}

type ManualItems = Map<string, { kind: 'boolean' | 'count'; title: string }>
const manualItemsOf = new WeakMap<ScoringDef, ManualItems>()

/** Input leaves of the scoring definition: path → 'boolean' | 'count'. */
export function manualItems(def: ScoringDef): ManualItems {
  return new Map(manualItemsCached(def))
}

/** The same, read once per definition (compiled definitions do not change); not to be modified. */
function manualItemsCached(def: ScoringDef): ManualItems {
  const known = manualItemsOf.get(def)
  if (known) return known
  const out: ManualItems = new Map()
  const walk = (schema: Record<string, unknown>, prefix: string) => {
    for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      const p = prefix ? `${prefix}.${k}` : k
      if (p === 'counts') continue // from the cases
      if (sub.type === 'object') walk(sub, p)
      else if (sub.type === 'boolean') out.set(p, { kind: 'boolean', title: String(sub.title ?? p) })
      else if (sub.type === 'integer' || sub.type === 'number') out.set(p, { kind: 'count', title: String(sub.title ?? p) })
    }
  }
  walk(def.inputs, '')
  manualItemsOf.set(def, out)
  return out
}

/**
 * The scoring definition as the staff app shows it: sections and items with their full marks and
 * explanations, the grade bands, the vetoes and the letters (三函一约谈) the scheme calls for, the
 * input schema (titles of the manual items). Formulas appear formatted, as in the score breakdown.
 */
export function scoringDefinitionView(def: ScoringDef, town: string) {
  const labels = collectTitles(def.inputs, '', new Map<string, string>())
  for (const v of def.variables) labels.set(v.id, v.name)
  const label = (n: string) => labels.get(n) ?? n
  const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>
  return {
    town,
    ...pick(def, ['id', 'name', 'nameEn', 'description', 'subject', 'max', 'rounding', 'grades', 'gradeNote']),
    ...(typeof (def as { source?: unknown }).source === 'string' ? { source: (def as { source?: string }).source } : {}),
    inputs: def.inputs,
    variables: def.variables.map((v) => ({ ...pick(v, ['id', 'name', 'nameEn', 'explain']), formula: formatFormula(v.formula, label) })),
    sections: def.sections.map((sec) => ({
      ...pick(sec, ['id', 'name', 'nameEn', 'description', 'max', 'base', 'floor']),
      ...(typeof (sec as { source?: unknown }).source === 'string' ? { source: (sec as { source?: string }).source } : {}),
      items: sec.items.map((it) => ({ ...pick(it, ['id', 'name', 'nameEn', 'max', 'explain', 'source']), formula: formatFormula(it.formula, label) })),
    })),
    vetoes: def.vetoes.map((v) => pick(v, ['id', 'name', 'nameEn', 'description', 'grade'])),
    letters: (def.letters ?? []).map((l) => ({ ...pick(l, ['id', 'name', 'nameEn', 'description', 'letter']), when: formatFormula(l.when, label) })),
  }
}

/** GET /api/assessment/:id/definition */
export type ScoringDefinitionView = ReturnType<typeof scoringDefinitionView>

/** What earned an item: an assessor's entry, or a duty record (training, meeting, staffing check…). */
export type Evidence = (AssessmentEntry & { source: 'entry' }) | RecordEvidence

const declaredOf = new WeakMap<ScoringDef, string[]>()

/** Only the statistics the scoring definition declares (its input schema refuses others). */
export function declaredCounts(scheme: CompiledScheme, counts: VillageCounts): Record<string, number> {
  const def = scheme.scoring()!
  let declared = declaredOf.get(def)
  if (!declared) {
    declared = Object.keys(((def.inputs.properties as Record<string, { properties?: object }> | undefined)?.counts?.properties ?? {}) as object)
    declaredOf.set(def, declared)
  }
  const out: Record<string, number> = {}
  for (const k of declared) out[k] = (counts as unknown as Record<string, number>)[k] ?? 0
  return out
}

export interface VillageScore {
  village: string
  counts: VillageCounts
  input: Record<string, unknown>
  result: ScoreResult
  rank: number
  /** Which entries or records earned each manual item */
  evidence: Record<string, Evidence[]>
  /** Values the duty records give the bound items (also where an entry overrides them) */
  records: Record<string, RecordValue>
  /** Bound items where an assessor's entry overrides the records */
  overridden: string[]
  /** Items below full marks, biggest gap first: what would lift the score */
  lift: Array<{ item: string; name: string; gap: number }>
}

export class AssessmentService {
  constructor(private readonly store: Store) {}

  private key(schemeId: string) {
    return `assessment-entries/${schemeId}`
  }

  async entries(schemeId: string): Promise<AssessmentEntry[]> {
    return (await this.store.getDoc<AssessmentEntry[]>(this.key(schemeId))) ?? []
  }

  async addEntry(scheme: CompiledScheme, input: unknown, by: string, nowIso: string): Promise<AssessmentEntry> {
    const def = scheme.scoring()!
    const items = manualItems(def)
    const b = (input ?? {}) as Record<string, unknown>
    const problems: Array<{ code: string; pointer: string; message: string }> = []
    const known = new Set(['village', 'item', 'value', 'date', 'note', 'attachment'])
    for (const k of Object.keys(b)) if (!known.has(k)) problems.push(fieldProblem('UNKNOWN_FIELD', `/${k}`, M('unknownField', { field: k })))
    const item = items.get(String(b.item))
    if (!item) problems.push(fieldProblem('UNKNOWN_ITEM', '/item', M('unknownItem', { item: String(b.item), items: [...items.keys()] })))
    if (typeof b.village !== 'string' || !b.village.trim()) problems.push(fieldProblem('REQUIRED', '/village', M('villageRequired')))
    // the ranking lists the org's villages: an entry for a village not in the list would add a row of its own
    else if (!scheme.defs.org.villages.some((v) => v.name === String(b.village).trim()))
      problems.push(fieldProblem('UNKNOWN_OPTION', '/village', M('unknownVillage', { village: String(b.village).trim().slice(0, 40) })))
    if (!isDate(b.date)) problems.push(fieldProblem('INVALID_INPUT', '/date', M('dateFormat')))
    if (typeof b.note !== 'string' || !b.note.trim()) problems.push(fieldProblem('REQUIRED', '/note', M('noteRequired')))
    if (item?.kind === 'boolean' && typeof b.value !== 'boolean') problems.push(fieldProblem('INVALID_INPUT', '/value', M('yesNo')))
    if (item?.kind === 'count' && !(Number.isInteger(b.value) && (b.value as number) >= 0 && (b.value as number) <= 10_000))
      problems.push(fieldProblem('INVALID_INPUT', '/value', M('count')))
    if (b.attachment !== undefined && (typeof b.attachment !== 'string' || b.attachment.length > 500))
      problems.push(fieldProblem('INVALID_INPUT', '/attachment', M('attachment')))
    if (problems.length) throw new ServiceError('INVALID_INPUT', M('entryInvalid'), problems)
    const e: AssessmentEntry = {
      id: randomUUID(),
      schemeId: scheme.manifest.id,
      village: String(b.village).trim(),
      item: String(b.item),
      value: b.value as boolean | number,
      date: String(b.date),
      by,
      at: nowIso,
      note: String(b.note).trim(),
    }
    if (typeof b.attachment === 'string') e.attachment = b.attachment
    // Atomic against other instances: two assessors adding entries at once both keep theirs.
    await this.store.updateDoc<AssessmentEntry[]>(this.key(scheme.manifest.id), (all) => [...(all ?? []), e])
    await this.store.appendAudit([{ at: nowIso, actor: by, caseId: null, action: 'assessment.entry', changes: e }])
    return e
  }

  /** The scoring input of one village for a period, with the entries behind each item. */
  inputFor(
    scheme: CompiledScheme,
    village: string,
    counts: VillageCounts,
    entries: AssessmentEntry[],
    period: Period,
    records: Map<string, RecordValue> = new Map(),
  ): { input: Record<string, unknown>; evidence: Record<string, Evidence[]>; overridden: string[] } {
    const items = manualItemsCached(scheme.scoring()!)
    const input: Record<string, unknown> = { counts: declaredCounts(scheme, counts) }
    const evidence: Record<string, Evidence[]> = {}
    const overridden: string[] = []
    const asEvidence = (e: AssessmentEntry): Evidence => ({ ...e, source: 'entry' })
    const set = (path: string, v: unknown) => {
      const parts = path.split('.')
      let cur = input
      for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>
      cur[parts[parts.length - 1]!] = v
    }
    const ofVillage = entries.filter((e) => e.village === village && e.date <= period.to)
    for (const [path, info] of items) {
      const mine = ofVillage.length ? ofVillage.filter((e) => e.item === path) : ofVillage
      const fromRecords = records.get(path)
      if (info.kind === 'boolean') {
        const latest = [...mine].sort((a, b) => (a.date === b.date ? a.at.localeCompare(b.at) : a.date.localeCompare(b.date))).pop()
        if (latest) {
          set(path, latest.value === true)
          evidence[path] = [asEvidence(latest)]
          if (fromRecords) overridden.push(path)
        } else if (fromRecords) {
          set(path, fromRecords.value)
          if (fromRecords.records.length) evidence[path] = fromRecords.records
        }
      } else {
        const within = mine.filter((e) => e.date >= period.from)
        if (within.length) {
          set(
            path,
            within.reduce((a, e) => a + Number(e.value), 0),
          )
          evidence[path] = within.map(asEvidence)
        }
      }
    }
    for (const k of ['organization', 'systems']) input[k] ??= {}
    return { input, evidence, overridden }
  }

  /**
   * Scores of every village for a period (ranked), from the cases and the entries. `counted`: the
   * period's counts by village when the caller has them already (counts.ts yearToDate).
   */
  async scores(scheme: CompiledScheme, summaries: Iterable<CaseSummary>, period: Period, counted?: Map<string, VillageCounts>): Promise<VillageScore[]> {
    const entries = await this.entries(scheme.manifest.id)
    const counts = counted ? new Map(counted) : countByVillage(scheme, summaries, period)
    for (const e of entries) if (!counts.has(e.village)) counts.set(e.village, emptyCounts())
    const fromRecords = await recordInputs(this.store, scheme, period, [...counts.keys()])
    const byVillage = new Map<string, AssessmentEntry[]>()
    for (const e of entries) {
      const list = byVillage.get(e.village)
      if (list) list.push(e)
      else byVillage.set(e.village, [e])
    }
    const out: VillageScore[] = []
    for (const [village, c] of counts) {
      const records = fromRecords.get(village) ?? new Map<string, RecordValue>()
      const { input, evidence, overridden } = this.inputFor(scheme, village, c, byVillage.get(village) ?? [], period, records)
      const r = score(scheme, input)
      if (!r.ok)
        throw new ServiceError(
          'INVALID_INPUT',
          M('villageData', {
            village,
            problems: { zh: r.problems.map((p) => formatProblem(p, 'zh-CN')).join('；'), en: r.problems.map((p) => formatProblem(p, 'en')).join('; ') },
          }),
          r.problems,
        )
      const lift = r.result.items
        .filter((i) => i.max !== null && i.value < i.max && i.section !== 'deductions')
        .map((i) => ({ item: i.id, name: i.name, gap: Math.round((i.max! - i.value) * 100) / 100 }))
        .concat(
          r.result.items
            .filter((i) => i.section === 'deductions' && i.value < 0)
            .map((i) => ({ item: i.id, name: i.name, gap: Math.round(-i.value * 100) / 100 })),
        )
        .sort((a, b) => b.gap - a.gap)
      out.push({ village, counts: c, input, result: r.result, rank: 0, evidence, records: Object.fromEntries(records), overridden, lift })
    }
    out.sort((a, b) => b.result.total - a.result.total || a.village.localeCompare(b.village, 'zh-CN'))
    out.forEach((v, i) => (v.rank = i > 0 && out[i - 1]!.result.total === v.result.total ? out[i - 1]!.rank : i + 1))
    return out
  }
}
