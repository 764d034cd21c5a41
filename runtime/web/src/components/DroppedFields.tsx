/**
 * The notice shown when a restored unfinished form held fields the form no longer has (a version
 * published since removed them, issue #17): they were left out, named by the titles they had when
 * typed, else by their ids.
 */
import { Alert } from 'antd'
import { useI18n, type Lang } from '../i18n'
import type { DroppedField } from '../../kit/drafts'

const TEXT: Record<Lang, { title: string; body: string; sep: string }> = {
  zh: {
    title: '已恢复的草稿中有表单已不再包含的字段，已移除：{fields}',
    body: '方案已更新，这些字段已从表单中删除；其余内容已恢复，请检查后提交。',
    sep: '、',
  },
  en: {
    title: 'The restored entries held fields the form no longer has; they were removed: {fields}',
    body: 'The scheme was updated and these fields were taken off the form; the rest was restored. Check it before sending.',
    sep: ', ',
  },
}

/** `「民族」、field_3` — a title in corner brackets when known, else the id. */
export function droppedFieldNames(dropped: DroppedField[], lang: Lang): string {
  return dropped.map((f) => (f.title ? (lang === 'en' ? `“${f.title}”` : `「${f.title}」`) : f.id)).join(TEXT[lang].sep)
}

export function DroppedFields({ dropped }: { dropped: DroppedField[] }) {
  const { lang } = useI18n()
  if (!dropped.length) return null
  const x = TEXT[lang] ?? TEXT.zh
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={x.title.replace('{fields}', droppedFieldNames(dropped, lang))}
      description={x.body}
      data-testid="draft-dropped"
    />
  )
}
