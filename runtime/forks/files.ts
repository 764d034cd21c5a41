/** File helpers shared by fork, upgrade and unpack: reading scheme folders, safe atomic writes. */
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile, lstat } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { parseJson, type Problem, type SchemeFile } from '../../engine'
import { readSchemeFiles } from '../schemes/files'

/** A refusal with its exit code: 1 problems (of a scheme, a merge, a bundle), 2 bad usage or input. */
export class ForkError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
    readonly problems: Problem[] = [],
    readonly details: string[] = [],
  ) {
    super(message)
    this.name = 'ForkError'
  }
}

export interface TextFile {
  file: string
  text: string
}

/** The definition files of a folder (every *.json outside dot-folders), as text. */
export async function readTexts(dir: string, what = '方案目录'): Promise<TextFile[]> {
  let files: SchemeFile[]
  try {
    files = await readSchemeFiles(dir)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new ForkError(
      2,
      code === 'ENOENT' ? `${what}不存在：${dir}` : code === 'ENOTDIR' ? `不是目录：${dir}` : `无法读取${what} ${dir}（${code ?? 'error'}）`,
    )
  }
  return files.map((f) => ({ file: f.file, text: f.text ?? JSON.stringify(f.value) }))
}

/** Parse every file; a syntax error anywhere is a refusal listing the problems. */
export function parseTexts(files: TextFile[], label: string): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const problems: Problem[] = []
  for (const f of files) {
    const r = parseJson(f.text, f.file)
    if (r.problems.length) problems.push(...r.problems)
    else out.set(f.file, r.value)
  }
  if (problems.length) throw new ForkError(1, `${label}有 ${problems.length} 个文件无法解析：`, problems)
  return out
}

export async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p)
    return true
  } catch {
    return false
  }
}

export async function isNonEmptyDir(p: string): Promise<boolean> {
  try {
    const s = await stat(p)
    if (!s.isDirectory()) return true
    return (await readdir(p)).length > 0
  } catch {
    return false
  }
}

/** `rel` joined under `root`; refuses anything that would land outside it. */
export function inside(root: string, rel: string): string {
  const full = path.resolve(root, rel)
  const r = path.relative(path.resolve(root), full)
  if (r === '' || r.startsWith('..') || path.isAbsolute(r)) throw new ForkError(1, `拒绝写入目录之外的路径：${rel}`)
  return full
}

const tmpName = (full: string) => path.join(path.dirname(full), `.${path.basename(full)}.${randomBytes(4).toString('hex')}.tmp`)

/**
 * Write through a temp file and a rename: a crash never leaves half a file, and an existing
 * symlink at the destination is replaced, not followed.
 */
export async function writeAtomic(full: string, text: string): Promise<void> {
  await mkdir(path.dirname(full), { recursive: true })
  const tmp = tmpName(full)
  await writeFile(tmp, text, { flag: 'wx' })
  try {
    await rename(tmp, full)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

/** Write a set of files into a fresh folder `dir` (created, must not exist). */
export async function writeTree(dir: string, files: TextFile[]): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const f of files) await writeAtomic(inside(dir, f.file), f.text)
}

/** Build a folder beside its destination, then move it into place (the destination must be absent or empty). */
export async function writeFolder(dest: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.tmp`)
  await mkdir(tmp, { recursive: true })
  try {
    await build(tmp)
    if (await exists(dest)) await rmdir(dest) // an empty folder (callers refuse non-empty ones)
    await rename(tmp, dest)
  } catch (e) {
    await rm(tmp, { recursive: true, force: true })
    throw e
  }
}

export const DAIBAN_DIR = '.daiban'
export const BASE_DIR = '.daiban/base'
export const UPSTREAM_FILE = '.daiban/upstream.json'

export interface UpstreamRecord {
  id: string
  /** The upstream folder, relative to the fork folder (forward slashes). */
  path: string
  version: string
  hash: string
}

export const toPosix = (p: string) => p.split(path.sep).join('/')
