/**
 * `daiban pack` / `daiban unpack`: a scheme as one JSON file, to hand a scheme to another town or
 * server. The bundle carries the content hash of the loaded definitions; unpacking recomputes it
 * (a changed bundle is refused), validates the scheme, refuses to overwrite a non-empty folder
 * unless forced, and never writes outside the target folder.
 */
import path from 'node:path'
import { readdir, readFile, rm } from 'node:fs/promises'
import type { Dirent } from 'node:fs'
import { fileNameProblem, looksLikeDefinitionFile, KIND_SCHEMAS, loadScheme, parseJson, type Manifest } from '../../engine'
import { hashContent, readSchemeFiles } from '../schemes/files'
import { ForkError, inside, isNonEmptyDir, readTexts, writeAtomic, type TextFile } from './files'
import { isObj } from './tree'

export const BUNDLE_FORMAT = 'daiban-scheme-bundle'
export const BUNDLE_FORMAT_VERSION = 1

export interface Bundle {
  format: typeof BUNDLE_FORMAT
  formatVersion: typeof BUNDLE_FORMAT_VERSION
  scheme: { id: string; version: string; name: string }
  hash: string
  files: TextFile[]
}

/** A bundle's file name: one plain `*.json` name, no folders, no dot-files, nothing that could leave the target folder. */
export function unsafeName(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return '文件名为空或不是字符串'
  if (name.includes('/') || name.includes('\\')) return '文件名含路径分隔符'
  if (name === '.' || name === '..' || name.includes('..')) return '文件名含 ".."'
  if (path.isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return '文件名是绝对路径'
  if (name.startsWith('.')) return '文件名以 "." 开头'
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a bundle's file name must not hold
  if (/[\0-\x1f]/.test(name)) return '文件名含控制字符'
  // …and the folder loader's own rule (engine/scheme/file-names.ts), so what is unpacked is what loads
  return fileNameProblem(name)?.reason ?? null
}

export async function packScheme(dir: string): Promise<Bundle> {
  const files = await readTexts(dir)
  const nested = files.filter((f) => f.file.includes('/'))
  if (nested.length) throw new ForkError(1, `打包只支持平铺的方案目录，以下文件位于子目录中：${nested.map((f) => f.file).join('、')}`)
  const r = await loadScheme(files)
  if (!r.scheme) throw new ForkError(1, `方案 ${dir} 有 ${r.problems.length} 个问题，不能打包：`, r.problems)
  const m = r.scheme.manifest
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    scheme: { id: m.id, version: m.version, name: m.name },
    hash: hashContent(r.content),
    files,
  }
}

/** Check a parsed bundle's shape; malformed → exit 2 (bad input), unsafe names → refused (exit 1). */
export function checkBundle(value: unknown): Bundle {
  if (!isObj(value)) throw new ForkError(2, '方案包应为 JSON 对象')
  if (value.format !== BUNDLE_FORMAT) throw new ForkError(2, `不是方案包：format 应为 "${BUNDLE_FORMAT}"，实际为 ${JSON.stringify(value.format)}`)
  if (value.formatVersion !== BUNDLE_FORMAT_VERSION)
    throw new ForkError(2, `不支持的方案包版本 ${JSON.stringify(value.formatVersion)}（支持 ${BUNDLE_FORMAT_VERSION}）`)
  const s = value.scheme
  if (!isObj(s) || typeof s.id !== 'string' || typeof s.version !== 'string' || typeof s.name !== 'string')
    throw new ForkError(2, '方案包缺少 scheme {id, version, name}')
  if (typeof value.hash !== 'string' || !/^[0-9a-f]{64}$/.test(value.hash)) throw new ForkError(2, '方案包缺少内容哈希 hash（64 位十六进制）')
  if (!Array.isArray(value.files) || value.files.length === 0) throw new ForkError(2, '方案包缺少文件列表 files')
  const bad: string[] = []
  const seen = new Set<string>()
  value.files.forEach((f, i) => {
    if (!isObj(f) || typeof f.text !== 'string') {
      bad.push(`files[${i}]：应为 {file, text}`)
      return
    }
    const why = unsafeName(f.file)
    if (why) bad.push(`files[${i}] ${JSON.stringify(f.file)}：${why}`)
    else if (seen.has(f.file as string)) bad.push(`files[${i}] ${JSON.stringify(f.file)}：文件名重复`)
    seen.add(String(f.file))
  })
  if (bad.length) throw new ForkError(1, '拒绝解包：方案包中的文件名不安全或无效（可能被篡改），未写入任何文件：', [], bad)
  return value as unknown as Bundle
}

export interface UnpackResult {
  dir: string
  manifest: Manifest
  hash: string
  files: string[]
}

export async function unpackScheme(value: unknown, intoDir: string, opts: { force?: boolean } = {}): Promise<UnpackResult> {
  const bundle = checkBundle(value)
  const r = await loadScheme(bundle.files.map((f) => ({ file: f.file, text: f.text })))
  const hash = hashContent(r.content)
  if (hash !== bundle.hash)
    throw new ForkError(1, `拒绝解包：内容哈希不符（包中记录 ${bundle.hash.slice(0, 12)}，实际 ${hash.slice(0, 12)}），方案包在打包后被改动过，未写入任何文件`)
  if (!r.scheme) throw new ForkError(1, `拒绝解包：方案未通过校验（${r.problems.length} 个问题），未写入任何文件：`, r.problems)
  const m = r.scheme.manifest
  if (m.id !== bundle.scheme.id || m.version !== bundle.scheme.version || m.name !== bundle.scheme.name) {
    throw new ForkError(1, `拒绝解包：包头 scheme（${bundle.scheme.id} ${bundle.scheme.version}）与包内清单（${m.id} ${m.version}）不一致，方案包可能被篡改`)
  }
  const dir = path.resolve(intoDir)
  if (await isNonEmptyDir(dir)) {
    if (!opts.force) throw new ForkError(2, `目标目录已存在且不为空：${dir}（确认覆盖请加 --force）`)
    // The folder's old definition files (top-level *.json with a definition kind) would merge with
    // the bundle's: they go. Nothing else is touched: other files, sub-folders, dot-folders.
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      throw new ForkError(2, `目标路径不是可写入的目录：${dir}`)
    }
    for (const e of entries) {
      if (!e.isFile() || !looksLikeDefinitionFile(e.name)) continue
      const full = inside(dir, e.name)
      const parsed = parseJson(await readFile(full, 'utf8'), e.name)
      const kind = isObj(parsed.value) ? parsed.value.kind : undefined
      if (typeof kind === 'string' && kind in KIND_SCHEMAS) await rm(full, { force: true })
    }
  }
  for (const f of bundle.files) await writeAtomic(inside(dir, f.file), f.text)
  // What the folder now loads must be exactly the bundle (definition files left in sub-folders would merge in).
  const check = await loadScheme(await readSchemeFiles(dir))
  if (hashContent(check.content) !== hash) {
    const extra = (await readSchemeFiles(dir)).map((f) => f.file).filter((f) => !bundle.files.some((b) => b.file === f))
    throw new ForkError(
      1,
      `已写入包中的文件，但目录 ${dir} 中还有其他定义文件，合起来与包的内容不同：${extra.join('、') || '（未知）'}。请移走这些文件后再校验。`,
    )
  }
  return { dir, manifest: m, hash, files: bundle.files.map((f) => f.file) }
}
