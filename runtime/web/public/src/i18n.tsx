/**
 * The public page's own words, Chinese first, English switchable — a small table of its own so
 * the public bundle does not carry the staff app's. Names from the scheme come from the API
 * (`nameEn` where the definitions have one, else the Chinese name); free text the scheme only has
 * in Chinese (the notices, descriptions, field titles) stays Chinese.
 */
import { useMemo, useState, type ReactNode } from 'react'
import { defineMessages, langContext, type Params } from '../../kit/i18n'
import { applyLang, currentLang, type Lang } from './lang'

export type { Lang }

const zh = {
  'app.title': '信访代办 · 网上服务',
  'app.docTitle': '网上信访 · {town}',
  'lang.switch': 'English',
  'lang.switchLabel': '切换到英文',
  'tab.petition': '网上信访',
  'tab.status': '查询进度',
  'tab.notice': '公示',
  'tab.complaint': '投诉',
  'common.retry': '重试',
  'load.failed': '加载失败，请刷新重试',
  'limits.title': '办理时限',
  'days.workday': '{n} 个工作日',
  'days.calendar': '{n} 个自然日',
  'complaint.closed': '本地未开通网上投诉，请通过监督电话或意见箱反映。',
  'receipt.title': '提交成功',
  'receipt.sub': '编号 {number} · {date}',
  'receipt.codeLabel': '您的查询码',
  'receipt.copy': '复制查询码',
  'receipt.copied': '已复制',
  'receipt.keep': '请截图或抄下查询码。查询进度需要查询码和您留的手机号后四位，查询码丢失后无法找回。',
  'receipt.next': '接下来',
  'receipt.next1': '代办员会先甄别您反映的事项，符合代办条件的由代办员无偿全程代办。',
  'receipt.next2': '不予代办或应通过法定途径解决的，我们会告知您原因和途径。',
  'receipt.next3': '事项受理后，按层级在规定的工作日内办结，办结后会回访。',
  'receipt.next4': '随时可在“查询进度”中用查询码和手机号后四位查看办理情况。',
  'receipt.lookup': '查询办理进度',
  'receipt.another': '再反映一件事',
  'form.verifying': '正在验证…（防止机器批量提交，约需数秒）',
  'submit.idle': '提交',
  'submit.verifying': '正在验证…',
  'submit.sending': '正在提交…',
  'submit.failed': '提交失败，请稍后重试',
  'check.required': '必填',
  'check.tick': '请勾选此项',
  'check.min': '至少填写 {n} 个字',
  'check.max': '不能超过 {n} 个字（现有 {len} 个）',
  'check.phone': '格式不正确（11 位手机号，或带区号的固定电话）',
  'check.pattern': '格式不正确',
  'check.enum': '请从列表中选择',
  'check.date': '不是有效日期（没有这一天）',
  'complaint.title': '投诉与建议',
  'complaint.received': '已收到您的意见',
  'complaint.message': '已收到您的意见（编号 {number}）。',
  'complaint.replyBy': '回复期限：',
  'complaint.another': '再提一条意见',
  'lookup.code': '查询码',
  'lookup.codePlaceholder': '提交时获得的 12 位查询码',
  'lookup.phone': '手机号后四位',
  'lookup.phonePlaceholder': '提交时所留手机号的后四位',
  'lookup.submit': '查询',
  'lookup.failed': '查询失败，请稍后再试',
  'lookup.hint': '查询码不区分大小写。仅显示办理进度，不显示个人信息。',
  'status.number': '编号 {number}',
  'status.done': '已办结',
  'status.active': '办理中',
  'status.stage': '当前环节',
  'status.received': '提交日期',
  'status.units': '办理单位',
  'status.tbd': '待确定',
  'status.outcome': '甄别结果',
  'status.due': '办理期限',
  'status.left': '还剩 {n} 个工作日',
  'status.overdue': '已超期 {n} 个工作日',
  'status.afterAcceptance': '受理后确定',
  'status.result': '办理结果',
  'status.concludedOn': '办结日期 {date}',
  'status.followUp': '回访',
  'status.followedUp': '已于 {date} 回访',
  'error.network': '网络连接失败，请检查网络后重试',
  'error.rateLimited': '请求过于频繁，请稍后再试',
  'error.http': '请求失败（{status}），请稍后再试',
  'error.noMatch': '查询码或手机号后四位不正确，请核对后再试',
  'error.invalid': '提交的内容有误，请按提示修改',
  'error.challenge': '验证未通过或已过期，请重新提交',
  'error.notFound': '未找到',
  'notice.title': '{town}信访代办公示',
  'notice.print': '打印公示',
  'notice.today': '今日（{date}）',
  'notice.process': '代办流程',
  'notice.limits': '办理时限',
  'notice.scope': '代办范围',
  'notice.proxied': '代办',
  'notice.notProxied': '不予代办',
  'notice.groups': '代办专班组',
  'notice.leader': '（组长：{leader}）',
  'notice.system': '代办制度',
  'notice.roster': '{unit}工作日实行{shifts}。',
  'notice.shift': '{n}名{role}{name}',
  'notice.unitShift': '{role}每个工作日每部门{n}名（{name}）。',
  'notice.grid': '网格员每周不少于 {n} 天在代办点开展工作。',
  'notice.points': '服务站点与代办人员',
  'notice.station': '服务站',
  'notice.point': '服务点',
  'notice.noOfficers': '代办人员待公布',
  'notice.complain': '监督投诉',
  'notice.ways': '投诉途径：',
  'notice.phone': '监督电话：',
  'notice.mailbox': '意见箱：',
  'notice.replyBefore': '收到投诉后 ',
  'notice.replyAfter': '内处理并回复。',
  'notice.online': '网上投诉：',
  'notice.fillOnline': '在线填写',
  'notice.visit': '访问 ',
  'notice.visitAfter': ' ，在“投诉”栏目在线填写',
  'notice.visitPage': '访问信访代办网上服务页，在“投诉”栏目在线填写',
  'notice.everyMonth': '每月',
  'notice.every2': '每两个月',
  'notice.every3': '每季度',
  'notice.every4': '每四个月',
  'notice.every6': '每半年',
  'notice.every12': '每年',
  'notice.everyN': '每{n}个月',
  'notice.scopeTown': '全镇',
  'notice.scopeVillage': '各嘎查村（社区）',
  'sep.list': '、',
  'sep.colon': '：',
  'sep.reasons': '；',
} as const

