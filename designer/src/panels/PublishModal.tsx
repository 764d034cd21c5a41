/**
 * Publish: the impact on existing cases first, then a change note; a refusal lists every problem,
 * each clickable. Once published, the running cases whose due dates a recount onto the new version
 * would move are listed with the recount as its own step; with none, the dialog closes at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Alert, Input, Modal, Spin, Typography } from 'antd'
import { api, problemsOf, type Impact, type PublishedVersion, type RecountOutcome } from '../api'
import type { I18n } from '../i18n'
import type { Problem } from '../lib/problems'
import { ImpactSummary } from './ImpactView'
import { ProblemList } from './ProblemList'
import RecountPanel from './RecountPanel'
import { panelT } from './messages'

export default function PublishModal({
  open,
  schemeId,
  i18n,
  flush,
  onClose,
  onPublished,
  onJump,
}: {
  open: boolean
  schemeId: string
  i18n: I18n
  flush(): Promise<void>
  onClose(): void
  onPublished(v: PublishedVersion, bumped: string | null): void
  onJump(file: string, pointer: string): void
}) {
  const { t } = i18n
  const [note, setNote] = useState('')
  const [impact, setImpact] = useState<Impact | null>(null)
  const [impactError, setImpactError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<{ msg: string; problems: Problem[] } | null>(null)
  const [published, setPublished] = useState<{ version: PublishedVersion; bumped: string | null } | null>(null)
  const finished = useRef(false)
  const finish = useCallback(() => {
    if (!published || finished.current) return
    finished.current = true
    onPublished(published.version, published.bumped)
  }, [published, onPublished])
  // nothing to recount right after publishing: done at once, as before (a list emptied by a recount stays to show its result)
  const firstList = useRef(true)
  const onRecountList = useCallback(
    (r: RecountOutcome) => {
      const first = firstList.current
      firstList.current = false
      if (first && !r.items.length) finish()
    },
    [finish],
  )
  useEffect(() => {
    if (!open) return
    setPublished(null)
    finished.current = false
    firstList.current = true
    setRefused(null)
    setImpact(null)
    setImpactError(null)
    let live = true
    void (async () => {
      try {
        await flush()
        const r = await api.impact(schemeId, {})
        if (live) setImpact(r)
      } catch (e) {
        if (live) setImpactError((e as Error).message)
      }
    })()
    return () => {
      live = false
    }
  }, [open, schemeId, flush])
  const publish = async () => {
    setBusy(true)
    setRefused(null)
    try {
      await flush()
      const r = await api.publish(schemeId, note)
      setNote('')
      setPublished({ version: r.version, bumped: r.bumped })
    } catch (e) {
      setRefused({ msg: (e as Error).message, problems: problemsOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const pt = panelT(i18n.lang)
  if (published) {
    return (
      <Modal
        open={open}
        title={t('publishTitle')}
        width={820}
        onCancel={finish}
        onOk={finish}
        okText={pt('recountClose')}
        cancelButtonProps={{ style: { display: 'none' } }}
        okButtonProps={{ 'data-testid': 'publish-done' } as never}
        destroyOnHidden
      >
        <RecountPanel schemeId={schemeId} i18n={i18n} mode="published" onLoaded={onRecountList} />
      </Modal>
    )
  }
  return (
    <Modal
      open={open}
      title={t('publishTitle')}
      width={820}
      onCancel={onClose}
      onOk={() => void publish()}
      okText={t('publish')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !note.trim(), loading: busy, 'data-testid': 'publish-confirm' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph strong>{t('publishImpactHint')}</Typography.Paragraph>
      {!impact && !impactError && <Spin />}
      {impactError && <Alert type="warning" showIcon title={impactError} style={{ marginBottom: 8 }} />}
      {impact && <ImpactSummary impact={impact} i18n={i18n} compact />}
      <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>
        {t('publishNote')}
      </Typography.Paragraph>
      <Input.TextArea
        rows={2}
        aria-label={t('publishNote')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('publishNotePlaceholder')}
        data-testid="publish-note"
      />
      {refused && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={refused.problems.length ? t('publishRefused', { n: refused.problems.length }) : refused.msg}
          description={
            refused.problems.length ? (
              <ProblemList
                problems={refused.problems}
                i18n={i18n}
                onJump={(f, p) => {
                  onClose()
                  onJump(f, p)
                }}
              />
            ) : undefined
          }
          data-testid="publish-refused"
        />
      )}
    </Modal>
  )
}
