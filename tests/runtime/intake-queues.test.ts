/**
 * Issue #18 §3, intake with nothing retyped, on a real server with the real Galutu definitions:
 * an online or imported petition triaged into a case starts its 代办单 from what was submitted,
 * field by field through the declared field roles (also in a fork that renamed every such field);
 * 受理日期 defaults to the submission date and sets the due date; another date needs a reason, which
 * the audit keeps. And the 工作台's queues per role and jurisdiction (tests/cases/intake-queues.json),
 * 部门待复 reaching the officers of the unit a 处置单 was sent to.
 */
import fs from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldRoles, type RoleId } from '../../engine'
import type { RoleGrant } from '../../runtime/auth/policy'
import { GALUTU_DIR, loadGalutu } from '../helpers/scheme'
import { renamedFork } from '../helpers/rename-fields'
import { harness, intake, type Client, type Harness } from './harness'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as {
  villages: Array<{ name: string }>
  channels: Array<{ id: string; public?: { form: string }; import?: { form: string; idColumn: string; columns: Record<string, string> } }>
}
const V: Record<string, string> = { V1: org.villages[0]!.name, V2: org.villages[1]!.name }
const publicChannel = org.channels.find((c) => c.public)!

type CaseRow = {
  label: string
  how: 'public' | 'import' | 'complaint' | 'register'
  form?: Record<string, unknown>
  row?: Record<string, string>
  channel?: string
  dispatch?: string[]
  reply?: string
}
type AccountRow = { username: string; displayName: string; grants: RoleGrant[]; queues: Record<string, string[]> }
const table = JSON.parse(readFileSync('tests/cases/intake-queues.json', 'utf8')) as { today: string; cases: CaseRow[]; accounts: AccountRow[] }
const withVillage = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' && V[v] ? V[v] : v])) as T

let h: Harness
let seq = 0
const sid = () => `submission-${String(++seq).padStart(4, '0')}`

/** An online petition filed on the public page today; its case. */
async function filePublic(form: Record<string, unknown>, schemeId = 'galutu') {
  const r = await h.rt.channels.publicService.submit(schemeId, form, sid())
  return (await h.http.get(`/api/cases/${r.number}`)).body as { id: string; number: string; version: number; state: string }
}

beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
})
afterAll(async () => h.close())

