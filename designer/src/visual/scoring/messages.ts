import type { Messages } from '../kit'

type K =
  | 'total'
  | 'sectionsSum'
  | 'rounding'
  | 'decimals'
  | 'halfUp'
  | 'halfEven'
  | 'floor'
  | 'editInputs'
  | 'inputsNote'
  | 'panelSections'
  | 'panelGrades'
  | 'panelVariables'
  | 'panelVetoes'
  | 'panelLetters'
  | 'panelChecks'
  | 'section'
  | 'sectionMax'
  | 'deductionMode'
  | 'base'
  | 'notBelow'
  | 'itemsSum'
  | 'itemsOver'
  | 'addSection'
  | 'removeSection'
  | 'newSection'
  | 'item'
  | 'rule'
  | 'points'
  | 'addItem'
  | 'removeItem'
  | 'newItem'
  | 'confirmRemove'
  | 'id'
  | 'k_bool'
  | 'k_rate'
  | 'k_count'
  | 'k_deduct'
  | 'k_below'
  | 'k_free'
  | 'yesGets'
  | 'pts'
  | 'atLeast'
  | 'fullMarks'
  | 'otherwise'
  | 'scaled'
  | 'zero'
  | 'per1'
  | 'per1minus'
  | 'capAt'
  | 'capDeduct'
  | 'noCap'
  | 'addTerm'
  | 'belowThreshold'
  | 'eachMinus'
  | 'pickOperand'
  | 'inputsGroup'
  | 'variablesGroup'
  | 'badJson'
  | 'formulaHint'
  | 'exceeds'
  | 'exceedsDeduct'
  | 'byPattern'
  | 'byGrid'
  | 'gridBig'
  | 'noMax'
  | 'grade'
  | 'gradeMin'
  | 'gradeRest'
  | 'addGrade'
  | 'newGrade'
  | 'gradeNote'
  | 'variable'
  | 'formula'
  | 'divide'
  | 'whenZero'
  | 'addVariable'
  | 'newVariable'
  | 'veto'
  | 'vetoWhen'
  | 'vetoGrade'
  | 'addVeto'
  | 'newVeto'
  | 'letter'
  | 'letterKind'
  | 'letterWhen'
  | 'letterCount'
  | 'addLetter'
  | 'newLetter'
  | 'countOptional'
  | 'u_name'
  | 'u_max'
  | 'u_rule'
  | 'u_pattern'
  | 'u_formula'
  | 'u_total'
  | 'u_rounding'
  | 'u_section'
  | 'u_base'
  | 'u_grade'
  | 'u_gradeMin'
  | 'u_addItem'
  | 'u_removeItem'
  | 'u_addSection'
  | 'u_removeSection'
  | 'u_addGrade'
  | 'u_removeGrade'
  | 'u_variable'
  | 'u_addVariable'
  | 'u_removeVariable'
  | 'u_veto'
  | 'u_addVeto'
  | 'u_removeVeto'
  | 'u_letter'
  | 'u_addLetter'
  | 'u_removeLetter'

