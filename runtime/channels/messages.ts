/** The channels' messages to users (public page, similar cases, import), both languages. */
import { registerMessages } from '../errors'

export const channelMsg = registerMessages('channels', {
  onlineClosed: { zh: '本方案未开通网上信访', en: 'This scheme takes no petitions online' },
  noSubmissionId: { zh: '缺少提交编号', en: 'The submission id is missing' },
  formInvalid: { zh: '表单内容有误', en: 'The form is not valid' },
  systemField: { zh: '字段 {field} 由系统填写', en: 'Field {field} is filled in by the system' },
  case: { zh: '案件', en: 'case' },
  linkSelf: { zh: '不能与自身关联', en: 'A case cannot be linked to itself' },
  linkOtherScheme: { zh: '只能关联同一方案的案件', en: 'Only cases of the same scheme can be linked' },
  notLinked: { zh: '{b} 未与 {a} 关联', en: '{b} is not linked to {a}' },
  notLinkedField: { zh: '两件案件未关联', en: 'The two cases are not linked' },
  xlsxUnreadable: { zh: '无法读取该 Excel 文件（仅支持 .xlsx）', en: 'The Excel file cannot be read (only .xlsx is supported)' },
  xlsxNoSheet: { zh: 'Excel 文件中没有工作表', en: 'The Excel file has no worksheet' },
  csvBad: { zh: 'CSV 格式错误：{detail}', en: 'Malformed CSV: {detail}' },
  noImport: { zh: '渠道 "{id}" 没有配置导入', en: 'Channel "{id}" has no import set up' },
  emptyFile: { zh: '文件为空', en: 'The file is empty' },
  tooManyRows: { zh: '一次最多导入 {max} 行', en: 'At most {max} rows can be imported at once' },
  missingColumn: { zh: '缺少列 "{column}"', en: 'Missing column "{column}"' },
  missingColumns: {
    zh: '文件缺少列：{columns}（本渠道的列对应关系见方案 org 定义）',
    en: 'The file lacks columns: {columns} (the channel’s column mapping is in the scheme’s org definition)',
  },
})
