/**
 * Whole-store export, verification, backup and restore, for either store.
 *
 * A backup is ONE gzip file of JSON lines:
 *
 *   {"type":"daiban-backup","formatVersion":1,"createdAt":"…","source":"file"|"pg"}
 *   {"t":"case","v":CaseRecord}            … every case
 *   {"t":"audit","v":AuditEntry}           … every audit entry in seq order (seq, prevHash, hash kept)
 *   {"t":"reminder","v":Reminder}          … in the order raised
 *   {"t":"counter","k":name,"v":value}
 *   {"t":"doc","k":key,"v":value}
 *   {"t":"notification","u":user,"v":StoredNotification}   … each inbox's kept ones, oldest first
 *   {"t":"end","counts":{…},"checksums":{…}}
 *
 * The last line carries the counts and a SHA-256 per kind (over the canonical JSON of every item,
 * keyed and sorted, so the order items are read in does not matter); a file without it is
 * truncated and refused. The file is written to a temporary name, fsync'd and renamed.
 * Format 1 (before notifications were rows) has no notification lines; it restores with none.
 * An inbox is backed up as the store lists it: its newest NOTIFICATION_RETENTION, read state kept.
 *
 * Restore verifies the whole file first, then:
 * - PostgreSQL: everything in ONE transaction (TRUNCATE first with --force), verified against the
 *   file's checksums before COMMIT — a failed restore leaves the database as it was;
 * - FileStore: into a new sibling folder, verified, then renamed into place (with --force the old
 *   folder is kept beside it as <folder>.before-restore-<time>). Audit entries are appended in seq
 *   order, so a FileStore renumbers them 1, 2, 3 … and re-hashes the chain; for a backup of a
 *   contiguous chain (what both stores write) that gives exactly the same seqs and hashes.
 * A non-empty target is refused unless --force.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import readline from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { createGunzip, createGzip } from 'node:zlib'
import { canonicalJson } from '../../engine'
import { NOTIFICATION_RETENTION, type AuditEntry, type CaseRecord, type Reminder, type Store, type StoredNotification } from './types'
import { FileStore } from './file-store'
import type { PgBulk, StoreCounts } from './pg/bulk'
import type { PgStore } from './pg-store'

export const KINDS = ['cases', 'audit', 'reminders', 'counters', 'docs', 'notifications'] as const
export type Kind = (typeof KINDS)[number]
export type Checksums = Record<Kind, string>
export interface Manifest {
  counts: StoreCounts
  checksums: Checksums
}

/** Everything in a store, kind by kind. */
export interface StoreExport {
  kind: 'file' | 'pg'
  cases(): AsyncIterable<CaseRecord>
  /** In seq order */
  audit(): AsyncIterable<AuditEntry>
  reminders(): AsyncIterable<Reminder>
  counters(): Promise<Record<string, number>>
  docs(): AsyncIterable<{ key: string; value: unknown }>
  /** Every inbox's kept notifications (its newest NOTIFICATION_RETENTION), inbox by inbox, oldest first */
  notifications(): AsyncIterable<InboxItem>
}

/** One notification of one inbox, as backed up. */
export interface InboxItem {
  user: string
  notification: StoredNotification
}

// ---------------------------------------------------------------- checksums

/** Order-independent digest of keyed items: SHA-256 over "key\tsha256(canonical JSON)" lines sorted by key. */
export class Digest {
  private readonly items = new Map<string, string>()
  add(key: string, value: unknown): void {
    this.items.set(key, createHash('sha256').update(canonicalJson(value)).digest('hex'))
  }
  get count(): number {
    return this.items.size
  }
  hex(): string {
    const h = createHash('sha256')
    for (const k of [...this.items.keys()].sort()) h.update(k + '\t' + this.items.get(k)! + '\n')
    return h.digest('hex')
  }
}

