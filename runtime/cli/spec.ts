/**
 * One declaration per command: its arguments, flags, a summary, an example and (where it has one)
 * the shape of its `--json` output. Parsing (node:util parseArgs, strict) and `--help` are both
 * derived from it, so a flag cannot be accepted without being documented, or the reverse.
 */
import { parseArgs as nodeParseArgs } from 'node:util'
import type { Locale } from '../../engine'
import { UsageError, type ParsedArgs } from './io'
import { msg } from './messages'

interface Text {
  zh: string
  en: string
}

export interface FlagSpec extends Text {
  /** the value's placeholder; absent for a switch */
  value?: string
  short?: string
}

export interface CommandSpec {
  /** the argument part of each usage line (several for sub-commands) */
  usage: string[]
  summary: Text
  flags: Record<string, FlagSpec>
  example: string
  /** the `--json` output's shape, documented in --help */
  json?: Text
  /** the data folder the command opens, when it uses the embedded store (checked for a running server) */
  dataDir?: (flags: ParsedArgs['flags']) => string | undefined
}

/** Flags every command takes. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  lang: { value: 'zh|en', zh: '输出语言（默认中文；LANG=en* 时为英文）', en: 'output language (Chinese by default; English when LANG=en*)' },
  help: { short: 'h', zh: '显示本命令的用法', en: 'show this command’s usage' },
}

const DATA: FlagSpec = { value: 'DIR', zh: '数据目录（默认 DAIBAN_DATA_DIR 或 ./data）', en: 'data folder (default DAIBAN_DATA_DIR or ./data)' }
const JSON_FLAG: FlagSpec = { zh: '以 JSON 输出（格式见下）', en: 'print JSON (shape below)' }
/** decide, score and workdays: ./checked-cache.ts */
const NO_CACHE_FLAG: FlagSpec = {
  zh: '不用检查结果缓存，每次完整检查方案（默认：同样的文件在同一版本下只检查一次）',
  en: 'do not use the verdict cache: check the scheme in full every time (default: the same files are checked once per build)',
}
const PROBLEM = '{"file","pointer","code","message"}'
const defaultData = (f: ParsedArgs['flags']) =>
  typeof f.data === 'string' ? f.data : process.env.DAIBAN_DATABASE_URL ? undefined : (process.env.DAIBAN_DATA_DIR ?? './data')
const dataIfGiven = (f: ParsedArgs['flags']) => (typeof f.data === 'string' ? f.data : undefined)

