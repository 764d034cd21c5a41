/**
 * Several schemes in one server (issue #9, part 4): galutu and its fork wulan run side by side.
 * Each case belongs to a scheme; a grant names its scheme and is checked against that scheme's
 * org; staff see only their schemes' (and jurisdictions') cases, reports, duty and designer; a
 * fork made through the designer API is usable at once; a fork's upstream changes are explained
 * and merged into its draft (only-upstream changes taken, conflicts listed and left as the fork's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { main } from '../../runtime/cli/main'
import { intake, signIn, userClient, ALL_GRANTS, type Client } from './harness'

const WULAN_INTAKE = JSON.parse(readFileSync('tests/cases/wulan/intake.json', 'utf8')) as Record<string, unknown>
const wulanIntake = (over: Record<string, unknown> = {}) => ({ ...WULAN_INTAKE, ...over })

let tmp: string
let defs: string
let rt: Runtime
let app: ReturnType<typeof createApp>
const as: Record<string, Client> = {}
const clock = new ManualClock('2026-03-02')
let G: { id: string; number: string }
let W: { id: string; number: string }

/** The people of these tests: grants in one scheme, in the default scheme (no scheme named), in both. */
const PEOPLE: Record<string, Array<{ role: string; scheme?: string; village?: string; unit?: string }>> = {
  root: ALL_GRANTS,
  wofficer: [{ role: 'town_officer', scheme: 'wulan' }],
  wvillage: [{ role: 'village_officer', scheme: 'wulan', village: '乌兰社区' }],
  wleader: [{ role: 'leader', scheme: 'wulan' }],
  wadmin: [
    { role: 'admin', scheme: 'wulan' },
    { role: 'town_officer', scheme: 'wulan' },
  ],
  gadmin: [{ role: 'admin' }],
  gofficer: [{ role: 'town_officer' }],
  gboss: [{ role: 'admin' }, { role: 'town_officer' }],
  both: [
    { role: 'village_officer', village: '团结社区' },
    { role: 'town_officer', scheme: 'wulan' },
  ],
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-multi-'))
  defs = path.join(tmp, 'definitions')
  // A copy: forks and publishes write into the definitions folder.
  await cp('definitions/galutu', path.join(defs, 'galutu'), { recursive: true })
  await cp('definitions/wulan', path.join(defs, 'wulan'), { recursive: true })
  rt = await createRuntime({ dataDir: path.join(tmp, 'data'), definitionsDir: defs, clock, log: () => {}, challengeDifficulty: 8 })
  app = createApp({ ...rt, log: () => {}, signInLimit: 10_000 })
  for (const [name, grants] of Object.entries(PEOPLE)) as[name] = await userClient(rt, app, name, grants)
  const g = await as.root!.post('/api/cases').send({ schemeId: 'galutu', form: intake() })
  expect(g.status, JSON.stringify(g.body)).toBe(201)
  G = g.body
  const w = await as.root!.post('/api/cases').send({ schemeId: 'wulan', form: wulanIntake() })
  expect(w.status, JSON.stringify(w.body)).toBe(201)
  W = w.body
})
afterAll(async () => {
  await rt.close()
  await rm(tmp, { recursive: true, force: true })
})

const ids = (r: request.Response) => (r.body.items as Array<{ id: string }>).map((x) => x.id)

