/**
 * Security review (issue #15), the audit log and accounts: findings 2 (petitioners' ID numbers and
 * phones in audit entries), 11 (the audit log scoped by scheme), 12 (publish, rollback, fork, draft
 * discard and account changes in the hash-chained log) and 10 (weak passwords). One server runs
 * galutu and wulan (tests/runtime/harness.ts); officer1 holds every role in every scheme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, signIn, TEST_PASSWORD, type Client, type Harness } from './harness'
import { verifyAuditChain } from '../../runtime/store/audit-chain'
import { main } from '../../runtime/cli/main'
import type { AuditEntry } from '../../runtime/store'

const WULAN_INTAKE = JSON.parse(readFileSync('tests/cases/wulan/intake.json', 'utf8')) as Record<string, unknown>
const PHONE = '13812345678'
const ID_NUMBER = '150626198001011234'

let h: Harness
let A: { id: string; number: string }
let W: { id: string; number: string }
/** galutu only: reads every galutu case, audits galutu, no case.pii */
let gAuditor: Client
/** wulan only */
let wAuditor: Client

type Entry = AuditEntry & { masked?: true }
const items = (r: { body: { items: Entry[] } }) => r.body.items
const all = () => h.rt.store.listAllAudit()

beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan'], officers: ['李四'] })
  const a = await h.http.post('/api/cases').send({ schemeId: 'galutu', form: intake({ phone: PHONE, idNumber: ID_NUMBER }) })
  expect(a.status, JSON.stringify(a.body)).toBe(201)
  A = a.body
  const w = await h.http.post('/api/cases').send({ schemeId: 'wulan', form: { ...WULAN_INTAKE, phone: '13900001111' } })
  expect(w.status, JSON.stringify(w.body)).toBe(201)
  W = w.body
  gAuditor = await h.as('g-auditor', [{ role: 'auditor' }])
  wAuditor = await h.as('w-auditor', [{ role: 'auditor', scheme: 'wulan' }])
})
afterAll(async () => h.close())

describe('review finding 2: ID numbers and phones in the audit log', () => {
  it("a case's audit entries are masked for a reader without case.pii, as the case view is", async () => {
    const view = await gAuditor.get(`/api/cases/${A.id}`)
    expect(view.body.context.facts.phone).toBe('138****5678')
    const r = await gAuditor.get(`/api/cases/${A.id}/audit`)
    expect(r.status).toBe(200)
    const created = items(r).find((e) => e.action === 'create')!
    // the petitioner's name is sensitive too (issue 16, 附件2 二（二） 保密性)
    expect(created.changes).toMatchObject({ form: { phone: '138****5678', idNumber: expect.stringMatching(/^150\*+1234$/), petitionerName: '****' } })
    expect(created.masked).toBe(true)
    expect(JSON.stringify(r.body)).not.toContain(PHONE)
    expect(JSON.stringify(r.body)).not.toContain(ID_NUMBER)
  })

  it('GET /api/audit masks them too', async () => {
    const r = await gAuditor.get(`/api/audit?caseId=${A.id}`)
    expect(r.status).toBe(200)
    expect(items(r).some((e) => e.action === 'create')).toBe(true)
    expect(JSON.stringify(r.body)).not.toContain(PHONE)
    expect(JSON.stringify(r.body)).not.toContain(ID_NUMBER)
  })

  it('a reader with case.pii sees them unmasked, and that is recorded as pii.view', async () => {
    const before = (await all()).filter((e) => e.action === 'pii.view').length
    const r = await h.http.get(`/api/cases/${A.id}/audit`)
    expect(items(r).find((e) => e.action === 'create')!.changes).toMatchObject({ form: { phone: PHONE, idNumber: ID_NUMBER } })
    const views = (await all()).filter((e) => e.action === 'pii.view')
    expect(views).toHaveLength(before + 1)
    expect(views.at(-1)).toMatchObject({
      actor: 'officer1',
      caseId: A.id,
      schemeId: 'galutu',
      changes: { fields: ['idNumber', 'petitionerName', 'phone'], via: 'case-audit' },
    })
    const log = await h.http.get(`/api/audit?caseId=${A.id}&action=create`)
    expect(JSON.stringify(log.body)).toContain(PHONE)
    expect((await all()).filter((e) => e.action === 'pii.view').at(-1)).toMatchObject({ actor: 'officer1', caseId: A.id, changes: { via: 'audit' } })
  })

  it('entries without sensitive values record no pii.view', async () => {
    // every registration holds the petitioner's name (sensitive since issue 16): read only the later event
    const plain = (await h.http.post('/api/cases').send({ form: intake({ phone: undefined, officer: '李四' }) })).body
    expect(
      (await h.http.post(`/api/cases/${plain.id}/events`).send({ type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '尽快办理' } })).status,
    ).toBe(200)
    const before = (await all()).length
    const r = await h.http.get(`/api/audit?caseId=${plain.id}&action=event`)
    expect(items(r).length).toBeGreaterThan(0)
    expect((await all()).length).toBe(before)
  })
})

