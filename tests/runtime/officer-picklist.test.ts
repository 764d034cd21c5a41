/**
 * Pick-lists from the org (issue #18 §4), on a real server with the real Galutu definitions: the
 * officers a case may be given (accounts holding the scheme's officer roles in the case's
 * jurisdiction, by display name), what assigning one stores, and a village outside the org refused
 * with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Harness } from './harness'
import type { RoleGrant } from '../../runtime/auth/policy'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { prepareForm } from '../../runtime/web/src/schemaUtil'
import type { FormDef, JsonSchema } from '../../runtime/web/src/api'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as { villages: Array<{ name: string }>; roles: Array<{ id: string; name: string }> }
const duty = JSON.parse(readFileSync('definitions/galutu/duty.json', 'utf8')) as { officerAssessment: { roles: string[] } }
const forms = JSON.parse(readFileSync('definitions/galutu/forms-intake.json', 'utf8')) as {
  forms: Array<{ id: string; schema: { properties: Record<string, { title: string }> } }>
}
const villageTitle = forms.forms.find((f) => f.id === 'intake')!.schema.properties.village!.title
const [V1, V2] = [org.villages[0]!.name, org.villages[1]!.name]

/** Accounts as data: login name, display name, grants, and whether a case in V1 may be given to them. */
const PEOPLE: Array<{ username: string; displayName: string; grants: RoleGrant[]; inV1: boolean; inAll: boolean; disabled?: boolean }> = [
  { username: 'vo1', displayName: '巴特尔', grants: [{ role: 'village_officer', scheme: 'galutu', village: V1 }], inV1: true, inAll: true },
  { username: 'vo2', displayName: '其其格', grants: [{ role: 'village_officer', scheme: 'galutu', village: V2 }], inV1: false, inAll: true },
  { username: 'to1', displayName: '王芳', grants: [{ role: 'town_officer', scheme: 'galutu' }], inV1: true, inAll: true },
  { username: 'pt1', displayName: '李明', grants: [{ role: 'part_time_officer', scheme: 'galutu' }], inV1: true, inAll: true },
  { username: 'gw1', displayName: '网格员甲', grants: [{ role: 'grid_worker', scheme: 'galutu', village: V1 }], inV1: false, inAll: false },
  { username: 'do1', displayName: '部门甲', grants: [{ role: 'department_officer', scheme: 'galutu', unit: 'pingan' }], inV1: false, inAll: false },
  { username: 'wl1', displayName: '乌兰人', grants: [{ role: 'town_officer', scheme: 'wulan' }], inV1: false, inAll: false },
  { username: 'off1', displayName: '赵停用', grants: [{ role: 'town_officer', scheme: 'galutu' }], inV1: false, inAll: false, disabled: true },
]

let h: Harness
beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan'] })
  for (const p of PEOPLE) {
    await h.rt.accounts.create({ username: p.username, displayName: p.displayName, password: 'correct horse battery staple', grants: p.grants })
    if (p.disabled) await h.rt.accounts.update(p.username, { disabled: true }, 'test')
  }
})
afterAll(async () => h.close())

type Officer = { name: string; roles: Array<{ id: string; name: string }>; village: string | null }

describe('GET /api/schemes/:id/officers', () => {
  it('lists the accounts holding an officer role in the village, by display name, the village’s own first', async () => {
    const r = await h.http.get(`/api/schemes/galutu/officers?village=${encodeURIComponent(V1)}`)
    expect(r.status).toBe(200)
    const items = r.body.items as Officer[]
    for (const p of PEOPLE)
      expect(
        items.some((o) => o.name === p.displayName),
        p.username,
      ).toBe(p.inV1)
    expect(items[0]!.name).toBe('巴特尔')
    expect(items[0]!.village).toBe(V1)
    expect(items.find((o) => o.name === '王芳')!.village).toBeNull()
    // roles by their names from the org definition; only the officer roles (duty.officerAssessment.roles)
    for (const o of items) for (const role of o.roles) expect(duty.officerAssessment.roles).toContain(role.id)
    expect(items.find((o) => o.name === '李明')!.roles.map((x) => x.name)).toEqual([org.roles.find((x) => x.id === 'part_time_officer')!.name])
    // never a login name
    const text = JSON.stringify(r.body)
    for (const p of PEOPLE) expect(text).not.toContain(`"${p.username}"`)
  })

  it('without a village lists every officer of the scheme', async () => {
    const items = (await h.http.get('/api/schemes/galutu/officers')).body.items as Officer[]
    for (const p of PEOPLE)
      expect(
        items.some((o) => o.name === p.displayName),
        p.username,
      ).toBe(p.inAll)
  })

  it('is refused to a user with no role in the scheme', async () => {
    const other = await h.as('wulanOnly', [{ role: 'town_officer', scheme: 'wulan' }])
    expect((await other.get('/api/schemes/galutu/officers')).status).toBe(403)
    expect((await other.get('/api/schemes/wulan/officers')).status).toBe(200)
  })
})

