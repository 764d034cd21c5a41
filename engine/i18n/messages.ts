/**
 * Message table: one entry per problem code, Chinese and English. `{name}` placeholders are
 * filled from the problem's params. The engine fills `message` in Chinese; the CLI, HTTP layer
 * and UI may re-render in English with {@link formatProblem}.
 */
import type { Problem } from '../util/problem'

export type Locale = 'zh-CN' | 'en'

export const MESSAGES: Record<string, { zh: string; en: string }> = {
  JSON_SYNTAX: { zh: 'JSON 格式错误：{detail}', en: 'Malformed JSON: {detailEn}' },
  TOO_DEEP: { zh: '嵌套超过 {max} 层', en: 'Nested deeper than {max} levels' },
  RULES_FAILED: { zh: '规则无法运行：{detail}', en: 'The rules cannot run: {detail}' },
  NO_MANIFEST: { zh: '方案目录缺少清单文件（kind 为 "scheme" 的 scheme.json）', en: 'The scheme folder has no manifest (a file with kind "scheme")' },
  DUPLICATE_MANIFEST: { zh: '方案清单只能有一个，另一个在 {other}', en: 'Only one manifest is allowed; another is in {other}' },
  BAD_FILE_NAME: {
    zh: '文件名 "{file}" 无效：{detail}。方案目录只加载这样命名的定义文件',
    en: 'Invalid file name "{file}": {detailEn}. A scheme folder loads only definition files named so',
  },
  UNKNOWN_KIND: { zh: '未知的定义种类 "{kind}"，可用：{known}', en: 'Unknown definition kind "{kind}"; known kinds: {known}' },
  MISSING_KIND: { zh: '方案缺少 "{kind}" 定义', en: 'The scheme has no "{kind}" definition' },
  SCHEMA: { zh: '{detail}', en: '{detailEn}' },
  DUPLICATE_ID: { zh: '标识 "{id}" 重复，已在 {other} 定义', en: 'Id "{id}" is defined twice; first in {other}' },
  UNKNOWN_UNIT: { zh: '未知的单位 "{id}"', en: 'Unknown unit "{id}"' },
  UNKNOWN_GROUP: { zh: '未知的代办专班组 "{id}"', en: 'Unknown task group "{id}"' },
  UNKNOWN_FORM: { zh: '未知的表单 "{id}"', en: 'Unknown form "{id}"' },
  UNKNOWN_FORM_FIELD: { zh: '表单 "{form}" 中没有字段 "{field}"', en: 'Form "{form}" has no field "{field}"' },
  UNKNOWN_OPTIONS_SOURCE: { zh: '未知的选项来源 "{source}"，可用：{known}', en: 'Unknown option source "{source}"; known: {known}' },
  INVALID_FORM_SCHEMA: { zh: '表单 JSON Schema 无效：{detail}', en: 'Invalid form JSON Schema: {detail}' },
  UNSAFE_PATTERN: {
    zh: '正则表达式 "{pattern}" 可能发生灾难性回溯（{detail}）',
    en: 'Regular expression "{pattern}" may backtrack catastrophically ({detailEn})',
  },
  UNSUPPORTED_PATTERN: {
    zh: '正则表达式 "{pattern}" 不能使用：{detail}。表单的正则在线性时间引擎（RE2）上运行，不支持反向引用和前瞻、后顾断言',
    en: 'Regular expression "{pattern}" cannot be used: {detailEn}. Form patterns run on a linear-time engine (RE2), which has no backreferences, lookahead or lookbehind',
  },
  UNKNOWN_RULESET: { zh: '未知的规则集 "{id}"', en: 'Unknown rule set "{id}"' },
  MISSING_RULESET: { zh: '缺少规则集 "{id}"', en: 'Rule set "{id}" is missing' },
  UNKNOWN_OPERATOR: {
    zh: '未知的运算符 "{operator}"，可用：{known}（可加修饰前缀 {decorators}，如 not:equal）',
    en: 'Unknown operator "{operator}"; valid operators: {known} (with an optional decorator prefix: {decorators}, e.g. not:equal)',
  },
  PATH_ON_SCALAR: { zh: '字段 "{field}" 不是对象，不能使用 path', en: 'Field "{field}" is not an object; a path cannot be used on it' },
  UNKNOWN_OUTCOME: { zh: '未声明的甄别结果 "{outcome}"', en: 'Undeclared triage outcome "{outcome}"' },
  UNREACHABLE_OUTCOME: { zh: '甄别结果 "{outcome}" 不可达：{detail}', en: 'Triage outcome "{outcome}" is unreachable: {detailEn}' },
  UNREACHABLE_RULE: {
    zh: '规则 "{rule}" 永远不会生效：优先级更高的规则总是先命中',
    en: 'Rule "{rule}" can never win: a higher-priority rule always matches first',
  },
  UNHANDLED_OUTCOME: { zh: '流程中没有处理甄别结果 "{outcome}" 的分支', en: 'The workflow has no branch for triage outcome "{outcome}"' },
  CATEGORY_UNROUTED: { zh: '类别 "{category}" 没有分流到任何专班组', en: 'Category "{category}" is routed to no task group' },
  CATEGORY_OVERLAP: { zh: '类别 "{category}" 同时分流到多个专班组：{groups}', en: 'Category "{category}" is routed to several task groups: {groups}' },
  CATEGORY_MISROUTED: {
    zh: '类别 "{category}" 列在 {group} 的代办范围中，但分流规则把它分到了 {routed}',
    en: 'Category "{category}" is in the scope of {group} but the routing rules send it to {routed}',
  },
  CATEGORY_UNROUTED_WHEN: { zh: '类别 "{category}" 在{when}时没有分流到任何专班组', en: 'Category "{category}" is routed to no task group when {whenEn}' },
  CATEGORY_OVERLAP_WHEN: {
    zh: '类别 "{category}" 在{when}时同时分流到多个专班组：{groups}。分流规则集为 first 时给例外规则更高的优先级即可',
    en: 'Category "{category}" is routed to several task groups when {whenEn}: {groups}. In a first routing rule set, give the override a higher priority',
  },
  ROUTING_TIE: {
    zh: '类别 "{category}"（{when}）同时命中优先级同为 {priority} 的规则 {rules}，分到不同专班组（{groups}）：只按书写顺序取第一条。请给应优先的规则更高的优先级',
    en: 'Category "{category}" ({whenEn}) matches rules {rules} of the same priority {priority}, which route to different groups ({groups}): only their order in the file decides. Give the rule that should win a higher priority',
  },
  ROUTING_UNCHECKED: {
    zh: '无法判断规则集 "{ruleSet}" 是否把每个类别恰好分流到一个专班组：{detail}。请改用可枚举的字段（是/否、选项、数值），或拆分规则',
    en: 'Cannot tell whether rule set "{ruleSet}" routes every category to exactly one task group: {detailEn}. Use fields whose values can be enumerated (yes/no, options, numbers) or split the rules',
  },
  DERIVED_FACT_MODE: {
    zh: '规则 "{rule}" 设定派生事实，但规则集 "{ruleSet}" 的判定方式不是 first：只有一条规则决定时，派生的取值才唯一',
    en: 'Rule "{rule}" sets derived facts but rule set "{ruleSet}" is not mode first: only when one rule decides is the derived value unique',
  },
  DERIVED_FACT_TOO_LATE: {
    zh: '规则集 "{ruleSet}" 设定字段 "{field}"，但规则集 {readers} 在此之前（或同时）已读取该字段：派生的取值只对之后的规则集有效（判定顺序：甄别 → 分流 → 层级时限 → 上报）',
    en: 'Rule set "{ruleSet}" sets field "{field}", which rule set(s) {readers} read before it or at the same time: a derived value only reaches the rule sets after it (order: triage, routing, level time limit, escalation)',
  },
  CATEGORY_DUPLICATE: { zh: '类别 "{category}" 同时列在专班组 {groups} 的代办范围中', en: 'Category "{category}" is in the scope of several groups: {groups}' },
  UNKNOWN_LEVEL: { zh: '未知的事项层级 "{id}"', en: 'Unknown matter level "{id}"' },
  LEVEL_WITHOUT_CLOCK: { zh: '层级 "{level}" 没有选定任何时限', en: 'Level "{level}" selects no time limit' },
  UNKNOWN_CLOCK: { zh: '未知的时限 "{id}"', en: 'Unknown time limit (clock) "{id}"' },
  UNKNOWN_STATE: { zh: '流程 "{machine}" 中没有状态 "{state}"', en: 'Workflow "{machine}" has no state "{state}"' },
  UNKNOWN_EVENT: { zh: '流程 "{machine}" 中没有事件 "{event}"', en: 'Workflow "{machine}" has no event "{event}"' },
  UNKNOWN_MACHINE: { zh: '未知的流程 "{id}"', en: 'Unknown workflow "{id}"' },
  UNKNOWN_GUARD: { zh: '未知的条件（guard）"{name}"，可用：{known}', en: 'Unknown guard "{name}"; known: {known}' },
  UNKNOWN_ACTION: { zh: '未知的动作（action）"{name}"，可用：{known}', en: 'Unknown action "{name}"; known: {known}' },
  UNKNOWN_DELAY: {
    zh: '未知的延时 "{name}"：跨日期的时限须写在 deadlines 定义中，以便重启后不丢失',
    en: 'Unknown delay "{name}": time limits spanning days belong in the deadlines definition, so that they survive restarts',
  },
  BAD_PARAMS: { zh: '"{name}" 的参数无效：{detail}', en: 'Invalid params for "{name}": {detailEn}' },
  CALENDAR_NOT_COVERED: {
    zh: '工作日历未覆盖 {date}（覆盖 {from} 至 {to}），请先在 calendar 定义中补充该年度',
    en: 'The working-day calendar does not cover {date} (it covers {from} to {to}); add that year to the calendar definition first',
  },
  CALENDAR_CONFLICT: { zh: '日期 {date} 同时被列为节假日和调休工作日', en: 'Date {date} is listed both as a holiday and as a make-up workday' },
  CALENDAR_WRONG_YEAR: { zh: '日期 {date} 不属于 {year} 年', en: 'Date {date} does not belong to year {year}' },
  CALENDAR_GAP: { zh: '工作日历缺少 {year} 年（年度须连续）', en: 'The working-day calendar lacks year {year} (years must be contiguous)' },
  BAD_DATE: { zh: '"{value}" 不是有效日期（YYYY-MM-DD）', en: '"{value}" is not a valid date (YYYY-MM-DD)' },
  UNKNOWN_VARIABLE: { zh: '公式引用了未知变量 "{name}"', en: 'The formula uses an unknown variable "{name}"' },
  UNKNOWN_FUNCTION: { zh: '公式使用了不允许的函数 "{name}"，可用：{known}', en: 'The formula uses a function that is not allowed, "{name}"; allowed: {known}' },
  FORMULA_TOO_DEEP: { zh: '公式嵌套超过 {max} 层', en: 'The formula is nested deeper than {max} levels' },
  FORMULA_TOO_LARGE: { zh: '公式超过 {max} 个节点', en: 'The formula has more than {max} nodes' },
  FORMULA_ARITY: { zh: '函数 "{name}" 的参数个数应为 {expected}，实际 {actual}', en: 'Function "{name}" takes {expected} arguments, got {actual}' },
  FORMULA_BAD_NODE: { zh: '公式节点无效：{detail}', en: 'Invalid formula node: {detailEn}' },
  FORMULA_ERROR: { zh: '公式计算出错：{detail}', en: 'Formula evaluation failed: {detail}' },
  UNKNOWN_SCORING: { zh: '未知的考核定义 "{id}"', en: 'Unknown scoring definition "{id}"' },
  GRADE_BANDS: { zh: '等次区间无效：{detail}', en: 'Invalid grade bands: {detailEn}' },
  MAX_MISMATCH: { zh: '各部分满分之和为 {sum}，与声明的总分 {max} 不符', en: 'Sections add up to {sum}, not the declared maximum {max}' },
  INPUT_INVALID: { zh: '{detail}', en: '{detailEn}' },
  MISSING_FACT: { zh: '{title}：未填写，{why}', en: '{titleEn}: not filled in; {whyEn}' },
  UNKNOWN_FIELD: { zh: '未知字段 "{field}"', en: 'Unknown field "{field}"' },
  STATE_MISSING: {
    zh: '案件所处的状态在流程定义中已不存在（{detail}），该案件需迁移到新版本',
    en: 'The case is in a state its workflow no longer has ({detail}); migrate the case',
  },
  EVENT_NOT_ALLOWED: {
    zh: '当前环节（{stateName}）不能进行“{eventName}”，可进行：{allowedNames}',
    en: '"{eventNameEn}" is not possible at the step "{stateNameEn}"; possible: {allowedNamesEn}',
  },
  GUARD_REFUSED: {
    zh: '当前条件下不能进行“{eventName}”（例如处置单尚未全部答复）',
    en: '"{eventNameEn}" is refused by its condition at the step "{stateNameEn}"',
  },
  TRANSITION_FAILED: { zh: '流转失败：{detail}', en: 'Transition failed: {detail}' },
  UNKNOWN_ROLE: { zh: '未知的角色 "{id}"', en: 'Unknown role "{id}"' },
  UNKNOWN_SCORING_INPUT: { zh: '考核定义 "{scoring}" 中没有{type}输入 "{input}"', en: 'Scoring definition "{scoring}" has no {typeEn} input "{input}"' },
  UNKNOWN_OBLIGATION: { zh: '未知的定期工作 "{id}"', en: 'Unknown obligation "{id}"' },
  FIELD_TYPE: { zh: '表单 "{form}" 的字段 "{field}" 应为{type}', en: 'Field "{field}" of form "{form}" must be {typeEn}' },
  WEAK_PASSWORD: { zh: '{detail}', en: '{detailEn}' },
  UNKNOWN_CATEGORY: { zh: '类别 "{category}" 不在任何专班组的代办范围内', en: 'Category "{category}" is in no task group\'s scope' },
  // field roles (engine/scheme/field-roles.ts)
  UNKNOWN_FIELD_ROLE: { zh: '未知的字段角色 "{role}"，可用：{known}', en: 'Unknown field role "{role}"; known: {known}' },
  FIELD_ROLE_NOT_TOP_LEVEL: {
    zh: '字段角色“{roleName}”（{role}）只能声明在表单 "{form}" 的顶层字段上',
    en: 'The field role "{role}" ({roleNameEn}) can only be declared on a top-level field of form "{form}"',
  },
  FIELD_ROLE_DUPLICATE: {
    zh: '表单 "{form}" 的字段 "{field}" 和 "{other}" 都声明为“{roleName}”（{role}），一个角色只能由一个字段担任',
    en: 'Fields "{field}" and "{other}" of form "{form}" both declare the role "{role}" ({roleNameEn}); a role is played by one field',
  },
  FIELD_ROLE_TYPE: {
    zh: '表单 "{form}" 的字段 "{field}" 担任“{roleName}”（{role}），应为{type}',
    en: 'Field "{field}" of form "{form}" plays the role "{role}" ({roleNameEn}) and must be {typeEn}',
  },
  MISSING_FIELD_ROLE: {
    zh: '表单 "{form}" 中没有字段担任“{roleName}”（{role}）：{why}{hint}。请在担任它的字段上声明 "x-daiban-role": "{role}"',
    en: 'Form "{form}" has no field playing the role "{role}" ({roleNameEn}): {whyEn}{hintEn}. Declare "x-daiban-role": "{role}" on the field that plays it',
  },
  FIELD_ROLE_CONFLICT: {
    zh: '流程 "{machine}" 的案件事实由多张表单合成，“{roleName}”（{role}）在表单 "{otherForm}" 中是字段 "{other}"，在表单 "{form}" 中却是 "{field}"：同一角色须为同一字段',
    en: 'The case facts of workflow "{machine}" merge several forms: the role "{role}" ({roleNameEn}) is field "{other}" in form "{otherForm}" but "{field}" in form "{form}"; it must be the same field',
  },
  ACTION_WITHOUT_FORM: {
    zh: '流程 "{machine}" 的事件 "{event}" 没有表单，动作 "{action}" 读取的“{roleName}”（{role}）无从取值',
    en: 'Event "{event}" of workflow "{machine}" carries no form, so action "{action}" has nowhere to read the {roleNameEn} ({role}) from',
  },
  UI_ORDER_MISSING: {
    zh: '表单 "{form}" 的 ui:order 没有列出字段 "{field}"（也没有 "*"）：表单将无法显示',
    en: 'The ui:order of form "{form}" leaves out field "{field}" and has no "*": the form cannot be shown',
  },
  UI_ORDER_WILDCARDS: { zh: '表单 "{form}" 的 ui:order 只能有一个 "*"', en: 'The ui:order of form "{form}" may hold only one "*"' },
  REQUIRED_WITHOUT_PROPERTY: {
    zh: '"{field}" 列为必填（或条件依赖），但 "{form}" 没有这个字段',
    en: '"{field}" is listed as required (or as a dependency) but "{form}" has no such field',
  },
  SCORE_ABOVE_MAX: {
    zh: '评分项 "{item}" 的公式可超过满分 {max}（{upper}），请用 min 封顶',
    en: 'Scoring item "{item}" can exceed its max {max} ({upperEn}); cap it with min',
  },
  STALE_VALUE: {
    zh: '"{value}" 不是表单 "{form}" 字段 "{field}" 的可选值（可选：{known}）',
    en: '"{value}" is not a value field "{field}" of form "{form}" allows (allowed: {known})',
  },
  REACHABILITY_UNCHECKED: {
    zh: '无法判断规则集 "{ruleSet}" 的每条规则和每个结果是否可达：{detail}。请改用可枚举的字段（是/否、选项、数值），或拆分规则',
    en: 'Cannot tell whether every rule and outcome of rule set "{ruleSet}" is reachable: {detailEn}. Use fields whose values can be enumerated (yes/no, options, numbers) or split the rules',
  },
  UNKNOWN_PLACEHOLDER: {
    zh: '占位符 {placeholder} 不指向任何定义（可用：{known}）',
    en: 'Placeholder {placeholder} names nothing in the definitions (known: {known})',
  },
  LITERAL_LIMIT: {
    zh: '文字中直接写了“{text}”，与时限 "{clock}" 相同：请写成 {placeholder}，改时限时文字随之改变',
    en: 'The text spells out "{text}", the limit of clock "{clock}": write {placeholder} instead, so the text follows the limit',
  },
}

