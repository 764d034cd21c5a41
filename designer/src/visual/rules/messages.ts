/** The decision tables' words (zh-CN, en). */
import type { Messages } from '../kit'

type K =
  | 'order'
  | 'rule'
  | 'result'
  | 'derived'
  | 'priority'
  | 'moveUp'
  | 'moveDown'
  | 'conditions'
  | 'any'
  | 'opEq'
  | 'opNe'
  | 'opIn'
  | 'opNotIn'
  | 'opGte'
  | 'opGt'
  | 'opLt'
  | 'opLte'
  | 'opRange'
  | 'opSet'
  | 'opUnset'
  | 'cellNe'
  | 'cellIn'
  | 'cellNotIn'
  | 'cellSet'
  | 'cellUnset'
  | 'and'
  | 'pickValues'
  | 'pickValue'
  | 'cellTitle'
  | 'done'
  | 'complex'
  | 'openJson'
  | 'complexNote'
  | 'modeFirst'
  | 'modeAll'
  | 'factsForm'
  | 'addRule'
  | 'addColumn'
  | 'newRule'
  | 'deleteRule'
  | 'deleteConfirm'
  | 'default'
  | 'defaultHint'
  | 'noDefault'
  | 'name'
  | 'nameEn'
  | 'reason'
  | 'reasonEn'
  | 'reasonHint'
  | 'id'
  | 'idHint'
  | 'setFacts'
  | 'setHint'
  | 'addSet'
  | 'setOnlyFirst'
  | 'hEditCell'
  | 'hOutcome'
  | 'hMove'
  | 'hAddRule'
  | 'hDeleteRule'
  | 'hRename'
  | 'hReason'
  | 'hPriority'
  | 'hId'
  | 'hSet'
  | 'hDefault'
  | 'hMoveCategory'
  | 'routingTitle'
  | 'routingHint'
  | 'category'
  | 'inGroup'
  | 'filter'
  | 'unrouted'
  | 'twice'
  | 'noRuleForGroup'
  | 'otherRoutingRules'
  | 'otherRoutingHint'
  | 'gridPriority'
  | 'noOrgWriter'
  | 'unknownFact'
  | 'outcomes'
  | 'escalateTo'