describe('cases belong to a scheme', () => {
  it('a wulan officer lists only wulan cases; galutu cases are answered 404 by id, number, events and audit', async () => {
    const c = as.wofficer!
    const list = await c.get('/api/cases?limit=200')
    expect(list.status).toBe(200)
    expect(ids(list)).toContain(W.id)
    expect(ids(list)).not.toContain(G.id)
    expect(list.body.items.every((s: { schemeId: string }) => s.schemeId === 'wulan')).toBe(true)
    expect(list.body.total).toBe(list.body.items.length)
    expect((await c.get('/api/cases?schemeId=galutu')).body.total).toBe(0)
    expect((await c.get(`/api/cases?q=${G.number}`)).body.total).toBe(0)
    expect((await c.get(`/api/cases/${W.id}`)).status).toBe(200)
    expect((await c.get(`/api/cases/${G.id}`)).status).toBe(404)
    expect((await c.get(`/api/cases/${G.number}`)).status).toBe(404)
    expect((await c.get(`/api/cases/${G.id}/audit`)).status).toBe(404)
    const ev = await c.post(`/api/cases/${G.id}/events`).send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: 'x' } })
    expect(ev.status).toBe(404)
    expect((await c.get('/api/reminders')).body.items.every((r: { caseId: string }) => r.caseId !== G.id)).toBe(true)
  })

  it('a galutu officer (grants without a scheme: the default scheme) never sees wulan cases', async () => {
    const c = as.gofficer!
    expect(ids(await c.get('/api/cases?limit=200'))).toEqual([G.id])
    expect((await c.get(`/api/cases/${W.id}`)).status).toBe(404)
    expect((await c.get(`/api/cases/${W.number}`)).status).toBe(404)
  })

  it('jurisdictions hold per scheme: a village officer of wulan sees their village only; a user of both towns sees both, merged in order', async () => {
    const other = await as.root!.post('/api/cases').send({ schemeId: 'wulan', form: wulanIntake({ village: '布日都嘎查', petitionerName: '李四' }) })
    expect(other.status).toBe(201)
    const v = await as.wvillage!.get('/api/cases?limit=200')
    expect(ids(v)).toContain(W.id)
    expect(ids(v)).not.toContain(other.body.id)
    expect((await as.wvillage!.get(`/api/cases/${other.body.id}`)).status).toBe(404)
    // "both": village officer of 团结社区 in galutu and town officer in wulan.
    const b = await as.both!.get('/api/cases?limit=200&sort=number&order=asc')
    expect(ids(b)).toEqual(expect.arrayContaining([G.id, W.id, other.body.id]))
    expect(b.body.total).toBe(b.body.items.length)
    const numbers = (b.body.items as Array<{ number: string }>).map((x) => x.number)
    expect(numbers).toEqual([...numbers].sort())
    // Paging across the two schemes is exact.
    const p1 = await as.both!.get('/api/cases?limit=1&offset=1&sort=number&order=asc')
    expect(p1.body.items.map((x: { number: string }) => x.number)).toEqual([numbers[1]])
    expect(p1.body.total).toBe(numbers.length)
  })

  it('registers in the user’s own scheme, and refuses a scheme the user may not register in', async () => {
    const mine = await as.wofficer!.post('/api/cases').send({ form: wulanIntake({ petitionerName: '王五' }) })
    expect(mine.status, JSON.stringify(mine.body)).toBe(201)
    expect(mine.body.schemeId).toBe('wulan')
    expect(mine.body.number).toMatch(/^WLT-2026-/)
    const r = await as.wofficer!.post('/api/cases').send({ schemeId: 'galutu', form: intake() })
    expect(r.status).toBe(403)
    expect((await as.gofficer!.post('/api/cases').send({ schemeId: 'wulan', form: wulanIntake() })).status).toBe(403)
    // the user of both towns registers in the first scheme they may register in (galutu, in their village)
    const both = await as.both!.post('/api/cases').send({ form: intake({ petitionerName: '赵六' }) })
    expect(both.status, JSON.stringify(both.body)).toBe(201)
    expect(both.body.schemeId).toBe('galutu')
  })
})

