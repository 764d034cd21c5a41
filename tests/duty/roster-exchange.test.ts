/**
 * A shift exchange across two months changes two roster documents: each month's half is checked
 * and applied atomically against that month's current roster (store.updateDoc), in month order.
 * When the second month changed in between (another instance's swap landing between the two
 * updates), the exchange is refused and the first month's half is undone: no half swap is left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutyHarness, PEOPLE, type DutyHarness } from './harness'
import { RosterService, type Roster } from '../../runtime/duty'
import type { Store } from '../../runtime/store'
import { ServiceError } from '../../runtime/errors'

const LEADS = PEOPLE.accounts
  .filter((a) => a.grants.some((g) => g.role === 'shift_leader'))
  .map((a) => a.username)
  .sort()

let h: DutyHarness
beforeAll(async () => {
  h = await dutyHarness({ start: '2026-04-01' })
  for (const m of ['2026-04', '2026-05']) expect((await (await h.user()).post(`/api/duty/galutu/roster/${m}`).send({})).status).toBe(201)
})
afterAll(async () => h.close())

const roster = async (m: string) => (await h.rt.store.getDoc<Roster>(`duty/galutu/roster/${m}`))!
const lead = (r: Roster, date: string) => r.days.find((d) => d.date === date)!.shifts.lead!

/** The last April day and a May day whose shift leaders differ (so they can exchange). */
async function pair(skip = 0) {
  const apr = await roster('2026-04')
  const may = await roster('2026-05')
  const a = apr.days[apr.days.length - 1 - skip]!
  const x = a.shifts.lead![0]!
  const b = may.days.find((d) => d.shifts.lead![0] !== x)!
  return { a: a.date, x, b: b.date, y: b.shifts.lead![0]! }
}

describe('an exchange across two months', () => {
  it('changes both months, each recording the same swap', async () => {
    const p = await pair()
    const r = await (await h.user()).post('/api/duty/galutu/swaps').send({ date: p.a, otherDate: p.b, shift: 'lead', from: p.x, to: p.y, reason: '互换' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const [apr, may] = [await roster('2026-04'), await roster('2026-05')]
    expect(lead(apr, p.a)).toEqual([p.y])
    expect(lead(may, p.b)).toEqual([p.x])
    expect(apr.swaps.map((s) => s.id)).toEqual([r.body.id])
    expect(may.swaps.map((s) => s.id)).toEqual([r.body.id])
  })

  it('is refused, and its first half undone, when the second month changed between the two updates', async () => {
    const p = await pair(1)
    const z = LEADS.find((u) => u !== p.x && u !== p.y)!
    const before = await roster('2026-04')
    // Another instance replaces the May day's leader just before this exchange updates May.
    let raced = false
    const store = new Proxy(h.rt.store, {
      get(target, prop, recv) {
        if (prop !== 'updateDoc') return Reflect.get(target, prop, recv)
        return async (key: string, fn: (cur: unknown) => unknown) => {
          if (key === 'duty/galutu/roster/2026-05' && !raced) {
            raced = true
            await target.updateDoc<Roster>(key, (r) => ({
              ...r!,
              days: r!.days.map((d) => (d.date === p.b ? { ...d, shifts: { ...d.shifts, lead: [z] } } : d)),
            }))
          }
          return target.updateDoc(key, fn)
        }
      },
    }) as Store
    const svc = new RosterService(store, (id) => h.duty.people(id))
    const scheme = await h.duty.scheme('galutu')
    const err = await svc
      .swap(scheme, { date: p.a, otherDate: p.b, shift: 'lead', from: p.x, to: p.y, reason: '互换' }, 'officer1', h.clock.now().toISOString())
      .catch((e: unknown) => e)
    expect(raced).toBe(true)
    expect(err).toBeInstanceOf(ServiceError)
    expect((err as ServiceError).problems?.[0]).toMatchObject({ code: 'NOT_ON_DUTY', pointer: '/to' })
    // April is as it was (the half applied first was undone); May keeps the other instance's change.
    expect(await roster('2026-04')).toEqual(before)
    expect(lead(await roster('2026-05'), p.b)).toEqual([z])
    expect((await h.rt.store.listAllAudit()).filter((a) => a.action === 'duty.roster.swap')).toHaveLength(1)
  })
})