describe('the chosen officer', () => {
  it('is stored by display name, and the case reaches that officer’s 我的待办 and notifications', async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ village: V1 }) })).body
    const officer = ((await h.http.get(`/api/schemes/galutu/officers?village=${encodeURIComponent(V1)}`)).body.items as Officer[])[0]!.name
    const r = await h.http.post(`/api/cases/${c.id}/events`).send({ type: 'ASSIGN_OFFICER', expectedVersion: c.version, form: { officer } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.summary.officer).toBe('巴特尔')
    const vo1 = await h.as('vo1')
    const tasks = (await vo1.get('/api/my/tasks')).body
    expect(tasks.items.map((s: { id: string }) => s.id)).toContain(c.id)
    const notes = (await vo1.get('/api/my/notifications')).body
    expect(JSON.stringify(notes)).toContain(c.number)
  })
})

describe('a village outside the org', () => {
  it('is refused by the server, naming the field', async () => {
    const r = await h.http.post('/api/cases').send({ form: intake({ village: '团结村' }) })
    expect(r.status).toBe(422)
    const field = (r.body.fields ?? r.body.problems ?? r.body.details ?? []) as Array<{ pointer?: string; field?: string; message: string }>
    const hit = JSON.stringify(r.body)
    expect(hit).toContain(villageTitle)
    expect(hit).toContain('团结村')
    expect(field.length === 0 || field.some((f) => /village/.test(f.pointer ?? f.field ?? ''))).toBe(true)
  })
})

/** Every field of a form, nested ones too, with its path. */
function fieldsOf(s: JsonSchema, path = ''): Array<{ path: string; name: string; s: JsonSchema }> {
  const out: Array<{ path: string; name: string; s: JsonSchema }> = []
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    out.push({ path: `${path}/${k}`, name: k, s: p })
    if (p.items && typeof p.items === 'object') out.push(...fieldsOf(p.items, `${path}/${k}/items`))
    if (p.properties) out.push(...fieldsOf(p, `${path}/${k}`))
  }
  return out
}
const isList = (s: JsonSchema | undefined) => !!s && (Array.isArray(s.enum) || (Array.isArray(s.oneOf) && s.oneOf.every((o) => 'const' in o)))

describe('every village, unit and officer field of every Galutu form', () => {
  it('is a pick-list in the staff app (the forms as the server sends them, prepared as the app renders them)', async () => {
    const forms = (await h.http.get('/api/schemes/galutu/forms')).body.items as FormDef[]
    let villages = 0,
      units = 0,
      officers = 0
    for (const f of forms) {
      const { schema, uiSchema } = prepareForm(f)
      for (const x of fieldsOf(schema)) {
        const role = (x.s as Record<string, unknown>)['x-daiban-role']
        const where = `${f.id}${x.path}`
        if (x.name === 'village' || role === 'village') {
          villages++
          expect(isList(x.s), where).toBe(true)
          expect(x.s.enum, where).toEqual(org.villages.map((v) => v.name))
        } else if (role === 'unit' || role === 'units' || (x.s as Record<string, unknown>)['x-daiban-options'] === 'units') {
          units++
          expect(isList(x.s.type === 'array' ? x.s.items : x.s), where).toBe(true)
        } else if (role === 'officer') {
          officers++
          expect((uiSchema[x.name] as Record<string, unknown> | undefined)?.['ui:widget'], where).toBe('OfficerWidget')
        }
      }
    }
    // intake, publicIntake, the training roll call; disposal, reply, urge, escalation, review, source unit; intake, assign, complaint owner
    expect({ villages, units: units >= 6, officers }).toEqual({ villages: 3, units: true, officers: 3 })
  })

  it('the training roll call refuses a village outside the org, naming the field', async () => {
    const galutu = (await loadSchemeDir('definitions/galutu')).scheme!
    const errs = galutu.validateForm('trainingRecord', {
      heldOn: '2026-02-26',
      topic: '培训',
      method: '知识讲座',
      attendance: [{ name: '甲', village: '团结村', present: true }],
    })
    expect(errs.map((e) => [e.field, e.code])).toEqual([['/attendance/0/village', 'UNKNOWN_OPTION']])
    expect(errs[0]!.message).toContain('所属嘎查村（社区）')
    expect(
      galutu.validateForm('trainingRecord', {
        heldOn: '2026-02-26',
        topic: '培训',
        method: '知识讲座',
        attendance: [{ name: '甲', village: V1, present: true }],
      }),
    ).toEqual([])
  })
})
