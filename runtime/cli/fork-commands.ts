/**
 * CLI commands for forks of schemes: fork, diff, upgrade, pack, unpack.
 * Exit codes as everywhere: 0 success; 1 problems (invalid scheme, conflicts, tampered bundle);
 * 2 bad usage or input. Refusals are explained in Chinese; no stack traces.
 */
import type { Locale } from '../../engine'
import type { Command } from './commands'
import { formatProblems, readInput, UsageError, type ParsedArgs } from './io'
import type { CliIO } from './main'

/** The string values of the named flags (declared per command in ./spec.ts); stray positionals are refused. */
function takeFlags(args: ParsedArgs, expected: number, names: string[]): Record<string, string | undefined> {
  const extra = args.positional.slice(expected)
  if (extra.length) throw new UsageError(`多余的参数：${extra.join(' ')} / unexpected arguments`)
  const out: Record<string, string | undefined> = {}
  for (const n of names) if (typeof args.flags[n] === 'string') out[n] = args.flags[n] as string
  return out
}

/** Print a ForkError and return its exit code; rethrow anything else. */
async function refusal(e: unknown, out: CliIO, locale: Locale): Promise<number> {
  const { ForkError } = await import('../forks/files')
  if (!(e instanceof ForkError)) throw e
  out.err(e.message)
  if (e.problems.length) out.err(formatProblems(e.problems, locale))
  if (e.details.length) out.err(e.details.map((d) => `  ${d}`).join('\n'))
  return e.exitCode
}

const KIND_TITLES: Record<string, string> = {
  scheme: '方案',
  org: '组织与分流',
  forms: '表单',
  rules: '规则',
  deadlines: '时限',
  calendar: '工作日历',
  scoring: '考核',
  workflow: '流程',
}

