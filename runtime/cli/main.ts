/**
 * The `daiban` command line. Every command calls the same engine and services as the server.
 * Each command's flags are declared once (./spec.ts): strict parsing and `--help` come from there.
 * Exit codes: 0 success; 1 the scheme (or a check) has problems; 2 bad usage or malformed input.
 */
import { decide, score, isDate, CalendarError, formatProblem, type Locale, type CompiledScheme, type Problem } from '../../engine'
import { loadSchemeDir, type LoadDirOptions } from '../schemes/files'
import { SchemeRegistryError } from '../schemes/registry'
import { checkedCache, checkedCacheDir, checkedKey, runningBuildId } from './checked-cache'
import { formatProblems, InputError, readInput, readStdin, UsageError, type ParsedArgs } from './io'
import { COMMANDS as EXTRA, type Command } from './commands'
import { checkEnv } from '../env'
import { packageVersion } from '../paths'
import { commandHelp, overview, parseCommand, SPECS } from './spec'
import { localeOf, msg } from './messages'

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

/** A problem as `--json` prints it. */
const jsonProblem = (p: Problem, locale: Locale) => ({ file: p.file ?? null, pointer: p.pointer, code: p.code, message: formatProblem(p, locale) })
const printJson = (io: CliIO, value: unknown) => io.out(JSON.stringify(value, null, 2))

/**
 * The scheme of a command that uses it (decide, score, workdays): form and scoring-input validators
 * compile on first use (lazySchemas), so one decision compiles one form; the consistency checks run
 * unless these exact files passed them under this build before (./checked-cache.ts; `--no-cache`
 * always checks). `validate` compiles and checks everything; a schema that fails to compile on use
 * is reported by `reportBrokenScheme` with the full load's problems.
 */
async function loadOrFail(
  dir: string | undefined,
  args: ParsedArgs,
  io: CliIO,
  locale: Locale,
  json: boolean,
  command: string,
): Promise<CompiledScheme | number> {
  if (!dir) throw new UsageError(msg(locale, 'missingSchemeDir', { command }))
  const noCache = args.flags['no-cache'] === true
  const r = await loadWithVerdicts(dir, { lazySchemas: true }, { trust: !noCache, record: !noCache })
  return r.scheme ?? printSchemeProblems(dir, r.problems, io, locale, json)
}

/**
 * loadSchemeDir with the verdict cache of this build (./checked-cache.ts; none from sources):
 * `trust` skips the consistency checks of files that passed them before; `record` remembers files
 * that pass them now.
 */
async function loadWithVerdicts(dir: string, options: LoadDirOptions, use: { trust: boolean; record: boolean }) {
  const build = use.trust || use.record ? runningBuildId() : null
  if (!build) return loadSchemeDir(dir, options)
  const cache = checkedCache(checkedCacheDir())
  let key = ''
  let trusted = false
  const r = await loadSchemeDir(dir, {
    ...options,
    checkedBefore: (files) => {
      key = checkedKey(build, files)
      trusted = use.trust && cache.has(key)
      return trusted
    },
  })
  if (r.scheme && use.record && !trusted) cache.add(key)
  return r
}

function printSchemeProblems(dir: string, problems: Problem[], io: CliIO, locale: Locale, json: boolean): number {
  if (json) printJson(io, { ok: false, dir, problems: problems.map((p) => jsonProblem(p, locale)) })
  io.err(msg(locale, 'schemeProblems', { dir, count: problems.length }))
  io.err(formatProblems(problems, locale))
  return 1
}

/**
 * A decision or score threw: with lazySchemas, a form or inputs schema that does not compile
 * throws on first use. A full load then names the problem as `validate` would (exit 1); any
 * other error is rethrown.
 */
async function reportBrokenScheme(dir: string, e: unknown, io: CliIO, locale: Locale, json: boolean): Promise<number> {
  const full = await loadSchemeDir(dir)
  if (full.scheme) throw e
  return printSchemeProblems(dir, full.problems, io, locale, json)
}

