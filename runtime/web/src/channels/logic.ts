/** The channels screens' plain computations (no React), tested on their own. */
import type { JsonSchema, Org } from '../api'
import { roleValue } from '../../kit/forms/roles'
import type { ImportConfig, ImportResult, Repeats, RepeatKind } from './api'

/**
 * The roles the server's repeat detection reads (runtime/cases/summary.ts `matchKeys`: ID number,
 * phone, name + village; runtime/channels/similar.ts: village + category within half a year of the
 * received date). The search is keyed by role; the form says which of its fields plays each.
 */
export const MATCH_ROLES = ['idNumber', 'phone', 'petitionerName', 'village', 'category', 'receivedOn'] as const

/**
 * What to search earlier cases with (keyed by role), or null while nothing identifies the
 * petitioner or the matter yet. Equal inputs give equal keys, so a search runs only when one of
 * these changed. `schema` is the form `facts` are data of (without it, fields named as the roles).
 */
export function matchFacts(facts: Record<string, unknown> | null | undefined, schema?: JsonSchema): { facts: Record<string, string>; key: string } | null {
  if (!facts) return null
  const out: Record<string, string> = {}
  for (const r of MATCH_ROLES) {
    const v = schema ? roleValue(schema, facts, r) : facts[r]
    if (typeof v === 'string' && v.trim()) out[r] = v.trim()
  }
  const searchable = !!out.idNumber || !!out.phone || (!!out.petitionerName && !!out.village) || (!!out.village && !!out.category)
  if (!searchable) return null
  return { facts: out, key: JSON.stringify(MATCH_ROLES.map((r) => out[r] ?? '')) }
}

export interface ImportChannel {
  id: string
  name: string
  nameEn?: string
  import: ImportConfig
}

/** The channels of the org definition that can be imported from. */
export function importChannels(org: Org | undefined): ImportChannel[] {
  return (org?.channels ?? []).filter((c): c is ImportChannel => {
    const imp = (c as { import?: unknown }).import as Partial<ImportConfig> | undefined
    return !!imp && typeof imp.idColumn === 'string' && !!imp.columns && typeof imp.columns === 'object'
  })
}

export interface ImportCounts {
  rows: number
  created: number
  duplicates: number
  /** Rows refused (a row may have several problems) */
  rejected: number
  /** Rows that pass: created, or to be created by a real import after a check */
  valid: number
}

export function importCounts(r: ImportResult): ImportCounts {
  const rejected = new Set(r.errors.map((e) => e.row)).size
  return { rows: r.rows, created: r.created.length, duplicates: r.duplicates.length, rejected, valid: Math.max(0, r.rows - r.duplicates.length - rejected) }
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** An empty file with the source's columns (id column first), with a BOM so Excel reads UTF-8. */
export function templateCsv(cfg: ImportConfig): string {
  const cols = [cfg.idColumn, ...Object.values(cfg.columns).filter((c) => c !== cfg.idColumn)]
  return '\ufeff' + cols.map(csvCell).join(',') + '\r\n'
}

/** Accepts what the import route reads: .csv and .xlsx. */
export function importFileKind(name: string): 'csv' | 'xlsx' | null {
  if (/\.csv$/i.test(name)) return 'csv'
  if (/\.xlsx$/i.test(name)) return 'xlsx'
  return null
}

export interface RepeatSelection {
  village?: string
  month?: string
  kind?: RepeatKind
}

/** The counted cases behind one number of the table (or all of them). */
export function repeatCases(r: Repeats, sel: RepeatSelection | null): Repeats['cases'] {
  if (!sel) return r.cases
  return r.cases.filter(
    (c) =>
      (sel.village === undefined || c.village === sel.village) &&
      (sel.month === undefined || c.month === sel.month) &&
      (sel.kind === undefined || c.kind === sel.kind),
  )
}

export function repeatTotals(r: Repeats): { repeat: number; multi: number } {
  return r.items.reduce((t, i) => ({ repeat: t.repeat + i.repeat, multi: t.multi + i.multi }), { repeat: 0, multi: 0 })
}

/** `2026-03-10T08:05:00.000Z` → `03-10 16:05` in the browser's time zone (the town's office). */
export function shortTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