export const MESSAGES: Messages<K> = {
  'zh-CN': {
    total: '总分',
    sectionsSum: '各部分满分合计 {n}',
    rounding: '总分保留',
    decimals: '位小数',
    halfUp: '四舍五入',
    halfEven: '四舍六入五成双',
    floor: '直接舍去',
    editInputs: '考核输入项（JSON）',
    inputsNote: '考核输入项是一份 JSON Schema（输入表单），在此处编辑；分项表格只读取其中的项目。',
    panelSections: '计分表',
    panelGrades: '等次',
    panelVariables: '比率（计算变量）',
    panelVetoes: '一票否决',
    panelLetters: '函件',
    panelChecks: '输入检查',
    section: '考核部分',
    sectionMax: '满分',
    deductionMode: '扣分制',
    base: '基础分',
    notBelow: '不低于',
    itemsSum: '分项满分合计 {sum} 分',
    itemsOver: '，超出部分按本部分满分 {max} 分封顶',
    addSection: '添加考核部分',
    removeSection: '删除此部分',
    newSection: '新考核部分',
    item: '分项',
    rule: '计分规则',
    points: '满分',
    addItem: '添加分项',
    removeItem: '删除分项',
    newItem: '新分项',
    confirmRemove: '确定删除“{name}”？',
    id: '标识',
    k_bool: '是/否得分',
    k_rate: '按比率得分',
    k_count: '按数量加分',
    k_deduct: '按数量扣分',
    k_below: '低于门槛扣分',
    k_free: '自定义公式',
    yesGets: '是得',
    pts: '分',
    atLeast: '≥',
    fullMarks: '得满分',
    otherwise: '否则',
    scaled: '按比例',
    zero: '0 分',
    per1: '每 1 计',
    per1minus: '每 1 减',
    capAt: '最高',
    capDeduct: '最多减',
    noCap: '不封顶',
    addTerm: '再加一项',
    belowThreshold: '低于',
    eachMinus: '每项减',
    pickOperand: '选择读取的数据',
    inputsGroup: '输入项',
    variablesGroup: '比率',
    badJson: '不是有效的 JSON，未写入：{detail}',
    formulaHint: 'json-logic 公式，例如 {"min": [{"var": "bonus.majorWarnings"}, 5]}',
    exceeds: '公式最高可得 {reach} 分，超过满分 {max} 分',
    exceedsDeduct: '公式最多可扣 {reach} 分，超过本项满分 {max} 分',
    byPattern: '（按计分规则直接算出）',
    byGrid: '（把公式读取的每项输入取极端值及各门槛两侧的值，共 {n} 种组合代入公式算出）',
    gridBig: '无上限的数按 {big} 计。',
    noMax: '超出满分',
    grade: '等次',
    gradeMin: '下限（分）',
    gradeRest: '其余分数',
    addGrade: '添加等次',
    newGrade: '新等次',
    gradeNote: '从高到低，取第一个达到下限的等次；最后一档是其余分数。',
    variable: '名称',
    formula: '计算方法',
    divide: '÷',
    whenZero: '除数为 0 时按',
    addVariable: '添加比率',
    newVariable: '新比率',
    veto: '名称',
    vetoWhen: '条件',
    vetoGrade: '等次定为',
    addVeto: '添加一票否决',
    newVeto: '一票否决',
    letter: '名称',
    letterKind: '函件',
    letterWhen: '何时发出',
    letterCount: '份数（可空）',
    addLetter: '添加函件',
    newLetter: '新函件',
    countOptional: '空白表示 1 份',
    u_name: '修改名称',
    u_max: '修改分项满分',
    u_rule: '修改计分规则',
    u_pattern: '更换计分方式',
    u_formula: '修改公式',
    u_total: '修改考核总分',
    u_rounding: '修改总分舍入',
    u_section: '修改考核部分',
    u_base: '修改扣分制',
    u_grade: '修改等次名称',
    u_gradeMin: '修改等次下限',
    u_addItem: '添加分项',
    u_removeItem: '删除分项',
    u_addSection: '添加考核部分',
    u_removeSection: '删除考核部分',
    u_addGrade: '添加等次',
    u_removeGrade: '删除等次',
    u_variable: '修改比率',
    u_addVariable: '添加比率',
    u_removeVariable: '删除比率',
    u_veto: '修改一票否决',
    u_addVeto: '添加一票否决',
    u_removeVeto: '删除一票否决',
    u_letter: '修改函件',
    u_addLetter: '添加函件',
    u_removeLetter: '删除函件',
  },
  en: {
    total: 'Total',
    sectionsSum: 'sections add up to {n}',
    rounding: 'Total rounded to',
    decimals: 'decimals',
    halfUp: 'half up',
    halfEven: 'half to even',
    floor: 'down',
    editInputs: 'Assessment inputs (JSON)',
    inputsNote: 'The assessment inputs are a JSON Schema (the input form); edit them here. The table only reads them.',
    panelSections: 'Score sheet',
    panelGrades: 'Grades',
    panelVariables: 'Rates (variables)',
    panelVetoes: 'Vetoes',
    panelLetters: 'Letters',
    panelChecks: 'Input checks',
    section: 'Section',
    sectionMax: 'Full marks',
    deductionMode: 'Deductions',
    base: 'base',
    notBelow: 'not below',
    itemsSum: 'items add up to {sum}',
    itemsOver: ", capped at the section's {max}",
    addSection: 'Add section',
    removeSection: 'Remove section',
    newSection: 'New section',
    item: 'Item',
    rule: 'Scoring rule',
    points: 'Points',
    addItem: 'Add item',
    removeItem: 'Remove item',
    newItem: 'New item',
    confirmRemove: 'Remove "{name}"?',
    id: 'id',
    k_bool: 'Yes/no',
    k_rate: 'By a rate',
    k_count: 'Per count, added',
    k_deduct: 'Per count, deducted',
    k_below: 'Rates below a threshold',
    k_free: 'Formula',
    yesGets: 'yes gets',
    pts: 'pts',
    atLeast: '≥',
    fullMarks: 'full marks',
    otherwise: 'else',
    scaled: 'pro rata',
    zero: '0',
    per1: 'each',
    per1minus: 'each −',
    capAt: 'at most',
    capDeduct: 'at most −',
    noCap: 'no cap',
    addTerm: 'Add a count',
    belowThreshold: 'below',
    eachMinus: 'each −',
    pickOperand: 'What it reads',
    inputsGroup: 'Inputs',
    variablesGroup: 'Rates',
    badJson: 'Not valid JSON, not written: {detail}',
    formulaHint: 'json-logic, e.g. {"min": [{"var": "bonus.majorWarnings"}, 5]}',
    exceeds: 'The formula can give {reach}, more than the {max} points',
    exceedsDeduct: "The formula can deduct {reach}, more than the item's {max}",
    byPattern: ' (worked out from the rule)',
    byGrid: " (the formula evaluated on {n} combinations of its inputs' extremes and both sides of each threshold)",
    gridBig: 'Open-ended counts taken as {big}.',
    noMax: 'exceeds points',
    grade: 'Grade',
    gradeMin: 'From (points)',
    gradeRest: 'any other score',
    addGrade: 'Add grade',
    newGrade: 'New grade',
    gradeNote: 'Highest first; a total gets the first grade whose minimum it reaches; the last is every other score.',
    variable: 'Name',
    formula: 'Worked out as',
    divide: '÷',
    whenZero: 'when the divisor is 0:',
    addVariable: 'Add rate',
    newVariable: 'New rate',
    veto: 'Name',
    vetoWhen: 'When',
    vetoGrade: 'Grade set to',
    addVeto: 'Add veto',
    newVeto: 'Veto',
    letter: 'Name',
    letterKind: 'Letter',
    letterWhen: 'Sent when',
    letterCount: 'How many (optional)',
    addLetter: 'Add letter',
    newLetter: 'New letter',
    countOptional: 'empty means one',
    u_name: 'Rename',
    u_max: 'Change item points',
    u_rule: 'Change scoring rule',
    u_pattern: 'Change scoring kind',
    u_formula: 'Edit formula',
    u_total: 'Change total',
    u_rounding: 'Change rounding',
    u_section: 'Change section',
    u_base: 'Change deductions',
    u_grade: 'Rename grade',
    u_gradeMin: 'Change grade minimum',
    u_addItem: 'Add item',
    u_removeItem: 'Remove item',
    u_addSection: 'Add section',
    u_removeSection: 'Remove section',
    u_addGrade: 'Add grade',
    u_removeGrade: 'Remove grade',
    u_variable: 'Change rate',
    u_addVariable: 'Add rate',
    u_removeVariable: 'Remove rate',
    u_veto: 'Change veto',
    u_addVeto: 'Add veto',
    u_removeVeto: 'Remove veto',
    u_letter: 'Change letter',
    u_addLetter: 'Add letter',
    u_removeLetter: 'Remove letter',
  },
}
