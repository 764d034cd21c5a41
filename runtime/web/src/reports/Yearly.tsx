/**
 * 年汇总: each village's year-to-date score at the end of every month, and the year's score,
 * grade and rank (built from the months); the year's explanation per village; .xlsx and A4 print.
 */
import { Table } from 'antd'
import type { TableProps } from 'antd'
import { useI18n } from '../i18n'
import { reportsApi, xlsxHref, type BulletinRow } from './api'
import { pts } from './format'
import { GradeTag, PeriodPicker, usePeriodName } from './shared'
import { ExplainDrawer } from './Explain'
import { ReportLoading, ReportToolbar, scoreColumns, useScoreReport } from './scoreTable'
import { useT } from './messages'

export default function YearlyScreen({
  year,
  onYear,
  explain,
  onExplain,
}: {
  year: string
  onYear: (y: string) => void
  explain: string | null
  onExplain: (village: string | null) => void
}) {
  const t = useT()
  const i18n = useI18n()
  const periodName = usePeriodName()
  const { scheme, data, def, label } = useScoreReport((s, signal) => reportsApi.yearly(s, year, signal), [year])
  const y = data.data
  const rows = y?.annual.rows ?? []
  const monthCols = (y?.months ?? []).map((m) => ({
    key: m.month,
    title: i18n.lang === 'en' ? m.month.slice(5) : t('col.monthTotal', { m: Number(m.month.slice(5, 7)) }),
    align: 'right' as const,
    width: 76,
    render: (_: unknown, r: BulletinRow) => {
      const v = m.rows.find((x) => x.village === r.village)
      return v ? pts(v.total) : ''
    },
  }))
  const col = scoreColumns(t, label, onExplain)
  const columns: TableProps<BulletinRow>['columns'] = [
    col.village,
    ...monthCols,
    {
      key: 'total',
      dataIndex: 'total',
      title: t('col.annual'),
      align: 'right',
      render: (v: number, r) => <b data-testid={`yearly-total-${r.village}`}>{pts(v)}</b>,
    },
    { key: 'grade', dataIndex: 'grade', title: t('col.annualGrade'), render: (g: string, r) => <GradeTag grade={g} total={r.total} def={def.data} /> },
    { key: 'rank', dataIndex: 'rank', title: t('col.annualRank'), align: 'center' },
    ...col.rates(rows[0]?.rates ?? []),
    col.letters(),
    // 12 month columns and the rates overflow 1440 px: the action stays in view at the right edge
    { ...col.explain, fixed: 'right', width: i18n.lang === 'en' ? 130 : 100 },
  ]
  return (
    <div data-testid="report-yearly">
      <ReportToolbar
        picker={<PeriodPicker value={year} onChange={onYear} kinds="year" />}
        xlsx={xlsxHref.yearly(scheme, year)}
        print={`#/print/reports/yearly/${year}`}
        testPrefix="yearly"
      />
      <ReportLoading report={data} />
      {y && (
        <>
          <h2 className="report-heading">{t('yearly.title', { town: y.town, year: y.year })}</h2>
          <p className="muted">{t('yearly.monthsNote')}</p>
          <Table<BulletinRow>
            rowKey="village"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="yearly-table"
          />
          <ExplainDrawer
            open={!!explain}
            onClose={() => onExplain(null)}
            detail={y.annual.details.find((d) => d.village === explain)}
            def={def.data}
            periodLabel={periodName(y.year)}
          />
        </>
      )}
    </div>
  )
}
