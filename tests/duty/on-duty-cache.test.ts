/**
 * Who is on duty, as registration's officer check reads it (RosterService.onDutyNames): the stored
 * roster's day, kept in memory per scheme and date — a second registration reads no roster — and
 * current after every roster write: a swap on this instance, and one made through another instance's
 * service on the same store (the version document). Registration names a cadre on duty although they
 * hold no officer role; once swapped off, they are refused and the one who took the shift is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, type DutyHarness } from './harness'
import { intake } from '../runtime/harness'
import { RosterService } from '../../runtime/duty/roster'

const TODAY = '2026-03-02'
let h: DutyHarness
let other: RosterService
let cadre = ''
let spare = ''
let shift = ''

/** Counts the roster documents read from the store from now on (restore() ends it) */
function rosterReads() {
  const store = h.rt.store
  const getDoc = store.getDoc.bind(store)
  let n = 0
  store.getDoc = (async (key: string) => {
    if (key.includes('/roster/')) n++
    return getDoc(key)
  }) as typeof store.getDoc
  return { count: () => n, restore: () => (store.getDoc = getDoc) }
}

beforeAll(async () => {
  h = await dutyHarness({ start: TODAY })
  const made = await (await h.user()).post(`/api/duty/galutu/roster/${TODAY.slice(0, 7)}`).send({})
  expect(made.status, JSON.stringify(made.body)).toBe(201)
  const day = (made.body.days as Array<{ date: string; shifts: Record<string, string[]> }>).find((d) => d.date === TODAY)!
  shift = Object.keys(day.shifts).find((s) => made.body.eligible[s].length > day.shifts[s]!.length)!
  cadre = day.shifts[shift]![0]!
  spare = (made.body.eligible[shift] as string[]).find((u) => !Object.values(day.shifts).flat().includes(u))!
  // another server instance on the same store
  other = new RosterService(h.rt.store, (id) => h.duty.people(id))
}, 180_000)
afterAll(async () => h?.close())

const register = async (officer: string) => (await h.user()).post('/api/cases').send({ form: intake({ officer, receivedOn: TODAY }) })

describe('the names on duty, cached until a roster write', () => {
  it("are the roster day's, and a second read reads no roster", async () => {
    const names = await h.duty.roster.onDutyNames('galutu', TODAY)
    expect(names).toContain(cadre)
    expect(names).not.toContain(spare)
    const reads = rosterReads()
    try {
      expect(await h.duty.roster.onDutyNames('galutu', TODAY)).toEqual(names)
      expect(reads.count()).toBe(0)
    } finally {
      reads.restore()
    }
    expect(await other.onDutyNames('galutu', TODAY)).toEqual(names)
  })

  it('registration accepts the cadre on duty as the officer (no officer role), once the roster is cached without reading it again', async () => {
    const first = await register(cadre)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const reads = rosterReads()
    try {
      const again = await register(cadre)
      expect(again.status, JSON.stringify(again.body)).toBe(201)
      expect(reads.count()).toBe(0)
    } finally {
      reads.restore()
    }
    const notOnDuty = await register(spare)
    expect(notOnDuty.status, 'someone off duty with no officer role').toBe(422)
    expect(notOnDuty.body.fields[0]).toMatchObject({ code: 'NOT_AN_OFFICER' })
  })

  it('a swap is seen at once, here and on the other instance, and by registration', async () => {
    expect(await other.onDutyNames('galutu', TODAY)).toContain(cadre)
    const s = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: TODAY, shift, from: cadre, to: spare, reason: '病假' })
    expect(s.status, JSON.stringify(s.body)).toBeLessThan(300)
    for (const svc of [h.duty.roster, other]) {
      const names = await svc.onDutyNames('galutu', TODAY)
      expect(names).toContain(spare)
      expect(names).not.toContain(cadre)
    }
    expect((await register(spare)).status).toBe(201)
    expect((await register(cadre)).status).toBe(422)
  })

  it('a swap through the other instance is seen here', async () => {
    await h.duty.roster.onDutyNames('galutu', TODAY)
    const scheme = await h.duty.scheme('galutu')
    await other.swap(scheme, { date: TODAY, shift, from: spare, to: cadre, reason: '销假' }, 'officer1', new Date().toISOString())
    expect(await h.duty.roster.onDutyNames('galutu', TODAY)).toContain(cadre)
    expect((await register(cadre)).status).toBe(201)
  })

  it('a date not in the form YYYY-MM-DD is refused naming the field', async () => {
    await expect(h.duty.roster.onDutyNames('galutu', '2026-3-2')).rejects.toMatchObject({ code: 'INVALID_INPUT', problems: [{ pointer: '/date' }] })
  })
})
