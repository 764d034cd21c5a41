/** The intake queues' and triage's own words (Chinese first, English switchable). State, channel and form names come from the scheme. */
import { areaMessages } from '../i18n'

const zh = {
  'queue.triage': '待甄别',
  'queue.complaints': '投诉（另列）',
  'queue.assign': '待指定代办员',
  'queue.mine': '我的待办',
  'queue.dueSoon': '临期',
  'queue.overdue': '超期',
  'queue.unitReplies': '部门待复',
  'queue.empty': '此队列暂无事项',
  'queue.more': '仅列出前 {n} 件，共 {total} 件；其余请在案件列表中查看',
  'source.online': '网上信访',
  'source.imported': '导入',
  'source.other': '其他渠道',
  'source.all': '全部',
  'item.triage': '甄别',
  'item.awaiting': '待答复单位：{units}',
  'triage.title': '甄别受理：{number}',
  'triage.hint': '已带入信访人提交的内容，请核对、补全后提交。受理日期默认为提交日期（{date}），办理时限从受理日期起算。',
  'triage.reason': '受理日期改动理由',
  'triage.reasonHint': '受理日期已改为 {set}，与提交日期 {submitted} 不同：请说明理由（记入审计）',
  'triage.reasonPlaceholder': '如：周末网上提交，工作日收到',
  'triage.done': '{number} 已甄别受理',
  'triage.back': '返回案件',
}

const en: Partial<Record<keyof typeof zh, string>> = {
  'queue.triage': 'Awaiting triage',
  'queue.complaints': 'Complaints (apart)',
  'queue.assign': 'Awaiting officer',
  'queue.mine': 'My cases',
  'queue.dueSoon': 'Due soon',
  'queue.overdue': 'Overdue',
  'queue.unitReplies': 'Awaiting our reply',
  'queue.empty': 'Nothing in this queue',
  'queue.more': 'Showing the first {n} of {total}; see the case list for the rest',
  'source.online': 'Online',
  'source.imported': 'Imported',
  'source.other': 'Other channels',
  'source.all': 'All',
  'item.triage': 'Triage',
  'item.awaiting': 'Reply due from: {units}',
  'triage.title': 'Triage: {number}',
  'triage.hint':
    'What the petitioner submitted is filled in; check it, complete the form and submit. The received date defaults to the submission date ({date}); the time limit counts from it.',
  'triage.reason': 'Reason for changing the received date',
  'triage.reasonHint': 'The received date is now {set}, not the submission date {submitted}: give the reason (kept in the audit)',
  'triage.reasonPlaceholder': 'e.g. submitted online at the weekend, received on a working day',
  'triage.done': '{number} triaged',
  'triage.back': 'Back to the case',
}

export type QueueKey = keyof typeof zh
export const useT = areaMessages('queues', zh, en)
