/** A version published from a definitions folder at start-up: its note names the folder, never the server's path to it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { harness, type Harness } from './harness'

let h: Harness
let copy: string
beforeAll(async () => {
  // absolute folders, as `daiban serve` resolves them: the path a note must not show
  copy = await mkdtemp(path.join(os.tmpdir(), 'daiban-note-'))
  await cp('definitions/galutu', path.join(copy, 'galutu'), { recursive: true })
  h = await harness({ schemeDirs: [path.join(copy, 'galutu')] })
})
afterAll(async () => {
  await h.close()
  await rm(copy, { recursive: true, force: true })
})

describe('the note of a version synced from a folder', () => {
  it('names the folder, not its path, at start and on a later sync', async () => {
    const scheme = JSON.parse(await readFile(path.join(copy, 'galutu/scheme.json'), 'utf8')) as { id: string; version: string }
    const [major, minor] = scheme.version.split('.').map(Number)
    scheme.version = `${major}.${minor! + 1}.0`
    await writeFile(path.join(copy, 'galutu/scheme.json'), JSON.stringify(scheme, null, 2))
    expect(await h.rt.schemes.syncFolders([path.join(copy, 'galutu') + path.sep])).toEqual([])
    const r = await h.http.get(`/api/schemes/${scheme.id}/versions`)
    expect(r.status).toBe(200)
    const items = r.body.items as Array<{ note: string; publishedBy: string }>
    expect(items).toHaveLength(2)
    for (const v of items) {
      expect(v.publishedBy).toBe('system')
      expect(v.note).toBe('从定义目录同步（galutu）')
      expect(v.note).not.toContain(copy)
    }
  })
})
