/**
 * Every environment variable Daiban reads, declared once: name, type, default, what it does (zh/en)
 * and how its text is read. `checkEnv` refuses a bad value at start with a message naming the
 * variable (the server and the CLI exit 2), and the README's table is generated from this list
 * (`npm run docs:env`; tests/runtime/env.test.ts checks the README matches it, and that every
 * variable the code reads is declared here).
 *
 * An empty value counts as unset (a systemd EnvironmentFile line `NAME=`).
 */

export type EnvScope = 'server' | 'cli' | 'deploy' | 'dev'

/** A refused value: the reason, to follow "NAME=value". */
export interface EnvRefusal {
  refused: { zh: string; en: string }
}

type Parse<T> = (raw: string) => T | EnvRefusal

interface EnvVar<T> {
  /** Who reads it: the server (`daiban serve`, dist/server.js), the CLI commands, the scripts of deploy/, or tests, benches and CI. */
  scope: EnvScope[]
  /** The type as the README shows it */
  type: string
  /** The default as the README shows it ('' when none) */
  shown: string
  zh: string
  en: string
  parse: Parse<T>
  /** The value when unset */
  fallback: T
}

const refuse = (zh: string, en: string): EnvRefusal => ({ refused: { zh, en } })
const isRefusal = (v: unknown): v is EnvRefusal => !!v && typeof v === 'object' && 'refused' in v

const integer =
  (min: number, max: number): Parse<number> =>
  (raw) => {
    const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN
    return Number.isSafeInteger(n) && n >= min && n <= max ? n : refuse(`应为 ${min}–${max} 的整数`, `must be an integer from ${min} to ${max}`)
  }
const flag: Parse<boolean> = (raw) => {
  const v = raw.trim().toLowerCase()
  if (v === '1' || v === 'true') return true
  if (v === '0' || v === 'false') return false
  return refuse('应为 1 或 0', 'must be 1 or 0')
}
const oneOf =
  <T extends string>(values: readonly T[]): Parse<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw.trim()) ? (raw.trim() as T) : refuse(`应为 ${values.join('、')} 之一`, `must be one of ${values.join(', ')}`)
const text: Parse<string> = (raw) => raw
const host: Parse<string> = (raw) =>
  /^[\w.:[\]-]+$/.test(raw.trim()) ? raw.trim() : refuse('应为 IP 地址或主机名（如 127.0.0.1、::）', 'must be an IP address or a host name (127.0.0.1, ::)')
