/** The sentences for migration changes and notes, made at the edge from their code and params. */
import type { Locale } from '../../i18n/messages'
import type { MigrationChange } from './step'

const MESSAGES: Record<string, { zh: string; en: string }> = {
  ROLE_DECLARED: {
    zh: '表单 "{form}" 的字段 "{field}" 声明角色 {role}（{roleName}）',
    en: 'form "{form}": field "{field}" declares role {role} ({roleNameEn})',
  },
  ROLE_NOT_WRITTEN: {
    zh: '表单 "{form}" 的字段 "{field}" 按第一版字段名担任角色 {role}，但在文件中找不到该字段，未写入：请手工加上 "x-daiban-role": "{role}"',
    en: 'form "{form}": field "{field}" plays role {role} by its first-edition name but was not found in the file; add "x-daiban-role": "{role}" by hand',
  },
  PLACEHOLDER: {
    zh: '“{literal}” 改为 {placeholder}（时限 "{clock}"，显示的文字不变）',
    en: '"{literal}" becomes {placeholder} (clock "{clock}"; the text shown is the same)',
  },
  PLACEHOLDER_CHOICE: {
    zh: '“{literal}” 也是时限 {others} 的天数，已取 "{clock}"：请确认这段文字说的是哪个时限',
    en: '"{literal}" is also the limit of {others}; "{clock}" was taken: check which limit the text means',
  },
  PLACEHOLDER_NOT_WRITTEN: {
    zh: '“{literal}”（时限 {clocks}）在文件中找不到原样的文字，未改：请手工改为占位符',
    en: '"{literal}" (clock {clocks}) was not found as written in the file and is left as it was; replace it with a placeholder by hand',
  },
  ROUTING_MODE: {
    zh: '分流规则集 "{ruleSet}" 的 mode 由 "first" 改为 "all"：第一版分流不看 mode，所有命中的规则都计入（须恰好得到一个专班组），第二版按 "first" 取优先级最高的命中规则；改为 "all" 分流结果不变。要按优先级分流（如集体访不论类别交综治组），改回 "first" 并给规则设 priority',
    en: 'routing rule set "{ruleSet}": mode "first" becomes "all". First-edition routing ignored the mode and counted every matching rule (exactly one group); the second edition honours "first" (the matching rule of the highest priority decides), so "all" keeps the routing as it was. For routing by priority (an override whatever the category), set "first" back and give the rules priorities',
  },
  ROUTING_MODE_NOT_WRITTEN: {
    zh: '分流规则集 "{ruleSet}" 的 mode "first" 在文件中找不到，未改：请手工改为 "all"（第一版分流不看 mode）',
    en: 'routing rule set "{ruleSet}": its mode "first" was not found in the file; set it to "all" by hand (first-edition routing ignored the mode)',
  },
}

/** One change or note as a sentence (without its file and pointer, which the caller prints). */
export function describeChange(c: MigrationChange, locale: Locale = 'zh-CN'): string {
  const m = MESSAGES[c.code]
  const template = m ? (locale === 'en' ? m.en : m.zh) : c.code
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in c.params ? String(c.params[k]) : whole))
}
