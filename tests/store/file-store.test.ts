import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileStore, StoreUnavailableError, openStore, type CaseSummary, type Reminder } from '../../runtime/store/index'
import { shardOf, safeName } from '../../runtime/store/names'
import { makeAudit, makeRecord } from './fixtures/records'
import { FORMAT_VERSION } from '../../runtime/store/file/checkpoint'
import { notice } from '../store-contract/notifications'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const created: string[] = []

async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-store-'))
  created.push(dir)
  return dir
}

afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  )
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const ent of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name)
    if (ent.isDirectory()) out.push(...(await walk(p)))
    else out.push(p)
  }
  return out
}

const caseFile = (dir: string, id: string) => path.join(dir, 'cases', shardOf(id), safeName(id) + '.json')
const auditFile = (dir: string, id: string) => path.join(dir, 'audit', shardOf(id), safeName(id) + '.jsonl')

async function journalFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(path.join(dir, 'journal'))).filter((n) => n.endsWith('.jsonl')).sort()
  return names.map((n) => path.join(dir, 'journal', n))
}

/** Removes the clean-close marker, so start-up treats the journal as after a crash. */
async function dropCleanMarker(journal: string): Promise<void> {
  const lines = (await fs.readFile(journal, 'utf8')).split('\n')
  expect(lines.some((l) => l.includes('"op":"clean"'))).toBe(true)
  await fs.writeFile(journal, lines.filter((l) => !l.includes('"op":"clean"')).join('\n'))
}

function reminder(id: string, caseId = 'case-000001'): Reminder {
  return {
    id,
    caseId,
    caseNumber: 'GLT-2026-000001',
    clock: 'handle',
    kind: 'due_soon',
    dueDate: '2026-03-01',
    raisedAt: '2026-02-27T08:00:00.000Z',
    forDate: '2026-02-27',
    message: '办理期限即将届满',
  }
}

/** A store with cases 1..n at version 1. */
async function seeded(n: number, dir?: string): Promise<{ store: FileStore; dir: string }> {
  const d = dir ?? (await tmpDir())
  const store = await openStore({ dir: d })
  for (let i = 1; i <= n; i++) {
    const rec = makeRecord(i)
    await store.createCase(rec, [makeAudit(rec.summary.id, 1, 'create')])
  }
  return { store, dir: d }
}

