/**
 * The file store's write path serialises each record once (#20): the case file and the journal
 * line reuse one JSON text, reads of recent cases come from cached texts, audit logs stay open for
 * appends. These check that what is stored and read back is exactly what the older path
 * (`baselineIO`) stored, across more cases than the read cache and the open logs hold.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { FileStore, openStore, type CaseRecord } from '../../runtime/store/index'
import { safeName, shardOf } from '../../runtime/store/names'
import { makeAudit, makeRecord } from './fixtures/records'

const created: string[] = []
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-serialise-'))
  created.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})

async function journalLines(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of (await fs.readdir(path.join(dir, 'journal'))).sort()) {
    const text = await fs.readFile(path.join(dir, 'journal', name), 'utf8')
    out.push(...text.split('\n').filter((l) => l !== ''))
  }
  return out
}

const caseFile = (dir: string, id: string) => path.join(dir, 'cases', shardOf(id), safeName(id) + '.json')

describe('FileStore: one serialisation per record', () => {
  it('writes the same case file and journal line as JSON.stringify, also when the check completes the record', async () => {
    const dir = await tmpDir()
    const store = await openStore({ dir })
    const withUnits = makeRecord(1)
    const noUnits = makeRecord(2)
    delete (noUnits.summary as { units?: unknown }).units
    const nullUnits = makeRecord(3, 1, { units: null as never })
    for (const rec of [withUnits, noUnits, nullUnits]) await store.createCase(rec, [makeAudit(rec.summary.id, 1, 'create')])
    // the caller's object changed afterwards changes nothing stored, nor what is read before the file is written
    withUnits.summary.village = 'changed'
    ;(withUnits.snapshot as Record<string, unknown>).value = 'changed'
    expect(await store.getCase(withUnits.summary.id)).toEqual(makeRecord(1))
    const listed = (await store.listCases({}, { offset: 0, limit: 10 })).items.find((s) => s.id === withUnits.summary.id)
    expect(listed?.village).toBe(makeRecord(1).summary.village)
    // a record that serialises itself (toJSON) is stored as it serialises
    const custom = makeRecord(4)
    const stored = { ...makeRecord(4), summary: { ...makeRecord(4).summary, village: '查干' } }
    await store.createCase({ ...custom, toJSON: () => stored } as CaseRecord, [])
    expect(await store.getCase(custom.summary.id)).toEqual(stored)
    expect((await store.listCases({ village: '查干' }, { offset: 0, limit: 10 })).items.map((s) => s.id)).toContain(custom.summary.id)
    await store.settle()

    const lines = await journalLines(dir)
    const caseLines = lines.filter((l) => l.startsWith('{"op":"case"'))
    expect(caseLines).toHaveLength(4)
    for (const line of caseLines) {
      const op = JSON.parse(line) as { op: 'case'; record: CaseRecord; audit: unknown[] }
      // byte for byte what JSON.stringify(op) makes (the older path)
      expect(JSON.stringify(op)).toBe(line)
      const i = Number(op.record.summary.id.slice(-1))
      expect(op.record.summary.units).toEqual(i === 1 || i === 4 ? makeRecord(i).summary.units : [])
      expect(op.record.summary.village).toBe(i === 4 ? '查干' : makeRecord(i).summary.village)
      expect(await fs.readFile(caseFile(dir, op.record.summary.id), 'utf8')).toBe(JSON.stringify(op.record))
      expect(await store.getCase(op.record.summary.id)).toEqual(op.record)
    }
    await store.close()
  })

  it('reads back every version with the cache and open logs, the older path, and after a restart, past their sizes', async () => {
    const dir = await tmpDir()
    const store = new FileStore({ dir })
    await store.open()
    const N = 700 // more than the 512 cached texts and the 64 open audit logs
    const latest = new Map<string, CaseRecord>()
    for (let i = 0; i < N; i++) {
      const rec = makeRecord(i, 1, {}, 200)
      await store.createCase(rec, [makeAudit(rec.summary.id, 1, 'create')])
      latest.set(rec.summary.id, rec)
    }
    // updates alternate between the two paths; every read must see the newest version
    for (let round = 0; round < 3; round++) {
      store.baselineIO = round === 1
      for (let i = 0; i < N; i += round + 1) {
        const id = makeRecord(i).summary.id
        const cur = (await store.getCase(id))!
        expect(cur, id).toEqual(latest.get(id))
        const v = cur.summary.version + 1
        const next = makeRecord(i, v, { officer: `officer-r${round}` }, 200)
        await store.updateCase(next, v - 1, [makeAudit(id, v)])
        latest.set(id, next)
      }
    }
    store.baselineIO = false
    const check = async (s: FileStore) => {
      for (const [id, rec] of latest) {
        expect(await s.getCase(id), id).toEqual(rec)
        expect(
          (await s.listAudit(id)).map((e) => e.toVersion),
          id,
        ).toEqual(Array.from({ length: rec.summary.version }, (_, k) => k + 1))
      }
    }
    await check(store)
    await store.settle()
    await check(store)
    await store.close()
    const again = await openStore({ dir })
    await check(again)
    await again.close()
  }, 120_000)
})
