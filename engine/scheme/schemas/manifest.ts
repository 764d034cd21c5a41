import { d, DESCRIPTION, KIND, NAME, NAME_EN, SOURCE } from './common'

export const manifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/scheme.json',
  title: 'scheme',
  description: d('方案清单：方案的标识、名称、版本和来源', 'Scheme manifest: id, name, version and provenance'),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id', 'name', 'town', 'version', 'caseNumberPrefix', 'timezone'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('scheme'),
    id: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,63}$',
      description: d('方案标识（小写字母、数字、连字符），也是目录名', 'Scheme id (lower-case letters, digits, hyphens); also the folder name'),
    },
    name: NAME,
    nameEn: NAME_EN,
    town: { type: 'string', minLength: 1, description: d('镇名，打印在表单上', 'Town name, printed on forms') },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$', description: d('版本号（语义化版本）', 'Version (semantic version)') },
    description: DESCRIPTION,
    source: SOURCE,
    caseNumberPrefix: {
      type: 'string',
      pattern: '^[A-Z]{2,8}$',
      description: d('案件编号前缀，例如 GLT → GLT-2026-000123', 'Case number prefix, e.g. GLT → GLT-2026-000123'),
    },
    timezone: { const: 'Asia/Shanghai', description: d('时区：日期均为北京时间本地日期', 'Time zone: all dates are local dates in Asia/Shanghai') },
    defaultLocale: { enum: ['zh-CN', 'en'], description: d('界面默认语言', 'Default interface language') },
    forkedFrom: {
      description: d('分支来源：上游方案的标识、版本和内容哈希', 'Fork origin: upstream scheme id, version and content hash'),
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'version', 'hash'],
          properties: { id: { type: 'string' }, version: { type: 'string' }, hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
      ],
    },
  },
} as const