export type MsgKey = keyof typeof zh

/** English plurals as `{n, plural, one {# day} other {# days}}` (runtime/web/kit/i18n/format.ts). */
const en: Record<MsgKey, string> = {
  'app.title': 'Petition proxy · online services',
  'app.docTitle': 'Online petitions · {town}',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch to Chinese',
  'tab.petition': 'Petition',
  'tab.status': 'Progress',
  'tab.notice': 'Notice',
  'tab.complaint': 'Complain',
  'common.retry': 'Retry',
  'load.failed': 'Could not load the page. Refresh to try again.',
  'limits.title': 'Time limits',
  'days.workday': '{n, plural, one {# working day} other {# working days}}',
  'days.calendar': '{n, plural, one {# calendar day} other {# calendar days}}',
  'complaint.closed': 'Online complaints are not open here. Please use the supervision phone or the comment box.',
  'receipt.title': 'Submitted',
  'receipt.sub': 'No. {number} · {date}',
  'receipt.codeLabel': 'Your tracking code',
  'receipt.copy': 'Copy the code',
  'receipt.copied': 'Copied',
  'receipt.keep':
    'Take a screenshot or write the code down. To check the progress you need the code and the last four digits of the phone number you gave. A lost code cannot be recovered.',
  'receipt.next': 'What happens next',
  'receipt.next1': 'An officer first reviews (triages) the matter. If it qualifies, an officer handles it for you free of charge from start to finish.',
  'receipt.next2': 'If it is not handled by proxy, or belongs to a legal procedure, we tell you why and where to turn.',
  'receipt.next3': 'Once accepted, it is concluded within the working days set for its level, and you are visited afterwards.',
  'receipt.next4': 'You can check the progress at any time under “Progress” with the code and the last four digits of your phone number.',
  'receipt.lookup': 'Check the progress',
  'receipt.another': 'File another matter',
  'form.verifying': 'Verifying… (a check against automated submissions; takes a few seconds)',
  'submit.idle': 'Submit',
  'submit.verifying': 'Verifying…',
  'submit.sending': 'Sending…',
  'submit.failed': 'Could not submit. Please try again later.',
  'check.required': 'Required',
  'check.tick': 'Please tick this box',
  'check.min': 'Enter at least {n, plural, one {# character} other {# characters}}',
  'check.max': 'At most {n, plural, one {# character} other {# characters}} (now {len})',
  'check.phone': 'Wrong format (an 11-digit mobile number, or a landline with its area code)',
  'check.pattern': 'Wrong format',
  'check.enum': 'Choose from the list',
  'check.date': 'Not a valid date (there is no such day)',
  'complaint.title': 'Complaints and suggestions',
  'complaint.received': 'We have received your comment',
  'complaint.message': 'Your comment (No. {number}) has been recorded.',
  'complaint.replyBy': 'Reply by: ',
  'complaint.another': 'Send another comment',
  'lookup.code': 'Tracking code',
  'lookup.codePlaceholder': 'The 12-character code you got when filing',
  'lookup.phone': 'Last four digits of your phone number',
  'lookup.phonePlaceholder': 'Of the phone number you gave when filing',
  'lookup.submit': 'Look up',
  'lookup.failed': 'The lookup failed. Please try again later.',
  'lookup.hint': 'The code is not case-sensitive. Only the progress is shown, never personal details.',
  'status.number': 'No. {number}',
  'status.done': 'Concluded',
  'status.active': 'In progress',
  'status.stage': 'Current step',
  'status.received': 'Submitted on',
  'status.units': 'Handled by',
  'status.tbd': 'To be decided',
  'status.outcome': 'Triage result',
  'status.due': 'Due by',
  'status.left': '{n, plural, one {# working day} other {# working days}} left',
  'status.overdue': '{n, plural, one {# working day} other {# working days}} overdue',
  'status.afterAcceptance': 'Set once the matter is accepted',
  'status.result': 'Result',
  'status.concludedOn': 'Concluded on {date}',
  'status.followUp': 'Follow-up visit',
  'status.followedUp': 'Visited on {date}',
  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.rateLimited': 'Too many requests. Please try again later.',
  'error.http': 'The request failed ({status}). Please try again later.',
  'error.noMatch': 'The tracking code or the last four digits do not match. Check them and try again.',
  'error.invalid': 'Some of what you entered was not accepted. Correct the marked fields and submit again.',
  'error.challenge': 'The check against automated submissions failed or expired. Please submit again.',
  'error.notFound': 'Not found',
  'notice.title': '{town} petition proxy: public notice',
  'notice.print': 'Print the notice',
  'notice.today': 'Today ({date})',
  'notice.process': 'The proxy process',
  'notice.limits': 'Time limits',
  'notice.scope': 'What is handled by proxy',
  'notice.proxied': 'Handled by proxy',
  'notice.notProxied': 'Not handled by proxy',
  'notice.groups': 'Task groups',
  'notice.leader': ' (leader: {leader})',
  'notice.system': 'The proxy system',
  'notice.roster': 'On working days at {unit}: {shifts}.',
  'notice.shift': '{n} × {role}',
  'notice.unitShift': '{role}: {n} per department on each working day ({name}).',
  'notice.grid': 'Grid workers spend at least {n, plural, one {# day} other {# days}} a week at their service point.',
  'notice.points': 'Service points and officers',
  'notice.station': 'service station',
  'notice.point': 'service point',
  'notice.noOfficers': 'Officers to be announced',
  'notice.complain': 'Supervision and complaints',
  'notice.ways': 'Ways to complain: ',
  'notice.phone': 'Supervision phone: ',
  'notice.mailbox': 'Comment boxes: ',
  'notice.replyBefore': 'Complaints are dealt with and answered within ',
  'notice.replyAfter': '.',
  'notice.online': 'Online: ',
  'notice.fillOnline': 'fill in the form',
  'notice.visit': 'visit ',
  'notice.visitAfter': ' and open “Complain”',
  'notice.visitPage': 'open the petition proxy online page and its “Complain” tab',
  'notice.everyMonth': 'monthly',
  'notice.every2': 'every two months',
  'notice.every3': 'quarterly',
  'notice.every4': 'every four months',
  'notice.every6': 'every six months',
  'notice.every12': 'yearly',
  'notice.everyN': '{n, plural, one {every month} other {every # months}}',
  'notice.scopeTown': 'town-wide',
  'notice.scopeVillage': 'in each village and community',
  'sep.list': ', ',
  'sep.colon': ': ',
  'sep.reasons': '; ',
}

export const messages: Record<Lang, Record<MsgKey, string>> = { zh, en }

export type { Params }
const table = defineMessages<MsgKey>('public', zh, en)

export function translate(lang: Lang, key: MsgKey, params?: Params): string {
  return table.translate(lang, key, params)
}

/** A name from the scheme: its English name in English when the API sends one, else the Chinese. */
export interface Named {
  name: string
  nameEn?: string
}

export interface I18n {
  lang: Lang
  setLang(l: Lang): void
  t(key: MsgKey, params?: Params): string
  label(o: Named | null | undefined): string
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void = () => {}): I18n {
  return {
    lang,
    setLang,
    t: (key, params) => translate(lang, key, params),
    label: (o) => (o ? (lang === 'en' && o.nameEn ? o.nameEn : o.name) : ''),
  }
}

// Without a provider (the staff app's print view of the notice): Chinese.
const ctx = langContext<I18n>(makeI18n('zh'))

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang)
  const value = useMemo(
    () =>
      makeI18n(lang, (l) => {
        applyLang(l)
        setLangState(l)
      }),
    [lang],
  )
  return <ctx.Context.Provider value={value}>{children}</ctx.Context.Provider>
}

export const useI18n = (): I18n => ctx.use()
