/** 工作台: the acting officer's open cases, overdue and due-soon first, with counts. */
import { useMemo, useState } from 'react'
import { Button, Card, Col, Empty, Row, Skeleton, Statistic, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { api, loadScheme, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { useCan } from '../session'
import { DueTag } from '../components/DueTag'
import { LoadError } from '../components/Problem'
import { dueState } from '../dates'
import type { CaseSummary } from '../api'
import { stateInfoOf } from '../schemaUtil'

type Filter = 'all' | 'overdue' | 'dueSoon'

export default function Tasks() {
  const i18n = useI18n()
  const { t } = i18n
  const can = useCan()
  const schemeId = useSchemeId()
  const tasks = useAsync(() => api.myTasks(schemeId), [schemeId])
  const scheme = useAsync(() => loadScheme(schemeId), [schemeId])
  const [filter, setFilter] = useState<Filter>('all')
  const today = tasks.data?.today
  const channelName = useMemo(() => {
    const m = new Map((scheme.data?.scheme.org.channels ?? []).map((c) => [c.id, i18n.label(c)]))
    return (id: string | null) => (id ? (m.get(id) ?? id) : '')
  }, [scheme.data, i18n])

  const items = useMemo(() => {
    const all = tasks.data?.items ?? []
    if (filter === 'all') return all
    return all.filter((s) => {
      const d = dueState(s.dueDate, today).state
      return filter === 'overdue' ? d === 'overdue' : d === 'today' || d === 'soon'
    })
  }, [tasks.data, filter, today])

  const stateName = (s: CaseSummary) => {
    const wf = scheme.data?.workflows.find((w) => w.id === (s.machine ?? 'case'))
    return i18n.label(wf ? stateInfoOf(wf, s.state) : { name: s.stateName ?? s.state })
  }

  const counts = tasks.data?.counts
  const stat = (key: Filter, title: string, value: number | undefined, color?: string) => (
    <Col xs={8} sm={8} md={6}>
      <Card size="small" hoverable className={`stat-card${filter === key ? ' active' : ''}`} onClick={() => setFilter(key)} data-testid={`count-${key}`}>
        <Statistic title={title} value={value ?? '—'} styles={color ? { content: { color } } : undefined} />
      </Card>
    </Col>
  )

  return (
    <div>
      <div className="page-title">
        <h2>{t('tasks.title')}</h2>
        <span className="muted">{today ? t('tasks.today', { date: today }) : null}</span>
        {can('case.register') ? (
          <Button type="primary" icon={<PlusOutlined />} href="#/register">
            {t('tasks.new')}
          </Button>
        ) : null}
      </div>
      {tasks.error ? <LoadError error={tasks.error} onRetry={tasks.reload} /> : null}
      <Row gutter={[8, 8]} className="section">
        {stat('all', t('tasks.total'), counts?.total)}
        {stat('overdue', t('tasks.overdue'), counts?.overdue, counts?.overdue ? '#cf1322' : undefined)}
        {stat('dueSoon', t('tasks.dueSoon'), counts?.dueSoon, counts?.dueSoon ? '#d48806' : undefined)}
      </Row>
      {tasks.loading && !tasks.data ? <Skeleton active /> : null}
      {tasks.data && items.length === 0 ? <Empty description={t('tasks.empty')} /> : null}
      <div className="task-list" data-testid="task-list">
        {items.map((s) => {
          const d = dueState(s.dueDate, today).state
          return (
            <a key={s.id} className={`task-item due-${d}`} href={`#/cases/${encodeURIComponent(s.number)}`} data-testid="task-item">
              <div className="row1">
                <span className="number">{s.number}</span>
                <DueTag dueDate={s.dueDate} today={today} />
              </div>
              <div className="row2">
                <span>{s.petitionerName}</span>
                {s.village ? <span>{s.village}</span> : null}
                {s.category ? <span>{s.category}</span> : null}
                {s.group ? <Tag color="blue">{i18n.label(scheme.data?.scheme.org.groups.find((g) => g.name === s.group), s.group)}</Tag> : null}
                <Tag>{stateName(s)}</Tag>
                {s.channel ? <span className="muted">{channelName(s.channel)}</span> : null}
              </div>
            </a>
          )
        })}
      </div>
    </div>
  )
}
