/**
 * Issue 16 §4: 复查/复核 is decided by the higher body (附件2 七（三）), not by any town officer.
 * The table (tests/cases/review-roles.json) is driven over HTTP against the real definitions;
 * the invariant below holds for every shipped scheme: no role that concludes a case decides its review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Harness } from './harness'
import { loadSchemeDir } from '../../runtime/schemes/files'

interface Row {
  name: string
  level: string
  to: 'review' | 'bannerReview' | 'reReview'
  event: string
  grant: Record<string, string>
  status: number
}
const table = JSON.parse(readFileSync('tests/cases/review-roles.json', 'utf8')) as { rows: Row[] }
const CATEGORY: Record<string, string> = { village: '邻里小纠纷', town: '道路建设', major: '规划建设' }

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-03-02', officers: ['李四'] })
})
afterAll(async () => h.close())

/** A case of the row's level brought to the row's state by the all-roles account. */
async function caseIn(row: Row): Promise<{ id: string; version: number }> {
  h.clock.set('2026-03-02')
  const form = intake({
    level: row.level,
    category: CATEGORY[row.level],
    officer: '李四',
    ...(row.level === 'major' ? { solutionSettledOn: '2026-03-02' } : {}),
  })
  const c = await h.http.post('/api/cases').send({ form })
  expect(c.status, JSON.stringify(c.body)).toBe(201)
  const send = async (type: string, f: Record<string, unknown>) => {
    const r = await h.http.post(`/api/cases/${c.body.id}/events`).send({ type, form: f })
    expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(200)
    return r.body
  }
  await send('CONCLUDE', { concludedOn: '2026-03-02', result: '已办理', resolved: false })
  let v = await send('FEEDBACK', { method: '电话', toldOn: '2026-03-02', satisfied: false, reviewRequested: true })
  expect(v.state).toBe(row.level === 'village' ? 'review' : 'bannerReview')
  if (row.to === 'reReview') {
    await send(row.level === 'village' ? 'REVIEW_DECISION' : 'BANNER_REVIEW_DECISION', {
      body: row.level === 'village' ? 'town_station' : 'banner_center',
      upheld: false,
      opinion: '维持',
    })
    v = await send('REQUEST_REREVIEW', { requestedOn: '2026-03-02' })
  }
  expect(v.state).toBe(row.to)
  return { id: v.id, version: v.version }
}

describe('issue 16: review and re-review are decided by the higher body', () => {
  it.each(table.rows.map((r) => [r.name, r] as const))('%s', async (_n, row) => {
    const c = await caseIn(row)
    const who = await h.as(`u_${row.grant.role}_${row.grant.village ?? ''}`, [row.grant as never])
    const r = await who.post(`/api/cases/${c.id}/events`).send({ type: row.event, form: { body: 'banner_center', upheld: false, opinion: '维持' } })
    expect(r.status, JSON.stringify(r.body)).toBe(row.status)
    const after = (await h.http.get(`/api/cases/${c.id}`)).body
    expect(after.version).toBe(row.status === 200 ? c.version + 1 : c.version)
  })
})

describe('issue 16: no role that handles a case decides its review (every shipped scheme)', () => {
  it.each(['definitions/galutu', 'definitions/wulan'])('%s', async (dir) => {
    const s = (await loadSchemeDir(dir)).scheme!
    const events = s.machineDefs.get('case')!.events
    const handlers = new Set(events.CONCLUDE!.roles ?? [])
    for (const ev of ['REVIEW_DECISION', 'BANNER_REVIEW_DECISION', 'REREVIEW_DECISION']) {
      const roles = events[ev]?.roles ?? []
      expect(roles.length, ev).toBeGreaterThan(0)
      for (const r of roles) expect(handlers.has(r), `${ev} by ${r}`).toBe(false)
    }
    // the banner centre decides the town's reviews and every re-review, and handles nothing
    expect(events.BANNER_REVIEW_DECISION!.roles).toEqual(['banner_reviewer'])
    expect(events.REREVIEW_DECISION!.roles).toEqual(['banner_reviewer'])
    for (const [name, e] of Object.entries(events)) if (!/REVIEW_DECISION$/.test(name)) expect(e.roles ?? [], name).not.toContain('banner_reviewer')
  })
})
