/**
 * The CLI's own messages, Chinese and English, filled like the engine's problem messages
 * (engine/i18n/messages.ts). The output language: --lang, else LC_ALL / LC_MESSAGES / LANG
 * starting with "en", else Chinese.
 */
import type { Locale } from '../../engine'

const MESSAGES = {
  unknownFlag: {
    zh: '未知选项 {flag}：daiban {command} 可用的选项为 {valid}',
    en: 'unknown option {flag}: daiban {command} takes {valid}',
  },
  needsValue: { zh: '{flag} 需要一个值（{value}），见 daiban {command} --help', en: '{flag} needs a value ({value}); see daiban {command} --help' },
  noValue: { zh: '{flag} 不带值，见 daiban {command} --help', en: '{flag} takes no value; see daiban {command} --help' },
  badLang: { zh: '--lang 应为 zh 或 en，实际为 {value}', en: '--lang must be zh or en, not {value}' },
  unknownCommand: { zh: '未知命令 "{command}"', en: 'unknown command "{command}"' },
  missingSchemeDir: { zh: '缺少方案目录 <schemeDir>，见 daiban {command} --help', en: 'missing <schemeDir>; see daiban {command} --help' },
  missingArgs: { zh: '参数不全。用法：daiban {command} {usage}', en: 'missing arguments. usage: daiban {command} {usage}' },
  extraArgs: { zh: '多余的参数：{args}', en: 'unexpected arguments: {args}' },
  schemeProblems: { zh: '方案 {dir} 有 {count} 个问题：', en: 'Scheme {dir} has {count} problem(s):' },
  invalidInput: { zh: '输入有误：', en: 'Invalid input:' },
  badFrom: { zh: '--from 应为日期 YYYY-MM-DD，实际为 {value}', en: '--from must be a date YYYY-MM-DD, not {value}' },
  badAdd: { zh: '--add 应为 0–9999 的整数，实际为 {value}', en: '--add must be an integer from 0 to 9999, not {value}' },
  badUnit: { zh: '--unit 应为 workday 或 calendar，实际为 {value}', en: '--unit must be workday or calendar, not {value}' },
  locked: {
    zh: '数据目录正被运行中的服务器使用：请先停止服务器，或在网页的账号管理中操作（{dir}，pid {pid}）',
    en: 'the data folder is in use by a running server: stop the server first, or use the accounts page in the browser ({dir}, pid {pid})',
  },
  needsVillage: {
    zh: '角色 {role}（{name}）的范围为嘎查村（社区）：请用 --village 指定，例如 --village {example}',
    en: 'role {role} ({name}) is village-scoped: give --village, e.g. --village {example}',
  },
  needsUnit: {
    zh: '角色 {role}（{name}）的范围为单位：请用 --unit 指定单位标识，例如 --unit {example}',
    en: 'role {role} ({name}) is unit-scoped: give --unit with a unit id, e.g. --unit {example}',
  },
  jsonErrors: {
    zh: '用法或输入错误（退出码 2）：{"ok":false,"error","problems"?}；说明同时写到标准错误',
    en: 'bad usage or input (exit 2): {"ok":false,"error","problems"?}; the message also goes to standard error',
  },
  internal: { zh: '内部错误：{message}', en: 'internal error: {message}' },
  exitCodes: {
    zh: '退出码：0 成功  1 方案（或校验）有问题  2 用法或输入错误',
    en: 'exit codes: 0 success  1 the scheme (or a check) has problems  2 bad usage or input',
  },
} satisfies Record<string, { zh: string; en: string }>

export type MessageKey = keyof typeof MESSAGES

export function msg(locale: Locale, key: MessageKey, params: Record<string, unknown> = {}): string {
  const e = MESSAGES[key]
  return (locale === 'en' ? e.en : e.zh).replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])))
}

/** The output language: `--lang` (anywhere in argv), else the POSIX locale variables, else Chinese. */
export function localeOf(argv: string[], env: NodeJS.ProcessEnv = process.env): Locale {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined
    if (v !== undefined) return v === 'en' ? 'en' : 'zh-CN'
  }
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return /^en/i.test(posix) ? 'en' : 'zh-CN'
}
