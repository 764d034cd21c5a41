/** The workflow editor's texts (zh-CN first, English on request). */
import type { Messages } from '../kit'

type K =
  | 'machine'
  | 'structureNote'
  | 'openJson'
  | 'structureJsonNote'
  | 'states'
  | 'stateName'
  | 'stateNameEn'
  | 'expandState'
  | 'collapseState'
  | 'stage'
  | 'initial'
  | 'final'
  | 'eventsIn'
  | 'event'
  | 'eventName'
  | 'eventNameEn'
  | 'who'
  | 'form'
  | 'notices'
  | 'clock'
  | 'noForm'
  | 'anyRole'
  | 'anyRoleTip'
  | 'anyRoleOn'
  | 'nobody'
  | 'roleList'
  | 'sharedTip'
  | 'to'
  | 'self'
  | 'noEvents'
  | 'unplaced'
  | 'noticesEdit'
  | 'noticeAdd'
  | 'noticeKind'
  | 'noticeTo'
  | 'noticeWhen'
  | 'noticeWhenValue'
  | 'noticeMessage'
  | 'noticeMessageEn'
  | 'noticeMessageHelp'
  | 'noticeNone'
  | 'noticeRequired'
  | 'ok'
  | 'cancel'
  | 'remove'
  | 'clockControl'
  | 'clockNone'
  | 'clockStarts'
  | 'clockStops'
  | 'clockStateStarts'
  | 'clockStateStops'
  | 'clockFileNote'
  | 'openDeadlines'
  | 'hStateName'
  | 'hEventName'
  | 'hRoles'
  | 'hAnyRole'
  | 'hForm'
  | 'hNotices'
  | 'hClock'
  | 'yes'
  | 'no'
  | 'noMachine'

