/**
 * The case list as an .xlsx workbook (NocoBase-style export): the list's current filters, the
 * columns the list shows, headers from the definitions (the title of the field playing each role
 * on the workflow's registration form), values as the list shows them (state and channel by name),
 * the petitioner's name masked on the cases where the reader lacks `case.pii`. Streamed row by row
 * with exceljs' WorkbookWriter, so a large list never sits in memory as a workbook.
 */
import type { Writable } from 'node:stream'
import { FIELD_ROLES, fieldRoles, type CompiledScheme, type RoleId } from '../../engine'
import type { CaseSummary } from '../store'
import { safeCell } from '../reports/safe-cell'
import { stateInfo } from './summary'

/** The columns the case list can show, in the list's order. */
export const EXPORT_COLUMNS = ['number', 'petitionerName', 'village', 'category', 'group', 'state', 'channel', 'officer', 'receivedOn', 'dueDate'] as const
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]

/** The most rows one export writes; a larger list is refused with a hint to narrow the filters. */
export const MAX_EXPORT_ROWS = 50_000

/** Columns that are not a form field: named here, in both languages. */
const OWN_TITLES: Partial<Record<ExportColumn, { zh: string; en: string }>> = {
  number: { zh: '案件编号', en: 'Case number' },
  group: { zh: '专班组', en: 'Task group' },
  state: { zh: '当前环节', en: 'State' },
  dueDate: { zh: '办结时限', en: 'Due date' },
}

/** The role each form-field column reads (the summary is keyed by role). */
const ROLE_OF: Partial<Record<ExportColumn, RoleId>> = {
  petitionerName: 'petitionerName',
  village: 'village',
  category: 'category',
  channel: 'channel',
  officer: 'officer',
  receivedOn: 'receivedOn',
}

export function isExportColumn(c: string): c is ExportColumn {
  return (EXPORT_COLUMNS as readonly string[]).includes(c)
}

/**
 * Header of each column: in Chinese, the title the workflow's registration form gives the field
 * playing the column's role (else the role's own name); in English, the role's English name.
 */
export function columnTitles(s: CompiledScheme, machine: string, columns: readonly ExportColumn[], locale: 'zh-CN' | 'en'): string[] {
  const def = s.machineDefs.get(machine) ?? s.machineDefs.get('case')
  const entryEvent = def?.entry?.register ?? def?.entry?.submit
  const formId = entryEvent ? def?.events[entryEvent]?.form : undefined
  const props = ((formId ? s.form(formId)?.schema.properties : undefined) ?? {}) as Record<string, { title?: string }>
  const roles = fieldRoles(s)
  const byRole = { ...roles.facts(def?.id ?? machine), ...(formId ? roles.form(formId) : {}) }
  return columns.map((c) => {
    const own = OWN_TITLES[c]
    if (own) return locale === 'en' ? own.en : own.zh
    const role = ROLE_OF[c]!
    if (locale === 'en') {
      const en = FIELD_ROLES[role].nameEn
      return en.charAt(0).toUpperCase() + en.slice(1)
    }
    const field = byRole[role]
    return (field ? props[field]?.title : undefined) ?? FIELD_ROLES[role].name
  })
}

/** One row's cells as the list shows them: the state's and the channel's names, not their ids. */
export function rowCells(s: CompiledScheme, row: CaseSummary, columns: readonly ExportColumn[], locale: 'zh-CN' | 'en'): Array<string | null> {
  const channels = new Map(s.defs.org.channels.map((c) => [c.id, locale === 'en' ? (c.nameEn ?? c.name) : c.name]))
  const groups = new Map(s.defs.org.groups.map((g) => [g.name, locale === 'en' ? ((g as { nameEn?: string }).nameEn ?? g.name) : g.name]))
  return columns.map((c) => {
    switch (c) {
      case 'state':
        return stateName(s, row, locale)
      case 'channel':
        return row.channel ? (channels.get(row.channel) ?? row.channel) : null
      case 'group':
        return row.group ? (groups.get(row.group) ?? row.group) : null
      default: {
        const v = row[c]
        return v === null || v === undefined ? null : String(v)
      }
    }
  })
}

/** The state's name from the workflow's stateInfo (a nested state by its nearest named parent). */
function stateName(s: CompiledScheme, row: CaseSummary, locale: 'zh-CN' | 'en'): string {
  const info = (s.machineDefs.get(row.machine ?? 'case')?.stateInfo ?? {}) as Record<string, { name?: string; nameEn?: string }>
  const parts = row.state.split('.')
  for (let i = parts.length; i > 0; i--) {
    const hit = info[parts.slice(0, i).join('.')]
    if (hit?.name) return locale === 'en' && hit.nameEn ? hit.nameEn : hit.name
  }
  return row.stateName ?? stateInfo(s, row.machine ?? 'case', row.state).name
}

/**
 * Writes the workbook to `out` (an HTTP response): a header row, then one row per summary; every
 * text cell through `safeCell` (no formula from a petitioner's text).
 */
export async function writeCaseWorkbook(
  out: Writable,
  s: CompiledScheme,
  rows: Iterable<CaseSummary>,
  columns: readonly ExportColumn[],
  opts: { machine: string; locale: 'zh-CN' | 'en'; sheetName: string },
): Promise<void> {
  // loaded on first use: importing exceljs at start-up costs more than any other package
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(opts.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  const titles = columnTitles(s, opts.machine, columns, opts.locale)
  ws.columns = columns.map((c, i) => ({ key: c, width: Math.max(10, Math.min(40, titles[i]!.length * 2 + 4, c === 'number' ? 22 : 40)) }))
  const head = ws.addRow(titles)
  head.font = { bold: true }
  head.commit()
  for (const row of rows) ws.addRow(rowCells(s, row, columns, opts.locale).map((v) => (v === null ? null : safeCell(v)))).commit()
  ws.commit()
  await wb.commit()
}
