/**
 * The write path of issue #20: a write is acknowledged once its journal line is fdatasync'd; the
 * case, audit and document files are written after it without fsync, and fsync'd by the next
 * checkpoint before the journal lines covering them are deleted. These tests kill the writer
 * (SIGKILL), then also throw away what a power loss could take — every file the remaining journal
 * covers — and check that start-up brings back every acknowledged write.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../runtime/store/index'
import { readJournalFile } from '../../runtime/store/journal'
import { safeName, shardOf } from '../../runtime/store/names'
import { createRuntime } from '../../runtime/server/deps'
import { hotlineFile, sourceId } from './fixtures/hotline'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const GALUTU = path.join(repoRoot, 'definitions', 'galutu')
const created: string[] = []
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-durability-'))
  created.push(dir)
  return dir
}

/** Runs a fixture, SIGKILLs it `ms` after it printed `ready` (or once `until` holds), returns its complete lines. */
async function runAndKill(args: string[], ms: number, until?: (out: string) => boolean): Promise<string[]> {
  const child = spawn(process.execPath, ['bin/run-ts.js', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let timer: NodeJS.Timeout | undefined
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
    if (!timer && stdout.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), ms)
    if (until?.(stdout)) child.kill('SIGKILL')
  })
  const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  clearTimeout(timer)
  if (exit !== 'SIGKILL') throw new Error(`fixture exited early: ${stderr}`)
  const lines = stdout.split('\n')
  lines.pop() // possibly cut by the kill
  return lines
}

/**
 * What a power loss may take from a killed store: the files written since the last checkpoint
 * were never fsync'd. For every case and document in the remaining journal, the file is deleted
 * or left empty (alternately), and every journaled audit entry is cut from its log, which is
 * left with a torn last line; so is every journaled notification and read mark from its inbox.
 */
async function dropUnsyncedFiles(dir: string): Promise<{ cases: number; docs: number; audit: number; inbox: number }> {
  const gone = { cases: 0, docs: 0, audit: 0, inbox: 0 }
  const auditSeqs = new Map<string, Set<number>>()
  const files = new Set<string>()
  // per inbox file: the arrival numbers of journaled notifications and the journaled read-mark lines
  const inbox = new Map<string, { seqs: Set<number>; marks: Set<string> }>()
  const inboxOf = (user: string) => {
    const file = path.join(dir, 'inbox', shardOf(user), safeName(user) + '.jsonl')
    if (!inbox.has(file)) inbox.set(file, { seqs: new Set(), marks: new Set() })
    return inbox.get(file)!
  }
  for (const name of await fs.readdir(path.join(dir, 'journal'))) {
    for (const op of (await readJournalFile(path.join(dir, 'journal', name))).ops) {
      if (op.op === 'inbox') for (const a of op.add) inboxOf(a.user).seqs.add(a.s)
      if (op.op === 'case') for (const a of op.inbox ?? []) inboxOf(a.user).seqs.add(a.s)
      if (op.op === 'inboxRead') {
        for (const m of op.marks) inboxOf(m.user).marks.add(JSON.stringify('ids' in m ? { r: m.ids } : { ru: m.upTo }))
      }
      if (op.op === 'case') {
        files.add(path.join(dir, 'cases', shardOf(op.record.summary.id), safeName(op.record.summary.id) + '.json'))
        for (const e of op.audit) {
          const file = path.join(dir, 'audit', shardOf(e.caseId!), safeName(e.caseId!) + '.jsonl')
          if (!auditSeqs.has(file)) auditSeqs.set(file, new Set())
          auditSeqs.get(file)!.add(e.seq!)
        }
      } else if (op.op === 'doc') {
        files.add(path.join(dir, 'docs', safeName(op.key) + '.json'))
      }
    }
  }
  let k = 0
  for (const file of files) {
    if (k++ % 2 === 0) await fs.rm(file, { force: true })
    else await fs.writeFile(file, '').catch(() => {}) // its folder may never have been made
    if (file.includes(`${path.sep}docs${path.sep}`)) gone.docs++
    else gone.cases++
  }
  for (const [file, seqs] of auditSeqs) {
    const text = await fs.readFile(file, 'utf8').catch(() => '')
    const kept = text.split('\n').filter((l) => l !== '' && !seqs.has((JSON.parse(l) as { seq: number }).seq))
    gone.audit += seqs.size
    await fs.writeFile(file, kept.map((l) => l + '\n').join('') + '{"seq":').catch(() => {})
  }
  for (const [file, { seqs, marks }] of inbox) {
    const text = await fs.readFile(file, 'utf8').catch(() => '')
    const lines = text.split('\n').filter((l) => l !== '')
    const kept = lines.filter((l) => {
      const x = JSON.parse(l) as { s?: number }
      return !(typeof x.s === 'number' && seqs.has(x.s)) && !marks.has(l)
    })
    gone.inbox += seqs.size + marks.size
    // an inbox left with its first line only: created since the checkpoint, so maybe not there at all
    if (kept.length <= 1) await fs.rm(file, { force: true })
    else await fs.writeFile(file, kept.map((l) => l + '\n').join('') + '{"n":{"id":')
  }
  return gone
}

