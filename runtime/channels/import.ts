/**
 * Import from the 12345 hotline and the platforms: CSV or .xlsx files, mapped to the scheme's form
 * by the column mapping saved on the channel in the org definition. Every row is validated against
 * that form; bad rows go to an error report naming row and column; the source's own id makes a
 * re-import create nothing twice.
 *
 * The fields the import fills or checks itself are named by role (engine/scheme/field-roles.ts):
 * the channel, the source's id, the received date, and the petitioner's consent to proxy handling
 * (an imported matter was accepted for handling by the source system).
 */
import { parse as parseCsv } from 'csv-parse/sync'
import type { CompiledScheme } from '../../engine'
import { fieldRoles, isDate } from '../../engine'
import type { Store } from '../store'
import type { CaseService } from '../cases/service'
import type { SchemeRegistry } from '../schemes/registry'
import { fieldProblem, ServiceError } from '../errors'
import type { ImportProgress } from '../import-progress'
import { channelMsg as M } from './messages'
import { safeCell } from '../reports/safe-cell'
import { officerProblems, type OfficerAccount } from '../cases/officer-check'
import type { Policy } from '../auth/policy'

export interface ImportRowError {
  row: number
  column: string
  field: string
  message: string
}

export interface ImportResult {
  channel: string
  rows: number
  created: Array<{ row: number; sourceId: string; number: string }>
  duplicates: Array<{ row: number; sourceId: string; number: string }>
  errors: ImportRowError[]
}

export const MAX_IMPORT_ROWS = 20_000

async function readTable(file: Buffer, name: string): Promise<string[][]> {
  if (/\.xlsx$/i.test(name) || (file[0] === 0x50 && file[1] === 0x4b)) {
    // loaded on first use: importing exceljs at start-up costs more than any other package
    const { default: Excel } = await import('exceljs')
    const wb = new Excel.Workbook()
    try {
      await wb.xlsx.load(file as unknown as ArrayBuffer)
    } catch {
      throw new ServiceError('INVALID_INPUT', M('xlsxUnreadable'))
    }
    const ws = wb.worksheets[0]
    if (!ws) throw new ServiceError('INVALID_INPUT', M('xlsxNoSheet'))
    const rows: string[][] = []
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = []
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = row.getCell(c).value as unknown
        let text: string
        if (v === null || v === undefined) text = ''
        else if (v instanceof Date) text = v.toISOString().slice(0, 10)
        else if (typeof v === 'object' && 'text' in (v as object)) text = String((v as { text: unknown }).text)
        else if (typeof v === 'object' && 'result' in (v as object)) text = String((v as { result: unknown }).result)
        else text = String(v)
        cells.push(text.trim())
      }
      rows.push(cells)
    })
    return rows
  }
  let text = file.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  } catch (e) {
    throw new ServiceError('INVALID_INPUT', M('csvBad', { detail: e instanceof Error ? e.message : String(e) }))
  }
}

/** Dates as sources write them: 2026-03-02, 2026/3/2, 2026年3月2日, 2026-03-02 10:31. */
function normaliseDate(v: string): string {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})/.exec(v)
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v
}

export interface ImportOptions {
  dryRun?: boolean
  /** Called as rows are settled (often: the caller throttles) */
  onProgress?: (p: ImportProgress) => void
  /**
   * Rows created at once. Each creation waits for its store writes (journal, case file, audit,
   * the source-id document); several in flight share the store's group commit. 1 = one at a time.
   */
  concurrency?: number
}

export const IMPORT_CONCURRENCY = 32

