/**
 * 月通报 (or, for a year, the yearly assessment): each village's score so far, rank, rates and
 * grade, the petitions of the period and the year, what is overdue, the letters the scheme calls
 * for; a per-village explanation; .xlsx and A4 print.
 */
import { Alert, Card, Empty, List, Skeleton, Space, Table, Tag } from 'antd'
import type { TableProps } from 'antd'
import { api, useAsync } from '../data'
import { useCan } from '../session'
import type { CaseSummary } from '../api'
import { reportsApi, xlsxHref, type BulletinRow } from './api'
import { pts } from './format'
import { CountLink, GradeTag, PeriodPicker, usePeriodName } from './shared'
import { ExplainDrawer } from './Explain'
import { LetterTags, ReportLoading, ReportToolbar, scoreColumns, useScoreReport } from './scoreTable'
import { useT } from './messages'

const OVERDUE_SHOWN = 50

export default function BulletinScreen({
  period,
  onPeriod,
  explain,
  onExplain,
}: {
  period: string
  onPeriod: (p: string) => void
  explain: string | null
  onExplain: (village: string | null) => void
}) {
  const t = useT()
  const can = useCan()
  const periodName = usePeriodName()
  const { scheme, data, def, label } = useScoreReport((s, signal) => reportsApi.bulletin(s, period, signal), [period])
  const b = data.data
  const overdue = useAsync(
    async (signal) => {
      if (!b || !can('case.list')) return null
      const total = b.rows.reduce((a, r) => a + r.overdue, 0)
      if (!total) return { items: [] as CaseSummary[], total: 0 }
      return api.request<{ items: CaseSummary[]; total: number }>('GET', `${b.links.overdue}&sort=dueDate&order=asc&limit=${OVERDUE_SHOWN}`, undefined, signal)
    },
    [b],
  )

  const col = scoreColumns(t, label, onExplain)
  const columns: TableProps<BulletinRow>['columns'] = [
    { key: 'rank', dataIndex: 'rank', title: t('col.rank'), width: 56, align: 'center' },
    col.village,
    {
      key: 'total',
      dataIndex: 'total',
      title: t('col.total'),
      align: 'right',
      render: (v: number, r) => <b data-testid={`bulletin-total-${r.village}`}>{pts(v)}</b>,
    },
    { key: 'grade', dataIndex: 'grade', title: t('col.grade'), render: (g: string, r) => <GradeTag grade={g} total={r.total} def={def.data} /> },
    ...col.rates(b?.rows[0]?.rates ?? [], ['sm']),
    {
      key: 'month',
      title: t('col.month'),
      align: 'right',
      responsive: ['md'],
      render: (_: unknown, r) => <CountLink n={r.month.petitions} link={r.links.month} testId={`bulletin-month-${r.village}`} />,
    },
    {
      key: 'ytd',
      title: t('col.ytd'),
      align: 'right',
      responsive: ['md'],
      render: (_: unknown, r) => <CountLink n={r.ytd.petitions} link={r.links.petitions} testId={`bulletin-ytd-${r.village}`} />,
    },
    {
      key: 'overdue',
      title: t('col.overdue'),
      align: 'right',
      render: (_: unknown, r) => <CountLink n={r.overdue} link={r.links.overdue} testId={`bulletin-overdue-${r.village}`} />,
    },
    col.letters(['lg']),
    col.explain,
  ]

  const withLetters = b?.rows.filter((r) => r.letters.length) ?? []
  return (
    <div data-testid="report-bulletin">
      <ReportToolbar
        picker={<PeriodPicker value={period} onChange={onPeriod} />}
        xlsx={xlsxHref.bulletin(scheme, period)}
        print={`#/print/reports/bulletin/${period}`}
        testPrefix="bulletin"
      />
      <ReportLoading report={data} />
      {b && (
        <>
          <h2 className="report-heading">
            {t(b.period.kind === 'month' ? 'bulletin.title' : 'bulletin.yearTitle', { town: b.town })}（{periodName(b.period.id)}）
          </h2>
          <p className="muted">
            {t('bulletin.basis', { from: b.scoreBasis.from, to: b.scoreBasis.to, pfrom: b.period.from, pto: b.period.to })} {t('bulletin.linkedNote')}
          </p>
          <Table<BulletinRow>
            rowKey="village"
            size="middle"
            columns={columns}
            dataSource={b.rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="bulletin-table"
            locale={{ emptyText: <Empty description={t('bulletin.noRows')} /> }}
          />

          <Card
            size="small"
            className="section"
            style={{ marginTop: 12 }}
            title={t('bulletin.lettersCalled')}
            extra={<a href={`#/reports/letters?period=${period}`}>{t('tab.letters')}</a>}
            data-testid="bulletin-letters"
          >
            {withLetters.length ? (
              <List
                size="small"
                dataSource={withLetters}
                renderItem={(r) => (
                  <List.Item>
                    <Space wrap>
                      <b>{r.village}</b>
                      <LetterTags letters={r.letters} />
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <span className="muted">{t('bulletin.lettersNone')}</span>
            )}
          </Card>

          <Card size="small" className="section" title={t('bulletin.overdueList', { to: b.asOf })} data-testid="bulletin-overdue">
            {overdue.error ? <Alert type="error" showIcon title={String((overdue.error as Error).message ?? overdue.error)} /> : null}
            {overdue.data === null ? (
              <span className="muted">{b.rows.reduce((a, r) => a + r.overdue, 0)}</span>
            ) : overdue.data && overdue.data.total === 0 ? (
              <span className="muted">{t('bulletin.overdueNone')}</span>
            ) : overdue.data ? (
              <>
                {overdue.data.total > overdue.data.items.length && (
                  <p className="muted">{t('bulletin.overdueMore', { n: overdue.data.total, shown: overdue.data.items.length })}</p>
                )}
                <Table<CaseSummary>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={overdue.data.items}
                  columns={[
                    { key: 'number', dataIndex: 'number', title: t('col.number'), render: (v: string) => <a href={`#/cases/${encodeURIComponent(v)}`}>{v}</a> },
                    { key: 'village', dataIndex: 'village', title: t('col.village') },
                    { key: 'category', dataIndex: 'category', title: t('col.category'), responsive: ['md'] },
                    { key: 'officer', dataIndex: 'officer', title: t('col.officer'), responsive: ['md'] },
                    { key: 'dueDate', dataIndex: 'dueDate', title: t('col.dueDate'), render: (v: string) => <Tag color="red">{v}</Tag> },
                  ]}
                />
              </>
            ) : (
              <Skeleton active paragraph={{ rows: 2 }} />
            )}
          </Card>
          <ExplainDrawer
            open={!!explain}
            onClose={() => onExplain(null)}
            detail={b.details.find((d) => d.village === explain)}
            def={def.data}
            periodLabel={periodName(b.period.id)}
          />
        </>
      )}
    </div>
  )
}
