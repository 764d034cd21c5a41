/**
 * 年汇总: each village's year-to-date score at the end of every month, and the year's score,
 * grade and rank (built from the months); the year's explanation per village; .xlsx and A4 print.
 */
import { Button, Skeleton, Space, Table } from 'antd'
import type { TableProps } from 'antd'
import { DownloadOutlined, PrinterOutlined, QuestionCircleOutlined } from '@ant-design/icons'
import { useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { LoadError } from '../components/Problem'
import { reportsApi, xlsxHref, type BulletinRow } from './api'
import { pct, pts } from './format'
import { GradeTag, loadDefinition, PeriodPicker, useDefLabel, usePeriodName } from './shared'
import { ExplainDrawer } from './Explain'
import { LetterTags } from './Bulletin'
import { useT } from './messages'

export default function YearlyScreen({ year, onYear, explain, onExplain }: { year: string; onYear: (y: string) => void; explain: string | null; onExplain: (village: string | null) => void }) {
  const t = useT()
  const i18n = useI18n()
  const scheme = useSchemeId()
  const periodName = usePeriodName()
  const data = useAsync((signal) => reportsApi.yearly(scheme, year, signal), [scheme, year])
  const def = useAsync(() => loadDefinition(scheme), [scheme])
  const y = data.data
  const label = useDefLabel(def.data)
  const rows = y?.annual.rows ?? []
  const monthCols = (y?.months ?? []).map((m) => ({
    key: m.month,
    title: i18n.lang === 'en' ? m.month.slice(5) : t('col.monthTotal', { m: Number(m.month.slice(5, 7)) }),
    align: 'right' as const,
    render: (_: unknown, r: BulletinRow) => {
      const v = m.rows.find((x) => x.village === r.village)
      return v ? pts(v.total) : ''
    },
  }))
  const columns: TableProps<BulletinRow>['columns'] = [
    { key: 'village', dataIndex: 'village', title: t('col.village'), fixed: 'left', render: (v: string) => <b>{v}</b> },
    ...monthCols,
    { key: 'total', dataIndex: 'total', title: t('col.annual'), align: 'right', render: (v: number, r) => <b data-testid={`yearly-total-${r.village}`}>{pts(v)}</b> },
    { key: 'grade', dataIndex: 'grade', title: t('col.annualGrade'), render: (g: string, r) => <GradeTag grade={g} total={r.total} def={def.data} /> },
    { key: 'rank', dataIndex: 'rank', title: t('col.annualRank'), align: 'center' },
    ...(rows[0]?.rates ?? []).map((rc, i) => ({ key: rc.id, title: label('variable', rc.id, rc.name), align: 'right' as const, render: (_: unknown, r: BulletinRow) => pct(r.rates[i]?.value) })),
    { key: 'letters', title: t('col.letters'), render: (_: unknown, r) => <LetterTags letters={r.letters} /> },
    {
      key: 'explain',
      title: t('col.actions'),
      render: (_: unknown, r) => (
        <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => onExplain(r.village)} data-testid={`explain-${r.village}`}>
          {t('bulletin.explain')}
        </Button>
      ),
    },
  ]
  return (
    <div data-testid="report-yearly">
      <div className="report-toolbar">
        <PeriodPicker value={year} onChange={onYear} kinds="year" />
        <Space wrap size={8}>
          <Button icon={<DownloadOutlined />} href={xlsxHref.yearly(scheme, year)} download data-testid="yearly-xlsx">
            {t('bulletin.xlsx')}
          </Button>
          <Button icon={<PrinterOutlined />} href={`#/print/reports/yearly/${year}`} data-testid="yearly-print">
            {t('bulletin.print')}
          </Button>
        </Space>
      </div>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {!y && !data.error ? <Skeleton active /> : null}
      {y && (
        <>
          <h3 className="report-heading">{t('yearly.title', { town: y.town, year: y.year })}</h3>
          <p className="muted">{t('yearly.monthsNote')}</p>
          <Table<BulletinRow> rowKey="village" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="yearly-table" />
          <ExplainDrawer open={!!explain} onClose={() => onExplain(null)} detail={y.annual.details.find((d) => d.village === explain)} def={def.data} periodLabel={periodName(y.year)} />
        </>
      )}
    </div>
  )
}