export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly cases: CaseService,
    /** The accounts and policy an imported row's officer is checked against (#18 §4) */
    private readonly officers: { accounts: () => Promise<OfficerAccount[]>; policy: () => Policy },
  ) {}

  /** Field id → title in the import form of a channel (the error report's 字段 column). */
  async fieldTitles(schemeId: string, channelId: string): Promise<Map<string, string>> {
    const s = await this.schemes.get(schemeId, (await this.schemes.latest(schemeId)).hash)
    const cfg = s.defs.org.channels.find((c) => c.id === channelId)?.import
    const props = (cfg ? (s.form(cfg.form)?.schema.properties as Record<string, { title?: string }> | undefined) : undefined) ?? {}
    return new Map(Object.entries(props).flatMap(([k, p]) => (typeof p?.title === 'string' ? [[k, p.title] as [string, string]] : [])))
  }

  async run(schemeId: string, channelId: string, file: Buffer, fileName: string, actor: string, options: boolean | ImportOptions = {}): Promise<ImportResult> {
    const opts: ImportOptions = typeof options === 'boolean' ? { dryRun: options } : options
    const dryRun = opts.dryRun ?? false
    const v = await this.schemes.latest(schemeId)
    const s: CompiledScheme = await this.schemes.get(schemeId, v.hash)
    const ch = s.defs.org.channels.find((c) => c.id === channelId)
    if (!ch?.import) throw new ServiceError('NOT_FOUND', M('noImport', { id: channelId }))
    const cfg = ch.import
    const table = await readTable(file, fileName)
    if (table.length < 1) throw new ServiceError('INVALID_INPUT', M('emptyFile'))
    if (table.length - 1 > MAX_IMPORT_ROWS) throw new ServiceError('PAYLOAD_TOO_LARGE', M('tooManyRows', { max: MAX_IMPORT_ROWS }))
    const header = table[0]!.map((h) => h.trim())
    const col = (name: string) => header.indexOf(name)
    const missing = [cfg.idColumn, ...Object.values(cfg.columns)].filter((c) => col(c) < 0)
    if (missing.length) {
      throw new ServiceError(
        'INVALID_INPUT',
        M('missingColumns', { columns: missing }),
        missing.map((m) => fieldProblem('MISSING_COLUMN', `/columns/${m}`, M('missingColumn', { column: m }))),
      )
    }
    const form = s.form(cfg.form)!
    // validate makes sure an import form has a channel, a source-id and a received-date field
    const roles = fieldRoles(s).form(cfg.form)
    const channelField = roles.channel!
    const sourceField = roles.sourceId!
    const receivedField = roles.receivedOn!
    // a row naming an officer names an account that may be chosen, as on the form (#18 §4)
    const accounts = roles.officer ? await this.officers.accounts() : []
    const policy = this.officers.policy()
    const idKey = (sourceId: string) => `import-id/${schemeId}/${channelId}/${sourceId}`
    const result: ImportResult = { channel: channelId, rows: table.length - 1, created: [], duplicates: [], errors: [] }
    const concurrency = Math.max(1, Math.floor(opts.concurrency ?? IMPORT_CONCURRENCY))
    const progress: ImportProgress = { rows: result.rows, done: 0, created: 0, duplicates: 0, rejected: 0 }
    const settle = (kind: 'created' | 'duplicates' | 'rejected') => {
      progress[kind]++
      progress.done++
      opts.onProgress?.({ ...progress })
    }
    const refuse = (e: ImportRowError) => {
      result.errors.push(e)
      settle('rejected')
    }
    const sourceIdOf = (row: string[]) => (row[col(cfg.idColumn)] ?? '').trim()

    // The rows' earlier imports, looked up together (one store read per distinct id).
    const ids = [
      ...new Set(
        table
          .slice(1)
          .map(sourceIdOf)
          .filter((id) => id && id.length <= 100),
      ),
    ]
    const earlierOf = new Map<string, string>()
    await pool(ids, concurrency, async (id) => {
      const earlier = await this.store.getDoc<{ number: string }>(idKey(id))
      if (earlier) earlierOf.set(id, earlier.number)
    })

    // Every row checked in file order; the valid ones are created afterwards.
    const toCreate: Array<{ rowNo: number; sourceId: string; data: Record<string, unknown> }> = []
    const seenInFile = new Map<string, number>()
    for (let r = 1; r < table.length; r++) {
      const row = table[r]!
      const rowNo = r + 1 // as the office sees it in a spreadsheet (header is row 1)
      const sourceId = sourceIdOf(row)
      if (!sourceId) {
        refuse({ row: rowNo, column: cfg.idColumn, field: sourceField, message: '缺少来源编号' })
        continue
      }
      if (sourceId.length > 100) {
        refuse({ row: rowNo, column: cfg.idColumn, field: sourceField, message: '来源编号过长' })
        continue
      }
      const earlier = earlierOf.get(sourceId)
      if (earlier) {
        result.duplicates.push({ row: rowNo, sourceId, number: earlier })
        settle('duplicates')
        continue
      }
      if (seenInFile.has(sourceId)) {
        result.duplicates.push({ row: rowNo, sourceId, number: `（同一文件第 ${seenInFile.get(sourceId)} 行）` })
        settle('duplicates')
        continue
      }
      seenInFile.set(sourceId, rowNo)
      const data: Record<string, unknown> = { [channelField]: channelId, [sourceField]: sourceId }
      for (const [field, column] of Object.entries(cfg.columns)) {
        let value: string = (row[col(column)] ?? '').trim()
        if (value === '') continue
        value = cfg.values?.[field]?.[value] ?? value
        const types = form.fields.get(field) ?? []
        if (types.includes('boolean')) data[field] = ['是', 'true', '1', 'Y', 'y'].includes(value)
        else if (types.includes('integer') || types.includes('number')) data[field] = Number(value)
        else
          data[field] =
            field === receivedField || (form.schema.properties as Record<string, { format?: string }>)[field]?.format === 'date' ? normaliseDate(value) : value
      }
      if (roles.acceptsProxy !== undefined && data[roles.acceptsProxy] === undefined) data[roles.acceptsProxy] = true
      const errs = s.validateForm(cfg.form, data)
      if (errs.length) {
        for (const e of errs) {
          const field = e.field.replace(/^\//, '').split('/')[0]!
          result.errors.push({ row: rowNo, column: cfg.columns[field] ?? field, field, message: e.message })
        }
        settle('rejected')
        continue
      }
      const officerProblem = officerProblems(s, cfg.form, data, undefined, accounts, policy)[0]
      if (officerProblem) {
        const field = roles.officer!
        refuse({ row: rowNo, column: cfg.columns[field] ?? field, field, message: officerProblem.message })
        continue
      }
      if (!isDate(data[receivedField])) {
        refuse({ row: rowNo, column: cfg.columns[receivedField] ?? receivedField, field: receivedField, message: '日期无效' })
        continue
      }
      if (dryRun) {
        progress.done++
        opts.onProgress?.({ ...progress })
        continue
      }
      toCreate.push({ rowNo, sourceId, data })
    }

    await pool(toCreate, concurrency, async ({ rowNo, sourceId, data }) => {
      let view: Awaited<ReturnType<CaseService['create']>>
      try {
        view = await this.cases.create(schemeId, { entry: 'import', form: data }, { id: actor })
      } catch (e) {
        // a row the workflow refuses is that row's outcome; anything else stops the import
        if (!(e instanceof ServiceError) || !['INVALID_INPUT', 'GUARD_REFUSED', 'EVENT_NOT_ALLOWED'].includes(e.code)) throw e
        const p = e.problems[0]
        const field = p?.pointer?.replace(/^\/(form\/)?/, '').split('/')[0] || sourceField
        refuse({ row: rowNo, column: cfg.columns[field] ?? (field === sourceField ? cfg.idColumn : field), field, message: p?.message ?? e.message })
        return
      }
      // Saved per row: an interrupted import resumes without duplicates.
      await this.store.putDoc(idKey(sourceId), { number: view.number, caseId: view.id })
      result.created.push({ row: rowNo, sourceId, number: view.number })
      settle('created')
    })
    // rows finish out of order when several are in flight: the result lists them in file order
    const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row
    result.created.sort(byRow)
    result.errors.sort(byRow)
    return result
  }
}

/**
 * Runs `fn` over the items with at most `limit` in flight, started in order. On a failure no
 * more are started; the ones in flight finish, then the first failure is thrown.
 */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed: { e: unknown } | null = null
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!
      try {
        await fn(item)
      } catch (e) {
        failed ??= { e }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failed) throw (failed as { e: unknown }).e
}

/**
 * The error report as CSV (opens in Excel): row, column, field, problem. The field is named by its
 * title in the import form (`titles`, from the definitions), never by its id; text never starts a
 * formula.
 */
export function errorReportCsv(errors: ImportRowError[], titles: ReadonlyMap<string, string> = new Map()): string {
  const esc = (v: string | number) => {
    const s = String(safeCell(v))
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return (
    '\ufeff' +
    [['行', '列', '字段', '问题'], ...errors.map((e) => [e.row, e.column, titles.get(e.field) ?? e.field, e.message])]
      .map((r) => r.map(esc).join(','))
      .join('\r\n') +
    '\r\n'
  )
}
