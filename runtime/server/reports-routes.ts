/** Assessment entries and reports: bulletins, the yearly summary, letters, the dashboard, .xlsx export. */
import { Router, type Request, type Response, type NextFunction } from 'express'
import type { SchemeRegistry } from '../schemes/registry'
import type { ReportService } from '../reports/service'
import { manualItems, scoringDefinitionView } from '../reports/assessment'
import { bulletinWorkbook, yearlyWorkbook } from '../reports/xlsx'
import { today, type Clock } from '../clock'
import { HttpError } from './errors'

export function reportsRouter(deps: { schemes: SchemeRegistry; reports: ReportService; clock: Clock; actorOf: (req: Request) => { id: string } }): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const scheme = async (req: Request) => {
    const id = String(req.params.id)
    const v = await deps.schemes.find(id, 'latest')
    return deps.schemes.get(id, v.hash)
  }
  const xlsx = (res: Response, name: string, buf: Buffer) => {
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    res.send(buf)
  }
  const period = (req: Request, name: string) => {
    const p = req.query[name]
    if (typeof p !== 'string') throw new HttpError('BAD_REQUEST', `缺少 ${name}（YYYY-MM 或 YYYY）`)
    return p
  }

  r.get('/api/assessment/:id/items', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json({ items: [...manualItems(s.scoring()!)].map(([item, v]) => ({ item, ...v })) })
  }))
  r.get('/api/assessment/:id/definition', wrap(async (req, res) => {
    const s = await scheme(req)
    res.json(scoringDefinitionView(s.scoring()!, s.manifest.town))
  }))
  r.get('/api/assessment/:id/entries', wrap(async (req, res) => {
    const all = await deps.reports.assessment.entries(String(req.params.id))
    const village = typeof req.query.village === 'string' ? req.query.village : undefined
    res.json({ items: village ? all.filter((e) => e.village === village) : all })
  }))
  r.post('/api/assessment/:id/entries', wrap(async (req, res) => {
    const s = await scheme(req)
    res.status(201).json(await deps.reports.assessment.addEntry(s, req.body, deps.actorOf(req).id, deps.clock.now().toISOString()))
  }))
  r.get('/api/reports/:id/bulletin', wrap(async (req, res) => {
    const s = await scheme(req)
    const b = await deps.reports.bulletin(s, period(req, 'period'), deps.clock.now().toISOString())
    if (req.query.format === 'xlsx') return xlsx(res, `${s.manifest.town}信访代办${b.period.id}通报.xlsx`, await bulletinWorkbook(b))
    res.json(b)
  }))
  r.get('/api/reports/:id/yearly', wrap(async (req, res) => {
    const s = await scheme(req)
    const year = period(req, 'year')
    if (!/^\d{4}$/.test(year)) throw new HttpError('BAD_REQUEST', 'year 应为 YYYY')
    const y = await deps.reports.yearly(s, year, deps.clock.now().toISOString())
    if (req.query.format === 'xlsx') return xlsx(res, `${s.manifest.town}信访代办${year}年汇总.xlsx`, await yearlyWorkbook(y))
    res.json(y)
  }))
  r.get('/api/reports/:id/letters', wrap(async (req, res) => {
    const s = await scheme(req)
    const b = await deps.reports.bulletin(s, period(req, 'period'), deps.clock.now().toISOString())
    res.json({ period: b.period, town: b.town, items: b.rows.flatMap((row) => row.letters.map((l) => ({ village: row.village, ...l, total: row.total, grade: row.grade, rates: row.rates }))) })
  }))
  r.get('/api/reports/:id/dashboard', wrap(async (req, res) => {
    const s = await scheme(req)
    const t = today(deps.clock)
    // period=YYYY-MM: the villages over that month (the months still span its year); else the year
    const p = typeof req.query.period === 'string' ? req.query.period : typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) ? req.query.year : t.slice(0, 4)
    res.json(await deps.reports.dashboard(s, p, t))
  }))
  return r
}