describe('triage of an online petition: the 代办单 starts from what was submitted', () => {
  it('carries every value whose field plays a role in both forms, nothing else; 受理日期 = the submission date', async () => {
    const s = await loadGalutu()
    const submitted = {
      petitionerName: '网民甲',
      phone: '13900000011',
      idNumber: '150626199001011234',
      village: V.V1,
      address: '一组',
      summary: '小区路灯损坏多日无人修',
      requests: '尽快修好',
      acceptsProxy: true,
    }
    const c = await filePublic(submitted)
    expect(c.state).toBe('intake')
    h.clock.set('2026-03-05')
    const r = await h.http.get(`/api/cases/${c.id}/triage`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const reg = s.machineDefs.get('case')!
    expect(r.body.event).toBe(reg.entry!.register)
    const target = fieldRoles(s).form(reg.events[reg.entry!.register!]!.form)
    const source = fieldRoles(s).form(publicChannel.public!.form)
    // the expected data from the role maps of the two forms, with the values the system filled
    const filled = { ...submitted, [source.channel!]: publicChannel.id, [source.receivedOn!]: '2026-03-02' } as Record<string, unknown>
    const expected: Record<string, unknown> = {}
    for (const [role, field] of Object.entries(source) as Array<[RoleId, string]>)
      if (target[role] !== undefined && filled[field] !== undefined) expected[target[role]!] = filled[field]
    expect(r.body.data).toEqual(expected)
    // the five the issue names are among them
    for (const role of ['petitionerName', 'phone', 'village', 'summary', 'channel'] as const)
      expect(r.body.data[target[role]!], role).toBe(filled[source[role]!])
    // 诉求 too, now that both forms give it the role; a field of the 代办单 without a role is never filled
    expect(r.body.data[target.requests!]).toBe(submitted.requests)
    const roleless = Object.keys((s.form(reg.events[reg.entry!.register!]!.form!)!.schema as { properties: Record<string, unknown> }).properties).filter(
      (k) => !Object.values(target).includes(k),
    )
    expect(roleless.length).toBeGreaterThan(0)
    for (const k of roleless) expect(r.body.data, k).not.toHaveProperty(k)
    expect(r.body.receivedOn).toEqual({ field: target.receivedOn, value: '2026-03-02' })
  })

  it('triaged with the submission date, the due date counts from it; another date needs a reason, kept in the audit', async () => {
    h.clock.set('2026-03-02')
    const a = await filePublic({ petitionerName: '网民乙', phone: '13900000012', village: V.V1, summary: '村道积水严重无法通行', acceptsProxy: true })
    const b = await filePublic({ petitionerName: '网民丙', phone: '13900000013', village: V.V1, summary: '村道塌陷无人修补', acceptsProxy: true })
    h.clock.set('2026-03-06')
    const form = async (id: string) => ({
      ...(await h.http.get(`/api/cases/${id}/triage`)).body.data,
      level: 'village',
      category: '养老及其他农村牧区社会保险',
      officer: '李四',
    })
    // kept: same due date as a case registered on the submission day
    const kept = await h.http.post(`/api/cases/${a.id}/events`).send({ type: 'REGISTER', expectedVersion: a.version, form: await form(a.id) })
    expect(kept.status, JSON.stringify(kept.body)).toBe(200)
    expect(kept.body.summary.receivedOn).toBe('2026-03-02')
    const direct = await h.rt.cases.create('galutu', { form: intake({ village: V.V1, receivedOn: '2026-03-02', officer: '李四' }) }, { id: 't' })
    expect(kept.body.summary.dueDate).toBe(direct.summary.dueDate)
    const keptAudit = (await h.http.get(`/api/cases/${a.id}/audit`)).body.items as Array<{ event?: string; changes: Record<string, unknown> }>
    expect(keptAudit.find((e) => e.event === 'REGISTER')!.changes.receivedOn).toBeUndefined()

    // changed without a reason: refused naming the reason, nothing written
    const changed = { ...(await form(b.id)), receivedOn: '2026-03-04' }
    const refused = await h.http.post(`/api/cases/${b.id}/events`).send({ type: 'REGISTER', expectedVersion: b.version, form: changed })
    expect(refused.status).toBe(422)
    expect(refused.body.fields[0].pointer).toBe('/reason')
    expect(refused.body.message).toContain('2026-03-02')
    expect((await h.http.get(`/api/cases/${b.id}`)).body.state).toBe('intake')
    const en = await h.http
      .post(`/api/cases/${b.id}/events`)
      .set('accept-language', 'en')
      .send({ type: 'REGISTER', expectedVersion: b.version, form: changed, reason: '  ' })
    expect(en.status).toBe(422)
    expect(en.body.fields[0].message).toMatch(/^[\x20-\x7e]+$/)
    // with a reason: the due date counts from the date set, and the audit keeps both dates and why
    const ok = await h.http
      .post(`/api/cases/${b.id}/events`)
      .send({ type: 'REGISTER', expectedVersion: b.version, form: changed, reason: '网上提交在周末，工作日才收到' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.summary.receivedOn).toBe('2026-03-04')
    expect(ok.body.summary.dueDate > kept.body.summary.dueDate).toBe(true)
    const audit = (await h.http.get(`/api/cases/${b.id}/audit`)).body.items as Array<{ event?: string; changes: Record<string, unknown> }>
    expect(audit.find((e) => e.event === 'REGISTER')!.changes.receivedOn).toEqual({
      submitted: '2026-03-02',
      set: '2026-03-04',
      reason: '网上提交在周末，工作日才收到',
    })
  })

  it('an imported row carries over the same way, with its own channel and the source date', async () => {
    h.clock.set('2026-03-02')
    const ch = org.channels.find((c) => c.id === 'hotline12345')!
    const row: Record<string, string> = {
      [ch.import!.idColumn]: 'RX-CARRY-1',
      来电人: '热线甲',
      联系电话: '13900000021',
      所属村居: V.V2!,
      地址: '二组',
      诉求内容: '自来水停供三天',
      诉求: '恢复供水',
      受理日期: '2026-02-27',
    }
    const header = Object.keys(row)
    const csv = [header.join(','), header.map((k) => row[k]).join(',')].join('\n')
    const res = await h.rt.channels.imports.run('galutu', ch.id, Buffer.from(csv), 'x.csv', 'officer1')
    expect(res.errors).toEqual([])
    const number = res.created[0]!.number
    const r = await h.http.get(`/api/cases/${number}/triage`)
    expect(r.status).toBe(200)
    const s = await loadGalutu()
    const target = fieldRoles(s).form('intake')
    expect(r.body.data[target.petitionerName!]).toBe('热线甲')
    expect(r.body.data[target.phone!]).toBe('13900000021')
    expect(r.body.data[target.village!]).toBe(V.V2)
    expect(r.body.data[target.summary!]).toBe('自来水停供三天')
    expect(r.body.data[target.channel!]).toBe(ch.id)
    expect(r.body.receivedOn.value).toBe('2026-02-27')
  })

  it('without case.pii the sensitive fields stay out; a case not waiting for triage, or a user who may not triage, is refused', async () => {
    h.clock.set('2026-03-02')
    const c = await filePublic({ petitionerName: '网民丁', phone: '13900000014', village: V.V1, summary: '垃圾无人清运', acceptsProxy: true })
    const grid = await h.as('grid-pii', [{ role: 'grid_worker', scheme: 'galutu', village: V.V1 }])
    const g = await grid.get(`/api/cases/${c.id}/triage`)
    expect(g.status).toBe(200)
    const target = fieldRoles(await loadGalutu()).form('intake')
    expect(g.body.data[target.phone!]).toBeUndefined()
    expect(g.body.data[target.summary!]).toBe('垃圾无人清运')
    const dept = await h.as('dept-triage', [{ role: 'department_officer', scheme: 'galutu', unit: 'pingan' }])
    expect((await dept.get(`/api/cases/${c.id}/triage`)).status).toBe(404)
    const other = await h.as('vo-other', [{ role: 'village_officer', scheme: 'galutu', village: V.V2 }])
    expect((await other.get(`/api/cases/${c.id}/triage`)).status).toBe(404)
    const registered = await h.rt.cases.create('galutu', { form: intake({ officer: '李四' }) }, { id: 't' })
    const r = await h.http.get(`/api/cases/${registered.id}/triage`)
    expect(r.status).toBe(409)
    expect(r.body.message).toContain('待甄别')
  })
})

describe('carry-over goes by role, not by field name', () => {
  const RENAMES = {
    village: 'gacha',
    receivedOn: 'acceptedOn',
    petitionerName: 'fullName',
    phone: 'mobile',
    channel: 'route',
    summary: 'gist',
    category: 'matterType',
    level: 'tier',
    idNumber: 'idCard',
    address: 'residence',
    acceptsProxy: 'consents',
    sourceId: 'externalRef',
  }
  let fork: string
  let fh: Harness
  beforeAll(async () => {
    fork = await renamedFork(GALUTU_DIR, RENAMES, { id: 'galutu-renamed', caseNumberPrefix: 'GLR' })
    fh = await harness({ schemeDirs: [fork], start: '2026-03-02' })
  })
  afterAll(async () => {
    await fh?.close()
    if (fork) await fs.rm(fork, { recursive: true, force: true })
  })

  it('a fork that renamed the fields fills its own 代办单 fields', async () => {
    const r0 = await fh.rt.channels.publicService.submit(
      'galutu-renamed',
      { fullName: '网民戊', mobile: '13900000015', gacha: V.V1, gist: '路灯不亮已有多日', requests: '修', consents: true },
      sid(),
    )
    const r = await fh.http.get(`/api/cases/${r0.number}/triage`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data).toMatchObject({
      fullName: '网民戊',
      mobile: '13900000015',
      gacha: V.V1,
      gist: '路灯不亮已有多日',
      route: publicChannel.id,
      acceptedOn: '2026-03-02',
      consents: true,
    })
    expect(Object.keys(r.body.data).filter((k) => Object.keys(RENAMES).includes(k))).toEqual([])
    expect(r.body.receivedOn).toEqual({ field: 'acceptedOn', value: '2026-03-02' })
  })
})

describe('工作台 queues by role and jurisdiction (tests/cases/intake-queues.json)', () => {
  let qh: Harness
  const made = new Map<string, string>()
  const clients = new Map<string, Client>()
  beforeAll(async () => {
    qh = await harness({ start: '2026-03-02', schemeDirs: ['definitions/galutu', 'definitions/wulan'], officers: ['李四'] })
    // the accounts first: a case names its officer by an account's display name
    for (const a of table.accounts) {
      await qh.rt.accounts.create({
        username: a.username,
        displayName: a.displayName,
        password: 'correct horse battery staple',
        grants: a.grants.map((g) => withVillage({ ...g, scheme: 'galutu' })),
      })
      clients.set(a.username, await qh.as(a.username))
    }
    for (const c of table.cases) {
      const form = withVillage(c.form ?? {})
      let id: string
      if (c.how === 'public') id = (await qh.rt.channels.publicService.submit('galutu', form, sid())).number
      else if (c.how === 'import') {
        const row = withVillage(c.row!)
        const csv = [Object.keys(row).join(','), Object.values(row).join(',')].join('\n')
        const res = await qh.rt.channels.imports.run('galutu', c.channel!, Buffer.from(csv), 'x.csv', 'officer1')
        expect(res.errors, c.label).toEqual([])
        id = res.created[0]!.number
      } else if (c.how === 'complaint')
        id = (await qh.rt.cases.create('galutu', { machine: 'complaint', form: { ...form, receivedOn: '2026-03-02' } }, { id: 'public' })).number
      else {
        const base = intake(form)
        if (!('officer' in form)) delete (base as Record<string, unknown>).officer
        const r = await qh.http.post('/api/cases').send({ form: base })
        expect(r.status, `${c.label} ${JSON.stringify(r.body)}`).toBe(201)
        id = r.body.number
        if (c.dispatch) {
          const d = await qh.http.post(`/api/cases/${id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: c.dispatch, matter: '核实' } })
          expect(d.status, `${c.label} ${JSON.stringify(d.body)}`).toBe(200)
        }
        if (c.reply) {
          const rr = await qh.http
            .post(`/api/cases/${id}/events`)
            .send({ type: 'RECORD_REPLY', form: { unit: c.reply, repliedOn: '2026-03-03', result: '已核实' } })
          expect(rr.status, `${c.label} ${JSON.stringify(rr.body)}`).toBe(200)
        }
      }
      made.set(id, c.label)
    }
    qh.clock.set(table.today)
  })
  afterAll(async () => qh?.close())

  for (const a of table.accounts) {
    it(`${a.username} (${a.grants.map((g) => g.role).join(', ')}) has ${Object.keys(a.queues).join(', ')}`, async () => {
      const r = await clients.get(a.username)!.get('/api/schemes/galutu/queues')
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.today).toBe(table.today)
      const got = Object.fromEntries(
        (r.body.queues as Array<{ id: string; count: number; items: Array<{ number: string }> }>).map((q) => {
          expect(q.count, q.id).toBe(q.items.length)
          return [q.id, q.items.map((i) => made.get(i.number) ?? i.number).sort()]
        }),
      )
      const want = Object.fromEntries(Object.entries(a.queues).map(([k, v]) => [k, [...v].sort()]))
      expect(got).toEqual(want)
    })
  }

  it('tags 待甄别 items online or imported by their channel, and 部门待复 with the units still to reply', async () => {
    const to1 = (await clients.get('to1')!.get('/api/schemes/galutu/queues')).body.queues as Array<{
      id: string
      items: Array<{ number: string; source?: string; due: string }>
    }>
    const triage = to1.find((q) => q.id === 'triage')!.items
    expect(Object.fromEntries(triage.map((i) => [made.get(i.number), i.source]))).toEqual({ P1: 'online', P2: 'online', I1: 'imported' })
    expect(to1.find((q) => q.id === 'overdue')!.items.every((i) => i.due === 'overdue')).toBe(true)
    const do1 = (await clients.get('do1')!.get('/api/schemes/galutu/queues')).body.queues as Array<{ id: string; items: Array<{ awaiting?: string[] }> }>
    expect(do1.find((q) => q.id === 'unitReplies')!.items[0]!.awaiting).toEqual(['pingan'])
  })

  it('masks the petitioner for a reader without case.pii', async () => {
    const q = (await clients.get('gw1')!.get('/api/schemes/galutu/queues')).body.queues as Array<{
      id: string
      items: Array<{ number: string; petitionerName: string | null }>
    }>
    const p1 = q.find((x) => x.id === 'triage')!.items.find((i) => made.get(i.number) === 'P1')!
    expect(p1.petitionerName).not.toBe('网民甲')
  })

  it('is refused outside the user’s schemes', async () => {
    const c = await qh.as('wulan-only', [{ role: 'town_officer', scheme: 'wulan' }])
    expect((await c.get('/api/schemes/galutu/queues')).status).toBe(403)
  })
})
