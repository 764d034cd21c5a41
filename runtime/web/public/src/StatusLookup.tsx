/** 查询进度: tracking code + the phone's last four digits → the case's status card. */
import { useState, type FormEvent } from 'react'
import { Alert, Button, Card, Input, Tag } from 'antd'
import { ApiError, lookupStatus, type Status } from './api'

const cleanCode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12)

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="pub-row" data-testid={testId}>
      <div className="pub-row-label">{label}</div>
      <div className="pub-row-value">{children}</div>
    </div>
  )
}

function StatusCard({ s }: { s: Status }) {
  const left = s.workdaysLeft
  return (
    <Card className="pub-status" data-testid="status-card" title={<span>编号 {s.number}</span>} extra={s.done ? <Tag color="green">已办结</Tag> : <Tag color="blue">办理中</Tag>}>
      <Row label="当前环节" testId="status-stage">
        <b className="pub-stage">{s.stage}</b>
      </Row>
      <Row label="提交日期">{s.receivedOn}</Row>
      <Row label="办理单位" testId="status-units">
        {s.units.length ? s.units.join('、') : s.handledBy ?? '待确定'}
      </Row>
      {s.outcome ? (
        <Row label="甄别结果">
          {s.outcome.name}
          {s.outcome.reasons[0] ? <div className="pub-muted">{s.outcome.reasons[0]}</div> : null}
        </Row>
      ) : null}
      <Row label="办理期限" testId="status-due">
        {s.dueDate ? (
          <>
            {s.dueDate}
            {!s.done && left !== null ? (
              <div className={left < 0 ? 'pub-overdue' : 'pub-muted'}>{left >= 0 ? `还剩 ${left} 个工作日` : `已超期 ${-left} 个工作日`}</div>
            ) : null}
          </>
        ) : (
          '受理后确定'
        )}
      </Row>
      {s.concluded ? (
        <Row label="办理结果" testId="status-result">
          {s.concluded.result || '已办结'}
          <div className="pub-muted">办结日期 {s.concluded.on.slice(0, 10)}</div>
        </Row>
      ) : null}
      {s.followUp ? <Row label="回访">已于 {s.followUp.on.slice(0, 10)} 回访</Row> : null}
    </Card>
  )
}

export default function StatusLookup({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode)
  const [last4, setLast4] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const ready = code.length === 12 && /^\d{4}$/.test(last4)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    setStatus(null)
    lookupStatus(code, last4)
      .then(setStatus, (err: unknown) => setError(err instanceof ApiError ? err.message : '查询失败，请稍后再试'))
      .finally(() => setBusy(false))
  }

  return (
    <div className="pub-lookup">
      <form onSubmit={submit} className="pub-lookup-form" data-testid="lookup-form">
        <label htmlFor="lookup-code">查询码</label>
        <Input
          id="lookup-code"
          size="large"
          value={code}
          onChange={(e) => setCode(cleanCode(e.target.value))}
          placeholder="提交时获得的 12 位查询码"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="pub-code-input"
          data-testid="lookup-code"
        />
        <label htmlFor="lookup-phone">手机号后四位</label>
        <Input
          id="lookup-phone"
          size="large"
          value={last4}
          onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
          placeholder="提交时所留手机号的后四位"
          inputMode="numeric"
          autoComplete="off"
          data-testid="lookup-phone"
        />
        <Button type="primary" size="large" block htmlType="submit" loading={busy} disabled={!ready} data-testid="lookup-submit">
          查询
        </Button>
      </form>
      {error ? <Alert type="error" showIcon title={error} data-testid="lookup-error" /> : null}
      {status ? <StatusCard s={status} /> : null}
      <p className="pub-muted pub-hint">查询码不区分大小写。仅显示办理进度，不显示个人信息。</p>
    </div>
  )
}