const pgUrl: Parse<string> = (raw) => (/^postgres(ql)?:\/\//i.test(raw.trim()) ? raw.trim() : refuse('应以 postgres:// 开头', 'must be a postgres:// URL'))
const csv: Parse<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const v = <T>(d: EnvVar<T>): EnvVar<T> => d
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The declaration. Order is the README's. */
export const ENV = {
  PORT: v({
    scope: ['server'],
    type: '0–65535',
    shown: '3000',
    fallback: 3000,
    parse: integer(0, 65535),
    zh: 'HTTP 端口（0：任一空闲端口）；`--port` 优先',
    en: 'HTTP port (0: any free port); `--port` wins',
  }),
  DAIBAN_HOST: v({
    scope: ['server'],
    type: 'address',
    shown: '(all interfaces)',
    fallback: '',
    parse: host,
    zh: '监听地址，如反向代理之后用 `127.0.0.1`；`--host` 优先',
    en: 'address to listen on, e.g. `127.0.0.1` behind a reverse proxy; `--host` wins',
  }),
  DAIBAN_DATA_DIR: v({
    scope: ['server', 'cli'],
    type: 'path',
    shown: './data',
    fallback: './data',
    parse: text,
    zh: '内置存储的数据目录（相对当前目录）；`--data` 优先',
    en: 'data folder of the embedded store (relative to the current folder); `--data` wins',
  }),
  DAIBAN_DEFINITIONS_DIR: v({
    scope: ['server', 'cli'],
    type: 'path',
    shown: '(the package’s definitions/)',
    fallback: '',
    parse: text,
    zh: '方案目录所在的文件夹；`--definitions` 优先',
    en: 'folder holding the scheme folders; `--definitions` wins',
  }),
  DAIBAN_DATABASE_URL: v({
    scope: ['server', 'cli'],
    type: 'postgres:// URL',
    shown: '',
    fallback: '',
    parse: pgUrl,
    zh: '改用 PostgreSQL 存储（多个实例可共用）',
    en: 'use PostgreSQL instead of the embedded store (several instances may share it)',
  }),
  DAIBAN_DB_POOL: v({
    scope: ['server', 'cli'],
    type: '1–1000',
    shown: '10',
    fallback: 10,
    parse: integer(1, 1000),
    zh: '每个实例的 PostgreSQL 连接数',
    en: 'PostgreSQL connections per instance',
  }),
  DAIBAN_TRUST_PROXY: v({
    scope: ['server'],
    type: '0–10',
    shown: '0',
    fallback: 0,
    parse: integer(0, 10),
    zh: '前置反向代理的层数（限流按真实客户端地址计）',
    en: 'number of reverse proxies in front (rate limits count the real client address)',
  }),
  DAIBAN_SECURE_COOKIES: v({
    scope: ['server'],
    type: '1 or 0',
    shown: '0',
    fallback: false,
    parse: flag,
    zh: '会话 Cookie 加 Secure，并发送 HSTS（经 HTTPS 访问时设为 1）',
    en: 'Secure session cookie and HSTS (set to 1 behind HTTPS)',
  }),
  DAIBAN_LOG_LEVEL: v({
    scope: ['server', 'cli'],
    type: LOG_LEVELS.join(' '),
    shown: 'info',
    fallback: 'info' as (typeof LOG_LEVELS)[number],
    parse: oneOf(LOG_LEVELS),
    zh: '日志级别（JSON 行，写到标准输出）',
    en: 'log level (JSON lines on standard output)',
  }),
  DAIBAN_SCHEDULER_MS: v({
    scope: ['server'],
    type: '1000–86400000',
    shown: '60000',
    fallback: 60_000,
    parse: integer(1000, 86_400_000),
    zh: '到期提醒扫描间隔（毫秒）',
    en: 'deadline scheduler interval (ms)',
  }),
  DAIBAN_SHUTDOWN_MS: v({
    scope: ['server'],
    type: '0–600000',
    shown: '10000',
    fallback: 10_000,
    parse: integer(0, 600_000),
    zh: '收到 SIGTERM 后等待进行中请求的上限（毫秒）',
    en: 'how long SIGTERM waits for requests in flight (ms)',
  }),
  NODE_ENV: v({
    scope: ['server'],
    type: 'text',
    shown: '',
    fallback: '',
    parse: text,
    zh: '部署时设为 production（express 按此省去调试行为）',
    en: 'set to production when deployed (express drops its debugging behaviour)',
  }),
  DAIBAN_CHECK_RESPONSES: v({
    scope: ['server', 'dev'],
    type: '1 or 0',
    shown: '0',
    fallback: false,
    parse: flag,
    zh: '逐个校验 JSON 响应是否符合路由声明（测试用）',
    en: 'check every JSON response against its declared schema (tests)',
  }),
  DAIBAN_PASSWORD: v({
    scope: ['cli'],
    type: 'text',
    shown: '',
    fallback: '',
    parse: text,
    zh: '`daiban user add` / `user passwd` 的密码（不设则从标准输入读取）',
    en: 'password for `daiban user add` / `user passwd` (else read from standard input)',
  }),
  DAIBAN_DEBUG: v({
    scope: ['cli'],
    type: '1 or 0',
    shown: '0',
    fallback: false,
    parse: flag,
    zh: '命令出错时打印调用栈',
    en: 'print stack traces when a command fails',
  }),
  LANG: v({
    scope: ['cli'],
    type: 'locale',
    shown: '',
    fallback: '',
    parse: text,
    zh: 'CLI 输出语言：以 en 开头时为英文（LC_ALL、LC_MESSAGES 优先于它，--lang 最优先）',
    en: 'CLI output language: English when it starts with en (LC_ALL and LC_MESSAGES first; --lang wins)',
  }),
  XDG_CACHE_HOME: v({
    scope: ['cli'],
    type: 'path',
    shown: '(~/.cache)',
    fallback: '',
    parse: text,
    zh: 'CLI 的检查结果缓存放在其下的 daiban/checked（decide、score、workdays 对同样的文件只检查一次）',
    en: 'the CLI keeps its verdict cache in daiban/checked under it (decide, score and workdays check the same files once)',
  }),
  DAIBAN_BACKUP_DIR: v({
    scope: ['deploy'],
    type: 'path',
    shown: '/var/lib/daiban/backups',
    fallback: '/var/lib/daiban/backups',
    parse: text,
    zh: '定时备份（deploy/daiban-backup.sh）写入的目录',
    en: 'where the backup timer (deploy/daiban-backup.sh) writes',
  }),
  DAIBAN_BACKUP_KEEP_DAYS: v({
    scope: ['deploy'],
    type: '1–3650',
    shown: '14',
    fallback: 14,
    parse: integer(1, 3650),
    zh: '定时备份保留的天数',
    en: 'days the backup timer keeps its files',
  }),
  NODE_EXTRA_CA_CERTS: v({
    scope: ['dev'],
    type: 'path',
    shown: '',
    fallback: '',
    parse: text,
    zh: 'Node 自身的变量：额外的根证书文件，每个 Node 进程启动时都要解析（bench/cli-startup.ts 另测一行不设它的结果）',
    en: "Node's own: a file of extra root certificates every Node process parses at start (bench/cli-startup.ts also measures without it)",
  }),
  DAIBAN_TEST_DATABASE_URL: v({
    scope: ['dev'],
    type: 'postgres:// URL',
    shown: '',
    fallback: '',
    parse: pgUrl,
    zh: 'PostgreSQL 测试库（`npm run test:pg`，由 .ci/pg-setup.sh 给出）',
    en: 'PostgreSQL test database (`npm run test:pg`, printed by .ci/pg-setup.sh)',
  }),
  DAIBAN_BENCH_DATABASE_URL: v({
    scope: ['dev'],
    type: 'postgres:// URL',
    shown: '(DAIBAN_TEST_DATABASE_URL)',
    fallback: '',
    parse: pgUrl,
    zh: '压测用的 PostgreSQL 库（bench/http-load.ts）',
    en: 'PostgreSQL database for bench/http-load.ts',
  }),
  DAIBAN_BENCH_PG_DB: v({
    scope: ['dev'],
    type: 'database name',
    shown: '',
    fallback: '',
    parse: (raw) =>
      /^[a-z_][a-z0-9_]{0,62}$/.test(raw)
        ? raw
        : refuse('应为 PostgreSQL 库名（小写字母、数字、下划线）', 'must be a PostgreSQL database name (lower-case letters, digits, _)'),
    zh: 'bench/lists-pg.ts 播种后保留的库名（再次运行时复用，便于手工 EXPLAIN）',
    en: 'database bench/lists-pg.ts seeds once and keeps (later runs reuse it; for EXPLAIN by hand)',
  }),
  DAIBAN_PG_DIR: v({
    scope: ['dev'],
    type: 'path',
    shown: '/tmp/daiban-pg',
    fallback: '/tmp/daiban-pg',
    parse: text,
    zh: '.ci/pg-setup.sh 建立测试集群的目录',
    en: 'where .ci/pg-setup.sh keeps its test cluster',
  }),
  DAIBAN_PG_DB: v({
    scope: ['dev'],
    type: 'name',
    shown: 'daiban_test',
    fallback: 'daiban_test',
    parse: text,
    zh: '.ci/pg-setup.sh 创建的测试库名',
    en: 'test database .ci/pg-setup.sh creates',
  }),
  DAIBAN_E2E_DESIGNER: v({
    scope: ['dev'],
    type: '1 or 0',
    shown: '0',
    fallback: false,
    parse: flag,
    zh: '运行设计器浏览器测试（其配置已设）',
    en: 'run the designer browser tests (their config sets it)',
  }),
  DAIBAN_TEST_DESIGNER_DIST: v({
    scope: ['dev'],
    type: 'path',
    shown: 'designer/dist',
    fallback: 'designer/dist',
    parse: text,
    zh: '设计器浏览器测试使用的构建目录',
    en: 'designer build the designer browser tests serve',
  }),
  DAIBAN_TEST_WEB_DIST: v({
    scope: ['dev'],
    type: 'path',
    shown: 'runtime/web/dist',
    fallback: 'runtime/web/dist',
    parse: text,
    zh: '工作台浏览器测试使用的构建目录',
    en: 'staff app build the browser tests serve',
  }),
  DAIBAN_WALK_ONLY: v({
    scope: ['dev'],
    type: 'regular expression',
    shown: '',
    fallback: '',
    parse: text,
    zh: '双语巡检只走名称匹配该正则的页面',
    en: 'the two-language walk visits only the screens whose name matches this regular expression',
  }),
  DAIBAN_BROWSER_SCHEMES: v({
    scope: ['dev'],
    type: 'list',
    shown: 'galutu',
    fallback: ['galutu'] as string[],
    parse: csv,
    zh: '工作台浏览器测试加载的方案（逗号分隔）',
    en: 'schemes the staff browser tests load (comma-separated)',
  }),
  CHROMIUM_PATH: v({
    scope: ['dev'],
    type: 'path',
    shown: '/usr/bin/chromium',
    fallback: '/usr/bin/chromium',
    parse: text,
    zh: '浏览器测试使用的 Chromium',
    en: 'Chromium for the browser tests',
  }),
  BENCH_QUICK: v({
    scope: ['dev'],
    type: '1 or 0',
    shown: '0',
    fallback: false,
    parse: flag,
    zh: '压测规模缩小约 10 倍（冒烟）',
    en: 'benches at about a tenth of their sizes (smoke)',
  }),
  JSON_EDIT_SEED: v({
    scope: ['dev'],
    type: 'integer',
    shown: '(random)',
    fallback: 0,
    parse: integer(0, Number.MAX_SAFE_INTEGER),
    zh: 'json-edit 随机测试的种子（复现用）',
    en: 'seed of the json-edit random tests (to reproduce a run)',
  }),
} as const

export type EnvName = keyof typeof ENV
type ValueOf<K extends EnvName> = (typeof ENV)[K]['fallback'] extends infer F ? (F extends readonly string[] ? string[] : F extends string ? string : F) : never

export interface EnvProblem {
  name: EnvName
  value: string
  zh: string
  en: string
}

/** The problems of the variables a scope reads, each naming the variable, its value and what it should be. */
export function checkEnv(scope: EnvScope, env: NodeJS.ProcessEnv = process.env): EnvProblem[] {
  const problems: EnvProblem[] = []
  for (const [name, d] of Object.entries(ENV) as Array<[EnvName, EnvVar<unknown>]>) {
    const raw = env[name]
    if (!d.scope.includes(scope) || raw === undefined || raw === '') continue
    const r = d.parse(raw)
    if (isRefusal(r))
      problems.push({
        name,
        value: raw,
        zh: `环境变量 ${name}=${JSON.stringify(raw)} 无效：${r.refused.zh}`,
        en: `environment variable ${name}=${JSON.stringify(raw)} is invalid: ${r.refused.en}`,
      })
  }
  return problems
}

/** One variable's value (its default when unset or empty). Call checkEnv first: a refused value throws. */
export function envValue<K extends EnvName>(name: K, env: NodeJS.ProcessEnv = process.env): ValueOf<K> {
  const d = ENV[name] as EnvVar<unknown>
  const raw = env[name]
  if (raw === undefined || raw === '') return d.fallback as ValueOf<K>
  const r = d.parse(raw)
  if (isRefusal(r)) throw new TypeError(`${name}=${JSON.stringify(raw)}: ${r.refused.en}`)
  return r as ValueOf<K>
}

const SCOPE_TEXT: Record<EnvScope, string> = { server: 'server', cli: 'CLI', deploy: 'deploy/ scripts', dev: 'tests, CI' }

/** The README's table (between the markers `<!-- env:begin -->` and `<!-- env:end -->`). */
export function envTableMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|')
  const rows = (Object.entries(ENV) as Array<[EnvName, EnvVar<unknown>]>).map(
    ([name, d]) =>
      `| \`${name}\` | ${d.scope.map((s) => SCOPE_TEXT[s]).join(', ')} | ${cell(d.type)} | ${d.shown ? cell(d.shown.startsWith('(') ? d.shown : `\`${d.shown}\``) : ''} | ${cell(d.en)} | ${cell(d.zh)} |`,
  )
  return ['| Variable | Read by | Values | Default | What it does | 说明 |', '|---|---|---|---|---|---|', ...rows].join('\n')
}
