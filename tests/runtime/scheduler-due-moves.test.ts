/**
 * The scheduler reads only the cases that can be due (#20): a case whose due date moves (its clock
 * paused and resumed) is judged by its new date — nothing on the day the old date would have
 * warned, its 临期 on the first day of the new warning window, not the day before — and a case
 * due far ahead is not read at all until its window comes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四', '王五'] })
})
afterAll(async () => h.close())

describe('scheduler: a moved due date', () => {
  it('warns on the right day for the new due date, not the old one', async () => {
    const scheme = await h.rt.schemes.get('galutu', (await h.rt.schemes.latest('galutu')).hash)
    const cal = scheme.calendar
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-02' }) })
    expect(c.status).toBe(201)
    const clockId = c.body.summary.clocks[0].clock as string
    const warn = scheme.clocks.get(clockId)!.warnBefore
    const oldDue = c.body.summary.dueDate as string
    // first day of the old warning window
    const firstWarn = (due: string) => {
      let d = '2026-03-02'
      while (cal.workdaysBetween(d, due) > warn) d = cal.addCalendarDays(d, 1)
      return d
    }
    expect(await h.rt.scheduler.tick()).toEqual([])

    // paused for a few days, then resumed: the due date moves later
    const pause = await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'PAUSE_CLOCK', form: { reason: 'awaiting_materials' } })
    expect(pause.status).toBe(200)
    h.clock.set(cal.addWorkdays('2026-03-02', 3))
    const resume = await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'RESUME_CLOCK', form: {} })
    expect(resume.status).toBe(200)
    const newDue = resume.body.summary.dueDate as string
    expect(newDue > oldDue).toBe(true)
    expect(firstWarn(newDue) > firstWarn(oldDue)).toBe(true)

    // the old date's first warning day: nothing (the old date is gone)
    expect(firstWarn(oldDue) >= cal.addWorkdays('2026-03-02', 3)).toBe(true)
    h.clock.set(firstWarn(oldDue))
    expect(await h.rt.scheduler.tick()).toEqual([])
    // the day before the new window: nothing; its first day: 临期 naming the new date
    h.clock.set(cal.addCalendarDays(firstWarn(newDue), -1))
    expect(await h.rt.scheduler.tick()).toEqual([])
    h.clock.set(firstWarn(newDue))
    const soon = await h.rt.scheduler.tick()
    expect(soon.map((r) => [r.caseId, r.kind, r.dueDate])).toEqual([[c.body.id, 'due_soon', newDue]])
    expect(await h.rt.scheduler.tick()).toEqual([])
  })

  it('does not read a case due far ahead, and reads it once its window comes', async () => {
    h.clock.set('2026-04-01')
    const seen: string[][] = []
    const store = h.rt.store
    // the scheduler reads through readSummaries where the store offers it, else allSummaries
    const orig = store.allSummaries.bind(store)
    const origShared = store.readSummaries?.bind(store)
    store.allSummaries = async (filter) => {
      const r = await orig(filter)
      seen.push(r.map((s) => s.id))
      return r
    }
    if (origShared)
      store.readSummaries = async (filter) => {
        const r = await origShared(filter)
        seen.push(r.map((s) => s.id))
        return r
      }
    try {
      const far = await h.http.post('/api/cases').send({ form: intake({ officer: '王五', receivedOn: '2026-04-01', level: 'town' }) })
      expect(far.status).toBe(201)
      const due = far.body.summary.dueDate as string
      expect(typeof due).toBe('string')
      seen.length = 0
      await h.rt.scheduler.tick()
      expect(seen.flat()).not.toContain(far.body.id)
      h.clock.set(due)
      seen.length = 0
      const r = await h.rt.scheduler.tick()
      expect(seen.flat()).toContain(far.body.id)
      expect(r.filter((x) => x.caseId === far.body.id).map((x) => x.kind)).toEqual(['due_soon'])
    } finally {
      store.allSummaries = orig
      if (origShared) store.readSummaries = origShared
    }
  })
})
