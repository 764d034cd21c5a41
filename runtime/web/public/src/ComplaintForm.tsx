/**
 * 投诉建议: a complaint or suggestion about the proxy service itself, filed without signing in
 * (附件2 八（一）). The form is the scheme's complaint register form without the fields the system
 * fills (as the notice board publishes it); it goes behind the same proof-of-work challenge as
 * the petition form and is answered with a receipt: its number and the reply-by date. The notice
 * above the form and the field titles are the scheme's (Chinese only).
 */
import { useMemo, useState } from 'react'
import { Alert, Button, Result } from 'antd'
import Form from '@rjsf/antd'
import { SelectWidget } from '../../kit/forms/SelectWidget'
import type { UiSchema } from '@rjsf/utils'
import { submitComplaint, type ComplaintReceipt, type JsonSchema } from './api'
import { SubmitButton, useChallengeSubmit } from './useChallengeSubmit'
import { useI18n } from './i18n'
import { roleField } from '../../kit/forms/roles'

function uiFor(schema: JsonSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } }
  const phone = roleField(schema, 'phone')
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (typeof p.maxLength === 'number' && p.maxLength >= 500) ui[k] = { 'ui:widget': 'textarea', 'ui:options': { rows: 5 } }
    if (k === phone) ui[k] = { 'ui:options': { inputType: 'tel' } }
  }
  return ui
}

export default function ComplaintForm({ schema, notice }: { schema: JsonSchema; notice: string | null }) {
  const { t, lang } = useI18n()
  const uiSchema = useMemo(() => uiFor(schema), [schema])
  const [receipt, setReceipt] = useState<ComplaintReceipt | null>(null)
  const { phase, problem, reset, formProps } = useChallengeSubmit(schema, {
    submit: submitComplaint,
    sends: (k) => Boolean(schema.properties?.[k]),
    onDone: (r) => {
      setReceipt(r)
      scrollTo(0, 0)
    },
  })

  if (receipt)
    return (
      <div className="pub-receipt" data-testid="complaint-receipt">
        <Result status="success" title={t('complaint.received')} subTitle={t('receipt.sub', { number: receipt.number, date: receipt.receivedOn })} />
        {/* the server's receipt sentence is Chinese; in English the page says it with the receipt's number */}
        <Alert type="info" showIcon title={lang === 'zh' ? receipt.message : t('complaint.message', { number: receipt.number })} />
        {receipt.replyBy ? (
          <p className="pub-center">
            {t('complaint.replyBy')}
            <b data-testid="complaint-reply-by">{receipt.replyBy}</b>
          </p>
        ) : null}
        <div className="pub-actions">
          <Button
            size="large"
            block
            onClick={() => {
              reset()
              setReceipt(null)
            }}
          >
            {t('complaint.another')}
          </Button>
        </div>
      </div>
    )

  return (
    <div className="pub-form" data-testid="complaint-form">
      <h2 className="pub-form-title">{t('complaint.title')}</h2>
      {notice ? <p className="pub-muted">{notice}</p> : null}
      <Form {...formProps} uiSchema={uiSchema} widgets={{ SelectWidget }} idPrefix="co">
        {problem ? <Alert className="pub-form-alert" type="error" showIcon title={problem} data-testid="complaint-error" /> : null}
        <SubmitButton phase={phase} testId="complaint-submit" />
      </Form>
    </div>
  )
}
