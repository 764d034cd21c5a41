/**
 * /api/health warns staff (the workspace shows it as a banner) when the working-day calendar will
 * not cover the next 90 days, or when those days reach a provisional year (the State Council has
 * not published its holiday schedule yet). The horizon comes from the real Galutu calendar.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { harness, type Harness } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const calendarOf = async (x: Harness) => (await x.rt.schemes.get('galutu', (await x.rt.schemes.latest('galutu')).hash)).calendar

const warnings = async (today: string) => {
  h = await harness({ start: today })
  const r = await h.anon.get('/api/health')
  expect(r.status).toBe(200)
  const cal = await calendarOf(h)
  return { list: r.body.warnings as string[], provisional: cal.provisionalYears, to: cal.to }
}

describe('calendar warnings', () => {
  it('none while the next 90 days are in published years', async () => {
    const w = await warnings('2026-03-02')
    expect(w.list.filter((x) => x.includes('日历'))).toEqual([])
  })

  it('a provisional year within 90 days is named, with how to replace it', async () => {
    const w = await warnings('2026-11-25')
    expect(w.provisional.length).toBeGreaterThan(0)
    const msg = w.list.find((x) => x.includes('暂定'))
    expect(msg).toBeDefined()
    for (const y of w.provisional) expect(msg).toContain(y)
    expect(msg).toContain('calendar-seed')
  })

  it('past the calendar’s end within 90 days: supply the next year', async () => {
    const { to } = await warnings('2026-03-02')
    await h!.close()
    const w = await warnings(`${to.slice(0, 4)}-11-25`)
    expect(w.list.some((x) => x.includes(`只到 ${to}`))).toBe(true)
  })
})
