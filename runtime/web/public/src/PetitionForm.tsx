/**
 * The public intake form, rendered by @rjsf/antd from the scheme's form (loaded lazily: rjsf and
 * ajv are the heavy part). System fields are dropped; Chinese validation messages (checkFields);
 * submit → solve the server's challenge → POST; server refusals shown against their fields.
 */
import { useMemo, useRef, useState } from 'react'
import { Alert, Button } from 'antd'
import Form from '@rjsf/antd'
import type { IChangeEvent } from '@rjsf/core'
import { customizeValidator } from '@rjsf/validator-ajv8'
import type { CustomValidator, ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils'
import { ApiError, SYSTEM_FIELDS, getChallenge, newSubmissionId, submitPetition, type FieldProblem, type JsonSchema, type PublicInfo, type Receipt } from './api'
import { solveChallenge } from './pow'

type Data = Record<string, unknown>
type Errors = Record<string, { __errors: string[] }>

/**
 * The server's Content Security Policy has no 'unsafe-eval', so ajv cannot compile schemas here
 * (`new Function`). rjsf keeps ajv's validator object for its schema utilities, with the schema
 * checks replaced by `checkFields` below: the checks the public form's flat schema uses (required,
 * length, pattern, list), with messages written for people. The server checks everything again.
 */
const ajv = customizeValidator({})
const validator = Object.create(ajv) as typeof ajv
validator.rawValidation = (() => ({ errors: [], validationError: undefined })) as typeof ajv.rawValidation

const isEmpty = (v: unknown) => v === undefined || v === null || v === ''

export function checkFields(schema: JsonSchema, data: Data): Record<string, string> {
  const out: Record<string, string> = {}
  const required = new Set(schema.required ?? [])
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const v = data[k]
    if (isEmpty(v)) {
      if (required.has(k)) out[k] = p.type === 'boolean' ? '请勾选此项' : '必填'
      continue
    }
    if (p.type === 'boolean' && p.const === true && v !== true) out[k] = '请勾选此项'
    if (typeof v !== 'string') continue
    const n = [...v].length
    if (typeof p.minLength === 'number' && n < p.minLength) out[k] = `至少填写 ${p.minLength} 个字`
    else if (typeof p.maxLength === 'number' && n > p.maxLength) out[k] = `不能超过 ${p.maxLength} 个字（现有 ${n} 个）`
    else if (typeof p.pattern === 'string' && !new RegExp(p.pattern, 'u').test(v)) out[k] = k === 'phone' ? '格式不正确（11 位手机号，或带区号的固定电话）' : '格式不正确'
    else if (Array.isArray(p.enum) && !p.enum.includes(v)) out[k] = '请从列表中选择'
  }
  return out
}

/** The form as citizens see it: without the fields the server fills in. */
export function publicSchema(form: PublicInfo['form']): { schema: JsonSchema; uiSchema: UiSchema } {
  const props = { ...(form.schema.properties ?? {}) }
  for (const k of SYSTEM_FIELDS) delete props[k]
  const schema: JsonSchema = { ...form.schema, properties: props, required: (form.schema.required ?? []).filter((k) => !SYSTEM_FIELDS.includes(k)) }
  const uiSchema: UiSchema = { ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }
  for (const k of SYSTEM_FIELDS) delete uiSchema[k]
  const order = uiSchema['ui:order']
  if (Array.isArray(order)) uiSchema['ui:order'] = order.filter((k) => !SYSTEM_FIELDS.includes(String(k)))
  for (const [k, p] of Object.entries(props)) {
    if (typeof p.maxLength === 'number' && p.maxLength >= 500) uiSchema[k] = { 'ui:widget': 'textarea', ...(uiSchema[k] as object | undefined), 'ui:options': { rows: 4 } }
    if (k === 'phone') uiSchema[k] = { ...(uiSchema[k] as object | undefined), 'ui:options': { inputType: 'tel' } }
  }
  return { schema, uiSchema }
}

/** Server refusals → rjsf extraErrors for the fields it renders, the rest as form messages */
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

type Phase = 'idle' | 'verifying' | 'sending'

export default function PetitionForm({ form, onDone }: { form: PublicInfo['form']; onDone: (r: Receipt) => void }) {
  const { schema, uiSchema } = useMemo(() => publicSchema(form), [form])
  const customValidate = useMemo<CustomValidator<Data>>(
    () => (formData, errors) => {
      for (const [k, msg] of Object.entries(checkFields(schema, formData ?? {}))) (errors as unknown as Record<string, { addError(m: string): void } | undefined>)[k]?.addError(msg)
      return errors
    },
    [schema],
  )
  // one id per form fill: a retry after a lost answer is not filed twice
  const submissionId = useRef(newSubmissionId())
  const [data, setData] = useState<Data>({})
  const [phase, setPhase] = useState<Phase>('idle')
  const [problem, setProblem] = useState<string | null>(null)
  const [refused, setRefused] = useState<{ fields: Errors; data: Data } | null>(null)

  // a refusal disappears from a field once it is edited
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
      const clean = Object.fromEntries(Object.entries(formData).filter(([k, v]) => !SYSTEM_FIELDS.includes(k) && v !== undefined && v !== ''))
      const receipt = await submitPetition({ form: clean, challenge: c.token, solution, submissionId: submissionId.current })
      onDone(receipt)
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const placed = place(e.fields, schema)
        setRefused({ fields: placed.fields, data: formData })
        setProblem([e.message, ...placed.other].join('；'))
        const first = Object.keys(placed.fields)[0]
        if (first) setTimeout(() => document.getElementById(`pub_${first}`)?.scrollIntoView({ block: 'center' }), 50)
      } else setProblem(e instanceof ApiError ? e.message : '提交失败，请稍后重试')
    } finally {
      setPhase('idle')
    }
  }

  const busy = phase !== 'idle'
  return (
    <div className="pub-form" data-testid="petition-form">
      <h2 className="pub-form-title">{form.name}</h2>
      <Form
        schema={schema as RJSFSchema}
        uiSchema={uiSchema}
        validator={validator}
        formData={data}
        idPrefix="pub"
        onChange={(e: IChangeEvent<Data>) => setData(e.formData ?? {})}
        onSubmit={(e: IChangeEvent<Data>) => void send(e.formData ?? {})}
        extraErrors={extraErrors as ErrorSchema<Data> | undefined}
        customValidate={customValidate}
        showErrorList={false}
        focusOnFirstError
        noHtml5Validate
        disabled={busy}
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
      >
        {problem ? <Alert className="pub-form-alert" type="error" showIcon title={problem} data-testid="form-error" /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="petition-submit">
          {phase === 'verifying' ? '正在验证…' : phase === 'sending' ? '正在提交…' : '提交'}
        </Button>
        {phase === 'verifying' ? (
          <div className="pub-muted pub-center" data-testid="verifying">
            正在验证…（防止机器批量提交，约需数秒）
          </div>
        ) : null}
      </Form>
    </div>
  )
}
