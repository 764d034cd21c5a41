/**
 * Reminders are stored in both languages (issue #18 §6): each case and duty reminder carries a
 * messageEn naming the clock or obligation by the definitions' nameEn and the period by its English
 * name; the officer's notice carries it too. Chinese in messageEn is only data without English
 * (the villages' names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Harness } from './harness'
import type { Reminder } from '../../runtime/store'
import { parseDutyPeriod } from '../../runtime/duty'

const defs = (f: string) => JSON.parse(readFileSync(`definitions/galutu/${f}.json`, 'utf8'))
const clocks = new Map<string, string>((defs('deadlines').clocks as Array<{ id: string; nameEn: string }>).map((c) => [c.id, c.nameEn]))
const obligations = new Map((defs('duty').obligations as Array<{ id: string; nameEn: string; every: 1 | 2 | 3 | 4 | 6 | 12 }>).map((o) => [o.id, o]))
const villages = defs('org').villages as Array<{ id: string; name: string }>
const HAN = /\p{Script=Han}+/gu

describe('reminders in English', () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness({ start: '2026-12-01', officers: [{ username: 'en_officer', displayName: 'en_officer' }] })
  })
  afterAll(async () => h.close())

  it("a case's due-soon, overdue and urging reminders and its notices have English text", async () => {
    const c = (await h.http.post('/api/cases').send({ form: intake({ village: '团结社区', receivedOn: '2026-12-01', officer: 'en_officer' }) })).body
    const raised: Reminder[] = []
    for (const day of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      h.clock.set(day)
      raised.push(...(await h.rt.scheduler.tick()).filter((r) => r.caseId === c.id))
    }
    expect(new Set(raised.map((r) => r.kind))).toEqual(new Set(['due_soon', 'overdue', 'urge']))
    for (const r of raised) {
      expect(r.messageEn, r.id).toContain(`"${clocks.get(r.clock)}"`)
      expect(r.messageEn).toContain(c.number)
      expect(r.messageEn).toContain(r.dueDate)
      expect(r.messageEn!.match(HAN), r.messageEn).toBeNull()
      expect(r.message).toMatch(HAN)
    }
    const listed = (await h.http.get(`/api/reminders?caseId=${c.id}`)).body.items as Reminder[]
    expect(listed.map((r) => r.messageEn).sort()).toEqual(raised.map((r) => r.messageEn).sort())
    const inbox = (await h.rt.channels.notifications.list('en_officer')).filter((n) => n.caseId === c.id && n.kind !== 'assigned')
    expect(inbox.map((n) => n.messageEn).sort()).toEqual(raised.map((r) => r.messageEn).sort())
  })

  it("a duty task's reminder names the obligation and the period in English", async () => {
    h.clock.set('2026-12-01')
    const raised = await h.rt.duty.tick()
    expect(raised.length).toBeGreaterThan(0)
    for (const r of raised) {
      const ob = obligations.get(r.clock)!
      const [, , , periodId, villageId] = r.caseId.split(':')
      const period = parseDutyPeriod(ob.every, periodId!)!
      const village = villages.find((v) => v.id === villageId)
      expect(r.messageEn, r.id).toContain(`${ob.nameEn} (${period.nameEn}${village ? `, ${village.name}` : ''})`)
      const han = r.messageEn!.match(HAN) ?? []
      expect(
        han.every((run) => village?.name.includes(run)),
        r.messageEn,
      ).toBe(true)
    }
  })
})
