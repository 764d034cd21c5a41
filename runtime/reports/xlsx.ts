/** The bulletin and the yearly summary as .xlsx workbooks (exceljs). */
import ExcelJS from 'exceljs'
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

export async function bulletinWorkbook(b: Bulletin): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Daiban'
  const ws = wb.addWorksheet('月通报')
  const rateNames = b.rows[0]?.rates.map((r) => `${r.name}(%)`) ?? []
  header(ws, `${b.town}信访代办工作${b.period.kind === 'month' ? '月通报' : '年度考核'}（${b.period.id}，得分按 ${b.scoreBasis.from} 至 ${b.scoreBasis.to} 累计）`, ['排名', '嘎查村（社区）', '得分', '等次', ...rateNames, '本期信访', '本期代办', '累计信访', '累计代办', '累计网访', '累计办结', '累计化解', `超期案件（截至${b.asOf}）`, '应发函件'])
  for (const r of b.rows) {
    addRow(ws, [r.rank, r.village, r.total, r.grade, ...r.rates.map((x) => pct(x.value)), r.month.petitions, r.month.proxied, r.ytd.petitions, r.ytd.proxied, r.ytd.online, r.ytd.concluded, r.ytd.resolved, r.overdue, r.letters.map((l) => `${l.letter}×${l.count}`).join('、')])
  }
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 18 : i === ws.columnCount - 1 ? 30 : 11))
  const d = wb.addWorksheet('得分明细')
  header(d, '分项得分（公式与输入）', ['嘎查村（社区）', '部分', '项目', '得分', '满分', '公式', '输入'])
  for (const v of b.details) {
    for (const it of v.result.items) addRow(d, [v.village, it.section, it.name, it.value, it.max ?? '', it.formula, JSON.stringify(it.inputs)])
  }
  d.columns.forEach((c, i) => (c.width = [18, 14, 22, 8, 8, 40, 40][i] ?? 12))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function yearlyWorkbook(y: Yearly): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
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
