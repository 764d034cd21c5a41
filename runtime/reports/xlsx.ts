/** The bulletin and the yearly summary as .xlsx workbooks (exceljs). */
// loaded on first use: importing exceljs costs more start-up time than any other package
import type ExcelJS from 'exceljs'
import type { CompiledScheme } from '../../engine'
import { collectTitles } from '../../engine/scoring/score'
import type { Bulletin } from './service'
import type { ReportService } from './service'
import { safeRow } from './safe-cell'

type Yearly = Awaited<ReturnType<ReportService['yearly']>>

const pct = (v: number) => Math.round(v * 10000) / 100

/** Every cell of the workbooks goes in through here: text that would start a formula stays text. */
function addRow(ws: ExcelJS.Worksheet, cells: unknown[]): ExcelJS.Row {
  return ws.addRow(safeRow(cells))
}

function header(ws: ExcelJS.Worksheet, title: string, cols: string[]) {
  addRow(ws, [title]).font = { bold: true, size: 14 }
  const r = addRow(ws, cols)
  r.font = { bold: true }
  r.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } }
    c.border = { bottom: { style: 'thin' } }
  })
}

/**
 * The bulletin as a workbook. With the scheme, the detail sheet names each input by its title in
 * the scoring definition (组织落实 › 明确分管领导: 是), never by its key or as JSON.
 */
export async function bulletinWorkbook(b: Bulletin, scheme?: CompiledScheme): Promise<Buffer> {
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  wb.creator = 'Daiban'
  const ws = wb.addWorksheet('月通报')
  const rateNames = b.rows[0]?.rates.map((r) => `${r.name}(%)`) ?? []
  header(
    ws,
    `${b.town}信访代办工作${b.period.kind === 'month' ? '月通报' : '年度考核'}（${b.period.id}，得分按 ${b.scoreBasis.from} 至 ${b.scoreBasis.to} 累计）`,
    [
      '排名',
      '嘎查村（社区）',
      '得分',
      '等次',
      ...rateNames,
      '本期信访',
      '本期代办',
      '累计信访',
      '累计代办',
      '累计网访',
      '累计办结',
      '累计化解',
      `超期案件（截至${b.asOf}）`,
      '应发函件',
    ],
  )
  for (const r of b.rows) {
    addRow(ws, [
      r.rank,
      r.village,
      r.total,
      r.grade,
      ...r.rates.map((x) => pct(x.value)),
      r.month.petitions,
      r.month.proxied,
      r.ytd.petitions,
      r.ytd.proxied,
      r.ytd.online,
      r.ytd.concluded,
      r.ytd.resolved,
      r.overdue,
      r.letters.map((l) => `${l.letter}×${l.count}`).join('、'),
    ])
  }
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 18 : i === ws.columnCount - 1 ? 30 : 11))
  const d = wb.addWorksheet('得分明细')
  header(d, '分项得分（公式与输入）', ['嘎查村（社区）', '部分', '项目', '得分', '满分', '公式', '输入'])
  for (const v of b.details) {
    const label = labelsOf(scheme, v.result)
    const section = new Map(v.result.sections.map((x) => [x.id, x.name]))
    for (const it of v.result.items)
      addRow(d, [v.village, section.get(it.section) ?? it.section, it.name, it.value, it.max ?? '', it.formula, inputsText(it.inputs, label)])
  }
  d.columns.forEach((c, i) => (c.width = [18, 14, 22, 8, 8, 40, 40][i] ?? 12))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

type ScoreResult = Bulletin['details'][number]['result']

/** Input and variable titles of a result's scoring definition (dotted input paths, variable ids). */
function labelsOf(scheme: CompiledScheme | undefined, r: ScoreResult): (key: string) => string {
  const labels = new Map<string, string>()
  const def = scheme?.scoring(r.scoring)
  if (def) collectTitles(def.inputs, '', labels)
  for (const v of r.variables) labels.set(v.id, v.name)
  // a dotted input path reads as its titled parts: 组织落实 › 明确分管领导
  return (key) => {
    const parts = key.split('.')
    const named = parts.map((p, i) => {
      const path = parts.slice(0, i + 1).join('.')
      const t = labels.get(path)
      return t && t !== path ? t : i === parts.length - 1 ? p : null
    })
    return named.filter((x): x is string => !!x).join(' › ')
  }
}

/** `组织落实 › 明确分管领导：是；累计代办：12` */
export function inputsText(inputs: Record<string, unknown>, label: (key: string) => string): string {
  const value = (x: unknown): string =>
    x === true
      ? '是'
      : x === false
        ? '否'
        : x === null || x === undefined
          ? ''
          : Array.isArray(x)
            ? x.map(value).join('、')
            : typeof x === 'object'
              ? Object.entries(x as object)
                  .map(([k, y]) => `${label(k)}：${value(y)}`)
                  .join('，')
              : String(x)
  return Object.entries(inputs)
    .map(([k, x]) => `${label(k)}：${value(x)}`)
    .join('；')
}

export async function yearlyWorkbook(y: Yearly): Promise<Buffer> {
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  wb.creator = 'Daiban'
  const ws = wb.addWorksheet('年汇总')
  const villages = y.annual.rows.map((r) => r.village)
  header(ws, `${y.town}信访代办工作年汇总（${y.year}）`, ['嘎查村（社区）', ...y.months.map((m) => `${m.month}累计`), '全年得分', '全年等次', '全年排名'])
  for (const v of villages) {
    const a = y.annual.rows.find((r) => r.village === v)!
    addRow(ws, [v, ...y.months.map((m) => m.rows.find((r) => r.village === v)?.total ?? ''), a.total, a.grade, a.rank])
  }
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 18 : 11))
  return Buffer.from(await wb.xlsx.writeBuffer())
}
