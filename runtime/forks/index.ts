/** Forks of schemes: fork, diff, three-way upgrade, pack/unpack. */
export {
  forkScheme,
  forkFiles,
  writeForkFolder,
  derivePrefix,
  deriveName,
  SCHEME_ID,
  CASE_PREFIX,
  type ForkOptions,
  type ForkResult,
  type ForkedFiles,
} from './fork'
export { diffSchemes, DIFF_KINDS, type DiffEntry } from './diff'
export { upgradeFork, mergeUpstream, replaceBase, readUpstream, IDENTITY_FIELDS, type UpgradeOptions, type UpgradePlan, type UpstreamMerge } from './upgrade'
export { mergeFile, describeRecord, type MergeRecord, type FileVersions } from './merge'
export { packScheme, unpackScheme, checkBundle, unsafeName, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type Bundle, type UnpackResult } from './bundle'
export { ForkError, BASE_DIR, UPSTREAM_FILE, type UpstreamRecord, type TextFile } from './files'
export { diffValues, listMode, formatJson, renderPath, type Change, type Seg } from './tree'
