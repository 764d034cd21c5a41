/** CLI plumbing: argument parsing, reading input, printing problems. No stack traces reach users. */
import { readFile } from 'node:fs/promises'
import { formatProblem, parseJson, type Locale, type Problem } from '../../engine'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** An input problem: exit code 2, message printed as is. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message)
    this.name = 'InputError'
  }
}

export interface ParsedArgs {
  positional: string[]
  flags: Record<string, string | true>
}

export function parseArgs(argv: string[], valueFlags: string[]): ParsedArgs {
  const positional: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2)
      if (eq > 0) flags[name] = a.slice(eq + 1)
      else if (valueFlags.includes(name)) {
        const v = argv[i + 1]
        if (v === undefined) throw new UsageError(`--${name} 需要一个值 / --${name} needs a value`)
        flags[name] = v
        i++
      } else flags[name] = true
    } else positional.push(a)
  }
  return { positional, flags }
}

export const MAX_INPUT_BYTES = 50 * 1024 * 1024

export async function readInput(source: string, stdin: () => Promise<string>): Promise<unknown> {
  let text: string
  const label = source === '-' ? '标准输入 (stdin)' : source
  if (source === '-') text = await stdin()
  else {
    try {
      text = await readFile(source, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw new InputError(code === 'ENOENT' ? `找不到输入文件：${source} / input file not found` : `无法读取输入文件 ${source}（${code}）`)
    }
  }
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new InputError(`${label} 超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB / input too large`)
  const r = parseJson(text, label)
  if (r.problems.length) throw new InputError(`${label}：${r.problems.map((p) => p.message).join('；')}`)
  return r.value
}

export function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (c) => {
      data += c
      if (data.length > MAX_INPUT_BYTES) reject(new InputError('标准输入过大 / stdin too large'))
    })
    process.stdin.on('end', () => resolve(data))
    process.stdin.on('error', reject)
  })
}

export function formatProblems(problems: Problem[], locale: Locale): string {
  return problems
    .map((p) => {
      const where = [p.file, p.pointer || (p.file ? '/' : '')].filter(Boolean).join(' ')
      return `  ${where ? where + '  ' : ''}[${p.code}] ${formatProblem(p, locale)}`
    })
    .join('\n')
}
