/**
 * CaseFilter and Page as SQL over the `cases` columns, reproducing runtime/store/query.ts exactly:
 *
 * - `state` matches the state or any sub-state ("closed" matches "closed.excluded");
 * - equality filters ignore undefined / null / '' and never match a non-string value;
 * - `unit`: the case was dispatched to that unit (units @> ARRAY[unit], GIN index);
 * - `dueOnOrBefore`: active, with a due date whose prefix (at the bound's length) is ≤ the bound;
 *   `receivedFrom` / `receivedTo` likewise on receivedOn ("2026-03-01T10:00" is on 2026-03-01).
 *   `left(v, n) <= d` is written as `v < upper(d)` (d with its last character incremented) and
 *   `left(v, n) >= d` as `v >= d` — equivalent, and ranges a b-tree index can scan;
 * - `jurisdiction`: the village is listed or the case was dispatched to a listed unit;
 * - `machine`: the summary's machine, "case" when it names none;
 * - `channels` / `outcomes`: the channel / the summary's triage outcome is listed; `concluded`,
 *   `resolved`, `feedback`, `satisfied`: the summary's concludedOn is set, resolved is true,
 *   satisfied is a boolean, satisfied equals the wanted boolean (the reports' click-through);
 * - `concludedOnOrBefore`: concludedOn is set and its prefix is ≤ the bound (as receivedTo);
 *   `ids` / `excludeIds`: the case id is / is not listed (the reports leave out linked repeats);
 * - `q`: trimmed, lower-cased substring of number, petitionerName or category (the `search` column
 *   holds the three lower-cased by JavaScript, so the result is exactly query.ts's);
 * - sort: any sortable summary key; default receivedOn desc; nulls always last; ties by number
 *   (same direction), then id ascending. Human text keys in Chinese collation (daiban_zh).
 */
import type { CaseFilter, CaseSummary, Page } from '../types'
import { compileSort } from '../query'

export class SqlParams {
  readonly values: unknown[] = []
  add(v: unknown): string {
    this.values.push(v)
    return `$${this.values.length}`
  }
}

const EQ_COLUMNS: Array<[keyof CaseFilter, string]> = [
  ['stage', 'stage'],
  ['status', 'status'],
  ['village', 'village'],
  ['group', '"group"'],
  ['channel', 'channel'],
  ['officer', 'officer'],
  ['schemeId', 'scheme_id'],
]

/**
 * The smallest string above every string that starts with `d` (code point order): `d` with its
 * last character replaced by the next code point (carrying past U+10FFFF), or null when there is
 * none. Then `left(v, len(d)) <= d` ⇔ `v < upper(d)` — a plain range an index can scan.
 */
export function prefixUpperBound(d: string): string | null {
  const cps = Array.from(d, (c) => c.codePointAt(0)!)
  while (cps.length) {
    let last = cps.pop()! + 1
    if (last === 0xd800) last = 0xe000 // no surrogates in a string
    if (last <= 0x10ffff) {
      cps.push(last)
      return String.fromCodePoint(...cps)
    }
  }
  return null
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c)
}