export const MESSAGES: Messages<K> = {
  'zh-CN': {
    order: '顺序',
    rule: '规则',
    result: '结果',
    derived: '设定',
    priority: '优先级',
    moveUp: '上移（先判定）',
    moveDown: '下移（后判定）',
    conditions: '条件',
    any: '任意',
    opEq: '等于',
    opNe: '不等于',
    opIn: '属于其中之一',
    opNotIn: '不属于其中任何一个',
    opGte: '≥ 大于等于',
    opGt: '> 大于',
    opLt: '< 小于',
    opLte: '≤ 小于等于',
    opRange: '介于',
    opSet: '已填写',
    opUnset: '未填写',
    cellNe: '不是 {v}',
    cellIn: '{v} 之一',
    cellNotIn: '不是 {v}',
    cellSet: '已填写',
    cellUnset: '未填写',
    and: '且',
    pickValues: '请至少选择一个值',
    pickValue: '请选择或填写值',
    cellTitle: '「{fact}」的条件',
    done: '完成',
    complex: '复杂规则',
    openJson: '在 JSON 中查看',
    complexNote: '规则“{rule}”：{reason}。请在 JSON 中编辑这条规则。',
    modeFirst: '优先级最高的命中规则决定结果（表格从上到下判定）',
    modeAll: '所有命中的规则都计入（顺序无关）',
    factsForm: '事实来自表单：{form}',
    addRule: '添加规则',
    addColumn: '添加条件列…',
    newRule: '新规则',
    deleteRule: '删除规则',
    deleteConfirm: '删除规则“{rule}”？',
    default: '其他情况',
    defaultHint: '没有规则命中时',
    noDefault: '没有规则命中时：无结果',
    name: '名称',
    nameEn: '英文名称',
    reason: '理由',
    reasonEn: '英文理由',
    reasonHint: '可用 {字段} 插入所填的值，如 {category}',
    id: '编号',
    idHint: '规则的编号，记录在每个案件的判定里；一般不必修改',
    setFacts: '设定派生事实',
    setHint: '这条规则胜出时，改定事实的值（后面的规则集读取改定的值）',
    addSet: '添加',
    setOnlyFirst: '只有“优先级最高者决定”的规则集可以设定派生事实',
    hEditCell: '修改规则“{rule}”的条件「{fact}」',
    hOutcome: '修改规则“{rule}”的结果',
    hMove: '调整规则“{rule}”的顺序',
    hAddRule: '在“{ruleSet}”中添加规则',
    hDeleteRule: '删除规则“{rule}”',
    hRename: '修改规则“{rule}”的名称',
    hReason: '修改规则“{rule}”的理由',
    hPriority: '修改规则“{rule}”的优先级',
    hId: '修改规则“{rule}”的编号',
    hSet: '修改规则“{rule}”设定的派生事实',
    hDefault: '修改“{ruleSet}”的默认结果',
    hMoveCategory: '把“{category}”分到{group}',
    routingTitle: '类别 × 代办专班组',
    routingHint: '每个事项类别恰好属于一个专班组：在行里选择新的专班组，或点击对应的格子。',
    category: '事项类别',
    inGroup: '所属专班组',
    filter: '查找类别',
    unrouted: '未分流',
    twice: '属于多个组',
    noRuleForGroup: '没有按类别分流到该组的规则',
    otherRoutingRules: '其他分流规则',
    otherRoutingHint: '这些规则不按类别分流（如集体访），优先级高于类别规则时先判定',
    gridPriority: '按类别分流的规则优先级：{p}',
    noOrgWriter: '此处无法修改组织机构文件，请在“组织机构”中修改专班组的类别',
    unknownFact: '表单“{form}”没有字段“{fact}”',
    outcomes: '结果',
    escalateTo: '上报对象',
  },
  en: {
    order: 'Order',
    rule: 'Rule',
    result: 'Result',
    derived: 'Sets',
    priority: 'Priority',
    moveUp: 'Move up (decided earlier)',
    moveDown: 'Move down (decided later)',
    conditions: 'Conditions',
    any: 'any',
    opEq: 'equals',
    opNe: 'does not equal',
    opIn: 'is one of',
    opNotIn: 'is none of',
    opGte: '≥ at least',
    opGt: '> more than',
    opLt: '< less than',
    opLte: '≤ at most',
    opRange: 'between',
    opSet: 'is given',
    opUnset: 'is not given',
    cellNe: 'not {v}',
    cellIn: 'one of {v}',
    cellNotIn: 'none of {v}',
    cellSet: 'given',
    cellUnset: 'not given',
    and: 'and',
    pickValues: 'Pick at least one value',
    pickValue: 'Pick or type a value',
    cellTitle: 'Condition on 「{fact}」',
    done: 'Done',
    complex: 'Complex rule',
    openJson: 'View in JSON',
    complexNote: 'Rule "{rule}": {reason}. Edit this rule in the JSON view.',
    modeFirst: 'The matching rule of the highest priority decides (the table is read top to bottom)',
    modeAll: 'Every matching rule counts (order does not matter)',
    factsForm: 'Facts from the form: {form}',
    addRule: 'Add rule',
    addColumn: 'Add a condition column…',
    newRule: 'New rule',
    deleteRule: 'Delete rule',
    deleteConfirm: 'Delete the rule "{rule}"?',
    default: 'Otherwise',
    defaultHint: 'when no rule matches',
    noDefault: 'When no rule matches: no result',
    name: 'Name',
    nameEn: 'English name',
    reason: 'Reason',
    reasonEn: 'English reason',
    reasonHint: '{field} inserts the value typed, e.g. {category}',
    id: 'Id',
    idHint: "The rule's id, kept in every case's decision; rarely changed",
    setFacts: 'Derived facts',
    setHint: 'When this rule wins, the facts it decides (later rule sets read the decided value)',
    addSet: 'Add',
    setOnlyFirst: 'Only a rule set where the highest priority decides may set derived facts',
    hEditCell: 'Change the condition 「{fact}」 of rule "{rule}"',
    hOutcome: 'Change the result of rule "{rule}"',
    hMove: 'Reorder rule "{rule}"',
    hAddRule: 'Add a rule to "{ruleSet}"',
    hDeleteRule: 'Delete rule "{rule}"',
    hRename: 'Rename rule "{rule}"',
    hReason: 'Change the reason of rule "{rule}"',
    hPriority: 'Change the priority of rule "{rule}"',
    hId: 'Change the id of rule "{rule}"',
    hSet: 'Change the derived facts of rule "{rule}"',
    hDefault: 'Change the default result of "{ruleSet}"',
    hMoveCategory: 'Put "{category}" in {group}',
    routingTitle: 'Categories × task groups',
    routingHint: 'Each matter category belongs to exactly one task group: pick its new group in its row, or click the cell.',
    category: 'Category',
    inGroup: 'Task group',
    filter: 'Find a category',
    unrouted: 'not routed',
    twice: 'in several groups',
    noRuleForGroup: 'No rule routes to this group by category',
    otherRoutingRules: 'Other routing rules',
    otherRoutingHint: 'Rules that do not route by category (e.g. collective petitions); decided first when their priority is higher',
    gridPriority: 'Priority of the category rules: {p}',
    noOrgWriter: "The organisation file cannot be changed from here: change the group's categories under Organisation",
    unknownFact: 'The form "{form}" has no field "{fact}"',
    outcomes: 'Results',
    escalateTo: 'Report to',
  },
}

export type MsgKey = K
export type T = (k: K, p?: Record<string, string | number>) => string
