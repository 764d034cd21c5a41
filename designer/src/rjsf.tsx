/** rjsf (antd theme) in the designer's language: Chinese button texts and ajv messages (ajv-i18n). */
import { useEffect, useMemo } from 'react'
import Form from '@rjsf/antd'
import { customizeValidator } from '@rjsf/validator-ajv8'
import type { RJSFSchema, UiSchema } from '@rjsf/utils'
import { rjsfTranslator } from '../../runtime/web/src/forms/rjsfZh'
import { LINEAR_PATTERNS, loadPatterns } from '../../runtime/web/src/forms/patterns'
import localizeZh from 'ajv-i18n/localize/zh'
import type { FormProps } from '@rjsf/core'
import type { Lang } from './i18n'

// Patterns on the linear-time engine, never RegExp: a draft's pattern must not freeze the preview (review finding 3).
const ajvOptions = { ajvOptionsOverrides: { strict: false as const, allErrors: true, code: LINEAR_PATTERNS.ajvOptionsOverrides.code } }
const customFormats = { date: /^\d{4}-\d{2}-\d{2}$/ }
const validators = {
  'zh-CN': customizeValidator({ ...ajvOptions, customFormats }, localizeZh as never),
  en: customizeValidator({ ...ajvOptions, customFormats }),
}

export function translator(lang: Lang) {
  return rjsfTranslator(lang === 'en' ? 'en' : 'zh')
}

export type SchemaFormProps = Omit<FormProps, 'validator' | 'schema' | 'uiSchema'> & {
  lang: Lang
  schema: Record<string, unknown>
  uiSchema?: Record<string, unknown>
  submitText?: string
}

export function SchemaForm({ lang, schema, uiSchema, submitText, ...rest }: SchemaFormProps) {
  const translate = useMemo(() => translator(lang), [lang])
  useEffect(() => void loadPatterns(), [])
  const ui = useMemo(() => ({ ...(uiSchema ?? {}), 'ui:submitButtonOptions': { submitText: submitText ?? (lang === 'en' ? 'Submit' : '提交'), norender: submitText === '' } }) as UiSchema, [uiSchema, submitText, lang])
  // noHtml5Validate: the browser's own bubbles speak the browser's language; ajv's messages are localized.
  // onError: rjsf would log every refused submit as a console error; the fields show the messages.
  return <Form noHtml5Validate onError={() => {}} {...rest} schema={schema as RJSFSchema} uiSchema={ui} validator={validators[lang]} translateString={translate} showErrorList={false} />
}
