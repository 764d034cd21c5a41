/** The HTTP layer's own messages to users (routes, the contract's checks), both languages. */
import { registerMessages } from '../errors'

export const serverMsg = registerMessages('server', {
  noScheme: { zh: '未找到方案 "{id}"', en: 'No scheme "{id}"' },
  noCase: { zh: '未找到案件 "{id}"', en: 'No case "{id}"' },
  noForm: { zh: '未找到表单 "{id}"', en: 'No form "{id}"' },
  noReminder: { zh: '未找到提醒', en: 'No such reminder' },
  noScoring: { zh: '方案 {id} 没有考核办法', en: 'Scheme {id} has no scoring definition' },
  invalidInput: { zh: '输入有误', en: 'Invalid input' },
  noRoute: { zh: '没有接口 {method} {path}', en: 'No route {method} {path}' },
})
