/** Publish: the impact on existing cases first, then a change note; a refusal lists every problem, each clickable. */
import { useEffect, useState } from 'react'
import { Alert, Input, Modal, Spin, Typography } from 'antd'
import { api, problemsOf, type Impact, type PublishedVersion } from '../api'
import type { I18n } from '../i18n'
import type { Problem } from '../lib/problems'
import { ImpactSummary } from './ImpactView'
import { ProblemList } from './ProblemList'

export default function PublishModal({ open, schemeId, i18n, flush, onClose, onPublished, onJump }: {
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
  useEffect(() => {
    if (!open) return
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
      onPublished(r.version, r.bumped)
    } catch (e) {
      setRefused({ msg: (e as Error).message, problems: problemsOf(e) })
    } finally {
      setBusy(false)
    }
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
      <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>{t('publishNote')}</Typography.Paragraph>
      <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('publishNotePlaceholder')} data-testid="publish-note" />
      {refused && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={refused.problems.length ? t('publishRefused', { n: refused.problems.length }) : refused.msg}
          description={refused.problems.length ? <ProblemList problems={refused.problems} i18n={i18n} onJump={(f, p) => { onClose(); onJump(f, p) }} /> : undefined}
          data-testid="publish-refused"
        />
      )}
    </Modal>
  )
}
