/**
 * What the public forms (the petition, the complaint) share: the form checks — the web apps' one
 * validator, the server's configuration (../../kit/forms/validator.ts) — in people's words
 * (checkFields words each field's problem), and the submission — solve the server's proof-of-work
 * challenge, POST with one submission id per form fill, show the server's refusals against their
 * fields until those are edited.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { Button } from 'antd'
import type { IChangeEvent } from '@rjsf/core'
import type { ErrorSchema, RJSFSchema, RJSFValidationError } from '@rjsf/utils'
import { ApiError, errorText, getChallenge, newSubmissionId, type FieldProblem, type JsonSchema } from './api'
import { translate, useI18n, type Lang } from './i18n'
import { solveChallenge } from './pow'
import { translatorFor } from './rjsfStrings'
import { loadPatterns, patternMatches } from '../../kit/forms/patterns'
import { createFormValidator } from '../../kit/forms/validator'
import { roleField } from '../../kit/forms/roles'

export type Data = Record<string, unknown>
type Errors = Record<string, { __errors: string[] }>
export type Phase = 'idle' | 'verifying' | 'sending'

/**
 * The checks are the server's (the same ajv configuration, issue #16: a date like 2026-02-30 is
 * refused here as there); their messages are replaced by `peopleErrors` below.
 */
export const validator = createFormValidator()

const isEmpty = (v: unknown) => v === undefined || v === null || v === ''

export function checkFields(schema: JsonSchema, data: Data, lang: Lang = 'zh'): Record<string, string> {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, number>) => translate(lang, k, p)
  const out: Record<string, string> = {}
  const required = new Set(schema.required ?? [])
  const phone = roleField(schema, 'phone')
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const v = data[k]
    if (isEmpty(v)) {
      if (required.has(k)) out[k] = p.type === 'boolean' ? t('check.tick') : t('check.required')
      continue
    }
    if (p.type === 'boolean' && p.const === true && v !== true) out[k] = t('check.tick')
    if (typeof v !== 'string') continue
    const n = [...v].length
    if (typeof p.minLength === 'number' && n < p.minLength) out[k] = t('check.min', { n: p.minLength })
    else if (typeof p.maxLength === 'number' && n > p.maxLength) out[k] = t('check.max', { n: p.maxLength, len: n })
    // on the linear-time engine (a pattern is not checked here before it has loaded; the server checks it)
    else if (typeof p.pattern === 'string' && patternMatches(p.pattern, v) === false) out[k] = k === phone ? t('check.phone') : t('check.pattern')
    else if (Array.isArray(p.enum) && !p.enum.includes(v)) out[k] = t('check.enum')
  }
  return out
}

/** `.units.0`, `units[0]` or `units` → `units` */
const topField = (property: string | undefined) => (property ?? '').replace(/^\./, '').split(/[.[]/)[0] ?? ''

/**
 * The validator's errors in people's words, one per field: checkFields' message for the field,
 * else one by the kind of error (a date that does not exist, a wrong format).
 */
export function peopleErrors(schema: JsonSchema, data: Data, lang: Lang = 'zh'): (errors: RJSFValidationError[]) => RJSFValidationError[] {
  const words = checkFields(schema, data, lang)
  return (errors) => {
    const seen = new Set<string>()
    const out: RJSFValidationError[] = []
    for (const e of errors) {
      const field = topField(e.property)
      if (seen.has(field)) continue
      seen.add(field)
      const message =
        words[field] ??
        (e.name === 'required'
          ? translate(lang, 'check.required')
          : e.name === 'format' && e.params?.format === 'date'
            ? translate(lang, 'check.date')
            : e.name === 'enum' || e.name === 'oneOf' || e.name === 'const'
              ? translate(lang, 'check.enum')
              : translate(lang, 'check.pattern'))
      out.push({ ...e, message, stack: `${e.property ?? ''} ${message}`.trim() })
    }
    return out
  }
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
  const i18n = useI18n()
  const { lang } = i18n
  useEffect(() => void loadPatterns(), [])
  const translateString = useMemo(() => translatorFor(lang), [lang])
  // one id per form fill: a retry after a lost answer is not filed twice
  const submissionId = useRef(newSubmissionId())
  const [data, setData] = useState<Data>({})
  const transformErrors = useMemo(() => peopleErrors(schema, data, lang), [schema, data, lang])
  const [phase, setPhase] = useState<Phase>('idle')
  // the failure and the refusals placed on no field, worded when shown (in the language shown)
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null)
  const [refused, setRefused] = useState<{ fields: Errors; data: Data } | null>(null)

  // a refusal disappears from a field once it is edited
  const extraErrors = useMemo(() => {
    if (!refused) return undefined
    const out: Errors = {}
    for (const [k, v] of Object.entries(refused.fields)) if (data[k] === refused.data[k]) out[k] = v
    return Object.keys(out).length ? out : undefined
  }, [refused, data])

  const send = async (formData: Data) => {
    setFailure(null)
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
        setFailure({ error: e, other: placed.other })
        opts.onRefused?.(Object.keys(placed.fields))
      } else setFailure({ error: e, other: [] })
    } finally {
      setPhase('idle')
    }
  }

  const problem = failure ? [errorText(failure.error, i18n, 'submit.failed'), ...failure.other].join(i18n.t('sep.reasons')) : null

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
      transformErrors,
      showErrorList: false as const,
      focusOnFirstError: true,
      noHtml5Validate: true,
      translateString,
      disabled: phase !== 'idle',
    },
  }
}

/** The submit button: its label says which step the submission is at. */
export function SubmitButton({ phase, testId }: { phase: Phase; testId: string }) {
  const { t } = useI18n()
  return (
    <Button type="primary" htmlType="submit" size="large" block loading={phase !== 'idle'} data-testid={testId}>
      {t(phase === 'verifying' ? 'submit.verifying' : phase === 'sending' ? 'submit.sending' : 'submit.idle')}
    </Button>
  )
}
