/** Shared pieces of the kind schemas. Descriptions are bilingual: Chinese, then English. */
export const d = (zh: string, en: string) => `${zh}\n${en}`

export const ID = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$',
  description: d(
    '稳定标识（英文字母开头，字母数字下划线）；分支、差异和升级都按它匹配',
    'Stable id (letter first, letters, digits, underscore); forks, diffs and upgrades match elements by it',
  ),
}
export const NAME = { type: 'string', minLength: 1, maxLength: 200, description: d('中文名称', 'Chinese name') }
export const NAME_EN = { type: 'string', maxLength: 200, description: d('英文名称（可选）', 'English name (optional)') }
export const DESCRIPTION = { type: 'string', maxLength: 4000, description: d('说明', 'Description') }
export const SOURCE = {
  type: 'string',
  maxLength: 500,
  description: d('出处：原文条款，例如“附件2 七（二）”', 'Source clause in the original document, e.g. "附件2 七（二）"'),
}
export const DATE = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: d('日期 YYYY-MM-DD（北京时间本地日期）', 'Date YYYY-MM-DD (local date, Asia/Shanghai)'),
}
export const named = {
  id: ID,
  name: NAME,
  nameEn: NAME_EN,
  description: DESCRIPTION,
}
/**
 * What an id-valued member refers to (`x-daiban-ref`): one declaration that the designer's JSON view
 * reads to offer the ids that fit, and tests/engine/refs.test.ts holds against the checks (each
 * declared site, given an unknown id, is reported there).
 */
export type RefTarget = 'form' | 'clock' | 'machine' | 'unit' | 'village' | 'role'
export const REF_KEYWORD = 'x-daiban-ref'

export const KIND = (kind: string) => ({ const: kind, description: d(`定义种类，固定为 "${kind}"`, `Definition kind, always "${kind}"`) })
/** A formula: JSON Logic restricted to arithmetic (see engine/formula). Checked semantically, not here. */
export const FORMULA = {
  description: d(
    '公式（JSON Logic，仅限算术、比较、min/max/round/if/rate 和 var 变量）',
    'Formula (JSON Logic restricted to arithmetic, comparison, min/max/round/if/rate and var)',
  ),
  anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'object', maxProperties: 1, minProperties: 1 }],
}
