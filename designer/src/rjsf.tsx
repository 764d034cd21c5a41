/** rjsf (antd theme) in the designer's language: Chinese button texts and ajv messages (ajv-i18n). */
import { useMemo } from 'react'
import Form from '@rjsf/antd'
import { customizeValidator } from '@rjsf/validator-ajv8'
import { englishStringTranslator, TranslatableString, type RJSFSchema, type UiSchema } from '@rjsf/utils'
import localizeZh from 'ajv-i18n/localize/zh'
import type { FormProps } from '@rjsf/core'
import type { Lang } from './i18n'

const ajvOptions = { ajvOptionsOverrides: { strict: false as const, allErrors: true } }
const customFormats = { date: /^\d{4}-\d{2}-\d{2}$/ }
const validators = {
  'zh-CN': customizeValidator({ ...ajvOptions, customFormats }, localizeZh as never),
  en: customizeValidator({ ...ajvOptions, customFormats }),
}

const ZH_STRINGS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '条目',
  [TranslatableString.MissingItems]: '缺少条目定义',
  [TranslatableString.EmptyArray]: '暂无条目，点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加条目',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.OptionalObjectAdd]: '填写可选项',
  [TranslatableString.OptionalObjectRemove]: '移除可选项',
  [TranslatableString.OptionalObjectEmptyMsg]: '可选项未填写',
  [TranslatableString.Type]: '类型',
  [TranslatableString.Value]: '值',
  [TranslatableString.ClearButton]: '清空',
  [TranslatableString.UnknownFieldType]: '未知的字段类型 %1',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.KeyLabel]: '%1 键',
  [TranslatableString.UnsupportedField]: '不支持的字段定义',
}

export function translator(lang: Lang) {
  return (s: TranslatableString, params?: string[]) => {
    if (lang === 'en') return englishStringTranslator(s, params)
    const tpl = ZH_STRINGS[s]
    if (!tpl) return englishStringTranslator(s, params)
    return tpl.replace(/%(\d)/g, (_m, n: string) => params?.[Number(n) - 1] ?? '')
  }
}

export type SchemaFormProps = Omit<FormProps, 'validator' | 'schema' | 'uiSchema'> & {
  lang: Lang
  schema: Record<string, unknown>
  uiSchema?: Record<string, unknown>
  submitText?: string
}

export function SchemaForm({ lang, schema, uiSchema, submitText, ...rest }: SchemaFormProps) {
  const translate = useMemo(() => translator(lang), [lang])
  const ui = useMemo(() => ({ ...(uiSchema ?? {}), 'ui:submitButtonOptions': { submitText: submitText ?? (lang === 'en' ? 'Submit' : '提交'), norender: submitText === '' } }) as UiSchema, [uiSchema, submitText, lang])
  // noHtml5Validate: the browser's own bubbles speak the browser's language; ajv's messages are localized.
  // onError: rjsf would log every refused submit as a console error; the fields show the messages.
  return <Form noHtml5Validate onError={() => {}} {...rest} schema={schema as RJSFSchema} uiSchema={ui} validator={validators[lang]} translateString={translate} showErrorList={false} />
}
