/** Further CLI commands, one entry each (the server, case migration, …), registered by name. */
import type { Locale } from '../../engine'
import type { ParsedArgs } from './io'
import type { CliIO } from './main'

export interface Command {
  usage: string
  run: (args: ParsedArgs, io: CliIO, locale: Locale) => Promise<number>
}

async function withRuntime<T>(args: ParsedArgs, fn: (rt: import('../server/deps').Runtime) => Promise<T>): Promise<T> {
  const path = (await import('node:path')).default
  const { createRuntime } = await import('../server/deps')
  const dataDir = path.resolve(typeof args.flags.data === 'string' ? args.flags.data : (process.env.DAIBAN_DATA_DIR ?? './data'))
  const definitionsDir = path.resolve(process.env.DAIBAN_DEFINITIONS_DIR ?? './definitions')
  const rt = await createRuntime({ dataDir, definitionsDir, log: (m) => process.stderr.write(m + '\n') })
  try {
    return await fn(rt)
  } finally {
    await rt.close()
  }
}

export const COMMANDS: Record<string, Command> = {
  'migrate-cases': {
    usage: 'daiban migrate-cases --scheme ID [--to VERSION|latest] [--cases N1,N2|--all] [--dry-run] [--data ./data]   迁移案件到新版本',
    run: async (args, io) => {
      const schemeId = args.flags.scheme
      if (typeof schemeId !== 'string') {
        io.err('缺少 --scheme / missing --scheme')
        return 2
      }
      const caseIds = typeof args.flags.cases === 'string' ? args.flags.cases.split(',').map((x) => x.trim()).filter(Boolean) : undefined
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
    usage: 'daiban serve [--port 3000] [--data ./data]           启动服务器（npm start）',
    run: async (args) => {
      const { serve } = await import('../server/main')
      const o: { port?: number; dataDir?: string } = {}
      if (typeof args.flags.port === 'string') o.port = Number(args.flags.port)
      if (typeof args.flags.data === 'string') o.dataDir = args.flags.data
      return serve(o)
    },
  },
}
