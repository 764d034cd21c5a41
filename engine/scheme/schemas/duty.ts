import { d, ID, KIND, named, SOURCE, DESCRIPTION } from './common'

const roleRef = (zh: string, en: string) => ({ type: 'string', minLength: 1, 'x-daiban-ref': 'role', description: d(zh, en) })
const roleList = (zh: string, en: string) => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, 'x-daiban-ref': 'role' },
  description: d(zh, en),
})
const EVERY = {
  enum: [1, 2, 3, 4, 6, 12],
  description: d(
    '周期（月），从每年1月1日起算：1 每月、2 每两个月、3 每季度、6 每半年、12 每年',
    'Cadence in months, anchored to 1 January: 1 monthly, 2 every two months, 3 quarterly, 6 half-yearly, 12 yearly',
  ),
}

const bind = {
  type: 'object',
  additionalProperties: false,
  required: ['input'],
  description: d(
    '与考核输入的绑定：由记录给出该项的值（考核员录入的依据优先）',
    'Binding to an assessment input: the records give the item its value (an assessor entry still wins)',
  ),
  properties: {
    input: {
      type: 'string',
      pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$',
      description: d(
        '方案考核定义（第一个考核定义，即村居年度考核）中的是/否输入路径，例如 systems.training',
        'Path of a yes/no input of the scheme’s assessment scoring (the first scoring definition), e.g. systems.training',
      ),
    },
    rule: {
      enum: ['any', 'every'],
      description: d(
        'any：期间内有一份记录即得分；every：期间内到期的每一期都有记录（且至少一份记录）才得分。默认 any',
        'any: one record in the period earns it; every: every occurrence due in the period has a record (and at least one exists). Default any',
      ),
    },
  },
}

const shift = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'role', 'count'],
  properties: {
    ...named,
    role: roleRef('可排此班的角色（org 中的角色标识），按账号轮流', 'Role eligible for this shift (an org role id); accounts holding it take turns'),
    count: { type: 'integer', minimum: 1, maximum: 20, description: d('每个工作日的人数', 'People per working day') },
    perUnit: {
      enum: ['center', 'station', 'department', 'point', 'external'],
      description: d(
        '每个该类单位各排此班（例如各二级部门各1名班子成员带班）：由授权注明该单位的角色持有人轮流',
        'One such shift at every unit of this type (e.g. one leadership member per department): taken in turns by the holders of the role whose grant names that unit',
      ),
    },
    source: SOURCE,
  },
}

const obligation = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'every', 'scope', 'form', 'dateField', 'remindBefore'],
  properties: {
    ...named,
    every: EVERY,
    scope: {
      enum: ['town', 'village'],
      description: d('范围：town 全镇一份；village 每个嘎查村（社区）各一份', 'Scope: town, one for the town; village, one per village or community'),
    },
    form: {
      type: 'string',
      minLength: 1,
      'x-daiban-ref': 'form',
      description: d('佐证记录所用表单（forms 中的标识）', 'Form of the evidence record (a form id)'),
    },
    dateField: { type: 'string', minLength: 1, description: d('表单中记录开展日期的字段', 'Field of the form holding the date it took place') },
    remindBefore: { type: 'integer', minimum: 0, maximum: 366, description: d('到期前几天（自然日）提醒', 'Remind this many calendar days before due') },
    roles: roleList('负责落实的角色（提醒对象，可选）', 'Roles responsible (who is reminded; optional)'),
    attendance: {
      type: 'object',
      additionalProperties: false,
      required: ['field', 'roles'],
      description: d(
        '点名：表单中的签到名单字段（数组，每项含 username、name、village、present），以及应到人员的角色',
        'Roll call: the form’s attendance list field (an array of {username, name, village, present}) and the roles expected to attend',
      ),
      properties: {
        field: { type: 'string', minLength: 1, description: d('签到名单字段', 'Attendance list field') },
        roles: roleList('应到人员的角色', 'Roles expected to attend'),
      },
    },
    binds: {
      type: 'array',
      items: bind,
      description: d(
        '记录计入考核的输入（全镇范围且有点名时，按到场人员所属嘎查村（社区）计入）',
        'Assessment inputs the records count for (for a town-wide obligation with a roll call, each village whose officers were present)',
      ),
    },
    source: SOURCE,
  },
}

