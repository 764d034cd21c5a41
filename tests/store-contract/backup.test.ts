/**
 * Backup and restore of a FileStore through the CLI (`daiban backup` / `daiban restore`): one gzip
 * JSON-lines file, verified by counts and checksums; a non-empty target is refused unless --force;
 * a truncated or altered file is refused before anything is written. (The PostgreSQL side, and
 * PostgreSQL ⇄ folder, are in tests/pg/backup.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { cli } from './cli'
import { openStore } from '../../runtime/store/index'
import { digestStore, fileStoreExport, verifyBackup } from '../../runtime/store/backup'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { fillInboxes, fillStore } from './fill'

const tmp: string[] = []
afterAll(async () => {
  for (const d of tmp) await fs.rm(d, { recursive: true, force: true })
})
async function tmpDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-backup-'))
  tmp.push(d)
  return d
}

async function digestOf(dir: string) {
  const s = await openStore({ dir })
  try {
    return await digestStore(fileStoreExport(s))
  } finally {
    await s.close()
  }
}

describe('FileStore backup and restore (CLI)', () => {
  it('round-trips everything, refuses a non-empty target without --force, keeps the old folder with it', async () => {
    const root = await tmpDir()
    const data = path.join(root, 'data')
    const s = await openStore({ dir: data })
    await fillStore(s)
    await s.close()
    const before = await digestOf(data)
    expect(before.counts).toEqual({ cases: 25, audit: 25 + 13 + 2, reminders: 4, counters: 2, docs: 4, notifications: 5 })
    const src = await openStore({ dir: data })
    const inboxes = await fillInboxes(src)
    await src.close()
    expect(JSON.stringify(inboxes)).toContain('"unread":2')

    const file = path.join(root, 'b.jsonl.gz')
    const b = await cli(['backup', '--data', data, '--out', file])
    expect(b.code, b.err).toBe(0)
    expect(JSON.parse(b.out).counts).toEqual(before.counts)
    expect(await verifyBackup(file)).toEqual(before)
    const lines = gunzipSync(await fs.readFile(file))
      .toString('utf8')
      .trim()
      .split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'daiban-backup', formatVersion: 2, source: 'file' })
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', counts: before.counts })

    // into a new folder (also the --in FILE form without "=")
    const target = path.join(root, 'restored')
    const r = await cli(['restore', '--in', file, '--data', target])
    expect(r.code, r.err).toBe(0)
    expect(await digestOf(target)).toEqual(before)
    const again = await openStore({ dir: target })
    expect(verifyAuditChain(await again.listAllAudit())).toMatchObject({ ok: true, entries: 40 })
    expect(await again.getDoc('配置/通知')).toEqual({ 短信: true, n: 1.5, list: [1, 'b', null] })
    expect((await again.listReminders({ open: false })).map((x) => [x.id, x.acknowledgedBy])).toEqual([['r2', '李四']])
    expect(await fillInboxes(again)).toEqual(inboxes)
    await again.close()

    // a second restore into it is refused, and changes nothing
    const refused = await cli(['restore', `--in=${file}`, '--data', target])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/不是空的|not empty/)
    // --force replaces it and keeps the previous folder beside it
    const forced = await cli(['restore', '--in', file, '--data', target, '--force'])
    expect(forced.code, forced.err).toBe(0)
    const moved = JSON.parse(forced.out).movedAside as string
    expect(moved).toContain('restored.before-restore-')
    expect(await digestOf(moved)).toEqual(before)
    expect(await digestOf(target)).toEqual(before)
    const last = await openStore({ dir: target })
    expect(await last.nextSequence('case-number:GLT:2026')).toBe(26)
    await last.close()
  })

  it('restores a format-1 backup (written before notifications were backed up): no notifications', async () => {
    const root = await tmpDir()
    const data = path.join(root, 'data')
    const s = await openStore({ dir: data })
    await fillStore(s, 5)
    await s.close()
    const file = path.join(root, 'b.jsonl.gz')
    expect((await cli(['backup', '--data', data, '--out', file])).code).toBe(0)
    const lines = gunzipSync(await fs.readFile(file))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const end = lines.at(-1) as { counts: Record<string, number>; checksums: Record<string, string> }
    delete end.counts.notifications
    delete end.checksums.notifications
    const v1 = [{ ...lines[0], formatVersion: 1 }, ...lines.slice(1).filter((l) => l.t !== 'notification')]
    const old = path.join(root, 'v1.gz')
    await fs.writeFile(old, gzipSync(v1.map((l) => JSON.stringify(l)).join('\n') + '\n'))
    const target = path.join(root, 'restored')
    const r = await cli(['restore', '--in', old, '--data', target])
    expect(r.code, r.err).toBe(0)
    const got = await digestOf(target)
    expect(got.counts).toMatchObject({ cases: 5, notifications: 0 })
    // the same file claiming format 2 is refused: its end line lacks the notifications
    const bad = path.join(root, 'v2-without.gz')
    await fs.writeFile(bad, gzipSync([{ ...lines[0], formatVersion: 2 }, ...v1.slice(1)].map((l) => JSON.stringify(l)).join('\n') + '\n'))
    expect((await cli(['restore', '--in', bad, '--data', path.join(root, 'r2')])).code).toBe(1)
  })

  it('refuses a truncated or altered backup before writing anything', async () => {
    const root = await tmpDir()
    const data = path.join(root, 'data')
    const s = await openStore({ dir: data })
    await fillStore(s, 5)
    await s.close()
    const file = path.join(root, 'b.jsonl.gz')
    expect((await cli(['backup', '--data', data, '--out', file])).code).toBe(0)
    const lines = gunzipSync(await fs.readFile(file))
      .toString('utf8')
      .trim()
      .split('\n')

    const truncated = path.join(root, 'truncated.gz')
    await fs.writeFile(truncated, gzipSync(lines.slice(0, -3).join('\n') + '\n'))
    const t = await cli(['restore', '--in', truncated, '--data', path.join(root, 't')])
    expect(t.code).toBe(1)
    expect(t.err).toMatch(/truncated|不完整/)

    const altered = path.join(root, 'altered.gz')
    await fs.writeFile(altered, gzipSync(lines.map((l) => l.replace('已电话联系', '未联系')).join('\n') + '\n'))
    const a = await cli(['restore', '--in', altered, '--data', path.join(root, 'a')])
    expect(a.code).toBe(1)
    expect(a.err).toMatch(/audit: same count/)
    for (const d of ['t', 'a']) expect(await fs.readdir(path.join(root, d)).catch(() => 'missing')).toBe('missing')

    expect((await cli(['restore', '--in', file])).code).toBe(2)
    expect((await cli(['backup', '--data', data])).code).toBe(2)
    expect((await cli(['backup', '--data', data, '--database-url', 'postgres://x/y', '--out', file])).code).toBe(2)
  })
})