describe('scheme routes check the permission in their scheme', () => {
  it('a wulan user cannot read galutu’s scheme, reports, duty or designer', async () => {
    expect((await as.wofficer!.get('/api/schemes')).body.items.map((s: { id: string }) => s.id)).toEqual(['wulan'])
    expect((await as.wofficer!.get('/api/schemes/wulan/forms')).status).toBe(200)
    expect((await as.wofficer!.get('/api/schemes/galutu/forms')).status).toBe(403)
    expect((await as.wofficer!.post('/api/schemes/galutu/decide').send({ receivedOn: '2026-03-02', level: 'village', category: '教育' })).status).toBe(403)
    expect((await as.wofficer!.get('/api/duty/galutu')).status).toBe(403)
    expect((await as.wleader!.get('/api/reports/wulan/dashboard?year=2026')).status).toBe(200)
    expect((await as.wleader!.get('/api/reports/galutu/dashboard?year=2026')).status).toBe(403)
    expect((await as.wleader!.get('/api/assessment/galutu/entries')).status).toBe(403)
    expect((await as.wadmin!.get('/api/designer/schemes/wulan/draft')).status).toBe(200)
    expect((await as.wadmin!.get('/api/designer/schemes/galutu/draft')).status).toBe(403)
    expect((await as.wadmin!.put('/api/designer/schemes/galutu/draft/files/deadlines.json').send({ text: '{}' })).status).toBe(403)
  })

  it('a galutu admin cannot administer wulan (designer, accounts) until granted there', async () => {
    const g = as.gadmin!
    expect((await g.get('/api/designer/schemes/galutu/draft')).status).toBe(200)
    expect((await g.get('/api/designer/schemes/wulan/draft')).status).toBe(403)
    expect((await g.post('/api/designer/schemes/wulan/draft/publish').send({ note: 'x' })).status).toBe(403)
    // Accounts: only in the schemes one manages.
    const refused = await g
      .post('/api/accounts')
      .send({ username: 'w-new', password: 'a long enough password', grants: [{ role: 'town_officer', scheme: 'wulan' }] })
    expect(refused.status).toBe(403)
    expect(await rt.accounts.get('w-new')).toBeNull()
    const ok = await g.post('/api/accounts').send({ username: 'g-new', password: 'a long enough password', grants: [{ role: 'town_officer' }] })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect((await g.patch('/api/accounts/wofficer').send({ disabled: true })).status).toBe(403)
    expect((await g.patch('/api/accounts/g-new').send({ grants: [{ role: 'town_officer', scheme: 'wulan' }] })).status).toBe(403)
    const listed = (await g.get('/api/accounts')).body.items.map((a: { username: string }) => a.username)
    expect(listed).toContain('g-new')
    expect(listed).not.toContain('wofficer')
    // The wulan admin manages wulan's accounts, not galutu's.
    expect((await as.wadmin!.get('/api/accounts')).body.items.map((a: { username: string }) => a.username)).toContain('wofficer')
    expect((await as.wadmin!.patch('/api/accounts/gofficer').send({ disabled: true })).status).toBe(403)
    // Granted admin in wulan too (by an administrator of every scheme): now it may.
    const grant = await as.root!.patch('/api/accounts/gadmin').send({ grants: [{ role: 'admin' }, { role: 'admin', scheme: 'wulan' }] })
    expect(grant.status, JSON.stringify(grant.body)).toBe(200)
    expect((await g.get('/api/designer/schemes/wulan/draft')).status).toBe(200)
  })

  it('/api/auth/me lists the schemes the user works in, with what they may do in each', async () => {
    const me = (await as.both!.get('/api/auth/me')).body
    expect(me.schemes.map((s: { id: string; town: string }) => [s.id, s.town])).toEqual([
      ['galutu', '嘎鲁图镇'],
      ['wulan', '乌兰陶勒盖镇'],
    ])
    expect(me.defaultScheme).toBe('galutu')
    const w = (await as.wofficer!.get('/api/auth/me')).body
    expect(w.schemes.map((s: { id: string }) => s.id)).toEqual(['wulan'])
    expect(w.schemes[0].can['case.register']).toBe(true)
    expect(w.schemes[0].can['scheme.publish']).toBe(false)
    expect((await as.wofficer!.get('/api/auth/me?scheme=galutu')).body.can['case.read']).toBe(false)
    expect((await as.wofficer!.get('/api/auth/me?scheme=wulan')).body.can['case.read']).toBe(true)
    const wa = (await as.wadmin!.get('/api/auth/me')).body
    expect(wa.schemes[0].can['scheme.publish']).toBe(true)
    expect((await as.gadmin!.get('/api/auth/me?scheme=galutu')).body.can['scheme.publish']).toBe(true)
  })
})

