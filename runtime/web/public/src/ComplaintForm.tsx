/**
 * 投诉建议: a complaint or suggestion about the proxy service itself, filed without signing in
 * (附件2 八（一）). The form is the scheme's complaint register form without the fields the system
 * fills (as the notice board publishes it); it goes behind the same proof-of-work challenge as
 * the petition form and is answered with a receipt: its number and the reply-by date.
 */
import { useMemo, useRef, useState } from 'react'
import { Alert, Button, Result } from 'antd'
import Form from '@rjsf/antd'
import type { IChangeEvent } from '@rjsf/core'
import { customizeValidator } from '@rjsf/validator-ajv8'
import type { CustomValidator, ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils'
import { ApiError, getChallenge, newSubmissionId, submitComplaint, type ComplaintReceipt, type FieldProblem, type JsonSchema } from './api'
import { checkFields } from './PetitionForm'
import { solveChallenge } from './pow'

type Data = Record<string, unknown>
type Errors = Record<string, { __errors: string[] }>

// No 'unsafe-eval' under the server's CSP: ajv's schema checks are replaced by checkFields (see PetitionForm).
const ajv = customizeValidator({})
const validator = Object.create(ajv) as typeof ajv
validator.rawValidation = (() => ({ errors: [], validationError: undefined })) as typeof ajv.rawValidation

function uiFor(schema: JsonSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } }
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (typeof p.maxLength === 'number' && p.maxLength >= 500) ui[k] = { 'ui:widget': 'textarea', 'ui:options': { rows: 5 } }
    if (k === 'phone') ui[k] = { 'ui:options': { inputType: 'tel' } }
  }
  return ui
}

function place(problems: FieldProblem[], schema: JsonSchema): { fields: Errors; other: string[] } {
  const fields: Errors = {}
  const other: string[] = []
  for (const p of problems) {
    const top = p.field.replace(/^\/?(form[./])?/, '').split(/[./[]/)[0] ?? ''
    if (top && schema.properties?.[top]) (fields[top] ??= { __errors: [] }).__errors.push(p.message)
    else other.push(p.message)
  }
  return { fields, other }
}

export default function ComplaintForm({ schema, notice }: { schema: JsonSchema; notice: string | null }) {
  const uiSchema = useMemo(() => uiFor(schema), [schema])
  const customValidate = useMemo<CustomValidator<Data>>(
    () => (formData, errors) => {
      for (const [k, msg] of Object.entries(checkFields(schema, formData ?? {}))) (errors as unknown as Record<string, { addError(m: string): void } | undefined>)[k]?.addError(msg)
      return errors
    },
    [schema],
  )
  const submissionId = useRef(newSubmissionId())
  const [data, setData] = useState<Data>({})
  const [phase, setPhase] = useState<'idle' | 'verifying' | 'sending'>('idle')
  const [problem, setProblem] = useState<string | null>(null)
  const [refused, setRefused] = useState<{ fields: Errors; data: Data } | null>(null)
  const [receipt, setReceipt] = useState<ComplaintReceipt | null>(null)
  const extraErrors = useMemo(() => {
    if (!refused) return undefined
    const out: Errors = {}
    for (const [k, v] of Object.entries(refused.fields)) if (data[k] === refused.data[k]) out[k] = v
    return Object.keys(out).length ? out : undefined
  }, [refused, data])

  const send = async (formData: Data) => {
    setProblem(null)
    setRefused(null)
    try {
      setPhase('verifying')
      const c = await getChallenge()
      const solution = await solveChallenge(c.token, c.difficulty)
      setPhase('sending')
      const clean = Object.fromEntries(Object.entries(formData).filter(([k, v]) => schema.properties?.[k] && v !== undefined && v !== ''))
      setReceipt(await submitComplaint({ form: clean, challenge: c.token, solution, submissionId: submissionId.current }))
      scrollTo(0, 0)
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const placed = place(e.fields, schema)
        setRefused({ fields: placed.fields, data: formData })
        setProblem([e.message, ...placed.other].join('；'))
      } else setProblem(e instanceof ApiError ? e.message : '提交失败，请稍后重试')
    } finally {
      setPhase('idle')
    }
  }

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
              submissionId.current = newSubmissionId()
              setData({})
              setReceipt(null)
            }}
          >
            再提一条意见
          </Button>
        </div>
      </div>
    )

  const busy = phase !== 'idle'
  return (
    <div className="pub-form" data-testid="complaint-form">
      <h2 className="pub-form-title">投诉与建议</h2>
      {notice ? <p className="pub-muted">{notice}</p> : null}
      <Form
        schema={schema as RJSFSchema}
        uiSchema={uiSchema}
        validator={validator}
        formData={data}
        idPrefix="co"
        onChange={(e: IChangeEvent<Data>) => setData(e.formData ?? {})}
        onSubmit={(e: IChangeEvent<Data>) => void send(e.formData ?? {})}
        extraErrors={extraErrors as ErrorSchema<Data> | undefined}
        customValidate={customValidate}
        showErrorList={false}
        focusOnFirstError
        noHtml5Validate
        disabled={busy}
      >
        {problem ? <Alert className="pub-form-alert" type="error" showIcon title={problem} data-testid="complaint-error" /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="complaint-submit">
          {phase === 'verifying' ? '正在验证…' : phase === 'sending' ? '正在提交…' : '提交'}
        </Button>
      </Form>
    </div>
  )
}
