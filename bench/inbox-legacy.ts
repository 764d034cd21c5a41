/**
 * The benches' baseline for notifications on the file store: the inbox of session 7
 * (runtime/store/file-inbox.ts before its writes were journaled), kept verbatim below. Each
 * append is written to the user's inbox file and fdatasync'd inside the call (group-committed per
 * inbox), outside the journal. `useLegacyInbox(store, on)` switches a FileStore's notification
 * methods to it (its own folder, `inbox-legacy/`) and back, so a bench can run both in turns.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { atomicWrite, errorCode, fsyncDir, listDir, writeAll } from '../runtime/store/durable'
import { safeName, shardOf } from '../runtime/store/names'
import { NOTIFICATION_RETENTION, type StoredNotification } from '../runtime/store/types'
import { checkIds, checkNotifications, checkPage, checkUsers, newestFirst } from '../runtime/store/notif-input'
import type { FileStore } from '../runtime/store/file-store'
import type { Store } from '../runtime/store/types'
import { noticesAfterWrite } from './notices-after'

const LEGACY_INBOX_PREFIX = 'notifications/'

type Line = { user: string } | { n: StoredNotification } | { r: string[] } | { ra: true }

interface Op {
  line: string
  /** Applied to memory once the line is durable; its result is the call's */
  apply: () => number
  resolve: (n: number) => void
  reject: (e: unknown) => void
}

interface Box {
  user: string
  file: string
  /** Oldest first, at most NOTIFICATION_RETENTION */
  items: StoredNotification[]
  ids: Set<string>
  /** Arrival number of items[0] (for the newest-first tie-break across inboxes) */
  base: number
  /** Lines in the file; -1: no file yet */
  lines: number
  /** Length to cut the file to before the next append (a torn tail), or null */
  cut: number | null
  queue: Op[]
  writing: Promise<void> | null
  /** A write failed: the next call reads the inbox afresh from disk */
  dead: boolean
}

export class FileInbox {
  private readonly boxes = new Map<string, Promise<Box>>()
  private readonly dirs = new Map<string, Promise<void>>()
  private closed = false

  constructor(private readonly dir: string) {}

  private fileOf(user: string): string {
    return path.join(this.dir, shardOf(user), safeName(user) + '.jsonl')
  }

  /** Creates the folder and moves the inbox documents of earlier versions in (see the file comment). */
  async open(docsDir: string, docFile: (key: string) => string): Promise<void> {
    await this.ensureDir(this.dir)
    const prefix = path.basename(docFile(LEGACY_INBOX_PREFIX)).replace(/\.json$/, '')
    let moved = 0
    for (const name of await listDir(docsDir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.json')) continue
      const file = path.join(docsDir, name)
      let doc: { key?: unknown; value?: unknown }
      try {
        doc = JSON.parse(await fs.readFile(file, 'utf8')) as typeof doc
      } catch {
        continue // not ours to judge: a damaged document is reported by whoever reads it
      }
      if (typeof doc.key !== 'string' || !doc.key.startsWith(LEGACY_INBOX_PREFIX) || doc.key.length === LEGACY_INBOX_PREFIX.length) continue
      const user = doc.key.slice(LEGACY_INBOX_PREFIX.length)
      const old = (Array.isArray(doc.value) ? doc.value : []).filter(isNotification).reverse()
      const box = await this.box(user)
      await this.drain(box)
      const fresh = old.filter((n) => !box.ids.has(n.id))
      if (fresh.length) {
        const merged = [...fresh, ...box.items].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-NOTIFICATION_RETENTION)
        await this.rewrite(box, merged)
      }
      await fs.rm(file, { force: true })
      moved++
    }
    if (moved) await fsyncDir(docsDir)
  }

  /** Waits for every queued write. */
  async close(): Promise<void> {
    this.closed = true
    for (const p of [...this.boxes.values()]) {
      const box = await p.catch(() => null)
      if (box) await this.drain(box)
    }
  }

