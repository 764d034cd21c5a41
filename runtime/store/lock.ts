/**
 * Single-process lock on a data folder: `LOCK` created with O_EXCL, holding the owner's pid.
 * A lock whose pid is no longer alive is stale and taken over; a live one is refused.
 */
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { StoreUnavailableError } from './types'
import { errorCode, fsyncDir, shortReason } from './durable'

/** Folders opened by this process, shared by every copy of this module in the process. */
const REGISTRY_KEY = Symbol.for('daiban.fileStore.openFolders')
function registry(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>
  let set = g[REGISTRY_KEY]
  if (!set) {
    set = new Set<string>()
    g[REGISTRY_KEY] = set
  }
  return set
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(e) === 'EPERM'
  }
  return !isZombie(pid)
}

/** A killed process whose parent has not reaped it yet still answers kill(pid, 0) (Linux only). */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state === 'Z' || state === 'X'
  } catch {
    return false
  }
}

/** pid written in a lock file, or null when the file is missing, empty or garbled. */
async function readPid(file: string): Promise<number | null | 'missing'> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return 'missing'
    throw e
  }
  const m = /^\s*(\d+)/.exec(text)
  if (!m) return null
  const pid = Number(m[1])
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null
}

export function lockedMessage(pid: number, dir: string): string {
  return (
    `数据目录已被另一个进程（pid ${pid}）占用 / data folder is locked by another process (pid ${pid}): ${dir}. ` +
    `如确认该进程不存在，可删除 LOCK 文件 / if no such process uses it, delete the LOCK file.`
  )
}

export interface FolderLock {
  readonly file: string
  release(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function createLockFile(file: string): Promise<boolean> {
  let h: fs.FileHandle
  try {
    h = await fs.open(file, 'wx')
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false
    throw e
  }
  try {
    await h.writeFile(`${process.pid}\n`)
    await h.sync()
  } finally {
    await h.close()
  }
  await fsyncDir(path.dirname(file))
  return true
}

/** Removes a stale LOCK under a short-lived `LOCK.takeover` guard so two starters cannot both take it. */
async function takeOver(file: string, stale: number | null): Promise<void> {
  const guard = file + '.takeover'
  if (!(await createLockFile(guard))) {
    const holder = await readPid(guard)
    if (typeof holder === 'number' && holder !== process.pid && isPidAlive(holder)) {
      throw new StoreUnavailableError(lockedMessage(holder, path.dirname(file)))
    }
    await fs.rm(guard, { force: true })
    return
  }
  try {
    const now = await readPid(file)
    if (now === stale) await fs.rm(file, { force: true })
  } finally {
    await fs.rm(guard, { force: true })
  }
}

/**
 * Takes the folder lock. A live holder is waited for up to `waitMs` (a process that was just
 * killed can take a moment to disappear), then refused with a StoreUnavailableError.
 */
export async function acquireFolderLock(dir: string, waitMs = 1000): Promise<FolderLock> {
  const file = path.join(dir, 'LOCK')
  const key = path.resolve(dir)
  const open = registry()
  if (open.has(key)) {
    throw new StoreUnavailableError(`数据目录已在本进程中打开（pid ${process.pid}）/ data folder is already open in this process (pid ${process.pid}): ${dir}`)
  }
  let emptySeen = 0
  const deadline = Date.now() + waitMs
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await createLockFile(file)) {
        open.add(key)
        let released = false
        return {
          file,
          async release() {
            if (released) return
            released = true
            open.delete(key)
            const holder = await readPid(file).catch(() => null)
            if (holder === process.pid) {
              await fs.rm(file, { force: true })
              await fsyncDir(dir).catch(() => {})
            }
          },
        }
      }
      const holder = await readPid(file)
      if (holder === 'missing') continue
      if (holder === null) {
        // Being written right now, or its creator died before writing: wait a moment first.
        if (emptySeen++ < 3) {
          await sleep(100)
          continue
        }
      } else if (holder !== process.pid && isPidAlive(holder)) {
        if (Date.now() < deadline) {
          await sleep(Math.min(100, Math.max(1, deadline - Date.now())))
          attempt--
          continue
        }
        throw new StoreUnavailableError(lockedMessage(holder, dir))
      }
      // Dead pid, our own pid left over from an earlier incarnation (not open here), or garbled: stale.
      await takeOver(file, holder)
    }
  } catch (e) {
    if (e instanceof StoreUnavailableError) throw e
    throw new StoreUnavailableError(`无法锁定数据目录 / cannot lock the data folder ${dir}: ${shortReason(e)}`)
  }
  throw new StoreUnavailableError(`无法锁定数据目录 / cannot lock the data folder ${dir}: LOCK keeps changing`)
}
