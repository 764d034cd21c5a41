/**
 * Backup and restore with PostgreSQL (CLI): PG → file → PG; PG ⇄ data folder both ways; a
 * non-empty database refused without --force and replaced in one transaction with it; a restore
 * that fails verification leaves the database exactly as it was.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { openStore } from '../../runtime/store/index'
import { digestStore, fileStoreExport, pgExport, type Manifest } from '../../runtime/store/backup'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { fillInboxes, fillStore } from '../store-contract/fill'
import { cli } from '../store-contract/cli'
import { makeAudit, makeRecord } from '../store/fixtures/records'
import { dropDatabases, freshDatabase, openTestStore } from './db'

const tmp: string[] = []
afterAll(async () => {
  await dropDatabases()
  for (const d of tmp) await fs.rm(d, { recursive: true, force: true })
})

async function pgDigest(url: string): Promise<Manifest> {
  const s = await openTestStore(url)
  try {
    await s.sealAudit()
    return await s.transaction((b) => digestStore(pgExport(b)), { readOnly: true })
  } finally {
    await s.close()
  }
}

async function inboxesOf(url: string): Promise<unknown> {
  const s = await openTestStore(url)
  try {
    return await fillInboxes(s)
  } finally {
    await s.close()
  }
}

async function folderDigest(dir: string): Promise<Manifest> {
  const s = await openStore({ dir })
  try {
    return await digestStore(fileStoreExport(s))
  } finally {
    await s.close()
  }
}

describe('PostgreSQL backup and restore (CLI)', () => {
  it('PG → backup → an empty PG database: identical, chain intact, counters and numbering continue', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-pgb-'))
    tmp.push(root)
    const src = await freshDatabase('bk')
    const s = await openTestStore(src)
    await fillStore(s)
    await s.close()
    const before = await pgDigest(src)
    expect(before.counts).toEqual({ cases: 25, audit: 40, reminders: 4, counters: 2, docs: 4, notifications: 5 })
    const inboxes = await inboxesOf(src)
    expect(JSON.stringify(inboxes)).toContain('"unread":2')

    const file = path.join(root, 'pg.jsonl.gz')
    const b = await cli(['backup', '--database-url', src, '--out', file])
    expect(b.code, b.err).toBe(0)
    expect(
      JSON.parse(
        gunzipSync(await fs.readFile(file))
          .toString('utf8')
          .split('\n')[0]!,
      ),
    ).toMatchObject({ source: 'pg' })

    const dst = await freshDatabase('bk')
    const r = await cli(['restore', '--in', file, '--database-url', dst])
    expect(r.code, r.err).toBe(0)
    expect(await pgDigest(dst)).toEqual(before)
    expect(await inboxesOf(dst)).toEqual(inboxes)
    const t = await openTestStore(dst)
    try {
      expect(await t.nextSequence('case-number:GLT:2026')).toBe(26)
      await t.updateCase(makeRecord(2, 2), 1, [makeAudit('case-000002', 2)])
      const all = await t.listAllAudit()
      expect(verifyAuditChain(all)).toEqual({ ok: true, entries: 41 })
    } finally {
      await t.close()
    }

    // not empty now: refused, then replaced with --force (in one transaction)
    const refused = await cli(['restore', '--in', file, '--database-url', dst])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/not empty/)
    expect((await pgDigest(dst)).counts.audit).toBe(41)
    const forced = await cli(['restore', '--in', file, '--database-url', dst, '--force'])
    expect(forced.code, forced.err).toBe(0)
    expect(await pgDigest(dst)).toEqual(before)
    expect(await inboxesOf(dst)).toEqual(inboxes)

    // a restore that fails verification is rolled back: the database keeps what it had
    const lines = gunzipSync(await fs.readFile(file))
      .toString('utf8')
      .trim()
      .split('\n')
    const end = JSON.parse(lines.at(-1)!)
    const bad = path.join(root, 'bad.gz')
    // consistent with its own end line, but a case whose number collides: the import itself fails
    const i = lines.findIndex((l) => l.includes('"t":"case"') && l.includes('case-000003'))
    lines[i] = lines[i]!.replace(/GLT-2026-000003/g, 'GLT-2026-000004')
    const { ManifestBuilder } = await import('../../runtime/store/backup')
    const m = new ManifestBuilder()
    for (const l of lines.slice(1, -1)) {
      const x = JSON.parse(l)
      if (x.t === 'case') m.case(x.v)
      else if (x.t === 'audit') m.audit(x.v)
      else if (x.t === 'reminder') m.reminder(x.v)
      else if (x.t === 'counter') m.counter(x.k, x.v)
      else if (x.t === 'doc') m.doc(x.k, x.v)
      else if (x.t === 'notification') m.notification({ user: x.u, notification: x.v })
    }
    lines[lines.length - 1] = JSON.stringify({ ...end, ...m.build() })
    await fs.writeFile(bad, gzipSync(lines.join('\n') + '\n'))
    const failed = await cli(['restore', '--in', bad, '--database-url', dst, '--force'])
    expect(failed.code).toBe(1)
    expect(failed.err).toMatch(/GLT-2026-000004|number|编号/)
    expect(await pgDigest(dst)).toEqual(before)
  })

  it('data folder → backup → PostgreSQL, and PostgreSQL → backup → data folder', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-pgb-'))
    tmp.push(root)
    const folder = path.join(root, 'data')
    const fsStore = await openStore({ dir: folder })
    await fillStore(fsStore)
    await fsStore.close()
    const before = await folderDigest(folder)
    expect(before.counts.notifications).toBe(5)
    const fsAgain = await openStore({ dir: folder })
    const inboxes = await fillInboxes(fsAgain)
    await fsAgain.close()

    const f1 = path.join(root, 'folder.gz')
    expect((await cli(['backup', '--data', folder, '--out', f1])).code).toBe(0)
    const url = await freshDatabase('bk')
    const r1 = await cli(['restore', '--in', f1, '--database-url', url])
    expect(r1.code, r1.err).toBe(0)
    expect(await pgDigest(url)).toEqual(before)
    expect(await inboxesOf(url)).toEqual(inboxes)

    const f2 = path.join(root, 'pg.gz')
    expect((await cli(['backup', '--database-url', url, '--out', f2])).code).toBe(0)
    const back = path.join(root, 'back')
    const r2 = await cli(['restore', '--in', f2, '--data', back])
    expect(r2.code, r2.err).toBe(0)
    expect(await folderDigest(back)).toEqual(before)
    const s = await openStore({ dir: back })
    expect(verifyAuditChain(await s.listAllAudit())).toMatchObject({ ok: true })
    expect(await fillInboxes(s)).toEqual(inboxes)
    await s.close()
  })
})
