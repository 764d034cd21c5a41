/**
 * 重复访统计 (`#/intake/repeats?year=2026`): repeat and multi-channel petitions per village and
 * month, from the cases linked as one matter. Each count opens the cases it counts, listed here
 * (the case list cannot filter by links).
 */
import { useMemo, useState } from 'react'
import { Button, Card, Empty, Select, Skeleton, Space, Table } from 'antd'
import { loadSchemeSummary, loadToday, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { href, navigate } from '../router'
import { LoadError } from '../components/Problem'
import { channelsApi, type RepeatKind } from './api'
import { repeatCases, repeatTotals, type RepeatSelection } from './logic'
import { useT } from './messages'
import { KindTag } from './KindTag'

export default function Repeats({ year: yearParam }: { year: string | null }) {
  const t = useT()
  const i18n = useI18n()
  const schemeId = useSchemeId()
  const today = useAsync(() => loadToday().catch(() => new Date().toISOString().slice(0, 10)), [])
  const year = yearParam && /^\d{4}$/.test(yearParam) ? yearParam : today.data?.slice(0, 4)
  const data = useAsync(() => (year ? channelsApi.repeats(schemeId, year) : new Promise<never>(() => {})), [schemeId, year])
  const scheme = useAsync(() => loadSchemeSummary(schemeId), [schemeId])
  const channelName = useMemo(() => {
    const m = new Map((scheme.data?.org.channels ?? []).map((c) => [c.id, c]))
    return (id: string | null) => (id ? i18n.label(m.get(id), id) : '')
  }, [scheme.data, i18n])
  const [sel, setSel] = useState<RepeatSelection | null>(null)

  if (!year) return <Skeleton active />
  const years = (() => {
    const now = Number(today.data?.slice(0, 4) ?? year)
    return Array.from({ length: 5 }, (_, i) => String(now - i))
  })()
  const r = data.data
  const totals = r ? repeatTotals(r) : { repeat: 0, multi: 0 }
  const count = (n: number, s: RepeatSelection, testId: string) =>
    n ? (
      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setSel(s)} data-testid={testId}>
        {n}
      </Button>
    ) : (
      <span className="muted">0</span>
    )
  const shown = r ? repeatCases(r, sel) : []
  const selTitle = sel
    ? t('repeats.cases', { village: sel.village ?? '', month: sel.month ?? '', kind: sel.kind ? t(`kind.${sel.kind}`) : '', n: shown.length })
    : t('repeats.allCases', { year })

  return (
    <div data-testid="repeats-screen">
      <Card size="small" className="section">
        <Space wrap size={12}>
          <span>{t('repeats.year')}</span>
          <Select
            value={year}
            aria-label={t('repeats.year')}
            style={{ width: 110 }}
            onChange={(y: string) => {
              setSel(null)
              navigate(`/intake/repeats?year=${y}`)
            }}
            options={years.map((y) => ({ value: y, label: y }))}
            data-testid="repeats-year"
          />
        </Space>
        <p className="muted" style={{ margin: '8px 0 0' }}>
          {t('repeats.hint')}
        </p>
      </Card>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {!r && !data.error ? <Skeleton active /> : null}
      {r ? (
        <>
          <Card size="small" className="section">
            {r.items.length === 0 ? (
              <Empty description={t('repeats.none', { year: r.year })} />
            ) : (
              <Table
                size="small"
                rowKey={(x) => `${x.village}|${x.month}`}
                dataSource={r.items}
                pagination={false}
                scroll={{ x: true }}
                data-testid="repeats-table"
                columns={[
                  { title: t('repeats.month'), dataIndex: 'month', width: 100 },
                  { title: t('repeats.village'), dataIndex: 'village' },
                  {
                    title: t('repeats.repeat'),
                    dataIndex: 'repeat',
                    width: 100,
                    render: (n: number, x) => count(n, { village: x.village, month: x.month, kind: 'repeat' }, `repeats-${x.village}-${x.month}-repeat`),
                  },
                  {
                    title: t('repeats.multi'),
                    dataIndex: 'multi',
                    width: 100,
                    render: (n: number, x) => count(n, { village: x.village, month: x.month, kind: 'multi' }, `repeats-${x.village}-${x.month}-multi`),
                  },
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={2}>
                      <strong>{t('repeats.total')}</strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2}>{count(totals.repeat, { kind: 'repeat' }, 'repeats-total-repeat')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={3}>{count(totals.multi, { kind: 'multi' }, 'repeats-total-multi')}</Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              />
            )}
          </Card>
          {r.cases.length ? (
            <Card
              size="small"
              className="section"
              title={selTitle}
              data-testid="repeats-cases"
              extra={
                sel ? (
                  <Button size="small" onClick={() => setSel(null)} data-testid="repeats-clear">
                    {t('repeats.clear')}
                  </Button>
                ) : null
              }
            >
              <Table
                size="small"
                rowKey="caseId"
                dataSource={shown}
                pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                scroll={{ x: true }}
                columns={[
                  {
                    title: '#',
                    dataIndex: 'number',
                    render: (n: string) => (
                      <a href={href(`/cases/${encodeURIComponent(n)}`)} data-testid={`repeats-case-${n}`}>
                        {n}
                      </a>
                    ),
                  },
                  { title: t('repeats.receivedOn'), dataIndex: 'receivedOn', width: 110 },
                  { title: t('repeats.village'), dataIndex: 'village' },
                  { title: t('repeats.channel'), dataIndex: 'channel', render: (c: string | null) => channelName(c) },
                  { title: t('repeats.kind'), dataIndex: 'kind', render: (k: RepeatKind) => <KindTag kind={k} /> },
                  {
                    title: t('repeats.linkedWith'),
                    dataIndex: 'linked',
                    render: (ns: string[]) => (
                      <Space wrap size={4}>
                        {ns.map((n) => (
                          <a key={n} href={href(`/cases/${encodeURIComponent(n)}`)}>
                            {n}
                          </a>
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
