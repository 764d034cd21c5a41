// @vitest-environment jsdom
/**
 * Review finding 14: an unfinished form kept in the browser belongs to its user, never holds the
 * fields the form marks x-sensitive, and goes when its user signs out. Checked with the real
 * Galutu forms.
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FormDef, SessionInfo } from '../../runtime/web/src/api'
import { clearDrafts, draftKey, readDraft, withoutSensitive, writeDraft } from '../../runtime/web/kit/drafts'
import { signedIn, signedOut } from '../../runtime/web/src/session'

const forms = (file: string) => (JSON.parse(readFileSync(`definitions/galutu/${file}`, 'utf8')) as { forms: FormDef[] }).forms
const intake = forms('forms-intake.json').find((f) => f.id === 'intake')!
const withPhone = forms('forms-handling.json').find((f) => Object.values(f.schema.properties ?? {}).some((p) => p['x-sensitive'] === true))!

const ID_NUMBER = '150626198001011234'
const PHONE = '13812345678'
const typed = { petitionerName: '张三', idNumber: ID_NUMBER, phone: PHONE, village: '团结社区', summary: '养老保险待遇未发放' }

const session = (username: string): SessionInfo =>
  ({
    user: { username, displayName: username, grants: [] },
    csrfToken: 't',
    can: {},
    schemes: [{ id: 'galutu', name: '嘎鲁图镇', can: {} }],
  }) as unknown as SessionInfo

/** Everything in both storages, as one text: what the next person at this computer could read. */
const everything = () => JSON.stringify([{ ...localStorage }, { ...sessionStorage }])

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => signedOut(true))

describe('review finding 14: drafts per user, without sensitive fields, cleared on sign-out', () => {
  it('the intake form marks the ID number and the phone sensitive (and the name, issue 16), and a stored draft leaves them out', () => {
    expect(intake.schema.properties?.idNumber?.['x-sensitive']).toBe(true)
    expect(intake.schema.properties?.petitionerName?.['x-sensitive']).toBe(true)
    const key = draftKey('zhangsan', 'register', 'galutu')
    writeDraft('local', key, typed, intake.schema)
    expect(readDraft('local', key)).toEqual({ village: '团结社区', summary: '养老保险待遇未发放' })
    expect(everything()).not.toContain('张三')
    expect(everything()).not.toContain(ID_NUMBER)
    expect(everything()).not.toContain(PHONE)
  })

  it("a case action draft (session storage) leaves out the handling form's phone", () => {
    const field = Object.entries(withPhone.schema.properties ?? {}).find(([, p]) => p['x-sensitive'] === true)![0]
    const key = draftKey('zhangsan', 'case', 'c1', 'RECORD')
    writeDraft('session', key, { [field]: PHONE, note: 'x' }, withPhone.schema)
    expect(readDraft('session', key)).not.toHaveProperty(field)
    expect(everything()).not.toContain(PHONE)
  })

  it('sensitive fields nested in objects, arrays and oneOf branches are left out too', () => {
    const schema = {
      type: 'object',
      properties: {
        people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, idNumber: { type: 'string', 'x-sensitive': true } } } },
        contact: { type: 'object', properties: { phone: { type: 'string', 'x-sensitive': true }, address: { type: 'string' } } },
      },
      oneOf: [{ properties: { kind: { const: 'a' }, secret: { type: 'string', 'x-sensitive': true } } }],
    }
    const data = { people: [{ name: '甲', idNumber: ID_NUMBER }], contact: { phone: PHONE, address: '一号' }, kind: 'a', secret: 's', other: 1 }
    expect(withoutSensitive(schema, data)).toEqual({ people: [{ name: '甲' }], contact: { address: '一号' }, kind: 'a', other: 1 })
    expect(data.contact.phone).toBe(PHONE) // the form's own data is not changed
  })

  it("one user's draft is not another's: the key holds the username, and no username is another's prefix", () => {
    writeDraft('local', draftKey('zhangsan', 'register', 'galutu'), typed, intake.schema)
    expect(readDraft('local', draftKey('lisi', 'register', 'galutu'))).toBeNull()
    expect(draftKey('a', 'register', 'x')).not.toBe(draftKey('a.register', 'x'))
    writeDraft('local', draftKey('a.b', 'register', 'galutu'), { summary: 'b' }, intake.schema)
    clearDrafts('a')
    expect(readDraft('local', draftKey('a.b', 'register', 'galutu'))).toEqual({ summary: 'b' })
  })

  it("signing out removes the user's drafts (both storages) and nobody else's; an expired session keeps them", () => {
    const mine = draftKey('zhangsan', 'register', 'galutu')
    const mineCase = draftKey('zhangsan', 'case', 'c1', 'DISPATCH')
    const theirs = draftKey('lisi', 'register', 'galutu')
    signedIn(session('zhangsan'))
    writeDraft('local', mine, typed, intake.schema)
    writeDraft('session', mineCase, { matter: 'm' }, undefined)
    writeDraft('local', theirs, { summary: '李四的' }, intake.schema)

    signedOut(true) // the session expired: the same user finds the draft after signing in again
    expect(readDraft('local', mine)).not.toBeNull()

    signedIn(session('zhangsan'))
    signedOut() // signing out on purpose
    expect(readDraft('local', mine)).toBeNull()
    expect(readDraft('session', mineCase)).toBeNull()
    expect(readDraft('local', theirs)).toEqual({ summary: '李四的' })
  })

  it('the shared drafts of older versions (ID number included) are removed at the next sign-in', () => {
    localStorage.setItem('daiban.draft.register.galutu', JSON.stringify(typed))
    sessionStorage.setItem('daiban.draft.case.c1.DISPATCH', JSON.stringify({ phone: PHONE }))
    localStorage.setItem('daiban.scheme', 'galutu')
    signedIn(session('lisi'))
    expect(everything()).not.toContain(ID_NUMBER)
    expect(everything()).not.toContain(PHONE)
    expect(localStorage.getItem('daiban.scheme')).toBe('galutu') // other settings stay
  })
})
