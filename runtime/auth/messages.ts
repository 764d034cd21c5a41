/** The accounts' and sessions' messages to users, both languages. */
import { registerMessages } from '../errors'

export const authMsg = registerMessages('auth', {
  resetInvalid: {
    zh: '重设密码链接无效、已使用或已过期，请向管理员索取新的链接',
    en: 'The reset link is invalid, used or expired; ask the administrator for a new one',
  },
  grantsCount: { zh: '至少指定一个角色（至多 20 个）', en: 'Give at least one role (at most 20)' },
  noAccount: { zh: '未找到账号', en: 'No such account' },
  noSession: { zh: '未找到该会话（可能已结束）', en: 'No such session (it may have ended)' },
  badUsername: { zh: '用户名应为 2–32 个字母、数字、汉字或 . _ -', en: 'The user name must be 2–32 letters, digits, Chinese characters or . _ -' },
  badUsernameField: { zh: '用户名无效', en: 'Invalid user name' },
  usernameTaken: { zh: '用户名 "{username}" 已存在', en: 'The user name "{username}" is taken' },
  tooManyAttempts: { zh: '尝试次数过多，请 {minutes} 分钟后再试', en: 'Too many attempts; try again in {minutes} minutes' },
  wrongPassword: { zh: '用户名或密码不正确', en: 'Wrong user name or password' },
  wrongOldPassword: { zh: '原密码不正确', en: 'The current password is wrong' },
  setupTokenInvalid: { zh: '初始化令牌无效或已使用', en: 'The setup token is invalid or used' },
  caseNotFound: { zh: '未找到案件 "{id}"', en: 'No case "{id}"' },
  notYourSchemes: { zh: '您不能管理方案 {schemes} 的账号', en: 'You do not manage accounts of {schemes}' },
  signIn: { zh: '请先登录', en: 'Please sign in' },
  csrf: { zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试', en: 'The request lacks a valid CSRF token; reload the page and try again' },
  notAllowed: { zh: '您没有此项操作的权限', en: 'You are not allowed to do this' },
  // grants (policy.checkGrant)
  grantShape: { zh: '角色授权应为 {role, scheme?, village?, unit?}', en: 'A grant must be {role, scheme?, village?, unit?}' },
  grantUnknownField: { zh: '角色授权中的未知字段 "{field}"', en: 'Unknown field "{field}" in a grant' },
  grantSchemeId: { zh: 'scheme 应为方案标识', en: 'scheme must be a scheme id' },
  grantAllScoped: {
    zh: '适用于全部方案（scheme: "*"）的授权不能限定嘎查村或单位：各镇的名录不同',
    en: 'A grant for all schemes (scheme: "*") cannot name a village or unit: each town has its own',
  },
  grantAllRole: {
    zh: '角色 "{role}" 不是每个方案中都有、且范围为“全部”的角色（{schemes}），不能授予全部方案',
    en: 'Role "{role}" is not a role of scope "all" in every scheme ({schemes}); it cannot be granted for all schemes',
  },
  grantUnknownScheme: { zh: '未知方案 "{id}"', en: 'Unknown scheme "{id}"' },
  grantUnknownRole: { zh: '方案 {scheme} 中没有角色 "{role}"', en: 'Scheme {scheme} has no role "{role}"' },
  grantNeedsVillage: {
    zh: '角色"{name}"（{role}）的范围为嘎查村（社区）：须选择嘎查村（社区）',
    en: 'Role "{name}" ({role}) is village-scoped: choose a village',
  },
  grantNeedsUnit: { zh: '角色"{name}"（{role}）的范围为单位：须选择单位', en: 'Role "{name}" ({role}) is unit-scoped: choose a unit' },
  grantNoVillage: {
    zh: '角色"{name}"（{role}）的范围不是嘎查村（社区），不能限定嘎查村（社区）',
    en: 'Role "{name}" ({role}) is not village-scoped; it cannot name a village',
  },
  grantNoUnit: { zh: '角色"{name}"（{role}）的范围不是单位，不能限定单位', en: 'Role "{name}" ({role}) is not unit-scoped; it cannot name a unit' },
  grantUnknownVillage: { zh: '方案 {scheme} 中没有嘎查村（社区）"{village}"', en: 'Scheme {scheme} has no village "{village}"' },
  grantUnknownUnit: { zh: '方案 {scheme} 中没有单位 "{unit}"', en: 'Scheme {scheme} has no unit "{unit}"' },
})
