/**
 * rjsf's own strings (buttons, labels) in the page's language: rjsf's English as it is, Chinese
 * from the small table below — the strings a flat public form can show (the staff app keeps its
 * fuller table in runtime/web/src/forms/rjsfStrings.ts, with its big message table).
 */
import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils'
import type { Lang } from './lang'

const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.ClearButton]: '清空',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '填写此项',
  [TranslatableString.OptionalObjectRemove]: '不填此项',
  [TranslatableString.OptionalObjectEmptyMsg]: '此项未填写',
  [TranslatableString.EmptyArray]: '暂无内容，请点击下方按钮添加。',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.UnsupportedField]: '不支持的字段定义。',
}

const zhTranslator = (s: TranslatableString, params?: string[]) => {
  const zh = ZH[s]
  return zh ? replaceStringParameters(zh, params) : englishStringTranslator(s, params)
}

export const translatorFor = (lang: Lang) => (lang === 'en' ? englishStringTranslator : zhTranslator)
