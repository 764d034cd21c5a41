/**
 * 投诉与监督: complaints about the service (意见箱, 监督电话, online, visits) — each a case of the
 * scheme's complaint workflow with its reply limit (15 working days in Galutu) — listed with owner,
 * reply-by date and working days left; registered from the staff side with an owner; opened to
 * assign the owner and reply (the workflow's events, sent with the case version).
 */
import { useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Drawer, Grid, Select, Skeleton, Space, Table, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { ApiError, type CaseView } from '../api'
import { api, useAsync } from '../data'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { useCan } from '../session'
import { cleanData, formById, initialData } from '../schemaUtil'
import { FormValues } from '../components/FormValues'
import { LoadError, errorMessage } from '../components/Problem'
import { RefusalAlert } from '../components/RefusalAlert'
import { LazySchemaForm, type Refusal } from '../forms/LazyForm'
import type { Complaint } from './api'
import { useT } from './messages'
import { useDuty } from './shared'

export function Countdown({ c }: { c: Pick<Complaint, 'status' | 'workdaysLeft' | 'replyBy'> }) {
  const t = useT()
  if (c.status === 'replied' || c.workdaysLeft === null) return null
  if (c.workdaysLeft < 0 || c.status === 'overdue')
    return (
      <Tag color="red" data-due="overdue">
        {t('co.over', { n: Math.max(1, -c.workdaysLeft) })}
      </Tag>
    )
  if (c.workdaysLeft === 0)
    return (
      <Tag color="orange" data-due="today">
        {t('co.dueToday')}
      </Tag>
    )
  return (
    <Tag color={c.workdaysLeft <= 3 ? 'gold' : 'default'} data-due="left">
      {t('co.left', { n: c.workdaysLeft })}
    </Tag>
  )
}

const STATUS_COLOR = { open: 'blue', overdue: 'red', replied: 'green' } as const

export default function Complaints({ status: wanted }: { status: string | null }) {
  const t = useT()
  const can = useCan()
  const { d, def } = useDuty()
  const status = (['open', 'overdue', 'replied'] as const).find((s) => s === wanted) ?? ''
  const list = useAsync(() => d.complaints(status || undefined), [d, status])
  const [registering, setRegistering] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const { name } = useDuty()
  const sup = def.supervision
  if (!sup) return <Alert type="info" showIcon title={t('noDuty')} />
  const overdue = (list.data?.items ?? []).filter((x) => x.status === 'overdue').length
  return (
    <div data-testid="complaints">
      <div className="duty-toolbar">
        <Select
          value={status}
          aria-label={t('co.status')}
          onChange={(v) => navigate(`/duty/complaints${v ? `?status=${v}` : ''}`, { replace: true })}
          options={[
            { value: '', label: `${t('co.status')}：${t('ob.all')}` },
            ...(['open', 'overdue', 'replied'] as const).map((s) => ({ value: s, label: t(`co.status.${s}`) })),
          ]}
          style={{ width: 140 }}
          data-testid="co-status-filter"
        />
        {can('case.register') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering((x) => !x)} data-testid="co-register-open">
            {t('co.register')}
          </Button>
        ) : null}
      </div>
      {sup.source ? <p className="muted duty-hint">{sup.source}</p> : null}
      {registering ? (
        <RegisterComplaint
          onDone={(c) => {
            setRegistering(false)
            list.reload()
            setOpen(c.id)
          }}
          onClose={() => setRegistering(false)}
        />
      ) : null}
      {overdue ? (
        <Alert type="error" showIcon title={t('co.overdueAlert', { n: overdue })} style={{ marginBottom: 12 }} data-testid="co-overdue-alert" />
      ) : null}
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : (
          <Skeleton active />
        )
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={[...list.data.items].reverse()}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          locale={{ emptyText: t('co.none') }}
          onRow={(c) =>
            ({
              onClick: () => setOpen(c.id),
              className: 'clickable',
              'data-testid': `co-row-${c.number}`,
              'data-status': c.status,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { key: 'number', title: t('co.col.number'), render: (_, c) => <a onClick={() => setOpen(c.id)}>{c.number}</a> },
            { key: 'received', title: t('co.col.received'), dataIndex: 'receivedOn' },
            { key: 'owner', title: t('co.col.owner'), render: (_, c) => (c.owner ? name(c.owner) : <span className="muted">{t('co.noOwner')}</span>) },
            {
              key: 'reply',
              title: t('co.col.replyBy'),
              render: (_, c) => (
                <Space size={4} wrap>
                  {c.replyBy ?? ''}
                  <Countdown c={c} />
                </Space>
              ),
            },
            { key: 'status', title: t('co.col.status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`co.status.${c.status}`)}</Tag> },
          ]}
        />
      )}
      {open ? <ComplaintDrawer id={open} onClose={() => setOpen(null)} onChanged={() => list.reload()} /> : null}
    </div>
  )
}

