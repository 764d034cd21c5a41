/** OpenAPI 3.1 description of the HTTP API; a test checks it against the routes express mounts. */
const err = { $ref: '#/components/schemas/Error' }
const json = (schema: object) => ({ content: { 'application/json': { schema } } })
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: ({ 400: '请求无效', 404: '未找到', 409: '冲突（版本过期、当前环节不允许）', 413: '请求体过大', 422: '内容有误（字段逐一列出）', 500: '内部错误' } as Record<number, string>)[c] ?? '错误', ...json(err) }]))
const idParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description })
const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, schema, description })
const versionQ = q('version', '版本（哈希、序号或 latest）')

export const openapi = {
  get paths() {
    return OPENAPI_PATHS
  },
  openapi: '3.1.0',
  info: { title: 'Daiban API（信访代办）', version: '0.1.0', description: '方案、表单、案件、提醒。错误统一为 {code, message, fields?}。' },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object', required: ['code', 'message'],
        properties: {
          code: { type: 'string' }, message: { type: 'string' },
          fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
      Case: { type: 'object', description: '案件视图：编号、版本、状态、可进行的操作、上下文（事实、判定、处置单、时限、记录）' },
      CaseSummary: { type: 'object' },
      Decision: {
        type: 'object', required: ['outcome', 'group', 'dueDate', 'escalateTo', 'reasons'],
        properties: {
          outcome: { enum: ['proxy', 'coordinate', 'excluded', 'answer_on_spot', 'legal_channel', 'declined'] },
          group: { type: ['string', 'null'] }, dueDate: { type: ['string', 'null'], format: 'date' }, escalateTo: { type: ['string', 'null'] },
          reasons: { type: 'array', items: { type: 'string' }, minItems: 1 },
        },
      },
      Event: {
        type: 'object', required: ['type'], additionalProperties: false,
        properties: { type: { type: 'string' }, form: { type: 'object' }, expectedVersion: { type: 'integer' } },
      },
    },
  },

} as const

