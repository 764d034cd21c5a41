/**
 * `daiban fork`: a new scheme folder from an existing one. The manifest gets the new identity and
 * records where it came from (`forkedFrom` = the source's id, version and content hash); the
 * source's files at the fork point are kept in `.daiban/base/` with `.daiban/upstream.json`, the
 * common ancestor later upgrades merge against. Nothing is written unless the result validates.
 */
import path from 'node:path'
import { loadScheme, type Manifest } from '../../engine'
import { hashContent } from '../schemes/files'
import { BASE_DIR, ForkError, isNonEmptyDir, readTexts, toPosix, UPSTREAM_FILE, writeFolder, writeTree, type TextFile, type UpstreamRecord } from './files'
import { formatJson } from './tree'

export const SCHEME_ID = /^[a-z][a-z0-9-]{0,63}$/
export const CASE_PREFIX = /^[A-Z]{2,8}$/

export interface ForkOptions {
  /** The new town's name, e.g. 乌兰陶勒盖镇 */
  town: string
  /** Parent folder of the new scheme folder; default: the source's parent. */
  into?: string
  /** Case number prefix; default derived from the id. */
  prefix?: string
}

export interface ForkResult {
  dir: string
  manifest: Manifest
  hash: string
  upstream: UpstreamRecord
  files: string[]
}

/** `wu-lan-tao` → WLT; `wulan` → WUL. Null when the id has too few letters. */
export function derivePrefix(id: string): string | null {
  const parts = id.split('-').filter((p) => /^[a-z]/.test(p))
  const initials = parts
    .map((p) => p[0]!.toUpperCase())
    .join('')
    .slice(0, 8)
  if (parts.length >= 2 && initials.length >= 2) return initials
  const letters = id
    .replace(/[^a-z]/g, '')
    .toUpperCase()
    .slice(0, 3)
  return letters.length >= 2 ? letters : null
}

/** The name of the new scheme: the source's, with its town replaced by the new one. */
export function deriveName(source: Manifest, town: string): string {
  return source.name.includes(source.town) ? source.name.split(source.town).join(town) : `${town}${source.name}`
}

/** A fork computed in memory: the new scheme's files, its manifest and hash, and the fork point. */
export interface ForkedFiles {
  files: TextFile[]
  manifest: Manifest
  /** Content hash of the fork */
  hash: string
  /** The source at the fork point: id, version, content hash (no path: that is the folder's business) */
  source: { id: string; version: string; hash: string }
}

/**
 * The fork of a scheme's files, without touching the disk: the manifest gets the new identity and
 * `forkedFrom`; everything else is the source's, byte for byte. Refuses (ForkError) a bad id, town
 * or prefix, an invalid source, or a result that does not validate.
 * @example const f = await forkFiles(await readTexts('definitions/galutu'), 'wulan', { town: '乌兰陶勒盖镇' })
 */
