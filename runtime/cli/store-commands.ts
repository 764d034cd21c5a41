/**
 * CLI commands for the stores: moving data to PostgreSQL, backup and restore.
 *
 *   daiban store migrate --from ./data --to postgres://…      copy a data folder into PostgreSQL (re-runnable)
 *   daiban backup  --data ./data | --database-url URL --out FILE
 *   daiban restore --in FILE --data ./data | --database-url URL [--force]
 *
 * Exit codes: 0 done and verified; 1 refused (non-empty target, unreachable database) or
 * verification failed; 2 bad usage, or a data folder a running server holds (checked in ./main.ts
 * before the command runs). No stack traces (DAIBAN_DEBUG=1 shows them).
 */
import type { Command } from './commands'
import type { ParsedArgs } from './io'
import type { CliIO } from './main'

/** The string values of the named flags (declared per command in ./spec.ts). */
function flagValues(args: ParsedArgs, names: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const key of names) {
    const v = args.flags[key]
    if (typeof v === 'string') out[key] = v
  }
  return out
}

function fail(io: CliIO, e: unknown): number {
  const msg = e instanceof Error ? e.message : String(e)
  io.err(msg)
  if (process.env.DAIBAN_DEBUG && e instanceof Error) io.err(e.stack ?? '')
  return 1
}

function isUrl(v: string | undefined): v is string {
  return typeof v === 'string' && /^postgres(ql)?:\/\//i.test(v)
}

function location(
  v: { data?: string | undefined; 'database-url'?: string | undefined },
  io: CliIO,
  what: string,
): { data?: string; databaseUrl?: string } | null {
  const data = v.data
  const url = v['database-url']
  if ((data ? 1 : 0) + (url ? 1 : 0) !== 1) {
    io.err(`${what}：请给出 --data <数据目录> 或 --database-url <postgres://…> 之一 / give exactly one of --data <folder> or --database-url <url>`)
    return null
  }
  if (url && !isUrl(url)) {
    io.err('--database-url 应以 postgres:// 开头 / must be a postgres:// URL')
    return null
  }
  return url ? { databaseUrl: url } : { data: data! }
}

const table = (counts: object) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join('，')

export const STORE_COMMANDS: Record<string, Command> = {
  store: {
    run: async (args, io) => {
      const sub = args.positional[0]
      if (sub !== 'migrate') {
        io.err('用法 / usage: daiban store migrate --from <数据目录> --to <postgres://…> [--force]')
        return 2
      }
      const v = flagValues(args, ['from', 'to'])
      if (!v.from || !isUrl(v.to)) {
        io.err('用法 / usage: daiban store migrate --from <数据目录> --to <postgres://…> [--force]')
        return 2
      }
      const { migrateStore } = await import('../store/migrate-store')
      try {
        const r = await migrateStore({ from: v.from, to: v.to, force: args.flags.force === true, log: (m) => io.err(m) })
        io.out(
          JSON.stringify(
            { source: r.source, copied: r.copied, counts: r.sourceManifest.counts, verified: r.differences.length === 0, differences: r.differences },
            null,
            2,
          ),
        )
        if (r.differences.length) {
          io.err(`迁移后校验不符 / verification failed: ${r.differences.join('; ')}`)
          return 1
        }
        io.err(`迁移完成并已校验 / migrated and verified（${table(r.sourceManifest.counts)}；本次复制 / copied now：${table(r.copied)}）`)
        return 0
      } catch (e) {
        return fail(io, e)
      }
    },
  },
  backup: {
    run: async (args, io) => {
      const v = flagValues(args, ['data', 'database-url', 'out'])
      const loc = location(v, io, 'backup')
      if (!loc) return 2
      if (!v.out) {
        io.err('缺少 --out <文件> / missing --out <file>')
        return 2
      }
      const { withExport, writeBackup, describeLocation } = await import('../store/backup')
      try {
        const m = await withExport(loc, (src) => writeBackup(src, v.out!))
        io.out(JSON.stringify({ out: v.out, counts: m.counts, checksums: m.checksums }, null, 2))
        io.err(`已备份 / backed up ${describeLocation(loc)} → ${v.out}（${table(m.counts)}）`)
        return 0
      } catch (e) {
        return fail(io, e)
      }
    },
  },
  restore: {
    run: async (args, io) => {
      const v = flagValues(args, ['in', 'data', 'database-url'])
      if (!v.in) {
        io.err('缺少 --in <备份文件> / missing --in <file>')
        return 2
      }
      const loc = location(v, io, 'restore')
      if (!loc) return 2
      const { restoreBackup } = await import('../store/backup')
      try {
        const r = await restoreBackup(v.in, loc, { force: args.flags.force === true, log: (m) => io.err(m) })
        io.out(JSON.stringify({ target: r.target, counts: r.manifest.counts, verified: true, ...(r.movedAside ? { movedAside: r.movedAside } : {}) }, null, 2))
        io.err(`已恢复并校验 / restored and verified into ${r.target}（${table(r.manifest.counts)}）`)
        return 0
      } catch (e) {
        return fail(io, e)
      }
    },
  },
}
