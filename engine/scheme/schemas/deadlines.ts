import { d, KIND, named, SOURCE } from './common'

export const deadlinesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/deadlines.json',
  title: 'deadlines',
  description: d(
    '时限（计时器）：何时开始、何时停止、多少个工作日或自然日、何时临期提醒和超期催办',
    'Clocks: which event starts and stops each, how many working or calendar days, when to warn and when to urge',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'clocks'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('deadlines'),
    dueSoonDays: {
      type: 'integer',
      minimum: 0,
      maximum: 60,
      default: 3,
      description: d(
        '临期天数：案件列表与待办中，到期日在今天起几个自然日内（含今天）的进行中案件显示为“临期”（缺省 3）',
        'Due-soon window: active cases due from today to this many calendar days ahead (today included) show as due soon in lists and queues (default 3)',
      ),
    },
    clocks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'machine', 'days', 'unit', 'start', 'stop', 'warnBefore', 'urge'],
        properties: {
          ...named,
          machine: { type: 'string', 'x-daiban-ref': 'machine', description: d('所属流程标识', 'Workflow the clock runs in') },
          days: { type: 'integer', minimum: 1, maximum: 3650, description: d('天数', 'Number of days') },
          unit: {
            enum: ['workday', 'calendar'],
            description: d(
              'workday：工作日（按工作日历，起始日不计）；calendar：自然日',
              'workday: working days per the calendar, start day not counted; calendar: calendar days',
            ),
          },
          start: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              events: {
                type: 'array',
                items: { type: 'string' },
                minItems: 1,
                description: d('开始计时的事件（任一）', 'Events that start the clock (any of them)'),
              },
              state: { type: 'string', description: d('进入该状态时开始计时', 'Entering this state starts the clock') },
              dateField: {
                type: 'string',
                description: d(
                  '起算日期取自表单的哪个字段（缺省为事件发生日）；该字段为空时不开始计时',
                  'Form field giving the start date (default: the day of the event); the clock does not start while it is empty',
                ),
              },
              dateFrom: {
                type: 'object',
                additionalProperties: false,
                required: ['event', 'field'],
                properties: {
                  event: { type: 'string', description: d('事件', 'Event') },
                  field: { type: 'string', description: d('该事件表单中的日期字段', "Date field of that event's form") },
                },
                description: d(
                  '起算日期取自另一事件表单的日期字段（该事件最近一次的记录，含本次），例如回访时限自办结日期起算；没有这样的记录时不开始计时。不能与 dateField 同用',
                  "The start date is a date field of another event's form (its latest record, this event included), e.g. the follow-up counted from the conclusion date; no such record, no clock. Not with dateField",
                ),
              },
              when: {
                type: 'object',
                additionalProperties: false,
                required: ['field', 'equals'],
                properties: { field: { type: 'string' }, equals: { type: ['string', 'number', 'boolean', 'null'] } },
                description: d('仅当事件表单的该字段等于给定值时开始计时', "Starts only when this field of the event's form equals the value"),
              },
            },
          },
          stop: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              events: { type: 'array', items: { type: 'string' }, description: d('停止计时的事件', 'Events that stop the clock') },
              states: { type: 'array', items: { type: 'string' }, description: d('进入即停止计时的状态', 'States whose entry stops the clock') },
            },
          },
          selectedBy: {
            type: 'string',
            description: d('仅当该规则集（produces: clock）选中本时限时才计时', 'Runs only when this rule set (produces: clock) selected it'),
          },
          warnBefore: {
            type: 'integer',
            minimum: 0,
            description: d('到期前几天发临期提醒（同单位）', 'Days before due to raise a due-soon reminder (same unit)'),
          },
          urge: {
            type: 'object',
            additionalProperties: false,
            required: ['after', 'every'],
            properties: {
              after: { type: 'integer', minimum: 0, description: d('超期几天后首次催办', 'Days past due before the first urging') },
              every: { type: 'integer', minimum: 1, description: d('此后每隔几天再催办', 'Urge again every this many days') },
            },
            description: d('超期催办', 'Urging when overdue'),
          },
          source: SOURCE,
        },
      },
    },
  },
} as const