export const SPECS: Record<string, CommandSpec> = {
  validate: {
    usage: ['<schemeDir>'],
    summary: { zh: '校验方案（全部问题一次列出）', en: 'check a scheme (every problem at once)' },
    flags: { json: JSON_FLAG },
    example: 'daiban validate definitions/galutu --json',
    json: {
      zh: `通过：{"ok":true,"id","version","name","hash","ms"}；有问题：{"ok":false,"dir","problems":[${PROBLEM}]}`,
      en: `valid: {"ok":true,"id","version","name","hash","ms"}; problems: {"ok":false,"dir","problems":[${PROBLEM}]}`,
    },
  },
  decide: {
    usage: ['<schemeDir> <file|->'],
    summary: {
      zh: '甄别、分流、时限（输入为单个对象或数组；- 为标准输入）',
      en: 'triage, routing and time limits (one object or an array; - reads standard input)',
    },
    flags: { trace: { zh: '附上规则的判断过程', en: 'include the rules’ trace' }, json: JSON_FLAG, 'no-cache': NO_CACHE_FLAG },
    example: 'daiban decide definitions/galutu case.json --json',
    json: {
      zh: `{"ok","results":[{"index","ok":true,"decision":{…}} | {"index","ok":false,"problems":[${PROBLEM}]}]}（单个对象时 results 也是数组）；方案有问题：{"ok":false,"dir","problems":[…]}`,
      en: `{"ok","results":[{"index","ok":true,"decision":{…}} | {"index","ok":false,"problems":[${PROBLEM}]}]} (an array even for one object); scheme problems: {"ok":false,"dir","problems":[…]}`,
    },
  },
  score: {
    usage: ['<schemeDir> <file|->'],
    summary: { zh: '考核计分（输入为单个对象或数组；- 为标准输入）', en: 'assessment scoring (one object or an array; - reads standard input)' },
    flags: {
      scoring: { value: 'ID', zh: '使用的考核办法（默认第一个）', en: 'the scoring to use (default: the first)' },
      json: JSON_FLAG,
      'no-cache': NO_CACHE_FLAG,
    },
    example: 'daiban score definitions/galutu village.json --json',
    json: {
      zh: `{"ok","results":[{"index","ok":true,"result":{…}} | {"index","ok":false,"problems":[${PROBLEM}]}]}；方案有问题：{"ok":false,"dir","problems":[…]}`,
      en: `{"ok","results":[{"index","ok":true,"result":{…}} | {"index","ok":false,"problems":[${PROBLEM}]}]}; scheme problems: {"ok":false,"dir","problems":[…]}`,
    },
  },
  workdays: {
    usage: ['<schemeDir> --from DATE --add N'],
    summary: { zh: '按方案的工作日历推算日期', en: 'add days on the scheme’s working calendar' },
    flags: {
      from: { value: 'DATE', zh: '起算日期 YYYY-MM-DD', en: 'start date YYYY-MM-DD' },
      add: { value: 'N', zh: '天数（0–9999）', en: 'number of days (0–9999)' },
      unit: { value: 'workday|calendar', zh: '工作日（默认）或自然日', en: 'working days (default) or calendar days' },
      json: JSON_FLAG,
      'no-cache': NO_CACHE_FLAG,
    },
    example: 'daiban workdays definitions/galutu --from 2026-09-29 --add 5 --json',
    json: {
      zh: '{"ok":true,"from","add","unit","date","day":{…}}；方案有问题：{"ok":false,"dir","problems":[…]}',
      en: '{"ok":true,"from","add","unit","date","day":{…}}; scheme problems: {"ok":false,"dir","problems":[…]}',
    },
  },
  'calendar-seed': {
    usage: ['<schemeDir> --from YEAR [--to YEAR]'],
    summary: { zh: '由 chinese-days 生成工作日历 calendar.json', en: 'write calendar.json from chinese-days' },
    flags: {
      from: { value: 'YEAR', zh: '第一年', en: 'first year' },
      to: { value: 'YEAR', zh: '最后一年（默认同 --from）', en: 'last year (default: --from)' },
      provisional: { zh: '未公布的年份按法定节日暂定', en: 'years not yet announced: provisional, from the statutory holidays' },
    },
    example: 'daiban calendar-seed definitions/galutu --from 2027 --to 2027 --provisional',
  },
  user: {
    usage: ['add <username> (--admin | --role ROLE [--village VILLAGE] [--unit UNIT]) [--scheme ID|*] [--name NAME]', 'passwd <username>'],
    summary: {
      zh: '创建账号或重设密码（密码从标准输入读取，或 DAIBAN_PASSWORD）；服务器运行时请在网页的账号管理中操作',
      en: 'create an account or reset a password (read from standard input, or DAIBAN_PASSWORD); while the server runs, use the accounts page',
    },
    flags: {
      admin: { zh: '系统管理员（缺省授予全部方案）', en: 'administrator (all schemes unless --scheme)' },
      role: { value: 'ROLE', zh: '角色标识（org.json 的 roles）', en: 'role id (org.json roles)' },
      village: { value: 'VILLAGE', zh: '嘎查村（社区）：范围为嘎查村的角色必填', en: 'village: required for village-scoped roles' },
      unit: { value: 'UNIT', zh: '单位标识：范围为单位的角色必填', en: 'unit id: required for unit-scoped roles' },
      scheme: { value: 'ID|*', zh: '方案（缺省为默认方案；* 为全部方案）', en: 'scheme (default: the default scheme; * for all)' },
      name: { value: 'NAME', zh: '显示名（缺省为用户名）', en: 'display name (default: the user name)' },
      data: DATA,
    },
    example: 'DAIBAN_PASSWORD=… daiban user add wang --role village_officer --village 团结社区 --name 王芳',
    dataDir: defaultData,
  },
  audit: {
    usage: ['verify [--data DIR | --database-url postgres://…]'],
    summary: { zh: '校验审计日志的哈希链（数据目录或 PostgreSQL）', en: 'verify the audit log’s hash chain (data folder or PostgreSQL)' },
    flags: {
      data: DATA,
      'database-url': { value: 'URL', zh: 'PostgreSQL 地址（默认 DAIBAN_DATABASE_URL）', en: 'PostgreSQL URL (default DAIBAN_DATABASE_URL)' },
    },
    example: 'daiban audit verify --database-url postgres://daiban@localhost/daiban',
    dataDir: (f) => (typeof f['database-url'] === 'string' ? undefined : defaultData(f)),
  },
  fork: {
    usage: ['<schemeDir> <newId> --name TOWN'],
    summary: { zh: '由现有方案创建分支（保留共同祖先，便于以后升级）', en: 'fork a scheme (keeping the common ancestor for later upgrades)' },
    flags: {
      name: { value: 'TOWN', zh: '新方案的镇名', en: 'the new scheme’s town' },
      into: { value: 'DIR', zh: '新方案目录', en: 'folder of the new scheme' },
      prefix: { value: 'ABC', zh: '案件编号前缀（2–8 个大写字母）', en: 'case number prefix (2–8 capitals)' },
    },
    example: 'daiban fork definitions/galutu wulan --name 乌兰陶勒盖镇 --prefix WL',
  },
  diff: {
    usage: ['<schemeDirA> <schemeDirB>'],
    summary: { zh: '按方案自身的术语说明两个方案的差异', en: 'the differences of two schemes, in their own terms' },
    flags: { json: JSON_FLAG },
    example: 'daiban diff definitions/galutu ../wulan',
    json: {
      zh: '{"a":{"dir","id","version","hash"},"b":{…},"count","changes":[{"kind","text",…}]}',
      en: '{"a":{"dir","id","version","hash"},"b":{…},"count","changes":[{"kind","text",…}]}',
    },
  },
  upgrade: {
    usage: ['<forkDir>'],
    summary: { zh: '三方合并上游的新改动（冲突时不写入）', en: 'three-way merge of the upstream’s new changes (nothing written on conflict)' },
    flags: {
      from: { value: 'DIR', zh: '上游方案目录', en: 'upstream scheme folder' },
      'dry-run': { zh: '预演，不写入', en: 'rehearse, write nothing' },
      json: JSON_FLAG,
    },
    example: 'daiban upgrade ../wulan --from definitions/galutu --dry-run',
    json: {
      zh: '合并计划：{"fork","upstream","upToDate","taken","kept","conflicts","problems","write","remove","written"}',
      en: 'the merge plan: {"fork","upstream","upToDate","taken","kept","conflicts","problems","write","remove","written"}',
    },
  },
  pack: {
    usage: ['<schemeDir>'],
    summary: { zh: '把方案打成一个 JSON 包（默认输出到标准输出）', en: 'pack a scheme into one JSON bundle (standard output by default)' },
    flags: { out: { value: 'FILE', zh: '写入文件', en: 'write to a file' } },
    example: 'daiban pack definitions/galutu --out galutu.json',
  },
  unpack: {
    usage: ['<bundle|-> <intoDir>'],
    summary: { zh: '解包：核对哈希、校验方案，不覆盖非空目录', en: 'unpack: check the hash, validate, never overwrite a non-empty folder' },
    flags: { force: { zh: '覆盖非空目录', en: 'overwrite a non-empty folder' } },
    example: 'daiban unpack galutu.json /tmp/galutu',
  },
  'migrate-scheme': {
    usage: ['<schemeDir>'],
    summary: {
      zh: '把第一版方案改写为定义格式第二版（行为不变，可重复运行）',
      en: 'rewrite a first-edition scheme to the second edition of the format (same behaviour, re-runnable)',
    },
    flags: { 'dry-run': { zh: '预演，不写入', en: 'rehearse, write nothing' }, json: JSON_FLAG },
    example: 'daiban migrate-scheme ../old-scheme --dry-run',
    json: { zh: '{"dir","dryRun","written","changes","notes","problems"}', en: '{"dir","dryRun","written","changes","notes","problems"}' },
  },
  store: {
    usage: ['migrate --from DIR --to postgres://…'],
    summary: {
      zh: '把数据目录迁移到 PostgreSQL（可重复执行，校验数量与校验和）',
      en: 'copy a data folder into PostgreSQL (re-runnable, counts and checksums verified)',
    },
    flags: {
      from: { value: 'DIR', zh: '数据目录', en: 'data folder' },
      to: { value: 'URL', zh: 'PostgreSQL 地址 postgres://…', en: 'PostgreSQL URL postgres://…' },
      force: { zh: '目标库非空时仍然迁移', en: 'migrate into a non-empty database' },
    },
    example: 'daiban store migrate --from ./data --to postgres://daiban@localhost/daiban',
    dataDir: (f) => (typeof f.from === 'string' ? f.from : undefined),
  },
  backup: {
    usage: ['(--data DIR | --database-url postgres://…) --out FILE.jsonl.gz'],
    summary: { zh: '全部数据备份为一个文件（含校验和）', en: 'back up all data into one file (with checksums)' },
    flags: {
      data: DATA,
      'database-url': { value: 'URL', zh: 'PostgreSQL 地址', en: 'PostgreSQL URL' },
      out: { value: 'FILE', zh: '备份文件', en: 'backup file' },
    },
    example: 'daiban backup --data ./data --out backup.jsonl.gz',
    dataDir: dataIfGiven,
  },
  restore: {
    usage: ['--in FILE (--data DIR | --database-url postgres://…)'],
    summary: { zh: '从备份恢复（目标非空时需 --force）', en: 'restore a backup (--force for a non-empty target)' },
    flags: {
      in: { value: 'FILE', zh: '备份文件', en: 'backup file' },
      data: DATA,
      'database-url': { value: 'URL', zh: 'PostgreSQL 地址', en: 'PostgreSQL URL' },
      force: { zh: '目标非空时仍然恢复', en: 'restore into a non-empty target' },
    },
    example: 'daiban restore --in backup.jsonl.gz --data ./data-restored',
    dataDir: dataIfGiven,
  },
  report: {
    usage: ['<schemeDir> --period 2026-10|2026'],
    summary: { zh: '月通报、年度考核（服务器运行时请改用 /api/reports）', en: 'monthly bulletin, yearly assessment (while the server runs, use /api/reports)' },
    flags: {
      period: { value: 'PERIOD', zh: '月份 YYYY-MM 或年份 YYYY', en: 'month YYYY-MM or year YYYY' },
      format: { value: 'json|xlsx', zh: '输出格式（默认 json）', en: 'output format (default json)' },
      out: { value: 'FILE', zh: '写入文件', en: 'write to a file' },
      data: DATA,
    },
    example: 'daiban report definitions/galutu --period 2026-10 --format xlsx --out 2026-10.xlsx',
    dataDir: defaultData,
  },
  'migrate-cases': {
    usage: ['--scheme ID (--cases N1,N2 | --all)'],
    summary: { zh: '把案件迁移到方案的新版本', en: 'move cases onto a newer version of their scheme' },
    flags: {
      scheme: { value: 'ID', zh: '方案标识', en: 'scheme id' },
      to: { value: 'VERSION', zh: '目标版本（默认 latest）', en: 'target version (default latest)' },
      cases: { value: 'N1,N2', zh: '案件编号（逗号分隔）', en: 'case numbers (comma-separated)' },
      all: { zh: '该方案的全部案件', en: 'every case of the scheme' },
      'dry-run': { zh: '预演，不写入', en: 'rehearse, write nothing' },
      data: DATA,
    },
    example: 'daiban migrate-cases --scheme galutu --all --dry-run',
    dataDir: defaultData,
  },
  serve: {
    usage: [''],
    summary: {
      zh: '启动服务器（未给出时读 PORT、DAIBAN_HOST、DAIBAN_DATA_DIR、DAIBAN_DEFINITIONS_DIR）',
      en: 'start the server (else PORT, DAIBAN_HOST, DAIBAN_DATA_DIR, DAIBAN_DEFINITIONS_DIR)',
    },
    flags: {
      port: { value: 'PORT', zh: '端口（默认 3000）', en: 'port (default 3000)' },
      host: { value: 'ADDR', zh: '监听地址', en: 'address to listen on' },
      data: DATA,
      definitions: { value: 'DIR', zh: '方案目录所在的文件夹', en: 'folder holding the scheme folders' },
    },
    example: 'daiban serve --port 3000 --data /var/lib/daiban',
  },
}