/** `WHERE` conditions (joined with AND; 'TRUE' when none) for a filter. */
export function whereSql(filter: CaseFilter | undefined, p: SqlParams): string {
  const f = filter ?? {}
  const parts: string[] = []
  const given = (v: unknown) => v !== undefined && v !== null && v !== ''
  if (f.state) {
    if (typeof f.state !== 'string') parts.push('FALSE')
    else parts.push(`(state = ${p.add(f.state)} OR state LIKE ${p.add(escapeLike(f.state) + '.%')})`)
  }
  for (const [key, col] of EQ_COLUMNS) {
    const want = f[key]
    if (!given(want)) continue
    parts.push(typeof want === 'string' ? `${col} = ${p.add(want)}` : 'FALSE')
  }
  if (f.unit) {
    parts.push(typeof f.unit === 'string' ? `units @> ARRAY[${p.add(f.unit)}::text]` : 'FALSE')
  }
  if (f.dueOnOrBefore) {
    const upper = prefixUpperBound(String(f.dueOnOrBefore))
    parts.push(`status = 'active' AND ${upper === null ? 'due_date IS NOT NULL' : `due_date < ${p.add(upper)}`}`)
  }
  if (f.receivedFrom) {
    parts.push(`received_on >= ${p.add(String(f.receivedFrom))}`)
  }
  if (f.receivedTo) {
    const upper = prefixUpperBound(String(f.receivedTo))
    parts.push(upper === null ? 'received_on IS NOT NULL' : `received_on < ${p.add(upper)}`)
  }
  if (f.jurisdiction) {
    const j = f.jurisdiction
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
    parts.push(`(village = ANY(${p.add(strings(j.villages))}::text[]) OR units && ${p.add(strings(j.units))}::text[])`)
  }
  if (f.machine) {
    parts.push(typeof f.machine === 'string' ? `machine = ${p.add(f.machine)}` : 'FALSE')
  }
  if (Array.isArray(f.channels)) {
    parts.push(`channel = ANY(${p.add(f.channels.filter((x) => typeof x === 'string'))}::text[])`)
  }
  if (Array.isArray(f.outcomes)) {
    parts.push(`(summary->>'outcome') = ANY(${p.add(f.outcomes.filter((x) => typeof x === 'string'))}::text[])`)
  }
  if (typeof f.concluded === 'boolean') {
    const has = `(json_typeof(summary->'concludedOn') = 'string' AND (summary->>'concludedOn') <> '')`
    parts.push(f.concluded ? has : `NOT COALESCE(${has}, FALSE)`)
  }
  if (typeof f.resolved === 'boolean') {
    parts.push(
      f.resolved
        ? `json_typeof(summary->'resolved') = 'boolean' AND (summary->>'resolved') = 'true'`
        : `(json_typeof(summary->'resolved') IS DISTINCT FROM 'boolean' OR (summary->>'resolved') <> 'true')`,
    )
  }
  if (typeof f.feedback === 'boolean') {
    parts.push(f.feedback ? `json_typeof(summary->'satisfied') = 'boolean'` : `json_typeof(summary->'satisfied') IS DISTINCT FROM 'boolean'`)
  }
  if (typeof f.satisfied === 'boolean') {
    parts.push(`json_typeof(summary->'satisfied') = 'boolean' AND (summary->>'satisfied') = ${f.satisfied ? `'true'` : `'false'`}`)
  }
  if (f.concludedOnOrBefore) {
    const upper = prefixUpperBound(String(f.concludedOnOrBefore))
    const has = `json_typeof(summary->'concludedOn') = 'string' AND (summary->>'concludedOn') <> ''`
    parts.push(upper === null ? `(${has})` : `(${has} AND (summary->>'concludedOn') < ${p.add(upper)})`)
  }
  if (Array.isArray(f.ids)) {
    parts.push(`id = ANY(${p.add(f.ids.filter((x) => typeof x === 'string'))}::text[])`)
  }
  if (Array.isArray(f.excludeIds) && f.excludeIds.length) {
    parts.push(`NOT (id = ANY(${p.add(f.excludeIds.filter((x) => typeof x === 'string'))}::text[]))`)
  }
  const q = typeof f.q === 'string' ? f.q.trim().toLowerCase() : ''
  if (q) {
    const v = p.add(q)
    parts.push(`(strpos(search[1], ${v}) > 0 OR strpos(search[2], ${v}) > 0 OR strpos(search[3], ${v}) > 0)`)
  }
  return parts.length ? parts.join(' AND ') : 'TRUE'
}

/** Column (or expression) of each sortable summary key. */
const SORT_SQL: Partial<Record<keyof CaseSummary, string>> = {
  id: 'id',
  number: 'number',
  schemeId: 'scheme_id',
  schemeVersion: 'scheme_version',
  state: 'state',
  stage: 'stage',
  status: 'status',
  village: 'village',
  group: '"group"',
  channel: 'channel',
  category: 'category',
  officer: 'officer',
  petitionerName: 'petitioner_name',
  receivedOn: 'received_on',
  dueDate: 'due_date',
  units: `(array_to_string(units, ',') COLLATE "C")`,
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  version: 'version',
}

/** `ORDER BY` list for a page (validated exactly like the in-memory comparator). */
export function orderSql(page: Pick<Page, 'sort' | 'order'>): string {
  compileSort(page) // throws the same TypeErrors for an unknown key or order
  const key = (page.sort ?? 'receivedOn') as keyof CaseSummary
  const order = page.order ?? (page.sort ? 'asc' : 'desc')
  const dir = order === 'asc' ? 'ASC' : 'DESC'
  const col = SORT_SQL[key]
  if (!col) throw new TypeError(`cannot sort cases by "${String(key)}"`)
  if (key === 'number') return `number ${dir}, id ASC`
  return `${col} ${dir} NULLS LAST, number ${dir}, id ASC`
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

const lowered = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '')

/** The column values of a summary, in {@link CASE_COLUMNS} order (summary/record JSON excluded). */
export function summaryColumns(s: CaseSummary): Array<string | number | string[] | null> {
  return [
    s.id,
    s.number,
    str(s.schemeId),
    str(s.schemeVersion),
    str(s.state),
    str(s.stage),
    str(s.status),
    str(s.village),
    str(s.group),
    str(s.channel),
    str(s.category),
    str(s.officer),
    str(s.petitionerName),
    str(s.receivedOn),
    str(s.dueDate),
    Array.isArray(s.units) ? s.units.filter((u): u is string => typeof u === 'string') : [],
    str(s.createdAt),
    str(s.updatedAt),
    s.version,
    typeof s.machine === 'string' ? s.machine : 'case',
    // NULL fields become '' (never contain a non-empty q): the same as query.ts's has()
    [lowered(s.number), lowered(s.petitionerName), lowered(s.category)],
  ]
}

export const CASE_COLUMNS = [
  'id',
  'number',
  'scheme_id',
  'scheme_version',
  'state',
  'stage',
  'status',
  'village',
  '"group"',
  'channel',
  'category',
  'officer',
  'petitioner_name',
  'received_on',
  'due_date',
  'units',
  'created_at',
  'updated_at',
  'version',
  'machine',
  'search',
  'summary',
  'record',
] as const
