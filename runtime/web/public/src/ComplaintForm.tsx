/**
 * 投诉建议: a complaint or suggestion about the proxy service itself, filed without signing in
 * (附件2 八（一）). The form is the scheme's complaint register form without the fields the system
 * fills (as the notice board publishes it); it goes behind the same proof-of-work challenge as
 * the petition form and is answered with a receipt: its number and the reply-by date.
 */
import { useMemo, useState } from 'react'
import { Alert, Button, Result } from 'antd'
import Form from '@rjsf/antd'
import type { UiSchema } from '@rjsf/utils'
import { submitComplaint, type ComplaintReceipt, type JsonSchema } from './api'
import { SubmitButton, useChallengeSubmit } from './useChallengeSubmit'

function uiFor(schema: JsonSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } }
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (typeof p.maxLength === 'number' && p.maxLength >= 500) ui[k] = { 'ui:widget': 'textarea', 'ui:options': { rows: 5 } }
    if (k === 'phone') ui[k] = { 'ui:options': { inputType: 'tel' } }
  }
  return ui
}

export default function ComplaintForm({ schema, notice }: { schema: JsonSchema; notice: string | null }) {
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
        <Result status="success" title="已收到您的意见" subTitle={`编号 ${receipt.number} · ${receipt.receivedOn}`} />
        <Alert type="info" showIcon title={receipt.message} />
        {receipt.replyBy ? (
          <p className="pub-center">
            回复期限：<b data-testid="complaint-reply-by">{receipt.replyBy}</b>
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
            再提一条意见
          </Button>
        </div>
      </div>
    )

  return (
    <div className="pub-form" data-testid="complaint-form">
      <h2 className="pub-form-title">投诉与建议</h2>
      {notice ? <p className="pub-muted">{notice}</p> : null}
      <Form {...formProps} uiSchema={uiSchema} idPrefix="co">
        {problem ? <Alert className="pub-form-alert" type="error" showIcon title={problem} data-testid="complaint-error" /> : null}
        <SubmitButton phase={phase} testId="complaint-submit" />
      </Form>
    </div>
  )
}
