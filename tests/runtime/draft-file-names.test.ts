/**
 * Review finding 13: the designer took a draft file named `forms-duty.JSON`, which the folder
 * loader (reading only `*.json`) then left out, so the scheme failed validation at the next start.
 * Now one file-name rule (engine/scheme/file-names.ts) serves the draft, `loadScheme` and the
 * loader: what the draft refuses, the loader refuses by name too, and what the draft takes is
 * exactly what the folder loads after publishing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Runtime } from '../../runtime/server/deps'
import { ManualClock } from '../../runtime/clock'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { fileNameProblem } from '../../engine'
import { editableRuntime, type Client } from './harness'

let rt: Runtime
let http: Client
let defs: string
let env: Awaited<ReturnType<typeof editableRuntime>>

beforeAll(async () => {
  env = await editableRuntime(new ManualClock('2026-03-02'))
  ;({ rt, http, defs } = env)
})
afterAll(async () => env.close())

const dutyForms = async () =>
  (await http.get('/api/designer/schemes/galutu/draft')).body.files.find((f: { file: string }) => f.file === 'forms-duty.json').text as string

describe('review finding 13: one file-name rule for drafts and the folder loader', () => {
  it('the draft refuses forms-duty.JSON, naming the file, in Chinese and English', async () => {
    const text = await dutyForms()
    const r = await http.put('/api/designer/schemes/galutu/draft/files/forms-duty.JSON').send({ text })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('INVALID_INPUT')
    expect(r.body.message).toContain('forms-duty.JSON')
    expect(r.body.fields).toEqual([
      expect.objectContaining({ code: 'BAD_FILE_NAME', file: 'forms-duty.JSON', message: expect.stringContaining('小写的 .json') }),
    ])
    const en = await http.put('/api/designer/schemes/galutu/draft/files/forms-duty.JSON').set('accept-language', 'en').send({ text })
    expect(en.body.fields[0].message).toContain('Invalid file name "forms-duty.JSON": the extension must be ".json", in lower case')
    // nothing was saved
    const d = (await http.get('/api/designer/schemes/galutu/draft')).body
    expect(d.pristine).toBe(true)
    expect(d.files.map((f: { file: string }) => f.file)).not.toContain('forms-duty.JSON')
  })

  it('an import (the whole draft at once) with such a file is refused the same way', async () => {
    const files = (await http.get('/api/designer/schemes/galutu/draft')).body.files as Array<{ file: string; text: string }>
    const renamed = files.map((f) => (f.file === 'forms-duty.json' ? { ...f, file: 'Forms-Duty.Json' } : f))
    const r = await http.put('/api/designer/schemes/galutu/draft').send({ files: renamed })
    expect(r.status).toBe(422)
    expect(r.body.fields).toEqual([expect.objectContaining({ code: 'BAD_FILE_NAME', file: 'Forms-Duty.Json' })])
  })

  it.each([
    'forms-duty.JSON',
    'forms duty.json',
    '.forms-duty.json',
    'forms-duty.json.bak',
    '表单.json',
    'a/../forms-duty.json',
    '/forms-duty.json',
    'sub\\forms-duty.json',
  ])('%s is not a definition file name', (name) => expect(fileNameProblem(name)).not.toBeNull())

  it('the folder loader refuses such a file by name instead of loading the scheme without it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-names-'))
    try {
      await cp('definitions/galutu', dir, { recursive: true })
      await rm(path.join(dir, 'forms-duty.json'))
      await writeFile(path.join(dir, 'forms-duty.JSON'), await dutyForms())
      const r = await loadSchemeDir(dir)
      expect(r.scheme).toBeNull()
      expect(r.problems).toEqual([expect.objectContaining({ code: 'BAD_FILE_NAME', file: 'forms-duty.JSON', pointer: '' })])
      expect(r.problems[0]!.message).toContain('forms-duty.JSON')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('what the draft takes is what the folder loads after publishing, a file in a sub-folder included', async () => {
    const text = await dutyForms()
    // the duty forms move into a sub-folder (the loader reads sub-folders)
    await rt.drafts.deleteFile('galutu', 'forms-duty.json', 'admin')
    await rt.drafts.putFile('galutu', 'forms/duty.json', text, 'admin')
    const pub = await rt.drafts.publish('galutu', '值班表单放进子目录', 'admin')
    const folder = path.join(defs, 'galutu')
    expect(await readdir(folder)).not.toContain('forms-duty.json')
    const loaded = await loadSchemeDir(folder)
    expect(loaded.problems).toEqual([])
    expect(loaded.hash).toBe(pub.version.hash)
  })
})
