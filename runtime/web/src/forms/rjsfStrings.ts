/**
 * rjsf's own strings in Chinese (its buttons and labels), and validation messages that read well
 * under a field: ajv-i18n's zh messages, with the few that name schema internals (patterns,
 * format names, "must have required property") rewritten for people.
 */
import { englishStringTranslator, replaceStringParameters, TranslatableString, type RJSFValidationError } from '@rjsf/utils'
import type { Lang } from '../i18n'
import { translate } from '../i18n'

const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '项',
  [TranslatableString.MissingItems]: '缺少数组项定义',
  [TranslatableString.EmptyArray]: '暂无内容，请点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.ExpandButton]: '展开',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '填写此项',
  [TranslatableString.OptionalObjectRemove]: '不填此项',
  [TranslatableString.OptionalObjectEmptyMsg]: '此项未填写',
  [TranslatableString.Type]: '类型',
  [TranslatableString.Value]: '值',
  [TranslatableString.ClearButton]: '清空',
  [TranslatableString.UnknownFieldType]: '不支持的字段类型 %1',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.KeyLabel]: '%1 键',
  [TranslatableString.DeprecatedLabel]: '%1（已停用）',
  [TranslatableString.UnsupportedField]: '不支持的字段定义。',
  [TranslatableString.UnsupportedFieldWithId]: '字段 `%1` 的定义不受支持。',
  [TranslatableString.UnsupportedFieldWithReason]: '不支持的字段定义：_%1_。',
  [TranslatableString.UnsupportedFieldWithIdAndReason]: '字段 `%1` 的定义不受支持：_%2_。',
  [TranslatableString.FilesInfo]: '**%1**（%2，%3 字节）',
}

export function translatorFor(lang: Lang): (s: TranslatableString, params?: string[]) => string {
  if (lang === 'en') return englishStringTranslator
  return (s, params) => {
    const zh = ZH[s]
    return zh ? replaceStringParameters(zh, params) : englishStringTranslator(s, params)
  }
}

/** Rewrites the messages that would show schema internals; keeps ajv-i18n's wording for the rest. */
export function transformErrorsFor(lang: Lang, schema?: { properties?: Record<string, { const?: unknown; type?: unknown }> }) {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(lang, k, p)
  return (errors: RJSFValidationError[]): RJSFValidationError[] => {
    const out: RJSFValidationError[] = []
    for (const e of errors) {
      // a oneOf select reports one `const` failure per choice: the `oneOf` error says it once
      if (e.name === 'const' && e.schemaPath?.includes('/oneOf/')) continue
      if (e.name === 'type' && e.schemaPath?.includes('/oneOf/')) continue
      let message = e.message
      switch (e.name) {
        case 'required': {
          const prop = schema?.properties?.[String(e.params?.missingProperty ?? '')]
          message = prop?.type === 'boolean' && prop.const === true ? t('form.mustCheck') : t('form.required')
          break
        }
        case 'pattern':
          message = t('form.pattern')
          break
        case 'format':
          message = e.params?.format === 'date' ? t('form.date') : t('form.pattern')
          break
        case 'minItems':
          message = t('form.minItems', { n: Number(e.params?.limit ?? 1) })
          break
        case 'const':
          if (e.params?.allowedValue === true) message = t('form.mustCheck')
          break
        case 'oneOf':
        case 'enum':
          message = lang === 'en' ? 'Choose from the list' : '请从列表中选择'
          break
        default:
          break
      }
      out.push({ ...e, ...(message !== undefined ? { message, stack: `${e.property ?? ''} ${message}`.trim() } : {}) })
    }
    return out
  }
}
