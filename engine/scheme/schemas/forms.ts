import { d, KIND, named } from './common'

export const formsSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/forms.json',
  title: 'forms',
  description: d(
    '表单：每张表单是一个 JSON Schema 2020-12 加 uiSchema；用 "x-daiban-options" 从组织定义取选项',
    'Forms: each a JSON Schema 2020-12 plus uiSchema; "x-daiban-options" fills choices from the org definition',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'forms'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('forms'),
    forms: {
      type: 'array',
      description: d('表单列表', 'The forms'),
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'schema'],
        properties: {
          ...named,
          printTitle: { type: 'string', description: d('打印标题', 'Printed title') },
          schema: {
            type: 'object',
            required: ['type', 'properties'],
            properties: { type: { const: 'object' }, properties: { type: 'object' } },
            description: d('表单数据的 JSON Schema（2020-12），顶层为 object', "JSON Schema (2020-12) of the form's data; an object at the top"),
          },
          uiSchema: { type: 'object', description: d('rjsf 的 uiSchema：控件、顺序、占位提示', 'rjsf uiSchema: widgets, order, placeholders') },
        },
      },
    },
  },
} as const
