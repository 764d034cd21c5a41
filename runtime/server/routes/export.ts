/**
 * Exports: the case list of a scheme as an .xlsx workbook, with the list's filters and columns
 * (runtime/cases/export.ts). Only the cases the user may read; the petitioner's name masked where
 * the user lacks case.pii, exactly as the list shows it.
 */
import type { CaseSummary, Page } from '../../store'
import { today } from '../../clock'
import { applyReportFilters, listFilter } from '../../reports/case-filters'
import { dueSoonDaysOf } from '../../../engine/calendar/due'
import { fieldsFrom, maskSummaries } from '../../cases/masking'
import { EXPORT_COLUMNS, MAX_EXPORT_ROWS, isExportColumn, writeCaseWorkbook, type ExportColumn } from '../../cases/export'
import { compileSort } from '../../store/query'
import { HttpError } from '../errors'
import { allVisible, visibleFilters } from '../access'
import { access, route } from '../contract/route'
import { Str, Opt, Obj } from '../contract/schemas'
import { CaseListQuery } from './cases'
import type { RouteDeps } from './deps'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// the list's query (runtime/server/routes/cases.ts) without paging and scheme, plus the columns
const { offset: _o, limit: _l, schemeId: _s, ...listFilters } = CaseListQuery.properties
const ExportQuery = Obj({
  ...listFilters,
  columns: Opt(Str(`要导出的列，逗号分隔，按列表显示的顺序（缺省为全部：${EXPORT_COLUMNS.join(',')}）`, { maxLength: 300 })),
})

export function exportRoutes(d: RouteDeps) {
  return [
    route({
      id: 'exportCases',
      method: 'get',
      path: '/api/schemes/:id/cases/export',
      tag: 'cases',
      summary: '按案件列表当前的筛选条件和显示的列导出 .xlsx（列名取自定义中的字段标题；无 case.pii 权限时信访人姓名遮蔽）',
      access: access.scheme('case.list'),
      query: ExportQuery,
      responses: { 200: { file: XLSX, description: '.xlsx 工作簿：首行为列名，每件案件一行' } },
      handler: async ({ params, query: q, user, res, locale }) => {
        const en = locale === 'en'
        const columns = (
          q.columns
            ? q.columns
                .split(',')
                .map((c) => c.trim())
                .filter(Boolean)
            : [...EXPORT_COLUMNS]
        ) as string[]
        const unknown = columns.filter((c) => !isExportColumn(c))
        if (unknown.length || !columns.length) {
          const message = en
            ? `unknown column(s) ${unknown.join(', ') || '(none given)'}; columns: ${EXPORT_COLUMNS.join(', ')}`
            : `没有这样的列：${unknown.join('、') || '（未给出列）'}；可导出的列：${EXPORT_COLUMNS.join('、')}`
          throw new HttpError('INVALID_INPUT', message, { fields: [{ pointer: '/columns', field: 'columns', code: 'ENUM', message }] })
        }
        const scheme = await d.schemes.get(params.id, (await d.schemes.find(params.id, 'latest')).hash)
        // the same filters as GET /api/cases
        const t = today(d.clock)
        const filter = listFilter(q, t, dueSoonDaysOf(scheme.defs.deadlines))
        const bad = await applyReportFilters(
          filter,
          q as Record<string, string | undefined>,
          async () => scheme,
          () => d.store.allSummaries({ schemeId: params.id }),
        )
        if (bad.length) throw new HttpError('INVALID_INPUT', bad.map((b) => b.message).join('；'), { fields: bad })
        const rows = await allVisible(d.store, visibleFilters(d.policy(), user, 'case.read', params.id), filter)
        if (rows.length > MAX_EXPORT_ROWS) {
          throw new HttpError(
            'INVALID_INPUT',
            en
              ? `${rows.length} cases match: at most ${MAX_EXPORT_ROWS} can be exported at once; narrow the filters`
              : `符合条件的案件有 ${rows.length} 件，一次最多导出 ${MAX_EXPORT_ROWS} 件，请缩小筛选范围`,
          )
        }
        const page: Pick<Page, 'sort' | 'order'> = {}
        if (q.sort) page.sort = q.sort as keyof CaseSummary
        if (q.order) page.order = q.order
        rows.sort(compileSort(page))
        const shown = await maskSummaries(rows, (s) => d.policy().canOnCase(user, 'case.pii', s), fieldsFrom(d.schemes))
        const machine = q.machine ?? 'case'
        const wf = scheme.defs.workflow.machines.find((m) => m.id === machine)
        const sheet = (en ? wf?.nameEn : wf?.name) ?? (en ? 'Cases' : '案件')
        const name = `${scheme.manifest.town}${en ? ' cases ' : '案件'}${t}.xlsx`
        res.setHeader('content-type', XLSX)
        res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        res.setHeader('cache-control', 'no-store')
        await writeCaseWorkbook(res, scheme, shown, columns as ExportColumn[], { machine, locale: en ? 'en' : 'zh-CN', sheetName: sheet })
      },
    }),
  ]
}
