import { d, KIND, named, ID, SOURCE } from './common'

const condition: Record<string, unknown> = {
  type: 'object',
  description: d(
    'json-rules-engine 条件：all/any/not 组合，或 fact + operator + value',
    'json-rules-engine condition: all/any/not, or fact + operator + value',
  ),
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['all'],
      properties: { all: { type: 'array', items: { $ref: '#/$defs/condition' } }, name: { type: 'string' }, priority: { type: 'integer' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['any'],
      properties: { any: { type: 'array', items: { $ref: '#/$defs/condition' } }, name: { type: 'string' }, priority: { type: 'integer' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['not'],
      properties: { not: { $ref: '#/$defs/condition' }, name: { type: 'string' }, priority: { type: 'integer' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['fact', 'operator', 'value'],
      properties: {
        fact: { type: 'string', description: d('事实：表单字段名', 'Fact: a form field name') },
        operator: {
          type: 'string',
          description: d(
            '运算符：equal、notEqual、in、notIn、contains、lessThan、greaterThan…，以及 inCategoriesOf（类别属于某专班组的代办范围）',
            "Operator: equal, notEqual, in, notIn, contains, lessThan, greaterThan…, and inCategoriesOf (category in a task group's scope)",
          ),
        },
        value: { description: d('比较值', 'Value compared with') },
        path: { type: 'string', description: d('对象字段内的 JSONPath', 'JSONPath inside an object field') },
        params: { type: 'object' },
        name: { type: 'string' },
        priority: { type: 'integer' },
      },
    },
  ],
}

const event = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'params'],
  properties: { type: { type: 'string' }, params: { type: 'object' } },
  description: d(
    '命中后产生的事件：type 为 outcome/group/clock/escalation，params 为其取值',
    'Event produced on a match: type outcome/group/clock/escalation with its params',
  ),
}

export const rulesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/rules.json',
  title: 'rules',
  description: d(
    '规则：甄别受理、分流（专班组）、层级时限、上报的规则集（json-rules-engine 格式）',
    'Rules: rule sets for triage, routing to task groups, level time limits and escalation (json-rules-engine format)',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'ruleSets'],
  $defs: { condition },
  properties: {
    $schema: { type: 'string' },
    kind: KIND('rules'),
    ruleSets: {
      type: 'array',
      description: d('规则集', 'Rule sets'),
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'factsForm', 'mode', 'produces', 'rules'],
        properties: {
          ...named,
          factsForm: { type: 'string', 'x-daiban-ref': 'form', description: d('规则读取哪张表单的字段作为事实', 'The form whose fields the rules read') },
          mode: {
            enum: ['first', 'all'],
            description: d(
              'first：优先级最高的命中规则决定（同一优先级按书写顺序），例外规则写成一条优先级更高的规则即可；all：所有命中规则都计入（分流时须恰好得到一个专班组）',
              'first: the matching rule of the highest priority decides (definition order within a priority), so an override is one rule with a higher priority; all: every match counts (routing then needs exactly one group)',
            ),
          },
          produces: {
            enum: ['outcome', 'group', 'clock', 'escalation'],
            description: d('产出：甄别结果、专班组、时限、上报', 'Produces: triage outcome, task group, clock, escalation'),
          },
          outcomes: {
            type: 'array',
            description: d('声明的甄别结果', 'Declared triage outcomes'),
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name'],
              properties: {
                ...named,
                routes: { type: 'boolean', description: d('该结果需分流到专班组', 'This outcome is routed to a task group') },
                timed: { type: 'boolean', description: d('该结果按层级计办理时限', 'This outcome runs the level time limit') },
                proxied: { type: 'boolean', description: d('计入代办率的“代办事项”', 'Counts as proxied for the proxy rate') },
                source: SOURCE,
              },
            },
          },
          default: {
            type: 'object',
            additionalProperties: false,
            required: ['event', 'reason'],
            properties: { event, reason: { type: 'string' }, reasonEn: { type: 'string' } },
            description: d('没有规则命中时的结果', 'Result when no rule matches'),
          },
          rules: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'conditions', 'event', 'reason'],
              properties: {
                id: ID,
                name: { type: 'string', description: d('规则名称', 'Rule name') },
                priority: { type: 'integer', minimum: 1, description: d('优先级：数值大的先判断', 'Priority: higher runs first') },
                conditions: { $ref: '#/$defs/condition' },
                event,
                reason: {
                  type: 'string',
                  description: d('理由（给人看）；{字段名} 会被事实值替换', 'Reason shown to people; {field} placeholders take fact values'),
                },
                reasonEn: { type: 'string' },
                source: { type: 'string' },
                set: {
                  type: 'object',
                  minProperties: 1,
                  description: d(
                    '派生事实：本规则决定时设定的事实表单字段取值，如集体访 {"level": "township"}；之后的规则集读取决定后的值，案件同时保留登记的值和决定它的规则。仅用于 first 规则集，且不得设定之前的规则集已读取的字段',
                    'Derived facts: fields of the facts form this rule decides when it wins, e.g. a collective petition\'s {"level": "township"}; later rule sets read the decided value, and the case keeps the typed value and the rule that decided. Only in a first rule set, and only fields no earlier rule set reads',
                  ),
                },
              },
            },
          },
        },
      },
    },
  },
} as const