function RegisterComplaint({ onDone, onClose }: { onDone: (c: CaseView) => void; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const { d, def, bundle, people, today } = useDuty()
  const sup = def.supervision!
  const wf = bundle.workflows.find((w) => w.id === sup.machine)
  const form = formById(bundle.forms, wf?.events[sup.registerEvent]?.form)
  const [owner, setOwner] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  if (!form) return <Alert type="error" showIcon title={sup.registerEvent} />
  const submit = async (data: Record<string, unknown>) => {
    setBusy(true)
    setError(null)
    try {
      const c = await d.registerComplaint(cleanData(form.schema, data), owner)
      void message.success(t('co.registered', { number: c.number }))
      onDone(c)
    } catch (e) {
      setError(e)
      setRefusal(e instanceof ApiError && e.fields.length ? { problems: e.fields, data } : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card
      size="small"
      className="section"
      title={t('co.register')}
      data-testid="co-register"
      extra={
        <Button size="small" type="text" onClick={onClose}>
          ×
        </Button>
      }
    >
      {form.description ? (
        <p className="muted" style={{ marginTop: 0 }}>
          {form.description}
        </p>
      ) : null}
      <RefusalAlert error={error} schema={form.schema} />
      {sup.assignEvent ? (
        <Space wrap style={{ marginBottom: 8 }}>
          <label htmlFor="co_owner">{t('co.ownerOptional')}</label>
          <Select
            id="co_owner"
            allowClear
            showSearch
            optionFilterProp="label"
            value={owner}
            onChange={setOwner}
            options={people.map((p) => ({ value: p.username, label: p.name }))}
            style={{ minWidth: 180 }}
            data-testid="co-owner"
          />
        </Space>
      ) : null}
      <LazySchemaForm form={form} initialData={initialData(form.schema, today)} onSubmit={(x) => void submit(x)} refusal={refusal} submitting={busy} />
    </Card>
  )
}

function ComplaintDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const t = useT()
  const i18n = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const { def, bundle, people, name, today } = useDuty()
  const sup = def.supervision!
  const kase = useAsync(() => api.getCase(id), [id])
  const c = kase.data
  const wf = bundle.workflows.find((w) => w.id === sup.machine)
  const regForm = formById(bundle.forms, wf?.events[sup.registerEvent]?.form)
  const replyForm = sup.replyEvent ? formById(bundle.forms, wf?.events[sup.replyEvent]?.form) : undefined
  const [owner, setOwner] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const can = (type: string | undefined) => !!type && !!c?.actions.some((a) => a.type === type)
  const send = async (type: string, form: Record<string, unknown>) => {
    if (!c) return
    setBusy(true)
    setError(null)
    try {
      const n = await api.sendEvent(c.id, { type, form, expectedVersion: c.version })
      kase.setData(n)
      onChanged()
      void message.success(type === sup.replyEvent ? t('co.replied') : t('co.assigned'))
    } catch (e) {
      setError(e)
      setRefusal(e instanceof ApiError && e.fields.length ? { problems: e.fields, data: form } : null)
      if (e instanceof ApiError && e.isConflict) kase.reload()
    } finally {
      setBusy(false)
    }
  }
  const reg = c?.context.records.find((r) => r.event === sup.registerEvent)
  const reply = sup.replyEvent ? [...(c?.context.records ?? [])].reverse().find((r) => r.event === sup.replyEvent) : undefined
  const clock = c ? Object.values(c.context.clocks ?? {}).find((k) => !sup.clock || k.clock === sup.clock) : undefined
  return (
    <Drawer open onClose={onClose} title={c ? `${t('co.detail')} ${c.number}` : t('co.detail')} size={screens.md ? 560 : '100%'} data-testid="co-drawer">
      {kase.error ? <LoadError error={kase.error} onRetry={kase.reload} /> : null}
      {!c ? (
        <Skeleton active />
      ) : (
        <div data-testid="co-detail" data-state={c.state} data-version={c.version}>
          <Space wrap size={8} style={{ marginBottom: 8 }}>
            <Tag color={c.done ? 'green' : 'blue'} data-testid="co-state">
              {i18n.label(wf?.stateInfo[c.state] ?? { name: c.state })}
            </Tag>
            <a href={`#/cases/${encodeURIComponent(c.number)}`}>{t('co.openCase')}</a>
          </Space>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'owner', label: t('co.owner'), children: c.summary.officer ? name(c.summary.officer) : <span className="muted">{t('co.noOwner')}</span> },
              ...(clock
                ? [
                    {
                      key: 'clock',
                      label: clock.name,
                      children: (
                        <Space size={4} wrap>
                          {clock.dueDate}
                          {clock.status === 'stopped' ? (
                            <Tag color={clock.late ? 'red' : 'green'}>{t('co.status.replied')}</Tag>
                          ) : clock.dueDate < today ? (
                            <Tag color="red">{t('co.status.overdue')}</Tag>
                          ) : null}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <FormValues form={regForm} data={reg?.form} columns={1} />
          {reply ? (
            <Card size="small" className="section" title={t('co.replyText')} data-testid="co-reply">
              <FormValues form={replyForm} data={reply.form} columns={1} />
              <div className="muted small">
                {name(reply.by)} · {reply.at}
              </div>
            </Card>
          ) : null}
          <RefusalAlert error={error} schema={replyForm?.schema} />
          {error && !(error instanceof ApiError) ? <Alert type="error" showIcon title={errorMessage(error, '')} /> : null}
          {can(sup.assignEvent) ? (
            <Card size="small" className="section" title={t('co.assign')} data-testid="co-assign">
              <Space wrap>
                <Select
                  id="co_assign_owner"
                  showSearch
                  optionFilterProp="label"
                  value={owner ?? c.summary.officer ?? undefined}
                  onChange={setOwner}
                  options={people.map((p) => ({ value: p.username, label: p.name }))}
                  style={{ minWidth: 180 }}
                  data-testid="co-assign-owner"
                />
                <Button
                  type="primary"
                  loading={busy}
                  disabled={!owner}
                  onClick={() => owner && void send(sup.assignEvent!, { officer: owner })}
                  data-testid="co-assign-submit"
                >
                  {t('co.assign')}
                </Button>
              </Space>
            </Card>
          ) : null}
          {can(sup.replyEvent) && replyForm ? (
            <Card size="small" className="section" title={t('co.reply')} data-testid="co-reply-form">
              <LazySchemaForm
                key={c.version}
                form={replyForm}
                initialData={initialData(replyForm.schema, today)}
                onSubmit={(x) => void send(sup.replyEvent!, cleanData(replyForm.schema, x))}
                refusal={refusal}
                submitting={busy}
              />
            </Card>
          ) : null}
        </div>
      )}
    </Drawer>
  )
}
