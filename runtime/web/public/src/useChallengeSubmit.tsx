/**
 * What the public forms (the petition, the complaint) share: the form checks in people's words
 * (checkFields, in place of ajv's), and the submission — solve the server's proof-of-work
 * challenge, POST with one submission id per form fill, show the server's refusals against their
 * fields until those are edited.
 */
import { useMemo, useRef, useState } from 'react'
import { Button } from 'antd'
import type { IChangeEvent } from '@rjsf/core'
import { customizeValidator } from '@rjsf/validator-ajv8'
import type { CustomValidator, ErrorSchema, RJSFSchema } from '@rjsf/utils'
import { ApiError, getChallenge, newSubmissionId, type FieldProblem, type JsonSchema } from './api'
import { solveChallenge } from './pow'

export type Data = Record<string, unknown>
type Errors = Record<string, { __errors: string[] }>
export type Phase = 'idle' | 'verifying' | 'sending'

/**
 * The server's Content Security Policy has no 'unsafe-eval', so ajv cannot compile schemas here
 * (`new Function`). rjsf keeps ajv's validator object for its schema utilities, with the schema
 * checks replaced by `checkFields` below: the checks the public form's flat schema uses (required,
 * length, pattern, list), with messages written for people. The server checks everything again.
 */
const ajv = customizeValidator({})
export const validator = Object.create(ajv) as typeof ajv
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

/** What a public form posts: the filled fields, the solved challenge and the submission id. */
export interface Submission {
  form: Data
  challenge: string
  solution: string
  submissionId: string
}

export interface ChallengeSubmitOptions<R> {
  /** posts the submission; an ApiError with fields is shown against them */
  submit: (s: Submission) => Promise<R>
  /** which filled fields are sent (empty ones never are) */
  sends: (field: string) => boolean
  onDone: (receipt: R) => void
  /** after a refusal, with the fields it was placed against */
  onRefused?: (fields: string[]) => void
}

/**
 * The state and handlers of a public form behind the challenge. `formProps` go on rjsf's `<Form>`
 * (with its uiSchema and idPrefix); `phase` drives the submit button; `reset()` starts a new
 * form fill (a new submission id, nothing filled).
 */
export function useChallengeSubmit<R>(schema: JsonSchema, opts: ChallengeSubmitOptions<R>) {
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
      const clean = Object.fromEntries(Object.entries(formData).filter(([k, v]) => opts.sends(k) && v !== undefined && v !== ''))
      opts.onDone(await opts.submit({ form: clean, challenge: c.token, solution, submissionId: submissionId.current }))
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const placed = place(e.fields, schema)
        setRefused({ fields: placed.fields, data: formData })
        setProblem([e.message, ...placed.other].join('；'))
        opts.onRefused?.(Object.keys(placed.fields))
      } else setProblem(e instanceof ApiError ? e.message : '提交失败，请稍后重试')
    } finally {
      setPhase('idle')
    }
  }

  return {
    phase,
    problem,
    reset() {
      submissionId.current = newSubmissionId()
      setData({})
    },
    formProps: {
      schema: schema as RJSFSchema,
      validator,
      formData: data,
      onChange: (e: IChangeEvent<Data>) => setData(e.formData ?? {}),
      onSubmit: (e: IChangeEvent<Data>) => void send(e.formData ?? {}),
      extraErrors: extraErrors as ErrorSchema<Data> | undefined,
      customValidate,
      showErrorList: false as const,
      focusOnFirstError: true,
      noHtml5Validate: true,
      disabled: phase !== 'idle',
    },
  }
}

/** The submit button: its label says which step the submission is at. */
export function SubmitButton({ phase, testId }: { phase: Phase; testId: string }) {
  return (
    <Button type="primary" htmlType="submit" size="large" block loading={phase !== 'idle'} data-testid={testId}>
      {phase === 'verifying' ? '正在验证…' : phase === 'sending' ? '正在提交…' : '提交'}
    </Button>
  )
}
