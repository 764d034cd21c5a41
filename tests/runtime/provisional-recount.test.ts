/**
 * A due date counted on the provisional 2027 (statutory days only) is counted again when the
 * published schedule replaces it and the case is migrated: migrate-cases lists the change in its
 * dry run and makes it; dates in published years and stopped clocks are left as promised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { harness, intake, type Harness } from './harness'
import { migrateCases } from '../../runtime/cases/migrate'
import type { CalendarDefinition } from '../../engine'

let h: Harness
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-provisional-'))
  await cp('definitions/galutu', dir, { recursive: true })
  h = await harness({ start: '2026-12-28', schemeDirs: [dir], officers: ['李四'] })
})
afterAll(async () => {
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

describe('publishing the year a provisional calendar stood for', () => {
  it('recounts the running provisional due dates on migration, and only those', async () => {
    // town level, accepted Monday 2026-12-28: 15 working days on the provisional 2027
    const c = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', level: 'town', receivedOn: '2026-12-28' }) })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const before = c.body.summary.dueDate as string
    expect(before.startsWith('2027-')).toBe(true)
    const cal = JSON.parse(await readFile(path.join(dir, 'calendar.json'), 'utf8')) as CalendarDefinition
    expect(cal.years['2027']!.provisional).toBe(true)
    // a village case due within 2026 keeps its date whatever 2027 becomes
    const v = await h.http.post('/api/cases').send({ form: intake({ officer: '李四', level: 'village', receivedOn: '2026-12-24' }) })
    expect(v.body.summary.dueDate).toBe('2026-12-31')

    // The State Council publishes 2027: say New Year is 01-01..03 with 01-04 (Mon) off too, no 调休.
    cal.years['2027'] = {
      holidays: [...cal.years['2027']!.holidays, { date: '2027-01-04', name: '元旦' }].sort((a, b) => a.date.localeCompare(b.date)),
      workdays: [],
    }
    await writeFile(path.join(dir, 'calendar.json'), JSON.stringify(cal, null, 2))
    const scheme = JSON.parse(await readFile(path.join(dir, 'scheme.json'), 'utf8'))
    await writeFile(path.join(dir, 'scheme.json'), JSON.stringify({ ...scheme, version: '1.0.1' }, null, 2))
    expect(await h.rt.schemes.syncFolders([dir])).toEqual([])
    const target = await h.rt.schemes.latest('galutu')
    const published = await h.rt.schemes.get('galutu', target.hash)
    expect(published.calendar.isProvisional(before)).toBe(false)
    const expected = published.calendar.addDays('2026-12-28', 15, 'workday')
    expect(expected).not.toBe(before)

    const dry = await migrateCases(h.rt, { schemeId: 'galutu', caseIds: [c.body.id, v.body.id], dryRun: true, actor: 't' })
    expect(dry[0]!.changes).toContainEqual({ field: 'clocks.handling_town.dueDate', from: before, to: expected })
    expect(dry[1]!.changes.filter((x) => x.field.startsWith('clocks.'))).toEqual([])
    expect((await h.http.get(`/api/cases/${c.body.id}`)).body.summary.dueDate).toBe(before)

    const run = await migrateCases(h.rt, { schemeId: 'galutu', caseIds: [c.body.id, v.body.id], dryRun: false, actor: 't' })
    expect(run.map((x) => x.status)).toEqual(['migrated', 'migrated'])
    const after = (await h.http.get(`/api/cases/${c.body.id}`)).body
    expect(after.summary.dueDate).toBe(expected)
    expect(after.context.clocks.handling_town.dueDate).toBe(expected)
    expect(after.context.decision.dueDate).toBe(expected)
    expect((await h.http.get(`/api/cases/${v.body.id}`)).body.summary.dueDate).toBe('2026-12-31')
    // the case still moves on from its migrated state
    const next = await h.http.post(`/api/cases/${c.body.id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-12-28', units: ['pingan'], matter: 'm' } })
    expect(next.status, JSON.stringify(next.body)).toBe(200)
  })
})