describe('FileStore: cases', () => {
  it('creates, reads, updates and lists with filters, sorting and paging', async () => {
    const { store, dir } = await seeded(60)
    try {
      const c7 = await store.getCase('case-000007')
      expect(c7).toEqual(makeRecord(7))
      expect((await store.getCaseByNumber('GLT-2026-000007'))?.summary.id).toBe('case-000007')
      expect(await store.getCase('nope')).toBeNull()
      expect(await store.getCaseByNumber('nope')).toBeNull()

      await store.updateCase(makeRecord(7, 2, { state: 'closed.done', stage: 'closed', status: 'done' }), 1, [makeAudit('case-000007', 2)])
      expect((await store.getCase('case-000007'))?.summary).toMatchObject({ version: 2, state: 'closed.done' })
      // the returned record is a copy
      const copy = (await store.getCase('case-000007'))!
      copy.summary.version = 99
      expect((await store.getCase('case-000007'))?.summary.version).toBe(2)

      const all: CaseSummary[] = (await store.allSummaries()).sort((a, b) => a.id.localeCompare(b.id))
      expect(all).toHaveLength(60)
      const expectIds = (pred: (s: CaseSummary) => boolean) =>
        all
          .filter(pred)
          .map((s) => s.id)
          .sort()
      const listIds = async (filter: Parameters<FileStore['listCases']>[0]) => {
        const r = await store.listCases(filter, { offset: 0, limit: 1000 })
        expect(r.total).toBe(r.items.length)
        return r.items.map((s) => s.id).sort()
      }

      expect(await listIds({ state: 'closed' })).toEqual(expectIds((s) => s.state.startsWith('closed.')))
      expect(await listIds({ state: 'closed.excluded' })).toEqual(expectIds((s) => s.state === 'closed.excluded'))
      expect(await listIds({ status: 'active', village: '巴彦' })).toEqual(expectIds((s) => s.status === 'active' && s.village === '巴彦'))
      expect(await listIds({ unit: '水务局' })).toEqual(expectIds((s) => s.units.includes('水务局')))
      expect(await listIds({ officer: 'officer-1', channel: 'phone' })).toEqual(expectIds((s) => s.officer === 'officer-1' && s.channel === 'phone'))
      expect(await listIds({ dueOnOrBefore: '2026-02-15' })).toEqual(expectIds((s) => s.status === 'active' && s.dueDate !== null && s.dueDate <= '2026-02-15'))
      expect(await listIds({ receivedFrom: '2026-02-01', receivedTo: '2026-02-10' })).toEqual(
        expectIds((s) => s.receivedOn! >= '2026-02-01' && s.receivedOn! <= '2026-02-10'),
      )
      expect(await listIds({ q: '000042' })).toEqual(['case-000042'])
      expect(await listIds({ q: '李四' })).toEqual(expectIds((s) => s.petitionerName === '李四'))
      expect(await listIds({ q: '拆迁' })).toEqual(expectIds((s) => s.category === '拆迁'))
      expect(await listIds({ q: 'glt-2026-00001' })).toHaveLength(10)
      expect(await listIds({ schemeId: 'other' })).toEqual([])

      // default order: receivedOn desc, then number desc; paging keeps the filtered total
      const ordered = [...all].sort((a, b) => b.receivedOn!.localeCompare(a.receivedOn!) || b.number.localeCompare(a.number))
      const p1 = await store.listCases({}, { offset: 0, limit: 5 })
      const p2 = await store.listCases({}, { offset: 5, limit: 5 })
      expect(p1.total).toBe(60)
      expect(p1.items.map((s) => s.id)).toEqual(ordered.slice(0, 5).map((s) => s.id))
      expect(p2.items.map((s) => s.id)).toEqual(ordered.slice(5, 10).map((s) => s.id))
      const last = await store.listCases({}, { offset: 58, limit: 5 })
      expect(last.items.map((s) => s.id)).toEqual(ordered.slice(58).map((s) => s.id))
      const filtered = await store.listCases({ status: 'active' }, { offset: 0, limit: 3 })
      expect(filtered.total).toBe(all.filter((s) => s.status === 'active').length)
      expect(filtered.items).toHaveLength(3)

      const byVersion = await store.listCases({}, { offset: 0, limit: 1, sort: 'version', order: 'desc' })
      expect(byVersion.items[0]?.id).toBe('case-000007')
      const byNumberAsc = await store.listCases({}, { offset: 0, limit: 3, sort: 'number' })
      expect(byNumberAsc.items.map((s) => s.id)).toEqual(['case-000001', 'case-000002', 'case-000003'])
      await expect(store.listCases({}, { offset: 0, limit: 3, sort: 'snapshot' as never })).rejects.toThrow(/sort/)

      // survives close/reopen (journal replay) and a checkpoint + reopen
      await store.close()
      const again = await openStore({ dir })
      expect(again.caseCount).toBe(60)
      expect((await again.getCase('case-000007'))?.summary.version).toBe(2)
      await again.checkpoint()
      await again.close()
      const third = await openStore({ dir })
      expect((await third.listCases({ state: 'closed' }, { offset: 0, limit: 100 })).total).toBe(all.filter((s) => s.state.startsWith('closed.')).length)
      expect(await third.getCaseByNumber('GLT-2026-000060')).toEqual(makeRecord(60))
      await third.close()
    } finally {
      await store.close()
    }
  })

  it('keeps audit entries in seq order per case and across the store', async () => {
    const { store, dir } = await seeded(3)
    try {
      await store.updateCase(makeRecord(1, 2), 1, [makeAudit('case-000001', 2), { ...makeAudit('case-000001', 2), action: 'note' }])
      await store.appendAudit([
        { at: '2026-02-01T00:00:00Z', actor: 'admin', caseId: null, action: 'publish', event: 'scheme' },
        { at: '2026-02-01T00:00:01Z', actor: 'admin', caseId: 'case-000002', action: 'comment', changes: { text: '已电话联系' } },
      ])
      await store.updateCase(makeRecord(2, 2), 1, [makeAudit('case-000002', 2)])
      const a1 = await store.listAudit('case-000001')
      const a2 = await store.listAudit('case-000002')
      expect(a1.map((e) => e.action)).toEqual(['create', 'transition', 'note'])
      expect(a2.map((e) => e.action)).toEqual(['create', 'comment', 'transition'])
      const seqs = [...a1, ...a2, ...(await store.listAudit('case-000003'))].map((e) => e.seq!).sort((a, b) => a - b)
      expect(new Set(seqs).size).toBe(seqs.length)
      for (const list of [a1, a2]) {
        for (let i = 1; i < list.length; i++) expect(list[i]!.seq!).toBeGreaterThan(list[i - 1]!.seq!)
      }
      // creation order 1,2,3 then the update of 1 then the appended pair then the update of 2
      expect(a1[1]!.seq!).toBeGreaterThan(a2[0]!.seq!)
      expect(a2[1]!.seq!).toBeGreaterThan(a1[2]!.seq!)
      expect(a2[2]!.seq!).toBeGreaterThan(a2[1]!.seq!)
      await store.settle() // files are written lazily; settle() is for readers of the folder
      const storeLog = await fs.readFile(path.join(dir, 'audit', '_store.jsonl'), 'utf8')
      expect(
        storeLog
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).action),
      ).toEqual(['publish'])
      expect(await store.listAudit('unknown-case')).toEqual([])

      const maxSeq = Math.max(...seqs)
      await store.close()
      const again = await openStore({ dir })
      await again.appendAudit([{ at: '2026-02-02T00:00:00Z', actor: 'x', caseId: 'case-000003', action: 'note' }])
      const a3 = await again.listAudit('case-000003')
      expect(a3.at(-1)!.seq!).toBeGreaterThan(maxSeq)
      await again.close()
    } finally {
      await store.close()
    }
  })
})