/** Computes counts and checksums while items flow past. */
export class ManifestBuilder {
  private readonly d: Record<Kind, Digest> = {
    cases: new Digest(),
    audit: new Digest(),
    reminders: new Digest(),
    counters: new Digest(),
    docs: new Digest(),
    notifications: new Digest(),
  }
  case(r: CaseRecord): void {
    this.d.cases.add(r.summary.id, r)
  }
  audit(e: AuditEntry): void {
    this.d.audit.add(String(e.seq ?? '').padStart(15, '0'), e)
  }
  reminder(r: Reminder): void {
    this.d.reminders.add(r.id, { ...r, acknowledgedBy: r.acknowledgedBy || null })
  }
  counter(name: string, value: number): void {
    this.d.counters.add(name, value)
  }
  doc(key: string, value: unknown): void {
    this.d.docs.add(key, value ?? null)
  }
  notification(n: InboxItem): void {
    this.d.notifications.add(`${n.user}\n${n.notification.id}`, n.notification)
  }
  build(): Manifest {
    const counts = {} as StoreCounts
    const checksums = {} as Checksums
    for (const k of KINDS) {
      counts[k] = this.d[k].count
      checksums[k] = this.d[k].hex()
    }
    return { counts, checksums }
  }
}

/** Reads a whole store and returns its counts and checksums. */
export async function digestStore(src: StoreExport): Promise<Manifest> {
  const m = new ManifestBuilder()
  for await (const r of src.cases()) m.case(r)
  for await (const e of src.audit()) m.audit(e)
  for await (const r of src.reminders()) m.reminder(r)
  for (const [k, v] of Object.entries(await src.counters())) m.counter(k, v)
  for await (const d of src.docs()) m.doc(d.key, d.value)
  for await (const n of src.notifications()) m.notification(n)
  return m.build()
}

/** Differences between two manifests ([] when equal). */
export function compareManifests(want: Manifest, got: Manifest): string[] {
  const out: string[] = []
  for (const k of KINDS) {
    if (want.counts[k] !== got.counts[k]) out.push(`${k}: ${want.counts[k]} expected, ${got.counts[k]} found`)
    else if (want.checksums[k] !== got.checksums[k]) out.push(`${k}: same count (${got.counts[k]}), different content (checksum)`)
  }
  return out
}

// ---------------------------------------------------------------- exports of the two stores

/**
 * A FileStore's content. Cases and reminders through the Store interface; audit through
 * listAllAudit; documents from the docs/ folder (each file holds its key) once the store's
 * background writer has written them; counters through counterValues().
 */
export function fileStoreExport(store: FileStore): StoreExport {
  return {
    kind: 'file',
    async *cases() {
      const ids = (await store.allSummaries()).map((s) => s.id).sort()
      for (const id of ids) {
        const r = await store.getCase(id)
        if (r) yield r
      }
    },
    async *audit() {
      yield* await store.listAllAudit()
    },
    async *reminders() {
      yield* await store.listReminders({})
    },
    async counters() {
      return Object.fromEntries(Object.entries(store.counterValues()).sort(([a], [b]) => (a < b ? -1 : 1)))
    },
    async *docs() {
      await store.settle()
      const dir = path.join(store.dir, 'docs')
      let names: string[]
      try {
        names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
        throw e
      }
      for (const n of names) {
        const text = await fs.readFile(path.join(dir, n), 'utf8')
        if (text.trim() === '') continue
        const doc = JSON.parse(text) as { key?: unknown; value?: unknown }
        if (typeof doc.key !== 'string') continue
        yield { key: doc.key, value: doc.value ?? null }
      }
    },
    async *notifications() {
      // inbox lines may still wait for the background writer (the journal holds them): the files list the users
      await store.settle()
      for (const user of await fileInboxUsers(path.join(store.dir, 'inbox'))) yield* inboxOf(store, user)
    },
  }
}

