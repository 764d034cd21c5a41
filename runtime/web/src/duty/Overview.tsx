/** The area's first screen: who is on duty today, the recurring duties due soon or overdue, staffing shortfalls and overdue complaints. */
import { Alert, App, Button, Card, Col, Empty, List, Row, Skeleton, Space, Tag } from 'antd'
import { useState } from 'react'
import { useAsync } from '../data'
import { useI18n } from '../i18n'
import { useCan } from '../session'
import { LoadError, errorMessage } from '../components/Problem'
import { useDuty } from './shared'
import { useT } from './messages'
import { ObligationStatus } from './Obligations'
import { groupShifts, unitLabel } from './shifts'

export default function Overview() {
  const can = useCan()
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <TodayCard />
      </Col>
      <Col xs={24} lg={12}>
        <DueObligations />
      </Col>
      <Col xs={24} lg={12}>
        <StaffingSummary />
      </Col>
      {can('case.read') ? (
        <Col xs={24} lg={12}>
          <ComplaintSummary />
        </Col>
      ) : null}
    </Row>
  )
}

/** 今日值班: today's shift leader and cadre on duty at the station; a per-unit shift (each 二级部门's 带班) as one row listing its units. */
export function TodayCard() {
  const t = useT()
  const i18n = useI18n()
  const can = useCan()
  const { message } = App.useApp()
  const { d, def, today } = useDuty()
  const on = useAsync(() => d.today(), [d])
  const [busy, setBusy] = useState(false)
  if (!def.roster) return null
  const generate = async () => {
    setBusy(true)
    try {
      const r = await d.generate(today.slice(0, 7))
      void message.success(t('roster.generated', { month: r.month, n: r.days.length }))
      on.reload()
    } catch (e) {
      void message.error(errorMessage(e, ''))
    } finally {
      setBusy(false)
    }
  }
  const o = on.data
  return (
    <Card size="small" title={t('today.title')} data-testid="today-card" extra={<span className="muted">{today}</span>}>
      {on.error ? <LoadError error={on.error} onRetry={on.reload} /> : null}
      {!o ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : o.workday === false ? (
        <p className="muted" data-testid="today-off">
          {t('today.dayOff', { name: o.dayName ?? '' })}
        </p>
      ) : !o.rosterGenerated ? (
        <Space orientation="vertical">
          <span className="muted" data-testid="today-not-generated">
            {t('today.notGenerated')}
          </span>
          {can('duty.manage') ? (
            <Button type="primary" loading={busy} onClick={() => void generate()} data-testid="today-generate">
              {t('today.generateNow')}
            </Button>
          ) : null}
        </Space>
      ) : (
        <div className="duty-today">
          {o.dayKind === 'makeup' ? (
            <Tag color="purple">
              {t('today.makeup')}
              {o.dayName ? `（${o.dayName}）` : ''}
            </Tag>
          ) : null}
          {groupShifts(o.shifts).map((g) => {
            if (g.kind === 'perUnit') {
              return (
                <div key={g.id} className="duty-today-row" data-testid={`today-${g.id}`}>
                  <span className="duty-today-shift">{i18n.label(g.label)}</span>
                  <ul className="duty-units duty-today-units">
                    {g.units.map((u) => (
                      <li key={u.id}>
                        <span className="duty-unit-name">{i18n.label(unitLabel(u))}</span>
                        {u.people.length ? <span>{u.people.map((p) => p.name).join('、')}</span> : <span className="duty-unit-none">{t('today.nobody')}</span>}
                      </li>
                    ))}
                  </ul>
                </div>
              )
            }
            const s = g.shift
            const shift = def.roster!.shifts.find((x) => x.id === s.id)
            return (
              <div key={s.id} className="duty-today-row" data-testid={`today-${s.id}`}>
                <span className="duty-today-shift">{i18n.label(shift ?? s)}</span>
                <span className="duty-today-people">
                  {s.people.length ? s.people.map((p) => p.name).join('、') : <span className="muted">{t('today.nobody')}</span>}
                </span>
              </div>
            )
          })}
          {o.swaps.length ? <Tag color="orange">{t('today.swapped')}</Tag> : null}
        </div>
      )}
    </Card>
  )
}

function DueObligations() {
  const t = useT()
  const i18n = useI18n()
  const { d, def } = useDuty()
  const list = useAsync(() => d.obligations({}), [d])
  const due = (list.data?.items ?? []).filter((o) => o.status === 'overdue' || (o.status === 'open' && o.dueSoon))
  return (
    <Card size="small" title={t('ob.dueSoonList')} data-testid="due-obligations" extra={<a href="#/duty/obligations">{t('tab.obligations')}</a>}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : due.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ob.nothingDue')} />
      ) : (
        <List
          size="small"
          dataSource={due}
          renderItem={(o) => (
            <List.Item key={o.id} extra={<ObligationStatus o={o} />}>
              <a href={`#/duty/obligations/${encodeURIComponent(o.id)}`}>
                {i18n.label(def.obligations.find((x) => x.id === o.obligation) ?? o)}
                {o.village ? `（${o.village.name}）` : ''}
              </a>
              <span className="muted">
                {' '}
                {o.period.name} · {o.due}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}

function StaffingSummary() {
  const t = useT()
  const { d } = useDuty()
  const s = useAsync(() => d.staffing(), [d])
  return (
    <Card size="small" title={t('staffing.title')} extra={<a href="#/duty/staffing">{t('tab.staffing')}</a>}>
      {s.error ? <LoadError error={s.error} onRetry={s.reload} /> : null}
      {!s.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : s.data.ok ? (
        <Alert type="success" showIcon title={t('staffing.ok')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('staffing.short', { n: s.data.shortfalls.length })}
          description={s.data.shortfalls.map((r) => `${r.unitName} ${r.roleName} ${r.count}/${r.min}`).join('；')}
        />
      )}
    </Card>
  )
}

function ComplaintSummary() {
  const t = useT()
  const { d, def } = useDuty()
  const c = useAsync(() => (def.supervision ? d.complaints() : Promise.resolve(null)), [d])
  if (!def.supervision) return null
  const items = c.data?.items ?? []
  const overdue = items.filter((x) => x.status === 'overdue').length
  const open = items.filter((x) => x.status === 'open').length
  return (
    <Card size="small" title={t('tab.complaints')} extra={<a href="#/duty/complaints">{t('tab.complaints')}</a>}>
      {c.error ? <LoadError error={c.error} onRetry={c.reload} /> : null}
      {!c.data ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Space wrap>
          <Tag color="blue">
            {t('co.status.open')} {open}
          </Tag>
          <Tag color={overdue ? 'red' : 'default'}>
            {t('co.status.overdue')} {overdue}
          </Tag>
          <Tag color="green">
            {t('co.status.replied')} {items.length - open - overdue}
          </Tag>
        </Space>
      )}
    </Card>
  )
}
