/**
 * decide()'s fast path (#20): the facts merged with Object.assign, rule set results cached whole
 * when their reasons read only the facts of the key, the calendar's day table. Each case here
 * fails when that shortcut changes a result: a cached result shared between decisions, a reason
 * filled once for every input, an own `__proto__` key let through to the facts, a day table
 * answering outside the calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CalendarError, decide, type CompiledScheme, type Decision } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { GALUTU_DIR, makeScheme, removeTempSchemes } from '../helpers/scheme'

let galutu: CompiledScheme
/** Facts of a proxied, routed, timed matter: the first village, level and two groups' first categories of the definitions. */
let base: Record<string, unknown>
let otherCategory: string
let otherVillage: string

async function decided(scheme: CompiledScheme, input: unknown): Promise<Decision> {
  const r = await decide(scheme, input)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.decision
}

beforeAll(async () => {
  galutu = (await loadSchemeDir(GALUTU_DIR)).scheme!
  const org = galutu.defs.org
  base = { village: org.villages[0]!.name, receivedOn: '2026-03-02', category: org.groups[0]!.categories[0], level: org.levels[0]!.id, acceptsProxy: true }
  otherCategory = org.groups[1]!.categories[0]!
  otherVillage = org.villages[1]!.name
})
afterAll(removeTempSchemes)

describe('decide() on repeated facts', () => {
  it('gives equal decisions that share nothing a caller may change', async () => {
    const a = await decided(galutu, base)
    a.reasons.push('changed by a caller')
    a.trace.pop()
    const b = await decided(galutu, base)
    expect(b.reasons).not.toContain('changed by a caller')
    expect(b.trace.map((t) => t.ruleSet)).toEqual(['triage', 'routing', 'levels', 'escalation'])
    expect(b).toEqual(await decided(galutu, { ...base }))
  })

  it('fills a routing reason with each decision’s own category, though the rule set’s result is cached', async () => {
    const one = await decided(galutu, base)
    const other = await decided(galutu, { ...base, category: otherCategory })
    expect(one.groupId).not.toBe(other.groupId)
    expect(one.reasons.join('\n')).toContain(`“${String(base.category)}”`)
    expect(other.reasons.join('\n')).toContain(`“${otherCategory}”`)
    expect(other.reasons.join('\n')).not.toContain(`“${String(base.category)}”`)
  })

  it('fills a reason whose placeholder is not a fact of the rule set on every call (no whole-result cache)', async () => {
    // the triage rules read only the yes/no facts; a reason naming the village must still follow the input
    const dir = await makeScheme([{ op: 'set', file: 'rules.json', pointer: '/ruleSets/0/default/reason', value: '代办（{village}）' }])
    const scheme = (await loadSchemeDir(dir)).scheme!
    const first = await decided(scheme, base)
    const second = await decided(scheme, { ...base, village: otherVillage })
    expect(first.reasons[0]).toBe(`代办（${String(base.village)}）`)
    expect(second.reasons[0]).toBe(`代办（${otherVillage}）`)
  })

  it('refuses an own __proto__ key of the input, naming it (never the facts’ prototype)', async () => {
    // ajv lets `__proto__` through unevaluatedProperties (its evaluated-props object inherits one): the fast path checks for it
    const { village: _, ...noVillage } = base
    const input = JSON.parse(`{"__proto__": {"village": "不在名录的村"}, ${JSON.stringify(noVillage).slice(1)}`) as Record<string, unknown>
    expect(Object.prototype.hasOwnProperty.call(input, '__proto__')).toBe(true)
    const r = await decide(galutu, input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => p.pointer)).toEqual(['/__proto__'])
    expect(({} as Record<string, unknown>).village).toBeUndefined()
  })

  it('counts the due date from the received date on the day table, and refuses one past the calendar', async () => {
    const d = await decided(galutu, base)
    expect(d.dueDate).toBe(galutu.calendar.addWorkdays(base.receivedOn as string, galutu.clocks.get(d.clock!)!.days))
    const late = await decide(galutu, { ...base, receivedOn: '2099-01-05' })
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.problems.map((p) => [p.code, p.pointer])).toEqual([['CALENDAR_NOT_COVERED', '/receivedOn']])
  })
})

describe('the calendar day table', () => {
  it('answers as the date arithmetic does inside the calendar, and refuses outside it', () => {
    const cal = galutu.calendar
    expect(cal.covered(cal.from)).toBe(true)
    expect(cal.covered(cal.to)).toBe(true)
    expect(cal.covered('2026-02-30')).toBe(false)
    expect(cal.covered(20260302)).toBe(false)
    expect(cal.addCalendarDays('2026-02-27', 2)).toBe('2026-03-01')
    expect(cal.addCalendarDays(cal.to, 0)).toBe(cal.to)
    expect(() => cal.addCalendarDays(cal.to, 1)).toThrow(CalendarError)
    expect(() => cal.addCalendarDays('2026-02-30', 1)).toThrow(CalendarError)
    // every working day of the table is one working day after the one before it
    let day = '2026-01-05'
    for (let i = 0; i < 300; i++) {
      const next = cal.addWorkdays(day, 1)
      expect(cal.isWorkday(next)).toBe(true)
      expect(cal.workdaysBetween(day, next)).toBe(1)
      day = next
    }
  })
})