describe('review finding 11: the audit log scoped by scheme', () => {
  beforeAll(async () => {
    // wulan's people and their records: an account, a sign-in, a failed sign-in, a duty record
    expect(
      (await h.http.post('/api/accounts').send({ username: 'w-officer', password: TEST_PASSWORD, grants: [{ role: 'town_officer', scheme: 'wulan' }] })).status,
    ).toBe(201)
    await signIn(h.app, 'w-officer')
    expect((await h.anon.post('/api/auth/login').send({ username: 'w-officer', password: 'not the password at all' })).status).toBe(401)
    expect((await h.http.put('/api/duty/wulan/contacts/w-officer').send({ officePhone: '0479-1234567' })).status).toBe(200)
    // galutu's: an account and its sign-in
    expect((await h.http.post('/api/accounts').send({ username: 'g-officer', password: TEST_PASSWORD, grants: [{ role: 'town_officer' }] })).status).toBe(201)
    await signIn(h.app, 'g-officer')
    // about no scheme: a failed sign-in with an unknown name
    expect((await h.anon.post('/api/auth/login').send({ username: 'nobody-at-all', password: 'whatever it is' })).status).toBe(401)
  })

  const mentions = (e: Entry, who: string) => e.actor === who || JSON.stringify(e.changes ?? null).includes(`"${who}"`)

  it("a galutu-only auditor sees none of wulan's sign-ins, account changes, duty records or cases", async () => {
    const seen = items(await gAuditor.get('/api/audit?limit=500'))
    expect(seen.filter((e) => mentions(e, 'w-officer'))).toEqual([])
    expect(seen.filter((e) => e.action.startsWith('duty.'))).toEqual([])
    expect(seen.filter((e) => e.caseId === W.id)).toEqual([])
    expect(seen.filter((e) => e.actor === 'nobody-at-all')).toEqual([])
    // …but galutu's own
    expect(seen.some((e) => e.action === 'auth.signin' && e.actor === 'g-officer')).toBe(true)
    expect(seen.some((e) => e.action === 'account.create' && mentions(e, 'g-officer'))).toBe(true)
    expect(seen.some((e) => e.caseId === A.id)).toBe(true)
  })

  it("a wulan auditor sees wulan's and not galutu's", async () => {
    const seen = items(await wAuditor.get('/api/audit?limit=500'))
    expect(seen.some((e) => e.action === 'auth.signin' && e.actor === 'w-officer')).toBe(true)
    expect(seen.some((e) => e.action === 'auth.failed' && e.actor === 'w-officer')).toBe(true)
    expect(seen.some((e) => e.action === 'duty.contact')).toBe(true)
    expect(seen.some((e) => e.caseId === W.id)).toBe(true)
    expect(seen.filter((e) => mentions(e, 'g-officer') || e.caseId === A.id)).toEqual([])
  })

  it('entries about no scheme only for auditors of every scheme', async () => {
    expect(items(await h.http.get('/api/audit?actor=nobody-at-all'))).toHaveLength(1)
    expect(items(await wAuditor.get('/api/audit?actor=nobody-at-all'))).toHaveLength(0)
  })

  it('entries name their schemes, and the chain stays whole', async () => {
    const log = await all()
    expect(log.find((e) => e.action === 'auth.signin' && e.actor === 'w-officer')?.schemeId).toBe('wulan')
    expect(log.find((e) => e.action === 'duty.contact')?.schemeId).toBe('wulan')
    expect(log.find((e) => e.action === 'create' && e.caseId === W.id)?.schemeId).toBe('wulan')
    expect(verifyAuditChain(log)).toMatchObject({ ok: true })
    // the scheme is hashed with the entry: moving it to another town breaks the chain
    const moved = log.map((e) => (e.action === 'duty.contact' ? { ...e, schemeId: 'galutu' } : e))
    expect(verifyAuditChain(moved).ok).toBe(false)
  })

  it('older entries without a scheme: by their case, else only for auditors of every scheme', async () => {
    await h.rt.store.appendAudit([
      { at: '2026-03-02T08:00:00.000Z', actor: 'legacy-case', caseId: A.id, action: 'event' },
      { at: '2026-03-02T08:00:00.000Z', actor: 'legacy-none', caseId: null, action: 'auth.signin', changes: { client: '10.0.0.1' } },
    ])
    expect(items(await gAuditor.get('/api/audit?actor=legacy-case'))).toHaveLength(1)
    expect(items(await wAuditor.get('/api/audit?actor=legacy-case'))).toHaveLength(0)
    expect(items(await gAuditor.get('/api/audit?actor=legacy-none'))).toHaveLength(0)
    expect(items(await h.http.get('/api/audit?actor=legacy-none'))).toHaveLength(1)
  })
})

