/** 查询进度: tracking code + the phone's last four digits → the case's status card. */
import { useState, type FormEvent } from 'react'
import { Alert, Button, Card, Input, Tag } from 'antd'
import { errorText, lookupStatus, type Status } from './api'
import { useI18n } from './i18n'
import { useFocusOnShow } from './a11y'

const cleanCode = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 12)

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="pub-row" data-testid={testId}>
      <div className="pub-row-label">{label}</div>
      <div className="pub-row-value">{children}</div>
    </div>
  )
}

function StatusCard({ s }: { s: Status }) {
  const { t, lang } = useI18n()
  const en = lang === 'en'
  const left = s.workdaysLeft
  const units = en && s.unitsEn?.length === s.units.length ? s.unitsEn : s.units
  const handledBy = en && s.handledByEn ? s.handledByEn : s.handledBy
  const reason = (en && s.outcome?.reasonsEn?.[0]) || s.outcome?.reasons[0]
  // looked up: focus the card's heading
  const heading = useFocusOnShow<HTMLHeadingElement>()
  return (
    <Card
      className="pub-status"
      data-testid="status-card"
      title={
        <h2 ref={heading} tabIndex={-1} className="pub-card-title" data-testid="status-title">
          {t('status.number', { number: s.number })}
        </h2>
      }
      extra={s.done ? <Tag color="green">{t('status.done')}</Tag> : <Tag color="blue">{t('status.active')}</Tag>}
    >
      <Row label={t('status.stage')} testId="status-stage">
        <b className="pub-stage">{en && s.stageEn ? s.stageEn : s.stage}</b>
      </Row>
      <Row label={t('status.received')}>{s.receivedOn}</Row>
      <Row label={t('status.units')} testId="status-units">
        {units.length ? units.join(t('sep.list')) : (handledBy ?? t('status.tbd'))}
      </Row>
      {s.outcome ? (
        <Row label={t('status.outcome')}>
          {en && s.outcome.nameEn ? s.outcome.nameEn : s.outcome.name}
          {reason ? <div className="pub-muted">{reason}</div> : null}
        </Row>
      ) : null}
      <Row label={t('status.due')} testId="status-due">
        {s.dueDate ? (
          <>
            {s.dueDate}
            {!s.done && left !== null ? (
              <div className={left < 0 ? 'pub-overdue' : 'pub-muted'}>{left >= 0 ? t('status.left', { n: left }) : t('status.overdue', { n: -left })}</div>
            ) : null}
          </>
        ) : (
          t('status.afterAcceptance')
        )}
      </Row>
      {s.concluded ? (
        <Row label={t('status.result')} testId="status-result">
          {s.concluded.result || t('status.done')}
          <div className="pub-muted">{t('status.concludedOn', { date: s.concluded.on.slice(0, 10) })}</div>
        </Row>
      ) : null}
      {s.followUp ? <Row label={t('status.followUp')}>{t('status.followedUp', { date: s.followUp.on.slice(0, 10) })}</Row> : null}
    </Card>
  )
}

/** A miss, focused when it shows (the form stays as typed) */
function LookupError({ text }: { text: string }) {
  const box = useFocusOnShow<HTMLDivElement>()
  return (
    <div ref={box} tabIndex={-1} className="pub-focus-box">
      <Alert type="error" showIcon title={text} data-testid="lookup-error" />
    </div>
  )
}

export default function StatusLookup({ initialCode = '' }: { initialCode?: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const [code, setCode] = useState(initialCode)
  const [last4, setLast4] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const ready = code.length === 12 && /^\d{4}$/.test(last4)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    setStatus(null)
    lookupStatus(code, last4)
      .then(setStatus, setError)
      .finally(() => setBusy(false))
  }

  return (
    <div className="pub-lookup">
      <form onSubmit={submit} className="pub-lookup-form" data-testid="lookup-form">
        <label htmlFor="lookup-code" data-testid="lookup-code-label">
          {t('lookup.code')}
        </label>
        <Input
          id="lookup-code"
          size="large"
          value={code}
          onChange={(e) => setCode(cleanCode(e.target.value))}
          placeholder={t('lookup.codePlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="pub-code-input"
          data-testid="lookup-code"
        />
        <label htmlFor="lookup-phone">{t('lookup.phone')}</label>
        <Input
          id="lookup-phone"
          size="large"
          value={last4}
          onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
          placeholder={t('lookup.phonePlaceholder')}
          inputMode="numeric"
          autoComplete="off"
          data-testid="lookup-phone"
        />
        <Button type="primary" size="large" block htmlType="submit" loading={busy} disabled={!ready} data-testid="lookup-submit">
          {t('lookup.submit')}
        </Button>
      </form>
      {/* a miss is one answer whatever its cause (the server does not say which) */}
      {error ? <LookupError text={errorText(error, i18n, 'lookup.failed', { NOT_FOUND: 'error.noMatch' })} /> : null}
      {status ? <StatusCard s={status} /> : null}
      <p className="pub-muted pub-hint">{t('lookup.hint')}</p>
    </div>
  )
}
