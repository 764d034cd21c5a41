import { d, FORMULA, KIND, named, SOURCE } from './common'

const item = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'formula'],
  properties: {
    ...named,
    formula: FORMULA,
    max: {
      type: 'number',
      minimum: 0,
      description: d('本项满分（加分项为上限，减分项为最多扣分）', 'Full marks (for bonus items the cap; for deductions the most deducted)'),
    },
    explain: { type: 'string', description: d('计分说明', 'How it is scored') },
    source: SOURCE,
  },
}

export const scoringSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/scoring.json',
  title: 'scoring',
  description: d(
    '考核：输入、变量、分项公式、上限、扣分基础分、舍入、等次与一票否决',
    'Assessment: inputs, variables, item formulas, caps, deduction bases, rounding, grades and vetoes',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'scorings'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('scoring'),
    scorings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'subject', 'inputs', 'variables', 'sections', 'max', 'rounding', 'grades', 'vetoes'],
        properties: {
          ...named,
          subject: { type: 'string', description: d('考核对象，例如 village', 'Who is assessed, e.g. village') },
          source: SOURCE,
          inputs: { type: 'object', description: d('输入数据的 JSON Schema', 'JSON Schema of the input facts') },
          checks: {
            type: 'array',
            description: d(
              '输入一致性检查：公式为真才有效，否则拒绝并给出名称作为提示',
              'Input consistency checks: the formula must be true, else the input is refused with the name as message',
            ),
            items: { type: 'object', additionalProperties: false, required: ['id', 'name', 'when'], properties: { ...named, when: FORMULA } },
          },
          variables: {
            type: 'array',
            description: d('派生变量（例如四率），可在分项公式中引用', 'Derived variables (e.g. the four rates) usable in item formulas'),
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'formula'],
              properties: { ...named, formula: FORMULA, explain: { type: 'string' } },
            },
          },
          sections: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'max', 'items'],
              properties: {
                ...named,
                max: { type: 'number', minimum: 0, description: d('本部分满分或上限', 'Full marks or cap of the section') },
                base: { type: 'number', description: d('基础分：扣分项从此扣减', 'Base score that deductions subtract from') },
                floor: { type: 'number', description: d('扣减下限（扣完为止）', 'Lowest value after deductions') },
                source: SOURCE,
                items: { type: 'array', items: item },
              },
            },
          },
          max: { type: 'number', description: d('总分满分', 'Maximum total') },
          rounding: {
            type: 'object',
            additionalProperties: false,
            required: ['decimals', 'mode'],
            properties: {
              decimals: { type: 'integer', minimum: 0, maximum: 6 },
              mode: { enum: ['halfUp', 'halfEven', 'floor'], description: d('舍入方式', 'Rounding mode') },
            },
            description: d('总分舍入：等次按舍入后的总分判定', 'Rounding of the total; the grade is judged on the rounded total'),
          },
          grades: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'min'],
              properties: { name: { type: 'string' }, nameEn: { type: 'string' }, min: { type: ['number', 'null'] }, note: { type: 'string' } },
            },
            description: d(
              '等次：从高到低，取第一个达到下限的等次；最后一档 min 为 null',
              'Grade bands, highest first; the first band whose min is reached; the last has min null',
            ),
          },
          gradeNote: { type: 'string', description: d('等次边界说明（如 89.5 分如何定等）', 'How band edges are handled (e.g. a score of 89.5)') },
          vetoes: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'when', 'grade'],
              properties: { ...named, when: FORMULA, grade: { type: 'string' } },
            },
            description: d('一票否决：条件成立时等次直接定为指定等次', 'Vetoes: when true the grade is set regardless of points'),
          },
          letters: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'when', 'letter'],
              properties: { ...named, when: FORMULA, letter: { type: 'string' }, count: FORMULA },
            },
            description: d('按“三函一约谈”应发出的函件', 'Letters due under 三函一约谈'),
          },
        },
      },
    },
  },
} as const
