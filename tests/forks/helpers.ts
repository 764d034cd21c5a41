/** Helpers for the forks suites: temp folders, a capturing CLI, JSON edits of scheme files. */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main, type CliIO } from '../../runtime/cli/main'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const GALUTU = path.join(ROOT, 'definitions/galutu')
export const WULAN = path.join(ROOT, 'definitions/wulan')

const made: string[] = []

export async function tempDir(prefix = 'daiban-forks-'): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), prefix))
  made.push(d)
  return d
}

export async function cleanup(): Promise<void> {
  for (const d of made.splice(0)) await fs.rm(d, { recursive: true, force: true })
}

/** Copy the scheme files of a folder (its *.json, not its dot-folders) into a new folder. */
export async function copyScheme(from: string, to: string): Promise<string> {
  await fs.mkdir(to, { recursive: true })
  for (const e of await fs.readdir(from, { withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.json')) await fs.copyFile(path.join(from, e.name), path.join(to, e.name))
  }
  return to
}

export async function readJson<T = Record<string, unknown>>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.writeFile(file, JSON.stringify(value, null, 2) + '\n')
}

/** Edit one JSON file in place. */
export async function edit<T = any>(file: string, fn: (v: T) => void): Promise<void> {
  const v = await readJson<T>(file)
  fn(v)
  await writeJson(file, v)
}

export async function cli(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => stdin }
  const code = await main(argv, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** No stack frames may reach users. */
export const STACK = /^\s+at\s.+(:\d+:\d+\)?|native)/m

/** Snapshot of every file under a folder (relative path → content), to prove nothing was written. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) await walk(r)
      else out[r] = await fs.readFile(path.join(dir, r), 'utf8')
    }
  }
  await walk('')
  return out
}
