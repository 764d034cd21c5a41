/**
 * Which files of a scheme folder are definition files — one rule for every path that names them:
 * the folder loader (runtime/schemes/files.ts), `loadScheme` itself, the designer's drafts
 * (runtime/drafts/service.ts) and its imports, and scheme bundles. Review finding 13: the designer
 * took a draft file `forms-duty.JSON`, publishing wrote it to the folder, and the loader, which read
 * only `*.json`, left it out at the next start, so the scheme no longer validated.
 *
 * A definition file's path inside the scheme folder is one or more parts joined by `/` (the loader
 * reads sub-folders too). Each part has letters, digits, `.`, `_` and `-` only and starts with a
 * letter or digit (so no dot-files, no `..`), at most 81 characters; the last part ends in
 * `.json`, in lower case. Any file whose name ends in `.json` in some case is meant as a definition:
 * the loader reads it, and a scheme with such a file whose name breaks the rule is refused
 * (`BAD_FILE_NAME`), never loaded without it.
 *
 * @example
 *   fileNameProblem('forms-duty.json')  // → null
 *   fileNameProblem('forms-duty.JSON')  // → { reason: '扩展名须为小写的 .json', reasonEn: 'the extension must be ".json", in lower case' }
 */

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/
const MAX_PATH = 200

/** Why a name is not a definition file name, in both languages. */
export interface FileNameProblem {
  reason: string
  reasonEn: string
}

/** Whether a file found in a scheme folder is meant as a definition file (it ends in `.json`, in any case). */
/**
 * The order a scheme's files are read in: by code unit, the same on every machine (no locale). The
 * loader, the folder reader and the CLI's verdict key all follow it.
 */
export function compareFileNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function looksLikeDefinitionFile(name: string): boolean {
  return /\.json$/i.test(name)
}

/** Why `file` (a path inside the scheme folder, `/`-separated) cannot be a definition file, or null. */
export function fileNameProblem(file: string): FileNameProblem | null {
  if (typeof file !== 'string' || file === '') return { reason: '文件名为空', reasonEn: 'the name is empty' }
  if (file.length > MAX_PATH) return { reason: `超过 ${MAX_PATH} 个字符`, reasonEn: `it is longer than ${MAX_PATH} characters` }
  if (!file.endsWith('.json')) {
    return looksLikeDefinitionFile(file)
      ? { reason: '扩展名须为小写的 .json', reasonEn: 'the extension must be ".json", in lower case' }
      : { reason: '须以 .json 结尾', reasonEn: 'it must end in ".json"' }
  }
  const parts = file.split('/')
  if (parts.some((p) => !PART.test(p))) {
    return {
      reason: '只能用字母、数字、点、下划线和连字符，每一段以字母或数字开头（不超过 81 个字符），以 .json 结尾',
      reasonEn: 'use letters, digits, ".", "_" and "-" only, each part starting with a letter or digit (at most 81 characters), ending in ".json"',
    }
  }
  return null
}
