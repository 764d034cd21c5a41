/**
 * The `daiban` command line. Every command calls the same engine and services as the server.
 * Exit codes: 0 success; 1 the scheme (or a check) has problems; 2 bad usage or malformed input.
 */
import { decide, score, isDate, CalendarError, formatProblem, type Locale, type CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../schemes/files'
import { formatProblems, InputError, parseArgs, readInput, readStdin, UsageError } from './io'
import { COMMANDS as EXTRA } from './commands'
import { checkEnv } from '../env'
import { packageVersion } from '../paths'

export interface CliIO {
  out: (s: string) => void
  err: (s: string) => void
  stdin: () => Promise<string>
}

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  stdin: readStdin,
}

const USAGE = `daiban — 信访代办制低代码平台 / petition proxy platform

用法 / usage:
  daiban validate <schemeDir>                      校验方案（全部问题一次列出）
  daiban decide <schemeDir> <file|->  [--trace]    甄别、分流、时限（单个对象或数组）
  daiban score <schemeDir> <file|-> [--scoring ID] 考核计分（单个对象或数组）
  daiban workdays <schemeDir> --from DATE --add N [--unit workday|calendar]
  daiban calendar-seed <schemeDir> --from YEAR --to YEAR [--provisional]   由 chinese-days 生成工作日历（--provisional：未公布的年份按法定节日暂定）
${Object.values(EXTRA).map((c) => `  ${c.usage}`).join('\n')}
  daiban --version                                  版本

选项 / options:  --lang zh|en  输出语言（默认中文）
退出码 / exit:   0 成功  1 方案有问题  2 用法或输入错误`

