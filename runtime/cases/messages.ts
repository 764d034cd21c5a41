/** The case service's messages to users, both languages. */
import { registerMessages } from '../errors'

export const caseMsg = registerMessages('cases', {
  scheme: { zh: '方案 "{id}"', en: 'scheme "{id}"' },
  case: { zh: '案件 "{id}"', en: 'case "{id}"' },
  noMachine: { zh: '方案中没有流程 "{machine}"', en: 'The scheme has no workflow "{machine}"' },
  noEntry: {
    zh: '流程 "{machine}" 未指定{what}事件（entry.{kind}），请在请求中给出 type',
    en: 'Workflow "{machine}" names no {what} event (entry.{kind}); give type in the request',
  },
  noEntryField: { zh: '流程 "{machine}" 的 entry.{kind} 未定义', en: 'Workflow "{machine}" names no entry.{kind} event' },
  register: { zh: '登记', en: 'registration' },
  submit: { zh: '网上提交', en: 'online submission' },
  import: { zh: '导入', en: 'import' },
  changed: { zh: '案件已被他人修改（当前版本 {version}），请刷新后重试', en: 'Someone else changed this case (now version {version}); reload and try again' },
  changedSince: {
    zh: '案件已被他人修改（当前版本 {version}，提交基于版本 {expected}），请刷新后重试',
    en: 'Someone else changed this case (now version {version}, yours was based on {expected}); reload and try again',
  },
  invalid: { zh: '提交的内容有误，请按提示修改', en: 'Some entries are not valid; correct the marked fields' },
  staleVersion: { zh: '最新版本是 {version}', en: 'The newest version is {version}' },
  noCaseField: { zh: '没有案件 {ref}', en: 'No case {ref}' },
})
