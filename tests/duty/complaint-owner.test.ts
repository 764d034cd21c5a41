/**
 * A complaint's owner is one rule on both paths: named at registration (POST /api/duty/:id/complaints
 * `owner`) or assigned later through the case events (the supervision's assign event, ASSIGN_COMPLAINT
 * in Galutu's duty.json): an active officer account serving the complaint's village
 * (runtime/cases/officer-check.ts). Whoever may not be chosen is refused with the same message on
 * both, in Chinese and in English, and a refused registration writes no complaint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'

let h: DutyHarness
let assignEvent = ''
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-03-02' })
  const scheme = await h.duty.scheme('galutu')
  assignEvent = scheme.defs.duty!.supervision!.assignEvent!
}, 180_000)
afterAll(async () => h?.close())

const form = { complainant: '孙某', via: '意见箱', content: '代办员答复不及时', receivedOn: '2026-03-02' }

/** Who may not own a complaint, and the code the check gives (tests/cases/duty/people.json: assessor1 holds only the assessor role) */
const REFUSED = [
  { owner: 'assessor1', code: 'NOT_AN_OFFICER' },
  { owner: 'nobody-here', code: 'UNKNOWN_ACCOUNT' },
]

const complaintCount = async () => (await (await h.user()).get('/api/duty/galutu/complaints')).body.items.length as number

describe('the owner of a complaint', () => {
  for (const lang of ['zh', 'en'] as const) {
    it.each(REFUSED)(`$owner is refused at registration and on the assign event with the same message (${lang})`, async ({ owner, code }) => {
      const c = await h.user()
      const before = await complaintCount()
      const atRegister = await c.post('/api/duty/galutu/complaints').set('accept-language', lang).send({ form, owner })
      expect(atRegister.status, JSON.stringify(atRegister.body)).toBe(422)
      expect(await complaintCount(), 'a refused registration writes nothing').toBe(before)

      const made = await c.post('/api/duty/galutu/complaints').send({ form })
      expect(made.status, JSON.stringify(made.body)).toBe(201)
      const atAssign = await c
        .post(`/api/cases/${made.body.id}/events`)
        .set('accept-language', lang)
        .send({ type: assignEvent, form: { officer: owner }, expectedVersion: made.body.version })
      expect(atAssign.status, JSON.stringify(atAssign.body)).toBe(422)

      expect(atRegister.body.message).toBe(atAssign.body.message)
      expect(atRegister.body.fields[0]).toMatchObject({ field: 'owner', code })
      expect(atAssign.body.fields[0]).toMatchObject({ code })
      expect(atRegister.body.fields[0].message).toBe(atAssign.body.fields[0].message)
      if (lang === 'en') expect(atRegister.body.message).toMatch(/[A-Za-z]/)
    })
  }

  it('an officer is accepted on both paths', async () => {
    const c = await h.user()
    const r = await c.post('/api/duty/galutu/complaints').send({ form, owner: 'officer_a' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.summary.officer).toBe('officer_a')
    const made = await c.post('/api/duty/galutu/complaints').send({ form })
    const a = await c.post(`/api/cases/${made.body.id}/events`).send({ type: assignEvent, form: { officer: 'officer_a' }, expectedVersion: made.body.version })
    expect(a.status, JSON.stringify(a.body)).toBe(200)
  })
})
