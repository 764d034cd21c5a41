import { d, DATE, KIND } from './common'

const day = {
  type: 'object',
  additionalProperties: false,
  required: ['date', 'name'],
  properties: { date: DATE, name: { type: 'string', description: d('节日名称', 'Holiday name') } },
}

export const calendarSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/calendar.json',
  title: 'calendar',
  description: d(
    '工作日历：周末、每年的法定节假日和调休上班日（国务院办公厅通知）',
    'Working-day calendar: weekend days and, per year, the holidays and make-up workdays (State Council notices)',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'timezone', 'weekend', 'years'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('calendar'),
    timezone: { const: 'Asia/Shanghai' },
    weekend: {
      type: 'array',
      items: { type: 'integer', minimum: 0, maximum: 6 },
      uniqueItems: true,
      description: d('休息日（0=周日…6=周六）', 'Rest days (0 = Sunday … 6 = Saturday)'),
    },
    source: { type: 'string', description: d('数据来源', 'Where the data came from') },
    years: {
      type: 'object',
      description: d(
        '按年度：节假日与调休上班日。未列出的年份不能计算时限',
        'Per year: holidays and make-up workdays. Years not listed cannot be used for deadlines',
      ),
      propertyNames: { pattern: '^\\d{4}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['holidays', 'workdays'],
        properties: {
          holidays: { type: 'array', items: day, description: d('放假日期', 'Days off') },
          workdays: { type: 'array', items: day, description: d('调休上班的周末', 'Weekend days made workdays (调休)') },
          provisional: {
            type: 'boolean',
            description: d(
              '暂定：国务院尚未公布该年安排，仅列法定节日、不含调休；落在该年的时限标为暂定，公布后请替换',
              "Provisional: the State Council has not yet published this year's schedule; statutory days only, no 调休; deadlines in this year are marked provisional. Replace when published",
            ),
          },
          source: { type: 'string', description: d('该年数据来源', "Where this year's data came from") },
        },
      },
    },
  },
} as const
