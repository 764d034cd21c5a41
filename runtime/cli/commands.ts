/** Further CLI commands, one entry each (the server, case migration, …), registered by name. */
import type { Locale } from '../../engine'
import type { ParsedArgs } from './io'
import type { CliIO } from './main'
import { FORK_COMMANDS } from './fork-commands'
import { STORE_COMMANDS } from './store-commands'
import { MIGRATE_COMMANDS } from './migrate-scheme'
import { msg } from './messages'

/** A command's behaviour; its usage and flags are declared in ./spec.ts. */
export interface Command {
  run: (args: ParsedArgs, io: CliIO, locale: Locale) => Promise<number>
}

async function withRuntime<T>(args: ParsedArgs, fn: (rt: import('../server/deps').Runtime) => Promise<T>): Promise<T> {
  const path = (await import('node:path')).default
  const { createRuntime } = await import('../server/deps')
  const dataDir = path.resolve(typeof args.flags.data === 'string' ? args.flags.data : (process.env.DAIBAN_DATA_DIR ?? './data'))
  const { bundledDefinitions } = await import('../paths')
  const definitionsDir = path.resolve(process.env.DAIBAN_DEFINITIONS_DIR || bundledDefinitions())
  const { createLogger } = await import('../log')
  // scheme problems are shown to the user; the services' log lines go to stderr, never into a command's output
  const rt = await createRuntime({
    dataDir,
    definitionsDir,
    log: (m) => process.stderr.write(m + '\n'),
    logger: createLogger({ level: 'warn', destination: process.stderr }),
  })
  try {
    return await fn(rt)
  } finally {
    await rt.close()
  }
}

/** `daiban user passwd <name>`: a new password (checked like every password), audited, the account's sessions ended. */
/** A new password from DAIBAN_PASSWORD or standard input (one line). */
async function readPassword(io: CliIO): Promise<string> {
  return (process.env.DAIBAN_PASSWORD ?? (await io.stdin())).replace(/\r?\n$/, '')
}

/** Runs a command; a refusal of the services (bad input, weak password, …) is its message and exit 2. */
async function refusalsExit2(io: CliIO, fn: () => Promise<number>): Promise<number> {
  const { ServiceError } = await import('../errors')
  try {
    return await fn()
  } catch (e) {
    if (e instanceof ServiceError) {
      io.err(e.message)
      return 2
    }
    throw e
  }
}

async function resetPassword(args: ParsedArgs, io: CliIO, username: string): Promise<number> {
  const password = await readPassword(io)
  return refusalsExit2(io, () =>
    withRuntime(args, async (rt) => {
      await rt.accounts.resetPassword(username, password, 'cli')
      io.out(`已重设账号 ${username} 的密码，其现有会话已全部结束`)
      return 0
    }),
  )
}

/**
 * A village- or unit-scoped role (roles[].scope in the scheme's org.json) granted without its
 * village or unit: the refusal, naming the flag and an example from the org; else null.
 */
async function missingJurisdiction(
  rt: import('../server/deps').Runtime,
  grant: { role: string; scheme?: string; village?: string; unit?: string },
  locale: Locale,
): Promise<string | null> {
  if (grant.scheme === '*') return null
  const policy = rt.policy()
  const sid = grant.scheme ?? rt.defaultScheme
  // an unknown role or scheme is refused by the account service, with its own message
  const checked = policy.checkGrant({ role: grant.role, ...(grant.scheme ? { scheme: grant.scheme } : {}) }, 0)
  if ('problem' in checked && checked.problem.code !== 'REQUIRED') return null
  const org = (await rt.schemes.get(sid, (await rt.schemes.latest(sid)).hash)).defs.org
  const role = org.roles.find((r) => r.id === grant.role)
  const name = role ? (locale === 'en' ? (role.nameEn ?? role.name) : role.name) : grant.role
  const scope = policy.scopeOf(grant.role, sid)
  if (scope === 'village' && !grant.village) return msg(locale, 'needsVillage', { role: grant.role, name, example: org.villages[0]?.name ?? '…' })
  if (scope === 'unit' && !grant.unit)
    return msg(locale, 'needsUnit', { role: grant.role, name, example: org.units.find((u) => u.type === 'department')?.id ?? org.units[0]?.id ?? '…' })
  return null
}