/** All flags a command takes: its own and the common ones. */
export function flagsOf(spec: CommandSpec): Record<string, FlagSpec> {
  return { ...spec.flags, ...COMMON_FLAGS }
}

/**
 * The command's arguments, parsed strictly: an unknown flag, a missing value or a value given to a
 * switch is a UsageError naming the flag and the command's valid flags.
 */
export function parseCommand(name: string, spec: CommandSpec, argv: string[], locale: Locale): ParsedArgs {
  const flags = flagsOf(spec)
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {}
  for (const [k, f] of Object.entries(flags))
    options[k] = f.short ? { type: f.value ? 'string' : 'boolean', short: f.short } : { type: f.value ? 'string' : 'boolean' }
  let parsed
  try {
    parsed = nodeParseArgs({ args: argv, options, strict: true, allowPositionals: true })
  } catch (e) {
    const code = (e as { code?: string }).code
    const text = e instanceof Error ? e.message : String(e)
    const flag = /'(-{1,2}[^'\s=<]+)/.exec(text)?.[1] ?? '?'
    const valid = Object.keys(flags)
      .map((k) => `--${k}`)
      .join(' ')
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(msg(locale, 'unknownFlag', { flag, command: name, valid }))
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const key = flag.replace(/^-+/, '')
      const f = flags[key] ?? Object.values(flags).find((x) => x.short === key)
      throw new UsageError(msg(locale, f?.value ? 'needsValue' : 'noValue', { flag, value: f?.value ?? '', command: name }))
    }
    throw new UsageError(`${name}: ${text}`)
  }
  const out: ParsedArgs['flags'] = {}
  for (const [k, v] of Object.entries(parsed.values)) if (typeof v === 'string' || v === true) out[k] = v
  return { positional: parsed.positionals, flags: out }
}

