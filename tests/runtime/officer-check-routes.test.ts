/**
 * The officer check (#18 §4) on the routes that take a form naming the officer, against the real
 * Galutu definitions: registering a case, an event's form (指定代办员), and the triage (甄别) of an
 * online petition. A refused request changes nothing and names the field by its form title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'
import { seedOfficers } from '../helpers/officers'
import { loadGalutu, makeScheme, removeTempSchemes } from '../helpers/scheme'
import { readFileSync } from 'node:fs'
import type { CompiledScheme } from '../../engine'

let h: Harness
let s: CompiledScheme
let V1: string
let V2: string
const TOWN = '镇代办甲'
const LOCAL = '村代办乙'

const titleOf = (form: string, field: string) => (s.form(form)!.schema.properties as Record<string, { title: string }>)[field]!.title
const fieldOf = (event: string) => {
  const m = s.machineDefs.get('case')!
  return { form: m.events[event]!.form!, event }
}

beforeAll(async () => {
  s = await loadGalutu()
  V1 = s.defs.org.villages[0]!.name
  V2 = s.defs.org.villages[1]!.name
  h = await harness({ start: '2026-03-02' })
  await seedOfficers(h.rt, [{ displayName: TOWN }, { displayName: LOCAL, role: 'village_officer', village: V1, scheme: 'galutu' }])
})
afterAll(async () => h.close())

async function count() {
  return (await h.http.get('/api/cases?limit=1')).body.total as number
}

describe('registering a case', () => {
  it.each([
    ['an account that is not there', { officer: '无此人' }, 'UNKNOWN_ACCOUNT'],
    ['a village officer of another village', { officer: LOCAL, other: true }, 'OUT_OF_JURISDICTION'],
    ['an account holding no officer role', { officer: 'auditor-x' }, 'NOT_AN_OFFICER'],
  ] as Array<[string, { officer: string; other?: boolean }, string]>)(
    'refuses %s: 422 naming the field, who may be chosen; nothing created',
    async (_n, over, code) => {
      if (over.officer === 'auditor-x') await h.as('auditor-x', [{ role: 'auditor', scheme: 'galutu' }])
      const before = await count()
      const r = await h.http.post('/api/cases').send({ form: intake({ village: over.other ? V2 : V1, officer: over.officer }) })
      expect(r.status, JSON.stringify(r.body)).toBe(422)
      expect(r.body.fields).toEqual([expect.objectContaining({ pointer: '/form/officer', code })])
      const register = s.machineDefs.get('case')!.entry!.register!
      expect(r.body.message).toContain(titleOf(fieldOf(register).form, 'officer'))
      expect(r.body.message).toContain(TOWN)
      expect(await count()).toBe(before)
    },
  )

  it('accepts an officer serving the village, by display name or login name; English refusals in English', async () => {
    expect((await h.http.post('/api/cases').send({ form: intake({ village: V1, officer: LOCAL }) })).status).toBe(201)
    expect((await h.http.post('/api/cases').send({ form: intake({ village: V1, officer: TOWN }) })).status).toBe(201)
    expect((await h.http.post('/api/cases').send({ form: intake({ village: V2, officer: 'officer1' }) })).status).toBe(201)
    const en = await h.http
      .post('/api/cases')
      .set('accept-language', 'en')
      .send({ form: intake({ village: V1, officer: '无此人' }) })
    expect(en.status).toBe(422)
    expect(en.body.message).toMatch(/is not an account here/)
  })
})

describe('an event naming the officer', () => {
  it('指定代办员 refuses an officer outside the case’s village, accepts one serving it', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ village: V2, officer: TOWN }) })).body
    const assign = Object.entries(s.machineDefs.get('case')!.events).find(([, e]) => e.form === 'assign')![0]
    const refused = await h.http.post(`/api/cases/${c.id}/events`).send({ type: assign, form: { officer: LOCAL } })
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body.fields[0]).toMatchObject({ pointer: '/form/officer', code: 'OUT_OF_JURISDICTION' })
    expect((await h.http.get(`/api/cases/${c.id}`)).body.version).toBe(c.version)
    const ok = await h.http.post(`/api/cases/${c.id}/events`).send({ type: assign, form: { officer: 'officer1' } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.summary.officer).toBe('officer1')
  })

  it('the triage of an online petition refuses an unknown officer and takes a real one', async () => {
    const sub = await h.rt.channels.publicService.submit(
      'galutu',
      { petitionerName: '网民甲', phone: '13900000011', village: V1, summary: '村道积水严重无法通行', acceptsProxy: true },
      'officer-check-routes-1',
    )
    const start = (await h.http.get(`/api/cases/${sub.number}/triage`)).body
    const form = { ...start.data, level: 'village', category: '养老及其他农村牧区社会保险' }
    const refused = await h.http.post(`/api/cases/${start.caseId}/events`).send({ type: start.event, form: { ...form, officer: '无此人' } })
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body.fields[0]).toMatchObject({ pointer: '/form/officer', code: 'UNKNOWN_ACCOUNT' })
    const ok = await h.http.post(`/api/cases/${start.caseId}/events`).send({ type: start.event, form: { ...form, officer: LOCAL } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.summary.officer).toBe(LOCAL)
  })
})

describe('an import whose rows name the officer', () => {
  // a variant of Galutu whose hotline import maps an 代办员 column onto an officer field
  const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
    channels: Array<{ id: string; import?: { form: string; idColumn: string; columns: Record<string, string> } }>
  }
  const forms = JSON.parse(readFileSync('definitions/galutu/forms-intake.json', 'utf8')) as { forms: Array<{ id: string }> }
  const at = org.channels.findIndex((c) => c.import)
  const ch = org.channels[at]!
  const formAt = forms.forms.findIndex((f) => f.id === ch.import!.form)
  let f: Harness
  beforeAll(async () => {
    const dir = await makeScheme([
      {
        op: 'set',
        file: 'forms-intake.json',
        pointer: `/forms/${formAt}/schema/properties/officer`,
        value: { 'x-daiban-role': 'officer', type: 'string', title: '承办代办员', maxLength: 50 },
      },
      { op: 'set', file: 'org.json', pointer: `/channels/${at}/import/columns/officer`, value: '代办员' },
    ])
    f = await harness({ start: '2026-03-02', schemeDirs: [dir], officers: [TOWN] })
  })
  afterAll(async () => {
    await f.close()
    await removeTempSchemes()
  })

  it('reports a row naming an unknown officer in the error report for that row, and creates the others', async () => {
    const cols = ch.import!.columns
    // every mapped column present; the ones not named here left empty
    const base: Record<string, string> = {
      ...Object.fromEntries(Object.values(cols).map((c) => [c, ''])),
      [cols.petitionerName!]: '热线甲',
      [cols.phone!]: '13900000021',
      [cols.village!]: V1,
      [cols.summary!]: '自来水停供三天',
      [cols.receivedOn!]: '2026-02-27',
    }
    const rows = [
      { ...base, [ch.import!.idColumn]: 'OC-1', 代办员: TOWN },
      { ...base, [ch.import!.idColumn]: 'OC-2', 代办员: '无此人' },
      { ...base, [ch.import!.idColumn]: 'OC-3', 代办员: '' },
    ]
    const header = Object.keys(rows[0]!)
    const csv = [header.join(','), ...rows.map((r) => header.map((k) => r[k] ?? '').join(','))].join('\n')
    const res = await f.rt.channels.imports.run('galutu', ch.id, Buffer.from(csv), 'x.csv', 'officer1')
    expect(res.created.map((c) => c.sourceId)).toEqual(['OC-1', 'OC-3'])
    expect(res.errors).toEqual([{ row: 3, column: '代办员', field: 'officer', message: expect.stringContaining('承办代办员') }])
    expect(res.errors[0]!.message).toContain(TOWN)
  })
})
