/** Version history: every published version with author, time and note; per-file diffs; export; roll back. */
import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Card, Input, Modal, Space, Table, Tag, Typography, message } from 'antd'
import { api, problemsOf, type DiffFile, type PublishedVersion } from '../api'
import type { I18n } from '../i18n'
import { DiffFiles } from './PatchView'

export default function VersionsView({
  schemeId,
  i18n,
  refreshKey,
  flush,
  onExport,
  onRolledBack,
}: {
  schemeId: string
  i18n: I18n
  refreshKey: number
  flush(): Promise<void>
  onExport(ref: string, label: string): void
  onRolledBack(): void
}) {
  const { t } = i18n
  const [versions, setVersions] = useState<PublishedVersion[]>([])
  const [diff, setDiff] = useState<{ title: string; files: DiffFile[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const [rb, setRb] = useState<PublishedVersion | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [rolling, setRolling] = useState(false)
  const reload = useCallback(() => {
    api
      .versions(schemeId)
      .then((r) => setVersions([...r.items].sort((a, b) => b.seq - a.seq)))
      .catch((e: Error) => setError(e.message))
  }, [schemeId])
  useEffect(reload, [reload, refreshKey])

  const showDiff = async (from: string, to: string, title: string) => {
    setBusy(true)
    try {
      if (to === 'draft') await flush()
      const r = await api.diff(schemeId, from, to)
      setDiff({ title, files: r.files })
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    } finally {
      setBusy(false)
    }
  }
  const label = (v: PublishedVersion) => `${v.version} (#${v.seq})`
  const doRollback = async () => {
    if (!rb || rolling) return
    setRolling(true)
    try {
      await flush()
      const r = await api.rollback(schemeId, rb.hash, note.trim())
      message.success(t('rollbackOk', { version: r.version.version }))
      setRb(null)
      setNote('')
      reload()
      onRolledBack()
    } catch (e) {
      const ps = problemsOf(e)
      message.error(t('error', { msg: (e as Error).message + (ps.length ? `（${ps.length}）` : '') }))
    } finally {
      setRolling(false)
    }
  }
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 6fr)', gap: 12 }} data-testid="versions-view">
      <Card size="small" title={t('versions')}>
        {error && <Alert type="error" title={error} />}
        <Table
          size="small"
          rowKey="hash"
          dataSource={versions}
          pagination={{ pageSize: 15, size: 'small', hideOnSinglePage: true }}
          data-testid="versions-table"
          columns={[
            { title: t('seq'), dataIndex: 'seq', width: 50 },
            {
              title: t('version'),
              render: (_, v, i) => (
                <span>
                  {v.version} {i === 0 && <Tag color="green">{t('latest')}</Tag>}
                  <div style={{ fontFamily: 'monospace', fontSize: 11, color: '#595959' }}>{v.hash.replace(/^sha256-/, '').slice(0, 12)}</div>
                </span>
              ),
            },
            {
              title: t('publishedAt'),
              render: (_, v) => (
                <span style={{ fontSize: 12 }}>{new Date(v.publishedAt).toLocaleString(i18n.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false })}</span>
              ),
              width: 150,
            },
            { title: t('publishedBy'), dataIndex: 'publishedBy', width: 90 },
            { title: t('note'), dataIndex: 'note', render: (n: string) => <Typography.Text style={{ fontSize: 12 }}>{n}</Typography.Text> },
            {
              title: '',
              width: 130,
              render: (_, v) => {
                const prev = versions.find((x) => x.seq === v.seq - 1)
                return (
                  <Space orientation="vertical" size={0}>
                    {prev && (
                      <Button size="small" type="link" onClick={() => void showDiff(prev.hash, v.hash, t('diffTitle', { from: label(prev), to: label(v) }))}>
                        {t('diffPrev')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      type="link"
                      onClick={() => void showDiff(v.hash, 'draft', t('diffTitle', { from: label(v), to: i18n.lang === 'en' ? 'draft' : '草稿' }))}
                    >
                      {t('diffDraft')}
                    </Button>
                    <Button size="small" type="link" onClick={() => onExport(v.hash, `v${v.version}`)}>
                      {t('exportVersion')}
                    </Button>
                    {v.seq !== versions[0]?.seq && (
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() => {
                          setRb(v)
                          setNote('')
                        }}
                      >
                        {t('rollback')}
                      </Button>
                    )}
                  </Space>
                )
              },
            },
          ]}
        />
      </Card>
      <Card size="small" title={diff?.title ?? t('diffPrev')} loading={busy}>
        {diff ? (
          <DiffFiles files={diff.files} i18n={i18n} />
        ) : (
          <Typography.Text type="secondary">{i18n.lang === 'en' ? 'Pick a comparison on the left.' : '在左侧选择要比较的版本。'}</Typography.Text>
        )}
      </Card>
      <Modal
        open={!!rb}
        title={rb ? t('rollbackTitle', { version: label(rb) }) : ''}
        onCancel={() => setRb(null)}
        onOk={() => void doRollback()}
        okText={t('rollback')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={rolling}
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={i18n.lang === 'en' ? 'The current draft is replaced by this version and published at once.' : '当前草稿将被该版本的文件替换并立即发布。'}
        />
        <Input.TextArea
          rows={3}
          aria-label={t('rollback')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={rb ? (i18n.lang === 'en' ? `Roll back to version ${rb.version}` : `回滚到版本 ${rb.version}（#${rb.seq}）`) : ''}
        />
      </Modal>
    </div>
  )
}
