/**
 * Issue #16 §1, regression: the designer's upstream view of a fork missed the upstream's changes
 * to duty.json (the diff's hand-kept list of kinds had lost `duty`), so a fork was told "no
 * changes" while its upstream had changed the duty roster. It now compares every kind of the
 * registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { userClient, type Client } from './harness'

let tmp: string
let rt: Runtime
let boss: Client

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-upstream-duty-'))
  const defs = path.join(tmp, 'definitions')
  await cp('definitions/galutu', path.join(defs, 'galutu'), { recursive: true })
  rt = await createRuntime({ dataDir: path.join(tmp, 'data'), definitionsDir: defs, clock: new ManualClock('2026-03-02'), log: () => {} })
  boss = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'boss', [{ role: 'admin' }, { role: 'town_officer' }])
})
afterAll(async () => {
  await rt?.close()
  await rm(tmp, { recursive: true, force: true })
})

describe('issue #16 §1: the designer’s upstream view', () => {
  it('tells a fork its upstream’s duty changes', async () => {
    expect((await boss.post('/api/designer/schemes/galutu/fork').send({ id: 'hailin', town: '海林镇' })).status).toBe(201)
    const draft = (await boss.get('/api/designer/schemes/galutu/draft')).body
    const duty = JSON.parse(draft.files.find((f: { file: string }) => f.file === 'duty.json').text)
    duty.roster.shifts.find((s: { id: string }) => s.id === 'duty').count = 2
    expect((await boss.put('/api/designer/schemes/galutu/draft/files/duty.json').send({ text: JSON.stringify(duty, null, 2) })).status).toBe(200)
    expect((await boss.post('/api/designer/schemes/galutu/draft/publish').send({ note: '值班人数' })).status).toBe(201)

    const u = (await boss.get('/api/designer/schemes/hailin/upstream')).body
    expect(u.hasChanges).toBe(true)
    // The roster change, and the version number publishing bumped.
    expect(u.changes.map((c: { kind: string; text: string }) => [c.kind, c.text])).toEqual([
      ['scheme', expect.stringMatching(/^版本：/)],
      ['duty', '班次「值班」每个工作日人数：1 → 2'],
    ])
    expect(u.plan.taken.map((l: { text: string }) => l.text).join('\n')).toContain('roster.shifts[duty] › count')
  })
})
