/** The assessment entries' messages to users, both languages. */
import { registerMessages } from '../errors'

export const reportMsg = registerMessages('reports', {
  badPeriod: { zh: '期间 "{id}" 无效：应为 YYYY-MM（月）或 YYYY（年）', en: 'Invalid period "{id}": it must be YYYY-MM (a month) or YYYY (a year)' },
  badPeriodField: { zh: '期间应为 YYYY-MM 或 YYYY', en: 'The period must be YYYY-MM or YYYY' },
  unknownField: { zh: '未知字段 "{field}"', en: 'Unknown field "{field}"' },
  unknownItem: { zh: '考核定义中没有可录入的项目 "{item}"，可录入：{items}', en: 'The scoring has no item "{item}" to enter; these can be entered: {items}' },
  villageRequired: { zh: '请填写嘎查村（社区）', en: 'Give the village' },
  unknownVillage: {
    zh: '嘎查村（社区）“{village}”不在本镇的嘎查村（社区）名录中，请从列表中选择',
    en: 'Village "{village}" is not in this town’s list of villages; choose one from the list',
  },
  dateFormat: { zh: '日期应为 YYYY-MM-DD', en: 'The date must be YYYY-MM-DD' },
  noteRequired: { zh: '请填写说明或佐证材料（每项录入都须留有依据）', en: 'Give a note or evidence (every entry needs its grounds)' },
  yesNo: { zh: '该项的值应为 是/否', en: 'This item takes yes or no' },
  count: { zh: '该项的值应为 0–10000 的整数（人次或件数）', en: 'This item takes a whole number from 0 to 10000 (people or cases)' },
  attachment: { zh: '附件应为不超过 500 字的引用', en: 'The attachment is a reference of at most 500 characters' },
  entryInvalid: { zh: '录入内容有误', en: 'The entry has errors' },
  villageData: { zh: '{village} 的考核数据有误：{problems}', en: 'The assessment data of {village} has errors: {problems}' },
})
