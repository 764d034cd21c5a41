/**
 * The stray temp-file sweep at the file store's open (#20, start-up): it runs beside the
 * checkpoint's read and the snapshot's parse. After a good open every stray temp file is gone and
 * the cases read; an open refused for damage found at once (the checkpoint) still swept every
 * shard; a write right after the open is not disturbed.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { FileStore } from '../../runtime/store/index'
import { shardOf, safeName } from '../../runtime/store/names'
import { makeRecord } from './fixtures/records'

const created: string[] = []
afterAll(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true })
})

async function seededFolder(n: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-open-sweep-'))
  created.push(dir)
  const store = new FileStore({ dir })
  await store.open()
  await store.bulkSeed(
    (function* () {
      for (let i = 0; i < n; i++) yield makeRecord(i, 1)
    })(),
  )
  await store.close()
  return dir
}

/** One stray temp file in each case shard of the folder, and in index/ and docs/. */
async function strays(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const shard of await fs.readdir(path.join(dir, 'cases'))) out.push(path.join(dir, 'cases', shard, `.x.json.4242.${out.length}.deadbeef.tmp`))
  out.push(path.join(dir, 'index', '.checkpoint.json.4242.0.cafe.tmp'), path.join(dir, 'docs', '.settings.json.4242.0.cafe.tmp'))
  for (const f of out) await fs.writeFile(f, '{"half')
  return out
}

async function existing(files: string[]): Promise<string[]> {
  const out: string[] = []
  for (const f of files)
    if (
      await fs.stat(f).then(
        () => true,
        () => false,
      )
    )
      out.push(f)
  return out
}

describe('the stray temp-file sweep at open', () => {
  it('a good open: every stray is gone when open() resolves, and every case reads', async () => {
    const dir = await seededFolder(300)
    const temps = await strays(dir)
    expect(temps.length).toBeGreaterThan(10)
    const store = new FileStore({ dir })
    await store.open()
    expect(await existing(temps)).toEqual([])
    expect(store.caseCount).toBe(300)
    expect(await store.getCase(makeRecord(7).summary.id)).toEqual(makeRecord(7, 1))
    await store.close()
  })

  it('an open refused for a damaged checkpoint: the sweep has ended before the refusal', async () => {
    const dir = await seededFolder(300)
    // refused as soon as the checkpoint is read, while the sweep still lists the shards
    await fs.writeFile(path.join(dir, 'index', 'checkpoint.json'), '{"format":')
    const temps = await strays(dir)
    const store = new FileStore({ dir })
    await expect(store.open()).rejects.toThrow(/checkpoint\.json/)
    expect(await existing(temps)).toEqual([])
  })

  it('a case written at once after the open is not touched by the sweep', async () => {
    const dir = await seededFolder(20)
    await strays(dir)
    const store = new FileStore({ dir })
    await store.open()
    await store.updateCase(makeRecord(3, 2), 1, [])
    await store.close()
    const file = path.join(dir, 'cases', shardOf('case-000003'), safeName('case-000003') + '.json')
    expect((JSON.parse(await fs.readFile(file, 'utf8')) as { summary: { version: number } }).summary.version).toBe(2)
  })
})
