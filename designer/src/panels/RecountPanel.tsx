/**
 * Recount after publishing (issue #17): the running cases whose due dates a recount onto the
 * latest published version would move (GET …/recount), old → new, chosen by ticking, and the
 * recount as its own confirmed step (POST …/recount, audited per case on the server). Used by the
 * impact preview and by the publish dialog once a version is published.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Alert, Button, Empty, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd'
import { api, type RecountItem, type RecountOutcome } from '../api'
import type { I18n } from '../i18n'
import { panelT } from './messages'

export function DueChange({ from, to }: { from: string | null; to: string | null }) {
  return (
    <span>
      <span style={{ textDecoration: 'line-through', color: '#595959' }}>{from ?? '—'}</span> → <b>{to ?? '—'}</b>
    </span>
  )
}

export default function RecountPanel({
  schemeId,
  i18n,
  mode,
  onLoaded,
}: {
  schemeId: string
  i18n: I18n
  /** `impact`: beside the draft's impact; `published`: in the publish dialog, right after publishing */
  mode: 'impact' | 'published'
  /** Told of every list loaded (the publish dialog closes itself when there is nothing to recount) */
  onLoaded?(r: RecountOutcome): void
}) {
  const { t: at, lang } = i18n
  const t = panelT(lang)
  const [list, setList] = useState<RecountOutcome | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [chosen, setChosen] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<RecountOutcome | null>(null)
  const req = useRef(0)
  const onLoadedRef = useRef(onLoaded)
  onLoadedRef.current = onLoaded

  const load = useCallback(() => {
    const seq = ++req.current
    setError(null)
    api.recountPreview(schemeId).then(
      (r) => {
        if (seq !== req.current) return
        setList(r)
        setChosen(r.items.filter((x) => x.status !== 'refused').map((x) => x.caseId))
        onLoadedRef.current?.(r)
      },
      (e: Error) => seq === req.current && setError(e.message),
    )
  }, [schemeId])

  useEffect(() => {
    // another scheme: nothing of the previous one stays on screen
    setList(null)
    setResult(null)
    setChosen([])
    load()
    // the counter is bumped, not a node: a late answer of this load is dropped
    const requests = req
    return () => {
      requests.current++
    }
  }, [load])

  const run = async () => {
    if (!list) return
    const seq = req.current
    setBusy(true)
    setError(null)
    try {
      const r = await api.recount(schemeId, chosen, list.version.hash)
      if (seq !== req.current) return
      setResult(r)
      load()
    } catch (e) {
      if (seq === req.current) setError(t('recountFailed', { msg: (e as Error).message }))
    } finally {
      setBusy(false)
    }
  }

  const count = (s: RecountItem['status']) => result?.items.filter((x) => x.status === s) ?? []
  const recountable = list?.items.filter((x) => x.status !== 'refused') ?? []
  const intro =
    mode === 'published' && list
      ? t('recountAfterPublish', { version: list.version.version })
      : list
        ? t('recountOffer', { version: list.version.version })
        : ''
  return (
    <div data-testid="recount-panel">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="recount-error" />}
      {result && (
        <Alert
          type={count('refused').length ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="recount-result"
          title={t('recountDone', { n: count('recounted').length, version: result.version.version })}
          description={
            count('unchanged').length || count('refused').length ? (
              <>
                {count('unchanged').length > 0 && <div>{t('recountUnchanged', { n: count('unchanged').length })}</div>}
                {count('refused').length > 0 && (
                  <div>
                    {t('recountRefusedN', { n: count('refused').length })}{' '}
                    {count('refused')
                      .map((x) => `${x.number}（${x.reason ?? ''}）`)
                      .join('；')}
                  </div>
                )}
              </>
            ) : undefined
          }
        />
      )}
      {!list && !error && (
        <Space>
          <Spin size="small" />
          <Typography.Text type="secondary">{t('recountLoading')}</Typography.Text>
        </Space>
      )}
      {list && list.items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recountNone', { version: list.version.version })} data-testid="recount-none" />
      )}
      {list && list.items.length > 0 && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{intro}</Typography.Paragraph>
          <Table<RecountItem>
            size="small"
            rowKey="caseId"
            dataSource={list.items}
            pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
            data-testid="recount-list"
            rowSelection={{
              selectedRowKeys: chosen,
              onChange: (keys) => setChosen(keys.map(String)),
              getCheckboxProps: (r) => ({ disabled: r.status === 'refused', 'data-testid': `recount-pick-${r.number}` }) as never,
            }}
            columns={[
              { title: at('caseNumber'), dataIndex: 'number', width: 150 },
              { title: at('village'), dataIndex: 'village', width: 120, render: (v: string | null) => v ?? '—' },
              { title: t('recountFrom'), width: 80, render: (_, r) => r.from.version },
              {
                title: t('recountDue'),
                render: (_, r) =>
                  r.status === 'refused' ? (
                    <Tag color="red" title={r.reason}>
                      {t('recountRefused')}
                    </Tag>
                  ) : (
                    <span data-testid="recount-due">
                      <DueChange from={r.dueDate.from} to={r.dueDate.to} />
                    </span>
                  ),
              },
              {
                title: t('recountClocks'),
                render: (_, r) =>
                  r.status === 'refused' ? (
                    <Typography.Text type="secondary">{r.reason}</Typography.Text>
                  ) : (
                    r.clocks.map((c) => (
                      <div key={c.clock} style={{ fontSize: 12 }}>
                        {c.name}
                        {c.days ? `（${t('recountDays', c.days)}）` : ''}
                      </div>
                    ))
                  ),
              },
            ]}
          />
          <Space style={{ marginTop: 8 }}>
            <Popconfirm
              title={t('recountConfirm', { n: chosen.length, version: list.version.version })}
              onConfirm={() => void run()}
              okText={t('recountOk')}
              cancelText={t('recountCancel')}
              okButtonProps={{ 'data-testid': 'recount-confirm' } as never}
              disabled={!chosen.length || !recountable.length}
            >
              <Button type="primary" danger disabled={!chosen.length} loading={busy} data-testid="recount-run">
                {t('recountRun', { n: chosen.length })}
              </Button>
            </Popconfirm>
            <Button onClick={load} data-testid="recount-refresh">
              {t('recountRefresh')}
            </Button>
          </Space>
        </>
      )}
    </div>
  )
}