  async append(items: Array<{ user: string; notification: StoredNotification }>): Promise<void> {
    const byUser = new Map<string, StoredNotification[]>()
    for (const { user, notification } of items) {
      let list = byUser.get(user)
      if (!list) byUser.set(user, (list = []))
      list.push(notification)
    }
    await Promise.all(
      [...byUser].map(async ([user, list]) => {
        const box = await this.box(user)
        const fresh = list.filter((n, i) => !box.ids.has(n.id) && list.findIndex((m) => m.id === n.id) === i)
        if (!fresh.length) return
        const line = fresh.map((n) => JSON.stringify({ n: { ...n, read: false } } satisfies Line) + '\n').join('')
        await this.enqueue(box, line, () => {
          for (const n of fresh) {
            if (box.ids.has(n.id)) continue
            box.items.push({ ...n, read: false })
            box.ids.add(n.id)
          }
          this.trim(box)
          return fresh.length
        })
      }),
    )
  }

  async list(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    const boxes = await Promise.all(users.map((u) => this.box(u)))
    const all: Array<{ at: string; seq: number; n: StoredNotification }> = []
    let unread = 0
    for (const box of boxes) {
      box.items.forEach((n, i) => {
        all.push({ at: n.at, seq: box.base + i, n })
        if (!n.read) unread++
      })
    }
    all.sort(newestFirst)
    return { items: all.slice(page.offset, page.offset + page.limit).map((x) => ({ ...x.n })), total: all.length, unread }
  }

  async markRead(users: string[], ids: string[] | 'all'): Promise<number> {
    const wanted = ids === 'all' ? null : new Set(ids)
    const counts = await Promise.all(
      users.map(async (user) => {
        const box = await this.box(user)
        const hits = (b: Box) => b.items.filter((n) => !n.read && (!wanted || wanted.has(n.id))).length
        // nothing to mark and nothing queued that could add something: no write
        if (!box.queue.length && !box.writing && hits(box) === 0) return 0
        const line = JSON.stringify((wanted ? { r: [...wanted] } : { ra: true }) satisfies Line) + '\n'
        return this.enqueue(box, line, () => markIn(box, wanted))
      }),
    )
    return counts.reduce((a, b) => a + b, 0)
  }

  // ---------------------------------------------------------------- inboxes in memory

  private box(user: string): Promise<Box> {
    const cur = this.boxes.get(user)
    if (cur) return cur.then((b) => (b.dead ? this.reload(user, cur) : b))
    return this.reload(user, null)
  }

  private reload(user: string, stale: Promise<Box> | null): Promise<Box> {
    if (stale && this.boxes.get(user) !== stale) return this.box(user)
    const p = this.load(user)
    this.boxes.set(user, p)
    p.catch(() => {
      if (this.boxes.get(user) === p) this.boxes.delete(user)
    })
    return p
  }

