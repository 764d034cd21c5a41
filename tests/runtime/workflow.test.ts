/**
 * Every path of the workflow end to end through HTTP, for each shipped scheme: the same test code
 * runs the Galutu table (tests/cases/workflow-paths.json) and the second scheme's
 * (tests/cases/wulan/workflow-paths.json) — the second scheme differs in structure and needs no code.
 * And the test scheme kept in tests/ (tests/fixtures/schemes/second-town: four groups, three
 * levels, a collective-petition override with priority that sets the level, a fifth rate) runs its
 * table (tests/cases/second-town/workflow-paths.json) with the same code (issue #16 §3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, runPath, type Harness, type PathStep } from './harness'

type Step = PathStep
type Table = { paths: Array<{ name: string; steps: Step[] }> }
const SCHEMES = [
  { scheme: 'galutu', table: JSON.parse(readFileSync('tests/cases/workflow-paths.json', 'utf8')) as Table, base: intake() as Record<string, unknown> },
  {
    scheme: 'wulan',
    table: JSON.parse(readFileSync('tests/cases/wulan/workflow-paths.json', 'utf8')) as Table,
    base: JSON.parse(readFileSync('tests/cases/wulan/intake.json', 'utf8')) as Record<string, unknown>,
  },
  {
    scheme: 'second-town',
    table: JSON.parse(readFileSync('tests/cases/second-town/workflow-paths.json', 'utf8')) as Table,
    base: JSON.parse(readFileSync('tests/cases/second-town/intake.json', 'utf8')) as Record<string, unknown>,
  },
]

let h: Harness
beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan', 'tests/fixtures/schemes/second-town'], officers: ['李四', '赵六'] })
})
afterAll(async () => h.close())

describe.each(SCHEMES.flatMap((s) => s.table.paths.map((p) => ({ ...p, scheme: s.scheme, base: s.base, title: `${s.scheme}: ${p.name}` }))))(
  '$title',
  ({ steps, scheme, base }) => {
    it('runs every step with the expected state, routing and due dates', async () => {
      const { id, version } = await runPath(h, steps, (form) => ({ schemeId: scheme, form: { ...base, ...form } }))
      const audit = await h.http.get(`/api/cases/${id}/audit`)
      expect(audit.status).toBe(200)
      expect(audit.body.items.length).toBe(version)
      expect(audit.body.items.every((a: { actor: string }) => a.actor === 'officer1')).toBe(true)
    })
  },
)

describe('case numbers', () => {
  it('are readable, from the scheme prefix and the year, and never reused', async () => {
    h.clock.set('2026-05-06')
    const a = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    const b = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(a.body.number).toMatch(/^GLT-2026-\d{6}$/)
    expect(Number(b.body.number.slice(-6))).toBe(Number(a.body.number.slice(-6)) + 1)
    await h.reopen()
    const c = await h.http.post('/api/cases').send({ form: intake({ receivedOn: '2026-05-06' }) })
    expect(Number(c.body.number.slice(-6))).toBeGreaterThan(Number(b.body.number.slice(-6)))
    const byNumber = await h.http.get(`/api/cases/${c.body.number}`)
    expect(byNumber.body.id).toBe(c.body.id)
  })
})