export async function forkFiles(files: TextFile[], newId: string, opts: { town: string; prefix?: string }): Promise<ForkedFiles> {
  if (!SCHEME_ID.test(newId)) throw new ForkError(2, `新方案标识 "${newId}" 无效：应为小写字母开头，只含小写字母、数字和连字符（至多 64 个字符）`)
  const town = opts.town.trim()
  if (!town) throw new ForkError(2, '请用 --name 指定新方案的镇名，例如 --name 乌兰陶勒盖镇')
  if (opts.prefix !== undefined && !CASE_PREFIX.test(opts.prefix)) throw new ForkError(2, `案件编号前缀 "${opts.prefix}" 无效：应为 2–8 个大写字母`)

  const loaded = await loadScheme(files)
  if (!loaded.scheme || !loaded.definitions) throw new ForkError(1, `源方案有 ${loaded.problems.length} 个问题，不能据此创建分支：`, loaded.problems)
  const src = loaded.definitions.manifest
  const hash = hashContent(loaded.content)
  const manifestFile = loaded.origins.at(src).file

  const prefix = opts.prefix ?? derivePrefix(newId)
  if (!prefix) throw new ForkError(2, `无法从标识 "${newId}" 推出案件编号前缀，请用 --prefix 指定（2–8 个大写字母）`)
  if (newId === src.id) throw new ForkError(2, `新方案标识不能与源方案相同（${src.id}）`)

  const manifest: Manifest = {
    ...src,
    id: newId,
    name: deriveName(src, town),
    town,
    caseNumberPrefix: prefix,
    version: '1.0.0',
    forkedFrom: { id: src.id, version: src.version, hash },
  }
  // The English name belonged to the source town; it is not guessed.
  delete manifest.nameEn
  const order = [
    '$schema',
    'kind',
    'id',
    'name',
    'nameEn',
    'town',
    'version',
    'description',
    'source',
    'caseNumberPrefix',
    'timezone',
    'defaultLocale',
    'forkedFrom',
  ]
  const ordered = Object.fromEntries(
    [...order.filter((k) => k in manifest), ...Object.keys(manifest).filter((k) => !order.includes(k))].map((k) => [
      k,
      (manifest as unknown as Record<string, unknown>)[k],
    ]),
  )
  const out: TextFile[] = files.map((f) => (f.file === manifestFile ? { file: f.file, text: formatJson(ordered) } : f))

  const result = await loadScheme(out)
  if (!result.scheme) throw new ForkError(1, `分支方案未通过校验（${result.problems.length} 个问题），未写入任何文件：`, result.problems)
  return { files: out, manifest: result.scheme.manifest, hash: hashContent(result.content), source: { id: src.id, version: src.version, hash } }
}

/**
 * Write a fork folder: the fork's files, the source's files at the fork point in `.daiban/base/`
 * and `.daiban/upstream.json`. The destination must be absent or empty.
 */
export async function writeForkFolder(dest: string, fork: ForkedFiles, sourceFiles: TextFile[], upstreamPath: string): Promise<UpstreamRecord> {
  if (await isNonEmptyDir(dest)) throw new ForkError(2, `目标目录已存在且不为空：${dest}（请换一个标识或用 --into 指定其他位置）`)
  const upstream: UpstreamRecord = { id: fork.source.id, path: upstreamPath, version: fork.source.version, hash: fork.source.hash }
  await writeFolder(dest, async (tmp) => {
    await writeTree(tmp, fork.files)
    await writeTree(path.join(tmp, BASE_DIR), sourceFiles)
    await writeTree(tmp, [{ file: UPSTREAM_FILE, text: formatJson(upstream) }])
  })
  return upstream
}

export async function forkScheme(sourceDir: string, newId: string, opts: ForkOptions): Promise<ForkResult> {
  if (!SCHEME_ID.test(newId)) throw new ForkError(2, `新方案标识 "${newId}" 无效：应为小写字母开头，只含小写字母、数字和连字符（至多 64 个字符）`)
  if (!opts.town.trim()) throw new ForkError(2, '请用 --name 指定新方案的镇名，例如 --name 乌兰陶勒盖镇')
  const source = path.resolve(sourceDir)
  const files = await readTexts(source, '源方案目录')
  let fork: ForkedFiles
  try {
    fork = await forkFiles(files, newId, opts.prefix === undefined ? { town: opts.town } : { town: opts.town, prefix: opts.prefix })
  } catch (e) {
    // Name the source folder in the refusal, as the command was given it.
    if (e instanceof ForkError && e.message.startsWith('源方案有')) throw new ForkError(e.exitCode, `源方案 ${sourceDir} ${e.message.slice(3)}`, e.problems)
    throw e
  }
  const parent = path.resolve(opts.into ?? path.dirname(source))
  const dest = path.join(parent, newId)
  if (dest === source) throw new ForkError(2, '新方案目录不能是源方案目录本身')
  const upstream = await writeForkFolder(dest, fork, files, toPosix(path.relative(dest, source)))
  return { dir: dest, manifest: fork.manifest, hash: fork.hash, upstream, files: fork.files.map((f) => f.file) }
}
