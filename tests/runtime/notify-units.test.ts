/**
 * A 处置单 reaches the unit it is sent to (issue #18 §3): the workflow's DISPATCH declares a notice
 * `to: ["units"]`, and the accounts holding a unit-scoped grant of a unit newly on the case get it —
 * not the staff of units that were already on it, nor another unit's, nor the sender.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Client, type Harness } from './harness'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as { units: Array<{ id: string; name: string }> }
const workflow = JSON.parse(readFileSync('definitions/galutu/workflow.json', 'utf8'))
const dispatch = Object.values(
  workflow.machines as Record<string, { events: Record<string, { form?: string; notify?: Array<{ to: string[]; message: string }> }> }>,
)
  .flatMap((m) => Object.entries(m.events))
  .find(([, e]) => e.form === 'disposal')!
const [DISPATCH, dispatchEvent] = dispatch
const notice = dispatchEvent.notify!.find((n) => n.to.includes('units'))!
// two units of the org (not the bodies above the town): the case goes to A, then to A and B
const [A, B, C] = org.units
  .filter((u) => !/banner|city|town/.test(u.id))
  .slice(0, 3)
  .map((u) => u.id) as [string, string, string]

let h: Harness
const staff = new Map<string, Client>()
const inbox = async (u: string) => (await staff.get(u)!.get('/api/my/notifications')).body.items as Array<{ number: string; message: string }>

beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
  for (const [name, unit] of [
    ['dept-a', A],
    ['dept-b', B],
    ['dept-c', C],
  ] as const)
    staff.set(name, await h.as(name, [{ role: 'department_officer', scheme: 'galutu', unit }]))
})
afterAll(async () => h.close())

describe('a 处置单 sent to a unit tells that unit’s staff', () => {
  it('the workflow declares it (DISPATCH notify to units)', () => {
    expect(DISPATCH).toBeTruthy()
    expect(notice.message).toContain('{number}')
  })

  it('the unit sent to hears once; a unit added later hears then; a unit not sent to never', async () => {
    const r = await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const { id, number } = r.body as { id: string; number: string }
    const send = async (units: string[]) => {
      const d = await h.http.post(`/api/cases/${id}/events`).send({ type: DISPATCH, form: { sentOn: '2026-03-02', units, matter: '核实' } })
      expect(d.status, JSON.stringify(d.body)).toBe(200)
    }
    const expected = notice.message.replaceAll('{number}', number)
    await send([A])
    expect((await inbox('dept-a')).filter((n) => n.number === number).map((n) => n.message)).toEqual([expected])
    expect(await inbox('dept-b')).toEqual([])
    await send([A, B])
    expect((await inbox('dept-a')).filter((n) => n.number === number)).toHaveLength(1)
    expect((await inbox('dept-b')).map((n) => n.message)).toEqual([expected])
    expect(await inbox('dept-c')).toEqual([])
  })
})
