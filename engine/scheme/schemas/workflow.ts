import { d, KIND, named } from './common'

export const workflowSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/workflow.json',
  title: 'workflow',
  description: d(
    '流程：XState v5 状态机配置（JSON），条件、动作、延时按名称引用',
    'Workflows: XState v5 machine configs as JSON; guards, actions and delays referenced by name',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'machines'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('workflow'),
    machines: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'events', 'config'],
        properties: {
          ...named,
          events: {
            type: 'object',
            description: d('事件目录：事件携带的表单和名称', 'Event catalogue: the form each event carries and its label'),
            propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$' },
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { type: 'string' },
                nameEn: { type: 'string' },
                form: { type: 'string', 'x-daiban-ref': 'form', description: d('事件携带的表单标识', 'Form the event carries') },
                decide: {
                  type: 'boolean',
                  description: d(
                    '转移前按规则集对事实（案件事实合并本表单）进行甄别、分流和时限判定',
                    'Run the decision rule sets on the facts (case facts merged with this form) before the transition',
                  ),
                },
                facts: { type: 'boolean', description: d('本表单数据并入案件事实', "The form's data is merged into the case facts") },
                clockControl: {
                  enum: ['pause', 'resume', 'restart'],
                  description: d('计时控制：暂停、恢复或重新起算', 'Clock control: pause, resume or restart'),
                },
                roles: {
                  type: 'array',
                  items: { type: 'string', 'x-daiban-ref': 'role' },
                  description: d('可发起该事件的角色', 'Roles that may send the event'),
                },
                notify: {
                  type: 'array',
                  maxItems: 10,
                  description: d(
                    '事件发生后发出的站内通知（指派、临期、超期由系统发出，无须在此声明）',
                    'In-app notifications the event sends (assignment, due-soon and overdue are sent by the system and need no entry here)',
                  ),
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['kind', 'to', 'message'],
                    properties: {
                      kind: {
                        enum: ['reply', 'review', 'info'],
                        description: d('通知类别：收到答复、请求复查、一般', 'Kind: reply received, review requested, other'),
                      },
                      to: {
                        type: 'array',
                        minItems: 1,
                        maxItems: 3,
                        items: { enum: ['officer', 'nextActors', 'units'] },
                        description: d(
                          '通知谁：案件的代办员；下一步可办理的角色（事件后新出现的可办事件的角色）；案件刚派至的单位的人员（该单位的单位级授权）',
                          "Who: the case's officer; the roles of the events the case newly accepts after this one; the staff of the units the case was just sent to (unit-scoped grants of those units)",
                        ),
                      },
                      when: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['field', 'value'],
                        description: d('仅当事件表单的字段等于该值时通知', "Only when the event form's field has this value"),
                        properties: { field: { type: 'string' }, value: { type: ['string', 'number', 'boolean'] } },
                      },
                      message: {
                        type: 'string',
                        minLength: 1,
                        maxLength: 200,
                        description: d('通知文字，{number} 为案件编号', 'Text; {number} is the case number'),
                      },
                      messageEn: { type: 'string', maxLength: 200 },
                    },
                  },
                },
              },
            },
          },
          entry: {
            type: 'object',
            additionalProperties: false,
            description: d(
              '案件进入本流程的事件：工作人员登记、群众网上提交、批量导入',
              'The events that start a case: staff registration, an online submission, an import',
            ),
            properties: {
              register: { type: 'string', description: d('工作人员登记', 'Staff registration') },
              submit: { type: 'string', description: d('群众网上提交', 'Online submission by a citizen') },
              import: { type: 'string', description: d('批量导入（缺省同网上提交）', 'Import (default: as the online submission)') },
            },
          },
          stateInfo: {
            type: 'object',
            description: d('状态的显示名称与阶段', 'Display names and stages of states'),
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: { name: { type: 'string' }, nameEn: { type: 'string' }, stage: { type: 'string' } },
            },
          },
          config: {
            type: 'object',
            required: ['id', 'initial', 'states'],
            description: d('XState v5 机器配置', 'XState v5 machine config'),
            properties: { id: { type: 'string' }, initial: { type: 'string' }, states: { type: 'object' } },
          },
        },
      },
    },
  },
} as const
