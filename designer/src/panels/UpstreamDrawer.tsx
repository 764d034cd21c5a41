/**
 * A fork's upstream changes: what the upstream published since the fork point (each change in the
 * scheme's own terms), what a three-way merge into the draft would take, keep and leave as a
 * conflict, and the merge itself — into the draft only; publishing stays the normal flow.
 */
import { useState } from 'react'
import { Alert, Button, Collapse, Drawer, Empty, Space, Tag, Typography } from 'antd'
import { api, problemsOf, type Draft, type PlanLine, type UpstreamStatus } from '../api'
import type { I18n } from '../i18n'
import { ProblemList } from './ProblemList'

const short = (h: string | undefined) => (h ? h.slice(0, 8) : '')

function Lines({ items, testid, i18n }: { items: PlanLine[]; testid: string; i18n: I18n }) {
  if (!items.length)
    return (
      <Typography.Text type="secondary" data-testid={testid}>
        {i18n.t('upstreamNothing')}
      </Typography.Text>
    )
  return (
    <ul data-testid={testid} style={{ margin: 0, paddingInlineStart: 18, fontFamily: 'monospace', fontSize: 12 }}>
      {items.map((l, i) => (
        <li key={i} style={{ padding: '2px 0' }}>
          {l.text}
        </li>
      ))}
    </ul>
  )
}

export default function UpstreamDrawer({
  status,
  i18n,
  flush,
  onClose,
  onMerged,
  onJump,
}: {
  status: UpstreamStatus
  i18n: I18n
  /** Save pending edits first: the merge works on the saved draft */
  flush(): Promise<void>
  onClose(): void
  onMerged(draft: Draft, counts: { taken: number; kept: number; conflicts: number }): void
  onJump(file: string, pointer: string): void
}) {
  const { t } = i18n
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ msg: string; problems: ReturnType<typeof problemsOf> } | null>(null)
  const up = status.upstream
  const plan = status.plan
  const merge = async () => {
    setBusy(true)
    setError(null)
    try {
      await flush()
      const r = await api.mergeUpstream(status.scheme)
      onMerged(r.draft, { taken: r.taken.length, kept: r.kept.length, conflicts: r.conflicts.length })
    } catch (e) {
      setError({ msg: (e as Error).message, problems: problemsOf(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Drawer
      open
      size={720}
      onClose={onClose}
      title={
        up && status.forkPoint
          ? t('upstreamTitle', { id: up.id, from: `${status.forkPoint.version} (${short(status.forkPoint.hash)})`, to: `${up.version} (${short(up.hash)})` })
          : t('upstreamHas')
      }
      extra={
        <Space>
          {status.mergedInDraft && <Tag color="blue">{t('upstreamInDraft')}</Tag>}
          <Button
            type="primary"
            onClick={() => void merge()}
            loading={busy}
            disabled={!plan || plan.problems.length > 0 || !status.hasChanges}
            data-testid="upstream-merge"
          >
            {t('upstreamMerge')}
          </Button>
        </Space>
      }
      data-testid="upstream-drawer"
    >
      <Typography.Paragraph type="secondary">{t('upstreamMergeHint')}</Typography.Paragraph>
      {!status.baseAvailable && <Alert type="warning" showIcon title={t('upstreamNoBase')} style={{ marginBottom: 12 }} />}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.msg}
          description={
            error.problems.length ? (
              <ProblemList
                problems={error.problems}
                i18n={i18n}
                onJump={(f, p) => {
                  onClose()
                  onJump(f, p)
                }}
              />
            ) : undefined
          }
          style={{ marginBottom: 12 }}
          data-testid="upstream-error"
        />
      )}
      <Typography.Title level={5}>{t('upstreamChanges', { n: status.changes.length })}</Typography.Title>
      {status.changes.length ? (
        <ul
          data-testid="upstream-changes"
          style={{ margin: '0 0 16px', paddingInlineStart: 0, listStyle: 'none', border: '1px solid #f0f0f0', borderRadius: 6 }}
        >
          {status.changes.map((c, i) => (
            <li key={i} style={{ padding: '6px 10px', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
              <Tag>{c.kind}</Tag>
              {c.text}
            </li>
          ))}
        </ul>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      {plan && (
        <>
          <Typography.Title level={5}>{t('upstreamPlan')}</Typography.Title>
          {plan.problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('upstreamProblems', { n: plan.problems.length })}
              description={
                <ProblemList
                  problems={plan.problems}
                  i18n={i18n}
                  onJump={(f, p) => {
                    onClose()
                    onJump(f, p)
                  }}
                />
              }
              style={{ marginBottom: 12 }}
            />
          )}
          <Collapse
            size="small"
            defaultActiveKey={['taken', 'conflicts']}
            items={[
              { key: 'taken', label: t('upstreamTaken', { n: plan.taken.length }), children: <Lines items={plan.taken} testid="plan-taken" i18n={i18n} /> },
              { key: 'kept', label: t('upstreamKept', { n: plan.kept.length }), children: <Lines items={plan.kept} testid="plan-kept" i18n={i18n} /> },
              {
                key: 'conflicts',
                label: <span style={plan.conflicts.length ? { color: '#cf1322' } : undefined}>{t('upstreamConflicts', { n: plan.conflicts.length })}</span>,
                children: <Lines items={plan.conflicts} testid="plan-conflicts" i18n={i18n} />,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  )
}