export const dutySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://daiban.local/schemas/duty.json',
  title: 'duty',
  description: d(
    '值班、培训与监督：带班值班排班、网格员驻点、人员配备绑定、定期工作（培训、会议、自评、满意度评价、考评）、代办员考评、服务投诉、公开公示。可选种类',
    'Duty, training and supervision: the shift roster, grid workers at their points, staffing bindings, recurring obligations (training, meetings, self-evaluation, surveys, assessments), officer assessment, service complaints and the public notice board. Optional kind',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    $schema: { type: 'string' },
    kind: KIND('duty'),
    description: DESCRIPTION,
    source: SOURCE,
    roster: {
      type: 'object',
      additionalProperties: false,
      required: ['unit', 'shifts'],
      description: d(
        '工作日排班：每个工作日（按方案工作日历，含调休上班日、不含节假日）在服务站的班次',
        'Working-day roster: the shifts at the station on each working day of the scheme’s calendar (make-up workdays included, holidays excluded)',
      ),
      properties: {
        unit: {
          type: 'string',
          minLength: 1,
          'x-daiban-ref': 'unit',
          description: d('排班所在单位（org 中的单位标识，通常为镇信访代办服务站）', 'Unit the shifts are at (an org unit id, usually the town station)'),
        },
        shifts: { type: 'array', minItems: 1, items: shift, description: d('班次：带班、值班等', 'Shifts: shift leader, cadre on duty…') },
        source: SOURCE,
      },
    },
    gridAttendance: {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'minDaysPerWeek'],
      description: d(
        '网格员驻点：每周（周一至周日）在代办点工作的最少天数',
        'Grid workers at their point: the fewest days a week (Monday to Sunday) they work there',
      ),
      properties: {
        role: roleRef('网格员角色', 'Grid worker role'),
        minDaysPerWeek: { type: 'integer', minimum: 1, maximum: 7, description: d('每周最少天数', 'Fewest days a week') },
        source: SOURCE,
      },
    },
    staffing: {
      type: 'object',
      additionalProperties: false,
      description: d(
        '人员配备检查（最低人数见 org 的 staffing）：检查结果可绑定考核输入——服务点全部达标时该村（社区）得分',
        'Staffing check (the minimums are org’s staffing): the result may bind assessment inputs — a village earns them when its point meets every minimum',
      ),
      properties: {
        binds: { type: 'array', items: bind },
        source: SOURCE,
      },
    },
    obligations: {
      type: 'array',
      items: obligation,
      description: d('定期工作：每期生成一项任务，截止日为该期最后一天', 'Recurring obligations: one task per period, due on the period’s last day'),
    },
    officerAssessment: {
      type: 'object',
      additionalProperties: false,
      required: ['scoring', 'every', 'roles', 'statistics'],
      description: d(
        '代办员定期考评：由本人代办案件的记录与考评员评分，按考核定义计分',
        'Periodic officer assessment: scored by a scoring definition from the officer’s own case records and the assessor’s marks',
      ),
      properties: {
        scoring: { ...ID, description: d('考核定义标识（subject 为 officer）', 'Scoring definition id (subject officer)') },
        every: EVERY,
        roles: roleList('被考评的角色', 'Roles assessed'),
        machine: { type: 'string', description: d('统计案件所用流程，默认 case', 'Workflow of the cases counted; default case') },
        statistics: {
          type: 'object',
          description: d(
            '考核输入路径 → 由案件记录统计的量：proxied 代办数、concluded 办结数、onTime 按期办结数、late 超期数、resolved 化解数、feedback 已反馈数、satisfied 满意数、urged 被催办次数、trainingsHeld 应参训次数、trainingsAttended 实参训次数',
            'Input path → statistic from the records: proxied, concluded, onTime, late, resolved, feedback, satisfied, urged, trainingsHeld, trainingsAttended',
          ),
          additionalProperties: {
            enum: ['proxied', 'concluded', 'onTime', 'late', 'resolved', 'feedback', 'satisfied', 'urged', 'trainingsHeld', 'trainingsAttended'],
          },
        },
        urgeEvents: {
          type: 'array',
          items: { type: 'string' },
          description: d('计为“被催办”的流程事件（不填则不计）', 'Workflow events counted as urgings (none when absent)'),
        },
        trainingObligation: {
          type: 'string',
          description: d('参训统计所依据的定期工作（须有点名）', 'Obligation whose roll calls give the training statistics (must have attendance)'),
        },
        marksForm: {
          type: 'string',
          'x-daiban-ref': 'form',
          description: d('考评员评分表单；每个字段对应考核输入 marksInput.字段', 'Form of the assessor’s marks; each field is the input marksInput.field'),
        },
        marksInput: { type: 'string', description: d('评分所在的考核输入对象，默认 marks', 'Input object the marks go in; default marks') },
        source: SOURCE,
      },
    },
    supervision: {
      type: 'object',
      additionalProperties: false,
      required: ['machine', 'registerEvent'],
      description: d(
        '服务监督：意见箱、监督电话、网上投诉登记为投诉流程案件，限期处理回复',
        'Supervision of the service: complaints from the suggestion box, the supervision phone and online become cases of the complaint workflow, answered within the limit',
      ),
      properties: {
        machine: { type: 'string', minLength: 1, 'x-daiban-ref': 'machine', description: d('投诉流程标识', 'Complaint workflow id') },
        registerEvent: { type: 'string', minLength: 1, description: d('登记投诉的事件', 'Event registering a complaint') },
        assignEvent: {
          type: 'string',
          description: d('指定承办人的事件（表单的 officer 字段为承办人账号）', 'Event assigning an owner (its form’s officer field is the owner’s account)'),
        },
        replyEvent: { type: 'string', description: d('处理回复的事件', 'Event replying') },
        clock: { type: 'string', 'x-daiban-ref': 'clock', description: d('处理回复时限（deadlines 中的标识）', 'Reply limit (a deadlines clock id)') },
        public: {
          type: 'object',
          additionalProperties: false,
          required: ['dateField'],
          description: d(
            '群众网上投诉（免登录，需计算验证）：系统填写的字段',
            'Online complaints by the public (no sign-in, proof-of-work): fields the system fills in',
          ),
          properties: {
            fixed: {
              type: 'object',
              additionalProperties: { type: 'string' },
              description: d('固定取值的字段，例如 {"via": "网上"}', 'Fields with fixed values, e.g. {"via": "网上"}'),
            },
            dateField: { type: 'string', minLength: 1, description: d('收到日期字段（系统按当天填写）', 'Received-on field (filled with today)') },
            notice: { type: 'string', maxLength: 2000, description: d('提交前后的告知', 'Notice shown before and after submitting') },
          },
        },
        phone: { type: 'string', maxLength: 40, description: d('监督电话（办公电话）', 'Supervision phone (an office number)') },
        mailbox: { type: 'string', maxLength: 200, description: d('意见箱位置', 'Where the suggestion box is') },
        source: SOURCE,
      },
    },
    notice: {
      type: 'object',
      additionalProperties: false,
      required: ['machine', 'stages', 'officerRoles'],
      description: d(
        '公开公示：代办制度、流程、时限、代办范围、服务站点及代办人员（仅姓名和办公电话）、投诉方式',
        'Public notice board: the system, the process, time limits, what is proxied, the service points and their officers (names and office phones only), how to complain',
      ),
      properties: {
        machine: { type: 'string', minLength: 1, 'x-daiban-ref': 'machine', description: d('公示其流程的流程标识', 'Workflow whose process is published') },
        stages: {
          type: 'array',
          minItems: 1,
          description: d(
            '按顺序公示的环节：stage 为流程 stateInfo 中的环节；流程中已没有的环节不公示',
            'Stages published, in order: stage is a stage of the workflow’s stateInfo; a stage the workflow no longer has is left out',
          ),
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['stage', 'name'],
            properties: {
              stage: { type: 'string', minLength: 1 },
              name: { type: 'string', minLength: 1 },
              nameEn: { type: 'string' },
              description: DESCRIPTION,
            },
          },
        },
        officerRoles: roleList('公示为代办人员的角色', 'Roles published as proxy officers'),
        intro: { type: 'string', maxLength: 4000, description: d('公示引言（可用 {town}）', 'Introduction ({town} allowed)') },
      },
    },
  },
} as const