  private async load(user: string): Promise<Box> {
    const file = this.fileOf(user)
    const box: Box = { user, file, items: [], ids: new Set(), base: 0, lines: -1, cut: null, queue: [], writing: null, dead: false }
    let buf: Buffer
    try {
      buf = await fs.readFile(file)
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return box
      throw e
    }
    let pos = 0
    let valid = 0
    let lines = 0
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos)
      if (nl === -1) break // a torn tail: never acknowledged
      const text = buf.toString('utf8', pos, nl)
      pos = nl + 1
      valid = pos
      lines++
      let line: Line
      try {
        line = JSON.parse(text) as Line
      } catch {
        continue
      }
      if ('n' in line && isNotification(line.n) && !box.ids.has(line.n.id)) {
        box.items.push(line.n)
        box.ids.add(line.n.id)
        this.trim(box)
      } else if ('r' in line && Array.isArray(line.r)) {
        markIn(box, new Set(line.r))
      } else if ('ra' in line) {
        markIn(box, null)
      }
    }
    box.lines = lines
    if (valid < buf.length) box.cut = valid
    return box
  }

  /** Keeps the newest NOTIFICATION_RETENTION. */
  private trim(box: Box): void {
    const over = box.items.length - NOTIFICATION_RETENTION
    if (over <= 0) return
    for (const n of box.items.splice(0, over)) box.ids.delete(n.id)
    box.base += over
  }

  // ---------------------------------------------------------------- writing

  private enqueue(box: Box, line: string, apply: () => number): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the notification inboxes are closed'))
    return new Promise<number>((resolve, reject) => {
      box.queue.push({ line, apply, resolve, reject })
      if (!box.writing) {
        box.writing = this.pump(box).finally(() => {
          box.writing = null
        })
      }
    })
  }

  private async drain(box: Box): Promise<void> {
    while (box.writing) await box.writing
  }

  private async pump(box: Box): Promise<void> {
    while (box.queue.length) {
      const batch = box.queue.splice(0)
      try {
        await this.appendLines(box, batch.map((op) => op.line).join(''))
      } catch (e) {
        // the file may end in part of this batch: read it afresh next time
        box.dead = true
        for (const op of [...batch, ...box.queue.splice(0)]) op.reject(e)
        return
      }
      for (const op of batch) {
        op.resolve(op.apply())
        for (let i = op.line.indexOf('\n'); i !== -1; i = op.line.indexOf('\n', i + 1)) box.lines++
      }
      if (box.lines > 2 * NOTIFICATION_RETENTION + 16) {
        // the file stays valid if this fails; it is tried again after the next append
        await this.rewrite(box, box.items).catch(() => {})
      }
    }
  }

  private async appendLines(box: Box, text: string): Promise<void> {
    const created = box.lines < 0
    if (created) await this.ensureDir(path.dirname(box.file))
    const h = await fs.open(box.file, 'a')
    try {
      if (box.cut !== null) {
        await h.truncate(box.cut)
        box.cut = null
      }
      await writeAll(h, Buffer.from((created ? JSON.stringify({ user: box.user } satisfies Line) + '\n' : '') + text, 'utf8'))
      await h.datasync()
    } finally {
      await h.close()
    }
    if (created) {
      await fsyncDir(path.dirname(box.file))
      box.lines = 1
    }
  }

  /** Replaces the file with the header and `items` (their read marks included). */
  private async rewrite(box: Box, items: StoredNotification[]): Promise<void> {
    await this.ensureDir(path.dirname(box.file))
    const text = [{ user: box.user }, ...items.map((n) => ({ n }))].map((l) => JSON.stringify(l) + '\n').join('')
    await atomicWrite(box.file, text)
    if (items !== box.items) {
      box.items = []
      box.ids = new Set()
      for (const n of items) {
        box.items.push({ ...n })
        box.ids.add(n.id)
      }
    }
    box.lines = items.length + 1
    box.cut = null
  }

  private ensureDir(dir: string): Promise<void> {
    let p = this.dirs.get(dir)
    if (!p) {
      p = (async () => {
        try {
          await fs.mkdir(dir)
        } catch (e) {
          if (errorCode(e) !== 'EEXIST') throw e
        }
        await fsyncDir(path.dirname(dir))
      })()
      this.dirs.set(dir, p)
      p.catch(() => this.dirs.delete(dir))
    }
    return p
  }
}

function markIn(box: Box, wanted: Set<string> | null): number {
  let n = 0
  box.items = box.items.map((x) => {
    if (x.read || (wanted && !wanted.has(x.id))) return x
    n++
    return { ...x, read: true }
  })
  return n
}

function isNotification(v: unknown): v is StoredNotification {
  const n = v as StoredNotification | null
  return !!n && typeof n === 'object' && typeof n.id === 'string' && typeof n.at === 'string' && typeof n.message === 'string'
}

type Notify = Pick<Store, 'appendNotifications' | 'listNotifications' | 'markNotificationsRead'>
const saved = new WeakMap<object, { own: Notify; legacy: Notify }>()

/**
 * Switches a FileStore's notification methods to the session-7 inbox (on) or back to its own
 * (off). The two keep separate folders: switch before notifying anyone, and compare like with like.
 */
export async function useLegacyInbox(store: FileStore, on: boolean): Promise<void> {
  let s = saved.get(store)
  if (!s) {
    const inbox = new FileInbox(path.join(store.dir, 'inbox-legacy'))
    await inbox.open(path.join(store.dir, 'no-legacy-docs'), (key) => path.join(store.dir, 'no-legacy-docs', key + '.json'))
    const own: Notify = {
      appendNotifications: store.appendNotifications.bind(store),
      listNotifications: store.listNotifications.bind(store),
      markNotificationsRead: store.markNotificationsRead.bind(store),
    }
    const legacy: Notify = {
      appendNotifications: async (items) => {
        const list = checkNotifications(items)
        if (list.length) await inbox.append(list)
      },
      listNotifications: async (users, page) => inbox.list(checkUsers(users, 'listNotifications'), checkPage(page)),
      markNotificationsRead: async (users, ids) => inbox.markRead(checkUsers(users, 'markNotificationsRead'), checkIds(ids)),
    }
    saved.set(store, (s = { own, legacy }))
  }
  Object.assign(store, on ? s.legacy : s.own)
  // then, a case write's notices were appended after it (to this inbox)
  noticesAfterWrite(store, on)
}
