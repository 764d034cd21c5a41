/**
 * 工作台: the user's queues (issue #18 §3) — 我的待办, 待甄别 (online and imported; complaints
 * listed apart), 待指定代办员, 部门待复, 临期, 超期 — each with its count, as the server gives them
 * for the user's roles and jurisdiction (GET /api/schemes/:id/queues). Items link to the case; a
 * petition waiting for triage also opens the 代办单 pre-filled from what was submitted.
 */
import { useMemo, useState } from 'react'
import { Button, Card, Col, Empty, Row, Segmented, Skeleton, Statistic, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { loadScheme, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { useCan } from '../session'
import { DueTag } from '../components/DueTag'
import { LoadError } from '../components/Problem'
import { stateInfoOf } from '../schemaUtil'
import { queuesApi, type Queue, type QueueId, type QueueItem } from '../queues/api'
import { useT as useQueuesT } from '../queues/messages'

/** The order of the cards (the server returns only the user's queues). */
const ORDER: QueueId[] = ['mine', 'triage', 'complaints', 'assign', 'unitReplies', 'dueSoon', 'overdue']
/** Test ids the earlier 工作台 had for its three counts, kept on the same counts. */
const LEGACY_ID: Partial<Record<QueueId, string>> = { mine: 'count-all', overdue: 'count-overdue', dueSoon: 'count-dueSoon' }
const ALERT_COLOUR: Partial<Record<QueueId, string>> = { overdue: '#cf1322', dueSoon: '#d48806' }

type Source = 'all' | NonNullable<QueueItem['source']>

export default function Tasks() {
  const i18n = useI18n()
  const { t } = i18n
  const qt = useQueuesT()
  const can = useCan()
  const schemeId = useSchemeId()
  const data = useAsync(() => queuesApi.queues(schemeId), [schemeId])
  const scheme = useAsync(() => loadScheme(schemeId), [schemeId])
  const [picked, setPicked] = useState<QueueId | null>(null)
  const [source, setSource] = useState<Source>('all')
  const today = data.data?.today
  const queues = useMemo(() => ORDER.map((id) => data.data?.queues.find((q) => q.id === id)).filter((q): q is Queue => !!q), [data.data])
  // the queue shown: the one clicked, else 我的待办 when it has something, else the first that has, else 我的待办
  const current =
    queues.find((q) => q.id === picked) ??
    queues.find((q) => q.id === 'mine' && q.count > 0) ??
    queues.find((q) => q.count > 0) ??
    queues.find((q) => q.id === 'mine') ??
    queues[0]

  const org = scheme.data?.scheme.org
  const channelName = useMemo(() => {
    const m = new Map((org?.channels ?? []).map((c) => [c.id, i18n.label(c)]))
    return (id: string | null) => (id ? (m.get(id) ?? id) : '')
  }, [org, i18n])
  const unitName = (id: string) =>
    i18n.label(
      org?.units.find((u) => u.id === id),
      id,
    )
  const stateName = (s: QueueItem) => {
    const wf = scheme.data?.workflows.find((w) => w.id === (s.machine ?? 'case'))
    return i18n.label(wf ? stateInfoOf(wf, s.state) : { name: s.stateName ?? s.state })
  }

  const sources = useMemo(() => {
    const items = current?.id === 'triage' ? current.items : []
    return (['online', 'imported', 'other'] as const).map((s) => ({ s, n: items.filter((i) => i.source === s).length })).filter((x) => x.n > 0)
  }, [current])
  const items = (current?.items ?? []).filter((i) => current?.id !== 'triage' || source === 'all' || i.source === source)

  return (
    <div>
      <div className="page-title">
        <h1>{t('tasks.title')}</h1>
        <span className="muted">{today ? t('tasks.today', { date: today }) : null}</span>
        {can('case.register') ? (
          <Button type="primary" icon={<PlusOutlined />} href="#/register">
            {t('tasks.new')}
          </Button>
        ) : null}
      </div>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      <Row gutter={[8, 8]} className="section" data-testid="queues">
        {queues.map((q) => (
          <Col key={q.id} xs={8} sm={8} md={6} lg={6} xl={3}>
            <Card
              size="small"
              hoverable
              className={`stat-card${current?.id === q.id ? ' active' : ''}`}
              onClick={() => {
                setPicked(q.id)
                setSource('all')
              }}
              data-testid={LEGACY_ID[q.id] ?? `queue-${q.id}`}
              data-queue={q.id}
            >
              <Statistic
                title={qt(`queue.${q.id}`)}
                value={q.count}
                styles={q.count && ALERT_COLOUR[q.id] ? { content: { color: ALERT_COLOUR[q.id] } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {current?.id === 'triage' && sources.length > 1 ? (
        <Segmented
          className="section"
          value={source}
          onChange={(v) => setSource(v as Source)}
          options={[
            { value: 'all', label: `${qt('source.all')} ${current.count}` },
            ...sources.map(({ s, n }) => ({ value: s, label: `${qt(`source.${s}`)} ${n}` })),
          ]}
          data-testid="triage-sources"
        />
      ) : null}
      {data.loading && !data.data ? <Skeleton active /> : null}
      {data.data && current && items.length === 0 ? <Empty description={current.id === 'mine' ? t('tasks.empty') : qt('queue.empty')} /> : null}
      <div className="task-list" data-testid="task-list" data-showing={current?.id}>
        {items.map((s) => (
          <div key={s.id} style={{ display: 'flex', gap: 8, alignItems: 'stretch' }}>
            <a
              className={`task-item due-${s.due === 'dueSoon' ? 'soon' : s.due}`}
              style={{ flex: 1, minWidth: 0 }}
              href={`#/cases/${encodeURIComponent(s.number)}`}
              data-testid="task-item"
              data-number={s.number}
            >
              <div className="row1">
                <span className="number">{s.number}</span>
                <DueTag dueDate={s.dueDate} today={today} />
              </div>
              <div className="row2">
                {s.petitionerName ? <span>{s.petitionerName}</span> : null}
                {s.village ? <span>{s.village}</span> : null}
                {s.category ? <span>{s.category}</span> : null}
                {s.group ? (
                  <Tag color="blue">
                    {i18n.label(
                      org?.groups.find((g) => g.name === s.group),
                      s.group,
                    )}
                  </Tag>
                ) : null}
                <Tag>{stateName(s)}</Tag>
                {s.source && s.source !== 'other' ? <Tag color={s.source === 'online' ? 'cyan' : 'purple'}>{qt(`source.${s.source}`)}</Tag> : null}
                {s.channel ? <span className="muted">{channelName(s.channel)}</span> : null}
                {s.awaiting?.length ? (
                  <Tag color="orange">{qt('item.awaiting', { units: s.awaiting.map(unitName).join(i18n.lang === 'en' ? ', ' : '、') })}</Tag>
                ) : null}
              </div>
            </a>
            {current?.id === 'triage' ? (
              <Button type="primary" style={{ height: 'auto' }} href={`#/register?triage=${encodeURIComponent(s.number)}`} data-testid="triage-open">
                {qt('item.triage')}
              </Button>
            ) : null}
          </div>
        ))}
      </div>
      {current && current.count > current.items.length ? <p className="muted">{qt('queue.more', { n: current.items.length, total: current.count })}</p> : null}
    </div>
  )
}
