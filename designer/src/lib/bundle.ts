/**
 * Import/export bundles: `{schemeId, files:[{file, text}]}` as one JSON file. Checked before it
 * reaches the server (which checks again), so a wrong file gets a precise message up front.
 */
import { fileNameProblem } from '../../../engine/scheme/file-names'

export interface BundleFile {
  file: string
  text: string
}

export interface Bundle {
  schemeId: string
  files: BundleFile[]
  /** Informational: what was exported (draft or a version) and when */
  source?: string
  exportedAt?: string
}

export const MAX_FILE_BYTES = 2 * 1024 * 1024
export const MAX_FILES = 200

export function makeBundle(schemeId: string, files: BundleFile[], source: string, now = new Date()): Bundle {
  return {
    schemeId,
    source,
    exportedAt: now.toISOString(),
    files: [...files].sort((a, b) => a.file.localeCompare(b.file)).map((f) => ({ file: f.file, text: f.text })),
  }
}

export function bundleFileName(b: Bundle): string {
  const stamp = (b.exportedAt ?? '').slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
  return `${b.schemeId}-${(b.source ?? 'draft').replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.json`
}

export interface BundleIssue {
  /** Stable code for tests and the UI */
  code:
    | 'NOT_JSON'
    | 'NOT_OBJECT'
    | 'NO_SCHEME_ID'
    | 'WRONG_SCHEME'
    | 'NO_FILES'
    | 'TOO_MANY_FILES'
    | 'BAD_ENTRY'
    | 'BAD_FILE_NAME'
    | 'DUPLICATE_FILE'
    | 'FILE_TOO_LARGE'
    | 'FILE_NOT_JSON'
    | 'NO_KIND'
    | 'MANIFEST_ID'
  file?: string
  zh: string
  en: string
}

const byteLength = (s: string) => new TextEncoder().encode(s).length

/**
 * Validate an imported bundle text for scheme `schemeId`. Errors refuse the import; warnings
 * (a definition that does not parse, or lacks `kind`) are shown but allowed, since the draft is
 * where such a file gets fixed.
 */
export function parseBundle(text: string, schemeId: string): { bundle: Bundle | null; errors: BundleIssue[]; warnings: BundleIssue[] } {
  const errors: BundleIssue[] = []
  const warnings: BundleIssue[] = []
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    errors.push({
      code: 'NOT_JSON',
      zh: `不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`,
      en: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    })
    return { bundle: null, errors, warnings }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    errors.push({ code: 'NOT_OBJECT', zh: '导入文件应为对象 {schemeId, files}', en: 'The bundle must be an object {schemeId, files}' })
    return { bundle: null, errors, warnings }
  }
  const o = v as Record<string, unknown>
  if (typeof o.schemeId !== 'string' || !o.schemeId) errors.push({ code: 'NO_SCHEME_ID', zh: '缺少 schemeId', en: 'schemeId is missing' })
  else if (o.schemeId !== schemeId)
    errors.push({
      code: 'WRONG_SCHEME',
      zh: `这是方案 "${o.schemeId}" 的文件，当前方案是 "${schemeId}"（其他方案请用分支 fork）`,
      en: `This bundle is for scheme "${o.schemeId}", not "${schemeId}" (use a fork for another scheme)`,
    })
  if (!Array.isArray(o.files) || o.files.length === 0) {
    errors.push({ code: 'NO_FILES', zh: 'files 应为非空列表', en: 'files must be a non-empty list' })
    return { bundle: null, errors, warnings }
  }
  if (o.files.length > MAX_FILES) errors.push({ code: 'TOO_MANY_FILES', zh: `最多 ${MAX_FILES} 个文件`, en: `At most ${MAX_FILES} files` })
  const seen = new Set<string>()
  const files: BundleFile[] = []
  o.files.forEach((f: unknown, i: number) => {
    const e = f as Record<string, unknown> | null
    if (!e || typeof e !== 'object' || typeof e.file !== 'string' || typeof e.text !== 'string') {
      errors.push({ code: 'BAD_ENTRY', zh: `第 ${i + 1} 项应为 {file, text}`, en: `Entry ${i + 1} must be {file, text}` })
      return
    }
    const name = e.file
    // the folder loader's and the server's rule (engine/scheme/file-names.ts)
    const bad = fileNameProblem(name)
    if (bad) errors.push({ code: 'BAD_FILE_NAME', file: name, zh: `文件名 "${name}" 无效：${bad.reason}`, en: `Invalid file name "${name}": ${bad.reasonEn}` })
    if (seen.has(name)) errors.push({ code: 'DUPLICATE_FILE', file: name, zh: `文件 ${name} 重复`, en: `File ${name} appears twice` })
    seen.add(name)
    if (byteLength(e.text) > MAX_FILE_BYTES)
      errors.push({ code: 'FILE_TOO_LARGE', file: name, zh: `文件 ${name} 超过 2 MB`, en: `File ${name} is larger than 2 MB` })
    let parsed: unknown
    try {
      parsed = JSON.parse(e.text)
    } catch {
      warnings.push({
        code: 'FILE_NOT_JSON',
        file: name,
        zh: `${name} 不是有效的 JSON（导入后可在编辑器中修正）`,
        en: `${name} is not valid JSON (fix it in the editor after importing)`,
      })
    }
    if (parsed !== undefined) {
      const kind = (parsed as Record<string, unknown> | null)?.kind
      if (typeof kind !== 'string') warnings.push({ code: 'NO_KIND', file: name, zh: `${name} 没有 kind（定义种类）`, en: `${name} has no kind` })
      if (kind === 'scheme' && typeof o.schemeId === 'string' && (parsed as Record<string, unknown>).id !== o.schemeId) {
        errors.push({
          code: 'MANIFEST_ID',
          file: name,
          zh: `${name} 的方案标识 "${String((parsed as Record<string, unknown>).id)}" 与 schemeId 不一致`,
          en: `${name} has id "${String((parsed as Record<string, unknown>).id)}", not the bundle's schemeId`,
        })
      }
    }
    files.push({ file: name, text: e.text })
  })
  if (errors.length) return { bundle: null, errors, warnings }
  const bundle: Bundle = { schemeId: o.schemeId as string, files }
  if (typeof o.source === 'string') bundle.source = o.source
  if (typeof o.exportedAt === 'string') bundle.exportedAt = o.exportedAt
  return { bundle, errors, warnings }
}