/** Render a problem in the given locale from its code and params. */
export function formatProblem(problem: Problem, locale: Locale = 'zh-CN'): string {
  const entry = MESSAGES[problem.code]
  if (!entry) return problem.message
  const template = locale === 'en' ? entry.en : entry.zh
  return fill(template, problem.params ?? {}, problem.message, locale)
}

/** A template with its `{name}` placeholders filled; lists joined as the locale writes them. */
export function fill(template: string, params: Record<string, unknown>, fallback = '', locale: Locale = 'zh-CN'): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = params[key]
    if (v === undefined) {
      // an English parameter not given reads its Chinese one (the scheme's own name)
      if (key === 'detailEn' || key === 'whyEn') return String(params[key.slice(0, -2)] ?? fallback)
      if (key.endsWith('En') && params[key.slice(0, -2)] !== undefined) return fill(`{${key.slice(0, -2)}}`, params, fallback, locale)
      return `{${key}}`
    }
    return Array.isArray(v) ? v.join(locale === 'en' ? ', ' : '、') : String(v)
  })
}

/** Make a problem whose Chinese message comes from the table. */
export function problem(code: string, pointer: string, params: Record<string, unknown> = {}, file?: string): Problem {
  const entry = MESSAGES[code]
  const message = entry ? fill(entry.zh, params) : code
  const p: Problem = { code, pointer, message, params }
  if (file !== undefined) p.file = file
  return p
}
