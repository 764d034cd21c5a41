/**
 * localDate keeps the date of the last minute it was asked for (formatToParts is the dear part of a
 * transition's "today"): the cases of tests/cases/local-dates.json, asked in order, cross that
 * minute's edges in several zones (half-hour and 45-minute offsets, DST changes, a zone whose
 * offset had seconds in 1970); and a sweep of instants compared with Intl itself.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { localDate } from '../../engine/calendar/date'

const table = JSON.parse(readFileSync('tests/cases/local-dates.json', 'utf8')) as { cases: Array<{ instant: string; timeZone: string; date: string }> }

const reference = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)

describe('localDate', () => {
  it('answers each case of the table, asked in order', () => {
    for (const c of table.cases) expect(localDate(new Date(c.instant), c.timeZone), `${c.instant} ${c.timeZone}`).toBe(c.date)
  })

  it('agrees with Intl over a sweep of instants around local midnights, in several zones', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC']
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 4000; i++) {
      const zone = zones[i % zones.length]!
      // near a whole hour, where the local dates change, ± up to two minutes
      const base = Date.UTC(2026, 0, 1) + (next() % 730) * 86_400_000 + (next() % 24) * 3_600_000 + (next() % 4) * 900_000
      const at = new Date(base + (next() % 240_000) - 120_000)
      expect(localDate(at, zone), `${at.toISOString()} ${zone}`).toBe(reference(at, zone))
    }
  })

  it('refuses an invalid instant as Intl does', () => {
    expect(() => localDate(new Date(NaN))).toThrow(RangeError)
  })
})
