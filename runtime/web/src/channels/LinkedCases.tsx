/**
 * The case page's linked cases: the group this case belongs to (each with its 重复访 / 多头访 kind,
 * the earliest standing for the group in the counts), and the possibly related cases not linked
 * yet. Who may link (case.link) links and unlinks here; the case is reloaded after, as a link
 * changes its version.
 */
import { useState, type ReactNode } from 'react'
import { App, Button, Card, Collapse, Popconfirm, Space, Tag, Tooltip } from 'antd'
import { LinkOutlined } from '@ant-design/icons'
import { useAsync } from '../data'
import { href } from '../router'
import { useCan } from '../session'
import { errorMessage } from '../components/Problem'
import { channelsApi, type LinkedCase, type Similar } from './api'
import { KindTag } from './KindTag'
import { useT } from './messages'

export function LinkedCases({
  caseId,
  version,
  channelName,
  onChanged,
}: {
  caseId: string
  version: number
  channelName: (id: string | null) => string
  onChanged: () => void
}) {
  const t = useT()
  const { message } = App.useApp()
  const can = useCan()
  const canLink = can('case.link')
  // a new version may mean a link made elsewhere: read again
  const links = useAsync(() => channelsApi.links(caseId), [caseId, version])
  const similar = useAsync(() => channelsApi.caseSimilar(caseId), [caseId, version])
  const [busy, setBusy] = useState<string | null>(null)
  const l = links.data
  const candidates = (similar.data?.items ?? []).filter((s) => !s.linked && !l?.items.some((x) => x.caseId === s.caseId))

  const act = async (id: string, number: string, op: 'link' | 'unlink') => {
    setBusy(id)
    try {
      if (op === 'link') await channelsApi.link(caseId, id)
      else await channelsApi.unlink(caseId, id)
      void message.success(t(op === 'link' ? 'links.linkedOk' : 'links.unlinked', { number }))
      onChanged()
    } catch (e) {
      void message.error(errorMessage(e, String(e)))
    } finally {
      setBusy(null)
    }
  }

  const own = l?.kind ? (
    <KindTag kind={l.kind} />
  ) : l?.items.length ? (
    <Tooltip title={t('links.firstHint')}>
      <Tag color="green" data-testid="kind-first">
        {t('links.first')}
      </Tag>
    </Tooltip>
  ) : null
  return (
    <Card
      size="small"
      className="section"
      title={
        <Space size={6}>
          <LinkOutlined />
          {t('links.title')}
          {own}
        </Space>
      }
      data-testid="linked-cases"
    >
      {!l ? null : l.items.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          {t('links.none')}
        </p>
      ) : (
        l.items.map((x) => (
          <Row key={x.caseId} x={x} channelName={channelName} testId={`linked-${x.number}`}>
            {x.kind ? <KindTag kind={x.kind} /> : <Tag color="green">{t('links.first')}</Tag>}
            {canLink ? (
              <Popconfirm
                title={t('links.unlinkConfirm', { number: x.number })}
                onConfirm={() => void act(x.caseId, x.number, 'unlink')}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
              >
                <Button size="small" type="link" danger loading={busy === x.caseId} data-testid={`unlink-${x.number}`}>
                  {t('links.unlink')}
                </Button>
              </Popconfirm>
            ) : null}
          </Row>
        ))
      )}
      {candidates.length ? (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'c',
              label: <span data-testid="link-candidates-toggle">{t('links.candidates', { n: candidates.length })}</span>,
              children: candidates.map((s) => (
                <Row key={s.caseId} x={s} channelName={channelName} testId={`candidate-${s.number}`} reasons={s.reasons}>
                  {canLink ? (
                    <Button
                      size="small"
                      icon={<LinkOutlined />}
                      loading={busy === s.caseId}
                      onClick={() => void act(s.caseId, s.number, 'link')}
                      data-testid={`link-${s.number}`}
                    >
                      {t('similar.link')}
                    </Button>
                  ) : null}
                </Row>
              )),
            },
          ]}
        />
      ) : null}
    </Card>
  )
}

function Row({
  x,
  channelName,
  testId,
  reasons,
  children,
}: {
  x: LinkedCase | Similar
  channelName: (id: string | null) => string
  testId: string
  reasons?: string[]
  children?: ReactNode
}) {
  return (
    <div style={{ padding: '6px 0', borderTop: '1px solid #f0f0f0' }} data-testid={testId}>
      <Space wrap size={6} style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap size={6}>
          <a href={href(`/cases/${encodeURIComponent(x.number)}`)}>
            <strong>{x.number}</strong>
          </a>
          <span className="muted">{x.receivedOn ?? ''}</span>
          {x.channel ? <Tag>{channelName(x.channel)}</Tag> : null}
          <Tag color="blue">{x.stage}</Tag>
        </Space>
        <Space size={4}>{children}</Space>
      </Space>
      {reasons?.length ? <div style={{ fontSize: 12, color: '#d46b08' }}>{reasons.join('；')}</div> : null}
    </div>
  )
}
