/**
 * Is the store there for requests? For `/api/ready`: the file store still holds its folder's lock
 * (LOCK names this process) and reads its documents; PostgreSQL answers a read. Bounded in time,
 * so a hung database makes the instance "not ready" instead of hanging the probe.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Store } from './types'
import { FileStore } from './file-store'

export interface StoreReadiness {
  kind: 'file' | 'pg'
  ok: boolean
  /** Why not (zh / en) */
  reason?: { zh: string; en: string }
}

const PROBE_KEY = 'ready-probe'

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e))

export async function storeReadiness(store: Store, timeoutMs = 2000): Promise<StoreReadiness> {
  const kind = store instanceof FileStore ? 'file' : 'pg'
  if (store instanceof FileStore) {
    const lock = path.join(store.dir, 'LOCK')
    const holder = await readFile(lock, 'utf8').then(
      (t) => Number(/^\s*(\d+)/.exec(t)?.[1]),
      () => NaN,
    )
    if (holder !== process.pid) {
      return { kind, ok: false, reason: { zh: `数据目录的锁（${lock}）不在本进程手中`, en: `this process does not hold the data folder's lock (${lock})` } }
    }
  }
  try {
    await withTimeout(store.getDoc(PROBE_KEY), timeoutMs)
    return { kind, ok: true }
  } catch (e) {
    return { kind, ok: false, reason: { zh: `存储无法读取：${reasonOf(e)}`, en: `the store cannot be read: ${reasonOf(e)}` } }
  }
}
