/** The half-yearly officer assessment from the officer's own case records, roll calls and the assessor's marks. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'
import { intake } from '../runtime/harness'

const S = JSON.parse(readFileSync('tests/cases/duty/officer-scenario.json', 'utf8'))

let h: DutyHarness
const ids: Record<string, string> = {}
let assessment: any
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-01-05' })
  // Trainings and cases in date order, each on its own day of the injected clock.
  type Step = { at: string; run: () => Promise<void> }
  const steps: Step[] = []
  for (const t of S.trainings) {
    steps.push({
      at: t.heldOn,
      run: async () => {
        const form = {
          heldOn: t.heldOn,
          topic: '业务培训',
          method: '知识讲座',
          attendance: [
            { username: S.officer, name: S.officerName, present: t.present },
            { username: 'v_t1', name: '团结甲', present: true },
          ],
        }
        const r = await (await h.user()).post(`/api/duty/galutu/obligations/${t.occurrence}/evidence`).send({ form })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
      },
    })
  }
  for (const c of S.cases) {
    steps.push({
      at: c.receivedOn,
      run: async () => {
        const r = await (await h.user()).post('/api/cases').send({ form: intake({ receivedOn: c.receivedOn, officer: c.officer }) })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
        ids[c.key] = r.body.id
      },
    })
    for (const s of c.steps) {
      steps.push({
        at: s.at,
        run: async () => {
          const r = await (await h.user()).post(`/api/cases/${ids[c.key]}/events`).send({ type: s.type, form: s.form })
          expect(r.status, `${c.key} ${s.type} ${JSON.stringify(r.body)}`).toBe(200)
        },
      })
    }
  }
  steps.sort((a, b) => a.at.localeCompare(b.at))
  for (const s of steps) {
    h.clock.set(s.at)
    await s.run()
  }
  h.clock.set(S.marks.at)
  const m = await (
    await h.user('assessor1')
  )
    .put(`/api/duty/galutu/officers/${S.officer}/marks?period=${S.period}`)
    .send({ form: S.marks.form, note: S.marks.note })
  expect(m.status, JSON.stringify(m.body)).toBe(200)
  const r = await (await h.user()).get(`/api/duty/galutu/officers?period=${S.period}`)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  assessment = r.body
})
afterAll(async () => h.close())

describe(`${S.officerName}'s ${S.period} assessment`, () => {
  const mine = () => assessment.officers.find((o: { username: string }) => o.username === S.officer)

  it('covers the half year with the officer scoring definition', () => {
    expect(assessment.period).toMatchObject({ id: '2026-H1', from: '2026-01-01', to: '2026-06-30' })
    expect(assessment.scoring).toBe('officer_halfyear')
    expect(mine()).toMatchObject({ name: S.officerName, roles: ['town_officer'] })
  })

  it('counts only their proxied cases received in the period, from the stored case records', () => {
    const o = mine()
    expect(o.stats).toEqual(S.expected.stats)
    expect(o.cases.map((c: { id: string }) => c.id).sort()).toEqual(['A', 'B', 'C', 'D'].map((k) => ids[k]).sort())
    for (const [key, exp] of Object.entries(S.expected.cases as Record<string, object>)) {
      expect(
        o.cases.find((c: { id: string }) => c.id === ids[key]),
        key,
      ).toMatchObject(exp)
    }
  })

  it('counts the roll calls of the trainings held in the period', () => {
    expect(mine().trainings.map((t: { occurrence: string; present: boolean }) => [t.occurrence, t.present])).toEqual(
      S.trainings.map((t: { occurrence: string; present: boolean }) => [t.occurrence, t.present]),
    )
  })

  it(`scores ${S.expected.total} (${S.expected.grade}), item by item as computed by hand`, () => {
    const o = mine()
    expect(o.problems).toEqual([])
    expect(o.marks).toMatchObject({ values: S.marks.form, note: S.marks.note, by: 'assessor1' })
    expect(o.input).toEqual({
      cases: { proxied: 4, concluded: 3, onTime: 2, resolved: 2, feedback: 2, satisfied: 1, urged: 1 },
      training: { held: 3, attended: 2 },
      marks: S.marks.form,
    })
    const items = Object.fromEntries(o.result.items.map((i: { id: string; value: number }) => [i.id, i.value]))
    expect(items).toEqual(S.expected.items)
    const sections = Object.fromEntries(o.result.sections.map((s: { id: string; value: number }) => [s.id, s.value]))
    for (const [id, v] of Object.entries(S.expected.sections as Record<string, number>)) expect(sections[id], id).toBeCloseTo(v, 6)
    expect(o.result.total).toBe(S.expected.total)
    expect(o.result.grade).toBe(S.expected.grade)
    // The breakdown names the formula and its inputs.
    const onTime = o.result.items.find((i: { id: string }) => i.id === 'onTimeScore')
    expect(onTime.inputs).toEqual({ onTimeRate: 2 / 3 })
  })

  it('the second half year starts from nothing but case E', async () => {
    const r = (await (await h.user()).get(`/api/duty/galutu/officers?period=2026-H2&officer=${S.officer}`)).body
    expect(r.officers).toHaveLength(1)
    expect(r.officers[0].stats).toMatchObject({ proxied: 1, concluded: 0, trainingsHeld: 0 })
    expect(r.officers[0].marks).toBeNull()
  })

  it('refuses marks outside the form, without a note, for a period that does not fit, or for someone not assessed', async () => {
    const c = await h.user('assessor1')
    const bad = await c.put(`/api/duty/galutu/officers/${S.officer}/marks?period=${S.period}`).send({ form: { attitude: 11 }, note: '' })
    expect(bad.status).toBe(422)
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['attitude', 'discipline', 'note'])
    expect((await c.put(`/api/duty/galutu/officers/${S.officer}/marks?period=2026-Q1`).send({ form: S.marks.form, note: 'x' })).status).toBe(422)
    expect((await c.put(`/api/duty/galutu/officers/lead_a/marks?period=${S.period}`).send({ form: S.marks.form, note: 'x' })).status).toBe(404)
    expect((await c.get('/api/duty/galutu/officers?period=2026')).status).toBe(422)
  })

  it('is audited', async () => {
    const a = (await h.rt.store.listAllAudit()).filter((x) => x.action === 'duty.officer.marks')
    expect(a.at(-1)).toMatchObject({ actor: 'assessor1', changes: { period: '2026-H1', username: S.officer } })
  })
})