/** The users of a FileStore's inbox files (`inbox/<shard>/<name>.jsonl`, whose first line names the user), sorted. */
async function fileInboxUsers(dir: string): Promise<string[]> {
  const users = new Set<string>()
  const walk = async (d: string): Promise<void> => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await fs.readdir(d, { withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else if (e.name.endsWith('.jsonl') && !e.name.startsWith('.')) {
        const fh = await fs.open(p, 'r')
        try {
          const buf = Buffer.alloc(1024)
          const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
          const first = buf.subarray(0, bytesRead).toString('utf8').split('\n')[0]!
          const user = (JSON.parse(first) as { user?: unknown }).user
          if (typeof user === 'string') users.add(user)
        } catch {
          /* an empty or damaged inbox file: the store's own reading judges it */
        } finally {
          await fh.close()
        }
      }
    }
  }
  await walk(dir)
  return [...users].sort()
}

/** One inbox through the Store contract, oldest first. */
async function* inboxOf(store: Store, user: string): AsyncGenerator<InboxItem> {
  const { items } = await store.listNotifications([user], { offset: 0, limit: NOTIFICATION_RETENTION })
  for (const notification of items.reverse()) yield { user, notification }
}

export function pgExport(bulk: PgBulk): StoreExport {
  return {
    kind: 'pg',
    cases: () => bulk.cases(),
    audit: () => bulk.auditBySeq(),
    reminders: () => bulk.reminders(),
    counters: () => bulk.counters(),
    docs: () => bulk.docs(),
    notifications: () => bulk.notifications(NOTIFICATION_RETENTION),
  }
}

// ---------------------------------------------------------------- opening a store by location

export interface StoreLocation {
  /** FileStore data folder */
  data?: string
  /** postgres:// URL */
  databaseUrl?: string
}

export function describeLocation(loc: StoreLocation): string {
  if (loc.databaseUrl) {
    try {
      const u = new URL(loc.databaseUrl)
      if (u.password) u.password = '***'
      return `PostgreSQL ${u.toString()}`
    } catch {
      return 'PostgreSQL'
    }
  }
  return `数据目录 / folder ${path.resolve(loc.data ?? '')}`
}

async function openPg(url: string): Promise<PgStore> {
  const { openPgStore } = await import('./pg-store')
  return openPgStore({ url, poolSize: 4 })
}

/** Runs fn with the export of a store (PostgreSQL: one consistent read-only snapshot). */
export async function withExport<T>(loc: StoreLocation, fn: (src: StoreExport) => Promise<T>): Promise<T> {
  if (loc.databaseUrl) {
    const store = await openPg(loc.databaseUrl)
    try {
      await store.sealAudit()
      return await store.transaction((b) => fn(pgExport(b)), { readOnly: true })
    } finally {
      await store.close()
    }
  }
  if (!loc.data) throw new TypeError('a data folder or a database URL is needed')
  const store = new FileStore({ dir: loc.data })
  await store.open()
  try {
    return await fn(fileStoreExport(store))
  } finally {
    await store.close()
  }
}

// ---------------------------------------------------------------- backup file

type Line =
  | { t: 'case'; v: CaseRecord }
  | { t: 'audit'; v: AuditEntry }
  | { t: 'reminder'; v: Reminder }
  | { t: 'counter'; k: string; v: number }
  | { t: 'doc'; k: string; v: unknown }
  | { t: 'notification'; u: string; v: StoredNotification }
  | { t: 'end'; counts: StoreCounts; checksums: Checksums }

export const BACKUP_FORMAT = 'daiban-backup'
export const BACKUP_FORMAT_VERSION = 2

