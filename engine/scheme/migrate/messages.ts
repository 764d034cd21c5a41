/** The sentences for migration changes and notes, made at the edge from their code and params. */
import type { Locale } from '../../i18n/messages'
import type { MigrationChange } from './step'

const MESSAGES: Record<string, { zh: string; en: string }> = {
  ROLE_DECLARED: { zh: '表单 "{form}" 的字段 "{field}" 声明角色 {role}（{roleName}）', en: 'form "{form}": field "{field}" declares role {role} ({roleNameEn})' },
  ROLE_NOT_WRITTEN: { zh: '表单 "{form}" 的字段 "{field}" 按第一版字段名担任角色 {role}，但在文件中找不到该字段，未写入：请手工加上 "x-daiban-role": "{role}"', en: 'form "{form}": field "{field}" plays role {role} by its first-edition name but was not found in the file; add "x-daiban-role": "{role}" by hand' },
  PLACEHOLDER: { zh: '“{literal}” 改为 {placeholder}（时限 "{clock}"，显示的文字不变）', en: '"{literal}" becomes {placeholder} (clock "{clock}"; the text shown is the same)' },
  PLACEHOLDER_CHOICE: { zh: '“{literal}” 也是时限 {others} 的天数，已取 "{clock}"：请确认这段文字说的是哪个时限', en: '"{literal}" is also the limit of {others}; "{clock}" was taken: check which limit the text means' },
  PLACEHOLDER_NOT_WRITTEN: { zh: '“{literal}”（时限 {clocks}）在文件中找不到原样的文字，未改：请手工改为占位符', en: '"{literal}" (clock {clocks}) was not found as written in the file and is left as it was; replace it with a placeholder by hand' },
}

/** One change or note as a sentence (without its file and pointer, which the caller prints). */
export function describeChange(c: MigrationChange, locale: Locale = 'zh-CN'): string {
  const m = MESSAGES[c.code]
  const template = m ? (locale === 'en' ? m.en : m.zh) : c.code
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in c.params ? String(c.params[k]) : whole))
}