const OPENAPI_PATHS = {
    '/api/health': { get: { summary: '健康检查（含工作日历到期提醒）', responses: { 200: { description: 'ok' } } } },
    '/api/openapi.json': { get: { summary: '本文档', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    '/api/schemes': { get: { summary: '方案列表', responses: { 200: { description: '方案' } } } },
    '/api/schemes/{id}': { get: { summary: '方案概要（组织、时限、日历范围）', parameters: [idParam('id', '方案标识'), versionQ], responses: { 200: { description: '方案' }, ...errors(404) } } },
    '/api/schemes/{id}/versions': { get: { summary: '已发布版本', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '版本列表' }, ...errors(404) } } },
    '/api/schemes/{id}/forms': { get: { summary: '全部表单（JSON Schema 与 uiSchema）', parameters: [idParam('id', '方案标识'), versionQ], responses: { 200: { description: '表单' }, ...errors(404) } } },
    '/api/schemes/{id}/forms/{formId}': { get: { summary: '一张表单', parameters: [idParam('id', '方案标识'), idParam('formId', '表单标识'), versionQ], responses: { 200: { description: '表单' }, ...errors(404) } } },
    '/api/schemes/{id}/workflows': { get: { summary: '流程：事件目录与状态名称', parameters: [idParam('id', '方案标识'), versionQ], responses: { 200: { description: '流程' }, ...errors(404) } } },
    '/api/schemes/{id}/decide': { post: { summary: '甄别、分流、时限（不创建案件）', parameters: [idParam('id', '方案标识'), versionQ], requestBody: json({ type: 'object' }), responses: { 200: { description: '判定', ...json({ $ref: '#/components/schemas/Decision' }) }, ...errors(400, 404, 413, 422) } } },
    '/api/schemes/{id}/score': { post: { summary: '考核计分', parameters: [idParam('id', '方案标识'), versionQ, q('scoring', '考核定义标识')], requestBody: json({ type: 'object' }), responses: { 200: { description: '得分与分项' }, ...errors(400, 404, 413, 422) } } },
    '/api/cases': {
      post: { summary: '登记案件（首个事件，默认 REGISTER）；schemeId 缺省为用户可登记的第一个方案，须在该方案中有登记权限', requestBody: json({ type: 'object', properties: { schemeId: { type: 'string' }, machine: { type: 'string' }, type: { type: 'string' }, form: { type: 'object' } }, required: ['form'] }), responses: { 201: { description: '新案件', ...json({ $ref: '#/components/schemas/Case' }) }, ...errors(400, 404, 409, 413, 422) } },
      get: {
        summary: '案件列表（服务器端筛选、排序、分页）：只含用户所在方案、所辖嘎查村与单位的案件',
        parameters: [q('schemeId', '只看此方案'), q('state', '状态'), q('stage', '环节'), q('status', 'active|done|error'), q('village', '嘎查村（社区）'), q('group', '专班组'), q('channel', '渠道'), q('officer', '代办员'), q('unit', '派往单位'), q('dueSoon', '几日内到期'), q('overdue', '已超期 1'), q('receivedFrom', '受理日期起', { type: 'string', format: 'date' }), q('receivedTo', '受理日期止', { type: 'string', format: 'date' }), q('q', '编号、姓名、类别'), q('offset', '偏移', { type: 'integer' }), q('limit', '每页 1–200', { type: 'integer' }), q('sort', '排序字段'), q('order', 'asc|desc'), q('machine', '工作流（case、complaint…）'), q('online', '1：网访渠道（方案标记 online 的渠道）'), q('proxied', '1：代办事项（甄别结果标记 proxied）'), q('concluded', '1 已办结 / 0 未办结'), q('resolved', '1 已化解 / 0 未化解'), q('feedback', '1 已反馈满意度 / 0 未反馈'), q('satisfied', '1 满意 / 0 不满意'), q('dueBefore', '仍在办理且办结时限早于该日', { type: 'string', format: 'date' })],
        responses: { 200: { description: '{items, total, offset, limit}' }, ...errors(400) },
      },
    },
    '/api/cases/{caseId}': { get: { summary: '案件（按 id 或编号）', parameters: [idParam('caseId', '案件 id 或编号')], responses: { 200: { description: '案件', ...json({ $ref: '#/components/schemas/Case' }) }, ...errors(404) } } },
    '/api/cases/{caseId}/events': { post: { summary: '发送事件（携带表单）', parameters: [idParam('caseId', '案件 id 或编号')], requestBody: json({ $ref: '#/components/schemas/Event' }), responses: { 200: { description: '流转后的案件', ...json({ $ref: '#/components/schemas/Case' }) }, ...errors(400, 404, 409, 413, 422) } } },
    '/api/cases/{caseId}/audit': { get: { summary: '审计记录', parameters: [idParam('caseId', '案件 id 或编号')], responses: { 200: { description: '记录' }, ...errors(404) } } },
    '/api/my/tasks': { get: { summary: '我的待办（临期、超期计数）', parameters: [q('officer', '代办员（默认为当前用户）'), q('schemeId', '只看此方案')], responses: { 200: { description: '待办' } } } },
    '/api/reminders': { get: { summary: '提醒（临期、超期、催办）', parameters: [q('caseId', '案件 id'), q('open', '仅未处理 1'), q('schemeId', '只看该方案（镇）的提醒')], responses: { 200: { description: '提醒' } } } },
    '/api/reminders/{id}/ack': { post: { summary: '确认提醒', parameters: [idParam('id', '提醒 id')], responses: { 200: { description: 'ok' }, ...errors(404) } } },
    '/api/designer/schemes/{id}/draft': {
      get: { summary: '设计器：草稿（无草稿时为最新发布版本）及其校验问题', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '草稿' }, ...errors(404) } },
      put: { summary: '设计器：整体替换草稿（导入方案目录）', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', properties: { files: { type: 'array' } } }), responses: { 200: { description: '草稿与问题' }, ...errors(400, 403, 413, 422) } },
      delete: { summary: '设计器：放弃草稿', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '最新发布版本' }, ...errors(403, 404) } },
    },
    '/api/designer/schemes/{id}/draft/files/{file}': {
      put: { summary: '设计器：保存草稿中的一个文件（返回快速校验结果）', parameters: [idParam('id', '方案标识'), idParam('file', '文件名')], requestBody: json({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }), responses: { 200: { description: '草稿与问题' }, ...errors(400, 403, 413, 422) } },
      delete: { summary: '设计器：删除草稿中的一个文件', parameters: [idParam('id', '方案标识'), idParam('file', '文件名')], responses: { 200: { description: '草稿与问题' }, ...errors(403, 404) } },
    },
    '/api/designer/schemes/{id}/draft/validate': { post: { summary: '设计器：完整校验草稿', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '{ok, problems}' } } } },
    '/api/designer/schemes/{id}/draft/publish': { post: { summary: '设计器：校验并发布为新版本（需变更说明）', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', properties: { note: { type: 'string' } }, required: ['note'] }), responses: { 201: { description: '新版本' }, ...errors(403, 422) } } },
    '/api/designer/schemes/{id}/draft/impact': { post: { summary: '设计器：发布前影响预览（按草稿重放已有案件）', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } }), responses: { 200: { description: '计数、逐案变化、各村得分与等次' }, ...errors(422) } } },
    '/api/designer/schemes/{id}/versions/{ref}/files': { get: { summary: '设计器：某一版本的定义文件', parameters: [idParam('id', '方案标识'), idParam('ref', '版本')], responses: { 200: { description: '文件' }, ...errors(404) } } },
    '/api/designer/schemes/{id}/diff': { get: { summary: '设计器：两个版本（或与草稿）之间逐文件差异', parameters: [idParam('id', '方案标识'), q('from', '起始版本（默认 latest）'), q('to', '目标版本或 draft（默认 draft）')], responses: { 200: { description: '差异' }, ...errors(404) } } },
    '/api/designer/schemes/{id}/rollback': { post: { summary: '设计器：将旧版本重新发布为新版本', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', properties: { to: { type: 'string' }, note: { type: 'string' } }, required: ['to'] }), responses: { 201: { description: '新版本' }, ...errors(403, 404, 422) } } },
    '/api/designer/schemes/{id}/fork': { post: { summary: '设计器：由本方案派生新方案（写入 definitions/<新标识>/ 与分支记录，发布首个版本；派生者在源方案中的角色同样授予新方案）。需本方案的发布权限', parameters: [idParam('id', '源方案标识')], requestBody: json({ type: 'object', additionalProperties: false, required: ['id', 'town'], properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$', description: '新方案标识' }, town: { type: 'string', description: '新方案的镇名' }, prefix: { type: 'string', pattern: '^[A-Z]{2,8}$', description: '案件编号前缀（默认由标识推出）' } } }), responses: { 201: { description: '{scheme, forkedFrom, dir, grants}' }, 403: { description: '无发布权限' }, ...errors(404, 409, 422) } } },
    '/api/designer/schemes/{id}/upstream': { get: { summary: '设计器：分支方案的上游自分支点以来的改动（逐条说明）与合并预案（采纳、保留、冲突）', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '{scheme, forked, upstream, forkPoint, hasChanges, mergedInDraft, baseAvailable, changes, plan}' }, ...errors(404) } } },
    '/api/designer/schemes/{id}/upstream/merge': { post: { summary: '设计器：把上游的最新版本三方合并进本方案的草稿（不发布；冲突处保留本方案的值并列出；合并结果须通过校验）', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '{draft, problems, taken, kept, conflicts, upstream}' }, 403: { description: '无发布权限' }, ...errors(404, 409, 422) } } },
    '/api/assessment/{id}/definition': { get: { summary: '考核：考核定义（分项、满分、等次区间、一票否决、函件），用于解释得分和生成函件', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '考核定义' }, ...errors(404) } } },
    '/api/assessment/{id}/items': { get: { summary: '考核：可由考核员录入的项目（来自考核定义）', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '项目' }, ...errors(404) } } },
    '/api/assessment/{id}/entries': {
      get: { summary: '考核录入记录（谁、何时、依据）', parameters: [idParam('id', '方案标识'), q('village', '嘎查村（社区）')], responses: { 200: { description: '记录' } } },
      post: { summary: '录入一项考核依据', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', required: ['village', 'item', 'value', 'date', 'note'], properties: { village: { type: 'string' }, item: { type: 'string' }, value: { type: ['boolean', 'integer'] }, date: { type: 'string', format: 'date' }, note: { type: 'string' }, attachment: { type: 'string' } } }), responses: { 201: { description: '记录' }, ...errors(400, 404, 422) } },
    },
    '/api/reports/{id}/bulletin': { get: { summary: '月通报（或年度考核）：得分、排名、四率、超期、应发函件；format=xlsx 导出', parameters: [idParam('id', '方案标识'), q('period', 'YYYY-MM 或 YYYY'), q('format', 'json|xlsx')], responses: { 200: { description: '通报' }, ...errors(400, 404, 422) } } },
    '/api/reports/{id}/yearly': { get: { summary: '年汇总：各月累计得分与全年结果；format=xlsx 导出', parameters: [idParam('id', '方案标识'), q('year', 'YYYY'), q('format', 'json|xlsx')], responses: { 200: { description: '年汇总' }, ...errors(400, 404) } } },
    '/api/reports/{id}/letters': { get: { summary: '按考核办法应发的函件（提醒函、督办函、问责建议函、约谈）', parameters: [idParam('id', '方案标识'), q('period', 'YYYY-MM 或 YYYY')], responses: { 200: { description: '函件' }, ...errors(400, 404) } } },
    '/api/reports/{id}/dashboard': { get: { summary: '全镇看板：按月、按村的四率、满意率、超期数', parameters: [idParam('id', '方案标识'), q('year', 'YYYY'), q('period', 'YYYY-MM（按村统计该月）或 YYYY')], responses: { 200: { description: '看板；每个数字附带列出其案件的查询（links）' }, ...errors(404, 422) } } },
    '/api/public/{id}/info': { get: { summary: '公开：网上信访须知、时限和表单（无需登录）', parameters: [idParam('id', '方案标识')], responses: { 200: { description: '须知与表单 {town, scheme, schemeEn?, channel, notice, timeLimits: [{id, name, nameEn?, days, unit, source}], form: {id, name, nameEn?, schema, uiSchema}}；英文名称（…En、nameEn）仅在定义中有时给出，须知等自由文本只有中文 / English names only where the definitions have them' }, ...errors(404) } } },
    '/api/public/challenge': { get: { summary: '公开：提交前的计算验证（工作量证明，不依赖外部服务）', responses: { 200: { description: '{token, difficulty, expiresAt}' }, 429: { description: '过于频繁' } } } },
    '/api/public/{id}/petitions': { post: { summary: '公开：网上提交信访事项，返回查询码', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object', required: ['form', 'challenge', 'solution', 'submissionId'], properties: { form: { type: 'object' }, challenge: { type: 'string' }, solution: { type: 'string' }, submissionId: { type: 'string' } } }), responses: { 201: { description: '回执' }, 403: { description: '验证未通过' }, 429: { description: '过于频繁' }, ...errors(400, 413, 422) } } },
    '/api/public/status': { post: { summary: '公开：凭查询码和手机号后四位查询进度', requestBody: json({ type: 'object', required: ['code', 'phoneLast4'], properties: { code: { type: 'string' }, phoneLast4: { type: 'string' } } }), responses: { 200: { description: '进度 {number, receivedOn, stage, stageEn?, outcome: {name, nameEn?, reasons, reasonsEn}, handledBy, handledByEn?, units, unitsEn, dueDate, workdaysLeft, concluded, followUp, done}；英文名称取自定义，没有时省略或沿用中文' }, 404: { description: '不匹配（不区分原因）' }, 429: { description: '过于频繁' } } } },
    '/api/schemes/{id}/import/{channel}': { post: { summary: '导入 12345 热线或微平台的 CSV / .xlsx 文件（按来源编号去重；report=csv 下载错误报告；dryRun=1 只校验）', parameters: [idParam('id', '方案标识'), idParam('channel', '渠道'), q('filename', '文件名'), q('report', 'csv'), q('dryRun', '1')], requestBody: { content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } }, responses: { 200: { description: '{rows, created, duplicates, errors}' }, ...errors(400, 404, 413, 422) } } },
    '/api/schemes/{id}/similar': { post: { summary: '登记时查找同一信访人或同一事项的已有案件', parameters: [idParam('id', '方案标识')], requestBody: json({ type: 'object' }), responses: { 200: { description: '相似案件及原因' } } } },
    '/api/cases/{caseId}/similar': { get: { summary: '与该案件相似的已有案件', parameters: [idParam('caseId', '案件 id')], responses: { 200: { description: '相似案件' }, ...errors(404) } } },
    '/api/cases/{caseId}/links': {
      get: { summary: '已关联的案件（各自的重复访 / 多头访）及本案件的类别', parameters: [idParam('caseId', '案件 id 或编号')], responses: { 200: { description: '{kind, items: [{caseId, number, receivedOn, channel, village, category, stage, kind}]}' }, ...errors(404) } },
      post: { summary: '关联为同一事项（重复访、多头访只计一次）', parameters: [idParam('caseId', '案件 id')], requestBody: json({ type: 'object', required: ['caseId'], properties: { caseId: { type: 'string' } } }), responses: { 200: { description: '关联组' }, ...errors(404, 409, 422) } },
    },
    '/api/cases/{caseId}/links/{otherId}': { delete: { summary: '取消关联：otherId 退出该案件所在的关联组（需两件案件的 case.link 权限）', parameters: [idParam('caseId', '案件 id 或编号'), idParam('otherId', '要移出的案件 id')], responses: { 200: { description: '{linked}：该案件关联组的剩余成员' }, ...errors(404, 422) } } },
    '/api/reports/{id}/repeats': { get: { summary: '各村每月重复访、多头访数，及计入的案件', parameters: [idParam('id', '方案标识'), q('year', 'YYYY')], responses: { 200: { description: '{year, items: [{village, month, repeat, multi}], cases: [{caseId, number, village, month, kind, receivedOn, channel, linked}]}' } } } },
    '/api/my/notifications': { get: { summary: '我的通知（指派、临期、超期、答复、复查申请）', responses: { 200: { description: '{unread, items}' } } } },
    '/api/my/notifications/read': { post: { summary: '标记通知已读', requestBody: json({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, all: { type: 'boolean' } } }), responses: { 200: { description: '{marked}' } } } },
    '/api/auth/login': { post: { summary: '登录（设置 httpOnly 会话 Cookie，返回 CSRF 令牌）', requestBody: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }), responses: { 200: { description: '{user, csrfToken, can}' }, 401: { description: '用户名或密码不正确' }, 429: { description: '尝试过多（按用户名与来源地址临时锁定）' } } } },
    '/api/auth/setup': {
      get: { summary: '是否尚需创建第一个管理员', responses: { 200: { description: '{needed}' } } },
      post: { summary: '用首次启动时打印的一次性令牌创建第一个管理员', requestBody: json({ type: 'object', required: ['token', 'username', 'password'] }), responses: { 201: { description: '管理员' }, 403: { description: '令牌无效或已使用' }, ...errors(422) } },
    },
    '/api/auth/me': { get: { summary: '当前用户、CSRF 令牌、所在方案（各方案中可进行的操作）；can 为 ?scheme= 所指方案中的，缺省为任一方案中的', parameters: [q('scheme', '方案标识')], responses: { 200: { description: '{user, csrfToken, can, schemes: [{id, name, town, can}], defaultScheme}' }, 401: { description: '未登录' } } } },
    '/api/auth/logout': { post: { summary: '退出登录（结束会话）', responses: { 200: { description: 'ok' }, 401: { description: '未登录' } } } },
    '/api/auth/password': { post: { summary: '修改密码（其他会话随之结束）', requestBody: json({ type: 'object', required: ['oldPassword', 'newPassword'] }), responses: { 200: { description: 'ok' }, ...errors(422) } } },
    '/api/accounts': {
      get: { summary: '账号列表（管理员）', responses: { 200: { description: '账号' }, 403: { description: '无权限' } } },
      post: { summary: '新建账号（角色与辖区）。授权 {role, scheme?, village?, unit?}：scheme 缺省为服务器的默认方案，"*" 为全部方案（仅限范围为全部的角色）；角色、嘎查村、单位按该方案的组织定义校验；只能授予本人管理账号的方案中的角色', requestBody: json({ type: 'object', required: ['username', 'password', 'grants'], properties: { username: { type: 'string' }, displayName: { type: 'string' }, password: { type: 'string' }, grants: { type: 'array', items: { type: 'object', required: ['role'], properties: { role: { type: 'string' }, scheme: { type: 'string' }, village: { type: 'string' }, unit: { type: 'string' } } } } } }), responses: { 201: { description: '账号' }, 403: { description: '无权限' }, ...errors(409, 422) } },
    },
    '/api/accounts/{username}': { patch: { summary: '修改账号（角色、停用）', parameters: [idParam('username', '用户名')], requestBody: json({ type: 'object' }), responses: { 200: { description: '账号' }, 403: { description: '无权限' }, ...errors(404, 422) } } },
    '/api/audit': { get: { summary: '审计日志检索', parameters: [q('actor', '操作人'), q('action', '操作'), q('caseId', '案件'), q('from', '起'), q('to', '止'), q('limit', '条数')], responses: { 200: { description: '记录' }, 403: { description: '无权限' } } } },
    '/api/audit/verify': { get: { summary: '校验审计日志哈希链（防篡改）', responses: { 200: { description: '{ok, entries, brokenAt?}' }, 403: { description: '无权限' } } } },
    '/api/cases/{caseId}/petitioner': { get: { summary: '信访人完整信息（身份证号、电话；查看行为记入审计）', parameters: [idParam('caseId', '案件 id 或编号')], responses: { 200: { description: '完整信息' }, 403: { description: '角色无此权限' }, ...errors(404) } } },
    '/api/scheduler/tick': { post: { summary: '立即检查时限并生成提醒', responses: { 200: { description: '新生成的提醒' } } } },
  } as const