export const FORK_COMMANDS: Record<string, Command> = {
  fork: {
    run: async (args, out, locale) => {
      const [dir, newId] = args.positional
      if (!dir || !newId) throw new UsageError('用法：daiban fork <schemeDir> <newId> --name <镇名> [--into DIR] [--prefix ABC]')
      const flags = takeFlags(args, 2, ['into', 'prefix'])
      if (typeof args.flags.name !== 'string') throw new UsageError('请用 --name 指定新方案的镇名，例如 --name 乌兰陶勒盖镇')
      const { forkScheme } = await import('../forks/fork')
      try {
        const opts: import('../forks/fork').ForkOptions = { town: args.flags.name }
        if (flags.into !== undefined) opts.into = flags.into
        if (flags.prefix !== undefined) opts.prefix = flags.prefix
        const r = await forkScheme(dir, newId, opts)
        const m = r.manifest
        out.out(
          [
            `已创建分支 ${m.id} ${m.version}（${m.name}，案件编号前缀 ${m.caseNumberPrefix}）：${r.dir}`,
            `  来源：${r.upstream.id} ${r.upstream.version}，内容哈希 ${r.upstream.hash.slice(0, 12)}（记录于 scheme.json 的 forkedFrom 与 .daiban/upstream.json）`,
            `  分支点的上游文件保存在 .daiban/base/（${r.files.length} 个文件），供 daiban upgrade 三方合并`,
            `  校验通过，内容哈希 ${r.hash.slice(0, 12)}。下一步：修改定义后运行 npx daiban validate ${r.dir}`,
          ].join('\n'),
        )
        return 0
      } catch (e) {
        return refusal(e, out, locale)
      }
    },
  },

  diff: {
    run: async (args, out, locale) => {
      const [a, b] = args.positional
      if (!a || !b) throw new UsageError('用法：daiban diff <schemeDirA> <schemeDirB> [--json]')
      if (args.positional.length > 2) throw new UsageError(`多余的参数：${args.positional.slice(2).join(' ')}`)
      const { loadSchemeDir } = await import('../schemes/files')
      const { diffSchemes } = await import('../forks/diff')
      const [la, lb] = [await loadSchemeDir(a), await loadSchemeDir(b)]
      for (const [dir, l] of [
        [a, la],
        [b, lb],
      ] as const) {
        if (!l.definitions) {
          if (l.problems.some((p) => p.code === 'NO_SCHEME_DIR')) throw new UsageError(l.problems[0]!.message)
          out.err(`方案 ${dir} 无法读取（${l.problems.length} 个问题），不能比较：`)
          out.err(formatProblems(l.problems, locale))
          return 1
        }
      }
      for (const [dir, l] of [
        [a, la],
        [b, lb],
      ] as const) {
        if (!l.scheme) out.err(`注意：方案 ${dir} 未通过校验（${l.problems.length} 个问题），仍按其定义比较`)
      }
      const entries = diffSchemes(la.definitions!, lb.definitions!)
      const ma = la.definitions!.manifest
      const mb = lb.definitions!.manifest
      if (args.flags.json) {
        out.out(
          JSON.stringify(
            {
              a: { dir: a, id: ma.id, version: ma.version, hash: la.hash },
              b: { dir: b, id: mb.id, version: mb.version, hash: lb.hash },
              count: entries.length,
              changes: entries,
            },
            null,
            2,
          ),
        )
        return 0
      }
      if (!entries.length) {
        out.out(`${ma.id} ${ma.version} 与 ${mb.id} ${mb.version} 的定义没有差异`)
        return 0
      }
      const lines = [`${ma.id} ${ma.version}（${a}）→ ${mb.id} ${mb.version}（${b}）：${entries.length} 处差异`]
      let kind = ''
      for (const e of entries) {
        if (e.kind !== kind) {
          kind = e.kind
          lines.push(`${KIND_TITLES[kind] ?? kind}：`)
        }
        lines.push(`  - ${e.text}`)
      }
      out.out(lines.join('\n'))
      return 0
    },
  },

  upgrade: {
    run: async (args, out, locale) => {
      const dir = args.positional[0]
      if (!dir) throw new UsageError('用法：daiban upgrade <forkDir> [--from <upstreamDir>] [--dry-run]')
      const flags = takeFlags(args, 1, ['from'])
      const { upgradeFork } = await import('../forks/upgrade')
      const { describeRecord } = await import('../forks/merge')
      const dryRun = args.flags['dry-run'] === true
      try {
        const opts: import('../forks/upgrade').UpgradeOptions = { dryRun }
        if (flags.from !== undefined) opts.from = flags.from
        const plan = await upgradeFork(dir, opts)
        const failed = plan.conflicts.length > 0 || plan.problems.length > 0
        if (args.flags.json) out.out(JSON.stringify(plan, null, 2))
        const up = plan.upstream
        const head = `升级分支 ${plan.fork.id}：上游 ${up.id} ${up.from.version}（${up.from.hash.slice(0, 12)}）→ ${up.to.version}（${up.to.hash.slice(0, 12)}）`
        if (plan.upToDate) {
          if (!args.flags.json) out.out(`上游 ${up.id} 自分支点（${up.from.version}，${up.from.hash.slice(0, 12)}）以来没有变化，无需升级`)
          return 0
        }
        if (!args.flags.json) {
          const lines = [dryRun ? `${head}（预演，不写入）` : head]
          const section = (title: string, recs: typeof plan.taken) => {
            lines.push(`${title}（${recs.length}）：`)
            for (const r of recs) lines.push(`  - ${describeRecord(r)}`)
          }
          section('采纳上游的改动', plan.taken)
          section('保留本方案的改动', plan.kept)
          if (plan.conflicts.length) section('冲突：双方改了同一处且不相同', plan.conflicts)
          if (!failed) {
            lines.push(`分支来源将记为 ${up.id} ${up.to.version}（${up.to.hash.slice(0, 12)}）；本方案的标识、名称、镇名、前缀和版本保持不变`)
            lines.push(`文件：写入 ${plan.write.length ? plan.write.join('、') : '无'}；删除 ${plan.remove.length ? plan.remove.join('、') : '无'}`)
          }
          out.out(lines.join('\n'))
        }
        if (plan.conflicts.length) {
          out.err(
            `有 ${plan.conflicts.length} 处冲突，未写入任何文件。请在本方案中处理这些位置（改成与上游一致，或确定保留本方案的值后与上游协调），再重新升级。`,
          )
          return 1
        }
        if (plan.problems.length) {
          out.err(`合并结果未通过校验（${plan.problems.length} 个问题），已拒绝升级，未写入任何文件：`)
          out.err(formatProblems(plan.problems, locale))
          return 1
        }
        if (!args.flags.json)
          out.out(
            plan.written
              ? `已升级：${plan.write.length} 个文件写入，${plan.remove.length} 个文件删除；.daiban/base 已更新为上游 ${up.to.version} 的文件`
              : '预演完成：合并结果通过校验，未写入任何文件',
          )
        return 0
      } catch (e) {
        return refusal(e, out, locale)
      }
    },
  },

  pack: {
    run: async (args, out, locale) => {
      const dir = args.positional[0]
      if (!dir) throw new UsageError('用法：daiban pack <schemeDir> [--out FILE]')
      if (args.positional.length > 1) throw new UsageError(`多余的参数：${args.positional.slice(1).join(' ')}`)
      const { packScheme } = await import('../forks/bundle')
      try {
        const bundle = await packScheme(dir)
        const text = JSON.stringify(bundle, null, 2) + '\n'
        if (typeof args.flags.out === 'string') {
          const path = (await import('node:path')).default
          const { writeAtomic } = await import('../forks/files')
          await writeAtomic(path.resolve(args.flags.out), text)
          out.out(
            `已打包 ${bundle.scheme.id} ${bundle.scheme.version}（${bundle.files.length} 个文件，内容哈希 ${bundle.hash.slice(0, 12)}）→ ${args.flags.out}`,
          )
        } else out.out(text.trimEnd())
        return 0
      } catch (e) {
        return refusal(e, out, locale)
      }
    },
  },

  unpack: {
    run: async (args, out, locale) => {
      const [source, into] = args.positional
      if (!source || !into) throw new UsageError('用法：daiban unpack <bundle|-> <intoDir> [--force]')
      if (args.positional.length > 2) throw new UsageError(`多余的参数：${args.positional.slice(2).join(' ')}`)
      const value = await readInput(source, out.stdin)
      const { unpackScheme } = await import('../forks/bundle')
      try {
        const r = await unpackScheme(value, into, { force: args.flags.force === true })
        out.out(
          `已解包 ${r.manifest.id} ${r.manifest.version}（${r.manifest.name}，${r.files.length} 个文件）→ ${r.dir}；内容哈希 ${r.hash.slice(0, 12)} 核对一致，方案校验通过`,
        )
        return 0
      } catch (e) {
        return refusal(e, out, locale)
      }
    },
  },
}
