/**
 * `daiban upgrade`: pull the upstream's later changes into a fork by a three-way merge per file
 * (base = `.daiban/base`, theirs = the upstream folder now, ours = the fork). Conflicts and merged
 * results that do not validate are refused with nothing written. The fork's identity in its
 * manifest (id, name, town, prefix, version) is never taken from upstream.
 */
import path from 'node:path'
import { rm, rename } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { loadScheme, parseJson, type Problem } from '../../engine'
import { hashContent } from '../schemes/files'
import {
  BASE_DIR,
  ForkError,
  inside,
  parseTexts,
  readTexts,
  toPosix,
  UPSTREAM_FILE,
  writeAtomic,
  writeTree,
  exists,
  type TextFile,
  type UpstreamRecord,
} from './files'
import { eq, formatJson, isObj } from './tree'
import { writeJson } from '../../engine/scheme/json-edit'
import { mergeFile, type MergeRecord } from './merge'
import { readFile } from 'node:fs/promises'

/** Manifest fields that are the fork's own and never taken from upstream. */
export const IDENTITY_FIELDS = ['id', 'name', 'nameEn', 'town', 'caseNumberPrefix', 'version', 'forkedFrom'] as const

export interface UpgradeOptions {
  /** The upstream folder; default: the path recorded in .daiban/upstream.json */
  from?: string
  dryRun?: boolean
}

export interface UpgradePlan {
  fork: { id: string; dir: string }
  upstream: { id: string; dir: string; from: { version: string; hash: string }; to: { version: string; hash: string } }
  /** Nothing changed upstream since the fork point (or the last upgrade). */
  upToDate: boolean
  taken: MergeRecord[]
  kept: MergeRecord[]
  conflicts: MergeRecord[]
  /** Problems of the merged result (it is refused when there are any). */
  problems: Problem[]
  /** Files that would be (or were) written and deleted in the fork folder. */
  write: string[]
  remove: string[]
  written: boolean
}

export async function readUpstream(forkDir: string): Promise<UpstreamRecord> {
  const file = path.join(forkDir, UPSTREAM_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new ForkError(2, `${forkDir} 不是由 daiban fork 创建的分支：缺少 ${UPSTREAM_FILE}（没有共同祖先，无法三方合并）`)
  }
  const r = parseJson(text, UPSTREAM_FILE)
  const v = r.value as Partial<UpstreamRecord> | undefined
  if (r.problems.length || !v || typeof v.id !== 'string' || typeof v.path !== 'string' || typeof v.version !== 'string' || typeof v.hash !== 'string') {
    throw new ForkError(2, `${file} 内容无效：应为 {id, path, version, hash}`)
  }
  return v as UpstreamRecord
}

const byFile = (files: TextFile[]) => new Map(files.map((f) => [f.file, f.text]))

/** A three-way merge of a fork with its upstream, in memory. */
export interface UpstreamMerge {
  /** The upstream now: id, version, content hash (the new fork point) */
  upstream: { id: string; version: string; hash: string }
  taken: MergeRecord[]
  kept: MergeRecord[]
  conflicts: MergeRecord[]
  /** The merged files; where there is a conflict, the fork's value is left in place. */
  files: TextFile[]
  /** Files whose text differs from the fork's, and the fork's files the merge drops */
  write: string[]
  remove: string[]
}

/**
 * Merge per file (base = the upstream at the fork point, ours = the fork, theirs = the upstream
 * now). The fork's identity (IDENTITY_FIELDS) is never taken from upstream; `forkedFrom` becomes
 * the upstream now. The result is not validated here. Refuses (ForkError) an invalid upstream, an
 * upstream that is another scheme than `expectId`, or files that do not parse.
 */
export async function mergeUpstream(baseFiles: TextFile[], oursFiles: TextFile[], theirsFiles: TextFile[], expectId?: string): Promise<UpstreamMerge> {
  const theirsLoaded = await loadScheme(theirsFiles)
  if (!theirsLoaded.scheme) throw new ForkError(1, `上游方案有 ${theirsLoaded.problems.length} 个问题，不能据此升级：`, theirsLoaded.problems)
  const theirsManifest = theirsLoaded.scheme.manifest
  if (expectId !== undefined && theirsManifest.id !== expectId) throw new ForkError(2, `上游是方案 "${theirsManifest.id}"，而本分支的上游是 "${expectId}"`)
  const theirsHash = hashContent(theirsLoaded.content)

  const base = parseTexts(baseFiles, '分支基线（.daiban/base）')
  const ours = parseTexts(oursFiles, '分支方案')
  const theirs = parseTexts(theirsFiles, '上游方案')
  const oursText = byFile(oursFiles)
  const theirsText = byFile(theirsFiles)

  const oursManifestFile = [...ours].find(([, v]) => isObj(v) && v.kind === 'scheme')?.[0]
  if (!oursManifestFile) throw new ForkError(1, '分支方案中没有 kind 为 scheme 的清单文件')
  const oursManifest = ours.get(oursManifestFile) as Record<string, unknown>

  const out: UpstreamMerge = {
    upstream: { id: theirsManifest.id, version: theirsManifest.version, hash: theirsHash },
    taken: [],
    kept: [],
    conflicts: [],
    files: [],
    write: [],
    remove: [],
  }

  // The fork's identity is its own: upstream's and the base's identity fields are read as the fork's.
  const withIdentity = (v: unknown): unknown => {
    if (!isObj(v) || v.kind !== 'scheme') return v
    const copy: Record<string, unknown> = { ...v }
    for (const k of IDENTITY_FIELDS) {
      if (k in oursManifest) copy[k] = oursManifest[k]
      else delete copy[k]
    }
    return copy
  }

  const names = [...new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])].sort()
  const merged = new Map<string, unknown>()
  for (const file of names) {
    const isManifest = file === oursManifestFile
    const r = mergeFile(file, {
      base: isManifest ? withIdentity(base.get(file)) : base.get(file),
      ours: ours.get(file),
      theirs: isManifest ? withIdentity(theirs.get(file)) : theirs.get(file),
    })
    for (const rec of r.records) (rec.action === 'taken' ? out.taken : rec.action === 'kept' ? out.kept : out.conflicts).push(rec)
    if (r.value !== undefined) merged.set(file, r.value)
  }
  // The new fork point.
  const m = merged.get(oursManifestFile)
  if (isObj(m)) merged.set(oursManifestFile, { ...m, forkedFrom: { id: theirsManifest.id, version: theirsManifest.version, hash: theirsHash } })

  // The fork's file keeps its layout: only what the merge changed is written into its text (a
  // merged value is one changed line, not a reformatted file). A file new to the fork is upstream's text.
  for (const [file, value] of merged) {
    const mine = oursText.get(file)
    const text = mine !== undefined ? writeJson(mine, value) : theirs.has(file) && eq(value, theirs.get(file)) ? theirsText.get(file)! : formatJson(value)
    out.files.push({ file, text })
    if (oursText.get(file) !== text) out.write.push(file)
  }
  for (const file of ours.keys()) if (!merged.has(file)) out.remove.push(file)
  return out
}

