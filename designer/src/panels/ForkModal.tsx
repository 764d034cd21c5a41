/**
 * Fork: a new town's scheme from the one being edited (new id, town name, optional case number
 * prefix). The server forks the scheme's latest published version; the dialog names that version
 * as the server has it now, read when it opens (the list the page loaded at start goes stale as
 * soon as something is published).
 */
import { useEffect, useState } from 'react'
import { Alert, Form, Input, Modal, Typography } from 'antd'
import { api, ApiError, type ForkOutcome, type SchemeListItem } from '../api'
import type { I18n } from '../i18n'
import { panelT } from './messages'
import { LabelledItem } from '../visual/kit'

export default function ForkModal({
  source,
  i18n,
  onClose,
  onForked,
}: {
  source: SchemeListItem
  i18n: I18n
  onClose(): void
  onForked(r: ForkOutcome): void
}) {
  const { t } = i18n
  const [id, setId] = useState('')
  const [town, setTown] = useState('')
  const [prefix, setPrefix] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ msg: string; fields: Record<string, string> } | null>(null)
  const pt = panelT(i18n.lang)
  // the version the fork will copy: the scheme's latest published one, read now
  const [live, setLive] = useState<{ name: string; version: string; seq: number } | null>(null)
  useEffect(() => {
    let on = true
    setLive(null)
    api.schemes().then(
      (r) => {
        const s = r.items.find((x) => x.id === source.id)
        if (on && s) setLive({ name: s.name, version: s.version, seq: s.seq })
      },
      () => on && setLive({ name: source.name, version: source.version, seq: source.seq }),
    )
    return () => {
      on = false
    }
  }, [source.id, source.name, source.version, source.seq])
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await api.fork(source.id, { id: id.trim(), town: town.trim(), ...(prefix.trim() ? { prefix: prefix.trim() } : {}) })
      onForked(r)
    } catch (e) {
      // Field errors name /id, /town or /prefix: shown under their field.
      const fields: Record<string, string> = {}
      if (e instanceof ApiError) for (const f of e.fields) fields[String(f.field || f.pointer).replace(/^\//, '')] = f.message
      setError({ msg: (e as Error).message, fields })
    } finally {
      setBusy(false)
    }
  }
  const status = (k: string) => (error?.fields[k] ? { validateStatus: 'error' as const, help: error.fields[k] } : {})
  return (
    <Modal
      open
      title={t('forkTitle', { name: live?.name ?? source.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('forkConfirm')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !id.trim() || !town.trim(), loading: busy, 'data-testid': 'fork-confirm' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" data-testid="fork-intro">
        {live ? pt('forkIntroLive', { version: live.version, seq: live.seq }) : pt('forkVersionLoading')}
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <LabelledItem label={t('forkId')} extra={t('forkIdHelp')} {...status('id')}>
          <Input value={id} onChange={(e) => setId(e.target.value)} data-testid="fork-id" autoFocus maxLength={64} />
        </LabelledItem>
        <LabelledItem label={t('forkTown')} {...status('town')}>
          <Input value={town} onChange={(e) => setTown(e.target.value)} placeholder={t('forkTownPlaceholder')} data-testid="fork-town" maxLength={40} />
        </LabelledItem>
        <LabelledItem label={t('forkPrefix')} extra={t('forkPrefixHelp')} {...status('prefix')}>
          <Input value={prefix} onChange={(e) => setPrefix(e.target.value.toUpperCase())} data-testid="fork-prefix" maxLength={8} style={{ width: 160 }} />
        </LabelledItem>
      </Form>
      {error && !Object.keys(error.fields).some((k) => ['id', 'town', 'prefix'].includes(k)) && (
        <Alert type="error" showIcon title={error.msg} data-testid="fork-error" />
      )}
    </Modal>
  )
}