/** `daiban <command> --help`. */
export function commandHelp(name: string, spec: CommandSpec, locale: Locale): string {
  const en = locale === 'en'
  const t = (x: Text) => (en ? x.en : x.zh)
  const flags = flagsOf(spec)
  const left = (k: string, f: FlagSpec) => `${f.short ? `-${f.short}, ` : ''}--${k}${f.value ? ` ${f.value}` : ''}`
  const width = Math.max(...Object.entries(flags).map(([k, f]) => left(k, f).length)) + 2
  const lines = [
    ...spec.usage.map(
      (u, i) => `${i === 0 ? (en ? 'usage: ' : '用法：') : en ? '       ' : '      '}daiban ${name}${u ? ' ' + u : ''} [${en ? 'options' : '选项'}]`,
    ),
    '',
    `  ${t(spec.summary)}`,
    '',
    en ? 'options:' : '选项：',
    ...Object.entries(flags).map(([k, f]) => `  ${left(k, f).padEnd(width)}${t(f)}`),
    '',
    en ? 'example:' : '示例：',
    `  ${spec.example}`,
  ]
  if (spec.json) lines.push('', en ? '--json output:' : '--json 输出：', `  ${t(spec.json)}`, `  ${msg(locale, 'jsonErrors')}`)
  lines.push('', msg(locale, 'exitCodes'))
  return lines.join('\n')
}

/** `daiban help`: every command, one line each. */
export function overview(locale: Locale, builtin: Record<string, CommandSpec> = SPECS): string {
  const en = locale === 'en'
  const rows = Object.entries(builtin).map(([name, s]) => [`daiban ${name}${s.usage[0] ? ' ' + s.usage[0] : ''}`, en ? s.summary.en : s.summary.zh] as const)
  return [
    en ? 'daiban — petition proxy platform' : 'daiban — 信访代办制低代码平台',
    '',
    en ? 'usage:' : '用法：',
    ...rows.map(([u, s]) => `  ${u}\n      ${s}`),
    `  daiban --version\n      ${en ? 'version' : '版本'}`,
    '',
    en ? 'Each command: daiban <command> --help (or daiban help <command>).' : '各命令的用法：daiban <命令> --help（或 daiban help <命令>）。',
    en ? 'options: --lang zh|en  output language (LANG=en* → English)' : '选项：--lang zh|en  输出语言（默认中文；LANG=en* 时为英文）',
    msg(locale, 'exitCodes'),
  ].join('\n')
}
