/**
 * 提醒: due-soon, overdue and urging reminders raised by the deadline scheduler, in the reader's
 * jurisdiction; acknowledge when handled. Those of a concluded or archived case have ended (the
 * server leaves them out of the open list).
 */
import { useState } from 'react'
import { App, Button, Grid, Space, Switch, Table, Tag } from 'antd'
import type { TableProps } from 'antd'
import { api, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import type { Reminder } from '../api'
import { LoadError, errorMessage } from '../components/Problem'
import { reminderHref } from '../links'

const KIND_COLOR: Record<string, string> = { overdue: 'red', due_soon: 'gold', urge: 'volcano' }

export default function Reminders() {
  const { t, lang } = useI18n()
  const text = (r: Reminder) => (lang === 'en' && r.messageEn ? r.messageEn : r.message)
  const { message } = App.useApp()
  const [openOnly, setOpenOnly] = useState(true)
  const schemeId = useSchemeId()
  const list = useAsync(() => api.reminders({ open: openOnly, schemeId }), [openOnly, schemeId])
  const [busy, setBusy] = useState<string | null>(null)
  const [ticking, setTicking] = useState(false)
  const narrow = Grid.useBreakpoint().md === false

  const ack = async (r: Reminder) => {
    setBusy(r.id)
    try {
      await api.ackReminder(r.id)
      list.reload()
    } catch (e) {
      void message.error(errorMessage(e, t('error.generic')))
    } finally {
      setBusy(null)
    }
  }
  const tick = async () => {
    setTicking(true)
    try {
      const r = await api.tick()
      void message.info(t('reminders.ticked', { n: r.raised }))
      list.reload()
    } catch (e) {
      void message.error(errorMessage(e, t('error.generic')))
    } finally {
      setTicking(false)
    }
  }

  const columns: TableProps<Reminder>['columns'] = [
    {
      key: 'kind',
      dataIndex: 'kind',
      title: '',
      width: 72,
      render: (k: string) => <Tag color={KIND_COLOR[k] ?? 'default'}>{t(`reminders.kind.${k}` as 'reminders.kind.urge')}</Tag>,
    },
    {
      key: 'case',
      dataIndex: 'caseNumber',
      title: t('reminders.case'),
      render: (n: string, r: Reminder) => (
        <a className="nowrap" href={reminderHref(r)}>
          {n}
        </a>
      ),
    },
    { key: 'message', title: t('reminders.message'), render: (_: unknown, r: Reminder) => text(r), responsive: ['md'] },
    { key: 'dueDate', dataIndex: 'dueDate', title: t('reminders.dueDate'), className: 'nowrap' },
    { key: 'forDate', dataIndex: 'forDate', title: t('reminders.forDate'), responsive: ['lg'], className: 'nowrap' },
    {
      key: 'ack',
      title: '',
      render: (_: unknown, r) =>
        r.ended ? (
          <span className="muted" data-testid="reminder-ended">
            {t('reminders.ended')}
          </span>
        ) : r.acknowledgedBy ? (
          <span className="muted">{t('reminders.acked', { by: r.acknowledgedBy })}</span>
        ) : (
          <Button size="small" loading={busy === r.id} onClick={() => void ack(r)} data-testid="ack">
            {t('reminders.ack')}
          </Button>
        ),
    },
  ]

  return (
    <div>
      <div className="page-title">
        <h1>{t('reminders.title')}</h1>
        <Space wrap>
          <span>
            <Switch size="small" checked={openOnly} onChange={setOpenOnly} aria-label={t('reminders.openOnly')} /> {t('reminders.openOnly')}
          </span>
          <Button onClick={() => void tick()} loading={ticking}>
            {t('reminders.tick')}
          </Button>
        </Space>
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Reminder>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('reminders.empty') }}
        expandable={narrow ? { expandedRowRender: (r) => <p style={{ margin: 0 }}>{text(r)}</p> } : undefined}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }), size: 'small' }}
        data-testid="reminder-table"
      />
    </div>
  )
}
