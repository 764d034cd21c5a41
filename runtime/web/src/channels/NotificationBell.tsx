/**
 * The header's bell: the signed-in user's notifications (assigned to me, due soon, overdue, urged,
 * reply received, review requested) with the unread count. Refreshed every minute, when the window
 * regains focus and when the list is opened; clicking one marks it read and opens its case.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd'
import {
  AuditOutlined,
  BellOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  MessageOutlined,
  NotificationOutlined,
  UserAddOutlined,
} from '@ant-design/icons'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { useSession } from '../session'
import { channelsApi, type Notice, type NoticeKind } from './api'
import { shortTime } from './logic'
import { useT } from './messages'

/** How often the bell asks for news */
export const POLL_MS = 60_000
const SHOWN = 30

const ICONS: Record<NoticeKind, { icon: ReactNode; color: string }> = {
  assigned: { icon: <UserAddOutlined />, color: '#1d5fbf' },
  due_soon: { icon: <ClockCircleOutlined />, color: '#d48806' },
  overdue: { icon: <ExclamationCircleOutlined />, color: '#cf1322' },
  urge: { icon: <NotificationOutlined />, color: '#cf1322' },
  reply: { icon: <MessageOutlined />, color: '#389e0d' },
  review: { icon: <AuditOutlined />, color: '#722ed1' },
  info: { icon: <NotificationOutlined />, color: '#1d5fbf' },
}

export default function NotificationBell() {
  const session = useSession()
  if (session.status !== 'signedIn') return null
  return <Bell key={session.user.username} />
}

function Bell() {
  const t = useT()
  const { lang } = useI18n()
  const [data, setData] = useState<{ unread: number; items: Notice[] } | null>(null)
  const [open, setOpen] = useState(false)
  const inflight = useRef<AbortController | null>(null)

  const refresh = useCallback(() => {
    inflight.current?.abort()
    const ctl = new AbortController()
    inflight.current = ctl
    channelsApi.notifications(ctl.signal).then(
      (d) => !ctl.signal.aborted && setData(d),
      () => {
        /* a missed poll is retried on the next one */
      },
    )
  }, [])

  useEffect(() => {
    refresh()
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') refresh()
    }, POLL_MS)
    const onFocus = () => refresh()
    const onVisible = () => document.visibilityState === 'visible' && refresh()
    window.addEventListener('focus', onFocus)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', onFocus)
      document.removeEventListener('visibilitychange', onVisible)
      inflight.current?.abort()
    }
  }, [refresh])

  const markRead = async (ids: string[] | 'all') => {
    // shown read at once; the server's answer is fetched after
    setData((d) =>
      d
        ? {
            unread: ids === 'all' ? 0 : Math.max(0, d.unread - d.items.filter((n) => !n.read && ids.includes(n.id)).length),
            items: d.items.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, read: true } : n)),
          }
        : d,
    )
    await channelsApi.markRead(ids).catch(() => {})
    refresh()
  }

  const openNotice = (n: Notice) => {
    setOpen(false)
    if (!n.read) void markRead([n.id])
    navigate(`/cases/${encodeURIComponent(n.number || n.caseId)}`)
  }

  const items = data?.items.slice(0, SHOWN) ?? []
  const unread = data?.unread ?? 0
  const content = (
    <div className="notification-list" style={{ width: 340, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-list">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 4 }}>
        <strong>{t('bell.title')}</strong>
        <Button size="small" type="link" disabled={!unread} onClick={() => void markRead('all')} data-testid="notifications-read-all">
          {t('bell.readAll')}
        </Button>
      </Space>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 420, overflowY: 'auto' }}
          dataSource={items}
          renderItem={(n) => {
            const k = ICONS[n.kind] ?? ICONS.assigned
            return (
              <List.Item
                key={n.id}
                onClick={() => openNotice(n)}
                style={{ cursor: 'pointer', padding: '6px 4px', background: n.read ? undefined : '#f0f6ff' }}
                data-testid={`notification-${n.id}`}
                data-kind={n.kind}
                data-read={n.read ? '1' : '0'}
              >
                <Space align="start" size={8} style={{ width: '100%' }}>
                  <span style={{ color: k.color, fontSize: 16 }} title={t(`notice.${n.kind}`)} aria-label={t(`notice.${n.kind}`)}>
                    {k.icon}
                  </span>
                  <div style={{ minWidth: 0 }}>
                    <div>
                      <Typography.Text strong={!n.read}>{n.number}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                        {t(`notice.${n.kind}`)} · {shortTime(n.at)}
                      </Typography.Text>
                    </div>
                    <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{lang === 'en' && n.messageEn ? n.messageEn : n.message}</div>
                  </div>
                </Space>
              </List.Item>
            )
          }}
        />
      )}
      {(data?.items.length ?? 0) > SHOWN ? (
        <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
          {t('bell.more', { n: SHOWN })}
        </div>
      ) : null}
    </div>
  )

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) refresh()
      }}
      content={content}
      arrow={false}
    >
      <Button type="text" className="header-btn" data-testid="notification-bell" data-unread={unread}>
        {/* named by hidden text, not aria-label: the badge's rolling digits would not match a label (axe label-content-name-mismatch) */}
        <span className="sr-only">{unread ? `${t('bell.title')}（${t('bell.unread', { n: unread })}）` : t('bell.title')}</span>
        <Badge count={unread} size="small" offset={[2, -2]} data-testid="notification-count" aria-hidden>
          <BellOutlined style={{ color: '#fff', fontSize: 17 }} />
        </Badge>
      </Button>
    </Popover>
  )
}
