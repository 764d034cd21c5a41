import { d, KIND, named, ID, SOURCE } from './common'

const list = (item: object, description: string) => ({ type: 'array', description, items: item })

export const orgSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/org.json',
  title: 'org',
  description: d(
    '组织：事项层级、信访渠道、单位、代办专班组及其代办范围、角色、嘎查村（社区）',
    'Organisation: matter levels, channels, units, task groups with their scopes, roles, villages and communities',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('org'),
    levels: list(
      { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { ...named } },
      d('事项层级（决定办理时限）', 'Matter levels (they select the time limit)'),
    ),
    channels: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'online'],
        properties: {
          ...named,
          online: { type: 'boolean', description: d('是否计为网访（网访占比率）', 'Counts as online for the online-share rate') },
          public: {
            type: 'object',
            additionalProperties: false,
            required: ['form'],
            description: d('群众网上自助提交：使用的表单与提示', 'Citizens file online through this channel: the form and the notice'),
            properties: {
              form: { type: 'string', 'x-daiban-ref': 'form', description: d('公开提交表单的标识', 'Id of the public intake form') },
              notice: { type: 'string', description: d('提交前后的告知（可用 {town}）', 'Notice shown before and after submitting ({town} allowed)') },
            },
          },
          import: {
            type: 'object',
            additionalProperties: false,
            required: ['form', 'idColumn', 'columns'],
            description: d('从该渠道导入 CSV 或 Excel 文件：列与字段的对应关系', 'Import of CSV or Excel files from this channel: the column mapping'),
            properties: {
              form: { type: 'string', 'x-daiban-ref': 'form', description: d('每行校验所用的表单', 'Form each row is validated against') },
              idColumn: {
                type: 'string',
                description: d('来源系统自己的编号所在列（重复导入按它去重）', "Column holding the source's own id (re-imports are idempotent on it)"),
              },
              columns: { type: 'object', additionalProperties: { type: 'string' }, description: d('表单字段 → 列名', 'Form field → column name') },
              values: {
                type: 'object',
                additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
                description: d('字段取值映射：来源的写法 → 方案的取值', "Value mapping per field: the source's wording → the scheme's value"),
              },
            },
          },
        },
      },
      d('信访渠道：信、访、网、电等', 'Petition channels: letter, visit, online, phone…'),
    ),
    units: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type'],
        properties: {
          ...named,
          type: {
            enum: ['center', 'station', 'department', 'point', 'external'],
            description: d(
              '单位类型：旗中心、镇服务站、二级部门、村（社区）服务点、外部单位',
              'Unit type: banner centre, town station, department, village point, external body',
            ),
          },
          village: { type: 'string', 'x-daiban-ref': 'village', description: d('服务点所在嘎查村（社区）的标识', 'Village id a point serves') },
          parent: { type: 'string', 'x-daiban-ref': 'unit', description: d('上级单位标识', 'Parent unit id') },
        },
      },
      d('单位：服务站、二级部门、服务点', 'Units: station, departments, points'),
    ),
    groups: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'leader', 'units', 'categories'],
        properties: {
          ...named,
          leader: {
            type: 'object',
            additionalProperties: false,
            required: ['title'],
            properties: {
              title: { type: 'string', description: d('组长职务', "Leader's post") },
              role: { type: 'string', 'x-daiban-ref': 'role', description: d('组长对应角色标识', "Leader's role id") },
            },
            description: d('组长（按职务与角色，不写人名）', 'Leader (by post and role, never a personal name)'),
          },
          units: { type: 'array', items: { type: 'string', 'x-daiban-ref': 'unit' }, description: d('成员单位标识', 'Member unit ids') },
          categories: {
            type: 'array',
            minItems: 1,
            items: { type: 'string', minLength: 1 },
            description: d('代办范围：事项类别，按原文逐字填写', 'Scope: matter categories, worded exactly as the source'),
          },
          source: SOURCE,
        },
      },
      d('代办专班组', 'Task groups (代办专班组)'),
    ),
    roles: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'scope', 'permissions'],
        properties: {
          ...named,
          scope: { enum: ['all', 'village', 'unit'], description: d('可见范围：全部、本村（社区）、本单位', 'Jurisdiction: all, own village, own unit') },
          permissions: { type: 'array', items: { type: 'string' }, description: d('权限', 'Permissions') },
        },
      },
      d('角色', 'Roles'),
    ),
    villages: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type'],
        properties: { ...named, type: { enum: ['gacha', 'community', 'village'], description: d('嘎查、社区或村', 'Gacha, community or village') } },
      },
      d('嘎查村（社区）', 'Villages and communities'),
    ),
    staffing: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['unitType', 'role', 'min'],
        properties: {
          unitType: { enum: ['center', 'station', 'department', 'point', 'external'] },
          role: { type: 'string', pattern: ID.pattern, 'x-daiban-ref': 'role', description: d('人员配备要求的角色', 'Role the staffing minimum is for') },
          min: { type: 'integer', minimum: 0 },
          source: SOURCE,
        },
      },
      d('人员配备最低要求', 'Staffing minimums'),
    ),
  },
} as const