export const COMMANDS: Record<string, Command> = {
  user: {
    run: async (args, io, locale) => {
      const [sub, username] = args.positional
      if (sub === 'passwd' && username) return resetPassword(args, io, username)
      if (sub !== 'add' || !username) {
        io.err('用法：daiban user add <用户名> --admin | --role ROLE …（密码从标准输入读取）；daiban user passwd <用户名>')
        return 2
      }
      const role = args.flags.admin ? 'admin' : typeof args.flags.role === 'string' ? args.flags.role : null
      if (!role) {
        io.err('请用 --admin 或 --role 指定角色')
        return 2
      }
      const password = await readPassword(io)
      if (args.flags.scheme === true) {
        io.err('--scheme 需要一个方案标识（或 * 表示全部方案）')
        return 2
      }
      const grant: { role: string; scheme?: string; village?: string; unit?: string } = { role }
      if (typeof args.flags.scheme === 'string') grant.scheme = args.flags.scheme
      if (typeof args.flags.village === 'string') grant.village = args.flags.village
      if (typeof args.flags.unit === 'string') grant.unit = args.flags.unit
      return refusalsExit2(io, () =>
        withRuntime(args, async (rt) => {
          const missing = await missingJurisdiction(rt, grant, locale)
          if (missing) {
            io.err(missing)
            return 2
          }
          // The first administrator of a server with several towns administers all of them.
          const grants = args.flags.admin && grant.scheme === undefined && !grant.village && !grant.unit ? rt.accounts.adminGrants(role) : [grant]
          const a = await rt.accounts.create(
            { username, displayName: typeof args.flags.name === 'string' ? args.flags.name : username, password, grants },
            undefined,
            'cli',
          )
          const scheme = (g: { scheme?: string }) => (g.scheme === '*' ? '全部方案' : (g.scheme ?? rt.defaultScheme))
          io.out(
            `已创建账号 ${a.username}（${a.grants.map((g) => `${g.role} · ${scheme(g)}${g.village ? ' · ' + g.village : ''}${g.unit ? ' · ' + g.unit : ''}`).join('；')}）`,
          )
          return 0
        }),
      )
    },
  },
  audit: {
    // The chain of the store the server uses: --data DIR (the embedded store), --database-url URL,
    // else DAIBAN_DATABASE_URL when set, else DAIBAN_DATA_DIR or ./data.
    run: async (args, io) => {
      if (args.positional[0] !== 'verify') {
        io.err('用法：daiban audit verify [--data ./data | --database-url postgres://…]')
        return 2
      }
      const { chooseStore, describeStore, isDatabaseUrl } = await import('../store/open')
      const { StoreUnavailableError } = await import('../store')
      const { verifyAuditChain } = await import('../store/audit-chain')
      const data = typeof args.flags.data === 'string' ? args.flags.data : undefined
      const url = typeof args.flags['database-url'] === 'string' ? args.flags['database-url'] : undefined
      if (data !== undefined && url !== undefined) {
        io.err('请只给出 --data <数据目录> 或 --database-url <postgres://…> 之一 / give only one of --data and --database-url')
        return 2
      }
      if (url !== undefined && !isDatabaseUrl(url)) {
        io.err('--database-url 应以 postgres:// 开头 / must be a postgres:// URL')
        return 2
      }
      const path = (await import('node:path')).default
      const chosen = data !== undefined ? chooseStore({ dataDir: data, env: {} }) : chooseStore(url !== undefined ? { databaseUrl: url } : {})
      const where = chosen.kind === 'file' ? { ...chosen, dir: path.resolve(chosen.dir) } : chosen
      let store
      try {
        if (where.kind === 'pg') {
          // never migrates: a schema this program does not match is refused, not changed
          const { openPgStore } = await import('../store/pg-store')
          store = await openPgStore({ url: where.url, migrate: false, poolSize: 2 })
        } else {
          const { openStore } = await import('../store')
          store = await openStore({ dir: where.dir })
        }
      } catch (e) {
        if (e instanceof StoreUnavailableError) {
          io.err(e.message)
          return 1
        }
        throw e
      }
      const shown = describeStore(where)
      try {
        const r = verifyAuditChain(await store.listAllAudit())
        if (r.ok) {
          io.out(`审计日志完整：${r.entries} 条记录，哈希链连续 / audit log intact（${shown}）`)
          return 0
        }
        io.err(`审计日志被改动：第 ${r.brokenAt!.seq} 条起 — ${r.brokenAt!.reason}（${shown}）`)
        return 1
      } catch (e) {
        if (e instanceof StoreUnavailableError) {
          io.err(e.message)
          return 1
        }
        throw e
      } finally {
        await store.close()
      }
    },
  },
  ...FORK_COMMANDS,
  ...MIGRATE_COMMANDS,
  ...STORE_COMMANDS,
  report: {
    run: async (args, io) => {
      const dir = args.positional[0]
      const periodId = args.flags.period
      const format = (args.flags.format ?? 'json') as string
      if (!dir || typeof periodId !== 'string') {
        io.err('用法：daiban report <schemeDir> --period YYYY-MM|YYYY [--format json|xlsx] [--out FILE]')
        return 2
      }
      if (format !== 'json' && format !== 'xlsx') {
        io.err('--format 应为 json 或 xlsx')
        return 2
      }
      const { loadSchemeDir } = await import('../schemes/files')
      const { formatProblems } = await import('./io')
      const loaded = await loadSchemeDir(dir)
      if (!loaded.scheme) {
        io.err(formatProblems(loaded.problems, 'zh-CN'))
        return 1
      }
      const { openStore, StoreUnavailableError } = await import('../store')
      const { ReportService } = await import('../reports/service')
      const { bulletinWorkbook } = await import('../reports/xlsx')
      const { ServiceError } = await import('../errors')
      const path = (await import('node:path')).default
      const dataDir = path.resolve(typeof args.flags.data === 'string' ? args.flags.data : (process.env.DAIBAN_DATA_DIR ?? './data'))
      let store
      try {
        store = await openStore({ dir: dataDir })
      } catch (e) {
        if (e instanceof StoreUnavailableError) {
          io.err(e.message)
          return 1
        }
        throw e
      }
      try {
        const reports = new ReportService(store)
        const b = await reports.bulletin(loaded.scheme, periodId, new Date().toISOString())
        if (format === 'json') {
          const text = JSON.stringify(b, null, 2)
          if (typeof args.flags.out === 'string') await (await import('node:fs/promises')).writeFile(args.flags.out, text)
          else io.out(text)
        } else {
          const out = typeof args.flags.out === 'string' ? args.flags.out : `${loaded.scheme.manifest.id}-${b.period.id}.xlsx`
          await (await import('node:fs/promises')).writeFile(out, await bulletinWorkbook(b, loaded.scheme))
          io.out(`已写入 ${out}`)
        }
        return 0
      } catch (e) {
        if (e instanceof ServiceError) {
          io.err(e.message)
          return 2
        }
        throw e
      } finally {
        await store.close()
      }
    },
  },
  'migrate-cases': {
    run: async (args, io) => {
      const schemeId = args.flags.scheme
      if (typeof schemeId !== 'string') {
        io.err('缺少 --scheme / missing --scheme')
        return 2
      }
      const caseIds =
        typeof args.flags.cases === 'string'
          ? args.flags.cases
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined
      if (!caseIds && !args.flags.all) {
        io.err('请用 --cases 指定案件，或用 --all 迁移该方案的全部案件')
        return 2
      }
      const { migrateCases } = await import('../cases/migrate')
      const { StoreUnavailableError } = await import('../store')
      try {
        return await withRuntime(args, async (rt) => {
          const opts: Parameters<typeof migrateCases>[1] = { schemeId, dryRun: args.flags['dry-run'] === true, actor: 'cli' }
          if (typeof args.flags.to === 'string') opts.to = args.flags.to
          if (caseIds) opts.caseIds = caseIds
          const items = await migrateCases(rt, opts)
          io.out(JSON.stringify({ dryRun: opts.dryRun, items }, null, 2))
          const refused = items.filter((i) => i.status === 'refused')
          if (refused.length) io.err(refused.map((r) => `拒绝迁移 ${r.number}：${r.reason}`).join('\n'))
          return refused.length ? 1 : 0
        })
      } catch (e) {
        if (e instanceof StoreUnavailableError) {
          io.err(e.message)
          return 1
        }
        io.err(e instanceof Error ? e.message : String(e))
        return 2
      }
    },
  },
  serve: {
    run: async (args, io) => {
      const { serve } = await import('../server/main')
      const o: import('../server/main').ServeOptions = {}
      for (const name of ['port', 'host', 'data', 'definitions'] as const) {
        if (args.flags[name] === true || args.flags[name] === '') {
          io.err(`--${name} 需要一个值 / --${name} needs a value`)
          return 2
        }
      }
      if (typeof args.flags.port === 'string') {
        if (!/^\d{1,5}$/.test(args.flags.port) || Number(args.flags.port) > 65535) {
          io.err(`--port 应为 0–65535 的整数，实际为 ${args.flags.port} / --port must be an integer from 0 to 65535`)
          return 2
        }
        o.port = Number(args.flags.port)
      }
      if (typeof args.flags.host === 'string') o.host = args.flags.host
      if (typeof args.flags.data === 'string') o.dataDir = args.flags.data
      if (typeof args.flags.definitions === 'string') o.definitionsDir = args.flags.definitions
      return serve(o)
    },
  },
}
