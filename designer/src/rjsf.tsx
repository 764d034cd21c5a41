/** rjsf (antd theme) in the designer's language: Chinese button texts and ajv messages (ajv-i18n). */
import { useEffect, useMemo } from 'react'
import Form from '@rjsf/antd'
import type { RJSFSchema, UiSchema } from '@rjsf/utils'
import { SelectWidget } from '../../runtime/web/kit/forms/SelectWidget'
import { rjsfTranslator } from '../../runtime/web/kit/forms/rjsfZh'
import { loadPatterns } from '../../runtime/web/kit/forms/patterns'
import { createFormValidator } from '../../runtime/web/kit/forms/validator'
import localizeZh from 'ajv-i18n/localize/zh'
import type { FormProps } from '@rjsf/core'
import type { Lang } from './i18n'

// The web apps' one form validator, built from the server's configuration (issue #16): the preview
// refuses what production refuses (2026-02-30 is no date), patterns on the linear-time engine, never
// RegExp, so a draft's pattern cannot freeze the preview (review finding 3).
export const validators = {
  'zh-CN': createFormValidator(localizeZh as never),
  en: createFormValidator(),
}

export function translator(lang: Lang) {
  return rjsfTranslator(lang === 'en' ? 'en' : 'zh')
}

// the web kit's select: no blank first option on a required field, a oneOf/anyOf branch select named by its field
const WIDGETS = { SelectWidget }

export type SchemaFormProps = Omit<FormProps, 'validator' | 'schema' | 'uiSchema'> & {
  lang: Lang
  schema: Record<string, unknown>
  uiSchema?: Record<string, unknown>
  submitText?: string
}

export function SchemaForm({ lang, schema, uiSchema, submitText, ...rest }: SchemaFormProps) {
  const translate = useMemo(() => translator(lang), [lang])
  useEffect(() => void loadPatterns(), [])
  const ui = useMemo(
    () =>
      ({
        ...(uiSchema ?? {}),
        'ui:submitButtonOptions': { submitText: submitText ?? (lang === 'en' ? 'Submit' : '提交'), norender: submitText === '' },
      }) as UiSchema,
    [uiSchema, submitText, lang],
  )
  // noHtml5Validate: the browser's own bubbles speak the browser's language; ajv's messages are localized.
  // onError: rjsf would log every refused submit as a console error; the fields show the messages.
  return (
    <Form
      noHtml5Validate
      onError={() => {}}
      {...rest}
      schema={schema as RJSFSchema}
      uiSchema={ui}
      validator={validators[lang]}
      translateString={translate}
      showErrorList={false}
      widgets={WIDGETS}
    />
  )
}
