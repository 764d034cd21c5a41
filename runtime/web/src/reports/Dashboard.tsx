/**
 * 全镇看板: the four scored rates, satisfaction and overdue counts, by month (the year) and by
 * village (the chosen month or year), as charts and as a table of numbers. Every number, bar and
 * point opens the case list filtered to exactly the cases behind it (the server gives each count
 * its query, built from the same tests that counted it).
 */
import { lazy, Suspense, useMemo, useState } from 'react'
import { Card, Col, Row, Segmented, Skeleton, Statistic, Table } from 'antd'
import type { TableProps } from 'antd'
import { useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { LoadError } from '../components/Problem'
import { COUNT_KEYS, RATE_KEYS, RATE_NUMERATOR, reportsApi, type CountKey, type Dashboard as DashboardData, type DashboardBucket, type RateKey } from './api'
import { caseListHref, caseListPath, isYear, pct } from './format'
import { CountLink, loadDefinition, PeriodPicker, usePeriodName } from './shared'
import { useT } from './messages'
import type { ChartOption } from './Chart'

const Chart = lazy(() => import('./Chart'))

type Row = DashboardBucket & { key: string; label: string }

export default function Dashboard({ period, onPeriod }: { period: string; onPeriod: (p: string) => void }) {
  const t = useT()
  const i18n = useI18n()
  const scheme = useSchemeId()
  const periodName = usePeriodName()
  const data = useAsync((signal) => reportsApi.dashboard(scheme, period, signal), [scheme, period])
  const def = useAsync(() => loadDefinition(scheme), [scheme])
  const [dim, setDim] = useState<'village' | 'month'>('village')

  const rateName = (k: RateKey): string => {
    const v = def.data?.variables.find((x) => x.id === k)
    return v ? i18n.label(v) : k === 'satisfactionRate' ? t('rate.satisfactionRate') : k
  }
  const countName = (k: CountKey) => t(`count.${k}`)
  const monthLabel = (m: string) => (i18n.lang === 'en' ? m : `${Number(m.slice(5, 7))}月`)

  const d = data.data
  const charts = useMemo(
    () => (d ? chartOptions(d, { rateName, countName, monthLabel, noVillage: t('dash.noVillage') }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, def.data, i18n.lang],
  )

  const rows: Row[] = !d
    ? []
    : dim === 'village'
      ? [
          ...d.villages.map((v) => ({ ...v, key: `v:${v.village}`, label: v.village || t('dash.noVillage') })),
          { ...d.total, key: 'total', label: t('dash.town') },
        ]
      : d.months.map((m) => ({ ...m, key: `m:${m.month}`, label: m.month }))

  const cell = (r: Row, k: CountKey) => <CountLink n={r[k]} link={r.links?.[k]} testId={`dash-${r.key}-${k}`} />
  const columns: TableProps<Row>['columns'] = [
    {
      key: 'label',
      dataIndex: 'label',
      title: dim === 'village' ? t('dash.village') : t('dash.month'),
      fixed: 'left',
      render: (v: string, r) => (r.key === 'total' ? <b>{v}</b> : v),
    },
    ...(['petitions', 'proxied', 'online', 'concluded', 'resolved'] as const).map((k) => ({
      key: k,
      title: countName(k),
      align: 'right' as const,
      render: (_: unknown, r: Row) => cell(r, k),
    })),
    ...(['proxyRate', 'onlineRate', 'concludeRate', 'resolveRate'] as const).map((k) => ({
      key: k,
      title: rateName(k),
      align: 'right' as const,
      render: (_: unknown, r: Row) => <span data-testid={`dash-${r.key}-${k}`}>{pct(r[k])}</span>,
    })),
    { key: 'feedback', title: countName('feedback'), align: 'right' as const, render: (_: unknown, r: Row) => cell(r, 'feedback') },
    { key: 'satisfied', title: countName('satisfied'), align: 'right' as const, render: (_: unknown, r: Row) => cell(r, 'satisfied') },
    {
      key: 'satisfactionRate',
      title: rateName('satisfactionRate'),
      align: 'right' as const,
      render: (_: unknown, r: Row) => <span data-testid={`dash-${r.key}-satisfactionRate`}>{pct(r.satisfactionRate)}</span>,
    },
    {
      key: 'overdue',
      title: countName('overdue'),
      align: 'right' as const,
      render: (_: unknown, r: Row) => (r.overdue > 0 ? <span className="report-overdue">{cell(r, 'overdue')}</span> : cell(r, 'overdue')),
    },
  ]

  return (
    <div data-testid="report-dashboard">
      <div className="report-toolbar">
        <PeriodPicker value={period} onChange={onPeriod} />
        {d && <span className="muted">{t('dash.asOf', { today: d.today })}</span>}
      </div>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {!d && !data.error ? <Skeleton active /> : null}
      {d && (
        <>
          <Row gutter={[8, 8]} className="section" data-testid="dash-kpis">
            {RATE_KEYS.map((k) => (
              <Col key={k} xs={12} sm={8} md={8} lg={4}>
                <Card size="small" className="stat-card">
                  <a href={d.total.links ? caseListHref(d.total.links[RATE_NUMERATOR[k]]) : undefined} data-testid={`kpi-${k}`}>
                    <Statistic title={rateName(k)} value={pct(d.total[k])} />
                  </a>
                </Card>
              </Col>
            ))}
            <Col xs={12} sm={8} md={8} lg={4}>
              <Card size="small" className="stat-card">
                <a href={d.total.links ? caseListHref(d.total.links.overdue) : undefined} data-testid="kpi-overdue">
                  <Statistic title={countName('overdue')} value={d.total.overdue} styles={{ content: d.total.overdue > 0 ? { color: '#cf1322' } : {} }} />
                </a>
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={`${t('dash.rates')} · ${t('dash.byMonth', { year: d.year })}`} className="section">
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
                  {charts && <Chart option={charts.monthRates} onPick={(l) => navigate(caseListPath(l))} height={280} testId="chart-month-rates" />}
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={`${t('dash.counts')} · ${t('dash.byMonth', { year: d.year })}`} className="section">
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
                  {charts && <Chart option={charts.monthCounts} onPick={(l) => navigate(caseListPath(l))} height={280} testId="chart-month-counts" />}
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={`${t('dash.rates')} · ${t('dash.byVillage', { period: periodName(d.period.id) })}`} className="section">
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
                  {charts && <Chart option={charts.villageRates} onPick={(l) => navigate(caseListPath(l))} height={300} testId="chart-village-rates" />}
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={`${t('dash.counts')} · ${t('dash.byVillage', { period: periodName(d.period.id) })}`} className="section">
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
                  {charts && <Chart option={charts.villageCounts} onPick={(l) => navigate(caseListPath(l))} height={300} testId="chart-village-counts" />}
                </Suspense>
              </Card>
            </Col>
          </Row>
          <p className="muted">{t('dash.chartHint')}</p>
          <Card
            size="small"
            title={t('dash.table')}
            extra={
              <Segmented
                size="small"
                value={dim}
                onChange={(v) => setDim(v as 'village' | 'month')}
                options={[
                  { value: 'village', label: isYear(d.period.id) ? t('dash.village') : `${t('dash.village')}（${periodName(d.period.id)}）` },
                  { value: 'month', label: t('dash.month') },
                ]}
                data-testid="dash-dim"
              />
            }
          >
            <Table<Row>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="dash-table"
            />
          </Card>
        </>
      )}
    </div>
  )
}

interface Labels {
  rateName: (k: RateKey) => string
  countName: (k: CountKey) => string
  monthLabel: (m: string) => string
  noVillage: string
}

/** The four charts' options; each data item carries the case-list query of what it shows. */
export function chartOptions(
  d: DashboardData,
  L: Labels,
): { monthRates: ChartOption; monthCounts: ChartOption; villageRates: ChartOption; villageCounts: ChartOption } {
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)
  const rateTooltip = { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') }
  const legend = { type: 'scroll', top: 0 }
  const grid = { left: 8, right: 12, top: 36, bottom: 8, containLabel: true }
  const shownCounts: CountKey[] = COUNT_KEYS.filter((k) => k !== 'feedback' && k !== 'satisfied')
  const rateSeries = (buckets: DashboardBucket[], type: 'line' | 'bar') =>
    RATE_KEYS.map((k) => ({
      name: L.rateName(k),
      type,
      connectNulls: false,
      data: buckets.map((b) => ({ value: percent(b[k]), link: b.links?.[RATE_NUMERATOR[k]] })),
    }))
  const countSeries = (buckets: DashboardBucket[]) =>
    shownCounts.map((k) => ({
      name: L.countName(k),
      type: 'bar',
      data: buckets.map((b) => ({ value: b[k], link: b.links?.[k] })),
    }))
  const months = d.months.map((m) => L.monthLabel(m.month))
  const villages = d.villages.map((v) => v.village || L.noVillage)
  const pctAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }
  return {
    monthRates: { tooltip: rateTooltip, legend, grid, xAxis: { type: 'category', data: months }, yAxis: pctAxis, series: rateSeries(d.months, 'line') },
    monthCounts: {
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: countSeries(d.months),
    },
    villageRates: {
      tooltip: rateTooltip,
      legend,
      grid,
      xAxis: { type: 'category', data: villages, axisLabel: { interval: 0, rotate: villages.length > 4 ? 30 : 0 } },
      yAxis: pctAxis,
      series: rateSeries(d.villages, 'bar'),
    },
    villageCounts: {
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'category', data: villages, axisLabel: { interval: 0, rotate: villages.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: countSeries(d.villages),
    },
  }
}