const BUILTIN: Record<string, Command> = {
  validate: {
    run: async (args, io, locale) => {
      const dir = args.positional[0]
      if (!dir) throw new UsageError(msg(locale, 'missingSchemeDir', { command: 'validate' }))
      const json = args.flags.json === true
      const t0 = performance.now()
      // everything is checked: decide, score and workdays need not check these files again
      const r = await loadWithVerdicts(dir, {}, { trust: false, record: true })
      if (!r.scheme) {
        if (json) printJson(io, { ok: false, dir, problems: r.problems.map((p) => jsonProblem(p, locale)) })
        io.err(`${dir}: ${r.problems.length} ${locale === 'en' ? 'problem(s)' : '个问题'}`)
        io.err(formatProblems(r.problems, locale))
        return 1
      }
      const m = r.scheme.manifest
      const ms = Math.round(performance.now() - t0)
      if (json) printJson(io, { ok: true, id: m.id, version: m.version, name: m.name, hash: r.hash, ms })
      else
        io.out(
          locale === 'en'
            ? `OK: ${m.id} ${m.version} (${m.name}), hash ${r.hash.slice(0, 12)}, ${ms} ms`
            : `通过：${m.id} ${m.version}（${m.name}），内容哈希 ${r.hash.slice(0, 12)}，用时 ${ms} 毫秒`,
        )
      return 0
    },
  },
  decide: { run: (args, io, locale) => decideOrScore('decide', args, io, locale) },
  score: { run: (args, io, locale) => decideOrScore('score', args, io, locale) },
  workdays: {
    run: async (args, io, locale) => {
      const json = args.flags.json === true
      const scheme = await loadOrFail(args.positional[0], args, io, locale, json, 'workdays')
      if (typeof scheme === 'number') return scheme
      const { from, add } = args.flags
      const unit = (args.flags.unit ?? 'workday') as string
      if (typeof from !== 'string' || !isDate(from)) throw new InputError(msg(locale, 'badFrom', { value: String(from) }))
      if (typeof add !== 'string' || !/^\d{1,4}$/.test(add)) throw new InputError(msg(locale, 'badAdd', { value: String(add) }))
      if (unit !== 'workday' && unit !== 'calendar') throw new InputError(msg(locale, 'badUnit', { value: unit }))
      try {
        const due = scheme.calendar.addDays(from, Number(add), unit)
        const result = { from, add: Number(add), unit, date: due, day: scheme.calendar.dayInfo(due) }
        printJson(io, json ? { ok: true, ...result } : result)
        return 0
      } catch (e) {
        if (e instanceof CalendarError) throw new InputError(formatProblem(e.problem, locale))
        throw e
      }
    },
  },
  'calendar-seed': {
    run: async (args, io, locale) => {
      const dir = args.positional[0]
      if (!dir) throw new UsageError(msg(locale, 'missingSchemeDir', { command: 'calendar-seed' }))
      const from = Number(args.flags.from)
      const to = Number(args.flags.to ?? args.flags.from)
      if (!Number.isInteger(from) || !Number.isInteger(to) || from > to)
        throw new InputError('--from/--to 应为年份，且 from ≤ to / --from/--to must be years, from ≤ to')
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
      io.out(locale === 'en' ? `written ${file}: ${Object.keys(def.years).join(', ')}` : `已写入 ${file}：${Object.keys(def.years).join('、')} 年`)
      return 0
    },
  },
}

async function decideOrScore(cmd: 'decide' | 'score', args: ParsedArgs, io: CliIO, locale: Locale): Promise<number> {
  const [dir, source] = args.positional
  const json = args.flags.json === true
  if (!source) throw new UsageError(msg(locale, 'missingArgs', { command: cmd, usage: SPECS[cmd]!.usage[0] }))
  const scheme = await loadOrFail(dir, args, io, locale, json, cmd)
  if (typeof scheme === 'number') return scheme
  const input = await readInput(source, io.stdin)
  const many = Array.isArray(input)
  const items = many ? (input as unknown[]) : [input]
  const plain: unknown[] = []
  const entries: Array<Record<string, unknown>> = []
  const failures: string[] = []
  const key = cmd === 'decide' ? 'decision' : 'result'
  for (let i = 0; i < items.length; i++) {
    const where = many ? `[${i}]` : ''
    let value: unknown
    let problems: Problem[] = []
    try {
      if (cmd === 'decide') {
        const d = await decide(scheme, items[i])
        if (d.ok) {
          const { trace: _trace, ...rest } = d.decision
          value = args.flags.trace ? d.decision : rest
        } else problems = d.problems
      } else {
        const s = score(scheme, items[i], typeof args.flags.scoring === 'string' ? args.flags.scoring : undefined)
        if (s.ok) value = s.result
        else problems = s.problems
      }
    } catch (e) {
      return reportBrokenScheme(dir!, e, io, locale, json)
    }
    if (problems.length) {
      plain.push({ errors: problems })
      entries.push({ index: i, ok: false, problems: problems.map((p) => jsonProblem(p, locale)) })
      failures.push(...problems.map((p) => `  ${where}${p.pointer} [${p.code}] ${formatProblem(p, locale)}`))
    } else {
      plain.push(value)
      entries.push({ index: i, ok: true, [key]: value })
    }
  }
  if (json) printJson(io, { ok: failures.length === 0, results: entries })
  else printJson(io, many ? plain : plain[0])
  if (failures.length) {
    io.err(msg(locale, 'invalidInput'))
    io.err(failures.join('\n'))
    return 2
  }
  return 0
}

