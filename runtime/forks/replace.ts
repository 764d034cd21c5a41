/**
 * Replace several files of a folder as one change, as far as a file system allows: every new text
 * and a copy of every file it replaces are written first into a staging dot-folder inside the
 * folder (same file system, so the renames are atomic; the scheme loader skips dot-folders), and
 * only then are the new texts renamed into place. An interruption while staging leaves the folder
 * as it was; a rename that fails leaves the copies of the originals in the staging folder, and the
 * error says which files were replaced and where to restore them from. Used by
 * `daiban migrate-scheme`, whose re-run cannot finish a half-migrated folder (it sees a
 * second-edition scheme).
 */
import { copyFile, mkdir, rename as fsRename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { inside, type TextFile } from './files'

/** Why a replacement stopped, as data: the CLI makes the sentence. */
export interface ReplaceFailure {
  /** `stage`: nothing in the folder was changed; `rename`: `replaced` were, `pending` were not. */
  stage: 'stage' | 'rename'
  /** The folder holding copies of the originals (`rename` only; absent when staging failed). */
  backup?: string
  replaced: string[]
  pending: string[]
  cause: string
}

export class ReplaceError extends Error {
  constructor(readonly failure: ReplaceFailure) {
    super(`replacing files stopped while ${failure.stage === 'stage' ? 'staging' : 'renaming'}: ${failure.cause}`)
    this.name = 'ReplaceError'
  }
}

export interface ReplaceOptions {
  /** The rename used to move each new text into place (tests pass one that fails). */
  rename?: (from: string, to: string) => Promise<void>
}

const exists = (full: string) =>
  stat(full).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false
      throw e
    },
  )

/**
 * Write `files` (paths relative to `dir`) into `dir`: all staged first, then renamed into place.
 * @example await replaceFiles('definitions/wulan', [{ file: 'forms.json', text }])
 * @throws ReplaceError when staging or a rename fails (see {@link ReplaceFailure})
 */
export async function replaceFiles(dir: string, files: TextFile[], opts: ReplaceOptions = {}): Promise<void> {
  if (!files.length) return
  const root = path.resolve(dir)
  const staging = path.join(root, `.daiban-replace-${randomBytes(4).toString('hex')}`)
  const backup = path.join(staging, 'originals')
  const targets = files.map((f) => ({
    file: f.file,
    full: inside(root, f.file),
    next: inside(path.join(staging, 'new'), f.file),
    old: inside(backup, f.file),
    text: f.text,
  }))
  try {
    for (const t of targets) {
      await mkdir(path.dirname(t.next), { recursive: true })
      await writeFile(t.next, t.text, { flag: 'wx' })
      if (await exists(t.full)) {
        await mkdir(path.dirname(t.old), { recursive: true })
        await copyFile(t.full, t.old)
      }
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true })
    throw new ReplaceError({ stage: 'stage', replaced: [], pending: files.map((f) => f.file), cause: String((e as Error).message ?? e) })
  }
  const rename = opts.rename ?? fsRename
  const replaced: string[] = []
  for (const t of targets) {
    try {
      await mkdir(path.dirname(t.full), { recursive: true })
      await rename(t.next, t.full)
      replaced.push(t.file)
    } catch (e) {
      await rm(path.join(staging, 'new'), { recursive: true, force: true })
      throw new ReplaceError({
        stage: 'rename',
        backup,
        replaced,
        pending: targets.slice(replaced.length).map((x) => x.file),
        cause: String((e as Error).message ?? e),
      })
    }
  }
  await rm(staging, { recursive: true, force: true })
}
