/**
 * Issue #16 §1: the callers that decide a case again agree with the event that decided it. The
 * records of tests/cases/decision-facts.json are registered (and rerouted) over HTTP; then the
 * designer's impact replay on an unchanged draft, and migrate-cases to a version that changes no
 * rule, find no decision that differs, and the designer's rule tester, loading the case, decides
 * on the expected facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { migrateCases } from '../../runtime/cases/migrate'
import { decisionFacts } from '../../engine'
import { EngineHost } from '../../designer/src/engine/host'
import { readCases } from '../helpers/scheme'
import { userClient, type Client } from './harness'
import { seedOfficers } from '../helpers/officers'
import type { FactsRecord } from '../engine/decision-facts.test'

let rt: Runtime
let http: Client
let defs: string
let data: string
const clock = new ManualClock('2026-09-29')
const cases: Array<{ id: string; rec: FactsRecord }> = []

beforeAll(async () => {
  defs = await mkdtemp(path.join(os.tmpdir(), 'daiban-defs-'))
  data = await mkdtemp(path.join(os.tmpdir(), 'daiban-data-'))
  await cp('definitions/galutu', path.join(defs, 'galutu'), { recursive: true })
  rt = await createRuntime({ dataDir: data, definitionsDir: defs, clock, log: () => {} })
  http = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'admin')
  const records = (await readCases<{ records: FactsRecord[] }>('decision-facts.json')).records
  await seedOfficers(rt, [...new Set(records.flatMap((r) => (typeof r.register.form.officer === 'string' ? [r.register.form.officer] : [])))])
  // What an older version left in a record cannot be made over HTTP: those records are the engine test's.
  for (const rec of (await readCases<{ records: FactsRecord[] }>('decision-facts.json')).records.filter((r) => !r.stored)) {
    clock.set(rec.register.at)
    const c = await http.post('/api/cases').send({ form: rec.register.form })
    expect(c.status, `${rec.name}: ${JSON.stringify(c.body)}`).toBe(201)
    if (rec.reroute) {
      clock.set(rec.reroute.at)
      const r = await http.post(`/api/cases/${c.body.id}/events`).send({ type: 'REROUTE', form: rec.reroute.form })
      expect(r.status, `${rec.name}: ${JSON.stringify(r.body)}`).toBe(200)
    }
    cases.push({ id: c.body.id, rec })
  }
})
afterAll(async () => {
  await rt?.close()
  await rm(defs, { recursive: true, force: true })
  await rm(data, { recursive: true, force: true })
})

describe('the callers that decide a case again agree with the event that decided it (issue #16 §1)', () => {
  it('the designer’s rule tester, loading each case, decides on the expected facts', async () => {
    const host = new EngineHost()
    const dir = path.join(defs, 'galutu')
    const files = await Promise.all(
      (await readdir(dir)).filter((f) => f.endsWith('.json')).map(async (f) => ({ file: f, text: await readFile(path.join(dir, f), 'utf8') })),
    )
    const info = (await host.load(files)).info!
    const form = info.forms.find((f) => f.id === info.factsForm)!
    for (const { id, rec } of cases) {
      const view = (await http.get(`/api/cases/${id}`)).body
      expect(decisionFacts(form, view.context.facts), rec.name).toEqual(rec.expect)
    }
  })

  it('the impact replay on an unchanged draft finds no decision that differs', async () => {
    const imp = await http.post('/api/designer/schemes/galutu/draft/impact').send({})
    expect(imp.status).toBe(200)
    expect(imp.body.counts).toMatchObject({ cases: cases.length, outcome: 0, group: 0, dueDate: 0, errors: 0 })
    expect(imp.body.cases).toEqual([])
  })

  it('migrate-cases to a version that changes no rule finds no decision that differs', async () => {
    const text = (await http.get('/api/designer/schemes/galutu/draft')).body.files.find((f: { file: string }) => f.file === 'scheme.json').text as string
    const manifest = JSON.parse(text)
    await http
      .put('/api/designer/schemes/galutu/draft/files/scheme.json')
      .send({ text: JSON.stringify({ ...manifest, description: `${manifest.description ?? ''}（说明修订）` }, null, 2) })
    expect((await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '只改说明' })).status).toBe(201)
    const items = await migrateCases(rt, { schemeId: 'galutu', caseIds: cases.map((c) => c.id), dryRun: true, actor: 't' })
    expect(items.map((i) => [i.status, i.changes])).toEqual(cases.map(() => ['migrate', []]))
  })
})