describe('grants are checked against the org of their scheme', () => {
  const create = (grants: unknown, username = `u${Math.random().toString(36).slice(2, 8)}`) =>
    as.root!.post('/api/accounts').send({ username, password: 'a long enough password', grants })
  const fieldOf = (r: request.Response) => r.body.fields?.[0]

  it('refuses a village, unit, role or scheme the scheme does not have, naming the field', async () => {
    let r = await create([{ role: 'village_officer', scheme: 'wulan', village: '团结社区' }])
    expect(r.status).toBe(422)
    expect(fieldOf(r)).toMatchObject({ code: 'UNKNOWN_VILLAGE', field: 'grants.0.village' })
    r = await create([{ role: 'town_officer' }, { role: 'department_officer', scheme: 'wulan', unit: 'no_such_unit' }])
    expect(fieldOf(r)).toMatchObject({ code: 'UNKNOWN_UNIT', field: 'grants.1.unit' })
    r = await create([{ role: 'chief', scheme: 'wulan' }])
    expect(fieldOf(r)).toMatchObject({ code: 'UNKNOWN_ROLE', field: 'grants.0.role' })
    r = await create([{ role: 'town_officer', scheme: 'nowhere' }])
    expect(fieldOf(r)).toMatchObject({ code: 'UNKNOWN_SCHEME', field: 'grants.0.scheme' })
    // Every scheme: only for roles of scope "all", never with a village.
    r = await create([{ role: 'village_officer', scheme: '*', village: '团结社区' }])
    expect(r.status).toBe(422)
    r = await create([{ role: 'village_officer', scheme: '*' }])
    expect(fieldOf(r)).toMatchObject({ code: 'UNKNOWN_ROLE', field: 'grants.0.role' })
    // The same village name is valid in its own scheme.
    expect((await create([{ role: 'village_officer', village: '团结社区' }])).status).toBe(201)
  })

  it('stores a village given by id under its name, as cases record it, and the grant works', async () => {
    const r = await create([{ role: 'village_officer', scheme: 'wulan', village: 'wulan_community' }], 'wv-by-id')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.grants).toEqual([{ role: 'village_officer', scheme: 'wulan', village: '乌兰社区' }])
    const c = await signIn(app, 'wv-by-id', 'a long enough password')
    expect((await c.get(`/api/cases/${W.id}`)).status).toBe(200)
  })

  it('`daiban user add` takes --scheme and checks the grant in that scheme', async () => {
    const data = path.join(tmp, 'cli-data')
    const run = async (argv: string[]) => {
      const out: string[] = []
      const code = await main([...argv, '--data', data], { out: (s) => out.push(s), err: (s) => out.push(s), stdin: async () => 'a long enough password\n' })
      return { code, text: out.join('\n') }
    }
    const ok = await run(['user', 'add', 'cli-w', '--role', 'village_officer', '--scheme', 'wulan', '--village', '乌兰社区'])
    expect(ok.text).toContain('village_officer · wulan · 乌兰社区')
    expect(ok.code).toBe(0)
    const bad = await run(['user', 'add', 'cli-x', '--role', 'village_officer', '--scheme', 'wulan', '--village', '团结社区'])
    expect(bad.code).toBe(2)
    expect(bad.text).toContain('方案 wulan 中没有嘎查村（社区）"团结社区"')
    const admin = await run(['user', 'add', 'cli-admin', '--admin'])
    expect(admin.code).toBe(0)
    expect(admin.text).toContain('admin · 全部方案')
  })
})

