/** The designer's server side: drafts, publish, diff, rollback and impact replay, through HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { intake, userClient, type Client } from './harness'
import { seedOfficers } from '../helpers/officers'

let rt: Runtime
let http: Client
let defs: string
let data: string
const clock = new ManualClock('2026-03-02')

beforeAll(async () => {
  defs = await mkdtemp(path.join(os.tmpdir(), 'daiban-defs-'))
  data = await mkdtemp(path.join(os.tmpdir(), 'daiban-data-'))
  await cp('definitions/galutu', path.join(defs, 'galutu'), { recursive: true })
  rt = await createRuntime({ dataDir: data, definitionsDir: defs, clock, log: () => {} })
  http = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'admin')
  await seedOfficers(rt, ['李四'])
})
afterAll(async () => {
  await rt.close()
  await rm(defs, { recursive: true, force: true })
  await rm(data, { recursive: true, force: true })
})

const draftFile = async (file: string) =>
  (await http.get('/api/designer/schemes/galutu/draft')).body.files.find((f: { file: string }) => f.file === file).text as string
/** Edit the text as a person would in an editor: only the one number changes. */
const setVillageDays = (text: string, days: number) => {
  const at = text.indexOf('"id": "handling_village"')
  const i = text.indexOf('"days": ', at)
  const j = text.indexOf(',', i)
  return text.slice(0, i) + `"days": ${days}` + text.slice(j)
}