export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/** Writes every item of the store into one gzip'd JSON-lines file (atomically). */
export async function writeBackup(src: StoreExport, outFile: string): Promise<Manifest> {
  const out = path.resolve(outFile)
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`
  const m = new ManifestBuilder()
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify({ type: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: new Date().toISOString(), source: src.kind }) + '\n'
    let buf = ''
    const flush = function* () {
      if (buf) yield buf
      buf = ''
    }
    const put = (l: Line) => {
      buf += JSON.stringify(l) + '\n'
    }
    for await (const r of src.cases()) {
      m.case(r)
      put({ t: 'case', v: r })
      if (buf.length > 1 << 20) yield* flush()
    }
    for await (const e of src.audit()) {
      m.audit(e)
      put({ t: 'audit', v: e })
      if (buf.length > 1 << 20) yield* flush()
    }
    for await (const r of src.reminders()) {
      m.reminder(r)
      put({ t: 'reminder', v: r })
      if (buf.length > 1 << 20) yield* flush()
    }
    for (const [k, v] of Object.entries(await src.counters())) {
      m.counter(k, v)
      put({ t: 'counter', k, v })
    }
    for await (const d of src.docs()) {
      m.doc(d.key, d.value)
      put({ t: 'doc', k: d.key, v: d.value ?? null })
      if (buf.length > 1 << 20) yield* flush()
    }
    for await (const n of src.notifications()) {
      m.notification(n)
      put({ t: 'notification', u: n.user, v: n.notification })
      if (buf.length > 1 << 20) yield* flush()
    }
    const manifest = m.build()
    put({ t: 'end', ...manifest })
    yield* flush()
  }
  await fs.mkdir(path.dirname(out), { recursive: true })
  try {
    await pipeline(Readable.from(lines()), createGzip({ level: 6 }), createWriteStream(tmp, { flags: 'wx' }))
    const fh = await fs.open(tmp, 'r+')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
    await fs.rename(tmp, out)
    const dir = await fs.open(path.dirname(out), 'r')
    try {
      await dir.sync().catch(() => {})
    } finally {
      await dir.close()
    }
  } catch (e) {
    await fs.rm(tmp, { force: true })
    throw e
  }
  return m.build()
}

/** The lines of a backup after the header, each parsed; throws BackupError on anything malformed. */
async function* backupLines(file: string, seen: { formatVersion?: number } = {}): AsyncGenerator<Line> {
  const input = createReadStream(file).pipe(createGunzip())
  const rl = readline.createInterface({ input, crlfDelay: Infinity })
  let n = 0
  let header = false
  try {
    for await (const text of rl) {
      n++
      if (text === '') continue
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        throw new BackupError(`备份文件第 ${n} 行不是 JSON / line ${n} of the backup is not JSON (damaged file?)`)
      }
      if (!header) {
        const h = value as { type?: unknown; formatVersion?: unknown }
        if (h?.type !== BACKUP_FORMAT) throw new BackupError('这不是 Daiban 备份文件 / not a Daiban backup file')
        if (typeof h.formatVersion !== 'number' || h.formatVersion > BACKUP_FORMAT_VERSION) {
          throw new BackupError(`备份格式版本 ${String(h.formatVersion)} 比本程序新 / the backup format is newer than this program`)
        }
        header = true
        seen.formatVersion = h.formatVersion
        continue
      }
      yield value as Line
    }
  } catch (e) {
    if (e instanceof BackupError) throw e
    throw new BackupError(`无法读取备份文件 / cannot read the backup ${file}: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    rl.close()
    input.destroy()
  }
  if (!header) throw new BackupError('备份文件为空 / the backup file is empty')
}

/** Reads the whole file and checks it against its own end line. */
export async function verifyBackup(file: string): Promise<Manifest> {
  const m = new ManifestBuilder()
  let end: Manifest | null = null
  const seen: { formatVersion?: number } = {}
  for await (const l of backupLines(file, seen)) {
    if (end) throw new BackupError('备份文件在结束标记之后还有内容 / data after the end line')
    switch (l.t) {
      case 'case':
        m.case(l.v)
        break
      case 'audit':
        m.audit(l.v)
        break
      case 'reminder':
        m.reminder(l.v)
        break
      case 'counter':
        m.counter(l.k, l.v)
        break
      case 'doc':
        m.doc(l.k, l.v)
        break
      case 'notification':
        m.notification({ user: l.u, notification: l.v })
        break
      case 'end':
        end = { counts: l.counts, checksums: l.checksums }
        break
      default:
        throw new BackupError(`未知的备份行类型 / unknown line type ${JSON.stringify((l as { t?: unknown }).t)}`)
    }
  }
  if (!end) throw new BackupError('备份文件不完整（缺少结束标记）/ the backup is truncated (no end line)')
  // format 1 knew no notifications: it holds none
  if ((seen.formatVersion ?? 1) < 2 && end.counts.notifications === undefined) {
    end = { counts: { ...end.counts, notifications: 0 }, checksums: { ...end.checksums, notifications: new Digest().hex() } }
  }
  const got = m.build()
  const diff = compareManifests(end, got)
  if (diff.length) throw new BackupError(`备份文件内容与校验和不符 / the backup does not match its checksums: ${diff.join('; ')}`)
  return got
}

