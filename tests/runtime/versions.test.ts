/** Definition versions are pinned; cases move only through migrate-cases; a vanished state is an error on that case alone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { harness, intake, type Harness } from './harness'
import { migrateCases } from '../../runtime/cases/migrate'
import { main } from '../../runtime/cli/main'

let h: Harness
let forkDir: string
beforeAll(async () => {
  h = await harness({ officers: ['李四'] })
  forkDir = await mkdtemp(path.join(os.tmpdir(), 'daiban-v2-'))
  await cp('definitions/galutu', forkDir, { recursive: true })
})
afterAll(async () => {
  await h.close()
  await rm(forkDir, { recursive: true, force: true })
})

async function edit(file: string, fn: (v: any) => void) {
  const p = path.join(forkDir, file)
  const v = JSON.parse(await readFile(p, 'utf8'))
  fn(v)
  await writeFile(p, JSON.stringify(v, null, 2))
}

describe('publishing a new version', () => {
  it('leaves running cases on their version and gives new cases the newest', async () => {
    const old = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(old.body.summary.dueDate).toBe('2026-03-09')
    await edit('deadlines.json', (d) => {
      d.clocks.find((c: any) => c.id === 'handling_village').days = 3
    })
    await edit('scheme.json', (m) => {
      m.version = '1.1.0'
    })
    const failed = await h.rt.schemes.syncFolders([forkDir])
    expect(failed).toEqual([])
    const versions = await h.http.get('/api/schemes/galutu/versions')
    expect(versions.body.items.map((v: any) => v.version)).toEqual(['1.0.0', '1.1.0'])

    const fresh = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(fresh.body.schemeVersion).toBe('1.1.0')
    expect(fresh.body.summary.dueDate).toBe('2026-03-05')
    // The old case keeps its own definitions: its hash, and its due date, even on a new transition.
    const next = await h.http
      .post(`/api/cases/${old.body.id}/events`)
      .send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan'], matter: 'm' } })
    expect(next.body.schemeVersion).toBe('1.0.0')
    expect(next.body.schemeHash).toBe(old.body.schemeHash)
    expect(next.body.summary.dueDate).toBe('2026-03-09')
    // Reproducible: the stored version's forms are still served by hash.
    const forms = await h.http.get(`/api/schemes/galutu/forms?version=${old.body.schemeHash}`)
    expect(forms.status).toBe(200)
    expect(forms.body.hash).toBe(old.body.schemeHash)
  })

  it('migrate-cases: dry run lists what would change; the run moves the case', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(c.body.schemeVersion).toBe('1.1.0')
    const v1 = (await h.http.get('/api/schemes/galutu/versions')).body.items[0]
    const dry = await migrateCases(h.rt, { schemeId: 'galutu', to: v1.hash, caseIds: [c.body.number], dryRun: true, actor: 't' })
    expect(dry[0]!.status).toBe('migrate')
    expect(dry[0]!.changes).toEqual([{ field: 'dueDate', from: '2026-03-05', to: '2026-03-09' }])
    expect((await h.http.get(`/api/cases/${c.body.id}`)).body.schemeVersion).toBe('1.1.0')
    const run = await migrateCases(h.rt, { schemeId: 'galutu', to: v1.hash, caseIds: [c.body.id], dryRun: false, actor: 't' })
    expect(run[0]!.status).toBe('migrated')
    const after = await h.http.get(`/api/cases/${c.body.id}`)
    expect(after.body.schemeVersion).toBe('1.0.0')
    expect(after.body.version).toBe(2)
    const audit = await h.http.get(`/api/cases/${c.body.id}/audit`)
    expect(audit.body.items.at(-1).action).toBe('migrate')
    // Running it again changes nothing.
    const again = await migrateCases(h.rt, { schemeId: 'galutu', to: v1.hash, caseIds: [c.body.id], dryRun: false, actor: 't' })
    expect(again[0]!.status).toBe('unchanged')
  })

  it('migrate-cases refuses a case whose state the target no longer has', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'CONCLUDE', form: { concludedOn: '2026-03-02', result: 'r', resolved: true } })
    // Version 1.2.0 drops the "feedback" state: conclusion goes straight to the follow-up.
    await edit('workflow.json', (w) => {
      const m = w.machines[0]
      delete m.config.states.feedback
      delete m.stateInfo.feedback
      m.config.states.handling.on.CONCLUDE.target = 'followUp'
      m.config.states.followUp.on.FEEDBACK = { target: 'followUp' }
    })
    await edit('scheme.json', (m) => {
      m.version = '1.2.0'
    })
    expect(await h.rt.schemes.syncFolders([forkDir])).toEqual([])
    const r = await migrateCases(h.rt, { schemeId: 'galutu', caseIds: [c.body.id], dryRun: false, actor: 't' })
    expect(r[0]!.status).toBe('refused')
    expect(r[0]!.reason).toContain('feedback')
    expect((await h.http.get(`/api/cases/${c.body.id}`)).body.schemeVersion).toBe('1.1.0')
  })

  it('the CLI runs migrate-cases against a data folder (dry run, exit 0)', async () => {
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    await h.rt.close()
    const out: string[] = []
    const err: string[] = []
    const prevDefs = process.env.DAIBAN_DEFINITIONS_DIR
    process.env.DAIBAN_DEFINITIONS_DIR = path.resolve('definitions')
    try {
      const code = await main(['migrate-cases', '--scheme', 'galutu', '--cases', c.body.number, '--to', '1', '--dry-run', '--data', h.dir], {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        stdin: async () => '',
      })
      expect(err.join('\n')).toBe('')
      expect(code).toBe(0)
      const res = JSON.parse(out.join('\n'))
      expect(res.dryRun).toBe(true)
      expect(res.items[0].number).toBe(c.body.number)
    } finally {
      if (prevDefs === undefined) delete process.env.DAIBAN_DEFINITIONS_DIR
      else process.env.DAIBAN_DEFINITIONS_DIR = prevDefs
      await h.reopen()
    }
  })
})

describe('a case whose stored state no longer exists', () => {
  it('is reported as a clear error on that case alone; the server keeps answering', async () => {
    const bad = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    const good = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    const rec = (await h.rt.store.getCase(bad.body.id))!
    const snap = structuredClone(rec.snapshot) as { value: unknown }
    snap.value = 'vanishedState'
    await h.rt.store.updateCase({ ...rec, snapshot: snap, summary: { ...rec.summary, version: rec.summary.version + 1 } }, rec.summary.version, [])
    const view = await h.http.get(`/api/cases/${bad.body.id}`)
    expect(view.status).toBe(200)
    expect(view.body.status).toBe('error')
    expect(view.body.error.code).toBe('STATE_MISSING')
    const send = await h.http
      .post(`/api/cases/${bad.body.id}/events`)
      .send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan'], matter: 'm' } })
    expect(send.status).toBe(409)
    expect(send.body.code).toBe('STATE_MISSING')
    expect(send.body.message).toContain('迁移')
    const ok = await h.http.post(`/api/cases/${good.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['pingan'], matter: 'm' } })
    expect(ok.status).toBe(200)
    expect((await h.http.get('/api/health')).status).toBe(200)
  })
})