async function loadOrFail(dir: string | undefined, io: CliIO, locale: Locale): Promise<CompiledScheme | number> {
  if (!dir) throw new UsageError('缺少方案目录 / missing <schemeDir>')
  const r = await loadSchemeDir(dir)
  if (!r.scheme) {
    io.err(`${locale === 'en' ? 'Scheme' : '方案'} ${dir} ${locale === 'en' ? `has ${r.problems.length} problem(s):` : `有 ${r.problems.length} 个问题：`}`)
    io.err(formatProblems(r.problems, locale))
    return 1
  }
  return r.scheme
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [cmd, ...rest] = argv
  let locale: Locale = 'zh-CN'
  try {
    const args = parseArgs(rest, ['from', 'add', 'to', 'unit', 'lang', 'scoring', 'port', 'host', 'data', 'definitions', 'scheme', 'period', 'format', 'name', 'version', 'case', 'cases', 'out', 'into', 'prefix', 'from', 'role', 'village', 'unit'])
    if (args.flags.lang === 'en') locale = 'en'
    const envProblems = checkEnv('cli')
    if (envProblems.length) {
      io.err(envProblems.map((p) => `${p.zh}\n${p.en}`).join('\n'))
      return 2
    }
    switch (cmd) {
      case '--version':
      case '-V':
      case 'version':
        io.out(`daiban ${packageVersion()}`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE)
        return cmd === undefined ? 2 : 0
      case 'validate': {
        const dir = args.positional[0]
        if (!dir) throw new UsageError('缺少方案目录 / missing <schemeDir>')
        const t0 = performance.now()
        const r = await loadSchemeDir(dir)
        if (!r.scheme) {
          io.err(`${dir}: ${r.problems.length} ${locale === 'en' ? 'problem(s)' : '个问题'}`)
          io.err(formatProblems(r.problems, locale))
          return 1
        }
        const m = r.scheme.manifest
        io.out(locale === 'en'
          ? `OK: ${m.id} ${m.version} (${m.name}), hash ${r.hash.slice(0, 12)}, ${(performance.now() - t0).toFixed(0)} ms`
          : `通过：${m.id} ${m.version}（${m.name}），内容哈希 ${r.hash.slice(0, 12)}，用时 ${(performance.now() - t0).toFixed(0)} 毫秒`)
        return 0
      }
      case 'decide':
      case 'score': {
        const [dir, source] = args.positional
        if (!source) throw new UsageError(`用法：daiban ${cmd} <schemeDir> <file|->`)
        const scheme = await loadOrFail(dir, io, locale)
        if (typeof scheme === 'number') return scheme
        const input = await readInput(source, io.stdin)
        const many = Array.isArray(input)
        const items = many ? (input as unknown[]) : [input]
        const results: unknown[] = []
        const failures: string[] = []
        for (let i = 0; i < items.length; i++) {
          const where = many ? `[${i}]` : ''
          if (cmd === 'decide') {
            const d = await decide(scheme, items[i])
            if (d.ok) {
              const { trace, ...rest } = d.decision
              results.push(args.flags.trace ? d.decision : rest)
            } else {
              results.push({ errors: d.problems })
              failures.push(...d.problems.map((p) => `  ${where}${p.pointer} [${p.code}] ${formatProblem(p, locale)}`))
            }
          } else {
            const s = score(scheme, items[i], typeof args.flags.scoring === 'string' ? args.flags.scoring : undefined)
            if (s.ok) results.push(s.result)
            else {
              results.push({ errors: s.problems })
              failures.push(...s.problems.map((p) => `  ${where}${p.pointer} [${p.code}] ${formatProblem(p, locale)}`))
            }
          }
        }
        io.out(JSON.stringify(many ? results : results[0], null, 2))
        if (failures.length) {
          io.err(locale === 'en' ? 'Invalid input:' : '输入有误：')
          io.err(failures.join('\n'))
          return 2
        }
        return 0
      }
      case 'workdays': {
        const scheme = await loadOrFail(args.positional[0], io, locale)
        if (typeof scheme === 'number') return scheme
        const from = args.flags.from
        const add = args.flags.add
        const unit = (args.flags.unit ?? 'workday') as string
        if (typeof from !== 'string' || !isDate(from)) throw new InputError(`--from 应为日期 YYYY-MM-DD，实际为 ${String(from)}`)
        if (typeof add !== 'string' || !/^\d{1,4}$/.test(add)) throw new InputError(`--add 应为 0–9999 的整数，实际为 ${String(add)}`)
        if (unit !== 'workday' && unit !== 'calendar') throw new InputError(`--unit 应为 workday 或 calendar`)
        try {
          const due = scheme.calendar.addDays(from, Number(add), unit)
          io.out(JSON.stringify({ from, add: Number(add), unit, date: due, day: scheme.calendar.dayInfo(due) }, null, 2))
          return 0
        } catch (e) {
          if (e instanceof CalendarError) throw new InputError(formatProblem(e.problem, locale))
          throw e
        }
      }
      case 'calendar-seed': {
        const dir = args.positional[0]
        if (!dir) throw new UsageError('缺少方案目录 / missing <schemeDir>')
        const from = Number(args.flags.from)
        const to = Number(args.flags.to ?? args.flags.from)
        if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) throw new InputError('--from/--to 应为年份，且 from ≤ to')
        const { seedCalendar, formatCalendar } = await import('../schemes/calendar-seed')
        const { readFile, writeFile } = await import('node:fs/promises')
        const path = (await import('node:path')).default
        const file = path.join(dir, 'calendar.json')
        let existing
        try {
          existing = JSON.parse(await readFile(file, 'utf8'))
        } catch {
          existing = undefined
        }
        let def
        try {
          def = seedCalendar(from, to, existing, { provisional: args.flags.provisional === true })
        } catch (e) {
          throw new InputError(e instanceof Error ? e.message : String(e))
        }
        await writeFile(file, formatCalendar(def))
        io.out(`已写入 ${file}：${Object.keys(def.years).join('、')} 年`)
        return 0
      }
      default: {
        const extra = cmd ? EXTRA[cmd] : undefined
        if (extra) return await extra.run(args, io, locale)
        throw new UsageError(`未知命令 "${cmd}" / unknown command\n\n${USAGE}`)
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message)
      return 2
    }
    if (e instanceof InputError) {
      io.err(e.message)
      if (e.problems.length) io.err(formatProblems(e.problems, locale))
      return 2
    }
    // A programmer fault: say so without a stack trace; DAIBAN_DEBUG=1 shows it.
    io.err(`内部错误 / internal error: ${e instanceof Error ? e.message : String(e)}`)
    if (process.env.DAIBAN_DEBUG) io.err(e instanceof Error ? (e.stack ?? '') : '')
    return 70
  }
}