export const MESSAGES: Messages<K> = {
  'zh-CN': {
    machine: '流程',
    structureNote: '新增、删除状态或修改转移去向，请在 JSON 视图中进行。',
    openJson: '打开 JSON',
    structureJsonNote: '新增状态、删除状态和修改转移在 JSON 中编辑（可视化视图只修改名称、可发起角色、表单、通知和计时控制）',
    states: '环节（状态）',
    stateName: '名称',
    stateNameEn: '英文名称',
    expandState: '展开步骤 {name}',
    collapseState: '收起步骤 {name}',
    stage: '阶段',
    initial: '起始',
    final: '终止',
    eventsIn: '{n} 个事件',
    event: '事件',
    eventName: '事件名称',
    eventNameEn: '英文名称',
    who: '谁可以发起',
    form: '表单',
    notices: '通知',
    clock: '计时',
    noForm: '（无表单）',
    anyRole: '不限角色',
    anyRoleTip: '不限角色：辖区内任何人都可以发起',
    anyRoleOn: '改为不限角色',
    nobody: '无人可以发起（只有拥有全部权限的角色）',
    roleList: '选择角色',
    sharedTip: '此事件在 {n} 个环节中可用（{list}）：修改会同时作用于这些环节',
    to: '转到',
    self: '留在本环节',
    noEvents: '本环节不接收事件',
    unplaced: '未放入任何环节的事件',
    noticesEdit: '编辑通知',
    noticeAdd: '新增通知',
    noticeKind: '类别',
    noticeTo: '通知谁',
    noticeWhen: '仅当字段',
    noticeWhenValue: '等于',
    noticeMessage: '通知文字',
    noticeMessageEn: '英文',
    noticeMessageHelp: '{number} 表示案件编号',
    noticeNone: '无',
    noticeRequired: '请填写',
    ok: '确定',
    cancel: '取消',
    remove: '删除',
    clockControl: '计时控制',
    clockNone: '不控制',
    clockStarts: '开始',
    clockStops: '停止',
    clockStateStarts: '进入本环节开始',
    clockStateStops: '进入本环节停止',
    clockFileNote: '哪些事件开始或停止时限，写在时限文件（deadlines）中；此处只读，点击打开时限文件修改。',
    openDeadlines: '打开时限文件',
    hStateName: '环节 {key} 的{field}：{value}',
    hEventName: '事件 {ev} 的名称',
    hRoles: '事件「{name}」可发起的角色',
    hAnyRole: '事件「{name}」改为不限角色',
    hForm: '事件「{name}」的表单',
    hNotices: '事件「{name}」的通知',
    hClock: '事件「{name}」的计时控制',
    yes: '是',
    no: '否',
    noMachine: '此文件没有流程',
  },
  en: {
    machine: 'Workflow',
    structureNote: 'Add or remove states, or change where a transition goes, in the JSON view.',
    openJson: 'Open JSON',
    structureJsonNote: 'States and transitions are edited in JSON (the visual view edits names, who may send, forms, notices and clock control)',
    states: 'Steps (states)',
    stateName: 'Name',
    stateNameEn: 'English name',
    expandState: 'Expand step {name}',
    collapseState: 'Collapse step {name}',
    stage: 'Stage',
    initial: 'start',
    final: 'end',
    eventsIn: '{n} events',
    event: 'Event',
    eventName: 'Event name',
    eventNameEn: 'English name',
    who: 'Who may send',
    form: 'Form',
    notices: 'Notices',
    clock: 'Clock',
    noForm: '(no form)',
    anyRole: 'Any role',
    anyRoleTip: 'Any role: anyone in the jurisdiction may send it',
    anyRoleOn: 'Allow any role',
    nobody: 'Nobody may send it (only roles holding every permission)',
    roleList: 'Pick roles',
    sharedTip: 'This event is accepted in {n} steps ({list}): a change applies to all of them',
    to: 'to',
    self: 'stays',
    noEvents: 'No events in this step',
    unplaced: 'Events in no step',
    noticesEdit: 'Edit notices',
    noticeAdd: 'Add notice',
    noticeKind: 'Kind',
    noticeTo: 'To',
    noticeWhen: 'Only when field',
    noticeWhenValue: 'equals',
    noticeMessage: 'Text',
    noticeMessageEn: 'English',
    noticeMessageHelp: '{number} is the case number',
    noticeNone: 'none',
    noticeRequired: 'Required',
    ok: 'OK',
    cancel: 'Cancel',
    remove: 'Remove',
    clockControl: 'Clock control',
    clockNone: 'none',
    clockStarts: 'starts',
    clockStops: 'stops',
    clockStateStarts: 'entering starts',
    clockStateStops: 'entering stops',
    clockFileNote: 'Which events start or stop a time limit is written in the deadlines file; shown here read-only, click to open that file.',
    openDeadlines: 'Open the deadlines file',
    hStateName: '{field} of step {key}: {value}',
    hEventName: 'Name of event {ev}',
    hRoles: 'Who may send "{name}"',
    hAnyRole: 'Any role may send "{name}"',
    hForm: 'Form of "{name}"',
    hNotices: 'Notices of "{name}"',
    hClock: 'Clock control of "{name}"',
    yes: 'yes',
    no: 'no',
    noMachine: 'This file holds no workflow',
  },
}

export const ENUM_LABELS: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    'clock.pause': '暂停计时',
    'clock.resume': '恢复计时',
    'clock.restart': '重新起算',
    'kind.reply': '收到答复',
    'kind.review': '请求复查',
    'kind.info': '一般',
    'to.officer': '案件的代办员',
    'to.nextActors': '下一步可办理的角色',
    'to.units': '案件派往单位的人员',
  },
  en: {
    'clock.pause': 'Pause',
    'clock.resume': 'Resume',
    'clock.restart': 'Restart',
    'kind.reply': 'Reply received',
    'kind.review': 'Review requested',
    'kind.info': 'Other',
    'to.officer': "The case's officer",
    'to.nextActors': 'Roles of the next step',
    'to.units': 'Staff of the units the case is sent to',
  },
}
export const enumLabel = (lang: 'zh-CN' | 'en', group: string, v: string) => ENUM_LABELS[lang][`${group}.${v}`] ?? v