// ---------------------------------------------------------------- restore

export interface RestoreResult {
  target: string
  manifest: Manifest
  /** FileStore --force: where the previous folder was moved */
  movedAside?: string
}

async function isEmptyFolder(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw e
  }
}

/** Restores a verified backup into a FileStore folder or a PostgreSQL database. */
export async function restoreBackup(file: string, target: StoreLocation, opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<RestoreResult> {
  const log = opts.log ?? (() => {})
  const manifest = await verifyBackup(file)
  log(`备份文件完好 / backup verified: ${KINDS.map((k) => `${k} ${manifest.counts[k]}`).join(', ')}`)
  if (target.databaseUrl) return restoreToPg(file, target.databaseUrl, manifest, opts.force === true, log)
  if (!target.data) throw new TypeError('a data folder or a database URL is needed')
  return restoreToFolder(file, path.resolve(target.data), manifest, opts.force === true, log)
}

async function restoreToPg(file: string, url: string, manifest: Manifest, force: boolean, log: (m: string) => void): Promise<RestoreResult> {
  const store = await openPg(url)
  try {
    await store.transaction(async (b) => {
      if (!(await b.isEmpty())) {
        if (!force) throw new BackupError(`目标数据库不是空的，如确要覆盖请加 --force / the target database is not empty; add --force to replace its content`)
        log('--force: 清空目标数据库 / emptying the target database (in the same transaction)')
        await b.truncateAll()
      }
      let cases: CaseRecord[] = []
      let audit: AuditEntry[] = []
      let reminders: Reminder[] = []
      let docs: Array<{ key: string; value: unknown }> = []
      let notes: InboxItem[] = []
      const counters: Record<string, number> = {}
      const flush = async (force = false) => {
        if (notes.length >= 2000 || (force && notes.length)) await b.importNotifications(notes.splice(0))
        if (cases.length >= 500 || (force && cases.length)) await b.importCases(cases.splice(0))
        if (audit.length >= 2000 || (force && audit.length)) await b.importAudit(audit.splice(0))
        if (reminders.length >= 2000 || (force && reminders.length)) await b.importReminders(reminders.splice(0))
        if (docs.length >= 100 || (force && docs.length)) await b.importDocs(docs.splice(0))
      }
      for await (const l of backupLines(file)) {
        if (l.t === 'case') cases.push(l.v)
        else if (l.t === 'audit') audit.push(l.v)
        else if (l.t === 'reminder') reminders.push(l.v)
        else if (l.t === 'doc') docs.push({ key: l.k, value: l.v })
        else if (l.t === 'counter') counters[l.k] = l.v
        else if (l.t === 'notification') notes.push({ user: l.u, notification: l.v })
        await flush()
      }
      await flush(true)
      await b.importCounters(counters)
      cases = audit = reminders = docs = []
      notes = []
      const got = await digestStore(pgExport(b))
      const diff = compareManifests(manifest, got)
      if (diff.length) throw new BackupError(`恢复后校验不符，已回滚 / verification after restore failed, rolled back: ${diff.join('; ')}`)
    })
  } finally {
    await store.close()
  }
  return { target: describeLocation({ databaseUrl: url }), manifest }
}

async function restoreToFolder(file: string, dir: string, manifest: Manifest, force: boolean, log: (m: string) => void): Promise<RestoreResult> {
  const empty = await isEmptyFolder(dir)
  if (!empty && !force) {
    throw new BackupError(
      `目标数据目录不是空的，如确要覆盖请加 --force（原目录会被保留并改名）/ the target folder ${dir} is not empty; add --force (the old folder is kept under a new name)`,
    )
  }
  const work = `${dir}.restoring-${process.pid}`
  await fs.rm(work, { recursive: true, force: true })
  const store = new FileStore({ dir: work })
  await store.open()
  try {
    const it = backupLines(file)[Symbol.asyncIterator]()
    let pending: Line | null = null
    async function* casesFirst(): AsyncGenerator<CaseRecord> {
      for (;;) {
        const n = await it.next()
        if (n.done) return
        if (n.value.t !== 'case') {
          pending = n.value
          return
        }
        yield n.value.v
      }
    }
    const seeded = await store.bulkSeed(casesFirst())
    log(`案件 / cases: ${seeded}`)
    async function* rest(): AsyncGenerator<Line> {
      if (pending) yield pending
      for (;;) {
        const n = await it.next()
        if (n.done) return
        yield n.value
      }
    }
    let audit: AuditEntry[] = []
    let reminders: Reminder[] = []
    const counters: Array<[string, number]> = []
    let notes: InboxItem[] = []
    for await (const l of rest()) {
      if (l.t === 'case') throw new BackupError('备份文件中的案件不在开头 / cases must come first in the backup')
      if (l.t === 'audit') {
        audit.push(l.v)
        if (audit.length >= 1000) await store.appendAudit(audit.splice(0))
      } else if (l.t === 'reminder') {
        if (audit.length) await store.appendAudit(audit.splice(0))
        reminders.push(l.v)
        if (reminders.length >= 1000) await store.raiseReminders(reminders.splice(0))
      } else if (l.t === 'counter') counters.push([l.k, l.v])
      else if (l.t === 'doc') await store.putDoc(l.k, l.v)
      else if (l.t === 'notification') {
        notes.push({ user: l.u, notification: l.v })
        if (notes.length >= 1000) await restoreNotifications(store, notes.splice(0))
      }
    }
    if (notes.length) await restoreNotifications(store, notes.splice(0))
    notes = []
    if (audit.length) await store.appendAudit(audit.splice(0))
    if (reminders.length) await store.raiseReminders(reminders.splice(0))
    audit = []
    reminders = []
    for (const [name, value] of counters) await advanceCounter(store, name, value)
    const got = await digestStore(fileStoreExport(store))
    const diff = compareManifests(manifest, got)
    if (diff.length) throw new BackupError(`恢复后校验不符 / verification after restore failed: ${diff.join('; ')}`)
  } catch (e) {
    await store.close().catch(() => {})
    await fs.rm(work, { recursive: true, force: true })
    throw e
  }
  await store.close()
  let movedAside: string | undefined
  if (!empty) {
    movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
    await fs.rename(dir, movedAside)
    log(`原目录已改名为 / the previous folder was moved to ${movedAside}`)
  } else {
    await fs.rm(dir, { recursive: true, force: true })
  }
  await fs.rename(work, dir)
  return { target: describeLocation({ data: dir }), manifest, ...(movedAside ? { movedAside } : {}) }
}

/** Appends backed-up notifications in their order, then marks the read ones read (appending takes them as given, read or not). */
async function restoreNotifications(store: Store, items: InboxItem[]): Promise<void> {
  await store.appendNotifications(items)
  const read = new Map<string, string[]>()
  for (const { user, notification: n } of items) if (n.read) read.set(user, [...(read.get(user) ?? []), n.id])
  for (const [user, ids] of read) await store.markNotificationsRead([user], ids)
}

/** Brings a FileStore counter to `value` (FileStore can only count up: group-committed in chunks). */
async function advanceCounter(store: Store, name: string, value: number): Promise<void> {
  let cur = 0
  while (cur < value) {
    const n = Math.min(1000, value - cur)
    const got = await Promise.all(Array.from({ length: n }, () => store.nextSequence(name)))
    cur = Math.max(cur, ...got)
  }
}