describe('review finding 12: scheme and account changes in the hash-chained log', () => {
  const last = async (action: string) => (await all()).filter((e) => e.action === action).at(-1)
  const draftFile = async (file: string) =>
    ((await h.http.get('/api/designer/schemes/galutu/draft')).body.files as Array<{ file: string; text: string }>).find((f) => f.file === file)!.text
  const setVillageDays = (text: string, days: number) => {
    const d = JSON.parse(text) as { clocks: Array<{ id: string; days: number }> }
    d.clocks.find((c) => c.id === 'handling_village')!.days = days
    return JSON.stringify(d, null, 2) + '\n'
  }

  it('publish: who, the scheme, the versions and the files changed (scheme.json: the version bumped)', async () => {
    expect(
      (await h.http.put('/api/designer/schemes/galutu/draft/files/deadlines.json').send({ text: setVillageDays(await draftFile('deadlines.json'), 4) })).status,
    ).toBe(200)
    const pub = await h.http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '村级时限改为4个工作日' })
    expect(pub.status, JSON.stringify(pub.body)).toBe(201)
    expect(await last('scheme.publish')).toMatchObject({
      actor: 'officer1',
      schemeId: 'galutu',
      changes: {
        version: { seq: 2, hash: pub.body.version.hash },
        from: { seq: 1 },
        note: '村级时限改为4个工作日',
        files: [
          { file: 'deadlines.json', status: 'changed' },
          { file: 'scheme.json', status: 'changed' },
        ],
      },
    })
  })

  it('rollback: the version rolled back to', async () => {
    const rb = await h.http.post('/api/designer/schemes/galutu/rollback').send({ to: '1', note: '恢复' })
    expect(rb.status, JSON.stringify(rb.body)).toBe(201)
    expect(await last('scheme.rollback')).toMatchObject({
      actor: 'officer1',
      schemeId: 'galutu',
      changes: {
        to: { seq: 1 },
        from: { seq: 2 },
        version: { seq: 3 },
        note: '恢复',
        files: [
          { file: 'deadlines.json', status: 'changed' },
          { file: 'scheme.json', status: 'changed' },
        ],
      },
    })
  })

  it('draft discard: what was thrown away', async () => {
    await h.http.put('/api/designer/schemes/galutu/draft/files/deadlines.json').send({ text: setVillageDays(await draftFile('deadlines.json'), 6) })
    expect((await h.http.delete('/api/designer/schemes/galutu/draft')).status).toBe(200)
    expect(await last('scheme.draft.discard')).toMatchObject({
      actor: 'officer1',
      schemeId: 'galutu',
      changes: { updatedBy: 'officer1', files: expect.arrayContaining(['deadlines.json']) },
    })
  })

  it('fork: both schemes', async () => {
    const r = await h.http.post('/api/designer/schemes/wulan/fork').send({ id: 'audit-fork', town: '审计镇', prefix: 'SJZ' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(await last('scheme.fork')).toMatchObject({ actor: 'officer1', schemeId: ['audit-fork', 'wulan'] })
  })

  it('account create, update, disable, password change and reset: who, the schemes, what changed — never a password', async () => {
    const newPw = 'another quite long passphrase'
    const resetPw = 'reset by the admin, 2026!'
    expect(
      (
        await h.http
          .post('/api/accounts')
          .send({ username: 'acct-x', displayName: '甲', password: TEST_PASSWORD, grants: [{ role: 'town_officer', scheme: 'wulan' }] })
      ).status,
    ).toBe(201)
    expect(await last('account.create')).toMatchObject({
      actor: 'officer1',
      schemeId: 'wulan',
      changes: { username: 'acct-x', grants: [{ role: 'town_officer', scheme: 'wulan' }] },
    })
    expect((await h.http.patch('/api/accounts/acct-x').send({ displayName: '甲乙', grants: [{ role: 'town_officer' }] })).status).toBe(200)
    expect(await last('account.update')).toMatchObject({
      actor: 'officer1',
      schemeId: ['galutu', 'wulan'],
      changes: {
        username: 'acct-x',
        displayName: { from: '甲', to: '甲乙' },
        grants: { from: [{ role: 'town_officer', scheme: 'wulan' }], to: [{ role: 'town_officer' }] },
      },
    })
    const x = await signIn(h.app, 'acct-x')
    expect((await x.post('/api/auth/password').send({ oldPassword: TEST_PASSWORD, newPassword: newPw })).status).toBe(200)
    expect(await last('auth.password')).toMatchObject({ actor: 'acct-x', schemeId: 'galutu' })
    await h.rt.accounts.resetPassword('acct-x', resetPw, 'officer1')
    expect(await last('account.password.reset')).toMatchObject({ actor: 'officer1', schemeId: 'galutu', changes: { username: 'acct-x' } })
    expect((await x.get('/api/auth/me')).status).toBe(401) // a reset ends the account's sessions
    expect((await h.http.patch('/api/accounts/acct-x').send({ disabled: true })).status).toBe(200)
    expect(await last('account.disable')).toMatchObject({
      actor: 'officer1',
      schemeId: 'galutu',
      changes: { username: 'acct-x', disabled: { from: false, to: true } },
    })
    const text = JSON.stringify(await all())
    for (const secret of [TEST_PASSWORD, newPw, resetPw, 'scrypt', '"salt"']) expect(text).not.toContain(secret)
    expect(verifyAuditChain(await all()).ok).toBe(true)
  })
})

