/**
 * The file store's notifications: one JSON Lines file per user, `inbox/<shard>/<user>.jsonl`,
 * read on first use and then kept in memory (its newest NOTIFICATION_RETENTION).
 *
 *   {"user":"张三"}                    first line: whose inbox it is (file names are one-way)
 *   {"n":{…StoredNotification},"s":7}  a notification and its arrival number in this inbox
 *   {"r":["id",…]}                     these were marked read
 *   {"ru":7}                           everything up to arrival number 7 was marked read (mark all)
 *   {"ra":true}                        (earlier versions) everything before this line was marked read
 *
 * A write is one journal line (`inbox` / `inboxRead`, ./journal.ts), or part of the line of the case
 * write that sends the notices (`case` … `inbox`), acknowledged once durable in the journal's group
 * commit with whatever else is written at the time: no fdatasync of its own.
 * Memory is updated then, so reads see every acknowledged entry at once. The file is appended
 * later by the background writer (./file/pending.ts) without fsync; a checkpoint fsyncs it before
 * it retires the line. At start-up the inbox ops recovery found in the journal are applied again:
 * an entry whose arrival number the file already holds is skipped and read marks are idempotent,
 * so a replay (twice, or after a crash mid-append) adds nothing twice. Arrival numbers never go
 * down, also across rewrites. A file holding more than twice NOTIFICATION_RETENTION lines is
 * rewritten from memory (temp file, fsync, rename). A torn last line (a crash mid-append) is
 * skipped and cut off before the next append.
 *
 * Inbox documents of earlier versions (`notifications/<user>` in docs/, newest first) are moved in
 * at open: merged by id into the user's file, then the document is deleted (a crash in between
 * repeats the merge, which adds nothing twice).
 */