export async function upgradeFork(forkDirArg: string, opts: UpgradeOptions = {}): Promise<UpgradePlan> {
  const forkDir = path.resolve(forkDirArg)
  const up = await readUpstream(forkDir)
  const baseDir = path.join(forkDir, BASE_DIR)
  if (!(await exists(baseDir))) throw new ForkError(2, `${forkDir} 缺少 ${BASE_DIR}（分支点的上游文件），无法三方合并`)
  const upstreamDir = path.resolve(opts.from ?? path.resolve(forkDir, up.path))

  const baseFiles = await readTexts(baseDir, '分支基线目录')
  const oursFiles = await readTexts(forkDir, '分支方案目录')
  const theirsFiles = await readTexts(upstreamDir, '上游方案目录')

  const theirsLoaded = await loadScheme(theirsFiles)
  if (!theirsLoaded.scheme) throw new ForkError(1, `上游方案 ${upstreamDir} 有 ${theirsLoaded.problems.length} 个问题，不能据此升级：`, theirsLoaded.problems)
  const theirsManifest = theirsLoaded.scheme.manifest
  if (theirsManifest.id !== up.id) throw new ForkError(2, `上游目录 ${upstreamDir} 是方案 "${theirsManifest.id}"，而本分支的上游是 "${up.id}"`)
  const theirsHash = hashContent(theirsLoaded.content)

  const ours = parseTexts(oursFiles, '分支方案')
  const oursManifest = [...ours.values()].find((v) => isObj(v) && v.kind === 'scheme') as Record<string, unknown> | undefined
  if (!oursManifest) throw new ForkError(1, '分支方案中没有 kind 为 scheme 的清单文件')

  const plan: UpgradePlan = {
    fork: { id: String(oursManifest.id), dir: forkDir },
    upstream: { id: up.id, dir: upstreamDir, from: { version: up.version, hash: up.hash }, to: { version: theirsManifest.version, hash: theirsHash } },
    upToDate: theirsHash === up.hash,
    taken: [],
    kept: [],
    conflicts: [],
    problems: [],
    write: [],
    remove: [],
    written: false,
  }
  if (plan.upToDate) return plan

  const m = await mergeUpstream(baseFiles, oursFiles, theirsFiles, up.id)
  Object.assign(plan, { taken: m.taken, kept: m.kept, conflicts: m.conflicts, write: m.write, remove: m.remove })
  if (plan.conflicts.length) return plan

  const check = await loadScheme(m.files)
  if (!check.scheme) {
    plan.problems = check.problems
    return plan
  }
  if (opts.dryRun) return plan

  // Write the fork's files, then refresh the base to the upstream's current files, then the record.
  for (const f of m.files) if (plan.write.includes(f.file)) await writeAtomic(inside(forkDir, f.file), f.text)
  for (const file of plan.remove) await rm(inside(forkDir, file), { force: true })
  await replaceBase(forkDir, theirsFiles, {
    id: theirsManifest.id,
    path: toPosix(path.relative(forkDir, upstreamDir)),
    version: theirsManifest.version,
    hash: theirsHash,
  })
  plan.written = true
  return plan
}

/** Replace a fork folder's `.daiban/base/` with the upstream files of a new fork point, then its record. */
export async function replaceBase(forkDir: string, upstreamFiles: TextFile[], record: UpstreamRecord): Promise<void> {
  const baseDir = path.join(forkDir, BASE_DIR)
  const newBase = path.join(forkDir, `.daiban/.base.${randomBytes(4).toString('hex')}.tmp`)
  await writeTree(newBase, upstreamFiles)
  await rm(baseDir, { recursive: true, force: true })
  await rename(newBase, baseDir)
  await writeAtomic(path.join(forkDir, UPSTREAM_FILE), formatJson(record))
}