describe('drafts and publishing', () => {
  it('a draft starts as the newest version and is pristine', async () => {
    const r = await http.get('/api/designer/schemes/galutu/draft')
    expect(r.status).toBe(200)
    expect(r.body.pristine).toBe(true)
    expect(r.body.problems).toEqual([])
    expect(r.body.files.map((f: { file: string }) => f.file)).toContain('deadlines.json')
  })

  it('saving an invalid file returns the problems with file and pointer, and the draft keeps it', async () => {
    const text = (await draftFile('rules.json')).replace('"group": "labour_social"', '"group": "no_such_group"')
    const r = await http.put('/api/designer/schemes/galutu/draft/files/rules.json').send({ text })
    expect(r.status).toBe(200)
    expect(r.body.problems).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_GROUP', file: 'rules.json', pointer: expect.stringMatching(/^\/ruleSets\/1\/rules\/3\/event\/params\/group$/) }),
    )
    expect(r.body.draft.pristine).toBe(false)
    const pub = await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '试试' })
    expect(pub.status).toBe(422)
    expect(pub.body.code).toBe('SCHEME_INVALID')
    expect(pub.body.fields.some((f: { code: string }) => f.code === 'UNKNOWN_GROUP')).toBe(true)
    expect((await http.get('/api/schemes/galutu/versions')).body.items).toHaveLength(1)
    // Discarding returns to the published version.
    const d = await http.delete('/api/designer/schemes/galutu/draft')
    expect(d.body.pristine).toBe(true)
  })

  it('bad file names and malformed bodies are refused', async () => {
    expect((await http.put('/api/designer/schemes/galutu/draft/files/..%2F..%2Fetc%2Fpasswd').send({ text: '{}' })).status).toBe(422)
    expect((await http.put('/api/designer/schemes/galutu/draft/files/x.json').send({ nope: 1 })).status).toBe(422)
    expect((await http.get('/api/designer/schemes/nope/draft')).status).toBe(404)
  })

  it('impact preview lists the cases and villages a shorter village limit affects, then publish applies to new cases only', async () => {
    clock.set('2026-03-02')
    const a = await http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-02' }) })
    const b = await http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-02', level: 'town', category: '教育' }) })
    expect(a.body.summary.dueDate).toBe('2026-03-09')
    clock.set('2026-03-06')
    await http.put('/api/designer/schemes/galutu/draft/files/deadlines.json').send({ text: setVillageDays(await draftFile('deadlines.json'), 3) })
    const imp = await http.post('/api/designer/schemes/galutu/draft/impact').send({})
    expect(imp.status).toBe(200)
    expect(imp.body.counts.cases).toBe(2)
    expect(imp.body.counts.dueDate).toBe(1)
    expect(imp.body.counts.overdue).toBe(1) // due 03-05 < today 03-06
    expect(imp.body.cases).toEqual([
      {
        caseId: a.body.id,
        number: a.body.number,
        village: '团结社区',
        changes: [
          { field: 'dueDate', from: '2026-03-09', to: '2026-03-05' },
          { field: 'overdue', from: false, to: true },
        ],
      },
    ])
    expect(imp.body.villages.find((v: { village: string }) => v.village === '团结社区')).toBeTruthy()
    void b

    const diff = await http.get('/api/designer/schemes/galutu/diff?from=latest&to=draft')
    expect(diff.body.files).toHaveLength(1)
    expect(diff.body.files[0].file).toBe('deadlines.json')
    expect(diff.body.files[0].patch).toMatch(/^-.*"id": "handling_village".*"days": 5,/m)
    expect(diff.body.files[0].patch).toMatch(/^\+.*"id": "handling_village".*"days": 3,/m)
    expect(diff.body.files[0].patch.split('\n').filter((l: string) => /^[-+]/.test(l))).toHaveLength(2)

    const pub = await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '村级时限改为3个工作日' })
    expect(pub.status).toBe(201)
    expect(pub.body.bumped).toBe('1.0.1')
    expect(pub.body.version).toMatchObject({ seq: 2, version: '1.0.1', publishedBy: 'admin', note: '村级时限改为3个工作日' })
    // Files stay the truth: the folder now holds what was published.
    const onDisk = JSON.parse(await readFile(path.join(defs, 'galutu/deadlines.json'), 'utf8'))
    expect(onDisk.clocks.find((c: { id: string }) => c.id === 'handling_village').days).toBe(3)
    expect(JSON.parse(await readFile(path.join(defs, 'galutu/scheme.json'), 'utf8')).version).toBe('1.0.1')

    clock.set('2026-03-09')
    const c = await http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-09' }) })
    expect(c.body.schemeVersion).toBe('1.0.1')
    expect(c.body.summary.dueDate).toBe('2026-03-12')
    expect((await http.get(`/api/cases/${a.body.id}`)).body.summary.dueDate).toBe('2026-03-09')
  })

  it('a restart after publishing publishes nothing new (the folder matches)', async () => {
    await rt.close()
    rt = await createRuntime({ dataDir: data, definitionsDir: defs, clock, log: () => {} })
    http = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'admin')
    expect((await http.get('/api/schemes/galutu/versions')).body.items).toHaveLength(2)
  })

  it('history shows a readable diff per file, and rollback publishes an old version as a new one', async () => {
    const versions = (await http.get('/api/schemes/galutu/versions')).body.items
    const d = await http.get(`/api/designer/schemes/galutu/diff?from=${versions[0].hash}&to=${versions[1].hash}`)
    expect(d.body.files.map((f: { file: string }) => f.file).sort()).toEqual(['deadlines.json', 'scheme.json'])
    const files = await http.get(`/api/designer/schemes/galutu/versions/1/files`)
    expect(files.body.version.seq).toBe(1)
    const rb = await http.post('/api/designer/schemes/galutu/rollback').send({ to: '1', note: '恢复5个工作日' })
    expect(rb.status).toBe(201)
    expect(rb.body.version.seq).toBe(3)
    expect(rb.body.version.version).toBe('1.0.2')
    clock.set('2026-03-09')
    const c = await http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-09' }) })
    expect(c.body.summary.dueDate).toBe('2026-03-16')
  })

  it('publishing needs a change note', async () => {
    await http.put('/api/designer/schemes/galutu/draft/files/deadlines.json').send({ text: setVillageDays(await draftFile('deadlines.json'), 4) })
    const r = await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: ' ' })
    expect(r.status).toBe(422)
    expect(r.body.fields[0].field).toBe('note')
  })
})