describe('FileStore: reminders, counters, documents', () => {
  it('raises reminders exactly once, also across close/reopen and checkpoints', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir })
    expect((await store.raiseReminders([reminder('r1'), reminder('r2'), reminder('r1')])).map((r) => r.id)).toEqual(['r1', 'r2'])
    expect((await store.raiseReminders([reminder('r1'), reminder('r3', 'case-000002')])).map((r) => r.id)).toEqual(['r3'])
    const [a, b] = await Promise.all([store.raiseReminders([reminder('r4')]), store.raiseReminders([reminder('r4')])])
    expect(a.length + b.length).toBe(1)
    expect(await store.acknowledgeReminder('r1', 'officer-1')).toBe(true)
    expect(await store.acknowledgeReminder('r1', 'officer-2')).toBe(false)
    expect(await store.acknowledgeReminder('missing', 'officer-2')).toBe(false)
    await store.close()

    const again = await openStore({ dir })
    expect(await again.raiseReminders([reminder('r1'), reminder('r2'), reminder('r3'), reminder('r4')])).toEqual([])
    expect((await again.listReminders({})).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4'])
    expect((await again.listReminders({ open: true })).map((r) => r.id)).toEqual(['r2', 'r3', 'r4'])
    expect((await again.listReminders({ open: false })).map((r) => [r.id, r.acknowledgedBy])).toEqual([['r1', 'officer-1']])
    expect((await again.listReminders({ caseId: 'case-000002' })).map((r) => r.id)).toEqual(['r3'])
    await again.checkpoint()
    expect(await again.acknowledgeReminder('r2', 'officer-3')).toBe(true)
    await again.close()

    const third = await openStore({ dir })
    expect(await third.raiseReminders([reminder('r2'), reminder('r5')])).toHaveLength(1)
    expect((await third.listReminders({ open: true })).map((r) => r.id)).toEqual(['r3', 'r4', 'r5'])
    await third.close()
  })

  it('never hands out a counter value twice, also across reopen', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir })
    const seen = new Set<number>()
    for (let i = 0; i < 5; i++) seen.add(await store.nextSequence('case-number:2026'))
    expect([...seen]).toEqual([1, 2, 3, 4, 5])
    const parallel = await Promise.all(Array.from({ length: 30 }, () => store.nextSequence('case-number:2026')))
    for (const v of parallel) seen.add(v)
    expect(seen.size).toBe(35)
    expect(await store.nextSequence('other')).toBe(1)
    await store.close()

    const again = await openStore({ dir })
    const v = await again.nextSequence('case-number:2026')
    expect(v).toBeGreaterThan(Math.max(...seen))
    seen.add(v)
    await again.checkpoint()
    await again.close()
    const third = await openStore({ dir })
    expect(await third.nextSequence('case-number:2026')).toBeGreaterThan(v)
    expect(await third.nextSequence('other')).toBe(2)
    await third.close()
  })

  it('stores small documents under keys with "/", case and CJK safely', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir })
    await store.putDoc('schemes/galutu/1.0.0', { published: true, hash: 'abc' })
    await store.putDoc('Settings', { a: 1 })
    await store.putDoc('settings', { a: 2 })
    await store.putDoc('配置/通知', ['短信'])
    await store.putDoc('../escape', 1)
    await store.putDoc('k'.repeat(400), 'long')
    await store.putDoc('schemes/galutu/1.0.0', { published: true, hash: 'def' })
    expect(await store.getDoc('missing')).toBeNull()
    await store.close()
    const again = await openStore({ dir })
    expect(await again.getDoc('schemes/galutu/1.0.0')).toEqual({ published: true, hash: 'def' })
    expect(await again.getDoc('Settings')).toEqual({ a: 1 })
    expect(await again.getDoc('settings')).toEqual({ a: 2 })
    expect(await again.getDoc('配置/通知')).toEqual(['短信'])
    expect(await again.getDoc('../escape')).toBe(1)
    expect(await again.getDoc('k'.repeat(400))).toBe('long')
    const files = await fs.readdir(path.join(dir, 'docs'))
    expect(files).toHaveLength(6)
    expect(await exists(path.join(dir, 'escape.json'))).toBe(false)
    await expect(again.putDoc('bad', { f: 1n })).rejects.toThrow(/plain JSON/)
    await again.close()
  })

  it('rotates and checkpoints the journal as it grows', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir, journalMaxBytes: 8 * 1024 })
    for (let i = 1; i <= 20; i++) await store.createCase(makeRecord(i), [makeAudit(makeRecord(i).summary.id, 1)])
    for (let v = 2; v <= 10; v++) {
      await Promise.all(Array.from({ length: 20 }, (_, k) => store.updateCase(makeRecord(k + 1, v), v - 1, [makeAudit(makeRecord(k + 1).summary.id, v)])))
    }
    await store.close()
    const journals = await journalFiles(dir)
    const bytes = (await Promise.all(journals.map((f) => fs.stat(f)))).reduce((n, s) => n + s.size, 0)
    expect(bytes).toBeLessThan(64 * 1024) // 200 writes of ~1.5 KB each, mostly checkpointed away
    const index = await fs.readdir(path.join(dir, 'index'))
    expect(index.filter((n) => n.startsWith('summaries-'))).toHaveLength(1)
    const again = await openStore({ dir })
    for (let i = 1; i <= 20; i++) {
      expect((await again.getCase(makeRecord(i).summary.id))?.summary.version).toBe(10)
      expect((await again.listAudit(makeRecord(i).summary.id)).map((e) => e.toVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    }
    await again.close()
  })
})

