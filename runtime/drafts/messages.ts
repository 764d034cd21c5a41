/** The designer's drafts' and forks' messages to users, both languages. */
import { registerMessages } from '../errors'

export const draftMsg = registerMessages('drafts', {
  noScheme: { zh: '未找到方案 "{id}"', en: 'No scheme "{id}"' },
  badFileName: { zh: '文件名 "{file}" 无效：{reason}', en: 'Invalid file name "{file}": {reasonEn}' },
  textNotString: { zh: 'text 应为文本', en: 'text must be a string' },
  fileTooLarge: { zh: '文件超过 {mb} MB', en: 'The file is over {mb} MB' },
  noDraftFile: { zh: '草稿中没有文件 {file}', en: 'The draft has no file {file}' },
  importCount: { zh: '导入内容应为 1–200 个文件', en: 'An import holds 1–200 files' },
  importShape: { zh: '每个文件应为 {file, text}', en: 'Each file must be {file, text}' },
  duplicateFile: { zh: '文件 {file} 重复', en: 'File {file} is given twice' },
  namedFileTooLarge: { zh: '文件 {file} 过大', en: 'File {file} is too large' },
  draftGone: { zh: '草稿已被放弃、发布或更换了基础版本，请刷新后重试', en: 'The draft was discarded, published or rebased; reload and try again' },
  noteRequired: { zh: '请填写变更说明', en: 'Describe the change' },
  idChanged: { zh: '草稿的方案标识是 "{draft}"，不是 "{id}"', en: 'The draft’s scheme id is "{draft}", not "{id}"' },
  idFixed: { zh: '方案标识不能在设计器中修改；请用分支（fork）', en: 'A scheme id cannot change in the designer; make a fork' },
  publishProblems: { zh: '方案有 {count} 个问题，未发布', en: 'The scheme has {count} problems; not published' },
  previewProblems: { zh: '草稿有 {count} 个问题，无法预览影响', en: 'The draft has {count} problems; its effect cannot be previewed' },
  badSchemeId: {
    zh: '方案标识 "{id}" 无效：应为小写字母开头，只含小写字母、数字和连字符（至多 64 个字符）',
    en: 'Invalid scheme id "{id}": it starts with a lower-case letter and holds only lower-case letters, digits and hyphens (at most 64)',
  },
  townRequired: { zh: '请填写新方案的镇名（至多 40 个字）', en: 'Give the new scheme’s town name (at most 40 characters)' },
  badPrefix: { zh: '案件编号前缀应为 2–8 个大写字母', en: 'The case number prefix is 2–8 capital letters' },
  schemeExists: { zh: '方案标识 "{id}" 已存在', en: 'Scheme "{id}" exists' },
  prefixNeeded: {
    zh: '无法从标识 "{id}" 推出案件编号前缀，请填写（2–8 个大写字母）',
    en: 'No case number prefix follows from "{id}"; give one (2–8 capital letters)',
  },
  prefixTaken: {
    zh: '案件编号前缀 {prefix} 已被方案 {other} 使用，请另取一个',
    en: 'The case number prefix {prefix} is used by scheme {other}; choose another',
  },
  dirExists: { zh: '目录 {id}/ 已存在于方案目录中，请换一个标识', en: 'A folder {id}/ exists among the schemes; choose another id' },
  dirExistsField: { zh: '目录 {id}/ 已存在', en: 'The folder {id}/ exists' },
  forkProblems: { zh: '分支方案有 {count} 个问题，未创建', en: 'The fork has {count} problems; not created' },
  notAFork: { zh: '方案 {id} 不是分支，没有上游', en: 'Scheme {id} is not a fork; it has no upstream' },
  notAForkField: { zh: '方案 {id} 不是分支', en: 'Scheme {id} is not a fork' },
  noUpstream: { zh: '本服务器上没有上游方案 "{id}"', en: 'This server has no upstream scheme "{id}"' },
  upstreamUnchanged: { zh: '上游自分支点以来没有新的改动', en: 'The upstream has no new changes since the fork point' },
  noBase: {
    zh: '缺少分支点（{id} {version}，{hash}）的上游文件，无法三方合并；请用 daiban upgrade 在方案目录中升级',
    en: 'The upstream files of the fork point ({id} {version}, {hash}) are missing, so no three-way merge; upgrade in the scheme folder with daiban upgrade',
  },
  mergeProblems: { zh: '合并结果有 {count} 个问题，草稿未改动', en: 'The merge has {count} problems; the draft is unchanged' },
})