describe('review finding 10: weak passwords', () => {
  const create = (username: string, password: string, lang = 'zh-CN') =>
    h.http
      .post('/api/accounts')
      .set('accept-language', lang)
      .send({ username, password, grants: [{ role: 'town_officer' }] })

  it('refuses password12 and Password1! with a Chinese message naming the field, English on en', async () => {
    for (const pw of ['password12', 'Password1!', 'qwertyuiop', 'short']) {
      const r = await create('weak-user', pw)
      expect(r.status, pw).toBe(422)
      expect(r.body.fields[0]).toMatchObject({ field: 'password', code: 'WEAK_PASSWORD', message: expect.stringMatching(/密码/) })
    }
    const en = await create('weak-user', 'Password1!', 'en')
    expect(en.body.fields[0].message).toMatch(/too easy to guess/)
    expect(en.body.message).toMatch(/too easy to guess/)
    expect(await h.rt.accounts.get('weak-user')).toBeNull()
  })

  it('refuses a password made of the user name', async () => {
    expect((await create('zhangwei', 'zhangwei2026')).status).toBe(422)
  })

  it('accepts a long unpredictable one', async () => {
    expect((await create('strong-user', 'quiet river lamp 2026!')).status).toBe(201)
  })

  it('on password change, reset and first-start setup too', async () => {
    const u = await signIn(h.app, 'strong-user', 'quiet river lamp 2026!')
    const change = await u.post('/api/auth/password').send({ oldPassword: 'quiet river lamp 2026!', newPassword: 'Password1!' })
    expect(change.status).toBe(422)
    expect(change.body.fields[0]).toMatchObject({ field: 'newPassword', code: 'WEAK_PASSWORD' })
    await expect(h.rt.accounts.resetPassword('strong-user', 'password12', 'officer1')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const fresh = await harness()
    try {
      await fresh.rt.store.putDoc('accounts-index', [])
      const token = await fresh.rt.accounts.setupToken()
      const weak = await fresh.anon.post('/api/auth/setup').send({ token, username: 'boss', password: 'password12' })
      expect(weak.status).toBe(422)
      expect(weak.body.fields[0]).toMatchObject({ field: 'password', code: 'WEAK_PASSWORD' })
      expect((await fresh.anon.post('/api/auth/setup').send({ token, username: 'boss', password: 'a long enough password' })).status).toBe(201)
    } finally {
      await fresh.close()
    }
  })

  it('in the CLI: `daiban user add` and `daiban user passwd`', async () => {
    await h.rt.close()
    try {
      const run = async (argv: string[], stdin: string) => {
        const out: string[] = []
        const code = await main([...argv, '--data', h.dir], { out: (s) => out.push(s), err: (s) => out.push(s), stdin: async () => stdin + '\n' })
        return { code, text: out.join('\n') }
      }
      const weak = await run(['user', 'add', 'cli-weak', '--role', 'town_officer'], 'Password1!')
      expect(weak.code).toBe(2)
      expect(weak.text).toContain('密码太容易被猜到')
      expect((await run(['user', 'passwd', 'strong-user'], 'password12')).code).toBe(2)
      const ok = await run(['user', 'passwd', 'strong-user'], 'a brand new passphrase')
      expect(ok.code, ok.text).toBe(0)
    } finally {
      await h.reopen()
    }
    expect((await h.anon.post('/api/auth/login').send({ username: 'strong-user', password: 'a brand new passphrase' })).status).toBe(200)
    expect((await all()).filter((e) => e.action === 'account.password.reset').at(-1)).toMatchObject({ actor: 'cli', changes: { username: 'strong-user' } })
  })
})
