/**
 * Impact preview: the draft replayed over existing cases (server side, nothing written). It says
 * plainly that publishing leaves running cases on their version, and offers the recount onto the
 * published version as its own step (./RecountPanel).
 */
import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Card, DatePicker, Empty, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, problemsOf, type Impact, type ImpactChange } from '../api'
import type { I18n, MsgKey } from '../i18n'
import type { Problem } from '../lib/problems'
import { ProblemList } from './ProblemList'
import RecountPanel from './RecountPanel'
import { panelT } from './messages'

export function changeText(c: ImpactChange, i18n: I18n): { field: string; from: string; to: string } {
  const key = `field_${c.field}` as MsgKey
  const v = (x: unknown) => (x === null || x === undefined ? '—' : typeof x === 'boolean' ? i18n.t(x ? 'yes' : 'no') : String(x))
  return { field: ['outcome', 'group', 'dueDate', 'overdue', 'error'].includes(c.field) ? i18n.t(key) : c.field, from: v(c.from), to: v(c.to) }
}

export function ImpactSummary({ impact, i18n, compact }: { impact: Impact; i18n: I18n; compact?: boolean }) {
  const { t } = i18n
  const c = impact.counts
  return (
    <div data-testid="impact-summary">
      <Space wrap size="large">
        <Statistic title={t('cCases')} value={c.cases} />
        <Statistic title={t('cOutcome')} value={c.outcome} />
        <Statistic title={t('cGroup')} value={c.group} />
        <Statistic title={t('cDueDate')} value={c.dueDate} styles={{ content: c.dueDate ? { color: '#d4380d' } : {} }} />
        <Statistic title={t('cOverdue')} value={c.overdue} />
        <Statistic title={t('cErrors')} value={c.errors} />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('impactPeriod', { ...impact.period, today: impact.today })}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('impactCases')}</Typography.Title>
      {impact.cases.length === 0 ? (
        <Empty description={t('impactNone')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Table
          size="small"
          rowKey="caseId"
          dataSource={impact.cases}
          pagination={{ pageSize: compact ? 5 : 20, size: 'small', hideOnSinglePage: true }}
          data-testid="impact-cases"
          columns={[
            { title: t('caseNumber'), dataIndex: 'number', width: 170 },
            { title: t('village'), dataIndex: 'village', width: 140, render: (v: string | null) => v ?? '—' },
            {
              title: t('changes'),
              render: (_, r) =>
                r.changes.map((c, i) => {
                  const x = changeText(c, i18n)
                  return (
                    <div key={i}>
                      <Tag>{x.field}</Tag>
                      <span style={{ textDecoration: 'line-through', color: '#595959' }}>{x.from}</span> → <b>{x.to}</b>
                    </div>
                  )
                }),
            },
          ]}
        />
      )}
      {impact.truncated && <Typography.Text type="warning">{t('impactTruncated', { n: impact.cases.length })}</Typography.Text>}
      {!compact && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('impactVillages')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="village"
            dataSource={impact.villages}
            pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
            data-testid="impact-villages"
            rowClassName={(r) => (r.changed ? 'impact-changed' : '')}
            columns={[
              { title: t('village'), dataIndex: 'village' },
              { title: t('before'), render: (_, r) => (r.before ? `${r.before.total} · ${r.before.grade}` : '—') },
              {
                title: t('after'),
                render: (_, r) =>
                  r.after ? (
                    <b>
                      {r.after.total} · {r.after.grade}
                    </b>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('changed'),
                render: (_, r) => (!r.before && !r.after ? <Tag>{t('notScored')}</Tag> : r.changed ? <Tag color="orange">{t('changed')}</Tag> : ''),
              },
            ]}
          />
        </>
      )}
    </div>
  )
}

export default function ImpactView({
  schemeId,
  i18n,
  beforeRun,
  onJump,
}: {
  schemeId: string
  i18n: I18n
  beforeRun(): Promise<void>
  onJump(file: string, pointer: string): void
}) {
  const { t } = i18n
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const [busy, setBusy] = useState(false)
  const [impact, setImpact] = useState<Impact | null>(null)
  const [error, setError] = useState<{ msg: string; problems: Problem[] } | null>(null)
  // Each run is numbered: a reply to an earlier run, or for the scheme shown before, is dropped.
  const req = useRef(0)
  useEffect(() => {
    req.current++
    setImpact(null)
    setError(null)
    setBusy(false)
  }, [schemeId])
  const run = async () => {
    const seq = ++req.current
    setBusy(true)
    setError(null)
    try {
      await beforeRun()
      const body: { from?: string; to?: string } = {}
      if (range?.[0]) body.from = range[0].format('YYYY-MM-DD')
      if (range?.[1]) body.to = range[1].format('YYYY-MM-DD')
      const t0 = performance.now()
      const r = await api.impact(schemeId, body)
      if (seq !== req.current) return
      performance.measure('daiban:impact', { start: t0, end: performance.now() })
      setImpact(r)
    } catch (e) {
      if (seq === req.current) setError({ msg: (e as Error).message, problems: problemsOf(e) })
    } finally {
      if (seq === req.current) setBusy(false)
    }
  }
  const pt = panelT(i18n.lang)
  return (
    <Card size="small" title={t('tabImpact')} data-testid="impact-view">
      <Alert type="info" showIcon title={pt('recountStays')} style={{ marginBottom: 12 }} data-testid="impact-stays" />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('impactRange')}</span>
        <DatePicker.RangePicker allowEmpty={[true, true]} value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} />
        <Button type="primary" loading={busy} onClick={() => void run()} data-testid="impact-run">
          {t('impactRun')}
        </Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.msg}
          description={error.problems.length ? <ProblemList problems={error.problems} i18n={i18n} onJump={onJump} /> : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      {impact && <ImpactSummary impact={impact} i18n={i18n} />}
      {impact && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="impact-recount-hint">
          {pt('recountImpactHint')}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {pt('recountTitle')}
      </Typography.Title>
      <RecountPanel key={schemeId} schemeId={schemeId} i18n={i18n} mode="impact" />
    </Card>
  )
}
