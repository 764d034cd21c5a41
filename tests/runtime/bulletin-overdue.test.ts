/**
 * One definition of overdue across the server (issue #18 "Must be right"): a case due tomorrow is
 * not overdue in the running month's bulletin, the dashboard, the case list or my tasks; from
 * 00:00 Asia/Shanghai after its due date (16:00 UTC) it is, in all four at once. A finished month's
 * bulletin counts as of its last day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../engine'
import { harness, intake, type Harness } from './harness'

let h: Harness
let due: string
let village: string
beforeAll(async () => {
  h = await harness({ start: '2026-03-02' })
  const r = await h.http.post('/api/cases').send({ form: intake({ officer: 'officer1' }) })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  due = r.body.summary?.dueDate ?? r.body.dueDate
  village = intake().village as string
  expect(due, JSON.stringify(r.body).slice(0, 400)).toMatch(/^2026-03-\d\d$/)
})
afterAll(async () => h.close())

async function counts() {
  const b = await h.http.get('/api/reports/galutu/bulletin?period=2026-03')
  expect(b.status, JSON.stringify(b.body)).toBe(200)
  const dash = await h.http.get('/api/reports/galutu/dashboard?period=2026-03')
  expect(dash.status).toBe(200)
  const list = await h.http.get('/api/cases?overdue=1&limit=1')
  const tasks = await h.http.get('/api/my/tasks')
  const row = b.body.rows.find((x: { village: string }) => x.village === village)
  const linked = await h.http.get(`${row.links.overdue}&limit=1`)
  return {
    asOf: b.body.asOf as string,
    bulletin: row.overdue as number,
    bulletinLink: linked.body.total as number,
    dashboard: dash.body.total.overdue as number,
    list: list.body.total as number,
    tasks: tasks.body.counts.overdue as number,
    tasksSoon: tasks.body.counts.dueSoon as number,
  }
}

describe('overdue as of the Asia/Shanghai day', () => {
  it('the evening before the due date (23:30 in Shanghai): due soon, overdue nowhere', async () => {
    h.clock.set(`${addCalendarDays(due, -1)}T23:30:00+08:00`)
    const c = await counts()
    expect(c).toMatchObject({ asOf: addCalendarDays(due, -1), bulletin: 0, bulletinLink: 0, dashboard: 0, list: 0, tasks: 0, tasksSoon: 1 })
  })
  it('the due date itself, 23:59 in Shanghai (15:59 UTC): still not overdue', async () => {
    h.clock.set(`${due}T15:59:00Z`)
    expect(await counts()).toMatchObject({ asOf: due, bulletin: 0, dashboard: 0, list: 0, tasks: 0, tasksSoon: 1 })
  })
  it('00:00 in Shanghai the next day (16:00 UTC, the same UTC date): overdue everywhere', async () => {
    h.clock.set(`${due}T16:00:00Z`)
    expect(await counts()).toMatchObject({ asOf: addCalendarDays(due, 1), bulletin: 1, bulletinLink: 1, dashboard: 1, list: 1, tasks: 1, tasksSoon: 0 })
  })
  it('a finished month counts as of its last day', async () => {
    h.clock.set('2026-04-15T10:00:00+08:00')
    const b = await h.http.get('/api/reports/galutu/bulletin?period=2026-03')
    expect(b.body.asOf).toBe('2026-03-31')
    expect(b.body.rows.find((x: { village: string }) => x.village === village).overdue).toBe(1)
    const feb = await h.http.get('/api/reports/galutu/bulletin?period=2026-02')
    expect(feb.body.asOf).toBe('2026-02-28')
  })
})