describe('FileStore: acknowledged once journaled', () => {
  it('a killed writer whose unsynced files are lost as on power loss loses no acknowledged write', async () => {
    const dir = await tmpDir()
    const acked = new Map<string, number>()
    const docs = new Set<string>()
    const reminders = new Set<string>()
    const seqs: number[] = []
    const notifs = new Map<string, Set<string>>() // user → acknowledged notification ids
    const read = new Map<string, Set<string>>() // user → ids acknowledged as read
    // a large journal threshold: no checkpoint during the run, so every file it wrote is unsynced
    const out = await runAndKill(['tests/store/fixtures/crash-writer.ts', dir, 'p', String(64 << 20)], 1500)
    for (const line of out.slice(1)) {
      const [kind, x, y] = line.split(' ')
      if (kind === 'case') acked.set(x!, Math.max(acked.get(x!) ?? 0, Number(y)))
      else if (kind === 'doc') docs.add(x!)
      else if (kind === 'rem') reminders.add(x!)
      else if (kind === 'seq') seqs.push(Number(x))
      else if (kind === 'notif') notifs.set(x!, (notifs.get(x!) ?? new Set()).add(y!))
      else if (kind === 'read') read.set(x!, (read.get(x!) ?? new Set()).add(y!))
    }
    expect(read.size).toBeGreaterThan(0)
    expect(notifs.size).toBeGreaterThan(0)
    expect(acked.size).toBeGreaterThan(5)
    expect(docs.size).toBeGreaterThan(0)
    const gone = await dropUnsyncedFiles(dir)
    expect(gone.cases).toBeGreaterThanOrEqual(acked.size)
    expect(gone.docs).toBeGreaterThanOrEqual(docs.size)
    expect(gone.inbox).toBeGreaterThan(0)

    const store = await openStore({ dir })
    try {
      for (const [id, v] of acked) {
        const rec = await store.getCase(id)
        expect(rec?.summary.version, id).toBeGreaterThanOrEqual(v)
      }
      for (const s of await store.allSummaries()) {
        expect((await store.getCase(s.id))!.summary).toEqual(s)
        const audit = await store.listAudit(s.id)
        expect(
          audit.map((e) => e.toVersion),
          s.id,
        ).toEqual(Array.from({ length: s.version }, (_, i) => i + 1))
      }
      for (const key of docs) expect(await store.getDoc(key), key).toMatchObject({ id: key.split('/')[1] })
      const stored = new Set((await store.listReminders({})).map((r) => r.id))
      for (const r of reminders) expect(stored.has(r), r).toBe(true)
      expect(await store.nextSequence('crash')).toBeGreaterThan(Math.max(0, ...seqs))
      for (const [user, ids] of notifs) {
        const items = (await store.listNotifications([user], { offset: 0, limit: 500 })).items
        const listed = new Set(items.map((n) => n.id))
        for (const id of ids) expect(listed.has(id), `${user} ${id}`).toBe(true)
        // once each, and read where a read mark was acknowledged
        expect(items.length, user).toBe(listed.size)
        const readNow = new Set(items.filter((n) => n.read).map((n) => n.id))
        for (const id of read.get(user) ?? []) expect(readNow.has(id), `${user} ${id} read`).toBe(true)
      }
    } finally {
      await store.close()
    }
    // the repaired files were fsync'd by the start-up and the clean close: nothing to replay now
    const again = await openStore({ dir })
    expect((await again.allSummaries()).length).toBeGreaterThanOrEqual(acked.size)
    await again.close()
  }, 60_000)

  it('a server killed during an import burst keeps every acknowledged row, and importing the files again adds only the rest', async () => {
    const dir = await tmpDir()
    const ROWS = 40
    // the second file is longer: the kill (sent once 5 of its rows are acknowledged) must land before it ends
    const LATER_ROWS = 400
    const rowsOf = (batch: number) => (batch === 0 ? ROWS : LATER_ROWS)
    const created = new Map<number, number>() // batch → rows acknowledged
    // killed while the second file is being imported
    const secondFileAt = (o: string) => Math.max(0, ...[...o.matchAll(/^progress 1 (\d+)$/gm)].map((m) => Number(m[1])))
    const out = await runAndKill(['tests/store/fixtures/import-writer.ts', dir, String(ROWS), String(LATER_ROWS)], 120_000, (o) => secondFileAt(o) >= 5)
    for (const line of out) {
      const [kind, batch, n] = line.split(' ')
      if (kind === 'progress' || kind === 'done') created.set(Number(batch), Math.max(created.get(Number(batch)) ?? 0, Number(n)))
    }
    expect(created.get(0)).toBe(ROWS)
    expect(created.get(1)).toBeGreaterThanOrEqual(5)
    // the last file was cut short (a kill after it finished would not test the burst)
    expect(out.some((l) => l.startsWith('done 1 '))).toBe(false)
    await dropUnsyncedFiles(dir)

    const store = await openStore({ dir })
    try {
      for (const [batch, acknowledged] of created) {
        let present = 0
        for (let row = 1; row <= rowsOf(batch); row++) {
          const doc = await store.getDoc<{ number: string; caseId: string }>(`import-id/galutu/hotline12345/${sourceId(batch, row)}`)
          if (!doc) continue
          present++
          // the source id points at a whole case, with its creation in the audit
          const rec = await store.getCaseByNumber(doc.number)
          expect(rec?.summary.id, sourceId(batch, row)).toBe(doc.caseId)
          expect((await store.listAudit(doc.caseId)).map((e) => e.action)).toContain('create')
        }
        expect(present, `file ${batch}`).toBeGreaterThanOrEqual(acknowledged)
      }
      // numbers are never handed out twice
      const numbers = (await store.allSummaries()).map((s) => s.number)
      expect(new Set(numbers).size).toBe(numbers.length)
    } finally {
      await store.close()
    }

    // the office imports the cut file again: the rows acknowledged before are duplicates
    const rt = await createRuntime({ dataDir: dir, schemeDirs: [GALUTU], log: () => {} })
    try {
      const s = await rt.schemes.get('galutu', (await rt.schemes.latest('galutu')).hash)
      const again = await rt.channels.imports.run('galutu', 'hotline12345', hotlineFile(s.defs.org, 1, LATER_ROWS), 'hotline.csv', 'tester')
      expect(again.errors).toEqual([])
      expect(again.duplicates.length).toBeGreaterThanOrEqual(created.get(1)!)
      expect(again.created.length + again.duplicates.length).toBe(LATER_ROWS)
    } finally {
      await rt.close()
    }
  }, 240_000)
})
