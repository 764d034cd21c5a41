/**
 * The due-soon window is the scheme's (deadlines.json `dueSoonDays`), not a number in the code: a
 * copy of definitions/galutu with a wider window than Galutu's own lists a case as due soon that
 * Galutu's window leaves out — in the case list's "due soon" filter (dueSoon=true), the 临期 queue,
 * my tasks' count, and GET /api/schemes/:id (the staff app's label reads it there). A window out of
 * range is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { harness, intake, type Harness } from './harness'
import { addCalendarDays } from '../../engine'
import { daysUntil, dueSoonDaysOf } from '../../engine/calendar/due'
import { listFilter } from '../../runtime/reports/case-filters'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { deadlinesSchema } from '../../engine/scheme/schemas/deadlines'

let tmp: string
let h: Harness
let own: number
let wide: number
let number = ''
let dueDate = ''

async function schemeCopy(name: string, dueSoonDays: unknown): Promise<string> {
  const dir = path.join(tmp, name, 'galutu')
  await cp('definitions/galutu', dir, { recursive: true })
  const file = path.join(dir, 'deadlines.json')
  const def = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  await writeFile(file, JSON.stringify({ ...def, dueSoonDays }, null, 2))
  return dir
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-due-soon-'))
  own = dueSoonDaysOf(JSON.parse(await readFile('definitions/galutu/deadlines.json', 'utf8')))
  wide = own + 4
  h = await harness({ schemeDirs: [await schemeCopy('wide', wide)] })
  const r = await h.http.post('/api/cases').send({ form: intake({ officer: 'officer1' }) })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  number = r.body.summary.number
  dueDate = r.body.summary.dueDate
  // the clock moves to where the case is due in own + 2 days: inside the wide window, outside Galutu's
  const left = own + 2
  expect(daysUntil(dueDate, '2026-03-02'), 'the case must be due far enough ahead').toBeGreaterThanOrEqual(left)
  h.clock.set(addCalendarDays(dueDate, -left))
}, 120_000)

afterAll(async () => {
  await h?.close()
  await rm(tmp, { recursive: true, force: true })
})

const numbers = (body: { items: Array<{ number: string }> }) => body.items.map((i) => i.number)

describe("a scheme's own due-soon window", () => {
  it("definitions/galutu declares its window, the schema's default", async () => {
    const def = JSON.parse(await readFile('definitions/galutu/deadlines.json', 'utf8')) as { dueSoonDays?: number }
    expect(def.dueSoonDays).toBe(deadlinesSchema.properties.dueSoonDays.default)
  })

  it('GET /api/schemes/:id tells the staff app the window', async () => {
    const r = await h.http.get('/api/schemes/galutu')
    expect(r.status).toBe(200)
    expect(r.body.dueSoonDays).toBe(wide)
  })

  it("the case list's due-soon filter (dueSoon=true) uses the scheme's window; a number of days stays that number", async () => {
    const soon = await h.http.get('/api/cases?dueSoon=true')
    expect(soon.status, JSON.stringify(soon.body)).toBe(200)
    expect(numbers(soon.body)).toContain(number)
    const narrow = await h.http.get(`/api/cases?dueSoon=${own}`)
    expect(numbers(narrow.body)).not.toContain(number)
  })

  it('the 临期 queue and my tasks count it as due soon', async () => {
    const q = await h.http.get('/api/schemes/galutu/queues')
    expect(q.status, JSON.stringify(q.body)).toBe(200)
    const dueSoon = (q.body.queues as Array<{ id: string; items: Array<{ number: string; due: string }> }>).find((x) => x.id === 'dueSoon')
    expect(dueSoon?.items.map((i) => i.number)).toContain(number)
    const tasks = await h.http.get('/api/my/tasks')
    expect(tasks.status).toBe(200)
    expect(tasks.body.counts.dueSoon).toBe(1)
  })

  it("listFilter: true is the scheme's window, a number its own, 0 / false none", () => {
    const today = '2026-03-10'
    expect(listFilter({ dueSoon: 'true' }, today, wide).dueOnOrBefore).toBe(addCalendarDays(today, wide))
    expect(listFilter({ dueSoon: 'true' }, today).dueOnOrBefore).toBe(addCalendarDays(today, own))
    expect(listFilter({ dueSoon: '2' }, today, wide).dueOnOrBefore).toBe(addCalendarDays(today, 2))
    expect(listFilter({ dueSoon: 'false' }, today, wide).dueOnOrBefore).toBeUndefined()
  })
})

describe('a window out of range', () => {
  it.each([[-1], [61], [1.5], ['3']])('dueSoonDays %j is refused naming the field', async (bad) => {
    const r = await loadSchemeDir(await schemeCopy(`bad-${String(bad)}`, bad))
    expect(r.scheme).toBeFalsy()
    expect(
      r.problems.some((p) => p.file?.endsWith('deadlines.json') && p.pointer === '/dueSoonDays'),
      JSON.stringify(r.problems),
    ).toBe(true)
  })
})