import { closeSync, fdatasync as fdatasyncCb, ftruncateSync, openSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { atomicWrite, errorCode, fsyncDir, listDir, writeAllSync } from './durable'
import type { InboxAdd, InboxMark, JournalOp } from './journal'
import { safeName, shardOf } from './names'
import { NOTIFICATION_RETENTION, type NoticeItem, type StoredNotification } from './types'
import { newestFirst } from './notif-input'
import type { FileCore, InboxStep } from './file/core'
import type { AppendWriter } from './file/pending'

const fdatasync = promisify(fdatasyncCb)

/** The document key prefix of the inboxes of earlier versions. */
export const LEGACY_INBOX_PREFIX = 'notifications/'

type Line = { user: string } | { n: StoredNotification; s?: number } | { r: string[] } | { ru: number } | { ra: true }

/** Lines a file may hold before it is rewritten from memory. */
const REWRITE_AT = 2 * NOTIFICATION_RETENTION + 16

interface Item {
  n: StoredNotification
  /** Arrival number in its inbox */
  s: number
}

interface Box {
  user: string
  file: string
  /** Oldest first (by arrival), at most NOTIFICATION_RETENTION */
  items: Item[]
  /** Ids of the items, and of entries numbered but not yet acknowledged */
  ids: Set<string>
  /** The next arrival number */
  next: number
  /** Lines in the file; -1: no file yet */
  lines: number
  /** The highest arrival number in the file */
  diskSeq: number
  /** Length to cut the file to before the next append (a torn tail), or null */
  cut: number | null
}

export class FileInbox {
  private readonly boxes = new Map<string, Promise<Box>>()
  private readonly byFile = new Map<string, Box>()

  constructor(
    private readonly core: FileCore,
    private readonly dir: string,
  ) {}

  private fileOf(user: string): string {
    return path.join(this.dir, shardOf(user), safeName(user) + '.jsonl')
  }

  /**
   * Creates the folder, applies the inbox ops recovery found in the journal (core.replayedInbox)
   * to the files, and moves the inbox documents of earlier versions in (see the file comment).
   */
  async open(docsDir: string, docFile: (key: string) => string): Promise<void> {
    await this.core.ensureDir(this.dir)
    await this.replay(this.core.replayedInbox)
    this.core.replayedInbox = []
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
      const fresh = old.filter((n) => !box.ids.has(n.id))
      if (fresh.length) {
        const merged = [...fresh, ...box.items.map((x) => x.n)].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-NOTIFICATION_RETENTION)
        // numbered above every number used so far: a replayed journal line never matches one of them
        const base = box.next
        box.items = merged.map((n, i) => ({ n, s: base + i }))
        box.ids = new Set(merged.map((n) => n.id))
        box.next = base + merged.length
        await this.rewrite(box)
      }
      await fs.rm(file, { force: true })
      moved++
    }
    if (moved) await fsyncDir(docsDir)
  }

  /** Nothing to wait for: the store's background writer holds the unwritten lines. */
  async close(): Promise<void> {}

  async append(items: NoticeItem[]): Promise<void> {
    const step = await this.prepare(items)
    await this.core.commitAppends(() => {
      const b = step()
      return b && { op: { op: 'inbox', add: b.add }, appends: b.appends, apply: b.apply }
    })
  }

  /**
   * Loads the inboxes `items` go to; the step it returns numbers them into a batch, to be run in
   * the turn its journal line is queued (journal order = arrival order): an `inbox` line of their
   * own (append), or the line of the case write that sends them (FileCore.commit).
   */
  async prepare(items: NoticeItem[]): Promise<InboxStep> {
    const byUser = new Map<string, StoredNotification[]>()
    for (const { user, notification } of items) {
      let list = byUser.get(user)
      if (!list) byUser.set(user, (list = []))
      list.push(notification)
    }
    const boxes = await Promise.all([...byUser.keys()].map((u) => this.box(u)))
    return () => {
      const add: InboxAdd[] = []
      const fresh = new Map<Box, Item[]>()
      for (const box of boxes) {
        const list: Item[] = []
        for (const n of byUser.get(box.user)!) {
          if (box.ids.has(n.id)) continue
          box.ids.add(n.id)
          const item = { n: { ...n, read: false }, s: box.next++ }
          list.push(item)
          add.push({ user: box.user, s: item.s, n: item.n })
        }
        if (list.length) fresh.set(box, list)
      }
      if (!add.length) return null
      return {
        add,
        appends: [...fresh].map(([box, list]) => ({ path: box.file, entries: list.map((x) => ({ n: x.n, s: x.s }) satisfies Line), write: this.write })),
        apply: () => {
          for (const [box, list] of fresh) for (const x of list) addItem(box, x)
        },
      }
    }
  }

  async list(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    const boxes = await Promise.all(users.map((u) => this.box(u)))
    const all: Array<{ at: string; seq: number; n: StoredNotification }> = []
    let unread = 0
    for (const box of boxes) {
      for (const x of box.items) {
        all.push({ at: x.n.at, seq: x.s, n: x.n })
        if (!x.n.read) unread++
      }
    }
    all.sort(newestFirst)
    return { items: all.slice(page.offset, page.offset + page.limit).map((x) => ({ ...x.n })), total: all.length, unread }
  }

  /**
   * Marks notifications read. 'all' is journaled as "up to the newest arrival number acknowledged
   * now", ids as the ids found unread: either replays to the same result.
   */
  async markRead(users: string[], ids: string[] | 'all'): Promise<number> {
    const boxes = await Promise.all(users.map((u) => this.box(u)))
    const wanted = ids === 'all' ? null : new Set(ids)
    let count = 0
    await this.core.commitAppends(() => {
      const marks: Array<{ box: Box; mark: InboxMark }> = []
      for (const box of boxes) {
        if (!wanted) {
          if (!box.items.some((x) => !x.n.read)) continue
          marks.push({ box, mark: { user: box.user, upTo: box.items[box.items.length - 1]!.s } })
        } else {
          const hits = box.items.filter((x) => !x.n.read && wanted.has(x.n.id)).map((x) => x.n.id)
          if (hits.length) marks.push({ box, mark: { user: box.user, ids: hits } })
        }
      }
      if (!marks.length) return null
      return {
        op: { op: 'inboxRead', marks: marks.map((m) => m.mark) },
        appends: marks.map(({ box, mark }) => ({ path: box.file, entries: [markLine(mark)], write: this.write })),
        apply: () => {
          for (const { box, mark } of marks) count += markIn(box, mark)
        },
      }
    })
    return count
  }

  // ---------------------------------------------------------------- inboxes in memory

  private box(user: string): Promise<Box> {
    let p = this.boxes.get(user)
    if (!p) {
      const loading = this.load(user)
      this.boxes.set(user, (p = loading))
      loading.then(
        (b) => this.byFile.set(b.file, b),
        () => {
          if (this.boxes.get(user) === loading) this.boxes.delete(user)
        },
      )
    }
    return p
  }

  private async load(user: string): Promise<Box> {
    const file = this.fileOf(user)
    const box: Box = { user, file, items: [], ids: new Set(), next: 0, lines: -1, diskSeq: -1, cut: null }
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
      if (!line || typeof line !== 'object') continue
      if ('n' in line) {
        if (!isNotification(line.n)) continue
        // files of earlier versions number by position; a line written again after a rewrite is skipped
        const s = typeof line.s === 'number' ? line.s : box.next
        if (s < box.next || box.ids.has(line.n.id)) continue
        box.next = s + 1
        addItem(box, { n: line.n, s })
      } else if ('r' in line && Array.isArray(line.r)) {
        markIn(box, { user, ids: line.r })
      } else if ('ru' in line && typeof line.ru === 'number') {
        markIn(box, { user, upTo: line.ru })
      } else if ('ra' in line) {
        markIn(box, null)
      }
    }
    box.lines = lines
    box.diskSeq = box.next - 1
    if (valid < buf.length) box.cut = valid
    return box
  }

  /** Applies journaled inbox ops the files may lack; what they already hold is skipped. */
  private async replay(ops: Array<Extract<JournalOp, { op: 'inbox' | 'inboxRead' }>>): Promise<void> {
    const missing = new Map<Box, Line[]>()
    const need = async (user: string) => {
      const box = await this.box(user)
      let list = missing.get(box)
      if (!list) missing.set(box, (list = []))
      return { box, list }
    }
    for (const op of ops) {
      if (op.op === 'inbox') {
        for (const a of op.add ?? []) {
          const { box, list } = await need(a.user)
          if (a.s < box.next || box.ids.has(a.n.id) || !isNotification(a.n)) continue
          box.next = a.s + 1
          addItem(box, { n: a.n, s: a.s })
          list.push({ n: a.n, s: a.s })
        }
      } else {
        for (const m of op.marks ?? []) {
          const { box, list } = await need(m.user)
          if (markIn(box, m) > 0) list.push(markLine(m))
        }
      }
    }
    for (const [box, list] of missing) {
      if (!list.length) continue
      if (box.lines + list.length > REWRITE_AT) await this.rewrite(box)
      else await this.appendLines(box, list, true)
    }
  }

  // ---------------------------------------------------------------- files

  /** The background writer's append of acknowledged lines to one inbox file (see the file comment). */
  private readonly write: AppendWriter = (file, entries) =>
    // one writer per file (with syncDataFiles the commits write, side by side)
    this.core.fileLocks.run('inbox:' + file, async () => {
      const box = this.byFile.get(file)
      if (!box) throw new Error(`inbox not loaded: ${file}`) // never: lines are queued for loaded inboxes only
      // a rewrite from memory after these were queued holds their notifications already
      const unwritten = () => (entries as Line[]).filter((l) => !('n' in l) || (l.s ?? 0) > box.diskSeq)
      let lines = unwritten()
      if (!lines.length) return
      if (box.lines + lines.length > REWRITE_AT) {
        await this.rewrite(box)
        // (with syncDataFiles memory is updated after this write: those lines still go after it)
        lines = unwritten()
        if (!lines.length) return
      }
      await this.appendLines(box, lines, this.core.syncDataFiles)
    })

  private async appendLines(box: Box, lines: Line[], sync: boolean): Promise<void> {
    const dir = path.dirname(box.file)
    const created = box.lines < 0
    if (created) await this.core.ensureDir(dir)
    const text = (created ? [{ user: box.user } satisfies Line, ...lines] : lines).map((l) => JSON.stringify(l) + '\n').join('')
    // synchronous calls (page cache only, see AppendHandles in ./file/core.ts); only the fdatasync
    // of a durable append waits for the disk, on libuv's pool
    const fd = openSync(box.file, 'a')
    try {
      if (box.cut !== null) {
        ftruncateSync(fd, box.cut)
        box.cut = null
      }
      writeAllSync(fd, Buffer.from(text, 'utf8'))
      if (sync) await fdatasync(fd)
    } finally {
      closeSync(fd)
    }
    box.lines = (created ? 1 : box.lines) + lines.length
    for (const l of lines) if ('n' in l && (l.s ?? 0) > box.diskSeq) box.diskSeq = l.s!
    if (!sync) this.core.dirtyFiles.add(box.file)
    if (created) {
      if (sync) await fsyncDir(dir)
      else this.core.dirtyDirs.add(dir)
    }
  }

  /** Replaces the file with the header and the items in memory (their read marks included), durably. */
  private async rewrite(box: Box): Promise<void> {
    const dir = path.dirname(box.file)
    await this.core.ensureDir(dir)
    const lines: Line[] = [{ user: box.user }, ...box.items.map((x) => ({ n: x.n, s: x.s }))]
    // taken now: entries acknowledged while the file is written are not in it
    const last = box.items.length ? box.items[box.items.length - 1]!.s : -1
    await atomicWrite(box.file, lines.map((l) => JSON.stringify(l) + '\n').join(''))
    box.lines = lines.length
    box.diskSeq = Math.max(box.diskSeq, last)
    box.cut = null
  }
}

