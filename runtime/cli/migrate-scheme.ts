/**
 * `daiban migrate-scheme <schemeDir>`: a first-edition scheme folder rewritten in place to the
 * second edition of the definition format (engine/scheme/migrate). Prints every change with its
 * file and JSON pointer, and every choice to check; writes nothing when the result would not
 * validate, or with --dry-run. A second run changes nothing. The changed files are written as one
 * change (../forks/replace.ts): all staged first, then renamed into place, so an interrupted run
 * leaves the folder first-edition (a re-run, which sees a second-edition scheme, could not finish a
 * half-migrated one); if a rename fails, the output names the folder holding the originals. Exit codes as everywhere: 0 migrated
 * (or nothing to do), 1 the scheme (or the migrated result) has problems, 2 bad usage.
 */
import type { Locale, MigrationChange } from '../../engine'
import type { Command } from './commands'
import type { ReplaceOptions } from '../forks/replace'
import { formatProblems, UsageError } from './io'

const USAGE = 'daiban migrate-scheme <schemeDir> [--dry-run] [--json]'

function lines(items: MigrationChange[], locale: Locale, describe: (c: MigrationChange, l: Locale) => string): string[] {
  const out: string[] = []
  let file = ''
  for (const c of items) {
    if (c.file !== file) {
      file = c.file
      out.push(`  ${file}:`)
    }
    out.push(`    ${c.pointer}  ${describe(c, locale)}`)
  }
  return out
}

/** The command; `options.replace` reaches the file replacement (tests pass a rename that fails). */
export function migrateSchemeCommand(options: { replace?: ReplaceOptions } = {}): Command {
  return {
    run: async (args, io, locale) => {
      const dir = args.positional[0]
      if (!dir) throw new UsageError(`用法：${USAGE}`)
      if (args.positional.length > 1) throw new UsageError(`多余的参数：${args.positional.slice(1).join(' ')}`)
      const en = locale === 'en'
      const dryRun = args.flags['dry-run'] === true
      const path = (await import('node:path')).default
      const { readTexts, ForkError } = await import('../forks/files')
      const { replaceFiles, ReplaceError } = await import('../forks/replace')
      const { migrateScheme, describeChange } = await import('../../engine')
      let files
      try {
        files = await readTexts(dir)
      } catch (e) {
        if (e instanceof ForkError) throw new UsageError(e.message)
        throw e
      }
      const r = await migrateScheme(files)
      if (r.refused.length) {
        io.err(
          en
            ? `Scheme ${dir} cannot be read (${r.refused.length} problem(s)); nothing migrated:`
            : `方案 ${dir} 无法读取（${r.refused.length} 个问题），未迁移：`,
        )
        io.err(formatProblems(r.refused, locale))
        return 1
      }
      const changed = r.files.filter((f) => f.changed)
      const write = !dryRun && r.problems.length === 0 && changed.length > 0
      if (write) {
        try {
          await replaceFiles(
            dir,
            changed.map((f) => ({ file: f.file, text: f.text })),
            options.replace,
          )
        } catch (e) {
          if (!(e instanceof ReplaceError)) throw e
          const x = e.failure
          if (x.stage === 'stage')
            io.err(en ? `Could not write the migrated files (${x.cause}); ${dir} is unchanged.` : `无法写入迁移后的文件（${x.cause}）；${dir} 未作任何改动。`)
          else {
            const backup = path.relative(process.cwd(), x.backup!) || x.backup!
            io.err(
              en
                ? `Migration stopped while moving files into place (${x.cause}). Replaced: ${x.replaced.join(', ') || 'none'}; not replaced: ${x.pending.join(', ')}. The first-edition originals are in ${backup}: copy them back over ${dir} to restore it, then run migrate-scheme again.`
                : `迁移在替换文件时中断（${x.cause}）。已替换：${x.replaced.join('、') || '无'}；未替换：${x.pending.join('、')}。第一版原文件保存在 ${backup}：将其复制回 ${dir} 即可恢复，然后重新运行 migrate-scheme。`,
            )
          }
          return 1
        }
      }

      if (args.flags.json) {
        io.out(
          JSON.stringify({ dir, dryRun, written: write ? changed.map((f) => f.file) : [], changes: r.changes, notes: r.notes, problems: r.problems }, null, 2),
        )
      } else if (!r.changes.length && !r.notes.length) {
        if (!r.problems.length) io.out(en ? `${dir} is already in the second edition of the format: nothing to change` : `${dir} 已是定义格式第二版，无需改动`)
      } else {
        const out = [
          en ? `${dir} → second edition of the format: ${r.changes.length} change(s)` : `${dir} → 定义格式第二版：${r.changes.length} 处改动`,
          ...lines(r.changes, locale, describeChange),
        ]
        if (r.notes.length) out.push(en ? `To check (${r.notes.length}):` : `请检查（${r.notes.length}）：`, ...lines(r.notes, locale, describeChange))
        if (write)
          out.push(
            en
              ? `Written: ${changed.map((f) => f.file).join(', ')}. The scheme decides, scores and runs as before; a second run changes nothing.`
              : `已写入：${changed.map((f) => f.file).join('、')}。方案的甄别、分流、时限、计分和流程不变；再次运行不会有改动。`,
          )
        else if (dryRun && !r.problems.length) out.push(en ? 'Dry run: the result validates; nothing written' : '预演：迁移结果通过校验，未写入任何文件')
        io.out(out.join('\n'))
      }
      if (r.problems.length) {
        io.err(
          en
            ? `The migrated scheme does not validate (${r.problems.length} problem(s)); nothing written:`
            : `迁移结果未通过校验（${r.problems.length} 个问题），未写入任何文件：`,
        )
        io.err(formatProblems(r.problems, locale))
        return 1
      }
      return 0
    },
  }
}

export const MIGRATE_COMMANDS: Record<string, Command> = { 'migrate-scheme': migrateSchemeCommand() }