describe('FileStore: lock', () => {
  it('refuses a folder held by a live process and takes over a stale lock', async () => {
    const dir = await tmpDir()
    await fs.writeFile(path.join(dir, 'LOCK'), `${process.ppid}\n`)
    const err = await new FileStore({ dir }).open().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreUnavailableError)
    expect((err as Error).message).toContain(`pid ${process.ppid}`)
    expect((err as Error).message).toContain('占用')
    expect((err as Error).message).toContain('locked by another process')
    expect((err as Error).message).not.toMatch(/\n\s+at /)
    expect(await fs.readFile(path.join(dir, 'LOCK'), 'utf8')).toBe(`${process.ppid}\n`)

    await fs.writeFile(path.join(dir, 'LOCK'), '999999\n')
    const store = await openStore({ dir })
    expect((await fs.readFile(path.join(dir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid))
    // a second store on the same folder (same process here) is refused too
    await expect(new FileStore({ dir }).open()).rejects.toBeInstanceOf(StoreUnavailableError)
    await store.createCase(makeRecord(1), [])
    await store.close()
    expect(await exists(path.join(dir, 'LOCK'))).toBe(false)

    // an empty LOCK (creator died before writing its pid) is stale too
    await fs.writeFile(path.join(dir, 'LOCK'), '')
    const again = await openStore({ dir })
    expect(again.caseCount).toBe(1)
    await again.close()
  })
})

describe('FileStore: recovery', () => {
  it('ignores a torn last journal line and replays journaled writes into stale files', async () => {
    const { store, dir } = await seeded(3)
    await store.updateCase(makeRecord(1, 2), 1, [makeAudit('case-000001', 2)])
    await store.updateCase(makeRecord(2, 2), 1, [makeAudit('case-000002', 2)])
    await store.close()

    // as if the process had been killed instead of closed: no clean-close marker
    const journal = (await journalFiles(dir)).at(-1)!
    await dropCleanMarker(journal)
    const before = (await fs.stat(journal)).size
    expect(before).toBeGreaterThan(0)
    await fs.appendFile(journal, '{"op":"case","record":{"summary":{"id":"ghost","number":"G-1","vers')
    // simulate a crash between journal commit and apply: a case file and an audit log behind
    await fs.rm(caseFile(dir, 'case-000001'))
    await fs.writeFile(caseFile(dir, 'case-000002'), '')
    const a3 = auditFile(dir, 'case-000003')
    const text = await fs.readFile(a3, 'utf8')
    await fs.writeFile(a3, text.slice(0, text.length - 20))

    const again = await openStore({ dir })
    expect(again.caseCount).toBe(3)
    expect(await again.getCase('ghost')).toBeNull()
    expect(await again.getCase('case-000001')).toEqual(makeRecord(1, 2))
    expect(await again.getCase('case-000002')).toEqual(makeRecord(2, 2))
    expect((await again.listAudit('case-000003')).map((e) => e.toVersion)).toEqual([1])
    expect((await fs.readFile(a3, 'utf8')).endsWith('\n')).toBe(true)
    expect((await fs.stat(journal)).size).toBe(before)
    await again.updateCase(makeRecord(3, 2), 1, [makeAudit('case-000003', 2)])
    await again.close()
    const third = await openStore({ dir })
    expect((await third.getCase('case-000003'))?.summary.version).toBe(2)
    expect((await third.listAudit('case-000003')).map((e) => e.toVersion)).toEqual([1, 2])
    await third.close()
  })

  it('deletes leftover temp files and copes with empty files', async () => {
    const { store, dir } = await seeded(2)
    await store.putDoc('settings', { x: 1 })
    await store.close()
    const shard = path.dirname(caseFile(dir, 'case-000001'))
    const temps = [
      path.join(shard, '.case-000001.json.4242.0.deadbeef.tmp'),
      path.join(dir, 'docs', '.settings.json.4242.1.deadbeef.tmp'),
      path.join(dir, 'index', '.checkpoint.json.4242.2.deadbeef.tmp'),
      path.join(dir, 'index', '.summaries-00000009.jsonl.4242.3.deadbeef.tmp'),
    ]
    await fs.writeFile(temps[0]!, '{"summary":{"id":"case-000001","vers')
    await fs.writeFile(temps[1]!, '')
    await fs.writeFile(temps[2]!, '{"format":')
    await fs.writeFile(temps[3]!, '')
    await fs.writeFile(path.join(dir, 'journal', '00000099.jsonl'), '') // empty journal file
    await fs.writeFile(path.join(dir, 'journal', '00000098.jsonl'), '{"op":"se') // torn-only journal file

    const again = await openStore({ dir })
    for (const t of temps) expect(await exists(t)).toBe(false)
    expect(await again.getCase('case-000001')).toEqual(makeRecord(1))
    expect(await again.getDoc('settings')).toEqual({ x: 1 })
    await again.createCase(makeRecord(3), [])
    await again.close()
    const third = await openStore({ dir })
    expect(third.caseCount).toBe(3)
    await third.close()

    // an empty, existing data folder is a fresh store
    const empty = await tmpDir()
    const fresh = await openStore({ dir: empty })
    expect(fresh.caseCount).toBe(0)
    await fresh.close()
  })

  it('refuses damage a crash cannot cause, with a clear message and without keeping the lock', async () => {
    const { store, dir } = await seeded(2)
    await store.checkpoint()
    await store.close()
    const root = path.join(dir, 'index', 'checkpoint.json')
    const saved = await fs.readFile(root)
    await fs.writeFile(root, '')
    for (let attempt = 0; attempt < 2; attempt++) {
      const err = await new FileStore({ dir }).open().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(StoreUnavailableError)
      expect((err as Error).message).toContain(path.join('index', 'checkpoint.json'))
      expect((err as Error).message).toMatch(/empty/)
      expect((err as Error).message).not.toMatch(/\n\s+at /)
      expect(await exists(path.join(dir, 'LOCK'))).toBe(false)
    }
    await fs.rm(root)
    await expect(new FileStore({ dir }).open()).rejects.toThrow(/checkpoint\.json is missing/)
    await fs.writeFile(root, saved)

    // a damaged journal line followed by intact ones is not a torn write
    const s2 = await openStore({ dir })
    await s2.updateCase(makeRecord(1, 2), 1, [])
    await s2.updateCase(makeRecord(2, 2), 1, [])
    await s2.close()
    const journal = (await journalFiles(dir)).at(-1)!
    const lines = (await fs.readFile(journal, 'utf8')).split('\n')
    lines[0] = lines[0]!.slice(0, 30)
    await fs.writeFile(journal, lines.join('\n'))
    await expect(new FileStore({ dir }).open()).rejects.toThrow(/line 1 is damaged/)
    expect(await exists(path.join(dir, 'LOCK'))).toBe(false)
  })

  it("marks an older build's folder with its format at open, and refuses a newer one's, naming it", async () => {
    const { store, dir } = await seeded(2)
    // journaled only: a case line with its notice, and an inbox line
    await store.updateCase(makeRecord(1, 2), 1, [], [{ user: '张三', notification: notice(1) }])
    await store.appendNotifications([{ user: '张三', notification: notice(2) }])
    const root = path.join(dir, 'index', 'checkpoint.json')
    const doc = () => fs.readFile(root, 'utf8').then((t) => JSON.parse(t) as { formatVersion: number })
    expect((await doc()).formatVersion).toBe(FORMAT_VERSION)
    const copy = await tmpDir()
    await fs.cp(dir, copy, { recursive: true, filter: (src) => path.basename(src) !== 'LOCK' })
    await store.close()
    // as a format-1 build left it
    const rootCopy = path.join(copy, 'index', 'checkpoint.json')
    await fs.writeFile(rootCopy, JSON.stringify({ ...JSON.parse(await fs.readFile(rootCopy, 'utf8')), formatVersion: 1 }))
    const again = await openStore({ dir: copy })
    try {
      expect(JSON.parse(await fs.readFile(rootCopy, 'utf8')).formatVersion).toBe(FORMAT_VERSION)
      expect((await again.getCase('case-000001'))?.summary.version).toBe(2)
      expect((await again.listNotifications(['张三'], { offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual([notice(2).id, notice(1).id])
    } finally {
      await again.close()
    }
    // what a format-1 build does with it now: refuses, as this build refuses a newer format
    await fs.writeFile(rootCopy, JSON.stringify({ ...JSON.parse(await fs.readFile(rootCopy, 'utf8')), formatVersion: FORMAT_VERSION + 1 }))
    const err = await new FileStore({ dir: copy }).open().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreUnavailableError)
    expect((err as Error).message).toContain(`format ${FORMAT_VERSION + 1}`)
    expect(await exists(path.join(copy, 'LOCK'))).toBe(false)
  })

  it('loses no acknowledged write when the writer is SIGKILLed mid-write', async () => {
    const dir = await tmpDir()
    const acked = new Map<string, number>()
    const reminders = new Set<string>()
    const seqs = new Set<number>()

    for (const prefix of ['a', 'b']) {
      const out = await runAndKill(dir, prefix, 1000)
      for (const line of out) {
        const [kind, x, y] = line.split(' ')
        if (kind === 'case') acked.set(x!, Math.max(acked.get(x!) ?? 0, Number(y)))
        else if (kind === 'rem') reminders.add(x!)
        else if (kind === 'seq') {
          expect(seqs.has(Number(x))).toBe(false)
          seqs.add(Number(x))
        }
      }
    }
    expect(acked.size).toBeGreaterThan(10)
    expect([...acked.keys()].some((id) => id.startsWith('b-'))).toBe(true)

    const store = await openStore({ dir })
    try {
      for (const [id, v] of acked) {
        const rec = await store.getCase(id)
        expect(rec, id).not.toBeNull()
        expect(rec!.summary.version, id).toBeGreaterThanOrEqual(v)
      }
      // every stored case is whole, its summary matches its document, and its audit has exactly
      // one entry per version (case write and audit entries committed together)
      const summaries = await store.allSummaries()
      for (const s of summaries) {
        const rec = (await store.getCase(s.id))!
        expect(rec.summary).toEqual(s)
        const audit = await store.listAudit(s.id)
        expect(
          audit.map((e) => e.toVersion),
          s.id,
        ).toEqual(Array.from({ length: s.version }, (_, i) => i + 1))
      }
      const stored = new Set((await store.listReminders({})).map((r) => r.id))
      for (const r of reminders) expect(stored.has(r)).toBe(true)
      expect(await store.nextSequence('crash')).toBeGreaterThan(Math.max(0, ...seqs))

      // nothing half-written: no temp files, every JSON / JSONL file parses completely
      for (const file of await walk(dir)) {
        const name = path.basename(file)
        expect(name.endsWith('.tmp'), file).toBe(false)
        if (name === 'LOCK') continue
        const text = await fs.readFile(file, 'utf8')
        if (name.endsWith('.jsonl')) {
          if (text === '') continue
          expect(text.endsWith('\n'), file).toBe(true)
          for (const line of text.trim().split('\n')) expect(() => JSON.parse(line), file).not.toThrow()
        } else {
          expect(() => JSON.parse(text), file).not.toThrow()
        }
      }
    } finally {
      await store.close()
    }
  }, 30_000)
})

/** Runs the crash writer, SIGKILLs it `ms` after it is ready, returns its complete stdout lines. */
async function runAndKill(dir: string, prefix: string, ms: number): Promise<string[]> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/store/fixtures/crash-writer.ts', dir, prefix], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let timer: NodeJS.Timeout | undefined
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
    if (!timer && stdout.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), ms)
  })
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  clearTimeout(timer)
  if (exit.signal !== 'SIGKILL') throw new Error(`crash writer exited early (${exit.code}): ${stderr}`)
  const lines = stdout.split('\n')
  lines.pop() // possibly a partial line cut by the kill
  expect(lines[0]).toBe('ready')
  return lines.slice(1)
}