/** Adds an acknowledged entry in arrival order and keeps the newest NOTIFICATION_RETENTION. */
function addItem(box: Box, x: Item): void {
  box.ids.add(x.n.id)
  const items = box.items
  let i = items.length
  while (i > 0 && items[i - 1]!.s > x.s) i--
  items.splice(i, 0, x)
  const over = items.length - NOTIFICATION_RETENTION
  if (over > 0) for (const old of items.splice(0, over)) box.ids.delete(old.n.id)
}

function markLine(m: InboxMark): Line {
  return 'upTo' in m ? { ru: m.upTo } : { r: m.ids }
}

/** Marks unread items read (all of them for null); returns how many changed. */
function markIn(box: Box, m: InboxMark | null): number {
  const ids = m && 'ids' in m ? new Set(m.ids) : null
  const upTo = m && 'upTo' in m ? m.upTo : Infinity
  let n = 0
  box.items = box.items.map((x) => {
    if (x.n.read || x.s > upTo || (ids && !ids.has(x.n.id))) return x
    n++
    return { n: { ...x.n, read: true }, s: x.s }
  })
  return n
}

function isNotification(v: unknown): v is StoredNotification {
  const n = v as StoredNotification | null
  return !!n && typeof n === 'object' && typeof n.id === 'string' && typeof n.at === 'string' && typeof n.message === 'string'
}