/** Edit one JSON file of a scheme's draft over HTTP. */
async function editDraft(c: Client, scheme: string, file: string, fn: (v: any) => void) {
  const d = await c.get(`/api/designer/schemes/${scheme}/draft`)
  const f = (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === file)!
  const v = JSON.parse(f.text)
  fn(v)
  const r = await c.put(`/api/designer/schemes/${scheme}/draft/files/${file}`).send({ text: JSON.stringify(v, null, 2) + '\n' })
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
}
const clockOf = (d: { clocks: Array<{ id: string; days: number; unit?: string }> }, id: string) => d.clocks.find((x) => x.id === id)!

describe('forks from the designer API', () => {
  it('forks galutu as a new town: the folder with its fork record, a published first version, the forker’s grants there', async () => {
    const r = await as.gboss!.post('/api/designer/schemes/galutu/fork').send({ id: 'hailin', town: '海林镇' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.scheme).toMatchObject({ id: 'hailin', name: '海林镇信访代办制', town: '海林镇', version: '1.0.0', seq: 1, caseNumberPrefix: 'HAI' })
    const galutu = await rt.schemes.latest('galutu')
    expect(r.body.forkedFrom).toEqual({ id: 'galutu', version: galutu.version, hash: galutu.hash })
    // The folder: definitions, the base and the upstream record, as `daiban fork` writes them.
    const dir = path.join(defs, 'hailin')
    expect(JSON.parse(await readFile(path.join(dir, 'scheme.json'), 'utf8')).forkedFrom).toEqual(r.body.forkedFrom)
    expect(JSON.parse(await readFile(path.join(dir, '.daiban/upstream.json'), 'utf8'))).toEqual({
      id: 'galutu',
      path: '../galutu',
      version: galutu.version,
      hash: galutu.hash,
    })
    expect(existsSync(path.join(dir, '.daiban/base/deadlines.json'))).toBe(true)
    // The forker holds their galutu roles in hailin too; others do not.
    expect(r.body.grants).toEqual([
      { role: 'admin', scheme: 'hailin' },
      { role: 'town_officer', scheme: 'hailin' },
    ])
    expect((await as.gboss!.get('/api/schemes')).body.items.map((s: { id: string }) => s.id)).toEqual(['galutu', 'hailin'])
    expect((await as.wofficer!.get('/api/schemes')).body.items.map((s: { id: string }) => s.id)).toEqual(['wulan'])
    // A case registers in it at once, with its own prefix.
    const c = await as.gboss!.post('/api/cases').send({ schemeId: 'hailin', form: intake({ petitionerName: '海林甲' }) })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect(c.body.number).toMatch(/^HAI-2026-/)
    expect((await as.gofficer!.get(`/api/cases/${c.body.id}`)).status).toBe(404)
    expect((await as.root!.get(`/api/cases/${c.body.id}`)).status).toBe(200)
    const audit = (await as.root!.get('/api/audit?action=scheme.fork')).body.items
    expect(audit[0]).toMatchObject({ actor: 'gboss', action: 'scheme.fork' })
  })

  it('refuses an existing id, a bad id, a taken prefix, and users without publishing rights in the source', async () => {
    const exists = await as.root!.post('/api/designer/schemes/galutu/fork').send({ id: 'wulan', town: '某镇' })
    expect(exists.status).toBe(409)
    expect(exists.body.fields[0]).toMatchObject({ field: 'id', code: 'SCHEME_EXISTS' })
    const bad = await as.root!.post('/api/designer/schemes/galutu/fork').send({ id: 'Bad_ID', town: '某镇' })
    expect(bad.status).toBe(422)
    expect(bad.body.fields[0]).toMatchObject({ field: 'id' })
    const noTown = await as.root!.post('/api/designer/schemes/galutu/fork').send({ id: 'moutown', town: ' ' })
    expect(noTown.body.fields[0]).toMatchObject({ field: 'town' })
    const prefix = await as.root!.post('/api/designer/schemes/galutu/fork').send({ id: 'moutown', town: '某镇', prefix: 'GLT' })
    expect(prefix.status).toBe(422)
    expect(prefix.body.fields[0]).toMatchObject({ field: 'prefix', code: 'PREFIX_TAKEN' })
    const extra = await as.root!.post('/api/designer/schemes/galutu/fork').send({ id: 'moutown', town: '某镇', path: '../../etc' })
    expect(extra.status).toBe(422)
    expect((await as.gofficer!.post('/api/designer/schemes/galutu/fork').send({ id: 'moutown', town: '某镇' })).status).toBe(403)
    expect((await as.wadmin!.post('/api/designer/schemes/galutu/fork').send({ id: 'moutown', town: '某镇' })).status).toBe(403)
    expect((await as.root!.post('/api/designer/schemes/nosuch/fork').send({ id: 'moutown', town: '某镇' })).status).toBe(404)
    expect(existsSync(path.join(defs, 'moutown'))).toBe(false)
    expect(await rt.schemes.schemeIds()).not.toContain('moutown')
  })

  it('a scheme that is not a fork has no upstream; wulan’s fork point comes from its folder’s .daiban/base', async () => {
    expect((await as.root!.get('/api/designer/schemes/galutu/upstream')).body).toMatchObject({ forked: false, upstream: null, hasChanges: false })
    const w = (await as.root!.get('/api/designer/schemes/wulan/upstream')).body
    const record = JSON.parse(readFileSync('definitions/wulan/.daiban/upstream.json', 'utf8'))
    expect(w.forked).toBe(true)
    expect(w.forkPoint.hash).toBe(record.hash)
    expect(w.baseAvailable).toBe(true)
    expect(w.hasChanges).toBe((await rt.schemes.latest('galutu')).hash !== record.hash)
    expect((await as.gadmin!.get('/api/designer/schemes/hailin/upstream')).status).toBe(403)
  })

  it('shows upstream changes after an upstream publish, and merges only-upstream changes into the draft, listing the conflict', async () => {
    const boss = as.gboss!
    const fresh = (await boss.get('/api/designer/schemes/hailin/upstream')).body
    expect(fresh).toMatchObject({ forked: true, hasChanges: false, mergedInDraft: false, changes: [], plan: null })
    expect(fresh.upstream.id).toBe('galutu')

    // The fork: village limit 5 → 3, town limit 15 → 12; published.
    await editDraft(boss, 'hailin', 'deadlines.json', (d) => {
      clockOf(d, 'handling_village').days = 3
      clockOf(d, 'handling_town').days = 12
    })
    expect((await boss.post('/api/designer/schemes/hailin/draft/publish').send({ note: '本镇时限' })).status).toBe(201)
    // Upstream: town limit 15 → 10 (a conflict), multi-department 30 → 25 (only upstream); published.
    await editDraft(boss, 'galutu', 'deadlines.json', (d) => {
      clockOf(d, 'handling_town').days = 10
      clockOf(d, 'handling_multi_department').days = 25
    })
    expect((await boss.post('/api/designer/schemes/galutu/draft/publish').send({ note: '上游调整时限' })).status).toBe(201)
    const galutu = await rt.schemes.latest('galutu')

    const u = (await boss.get('/api/designer/schemes/hailin/upstream')).body
    expect(u.hasChanges).toBe(true)
    expect(u.mergedInDraft).toBe(false)
    expect(u.upstream).toMatchObject({ id: 'galutu', hash: galutu.hash })
    const changes = u.changes.map((c: { text: string }) => c.text).join('\n')
    expect(changes).toContain('15')
    expect(changes).toContain('10')
    expect(changes).toContain('25')
    // The time limits, and the version number publishing bumped: nothing else.
    expect(u.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`).filter((k: string) => !k.startsWith('deadlines '))).toEqual([
      'scheme version',
    ])
    const lines = (k: 'taken' | 'kept' | 'conflicts') => u.plan[k].map((l: { text: string }) => l.text).join('\n')
    expect(lines('taken')).toContain('clocks[handling_multi_department] › days：30 → 25')
    expect(lines('kept')).toContain('clocks[handling_village] › days：5 → 3')
    expect(u.plan.conflicts).toHaveLength(1)
    expect(u.plan.conflicts[0]).toMatchObject({ file: 'deadlines.json', where: 'clocks[handling_town] › days' })
    expect(lines('conflicts')).toContain('基线 15 ／ 本方案 12 ／ 上游 10')
    expect(u.plan.problems).toEqual([])

    const versionsBefore = (await rt.schemes.versionIndex('hailin')).versions.length
    const m = await boss.post('/api/designer/schemes/hailin/upstream/merge').send({})
    expect(m.status, JSON.stringify(m.body).slice(0, 400)).toBe(200)
    expect(m.body.conflicts).toHaveLength(1)
    expect(m.body.upstream).toMatchObject({ id: 'galutu', hash: galutu.hash })
    const draft = (await boss.get('/api/designer/schemes/hailin/draft')).body
    expect(draft.pristine).toBe(false)
    expect(draft.problems).toEqual([])
    const dl = JSON.parse(draft.files.find((f: { file: string }) => f.file === 'deadlines.json').text)
    expect(clockOf(dl, 'handling_multi_department').days).toBe(25) // taken
    expect(clockOf(dl, 'handling_village').days).toBe(3) // the fork's own, kept
    expect(clockOf(dl, 'handling_town').days).toBe(12) // conflict: the fork's value left in place
    const manifest = JSON.parse(draft.files.find((f: { file: string }) => f.file === 'scheme.json').text)
    expect(manifest).toMatchObject({ id: 'hailin', town: '海林镇', forkedFrom: { id: 'galutu', hash: galutu.hash } })
    // Not published: the running version is unchanged until the administrator publishes.
    expect((await rt.schemes.versionIndex('hailin')).versions.length).toBe(versionsBefore)
    expect((await boss.get('/api/designer/schemes/hailin/upstream')).body).toMatchObject({ hasChanges: true, mergedInDraft: true })

    // Publishing through the normal flow moves the fork point; the folder's base follows.
    expect((await boss.post('/api/designer/schemes/hailin/draft/publish').send({ note: '合并上游：多部门时限' })).status).toBe(201)
    expect((await boss.get('/api/designer/schemes/hailin/upstream')).body).toMatchObject({ hasChanges: false, forkPoint: { hash: galutu.hash } })
    const record = JSON.parse(await readFile(path.join(defs, 'hailin/.daiban/upstream.json'), 'utf8'))
    expect(record).toEqual({ id: 'galutu', path: '../galutu', version: galutu.version, hash: galutu.hash })
    expect(clockOf(JSON.parse(await readFile(path.join(defs, 'hailin/.daiban/base/deadlines.json'), 'utf8')), 'handling_multi_department').days).toBe(25)
    // Nothing new upstream: a merge is refused.
    expect((await boss.post('/api/designer/schemes/hailin/upstream/merge').send({})).status).toBe(409)
  })

  it('refuses a merge whose result does not validate, leaving the draft as it was', async () => {
    const boss = as.gboss!
    // Upstream moves on again …
    await editDraft(boss, 'galutu', 'deadlines.json', (d) => {
      clockOf(d, 'handling_village').days = 4
    })
    expect((await boss.post('/api/designer/schemes/galutu/draft/publish').send({ note: '村级 4 日' })).status).toBe(201)
    // The fork's draft: a broken deadlines file the merge would have to keep.
    await editDraft(boss, 'hailin', 'deadlines.json', (d) => {
      clockOf(d, 'handling_major').unit = 'fortnight'
    })
    const before = (await boss.get('/api/designer/schemes/hailin/draft')).body
    const u = (await boss.get('/api/designer/schemes/hailin/upstream')).body
    expect(u.plan.problems.length).toBeGreaterThan(0)
    const m = await boss.post('/api/designer/schemes/hailin/upstream/merge').send({})
    expect(m.status).toBe(422)
    expect(m.body.code).toBe('SCHEME_INVALID')
    const after = (await boss.get('/api/designer/schemes/hailin/draft')).body
    expect(after.files).toEqual(before.files)
    expect((await boss.delete('/api/designer/schemes/hailin/draft')).status).toBe(200)
  })
})

describe('duty lists a town’s own staff', () => {
  it('galutu’s contacts, public notice and roster hold galutu staff only, never a wulan-only account', async () => {
    const contacts = await as.root!.get('/api/duty/galutu/contacts')
    expect(contacts.status, JSON.stringify(contacts.body)).toBe(200)
    const names = (contacts.body.items as Array<{ username: string }>).map((p) => p.username)
    expect(names).toEqual(expect.arrayContaining(['gofficer', 'both', 'root']))
    for (const wulanOnly of ['wofficer', 'wvillage', 'wleader', 'wadmin']) expect(names).not.toContain(wulanOnly)
    // a wulan-only account is not galutu's to give an office phone
    expect((await as.root!.put('/api/duty/galutu/contacts/wofficer').send({ officePhone: '0477-1234567' })).status).toBe(404)
    const notice = JSON.stringify((await request(app).get('/api/public/galutu/notice')).body)
    expect(notice).not.toContain('wofficer')
    const roster = await as.root!.post('/api/duty/galutu/roster/2026-03').send({})
    expect(roster.status, JSON.stringify(roster.body)).toBe(201)
    const rostered = new Set((roster.body.days as Array<{ shifts: Record<string, string[]> }>).flatMap((d) => Object.values(d.shifts).flat()))
    for (const wulanOnly of ['wofficer', 'wvillage', 'wleader', 'wadmin']) expect(rostered.has(wulanOnly)).toBe(false)
  })
})

describe('reminders per town', () => {
  it('a user of both towns sees both towns’ reminders, or one town’s with ?schemeId=; a one-town officer never the other’s', async () => {
    clock.set('2026-06-30')
    await rt.scheduler.tick()
    const all = await as.root!.get('/api/cases?limit=200')
    const schemeOf = new Map((all.body.items as Array<{ id: string; schemeId: string }>).map((c) => [c.id, c.schemeId]))
    const towns = (r: request.Response) => new Set((r.body.items as Array<{ caseId: string }>).map((x) => schemeOf.get(x.caseId)))
    const has = (r: request.Response, id: string) => (r.body.items as Array<{ caseId: string }>).some((x) => x.caseId === id)
    const both = await as.both!.get('/api/reminders')
    expect(both.status).toBe(200)
    expect(has(both, G.id) && has(both, W.id)).toBe(true)
    expect(towns(both)).toEqual(new Set(['galutu', 'wulan']))
    const onlyW = await as.both!.get('/api/reminders?schemeId=wulan')
    expect(has(onlyW, W.id)).toBe(true)
    expect(towns(onlyW)).toEqual(new Set(['wulan']))
    expect(towns(await as.both!.get('/api/reminders?schemeId=galutu'))).toEqual(new Set(['galutu']))
    expect(towns(await as.wofficer!.get('/api/reminders'))).toEqual(new Set(['wulan']))
    expect((await as.wofficer!.get('/api/reminders?schemeId=galutu')).body.items).toEqual([])
    // acknowledging goes by the same rule: another town's reminder is not found
    const gReminder = (await as.both!.get('/api/reminders?schemeId=galutu&open=1')).body.items.find((x: { caseId: string }) => x.caseId === G.id)
    expect(gReminder).toBeDefined()
    expect((await as.wofficer!.post(`/api/reminders/${encodeURIComponent(gReminder.id)}/ack`)).status).toBe(404)
    expect((await as.both!.get('/api/reminders?schemeId=galutu&open=1')).body.items.map((x: { id: string }) => x.id)).toContain(gReminder.id)
    expect((await as.both!.post(`/api/reminders/${encodeURIComponent(gReminder.id)}/ack`)).status).toBe(200)
    expect((await as.both!.get('/api/reminders?schemeId=galutu&open=1')).body.items.map((x: { id: string }) => x.id)).not.toContain(gReminder.id)
  })
})
