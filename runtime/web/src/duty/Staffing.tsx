/**
 * Grid workers' days at their village points this week (at least N days, shortfalls highlighted;
 * a day recorded with duty.record) and the staffing check against the org minimums (shortfalls
 * listed; a check recorded with duty.manage — the record the assessment reads).
 */
import { useState } from 'react'
import { Alert, App, Button, Card, DatePicker, Empty, List, Skeleton, Space, Table, Tag } from 'antd'
import { LeftOutlined, RightOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { useAsync } from '../data'
import { addDays } from '../dates'
import { navigate } from '../router'
import { useCan } from '../session'
import { LoadError, errorMessage } from '../components/Problem'
import { useT } from './messages'
import { shortTime, useDuty } from './shared'

const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s)

export default function StaffingScreen({ week }: { week: string | null }) {
  const { def } = useDuty()
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {def.gridAttendance ? <Attendance week={week} /> : null}
      <StaffingCheck />
    </Space>
  )
}

function Attendance({ week }: { week: string | null }) {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const { d, today } = useDuty()
  const date = isDate(week) ? week : today
  const w = useAsync(() => d.week(date), [d, date])
  const [day, setDay] = useState(today)
  const [busy, setBusy] = useState<string | null>(null)
  const record = async (username: string, name: string) => {
    setBusy(username)
    try {
      await d.attend({ username, date: day })
      void message.success(t('attendance.recorded', { name, date: day }))
      w.reload()
    } catch (e) {
      void message.error(errorMessage(e, ''))
    } finally {
      setBusy(null)
    }
  }
  const data = w.data
  return (
    <Card
      size="small"
      title={t('attendance.title')}
      data-testid="attendance"
      extra={
        <Space size={4}>
          <Button
            size="small"
            icon={<LeftOutlined />}
            aria-label={t('attendance.prevWeek')}
            onClick={() => navigate(`/duty/staffing?week=${addDays(data?.week.from ?? date, -7)}`)}
          />
          <span className="muted">{data ? t('attendance.week', { from: data.week.from, to: data.week.to }) : ''}</span>
          <Button
            size="small"
            icon={<RightOutlined />}
            aria-label={t('attendance.nextWeek')}
            onClick={() => navigate(`/duty/staffing?week=${addDays(data?.week.from ?? date, 7)}`)}
          />
        </Space>
      }
    >
      {w.error ? <LoadError error={w.error} onRetry={w.reload} /> : null}
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          <p className="muted" style={{ marginTop: 0 }}>
            {t('attendance.rule', { n: data.min })}
            {data.source ? ` · ${data.source}` : ''}
          </p>
          {can('duty.record') ? (
            <Space wrap style={{ marginBottom: 8 }}>
              <span>{t('attendance.recordDate')}</span>
              <DatePicker
                allowClear={false}
                value={dayjs(day)}
                disabledDate={(x) => x.format('YYYY-MM-DD') > today}
                onChange={(v) => v && setDay(v.format('YYYY-MM-DD'))}
                data-testid="attendance-date"
              />
            </Space>
          ) : null}
          {data.rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attendance.none')} />
          ) : (
            <Table
              size="small"
              rowKey="username"
              pagination={false}
              scroll={{ x: 520 }}
              dataSource={data.rows}
              rowClassName={(r) => (r.shortfall > 0 && data.complete ? 'duty-row-short' : r.shortfall > 0 ? 'duty-row-open' : '')}
              onRow={(r) => ({ 'data-testid': `attendance-${r.username}`, 'data-shortfall': String(r.shortfall) }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'name', title: t('attendance.col.name'), dataIndex: 'name' },
                { key: 'village', title: t('attendance.col.village'), render: (_, r) => r.villages.filter(Boolean).join('、') },
                { key: 'days', title: t('attendance.col.days'), render: (_, r) => r.days.map((x) => <Tag key={x}>{x.slice(5)}</Tag>) },
                {
                  key: 'count',
                  title: t('attendance.col.count'),
                  render: (_, r) =>
                    r.shortfall > 0 ? (
                      <Tag color={data.complete ? 'red' : 'orange'}>
                        {r.count}/{r.min} · {data.complete ? t('attendance.short', { n: r.shortfall }) : t('attendance.shortOpen', { n: r.shortfall })}
                      </Tag>
                    ) : (
                      <Tag color="green">
                        {r.count}/{r.min} · {t('attendance.met')}
                      </Tag>
                    ),
                },
                ...(can('duty.record')
                  ? [
                      {
                        key: 'act',
                        title: '',
                        render: (_: unknown, r: { username: string; name: string; days: string[] }) => (
                          <Button
                            size="small"
                            loading={busy === r.username}
                            disabled={r.days.includes(day)}
                            onClick={() => void record(r.username, r.name)}
                            data-testid={`attend-${r.username}`}
                          >
                            {t('attendance.record')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </>
      )}
    </Card>
  )
}

function StaffingCheck() {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const { d, name } = useDuty()
  const s = useAsync(() => d.staffing(), [d])
  const [busy, setBusy] = useState(false)
  const record = async () => {
    setBusy(true)
    try {
      const r = await d.recordStaffing()
      void message.success(t('staffing.recorded', { date: r.record.date }))
      s.reload()
    } catch (e) {
      void message.error(errorMessage(e, ''))
    } finally {
      setBusy(false)
    }
  }
  const data = s.data
  return (
    <Card
      size="small"
      title={t('staffing.title')}
      data-testid="staffing"
      extra={
        can('duty.manage') ? (
          <Button size="small" type="primary" loading={busy} onClick={() => void record()} data-testid="staffing-record">
            {t('staffing.record')}
          </Button>
        ) : null
      }
    >
      {s.error ? <LoadError error={s.error} onRetry={s.reload} /> : null}
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          {data.ok ? (
            <Alert type="success" showIcon title={t('staffing.ok')} style={{ marginBottom: 8 }} />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t('staffing.short', { n: data.shortfalls.length })}
              description={
                <ul className="duty-plain-list" data-testid="staffing-shortfalls">
                  {data.shortfalls.map((r) => (
                    <li key={`${r.unit}-${r.role}`}>
                      {r.unitName} · {r.roleName}：{r.count}/{r.min}，{t('staffing.shortfall', { n: r.shortfall })}
                    </li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 8 }}
            />
          )}
          <Table
            size="small"
            rowKey={(r) => `${r.unit}-${r.role}`}
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={data.rows}
            rowClassName={(r) => (r.shortfall > 0 ? 'duty-row-short' : '')}
            columns={[
              { key: 'unit', title: t('staffing.col.unit'), dataIndex: 'unitName' },
              { key: 'role', title: t('staffing.col.role'), dataIndex: 'roleName' },
              { key: 'count', title: t('staffing.col.count'), render: (_, r) => `${r.count} / ${r.min}` },
              { key: 'people', title: t('staffing.col.people'), render: (_, r) => r.people.join('、') },
              {
                key: 'short',
                title: t('staffing.col.shortfall'),
                render: (_, r) =>
                  r.shortfall > 0 ? <Tag color="red">{t('staffing.shortfall', { n: r.shortfall })}</Tag> : <Tag color="green">{t('staffing.met')}</Tag>,
              },
            ]}
          />
          {data.checks.length ? (
            <List
              size="small"
              header={<strong>{t('staffing.checks')}</strong>}
              dataSource={[...data.checks].reverse()}
              data-testid="staffing-checks"
              renderItem={(c) => (
                <List.Item key={c.id}>
                  {t('staffing.check', {
                    date: c.date,
                    by: name(c.by),
                    result: c.shortfalls.length ? t('staffing.checkShort', { n: c.shortfalls.length }) : t('staffing.checkOk'),
                  })}
                  <span className="muted"> {shortTime(c.at)}</span>
                </List.Item>
              )}
            />
          ) : null}
        </>
      )}
    </Card>
  )
}