/** Every command by name; each has its declaration in SPECS (tests check both ways). */
export const RUNNERS: Record<string, Command> = { ...BUILTIN, ...EXTRA }

/** The pid of a live process (not this one) holding the data folder's lock, or null. */
async function lockHolder(dir: string): Promise<number | null> {
  const path = (await import('node:path')).default
  const { readFile } = await import('node:fs/promises')
  let text: string
  try {
    text = await readFile(path.join(dir, 'LOCK'), 'utf8')
  } catch {
    return null
  }
  const pid = Number(/^\s*(\d+)/.exec(text)?.[1])
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null
  const { isPidAlive } = await import('../store/lock')
  return isPidAlive(pid) ? pid : null
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [cmd, ...rest] = argv
  const locale = localeOf(argv)
  let json = false
  try {
    switch (cmd) {
      case '--version':
      case '-V':
      case 'version':
        io.out(`daiban ${packageVersion()}`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest.find((a, i) => !a.startsWith('-') && rest[i - 1] !== '--lang')
        if (cmd === 'help' && topic) {
          const spec = SPECS[topic]
          if (!spec) throw new UsageError(`${msg(locale, 'unknownCommand', { command: topic })}\n\n${overview(locale)}`)
          io.out(commandHelp(topic, spec, locale))
          return 0
        }
        io.out(overview(locale))
        return cmd === undefined ? 2 : 0
      }
    }
    const spec = SPECS[cmd]
    const command = RUNNERS[cmd]
    if (!spec || !command) throw new UsageError(`${msg(locale, 'unknownCommand', { command: cmd })}\n\n${overview(locale)}`)
    const end = rest.indexOf('--')
    if ((end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
      io.out(commandHelp(cmd, spec, locale))
      return 0
    }
    const args = parseCommand(cmd, spec, rest, locale)
    json = args.flags.json === true
    if (args.flags.lang !== undefined && args.flags.lang !== 'zh' && args.flags.lang !== 'en')
      throw new UsageError(msg(locale, 'badLang', { value: args.flags.lang }))
    const envProblems = checkEnv('cli')
    if (envProblems.length) {
      io.err(envProblems.map((p) => (locale === 'en' ? p.en : p.zh)).join('\n'))
      return 2
    }
    const dataDir = spec.dataDir?.(args.flags)
    if (dataDir) {
      const pid = await lockHolder(dataDir)
      if (pid !== null) {
        io.err(msg(locale, 'locked', { dir: dataDir, pid }))
        return 2
      }
    }
    return await command.run(args, io, locale)
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      const problems = e instanceof InputError ? e.problems : []
      if (json) printJson(io, { ok: false, error: e.message, ...(problems.length ? { problems: problems.map((p) => jsonProblem(p, locale)) } : {}) })
      io.err(e.message)
      if (problems.length) io.err(formatProblems(problems, locale))
      return 2
    }
    // a stored scheme version this build cannot load (runtime/schemes/registry.ts): its own words say what to do
    if (e instanceof SchemeRegistryError && e.words) {
      io.err(locale === 'en' ? e.words.en : e.words.zh)
      return 1
    }
    // A programmer fault: say so without a stack trace; DAIBAN_DEBUG=1 shows it.
    io.err(msg(locale, 'internal', { message: e instanceof Error ? e.message : String(e) }))
    if (process.env.DAIBAN_DEBUG) io.err(e instanceof Error ? (e.stack ?? '') : '')
    return 70
  }
}
